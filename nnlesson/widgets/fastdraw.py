"""Four drawing shortcuts for FigureView frames at pixel ratio 2, where matplotlib's own way is slow.

    image = PixelImage(ax, origin="lower", extent=...); ax.add_image(image); image.set_data(rgba)
    sprites = TextSprites(); sprites.draw(text, renderer)      # FigureView.cache_text() does this
    label = GlyphText.add(ax, x, y, "0.705", ha="center")      # a number that changes every frame
    label = LayoutText.add(ax, x, y, "z = 0.21", ha="center")  # ax.text, laid out once per look

PixelImage: an image that fills its axes (a classifier's regions, a probability map) is copied
cell by cell straight into the canvas, nearest neighbour as `imshow(..., interpolation="nearest")`:
about 1 ms instead of matplotlib's 8–14 ms resampling of a 2× picture.

TextSprites: matplotlib takes about 1 ms to lay out, rasterize and blend one label at 2×, and a
diagram full of numbers redraws 15–20 of them per frame although most are as they were. So when
a Text artist is drawn, the canvas pixels it can touch are kept twice: as they were before
(what lay under it) and as it left them. The next time it is drawn with the same string, place
and look over the same pixels, the pixels it left are pasted: exactly the picture matplotlib
would draw, in about 0.05 ms. A label whose number changed, or whose background changed (a
faded edge under it), is drawn as usual, and remembered.

GlyphText: for a label whose string changes on every frame (a probability under a slider),
TextSprites never hits; GlyphText pastes it together from cached glyph bitmaps instead (about
0.1 ms), for plain one-line text; anything else falls back to matplotlib. Use TextSprites for a
figure full of labels that mostly repeat, GlyphText for the few that always change.

LayoutText: a Text that keeps its layout (lines measured, box placed) per string and look, instead
of laying itself out two or three times on every draw: exactly matplotlib's pixels, sooner (the
backprop diagram's labels; GlyphText's; every text of fastfigure's redraws, by `kept_layout`).
"""

from __future__ import annotations

import math
import weakref
from collections import OrderedDict

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import RendererAgg, get_hinting_flag
from matplotlib.colors import to_rgb, to_rgba
from matplotlib.ft2font import RenderMode
from matplotlib.image import AxesImage
from matplotlib.text import Annotation, Text

from .._validate import whole_number


class PixelImage(AxesImage):
    """An AxesImage (update it with set_data) that, when it fills its axes and holds opaque RGBA
    bytes, is drawn by copying its cells straight into the Agg canvas, nearest neighbour: about
    1 ms for a 100×100 picture instead of matplotlib's 8–14 ms resampling at 2× pixels.
    Anything else (another renderer, a zoomed axes, float data) is drawn by AxesImage as usual."""

    _index = None

    def draw(self, renderer):
        A = self._A
        buffer_rgba = getattr(renderer, "buffer_rgba", None)
        if (not self.get_visible() or buffer_rgba is None or A is None or A.dtype != np.uint8 or A.ndim != 3
                or A.shape[2] != 4 or not np.all(A[..., 3] == 255) or self.origin != "lower"
                or not np.allclose(self.get_extent(), (*self.axes.get_xlim(), *self.axes.get_ylim()))):
            return super().draw(renderer)
        canvas = np.asarray(buffer_rgba())
        x0, y0, x1, y1 = self.axes.bbox.extents          # pixels, y up from the bottom
        top = canvas.shape[0]
        r0, r1 = top - int(round(y1)), top - int(round(y0))
        c0, c1 = int(round(x0)), int(round(x1))
        key = (A.shape[:2], r0, r1, c0, c1)
        if self._index is None or self._index[0] != key:
            n_rows, n_cols = A.shape[:2]
            rows = ((np.arange(r1 - r0)[::-1] + 0.5) * n_rows / (r1 - r0)).astype(np.intp)   # top pixel row: last cell row
            cols = ((np.arange(c1 - c0) + 0.5) * n_cols / (c1 - c0)).astype(np.intp)
            self._index = (key, rows, cols)
        _, rows, cols = self._index
        cells = np.ascontiguousarray(A).view(np.uint32)[..., 0]      # one RGBA pixel as one 32-bit number
        # take() along each axis: the same cells as cells[rows][:, cols], a third sooner
        canvas.view(np.uint32)[r0:r1, c0:c1, 0] = cells.take(rows, axis=0).take(cols, axis=1)
        self.stale = False


def text_key(text, renderer):
    """Everything that decides a Text artist's pixels: its string, where it is drawn (in pixels),
    its alignment, colour, font, clipping, and its box's look; plus the renderer's size and dpi and
    the text rcParams read at draw time (hinting, anti-aliasing). Equal keys: equal pictures."""
    x, y = text.get_transform().transform(text.get_unitless_position())
    patch = text.get_bbox_patch()
    box = None
    if patch is not None:
        style = patch.get_boxstyle()
        # (its mutation scale is the font size in pixels, set when drawn: the key has both)
        box = (to_rgba(patch.get_facecolor()), to_rgba(patch.get_edgecolor()), patch.get_linewidth(),
               patch.get_linestyle(), patch.get_alpha(), patch.get_visible(), patch.get_mutation_aspect(),
               type(style).__name__, tuple(sorted(vars(style).items())))
    font = text.get_fontproperties()
    clip = None
    if text.get_clip_on():   # where it is cut off: its clip box and clip path, in pixels
        box_, path = text.get_clip_box(), text.get_clip_path()
        clip = (None if box_ is None else tuple(box_.bounds),
                None if path is None else tuple(path.get_fully_transformed_path().get_extents().bounds))
    return (clip, text.get_parse_math(), repr(getattr(text, "_features", None)), repr(getattr(text, "_language", None)),
            text.get_text(), round(float(x), 3), round(float(y), 3), text.get_horizontalalignment(),
            text.get_verticalalignment(), text.get_rotation(), text.get_rotation_mode(),
            text.get_transform_rotates_text(), text.get_linespacing(), getattr(text, "_multialignment", None),
            to_rgba(text.get_color()), text.get_alpha(), text.get_antialiased(), tuple(font.get_family()),
            font.get_slant(), font.get_variant(), font.get_weight(), font.get_stretch(), font.get_size(),
            font.get_file(), font.get_math_fontfamily(), tuple(text.get_path_effects()), box,
            renderer.width, renderer.height, renderer.dpi,
            matplotlib.rcParams["text.hinting"], matplotlib.rcParams["text.hinting_factor"],
            matplotlib.rcParams["text.antialiased"])


MARGIN = 2   # pixels around a text's measured extent (and its box's) kept with it
RING = 6     # pixels around that checked, when a text is first drawn, to be untouched by it


class TextSprites:
    """Text drawn once, pasted after (see the module docstring): `draw(text, renderer)` in place
    of `text.draw(renderer)` on an Agg renderer. Keeps the `limit` most recently used sprites;
    `hits` and `misses` count how often a sprite was pasted or the text drawn."""

    def __init__(self, limit=256):
        self.limit = whole_number("limit", limit, 1)
        self._sprites = OrderedDict()   # (text_key, pixels under it) -> its pixels drawn
        self._regions = {}              # text_key -> the canvas region it touches (see _region)
        self.hits = self.misses = 0

    @staticmethod
    def handles(artist):
        """True for the artists drawn as sprites: plain Text, not wrapped, not TeX (an Annotation's
        arrow, a wrapped or TeX text are drawn as usual)."""
        return (isinstance(artist, Text) and not isinstance(artist, Annotation) and not artist.get_wrap()
                and not artist.get_usetex())

    def draw(self, text, renderer):
        """Draw `text` onto `renderer` (Agg): paste the pixels it left last time it was drawn the
        same way over the same pixels, else draw it and remember them."""
        if not self.handles(text):
            return text.draw(renderer)
        if not text.get_visible() or not text.get_text():
            return
        look = text_key(text, renderer)
        box = self._regions.get(look, False)
        if box is False:   # the region follows from the look alone: measured once
            box = self._regions[look] = self._region(text, renderer)
            if len(self._regions) > 4 * self.limit:
                self._regions.clear()
        if box is None:
            return text.draw(renderer)
        r0, r1, c0, c1 = box
        canvas = np.asarray(renderer.buffer_rgba())
        region = canvas[r0:r1, c0:c1]
        key = (look, region.tobytes())
        drawn = self._sprites.get(key, False)
        if drawn is False:
            self.misses += 1
            ring = RING
            outer = canvas[r0 - ring:r1 + ring, c0 - ring:c1 + ring]
            before = outer.copy()
            text.draw(renderer)
            inside = (slice(ring, ring + r1 - r0), slice(ring, ring + c1 - c0))
            before[inside] = outer[inside]
            # None: the text drew past its region (a glyph or box wider than measured): never pasted
            self._sprites[key] = region.copy() if np.array_equal(before, outer) else None
            if len(self._sprites) > self.limit:
                self._sprites.popitem(last=False)   # forget the least recently used
        elif drawn is None:
            text.draw(renderer)
        else:
            self.hits += 1
            self._sprites.move_to_end(key)
            region[...] = drawn
            text.stale = False

    @staticmethod
    def _region(text, renderer):
        """(first row, end row, first column, end column) of the canvas pixels `text` touches:
        its extent (and its box's), grown by MARGIN pixels for anti-aliasing; None if it is not
        all on the canvas, RING pixels in (then it is drawn as usual)."""
        extent = text.get_window_extent(renderer)
        margin = MARGIN
        patch = text.get_bbox_patch()
        if patch is not None and patch.get_visible():
            style = patch.get_boxstyle()
            pad = getattr(style, "pad", None)
            if type(style).__name__ in ("Round", "Square", "Round4") and isinstance(pad, (int, float)):
                # the box: the text's layout box grown by pad × mutation scale, plus its line
                # (Text.draw sets the mutation scale to the font size in pixels)
                font_px = renderer.points_to_pixels(text.get_fontsize())
                margin += pad * font_px + patch.get_linewidth() * renderer.dpi / 72
            else:   # another box style: place the box as Text.draw will, and measure it
                text.update_bbox_position_size(renderer)
                extent = extent.union([extent, patch.get_window_extent(renderer)])
                margin += patch.get_linewidth() * renderer.dpi / 72
        top = renderer.height
        r0, r1 = int(math.floor(top - extent.y1 - margin)), int(math.ceil(top - extent.y0 + margin))
        c0, c1 = int(math.floor(extent.x0 - margin)), int(math.ceil(extent.x1 + margin))
        if (not np.isfinite(extent.extents).all() or r0 < RING or c0 < RING or r1 > top - RING
                or c1 > renderer.width - RING):
            return None
        return r0, r1, c0, c1


# -- text laid out once ----------------------------------------------------------------------
class LayoutText(Text):
    """A Text artist (make it with `LayoutText.add(ax, x, y, text, **kwargs)`, as `ax.text`) that
    keeps its layout: matplotlib lays a text out (measures its lines, places its box) two or three
    times per draw (the box, the text, a sprite's region) and again on every frame, although the
    layout does not depend on where the text is, only on its string, font and alignment. Here it is
    computed once per look and reused: the same layout, so exactly the same pixels."""

    _layouts = {}   # layout_key -> matplotlib's _get_layout (it does not depend on x, y)

    @classmethod
    def add(cls, ax, x, y, text, **kwargs):
        """Like ax.text(x, y, text, **kwargs) (same defaults: baseline, left, data coordinates,
        not clipped), but a LayoutText."""
        artist = cls(x, y, text, **{"verticalalignment": "baseline", "horizontalalignment": "left",
                                    "transform": ax.transData, "clip_on": False, **kwargs})
        if artist.get_clip_path() is None:
            artist.set_clip_path(ax.patch)
        ax._add_text(artist)
        return artist

    def _layout_key(self, renderer):
        """Everything _get_layout reads: the string and how it is parsed, the font, the dpi, the
        alignment, rotation and line spacing, and the renderer (its metrics, read with the hinting
        rcParams in force)."""
        return (self.get_text(), self.get_parse_math(), hash(self._fontproperties),
                self.get_figure(root=True).dpi, self._horizontalalignment, self._verticalalignment,
                self.get_rotation(), self.get_rotation_mode(), self.get_transform_rotates_text(), self._linespacing,
                self._get_multialignment(), self.get_usetex(), id(renderer), type(renderer).__name__,
                matplotlib.rcParams["text.hinting"], matplotlib.rcParams["text.hinting_factor"])

    def _get_layout(self, renderer):
        return self.kept_layout(self, renderer, super()._get_layout)

    @classmethod
    def kept_layout(cls, text, renderer, lay_out):
        """Any Text's layout, `lay_out(renderer)` (matplotlib's _get_layout), kept per look (fastfigure too)."""
        renderer = renderer._renderer if isinstance(renderer, KeptGlyphs) else renderer  # its metrics
        if text.get_wrap():   # a wrapped text's lines depend on where it is
            return lay_out(renderer)
        key = cls._layout_key(text, renderer)
        if key not in cls._layouts:
            if len(cls._layouts) > 2048:
                cls._layouts.clear()
            cls._layouts[key] = lay_out(renderer)
        return cls._layouts[key]

    def draw(self, renderer):
        if type(renderer) is not RendererAgg:
            return super().draw(renderer)
        glyph_renderer = KeptGlyphs.of(renderer)
        return super().draw(glyph_renderer)


class KeptGlyphs:
    """The Agg renderer with each glyph's bitmap kept as FreeType renders it (LayoutText).

    Agg draws a text glyph by glyph: FreeType renders each glyph at its position in 1/64 pixel,
    then Agg blends the bitmap in. Moved by whole pixels, a glyph renders to the same bitmap
    moved by as many pixels, so a bitmap is kept per glyph, size, hinting and position within its
    pixel (64 × 64 of them at most) and blended in exactly where and as Agg blends it."""

    _by_renderer = weakref.WeakKeyDictionary()
    _items = {}     # (font, text, size, dpi, hinting, features, language) -> (font, [(font, glyph, dx, dy)])
    _bitmaps = {}   # (font, size, dpi, glyph, hinting, antialiased, x % 64, y % 64) -> (font, bitmap, left, top)
    _UPRIGHT = (0x10000 * np.array([[1.0, -0.0], [0.0, 1.0]]) @ [[1, 0], [0, 1]]).round().astype(int)

    @classmethod
    def of(cls, renderer):
        found = cls._by_renderer.get(renderer)
        if found is None:
            found = cls._by_renderer[renderer] = cls()
            found._renderer = renderer
        return found

    def __getattr__(self, name):
        return getattr(self._renderer, name)

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        renderer = self._renderer
        if ismath or angle:   # mathtext, TeX, rotated: Agg as usual
            return renderer.draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
        font, dpi, flags, size = renderer._prepare_font(prop), renderer.dpi, get_hinting_flag(), prop.get_size_in_points()
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        key = (id(font), s, size, dpi, flags, repr(features), repr(language))
        found = self._items.get(key)
        if found is None or found[0] is not font:
            items = font._layout(s, flags=flags, features=features, language=language)
            found = self._items[key] = (font, [(item.ft_object, item.glyph_index, item.x, item.y) for item in items])
            if len(self._items) > 4096:
                self._items.clear()
        antialiased, height = gc.get_antialiased(), int(renderer.height)
        for ft, glyph, dx, dy in found[1]:
            px, py = round(0x40 * (x + dx)), round(0x40 * (renderer.height - y + dy))
            key = (id(ft), size, dpi, glyph, flags, antialiased, px & 63, py & 63)
            kept = self._bitmaps.get(key)
            if kept is None or kept[0] is not ft:
                ft.set_size(size, dpi)
                ft._set_transform(self._UPRIGHT, [px & 63, py & 63])
                bitmap = ft._render_glyph(glyph, flags, RenderMode.NORMAL if antialiased else RenderMode.MONO)
                buffer = np.array(bitmap.buffer)
                if not antialiased:
                    buffer *= 0xff
                kept = self._bitmaps[key] = (ft, buffer, bitmap.left, bitmap.top)
                if len(self._bitmaps) > 16384:
                    self._bitmaps.clear()
            _, buffer, left, top = kept
            top += py >> 6
            renderer._renderer.draw_text_image(buffer, left + (px >> 6), height - top + buffer.shape[0], 0, gc)


# -- fast text: glyph bitmaps drawn once, pasted on every frame -----------------------------------
class GlyphText(LayoutText):
    """A Text artist (make it with `GlyphText.add(ax, x, y, text, **kwargs)`) that draws a plain
    one-line text into the Agg canvas from cached glyph bitmaps.

    Matplotlib lays out and rasterises a text with FreeType on every draw: about 1–2 ms per label
    at pixel ratio 2, most of an explorer's frame when it shows a few numbers. Here each
    character is rasterised once (by Agg itself, on a scratch canvas: the same pixels) and kept,
    with its hinted advance; a text's width, height and descent are then sums and maxima, and
    drawing it is pasting the glyphs one after another and blending them in with the text's
    colour, about 0.1 ms. Position, alignment and the bbox patch are matplotlib's own; the layout
    is kept (LayoutText). A text this cannot draw exactly (mathtext, rotation, a character from a
    fallback font, a kerned pair, another renderer) is drawn by matplotlib as usual.
    """

    _renderers = weakref.WeakKeyDictionary()   # the Agg renderer -> its _GlyphRenderer

    @classmethod
    def add(cls, ax, x, y, text, backdrop=None, **kwargs):
        """Like ax.text(x, y, text, **kwargs), but a GlyphText. `backdrop`: (colour, alpha), a box
        of that colour behind the text's ink, padded by 0.15 of the font size (the look of
        bbox={"boxstyle": "square,pad=0.15", "facecolor": colour, "edgecolor": "none", "alpha": alpha},
        at a fraction of a FancyBboxPatch's cost)."""
        artist = cls(x, y, text, **kwargs)
        if kwargs.get("transform") is None:
            artist.set_transform(ax.transData)
        artist.backdrop = None if backdrop is None else (np.array(to_rgb(backdrop[0])) * 255.0, float(backdrop[1]))
        ax._add_text(artist)
        return artist

    def draw(self, renderer):
        if not isinstance(renderer, RendererAgg) or self.get_rotation() or self.get_path_effects():
            return super().draw(renderer)
        glyph_renderer = self._renderers.get(renderer)
        if glyph_renderer is None:
            glyph_renderer = self._renderers[renderer] = _GlyphRenderer(renderer)
        return super().draw(glyph_renderer)


class _GlyphRenderer:
    """The Agg renderer with text metrics and drawing from cached glyphs (see GlyphText);
    everything else is passed on to the renderer itself."""

    _glyphs = {}   # (font properties' hash, dpi, character) -> _Glyph, or None (draw it the usual way)
    _texts = {}    # (text, font properties' hash, dpi) -> (coverage, top, left), or None

    def __init__(self, renderer):
        self._renderer = renderer

    def __getattr__(self, name):
        return getattr(self._renderer, name)

    def _layout(self, s, prop, ismath):
        """[(glyph, x offset)] and (width, height, descent) of `s`, or None if it is not plain text
        that glyphs reproduce exactly."""
        if ismath or not s or "\n" in s:
            return None
        dpi = self._renderer.dpi
        key = hash(prop)
        glyphs = []
        for c in s:
            glyph = self._glyphs.get((key, dpi, c), False)
            if glyph is False:
                glyph = self._glyphs[(key, dpi, c)] = _Glyph.make(self._renderer, prop, c)
            if glyph is None:
                return None
            glyphs.append(glyph)
        font = self._renderer._prepare_font(prop)
        for left, right in zip(glyphs, glyphs[1:]):
            if font.get_kerning(left.index, right.index, _KERNING):
                return None
        placed, pen = [], 0.0
        for glyph in glyphs:
            placed.append((glyph, pen))
            pen += glyph.advance
        descent = max(g.descent for g in glyphs)
        return placed, (float(pen), float(max(g.ascent for g in glyphs) + descent), float(descent))

    def get_text_width_height_descent(self, s, prop, ismath):
        layout = self._layout(s, prop, ismath)
        if layout is None:
            return self._renderer.get_text_width_height_descent(s, prop, ismath)
        return layout[1]

    def _coverage(self, s, prop, ismath):
        """The coverage bitmap (float, 0–255) of `s` and where its top-left sits relative to the
        pen's start, composed from the glyphs; None if glyphs cannot draw it. Kept per text."""
        key = (s, hash(prop), self._renderer.dpi)
        found = self._texts.get(key, False)
        if found is not False:
            return found
        layout = self._layout(s, prop, ismath)
        if layout is None:
            found = None
        else:
            placed = [(g, round(pen)) for g, pen in layout[0] if g.coverage is not None]
            if not placed:
                found = (np.zeros((0, 0)), 0, 0)
            else:
                top = min(g.row for g, _ in placed)
                left = min(pen + g.col for g, pen in placed)
                bottom = max(g.row + g.coverage.shape[0] for g, _ in placed)
                right = max(pen + g.col + g.coverage.shape[1] for g, pen in placed)
                coverage = np.zeros((bottom - top, right - left))
                for g, pen in placed:
                    r, c = g.row - top, pen + g.col - left
                    window = coverage[r:r + g.coverage.shape[0], c:c + g.coverage.shape[1]]
                    np.maximum(window, g.coverage, out=window)
                found = (coverage, top, left)
        if len(self._texts) > 4096:
            self._texts.clear()
        self._texts[key] = found
        return found

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        found = None if angle else self._coverage(s, prop, ismath)
        if found is None:
            return self._renderer.draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
        coverage, top, left = found
        if coverage.size == 0:
            return None
        canvas = np.asarray(self._renderer.buffer_rgba())
        height, width = canvas.shape[:2]
        bounds = [0, height, 0, width]   # rows top..bottom, columns left..right that may be painted
        clip = gc.get_clip_rectangle()
        if clip is not None:
            x0, y0, x1, y1 = clip.extents
            bounds = [max(0, height - int(np.ceil(y1))), min(height, height - int(np.floor(y0))),
                      max(0, int(np.floor(x0))), min(width, int(np.ceil(x1)))]
        r0, c0 = round(y) + top, round(x) + left   # Agg's y counts rows from the top (renderer.flipy())
        backdrop = getattr(mtext, "backdrop", None)
        if backdrop is not None:
            pad = round(0.15 * prop.get_size_in_points() * self._renderer.dpi / 72)
            _blend(canvas, bounds, r0 - pad, c0 - pad, np.full((coverage.shape[0] + 2 * pad,
                                                                coverage.shape[1] + 2 * pad), 255.0), *backdrop)
        _blend(canvas, bounds, r0, c0, coverage, np.array(gc.get_rgb()[:3]) * 255.0, gc.get_rgb()[3])
        return None


def _blend(canvas, bounds, r0, c0, coverage, colour, alpha):
    """Paint `colour` (RGB, 0–255) over canvas rows r0… and columns c0…, each pixel by its coverage
    (0–255) × alpha, inside bounds = [top, bottom, left, right]."""
    r1, c1 = r0 + coverage.shape[0], c0 + coverage.shape[1]
    rs, re, cs, ce = max(r0, bounds[0]), min(r1, bounds[1]), max(c0, bounds[2]), min(c1, bounds[3])
    if rs >= re or cs >= ce:
        return
    a = coverage[rs - r0:re - r0, cs - c0:ce - c0, None] * (alpha / 255.0)
    under = canvas[rs:re, cs:ce, :3]
    under[...] = np.rint(under + a * (colour - under)).astype(np.uint8)


_KERNING = next(iter(__import__("matplotlib.ft2font", fromlist=["Kerning"]).Kerning))  # Kerning.DEFAULT


class _Glyph:
    """One character of one font at one dpi: its coverage bitmap (as Agg draws it), where that
    sits relative to the pen, its hinted advance, ascent and descent (pixels)."""

    __slots__ = ("index", "coverage", "row", "col", "advance", "ascent", "descent")

    @classmethod
    def make(cls, renderer, prop, c):
        """The glyph of `c`, or None if the font lacks it (matplotlib then uses a fallback font)."""
        font = renderer._prepare_font(prop)
        index = font.get_char_index(ord(c))
        if index == 0:
            return None
        glyph = cls()
        glyph.index = index
        glyph.advance = font.load_char(ord(c), flags=get_hinting_flag()).horiAdvance / 64
        _, h, d = renderer.get_text_width_height_descent(c, prop, False)
        glyph.ascent, glyph.descent = h - d, d
        size = int(4 * prop.get_size_in_points() * renderer.dpi / 72) + 16
        scratch = RendererAgg(size, size, renderer.dpi)
        gc = scratch.new_gc()
        gc.set_foreground("black")
        x0, y0 = size // 4, size // 2
        scratch.draw_text(gc, x0, y0, c, prop, 0)
        gc.restore()
        alpha = np.asarray(scratch.buffer_rgba())[..., 3]
        rows, cols = np.nonzero(alpha)
        if rows.size == 0:   # a space
            glyph.coverage, glyph.row, glyph.col = None, 0, 0
        else:
            glyph.coverage = alpha[rows.min():rows.max() + 1, cols.min():cols.max() + 1].astype(np.float64)
            glyph.row, glyph.col = int(rows.min() - y0), int(cols.min() - x0)
        return glyph

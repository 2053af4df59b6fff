"""Redrawing the still part of a FigureView's figure, faster: the whole figure, or one axes.

    draw_figure(canvas)                 # what canvas.draw() draws, the same pixels, sooner
    draw_axes(canvas, [ax])             # only ax again (over the rest as it was), if it can be done

An explorer's figure is drawn whole only now and then (its first frame, an axis that has to
grow), and at pixel ratio 2 that took 70–100 ms: most of an explorer's rare slow frames. Two
things made it slow, both repeated on every full redraw although nothing they depend on changed:

- Text. Every tick label, title and axis label was laid out and rasterised by FreeType again.
  `draw_figure` draws the figure through `fastdraw.KeptGlyphs`, which keeps each glyph's bitmap
  (per size and sub-pixel position) and blends it in exactly where Agg would: the same pixels.
- Placing titles and x-axis labels. Matplotlib measures every tick label of every axes (twice)
  to decide how far above the axes a title goes and how far below it the x label goes. Those
  places depend only on the figure's layout (its size, dpi, the axes' positions) and on the
  x tick labels' height, which is the font's, not the numbers'. So they are measured on the
  first full draw of a layout and put back for nnlesson's own later draws, until the layout
  changes (`_Places`); any other drawing of the figure (savefig at another dpi) places them
  afresh. The y-axis label is still placed on every draw: its place depends on how wide the
  numbers are.

`draw_axes` redraws only the axes whose still part changed (a panel whose y axis had to grow)
into the region of the figure that is theirs (out to the middle of the widest strip of plain
background towards each neighbouring axes, or to the figure's edge), over the rest of the figure
as it was: half the work for a figure of two panels. It does it only where that gives the same
pixels as a full redraw: a plain figure background, no figure-level artist, no axes sharing an
axis with it left out, nothing of another axes (its labels, a legend or text outside its box:
measured once per full redraw) inside the region, and nothing of its own drawn outside it (a
tick label reaching past the middle of the gap). Else it returns False and the caller draws the
whole figure. (tests/test_fastfigure.py compares the pixels.)
"""

from __future__ import annotations

import contextlib
import math
import threading

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.text import Text

from .fastdraw import KeptGlyphs, LayoutText

_TEXT_LAYOUT = Text._get_layout
_kept_lock = threading.Lock()
_kept_depth = 0


def _kept_layout(text, renderer):
    """Text._get_layout, kept per look as LayoutText keeps it (it does not depend on where the
    text is): a tick label "0.5" is laid out once, not on every redraw."""
    return LayoutText.kept_layout(text, renderer, lambda r: _TEXT_LAYOUT(text, r))


@contextlib.contextmanager
def kept_layouts():
    """While inside, every Text lays itself out through `_kept_layout` (the same layouts, kept;
    other threads drawing meanwhile get the same layouts too). Exception-safe: however the block
    ends, even by an interrupt, the last one out puts matplotlib's own method back."""
    global _kept_depth
    entered = False
    try:
        with _kept_lock:
            entered = True
            _kept_depth += 1
            Text._get_layout = _kept_layout
        yield
    finally:
        if entered:
            with _kept_lock:
                _kept_depth = max(0, _kept_depth - 1)
                if _kept_depth == 0:
                    Text._get_layout = _TEXT_LAYOUT


def _titles(ax):
    return (ax.title, ax._left_title, ax._right_title)


class _Places:
    """Per figure: the titles' and x labels' places measured on the first full draw of a layout,
    put back (with matplotlib's automatic placing switched off) only while nnlesson draws; and
    each axes' extent on screen, measured when `draw_axes` needs it (see the module docstring)."""

    def __init__(self):
        self.layout = None
        self.kept = {}      # id(ax) -> (ax, its three titles' positions, its x label's position)
        self.extents = {}   # id(ax) -> (x0, y0, x1, y1) of everything it drew, as last drawn

    @staticmethod
    def layout_of(figure):
        """What the kept places depend on: the figure's size in pixels and each axes' box."""
        return (tuple(figure.bbox.bounds), tuple((id(ax), tuple(ax.get_position().bounds), ax.get_visible())
                                                 for ax in figure.axes))

    @contextlib.contextmanager
    def placed(self, figure):
        """Inside: the kept places in use (measured afresh if the layout changed; kept after a
        draw that ends normally); after: matplotlib's own settings as they were."""
        layout = self.layout_of(figure)
        if layout != self.layout:
            self.layout, self.kept, self.extents = layout, {}, {}
        saved = []
        try:
            for ax in figure.axes:
                kept = self.kept.get(id(ax))
                if kept is None or kept[0] is not ax or not hasattr(ax, "_autotitlepos"):
                    continue
                saved.append((ax, ax._autotitlepos, ax.xaxis._autolabelpos))
                for title, position in zip(_titles(ax), kept[1]):
                    title.set_position(position)
                ax.xaxis.label.set_position(kept[2])
                ax._autotitlepos, ax.xaxis._autolabelpos = False, False
            yield
            for ax in figure.axes:
                if id(ax) not in self.kept and hasattr(ax, "_autotitlepos"):
                    self.kept[id(ax)] = (ax, [t.get_position() for t in _titles(ax)], ax.xaxis.label.get_position())
        finally:
            for ax, title_auto, label_auto in saved:
                ax._autotitlepos, ax.xaxis._autolabelpos = title_auto, label_auto

    def extent(self, ax, renderer):
        """What `ax` drew, in pixels (its tight box; lines with no points left out: matplotlib
        gives them a box around (0, 0)), measured once per full redraw."""
        found = self.extents.get(id(ax))
        if found is None:
            extra = [a for a in ax.get_default_bbox_extra_artists()
                     if not (isinstance(a, Line2D) and len(a.get_xdata(orig=False)) == 0)]
            box = ax.get_tightbbox(renderer, bbox_extra_artists=extra)
            found = self.extents[id(ax)] = tuple(box.extents) if box is not None else tuple(ax.bbox.extents)
        return found


def _places(figure):
    places = getattr(figure, "_nnl_places", None)
    if places is None:
        places = figure._nnl_places = _Places()
    return places


def draw_figure(canvas):
    """Draw the whole figure as `canvas.draw()` (an Agg canvas) would, text through kept glyphs,
    titles and x labels where they were (see the module docstring). Same pixels."""
    figure = canvas.figure
    places = _places(figure)
    renderer = canvas.get_renderer()
    canvas.renderer = renderer
    renderer.clear()
    with places.placed(figure), kept_layouts():
        figure.draw(KeptGlyphs.of(renderer))
    places.extents = {}


def _overlap(a, b):
    """True if boxes (x0, y0, x1, y1) share more than an edge."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _widest_gap(empty):
    """The middle of the longest run of consecutive numbers in `empty` (sorted indices), None if
    it is empty."""
    if len(empty) == 0:
        return None
    breaks = np.flatnonzero(np.diff(empty) != 1)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks + 1, [len(empty)]))
    k = int(np.argmax(ends - starts))
    return (int(empty[starts[k]]) + int(empty[ends[k] - 1]) + 1) // 2


def region_of(ax, pixels, colour):
    """The pixels that belong to `ax` (x0, y0, x1, y1 in pixels, y up from the figure's bottom):
    out from its box to the figure's edge, or, where another axes is beside it, to the middle of
    the widest strip of plain background between the two in the picture as it is (`pixels`, the
    background `colour`): the neighbour's labels end before it and ax's own begin after it. None
    if another visible axes overlaps its box (a twin, an inset) or nothing plain lies between them."""
    figure = ax.get_figure(root=True)
    height, width = pixels.shape[:2]
    words = pixels.view(np.uint32)[..., 0]            # one RGBA pixel as one number; rows top down
    background = colour.view(np.uint32)[0]

    def empty_columns(low, high):
        return _widest_gap(low + np.flatnonzero((words[:, low:high] == background).all(axis=0)))

    def empty_rows(low, high):
        return _widest_gap(low + np.flatnonzero((words[low:high] == background).all(axis=1)))

    x0, y0, x1, y1 = ax.bbox.extents
    left, bottom, right, top = 0, 0, width, height
    for other in figure.axes:
        if other is ax or not other.get_visible():
            continue
        ox0, oy0, ox1, oy1 = other.bbox.extents
        if _overlap((x0, y0, x1, y1), (ox0, oy0, ox1, oy1)):
            return None
        beside, above_below = oy0 < y1 and y0 < oy1, ox0 < x1 and x0 < ox1
        if beside and ox1 <= x0:     # on the left: from the middle of the gap after its labels
            gap = empty_columns(int(math.ceil(ox1)), int(x0))
            left = max(left, gap) if gap is not None else None
        elif beside and ox0 >= x1:   # on the right: up to the middle of the gap before its labels
            gap = empty_columns(int(math.ceil(x1)), int(ox0))
            right = min(right, gap) if gap is not None else None
        elif above_below and oy1 <= y0:   # below (rows counted from the top)
            gap = empty_rows(height - int(y0), height - int(math.ceil(oy1)))
            bottom = max(bottom, height - gap) if gap is not None else None
        elif above_below and oy0 >= y1:   # above
            gap = empty_rows(height - int(oy0), height - int(math.ceil(y1)))
            top = min(top, height - gap) if gap is not None else None
        if None in (left, right, bottom, top):
            return None
    return left, bottom, right, top


def _plain_background(figure):
    """The figure's background colour as RGBA bytes, if the figure draws nothing but a plain
    opaque background and its axes (else None: a region of it cannot simply be filled)."""
    patch = figure.patch
    if figure.get_children() != [patch, *figure.axes] or figure.subfigs:
        return None
    if not patch.get_visible():
        return None
    face = to_rgba(patch.get_facecolor())
    if face[3] != 1 or patch.get_hatch() or (patch.get_linewidth() > 0 and to_rgba(patch.get_edgecolor())[3] > 0
                                              and to_rgba(patch.get_edgecolor()) != face):
        return None
    return np.array([round(255 * c) for c in face], dtype=np.uint8)


def _shares_an_axis_outside(ax, axes):
    """True if ax shares its x or y axis with an axes not in `axes` (its ticks would change too)."""
    groups = (ax.get_shared_x_axes(), ax.get_shared_y_axes())
    return any(other is not ax and other not in axes for group in groups for other in group.get_siblings(ax))


def draw_axes(canvas, axes):
    """Redraw only `axes` (an Axes or a list of them) over the canvas as it is (the rest of the
    figure already drawn there, without its animated artists), each in its `region_of`. Returns
    False where that would not give a full redraw's pixels (see the module docstring): then the
    caller draws the whole figure, which puts right anything drawn here."""
    axes = [axes] if isinstance(axes, Axes) else list(axes)
    figure = canvas.figure
    places = _places(figure)
    if not axes or places.layout != places.layout_of(figure):
        return False
    colour = _plain_background(figure)
    if (colour is None or any(ax.get_figure(root=True) is not figure for ax in axes)
            or any(_shares_an_axis_outside(ax, axes) for ax in axes)):
        return False
    renderer = canvas.get_renderer()
    pixels = np.asarray(renderer.buffer_rgba())
    regions = [region_of(ax, pixels, colour) for ax in axes]
    if any(region is None for region in regions):
        return False
    others = [other for other in figure.axes if other.get_visible() and other not in axes]
    height = pixels.shape[0]
    kept = KeptGlyphs.of(renderer)
    with places.placed(figure), kept_layouts():
        for other in others:   # nothing another axes drew may lie in a region that is cleared
            x0, y0, x1, y1 = places.extent(other, renderer)
            if any(_overlap((x0 + 1, y0 + 1, x1 - 1, y1 - 1), region) for region in regions):
                return False
        for ax, (c0, y0, c1, y1) in zip(axes, regions):
            r0, r1 = height - y1, height - y0
            before = pixels.copy()
            pixels[r0:r1, c0:c1] = colour
            ax.draw(kept)
            places.extents.pop(id(ax), None)
            words, old = pixels.view(np.uint32), before.view(np.uint32)
            if not (np.array_equal(words[:r0], old[:r0]) and np.array_equal(words[r1:], old[r1:])
                    and np.array_equal(words[r0:r1, :c0], old[r0:r1, :c0])
                    and np.array_equal(words[r0:r1, c1:], old[r0:r1, c1:])):
                return False    # it drew outside its region (a label reaching past the gap's middle)
    return True

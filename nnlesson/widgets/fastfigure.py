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
  first full draw of a layout and then kept, until the layout changes (`_FrozenPlaces`). The
  y-axis label is still placed on every draw: its place depends on how wide the numbers are.

`draw_axes` redraws only the axes whose still part changed (a panel whose y axis had to grow)
into the region of the figure that is theirs (up to halfway to each neighbouring axes, or to
the figure's edge), over the rest of the figure as it was: half the work for a figure of two
panels. It does it only where that gives the same pixels as a full redraw: a plain figure
background and no other axes or figure-level artist in the region; else it returns False and
the caller draws the whole figure. (tests/test_fastfigure.py compares the pixels.)
"""

from __future__ import annotations

import contextlib
import math
import threading

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.text import Text

from .fastdraw import KeptGlyphs, LayoutText

_TEXT_LAYOUT = Text._get_layout
_kept_lock = threading.Lock()
_kept_depth = 0


def _kept_layout(text, renderer):
    """Text._get_layout, kept per look as LayoutText keeps it (it does not depend on where the
    text is): a tick label "0.5" is laid out once, not on every redraw."""
    if isinstance(renderer, KeptGlyphs):
        renderer = renderer._renderer
    if text.get_wrap():
        return _TEXT_LAYOUT(text, renderer)
    key = LayoutText._layout_key(text, renderer)
    layout = LayoutText._layouts.get(key)
    if layout is None:
        if len(LayoutText._layouts) > 2048:
            LayoutText._layouts.clear()
        layout = LayoutText._layouts[key] = _TEXT_LAYOUT(text, renderer)
    return layout


@contextlib.contextmanager
def kept_layouts():
    """While inside, every Text lays itself out through `_kept_layout` (the same layouts, kept)."""
    global _kept_depth
    with _kept_lock:
        if _kept_depth == 0:
            Text._get_layout = _kept_layout
        _kept_depth += 1
    try:
        yield
    finally:
        with _kept_lock:
            _kept_depth -= 1
            if _kept_depth == 0:
                Text._get_layout = _TEXT_LAYOUT


class _FrozenPlaces:
    """Titles and x labels placed once per layout (see the module docstring)."""

    def __init__(self):
        self.layout = None
        self.frozen = []    # the axes whose places are kept, with their own settings to restore

    @staticmethod
    def layout_of(figure):
        """What the kept places depend on: the figure's size in pixels and each axes' box."""
        return (tuple(figure.bbox.bounds), tuple((id(ax), tuple(ax.get_position().bounds), ax.get_visible())
                                                 for ax in figure.axes))

    def thaw(self):
        for ax, title_auto, label_auto in self.frozen:
            ax._autotitlepos, ax.xaxis._autolabelpos = title_auto, label_auto
        self.frozen = []

    def before_draw(self, figure):
        """Let matplotlib place them again if the layout changed since they were kept."""
        layout = self.layout_of(figure)
        if layout != self.layout:
            self.thaw()
            self.layout = layout
            return True
        return False

    def after_draw(self, figure):
        """Keep the places just computed (only axes that place them automatically)."""
        frozen = {id(ax) for ax, _, _ in self.frozen}
        for ax in figure.axes:
            if id(ax) in frozen or not hasattr(ax, "_autotitlepos") or not hasattr(ax.xaxis, "_autolabelpos"):
                continue
            title_auto, label_auto = ax._autotitlepos, ax.xaxis._autolabelpos
            if title_auto is False and label_auto is False:
                continue
            self.frozen.append((ax, title_auto, label_auto))
            ax._autotitlepos, ax.xaxis._autolabelpos = False, False


def _places(figure):
    places = getattr(figure, "_nnl_places", None)
    if places is None:
        places = figure._nnl_places = _FrozenPlaces()
    return places


def draw_figure(canvas):
    """Draw the whole figure as `canvas.draw()` (an Agg canvas) would, text through kept glyphs,
    titles and x labels where they were (see the module docstring). Same pixels."""
    figure = canvas.figure
    places = _places(figure)
    renderer = canvas.get_renderer()
    canvas.renderer = renderer
    renderer.clear()
    places.before_draw(figure)
    with kept_layouts():
        figure.draw(KeptGlyphs.of(renderer))
    places.after_draw(figure)


def _overlap(a, b):
    """True if boxes (x0, y0, x1, y1) share more than an edge."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _widest_gap(empty, low, high):
    """The first of the longest run of consecutive numbers in `empty` (sorted indices from
    low to high), None if it is empty."""
    if len(empty) == 0:
        return None
    breaks = np.flatnonzero(np.diff(empty) != 1)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks + 1, [len(empty)]))
    return int(empty[starts[np.argmax(ends - starts)]])


def region_of(ax, pixels, colour):
    """The pixels that belong to `ax` (x0, y0, x1, y1 in pixels, y up from the figure's bottom):
    out from its box to the figure's edge, or, where another axes is beside it, to the widest
    strip of plain background between the two in the picture as it is (`pixels`, the background
    `colour`): the neighbour's labels end before it and ax's own begin after it. None if another
    visible axes overlaps its box (a twin, an inset) or nothing plain lies between them."""
    figure = ax.get_figure(root=True)
    height, width = pixels.shape[:2]
    words = pixels.view(np.uint32)[..., 0]            # one RGBA pixel as one number; rows top down
    background = colour.view(np.uint32)[0]

    def empty_columns(low, high):
        return _widest_gap(low + np.flatnonzero((words[:, low:high] == background).all(axis=0)), low, high)

    def empty_rows(low, high):
        return _widest_gap(low + np.flatnonzero((words[low:high] == background).all(axis=1)), low, high)

    x0, y0, x1, y1 = ax.bbox.extents
    left, bottom, right, top = 0, 0, width, height
    for other in figure.axes:
        if other is ax or not other.get_visible():
            continue
        ox0, oy0, ox1, oy1 = other.bbox.extents
        if _overlap((x0, y0, x1, y1), (ox0, oy0, ox1, oy1)):
            return None
        beside, above_below = oy0 < y1 and y0 < oy1, ox0 < x1 and x0 < ox1
        if beside and ox1 <= x0:     # on the left: from the start of the gap after its labels
            gap = empty_columns(int(math.ceil(ox1)), int(x0))
            left = max(left, gap) if gap is not None else None
        elif beside and ox0 >= x1:   # on the right: up to the gap's start (the labels' side is ours)
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


def draw_axes(canvas, axes):
    """Redraw only `axes` (an Axes or a list of them) over the canvas as it is (the rest of the
    figure already drawn there, without its animated artists), each in its `region_of`. Returns
    False, drawing nothing, where that would not give a full redraw's pixels: then draw the figure."""
    axes = [axes] if isinstance(axes, Axes) else list(axes)
    figure = canvas.figure
    places = _places(figure)
    if not axes or places.layout != places.layout_of(figure):
        return False
    colour = _plain_background(figure)
    if colour is None or any(ax.get_figure(root=True) is not figure for ax in axes):
        return False
    renderer = canvas.get_renderer()
    pixels = np.asarray(renderer.buffer_rgba())
    regions = [region_of(ax, pixels, colour) for ax in axes]
    if any(region is None for region in regions):
        return False
    height = pixels.shape[0]
    kept = KeptGlyphs.of(renderer)
    for ax, (c0, y0, c1, y1) in zip(axes, regions):
        r0, r1 = height - y1, height - y0
        before = pixels.copy()
        pixels[r0:r1, c0:c1] = colour
        with kept_layouts():
            ax.draw(kept)
        # whatever the axes drew outside its region (a label reaching past it) is taken back
        pixels[:r0], pixels[r1:] = before[:r0], before[r1:]
        pixels[r0:r1, :c0], pixels[r0:r1, c1:] = before[r0:r1, :c0], before[r0:r1, c1:]
    return True

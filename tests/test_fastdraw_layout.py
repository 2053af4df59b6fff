"""LayoutText (nnlesson.widgets.fastdraw): a Text that keeps its layout and its glyphs' bitmaps must
draw exactly the pixels matplotlib's own Text draws, in any look, moved anywhere, with any hinting."""

import matplotlib
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from nnlesson.lessons import lesson3
from nnlesson.widgets import BackpropStepper
from nnlesson.widgets.base import FigureView
from nnlesson.widgets.fastdraw import LayoutText

LOOKS = [  # (text, keyword arguments): plain, boxed, bold, italic, two lines, mathtext, rotated, arrows and ∂
    ("0.523", dict(ha="center", va="center", fontsize=10)),
    ("−0.752", dict(ha="center", va="center", fontsize=10,
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="#BBBBBB", lw=0.6, alpha=0.92))),
    ("0.62", dict(ha="center", va="center", fontsize=11, weight="bold", color="#222222")),
    ("∂E/∂z = 0.0412", dict(ha="center", va="top", fontsize=10, fontstyle="italic")),
    ("b: 0.1 → 0.092", dict(ha="left", va="bottom", fontsize=10)),
    ("E = 0.31\nY = 1.2", dict(ha="left", va="top", fontsize=10, linespacing=1.5)),
    (r"$\partial E / \partial W$ = 0.5", dict(ha="right", va="baseline", fontsize=12)),
    ("tilted 4.2", dict(ha="center", va="center", fontsize=10, rotation=30)),
]


@pytest.fixture(autouse=True)
def clean_default(monkeypatch):
    monkeypatch.delenv(FigureView.ENV_PIXEL_RATIO, raising=False)
    monkeypatch.setattr(FigureView, "_default_ratio", None)


def frames(kind, dpi, shifts):
    """Every look drawn at each shift (data units, fractions of a pixel included), one frame a shift."""
    fig = Figure(figsize=(6, 3), dpi=dpi)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 6)
    ax.set_ylim(0, 3)
    make = ax.text if kind == "plain" else lambda *a, **k: LayoutText.add(ax, *a, **k)
    texts = [make(0.8 + 1.5 * (k % 4), 0.8 + 1.4 * (k // 4), s, **kw) for k, (s, kw) in enumerate(LOOKS)]
    out = []
    for dx, dy in shifts:
        for k, t in enumerate(texts):
            t.set_position((0.8 + 1.5 * (k % 4) + dx, 0.8 + 1.4 * (k // 4) + dy))
        canvas.draw()
        out.append(np.asarray(canvas.buffer_rgba()).copy())
    return out, texts


@pytest.mark.parametrize("hinting", ["default", "no_hinting"])
@pytest.mark.parametrize("dpi", [90, 180])
def test_layout_text_draws_exactly_what_matplotlib_draws(dpi, hinting):
    rng = np.random.default_rng(3)
    shifts = [(0, 0), *rng.uniform(-0.05, 0.05, size=(12, 2)), (0, 0)]   # sub-pixel moves, then back
    with matplotlib.rc_context({"text.hinting": hinting}):
        theirs, plain = frames("plain", dpi, shifts)
        mine, texts = frames("layout", dpi, shifts)
    assert all(type(t) is LayoutText for t in texts) and all(type(t) is Text for t in plain)
    assert len(mine) == len(theirs) == 14
    for a, b in zip(mine, theirs):
        assert (a[..., 3] > 0).any()
        np.testing.assert_array_equal(a, b)


def test_layout_text_is_made_like_ax_text():
    fig = Figure()
    ax = fig.add_axes((0, 0, 1, 1))
    mine, theirs = LayoutText.add(ax, 1, 2, "0.5", ha="center"), ax.text(1, 2, "0.5", ha="center")
    assert mine in ax.texts and mine.axes is ax
    for get in ("get_position", "get_text", "get_horizontalalignment", "get_verticalalignment", "get_clip_on",
                "get_transform", "get_clip_path", "get_fontsize"):
        assert getattr(mine, get)() == getattr(theirs, get)(), get


def test_layout_is_kept_per_look_not_per_place():
    fig = Figure(dpi=100)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    a = LayoutText.add(ax, 0.2, 0.5, "0.25", fontsize=10)
    b = LayoutText.add(ax, 0.7, 0.3, "0.25", fontsize=10)
    c = LayoutText.add(ax, 0.7, 0.3, "0.25", fontsize=14)
    canvas.draw()
    renderer = canvas.get_renderer()
    assert a._get_layout(renderer) is b._get_layout(renderer)       # same look elsewhere: kept
    assert c._get_layout(renderer) is not a._get_layout(renderer)   # another size: its own
    assert c.get_window_extent(renderer).width > a.get_window_extent(renderer).width


@pytest.mark.parametrize("ratio", [1, 2])
def test_stepper_frames_are_exactly_matplotlibs_own(ratio, monkeypatch):
    """The stepper's labels (LayoutText, pasted from sprites) against plain matplotlib Text, no
    sprites: two rows, every stage, Back twice and Reset give the same frames, byte for byte."""
    FigureView.set_default_pixel_ratio(ratio)
    X, Y = lesson3.lesson_data()

    def walk(stepper):
        out = []
        for _ in range(16):
            out.append(np.asarray(stepper.view.canvas.buffer_rgba()).copy())
            stepper.next()
        for move in (stepper.back, stepper.back, stepper.reset):
            move()
            out.append(np.asarray(stepper.view.canvas.buffer_rgba()).copy())
        return out

    fast = walk(BackpropStepper(lesson3.lesson_network(), X, Y, lr=lesson3.LR))
    with monkeypatch.context() as m:
        m.setattr(LayoutText, "draw", Text.draw)
        m.setattr(LayoutText, "_get_layout", Text._get_layout)
        plain_stepper = BackpropStepper(lesson3.lesson_network(), X, Y, lr=lesson3.LR)
        plain_stepper.view.text_sprites = None
        plain = walk(plain_stepper)
    assert len(fast) == len(plain) == 19
    for a, b in zip(fast, plain):
        np.testing.assert_array_equal(a, b)

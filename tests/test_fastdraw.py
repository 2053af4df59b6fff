"""The drawing shortcuts of nnlesson.widgets.fastdraw: the same pictures as matplotlib draws, faster.

TextSprites pastes the pixels a label left the last time it was drawn the same way over the same
pixels: every frame must be exactly the frame matplotlib draws. PixelImage copies an image's cells
into the canvas: each cell's pixels must be the cell's colour.
"""

import numpy as np
import pytest
from matplotlib.image import AxesImage

from nnlesson.lessons import lesson3
from nnlesson.widgets import BackpropStepper, ClassifierPlayground
from nnlesson.widgets.base import FigureView
from nnlesson.widgets.fastdraw import PixelImage, TextSprites


@pytest.fixture(autouse=True)
def clean_default(monkeypatch):
    monkeypatch.delenv(FigureView.ENV_PIXEL_RATIO, raising=False)
    monkeypatch.setattr(FigureView, "_default_ratio", None)


def pixels(view):
    return np.asarray(view.canvas.buffer_rgba()).copy()


def label_views(ratio):
    """Two identical figures with moving labels (one boxed, one rotated) over a moving line;
    the first draws its text from sprites."""
    views = []
    for sprites in (True, False):
        view = FigureView(figsize=(4, 3), dpi=80, pixel_ratio=ratio)
        ax = view.figure.add_axes((0.1, 0.1, 0.8, 0.8))
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        (line,) = ax.plot([0.1, 0.9], [0.5, 0.5], lw=3)
        boxed = ax.text(0.5, 0.5, "", ha="center", va="center", fontsize=11,
                        bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="#BBBBBB", lw=0.6, alpha=0.92))
        turned = ax.text(0.2, 0.3, "", rotation=30, fontsize=10, style="italic")
        view.animate(line, boxed, turned)
        if sprites:
            view.cache_text(limit=8)
        views.append((view, line, boxed, turned))
    return views


STATES = [("0.52", 1.0, "a"), ("0.52", 0.28, "a"), ("−1.7", 0.28, "b"), ("0.52", 1.0, "a"), ("0.52", 0.28, "a"),
          ("−1.7", 0.28, "b"), ("", 1.0, "c")]


@pytest.mark.parametrize("ratio", [1, 2, 1.5])
def test_text_sprites_give_exactly_the_frames_matplotlib_draws(ratio):
    (fast, *fast_artists), (plain, *plain_artists) = label_views(ratio)
    for text, alpha, word in STATES:
        for view, line, boxed, turned in ((fast, *fast_artists), (plain, *plain_artists)):
            boxed.set_text(text)
            line.set_alpha(alpha)   # the line under the box: its pixels are part of what the sprite is for
            turned.set_text(word)
            view.render()
        np.testing.assert_array_equal(pixels(fast), pixels(plain))
    sprites = fast.text_sprites
    # drawn: both labels (state 1); the boxed one again, the line under it changed (2); both, new words (3);
    # the rotated "c" (7: the empty box is not drawn). Pasted: the rotated "a" (2), both in states 4, 5 and 6
    assert sprites.misses == 2 + 1 + 2 + 1
    assert sprites.hits == 1 + 2 + 2 + 2


def test_text_sprites_forget_the_least_recently_used():
    sprites = TextSprites(limit=2)
    view = FigureView(figsize=(3, 2), dpi=80, pixel_ratio=1)
    text = view.figure.text(0.5, 0.5, "")
    view.animate(text)
    view.text_sprites = sprites
    for word in ("one", "two", "three", "one"):
        text.set_text(word)
        view.render()
    assert len(sprites._sprites) == 2 and sprites.misses == 4 and sprites.hits == 0   # "one" was forgotten
    text.set_text("three")
    view.render()
    assert sprites.hits == 1


def test_text_sprites_draw_text_off_the_canvas_as_usual():
    view = FigureView(figsize=(3, 2), dpi=80, pixel_ratio=1)
    text = view.figure.text(-0.05, 0.5, "cut off at the edge")
    view.animate(text)
    view.cache_text()
    view.render()
    assert view.text_sprites.hits == view.text_sprites.misses == 0
    assert np.any(pixels(view)[:, :20, :3] < 200)   # drawn all the same


@pytest.mark.parametrize("bad", [0, -3, 1.5, "8"])
def test_text_sprites_limit_is_checked(bad):
    with pytest.raises((TypeError, ValueError), match="limit must be"):
        TextSprites(bad)


@pytest.mark.parametrize("ratio", [1, 2])
def test_stepper_frames_are_exactly_those_without_sprites(ratio):
    """Two rows, all stages, then Back: every frame equals the one matplotlib draws alone."""
    FigureView.set_default_pixel_ratio(ratio)
    X, Y = lesson3.lesson_data()
    fast = BackpropStepper(lesson3.lesson_network(), X, Y, lr=lesson3.LR)
    plain = BackpropStepper(lesson3.lesson_network(), X, Y, lr=lesson3.LR)
    plain.view.text_sprites = None
    for _ in range(15):
        np.testing.assert_array_equal(pixels(fast.view), pixels(plain.view))
        fast.next()
        plain.next()
    assert fast.view.text_sprites.hits > 0.3 * (fast.view.text_sprites.hits + fast.view.text_sprites.misses)
    fast.reset()
    plain.reset()
    np.testing.assert_array_equal(pixels(fast.view), pixels(plain.view))


def test_pixel_image_fills_its_axes_cell_by_cell():
    view = FigureView(figsize=(4, 3), dpi=80, pixel_ratio=2)
    ax = view.figure.add_axes((0.1, 0.1, 0.8, 0.8))
    cells = np.random.default_rng(0).integers(0, 256, (5, 7, 4), dtype=np.uint8)
    cells[..., 3] = 255
    image = PixelImage(ax, origin="lower", interpolation="nearest", extent=(0, 7, 0, 5))
    image.set_data(cells)
    ax.add_image(image)
    ax.set_xlim(0, 7)
    ax.set_ylim(0, 5)
    view.render()
    canvas = pixels(view)
    transform = ax.transData
    height = canvas.shape[0]
    for i in range(5):          # cell row i is at y from i to i + 1 (origin lower)
        for j in range(7):
            x, y = transform.transform((j + 0.5, i + 0.5))
            np.testing.assert_array_equal(canvas[height - int(y), int(x)], cells[i, j])


def test_pixel_image_leaves_other_images_to_matplotlib():
    view = FigureView(figsize=(3, 2), dpi=80, pixel_ratio=1)
    ax = view.figure.add_axes((0.1, 0.1, 0.8, 0.8))
    image = PixelImage(ax, origin="lower", extent=(0, 1, 0, 1))
    image.set_data(np.linspace(0, 1, 12).reshape(3, 4))   # floats through a colour map: AxesImage's work
    ax.add_image(image)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    view.render()
    assert image._index is None   # never took the shortcut
    assert isinstance(image, AxesImage)


def test_playground_regions_are_the_region_colours():
    play = ClassifierPlayground()
    assert isinstance(play.image, PixelImage)
    play.train(epochs=2)
    canvas = pixels(play.view)
    colours = play.image.get_array()
    n, height = play.GRID, canvas.shape[0]
    to_pixels = play.ax_regions.transData.transform
    markers = np.vstack([to_pixels(s.get_offsets()) for s in play.scatters if len(s.get_offsets())])
    (x_lo, x_hi), (y_lo, y_hi) = play.x_range, play.y_range
    checked = 0
    for i in range(2, n, 7):
        for j in range(2, n, 7):
            px, py = to_pixels((x_lo + (j + 0.5) * (x_hi - x_lo) / n, y_lo + (i + 0.5) * (y_hi - y_lo) / n))
            if np.min(np.hypot(*(markers - (px, py)).T)) < 15:   # under a penguin's marker
                continue
            np.testing.assert_array_equal(canvas[height - 1 - int(py), int(px)], colours[i, j])
            checked += 1
    assert checked > 100


def test_text_sprites_paste_a_label_in_any_box_style():
    """A box style whose size is not the text's plus a pad (a sawtooth) is measured as drawn."""
    for sprites in (True, False):
        view = FigureView(figsize=(3, 2), dpi=80, pixel_ratio=2)
        text = view.figure.text(0.5, 0.5, "", ha="center", bbox=dict(boxstyle="sawtooth,pad=0.6", fc="w"))
        view.animate(text)
        if sprites:
            view.cache_text()
            fast = view
        for word in ("one", "two", "one"):
            text.set_text(word)
            view.render()
        if sprites:
            first = pixels(view)
    np.testing.assert_array_equal(first, pixels(view))
    assert fast.text_sprites.hits == 1 and fast.text_sprites.misses == 2

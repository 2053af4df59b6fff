"""DigitExplorer's fast frame (issue 14): the same picture as matplotlib's own drawing, fewer messages."""

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from nnlesson.lessons import capstone
from nnlesson.widgets import digits


@pytest.fixture(scope="module")
def trained():
    return capstone.train_digits(epochs=3)


def _draw_digit_axes(pixels, fast):
    """The explorer's image axes alone at 2× (dpi 160), drawn by imshow or by DigitImage; RGB array."""
    fig = Figure(figsize=(6.6, 3.3), dpi=160)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_axes([0.02, 0.2, 0.26, 0.6])
    if fast:
        digits.DigitImage(ax).show(pixels)
    else:
        ax.imshow(pixels.reshape(8, 8), cmap="gray_r", vmin=0, vmax=16, interpolation="nearest")
    ax.set(xticks=[], yticks=[])
    canvas.draw()
    x0, y0, x1, y1 = ax.bbox.extents
    return np.asarray(canvas.buffer_rgba())[..., :3].astype(int), (x0, y0, x1, y1)


def test_digit_image_is_imshows_picture_up_to_a_cell_edge(trained):
    for pixels in (trained.split.X_test_raw[0], np.arange(64) % 17.0, np.full(64, 8.0)):
        mine, box = _draw_digit_axes(pixels, fast=True)
        theirs, box_theirs = _draw_digit_axes(pixels, fast=False)
        assert np.allclose(box, box_theirs)   # the same square axes (aspect "equal", as imshow)
        x0, y0, x1, y1 = box
        top = mine.shape[0]
        # every cell's middle: exactly imshow's grey, row 0 at the top
        cell = (x1 - x0) / 8
        for k, v in enumerate(pixels):
            r, c = divmod(k, 8)
            row, col = int(top - (y1 - (r + 0.5) * cell)), int(x0 + (c + 0.5) * cell)
            assert np.array_equal(mine[row, col], theirs[row, col])
            level = round(255 * (1 - v / 16))
            assert abs(mine[row, col][0] - level) <= 1
        # elsewhere the two differ at most in one row or column of pixels along a cell edge
        differ = np.any(mine != theirs, axis=-1)
        rows, cols = np.nonzero(differ)
        edges_x, edges_y = x0 + cell * np.arange(9), top - (y1 - cell * np.arange(9))
        near_edge = ((np.abs(cols[:, None] + 0.5 - edges_x).min(1) <= 1.5)
                     | (np.abs(rows[:, None] + 0.5 - edges_y).min(1) <= 1.5))
        assert near_edge.all()
        assert differ.sum() < 0.03 * cell * cell * 64


def test_blitted_frame_equals_matplotlibs_full_drawing(trained):
    """Background pasted, image copied, labels pasted from sprites: the same pixels as drawing it all."""
    ex = digits.DigitExplorer(trained.net, trained.split, index=0)
    for index in (1, 2, 1, 2):            # back to digits seen before: their labels are pasted
        ex.index_slider.value = index
    ex.click_pixel(3, 3)
    sprites = ex.view.text_sprites
    assert sprites.hits > 10
    fast = np.asarray(ex.view.canvas.buffer_rgba()).copy()
    ex.view.text_sprites = None           # every label laid out and drawn by matplotlib
    ex.view.draw(full=True)
    slow = np.asarray(ex.view.canvas.buffer_rgba()).copy()
    ex.view.text_sprites = sprites
    assert np.array_equal(fast, slow)


def test_labels_sit_at_the_probability_their_words_show(trained):
    ex = digits.DigitExplorer(trained.net, trained.split, index=5)
    for index in (5, 40):
        ex.index_slider.value = index
        P = np.array([ex.readouts()[f"p{d}"] for d in range(10)])
        for d, text in enumerate(ex.bar_texts):
            x, y = text.get_position()
            shown = round(P[d], 4) if P[d] >= 1e-4 else 0.0   # what its words say, "<0.01%": 0
            assert x == d and y == pytest.approx(shown + 0.02, abs=1e-12)
            assert abs(y - (P[d] + 0.02)) <= 1e-4      # ≤ 0.03 image pixels from the bar's top + 0.02
            assert text.get_text() == capstone.percent(P[d])
    # the same words: the same place, whatever the probability under 0.005 %
    tiny = [t.get_position()[1] for t in ex.bar_texts if t.get_text() == "<0.01%"]
    assert tiny and set(tiny) == {0.02}


def test_only_changed_pixel_buttons_send_messages(trained, monkeypatch):
    ex = digits.DigitExplorer(trained.net, trained.split, index=0)
    sent = []
    send_state = widgets.Widget.send_state
    monkeypatch.setattr(widgets.Widget, "send_state", lambda self, key=None: (sent.append(self), send_state(self, key)))
    pixel_widgets = {id(b) for b in ex.buttons} | {id(b.style) for b in ex.buttons}

    def pixel_messages():
        count = sum(id(w) in pixel_widgets for w in sent)
        sent.clear()
        return count

    ex.click_pixel(2, 6)              # one pixel: its text, and its two colours in one message
    assert pixel_messages() == 2
    assert ex.buttons[22].description == (str(int(ex.pixels[22])) if ex.pixels[22] else digits.BLANK)
    before = ex.pixels.copy()
    ex.index_slider.value = 1         # another digit: only the pixels that differ
    changed = int(np.sum(ex.pixels != before))
    assert 0 < changed < 64
    assert pixel_messages() == 2 * changed
    ex.reset()                        # nothing changed: no message at all
    assert pixel_messages() == 0

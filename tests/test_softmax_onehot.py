"""The one-hot target in the softmax explorer (lesson 5 §4): the plain functions and the widget,
without a browser; and GlyphText, the explorer's fast text, against matplotlib's own."""

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

import nnlesson as nl
from nnlesson.lessons.lesson5 import one_hot_text, softmax_readouts
from nnlesson.widgets.fastdraw import GlyphText
from nnlesson.widgets.softmax import SoftmaxExplorer

NAMES = ["Adelie", "Chinstrap", "Gentoo"]


def test_one_hot_text_is_the_engines_one_hot_row():
    assert one_hot_text(0) == "Y (one-hot) = [1, 0, 0]"
    assert one_hot_text(2) == "Y (one-hot) = [0, 0, 1]"
    assert one_hot_text(1, 4) == "Y (one-hot) = [0, 1, 0, 0]"
    Y, _ = nl.one_hot(["b"], classes=["a", "b", "c"])
    assert one_hot_text(1) == "Y (one-hot) = [" + ", ".join(str(int(y)) for y in Y[0]) + "]"


def test_only_the_true_class_term_of_the_cross_entropy_survives():
    r = softmax_readouts([2.0, 1.0, -1.0], 2, NAMES)
    P = nl.softmax(np.array([2.0, 1.0, -1.0]))
    np.testing.assert_array_equal(r["Y"], [0.0, 0.0, 1.0])
    np.testing.assert_allclose(r["ce_terms"], [0.0, 0.0, -np.log(P[2])])
    assert r["ce_terms"].sum() == pytest.approx(r["cross_entropy"]) == pytest.approx(3.349, abs=5e-4)
    np.testing.assert_allclose(r["se_terms"], (P - [0, 0, 1]) ** 2)
    assert r["se_terms"].sum() == pytest.approx(r["squared_error"]) == pytest.approx(1.496, abs=5e-4)
    assert r["one_hot"] == "Y (one-hot) = [0, 0, 1]"
    assert r["ce_words"] == "of −Σ Y·ln P only Gentoo's term is left (Y = 0 for the others)"
    assert r["se_words"] == "(P − Y)² of every class: 0.498 + 0.0673 + 0.931"


def test_terms_stay_finite_when_a_probability_underflows():
    r = softmax_readouts([-1000.0, 10.0, 10.0], 0, NAMES)
    assert np.all(np.isfinite(r["ce_terms"])) and r["ce_terms"][1:].tolist() == [0.0, 0.0]
    assert r["ce_terms"][0] == pytest.approx(r["cross_entropy"])


@pytest.mark.parametrize("bad, error, words", [((3, 3), ValueError, "true_class"), (("A", 3), TypeError, "true_class"),
                                               ((0, 1), ValueError, "n_classes"), ((0.5, 3), TypeError, "true_class")])
def test_one_hot_text_rejects_bad_input(bad, error, words):
    with pytest.raises(error, match=words):
        one_hot_text(*bad)


def test_widget_shows_the_one_hot_target_and_follows_the_true_class():
    e = SoftmaxExplorer()
    onehot = e._value_html["onehot"][0]
    assert onehot.value.startswith("Y (one-hot) = [1, 0, 0]") and "Adelie, Chinstrap, Gentoo" in onehot.value
    assert (e.readouts()["y1"], e.readouts()["y2"], e.readouts()["y3"]) == (1.0, 0.0, 0.0)
    assert [b.get_height() for b in e.target_boxes] == [1.0, 0.0, 0.0]
    assert [b.get_visible() for b in e.target_boxes] == [True, False, False]
    assert "−ln P(Adelie) = <b>0.349</b>" in e._value_html["ce"][0].value
    e.true_buttons.value = 2
    assert onehot.value.startswith("Y (one-hot) = [0, 0, 1]")
    assert [b.get_height() for b in e.target_boxes] == [0.0, 0.0, 1.0]
    assert [t.get_text() for t in e.ax_bars.get_xticklabels()] == ["Adelie\nY = 0", "Chinstrap\nY = 0",
                                                                  "Gentoo (true)\nY = 1"]
    assert "−ln P(Gentoo) = <b>3.349</b>" in e._value_html["ce"][0].value
    assert "only Gentoo's term is left" in e._value_html["ce-term"][0].value
    assert "0.498 + 0.0673 + 0.931" in e._value_html["se-terms"][0].value
    assert e.readouts()["cross_entropy"] == pytest.approx(-np.log(nl.softmax(np.array([2.0, 1.0, -1.0]))[2]))


def test_a_score_change_keeps_the_target_and_redraws_only_the_moving_parts():
    e = SoftmaxExplorer(true_class=1)
    before = e.view.renders
    background = e.view._background
    e.z_sliders[1].value = 4.0
    assert e.view.renders == before + 1
    assert e.view._background is background          # not a full redraw: Y and the labels are cached
    assert [b.get_height() for b in e.target_boxes] == [0.0, 1.0, 0.0]
    P = nl.softmax(np.array([2.0, 4.0, -1.0]))
    assert [t.get_text() for t in e.bar_texts] == [f"{p:.3f}" for p in P]
    e.true_buttons.value = 0
    assert e.view._background is not background      # the true class changes the static part


def _drawn(text_class, text, **kwargs):
    fig = Figure(figsize=(4, 1.5), dpi=160)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.axis("off")
    if text_class is None:
        ax.text(0.1, 0.4, text, transform=ax.transAxes, **kwargs)
    else:
        text_class.add(ax, 0.1, 0.4, text, transform=ax.transAxes, **kwargs)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3].astype(int)


@pytest.mark.parametrize("text", ["0.705", "● cross-entropy = 0.349", "sum = 1.000"])
def test_glyph_text_looks_like_matplotlibs_text(text):
    mine, theirs = _drawn(GlyphText, text, fontsize=12, fontweight="bold"), _drawn(None, text, fontsize=12,
                                                                                    fontweight="bold")
    ink_mine, ink_theirs = (mine < 128).any(axis=2), (theirs < 128).any(axis=2)
    rows, cols = np.nonzero(ink_theirs)
    r2, c2 = np.nonzero(ink_mine)
    # the same ink box, to a pixel (glyphs are placed on whole pixels), and nearly the same ink
    assert abs(rows.min() - r2.min()) <= 1 and abs(rows.max() - r2.max()) <= 1
    assert abs(cols.min() - c2.min()) <= 1 and abs(cols.max() - c2.max()) <= 1
    assert abs(ink_mine.sum() - ink_theirs.sum()) <= 0.1 * ink_theirs.sum()


def test_glyph_text_falls_back_to_matplotlib_for_kerned_text_exactly():
    np.testing.assert_array_equal(_drawn(GlyphText, "AVAT Ty"), _drawn(None, "AVAT Ty"))

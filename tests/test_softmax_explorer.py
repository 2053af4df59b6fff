"""Softmax explorer: plain functions and the widget, without a browser."""

import numpy as np
import pytest

import nnlesson as nl
from nnlesson.lessons.lesson5 import (CE_CAP, SCORE_RANGE, binary_output_gradients, error_curves, one_hot_row,
                                      output_gradients, sigmoid_as_softmax, softmax_readouts, squared_error_band)
from nnlesson.widgets.softmax import SoftmaxExplorer


def test_readouts_match_the_package():
    r = softmax_readouts([2.0, 1.0, -1.0], 0, ["A", "B", "C"])
    P = nl.softmax(np.array([2.0, 1.0, -1.0]))
    np.testing.assert_allclose(r["probabilities"], P)
    assert r["sum"] == pytest.approx(1.0)
    assert r["cross_entropy"] == pytest.approx(-np.log(P[0]))
    assert r["cross_entropy"] == pytest.approx(nl.cross_entropy(P[None], np.array([[1.0, 0, 0]])))
    assert r["squared_error"] == pytest.approx((P[0] - 1) ** 2 + P[1] ** 2 + P[2] ** 2)
    assert r["predicted"] == 0 and r["p_true"] == pytest.approx(P[0])
    assert "Right but unsure" in r["message"]


def test_confident_wrong_answer_costs_a_huge_cross_entropy_but_little_squared_error():
    r = softmax_readouts([9.0, 0.0, 0.0], 2, ["A", "B", "C"])
    assert r["cross_entropy"] == pytest.approx(np.log(np.exp(9) + 2.0))
    assert r["squared_error"] < 2.0
    assert r["cross_entropy"] > 4 * r["squared_error"]
    assert r["message"].startswith("Confident and wrong")


@pytest.mark.parametrize("scores", [[20, -20, -20], [-20, 20, 20], [1000, -1000, 0], [-1e6, 1e6, 0]])
def test_extreme_scores_give_finite_numbers_and_words(scores):
    r = softmax_readouts(scores, 0, ["A", "B", "C"])
    assert np.all(np.isfinite(r["probabilities"]))
    assert r["sum"] == pytest.approx(1.0)
    assert np.isfinite(r["cross_entropy"]) and r["cross_entropy"] <= CE_CAP + 1e-9
    assert np.isfinite(r["squared_error"]) and r["squared_error"] <= 2.0
    assert r["message"]
    if r["clipped"]:
        assert "capped" in r["message"]


def test_slider_ends_are_not_clipped():
    # At the slider ends the probabilities read 0 and 1, and −ln P stays exact (no 1e−15 clip).
    lo, hi = SCORE_RANGE
    r = softmax_readouts([lo, hi, hi], 0, ["A", "B", "C"])
    assert not r["clipped"]
    assert r["cross_entropy"] == pytest.approx(np.log(np.exp(lo - hi) + 2.0) - (lo - hi), rel=1e-12)
    assert r["probabilities"][0] < 1e-8 and r["probabilities"][1] == pytest.approx(0.5)


def test_bad_inputs_are_rejected_with_clear_errors():
    with pytest.raises(ValueError, match="true_class"):
        softmax_readouts([1, 2, 3], 3)
    with pytest.raises(TypeError, match="true_class"):
        softmax_readouts([1, 2, 3], "A")
    with pytest.raises(ValueError, match="at least 2"):
        softmax_readouts([1.0], 0)
    with pytest.raises(ValueError, match="class_names"):
        softmax_readouts([1, 2, 3], 0, ["A", "B"])
    with pytest.raises(ValueError, match="NaN"):
        softmax_readouts([1, np.nan, 3], 0)
    with pytest.raises(ValueError, match="n_classes"):
        one_hot_row(0, 1)
    with pytest.raises(ValueError, match="p_true"):
        squared_error_band(1.5)


def test_squared_error_band_brackets_every_distribution():
    rng = np.random.default_rng(0)
    for _ in range(200):
        P = nl.softmax(rng.normal(0, 3, size=3))
        se = nl.mse(P[None], np.array([[1.0, 0, 0]]))
        lo, hi = squared_error_band(P[0])
        assert lo - 1e-12 <= se <= hi + 1e-12


def test_error_curves_are_the_engines_cross_entropy_and_the_band():
    p, ce, (lo, hi) = error_curves()
    assert p[0] == pytest.approx(0.001) and p[-1] == 1.0 and len(p) == 400
    for k in (0, 57, 200, 399):  # −ln p is nl.cross_entropy of a row that gives the true class p
        rest = (1 - p[k]) / 2
        row = np.array([[p[k], rest, rest]])
        assert ce[k] == pytest.approx(nl.cross_entropy(row, np.array([[1.0, 0, 0]])), rel=1e-12)
        assert lo[k] == pytest.approx(nl.mse(row, np.array([[1.0, 0, 0]])), abs=1e-12)  # spread evenly: the low edge
    np.testing.assert_array_equal((lo, hi), squared_error_band(p))


def test_one_hot_row_is_nl_one_hot():
    np.testing.assert_array_equal(one_hot_row(2, 4), [0, 0, 1, 0])
    np.testing.assert_array_equal(one_hot_row(1, 3), nl.one_hot(["b"], ["a", "b", "c"])[0][0])


def test_sigmoid_equals_two_class_softmax():
    z = np.linspace(-30, 30, 121)
    s, p = sigmoid_as_softmax(z)
    np.testing.assert_allclose(s, p, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(s, nl.sigmoid(z))
    s0, p0 = sigmoid_as_softmax(0.7)
    assert float(s0) == pytest.approx(float(p0)) == pytest.approx(1 / (1 + np.exp(-0.7)))


def test_output_gradients_show_saturation():
    g = output_gradients([8.0, 0.0, 0.0], 2)
    P = nl.softmax(np.array([8.0, 0.0, 0.0]))
    np.testing.assert_allclose(g["ce"], P - np.array([0, 0, 1.0]))
    # squared error: 2(P − Y) carried back through the softmax Jacobian diag(P) − P Pᵀ
    J = np.diag(P) - np.outer(P, P)
    np.testing.assert_allclose(g["mse"], J @ (2 * (P - np.array([0, 0, 1.0]))), atol=1e-15)
    assert g["ce_size"] > 100 * g["mse_size"]
    b = binary_output_gradients(-8.0, 1)
    assert b["bce"] == pytest.approx(b["p"] - 1)
    assert b["mse"] == pytest.approx(2 * (b["p"] - 1) * b["p"] * (1 - b["p"]))
    assert abs(b["bce"]) > 100 * abs(b["mse"])
    with pytest.raises(ValueError, match="y must be"):
        binary_output_gradients(0.0, 2)


def test_widget_readouts_follow_the_controls():
    e = SoftmaxExplorer()
    renders = e.view.renders
    e.z_sliders[0].value = -3.0
    e.z_sliders[1].value = 4.5
    e.z_sliders[2].value = 0.5
    e.true_buttons.value = 2
    assert e.view.renders > renders
    Z = np.array([-3.0, 4.5, 0.5])
    P = nl.softmax(Z)
    Y = np.array([[0, 0, 1.0]])
    r = e.readouts()
    np.testing.assert_allclose([r["p1"], r["p2"], r["p3"]], P)
    assert r["sum"] == pytest.approx(1.0)
    assert r["cross_entropy"] == pytest.approx(nl.cross_entropy(P[None], Y))
    assert r["squared_error"] == pytest.approx(nl.mse(P[None], Y))
    # the displayed text carries the same numbers
    assert nl.plots.fmt(nl.cross_entropy(P[None], Y)) in e._value_html["ce"][0].value
    assert nl.plots.fmt(P[1]) in e._value_html["p2"][0].value
    assert "1" in e._value_html["sum"][0].value
    # the bars and their labels moved in place
    assert e.bars[1].get_height() == pytest.approx(P[1])
    assert e.bar_texts[1].get_text() == f"{P[1]:.3f}"
    assert e.sum_text.get_text() == "sum = 1.000"


def test_widget_reset_restores_the_start():
    e = SoftmaxExplorer()
    start = e.readouts()
    e.z_sliders[0].value = 7
    e.true_buttons.value = 1
    assert e.readouts() != start
    e.reset_button.click()
    assert e.readouts() == start
    assert e.true_buttons.value == 0
    assert [s.value for s in e.z_sliders] == [2.0, 1.0, -1.0]


def test_widget_at_slider_ends_never_shows_nan():
    e = SoftmaxExplorer()
    for s, v in zip(e.z_sliders, (-1e9, 1e9, 1e9)):  # clamped by the sliders to ±10
        s.value = v
    r = e.readouts()
    assert all(np.isfinite(v) for v in r.values())
    assert r["p1"] == pytest.approx(0.0, abs=1e-8) and r["p2"] == pytest.approx(0.5)
    assert "not a number" not in e.status_html.value
    assert "Wrong" in e.status_html.value or "wrong" in e.status_html.value
    assert "off the chart" in e.ce_text.get_text()
    for h, _ in e._value_html.values():
        assert "nan" not in h.value.lower() and "not a number" not in h.value


def test_widget_css_classes():
    e = SoftmaxExplorer()
    assert "nnl-softmax" in e.widget._dom_classes
    assert "nnl-softmax-z1" in e.z_sliders[0]._dom_classes
    assert "nnl-softmax-true" in e.true_buttons._dom_classes
    assert "nnl-softmax-ce" in e._value_html["ce"][0]._dom_classes
    assert "nnl-softmax-figure" in e.view.image._dom_classes


def test_widget_checks_its_arguments():
    with pytest.raises(ValueError, match="3 classes"):
        SoftmaxExplorer(class_names=["a", "b"])
    with pytest.raises(ValueError, match="3 numbers"):
        SoftmaxExplorer(scores=[1, 2])


"""Lesson 1's weight explorer: the plain functions (nnlesson.lessons.lesson1) and the widget driven from Python."""

import math

import numpy as np
import pytest

import nnlesson as nl
from nnlesson.plots import fmt
from nnlesson.lessons import lesson1
from nnlesson.widgets.weights import WarmUp, WeightExplorer

X, Y = lesson1.two_weight_data()


def numerical(fn, W1, W2, h=1e-6):
    return ((fn(W1 + h, W2) - fn(W1 - h, W2)) / (2 * h), (fn(W1, W2 + h) - fn(W1, W2 - h)) / (2 * h))


def test_data_is_seeded_small_and_made_from_the_true_weights():
    X2, Y2 = lesson1.two_weight_data()
    assert X.shape == (20, 2) and Y.shape == (20,)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(Y, Y2)
    W1, W2, best = lesson1.lowest_error(X, Y)
    assert abs(W1 - lesson1.TRUE_W1) < 0.15 and abs(W2 - lesson1.TRUE_W2) < 0.15
    assert 0 < best < 0.2  # noise 0.3 → error about 0.09


def test_error_is_nl_mse_of_the_predictions():
    Y_pred = 1.5 * X[:, 0] - 0.5 * X[:, 1]
    assert lesson1.error(1.5, -0.5, X, Y) == nl.mse(Y_pred, Y)
    assert lesson1.error(1.5, -0.5, X, Y) == pytest.approx(np.mean((Y_pred - Y) ** 2), rel=1e-14)


@pytest.mark.parametrize("W1, W2", [(-2.0, 2.0), (0.3, -3.7), (4.0, 4.0), (2.0, -1.0)])
def test_gradient_matches_numerical_derivatives_and_the_network(W1, W2):
    g = lesson1.gradient(W1, W2, X, Y)
    num = numerical(lambda a, b: lesson1.error(a, b, X, Y), W1, W2)
    np.testing.assert_allclose(g, num, rtol=1e-6, atol=1e-7)
    # The same model as a 2 → 1 network with zero bias: backpropagation agrees.
    net = nl.Network([2, 1], output="identity")
    net.set_weights([(np.array([[W1], [W2]]), np.zeros(1))])
    (dW, _), = net.backward(X, Y)
    np.testing.assert_allclose(g, dW[:, 0], rtol=1e-12)


def test_by_hand_formula_equals_package():
    # The formula the notebook writes out: (2/N) Σ (Y_pred − Y)·X1
    W1, W2 = -2.0, 2.0
    by_hand = 2 * np.mean((W1 * X[:, 0] + W2 * X[:, 1] - Y) * X[:, 0])
    assert by_hand == pytest.approx(lesson1.gradient(W1, W2, X, Y)[0], rel=1e-12)


def test_advice_follows_the_sign_rule():
    assert lesson1.advice("W1", 3.2) == "∂E/∂W1 is positive: decrease W1 to lower the error"
    assert lesson1.advice("W2", -0.7) == "∂E/∂W2 is negative: increase W2 to lower the error"
    assert "almost zero" in lesson1.advice("W1", 0.01)
    # following the advice really lowers the error
    for W1, W2 in [(-2, 2), (3, -3), (0, 0)]:
        d1, _ = lesson1.gradient(W1, W2, X, Y)
        step = -0.05 if "decrease W1" in lesson1.advice("W1", d1) else 0.05
        assert lesson1.error(W1 + step, W2, X, Y) < lesson1.error(W1, W2, X, Y)


def test_curve_tangent_grid_and_limits():
    w1 = np.linspace(-4, 4, 9)
    np.testing.assert_allclose(lesson1.error_curve(w1, 0.7, X, Y), [lesson1.error(a, 0.7, X, Y) for a in w1],
                               rtol=1e-12)
    tangent = lesson1.tangent_line(1.0, 0.7, X, Y, w1)
    assert tangent[5] == pytest.approx(lesson1.error(1.0, 0.7, X, Y))
    assert (tangent[6] - tangent[5]) == pytest.approx(lesson1.gradient(1.0, 0.7, X, Y)[0])
    w2 = np.linspace(-4, 4, 5)
    grid = lesson1.error_grid(w1, w2, X, Y)
    assert grid.shape == (5, 9)
    assert grid[1, 7] == pytest.approx(lesson1.error(w1[7], w2[1], X, Y), rel=1e-12)
    lo, hi = lesson1.curve_limits(X, Y)
    big = lesson1.error_grid(np.linspace(-4, 4, 41), np.linspace(-4, 4, 41), X, Y)
    assert lo < 0 and big.max() <= hi


def test_downhill_arrow_points_against_the_gradient():
    (x0, y0), (x1, y1) = lesson1.downhill_arrow(-2, 2, X, Y, length=1.0)
    g = np.array(lesson1.gradient(-2, 2, X, Y))
    d = np.array([x1 - x0, y1 - y0])
    assert np.hypot(*d) == pytest.approx(1.0)
    np.testing.assert_allclose(d, -g / np.hypot(*g))
    W1, W2, _ = lesson1.lowest_error(X, Y)
    Xe, Ye = X, X @ np.array([1.0, 2.0])  # noise-free: the gradient is exactly zero at (1, 2)
    assert lesson1.downhill_arrow(1.0, 2.0, Xe, Ye) is None


def test_inputs_are_checked_with_clear_messages():
    with pytest.raises(ValueError, match=r"X must have 2 columns.*\(20, 3\)"):
        lesson1.error(1, 1, np.zeros((20, 3)), Y)
    with pytest.raises(ValueError, match="same number of rows"):
        lesson1.gradient(1, 1, X, Y[:5])
    with pytest.raises(TypeError, match="W1 must be a finite number"):
        lesson1.error("1", 1, X, Y)
    with pytest.raises(ValueError, match="W2 must be a finite"):
        lesson1.gradient(1, float("nan"), X, Y)
    with pytest.raises(ValueError, match="W1 must lie in its slider range"):
        WeightExplorer(W1=9)
    with pytest.raises(ValueError, match="give both X and Y"):
        WeightExplorer(X=X)


# -- the widget --------------------------------------------------------------------------------
def expected(W1, W2):
    d1, d2 = lesson1.gradient(W1, W2, X, Y)
    return {"W1": W1, "W2": W2, "error": lesson1.error(W1, W2, X, Y), "dE_dW1": d1, "dE_dW2": d2}


def test_start_readouts_and_css_classes():
    e = WeightExplorer()
    assert e.readouts() == expected(-2.0, 2.0)
    assert "nnl-weights" in e.widget._dom_classes
    for widget, css in [(e.W1_slider, "W1"), (e.W2_slider, "W2"), (e.error_html, "error"), (e.dW1_html, "dW1"),
                        (e.dW2_html, "dW2"), (e.view.image, "figure")]:
        assert f"nnl-weights-{css}" in widget._dom_classes
    assert fmt(e.readouts()["error"]) in e.error_html.value
    assert "negative" in e.dW1_html.value and "increase W1 to lower the error" in e.dW1_html.value
    assert "positive" in e.dW2_html.value and "decrease W2 to lower the error" in e.dW2_html.value


def test_sliders_change_readouts_and_artists_to_package_numbers():
    e = WeightExplorer()
    renders = e.view.renders
    e.W1_slider.value = 1.5
    assert e.readouts() == expected(1.5, 2.0)
    e.W2_slider.value = -3.2
    assert e.readouts() == expected(1.5, -3.2)
    assert e.view.renders == renders + 2
    assert fmt(expected(1.5, -3.2)["dE_dW1"]) in e.dW1_html.value
    np.testing.assert_allclose(e.curve.get_ydata(), lesson1.error_curve(e._w1, -3.2, X, Y))
    assert e.point.get_xydata().tolist() == [[1.5, expected(1.5, -3.2)["error"]]]
    assert e.map_point.get_xydata().tolist() == [[1.5, -3.2]]
    assert list(e.slice_line.get_ydata()) == [-3.2, -3.2]
    tx = e.tangent.get_ydata()
    slope = (tx[1] - tx[0]) / (e._w1[1] - e._w1[0])
    assert slope == pytest.approx(expected(1.5, -3.2)["dE_dW1"])
    assert fmt(expected(1.5, -3.2)["dE_dW1"]) in e.slope_text.get_text()


def test_sliders_at_their_ends_and_rapid_changes_stay_finite():
    e = WeightExplorer()
    for W1 in (-4.0, 4.0):
        for W2 in (-4.0, 4.0):
            e.W1_slider.value, e.W2_slider.value = W1, W2
            r = e.readouts()
            assert r == expected(W1, W2)
            assert all(math.isfinite(v) for v in r.values())
            assert "not a number" not in e.error_html.value + e.dW1_html.value + e.dW2_html.value
            # the curve stays inside the fixed y-limits, so blitting never needs new limits
            assert e.curve.get_ydata().max() <= e.ax_curve.get_ylim()[1]
    e.W1_slider.value = 99  # typed out of range: the slider clamps
    assert e.readouts()["W1"] == 4.0
    rng = np.random.default_rng(0)
    for v in rng.uniform(-4, 4, 60).round(1):
        e.W1_slider.value = float(v)
    assert e.readouts() == expected(e.W1_slider.value, 4.0)
    for artist in (e.curve, e.tangent, e.point, e.map_point):
        assert np.all(np.isfinite(artist.get_xydata()))
    png = e.view.png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_arrow_hidden_at_the_exact_minimum():
    Xe = X
    Ye = X @ np.array([1.0, 2.0])
    e = WeightExplorer(Xe, Ye, W1=1.0, W2=2.0)
    assert e.readouts()["error"] == pytest.approx(0.0, abs=1e-25)
    assert not e.arrow.get_visible()
    assert "almost zero" in lesson1.advice("W1", e.readouts()["dE_dW1"])
    e.W1_slider.value = 0.0
    assert e.arrow.get_visible()


def test_warm_up_slider_for_lesson_0():
    demo = WarmUp()
    assert demo.readouts() == {"W": 0.5, "Y_pred": 1.5, "miss": -4.5}
    assert "too low" in demo.readout.value and "nnl-warmup-W" in demo.W_slider._dom_classes
    demo.W_slider.value = 2.0
    assert demo.readouts() == {"W": 2.0, "Y_pred": 6.0, "miss": 0.0}
    assert "exact!" in demo.readout.value
    demo.W_slider.value = 3.0
    assert demo.readouts()["miss"] == 3.0 and "too high" in demo.readout.value
    assert lesson1.one_weight_readout(-1.5, 2.0, 1.0) == (-3.0, -4.0)
    with pytest.raises(TypeError, match="W must be a finite number"):
        lesson1.one_weight_readout(None)


def test_keyboard_float_noise_is_snapped_to_the_slider_step():
    assert lesson1.snap(2.000000000000001, 0.5) == 2.0
    assert lesson1.snap(-1.7000000000000002, 0.1) == -1.7
    e = WeightExplorer()
    e.W1_slider.value = -2.0 + 0.1 + 0.1 + 0.1  # what three ArrowRight presses send: -1.7000000000000002
    assert e.readouts() == expected(-1.7, 2.0)
    demo = WarmUp()
    demo.W_slider.value = 0.5 + 0.5 + 0.5 + 0.5000000000000001
    assert demo.readouts()["miss"] == 0.0 and "exact!" in demo.readout.value


def test_map_arrow_grows_with_the_steepness_within_bounds():
    for W1, W2 in [(-2.0, 2.0), (1.9, -0.9), (4.0, 4.0)]:
        start, end = lesson1.map_arrow(W1, W2, X, Y)
        steepness = float(np.hypot(*lesson1.gradient(W1, W2, X, Y)))
        length = float(np.hypot(end[0] - start[0], end[1] - start[1]))
        assert length == pytest.approx(min(0.15 * 8, max(0.5, 0.4 * steepness)))
        assert (start, end) == lesson1.downhill_arrow(W1, W2, X, Y, length=min(1.2, max(0.5, 0.4 * steepness)))
    Xe, Ye = X, X @ np.array([1.0, 2.0])
    assert lesson1.map_arrow(1.0, 2.0, Xe, Ye) is None


def test_lesson_data_and_weight_ranges_are_checked():
    Xl, Yl = lesson1.lesson_data()
    np.testing.assert_array_equal(Xl, X)
    np.testing.assert_array_equal(Yl, Y)
    _, Y2 = lesson1.lesson_data(X, Y.reshape(-1, 1))
    assert Y2.shape == (20,)
    with pytest.raises(ValueError, match="give both X and Y"):
        lesson1.lesson_data(X=X)
    assert lesson1.check_weight_range("W1_range", [-1, 3]) == (-1.0, 3.0)
    with pytest.raises(ValueError, match="low < high"):
        lesson1.check_weight_range("W1_range", (3, -1))
    with pytest.raises(TypeError, match="W2_range must be a pair"):
        lesson1.check_weight_range("W2_range", 4)
    with pytest.raises(ValueError, match="Y must hold one target per row"):
        lesson1.check_two_weight_data(X, np.zeros((20, 2)))


@pytest.mark.parametrize("W1, W2", [(1.0, 0.7), (-3.2, 2.5), (lesson1.TRUE_W1, lesson1.TRUE_W2)])
def test_weight_explorer_frame_is_the_separate_functions_at_once(W1, W2):
    """One slider move's numbers, the data checked once: the same as the public functions one by one."""
    w1 = np.linspace(-4, 4, 41)
    frame = lesson1.weight_explorer_frame(W1, W2, X, Y, w1)
    readouts = lesson1.weight_readouts(W1, W2, X, Y)
    assert {k: frame[k] for k in readouts} == readouts
    np.testing.assert_array_equal(frame["curve"], lesson1.error_curve(w1, W2, X, Y))
    np.testing.assert_allclose(frame["tangent"], lesson1.tangent_line(W1, W2, X, Y, w1), rtol=1e-12, atol=1e-12)
    assert frame["arrow"] == lesson1.map_arrow(W1, W2, X, Y)


def test_weight_explorer_frame_checks_its_inputs():
    with pytest.raises(ValueError, match="X and Y must have the same number of rows"):
        lesson1.weight_explorer_frame(1.0, 0.5, X, Y[:-1], np.linspace(-4, 4, 5))
    with pytest.raises((TypeError, ValueError), match="W1 must be"):
        lesson1.weight_explorer_frame(float("nan"), 0.5, X, Y, np.linspace(-4, 4, 5))
    with pytest.raises((TypeError, ValueError), match="W1_values must be"):
        lesson1.weight_explorer_frame(1.0, 0.5, X, Y, [[1.0, 2.0]])

"""Lesson 3 §7's gradient-check explorer: the plain functions of `lesson3_gradcheck` (numbers checked
against nnlesson.gradcheck and Network.backward) and `GradCheckExplorer` without a browser."""

from __future__ import annotations

import math

import numpy as np
import pytest

import nnlesson as nl
from nnlesson.gradcheck import numerical_gradients
from nnlesson.lessons import lesson3
from nnlesson.lessons import lesson3_gradcheck as gc
from nnlesson.widgets import EXPLORERS, GradCheckExplorer
from nnlesson.widgets.gradcheck import DIGITS

X, Y = lesson3.lesson_data()
HIDDEN, OUTPUT = "w(X3→h2)", "w(h2→Y_pred)"


@pytest.fixture
def net():
    return lesson3.lesson_network()


# -- the plain functions -------------------------------------------------------------------------------
def test_the_names_are_lesson_3s_in_the_tables_order(net):
    names = gc.parameter_names(net)
    assert names == [row[0] for row in lesson3.gradient_table(net, X, Y)]
    assert len(names) == net.n_parameters == 11
    assert gc.parameter_index(net, HIDDEN) == (0, "W", (2, 1))
    assert gc.parameter_index(net, "b(h2)") == (0, "b", (1,))
    assert gc.parameter_index(net, OUTPUT) == (1, "W", (1, 0))
    assert gc.weight_value(net, HIDDEN) == net.layers[0].W[2, 1]


@pytest.mark.parametrize("name", gc.parameter_names(lesson3.lesson_network()))
def test_the_numerical_slope_is_nnlesson_gradchecks(net, name):
    """The same central difference as nnlesson.gradcheck, for every weight and bias, and close to backprop."""
    l, kind, index = gc.parameter_index(net, name)
    numeric = numerical_gradients(net, X, Y, loss="mse", h=1e-5)[l][0 if kind == "W" else 1][index]
    assert gc.numerical_slope(net, X, Y, name, 1e-5) == pytest.approx(numeric, rel=1e-12, abs=1e-15)
    dW, db = net.backward(X, Y, loss="mse")[l]
    assert gc.backprop_slope(net, X, Y, name) == (dW if kind == "W" else db)[index]


@pytest.mark.parametrize("eps", [1e-12, 1e-5, 0.3, 1.0])
def test_the_readouts_are_the_plain_functions(net, eps):
    r = gc.gradcheck_readouts(net, X, Y, HIDDEN, eps)
    assert (r["E_plus"], r["E_minus"]) == gc.nudged_errors(net, X, Y, HIDDEN, eps)
    assert r["numerical"] == gc.numerical_slope(net, X, Y, HIDDEN, eps)
    assert r["backprop"] == gc.backprop_slope(net, X, Y, HIDDEN)
    assert r["relative"] == pytest.approx(abs(r["numerical"] - r["backprop"])
                                          / (abs(r["numerical"]) + abs(r["backprop"])), rel=1e-12)
    assert r["words"] == gc.agreement_words(r["relative"])


def test_the_nudged_errors_are_the_networks_loss(net):
    w = gc.weight_value(net, HIDDEN)
    E_plus, E_minus = gc.nudged_errors(net, X, Y, HIDDEN, 0.1)
    other = net.copy()
    other.layers[0].W[2, 1] = w + 0.1
    assert E_plus == other.loss(X, Y)
    other.layers[0].W[2, 1] = w - 0.1
    assert E_minus == other.loss(X, Y)
    assert gc.weight_value(net, HIDDEN) == w                  # the network given is left as it was


def test_the_v_truncation_and_rounding(net):
    """Best near ε = 1e-5; worse for a large ε (truncation) and for a tiny one (rounding)."""
    r = {eps: gc.gradcheck_readouts(net, X, Y, HIDDEN, eps)["relative"] for eps in (1e-12, 1e-5, 1e-1, 1.0)}
    assert r[1e-5] < 1e-9
    assert r[1e-1] > 1e-4 and r[1.0] > 1e-2                   # truncation error grows like ε²
    assert r[1e-1] / gc.gradcheck_readouts(net, X, Y, HIDDEN, 1e-2)["relative"] == pytest.approx(100, rel=0.05)
    assert r[1e-12] > 1e-6                                      # rounding error grows like 1/ε
    eps, relative = gc.difference_curve(net, X, Y, HIDDEN)
    assert eps[0] == pytest.approx(1e-12) and eps[-1] == pytest.approx(1.0) and len(eps) == 49
    best = eps[np.argmin(relative)]
    assert 1e-7 <= best <= 1e-4
    assert relative[np.searchsorted(eps, 1e-1 - 1e-12)] == pytest.approx(r[1e-1], rel=1e-9)


def test_a_last_layer_weight_has_no_truncation_error(net):
    """E is a parabola in an output weight: the secant through w ± ε is parallel to the tangent."""
    assert gc.gradcheck_readouts(net, X, Y, OUTPUT, 1.0)["relative"] < 1e-13
    w = gc.weight_value(net, OUTPUT)
    at = np.linspace(w - 1, w + 1, 5)
    tangent, secant = gc.tangent_and_secant(net, X, Y, OUTPUT, 1.0, at)
    assert np.allclose(np.diff(tangent), np.diff(secant), rtol=1e-10)
    E = gc.errors_at(net, X, Y, OUTPUT, at)
    assert np.allclose(np.diff(E, 3), 0, atol=1e-12)            # a parabola: third differences vanish


def test_the_secant_passes_through_the_nudged_points(net):
    r = gc.gradcheck_readouts(net, X, Y, HIDDEN, 0.5)
    w = r["w"]
    tangent, secant = gc.tangent_and_secant(net, X, Y, HIDDEN, 0.5, [w - 0.5, w, w + 0.5])
    assert secant[0] == pytest.approx(r["E_minus"]) and secant[2] == pytest.approx(r["E_plus"])
    assert tangent[1] == pytest.approx(net.loss(X, Y))
    assert (tangent[2] - tangent[0]) / 1.0 == pytest.approx(r["backprop"])


@pytest.mark.parametrize("relative, words", [
    (0.0, "every digit a computer keeps"), (1e-17, "every digit"), (2.2e-11, "agree to 10 digits"),
    (5.2e-4, "agree to 3 digits"), (0.052, "only 1 digit"), (0.5, "disagree"), (1.0, "disagree"),
])
def test_the_agreement_in_words(relative, words):
    assert words in gc.agreement_words(relative)


@pytest.mark.parametrize("call, error, words", [
    (lambda n: gc.parameter_names("net"), TypeError, "net must be"),
    (lambda n: gc.parameter_index(n, "w(X9→h1)"), ValueError, "unknown weight name"),
    (lambda n: gc.parameter_index(n, 3), TypeError, "name must be one of the network's weights"),
    (lambda n: gc.nudged_errors(n, X, Y, HIDDEN, 0), ValueError, "eps must be a positive number"),
    (lambda n: gc.nudged_errors(n, X, Y, HIDDEN, 2.0), ValueError, "eps must be a nudge from 1e-12 to 1"),
    (lambda n: gc.nudged_errors(n, X, Y, HIDDEN, 1e-13), ValueError, "eps must be a nudge"),
    (lambda n: gc.nudged_errors(n, X, Y, HIDDEN, "1e-5"), TypeError, "eps must be a positive number"),
    (lambda n: gc.numerical_slope(n, X, Y, HIDDEN, math.nan), ValueError, "eps must be"),
    (lambda n: gc.backprop_slope(n, X[:, :2], Y, HIDDEN), ValueError, "X"),
    (lambda n: gc.backprop_slope(n, X, Y[:3], HIDDEN), ValueError, "rows"),
    (lambda n: gc.errors_at(n, X, Y, HIDDEN, [np.nan]), ValueError, "values"),
    (lambda n: gc.errors_at(n, X, Y, HIDDEN, "1"), TypeError, "values"),
    (lambda n: gc.difference_curve(n, X, Y, HIDDEN, [1e-5, 10.0]), ValueError, "each of eps_values"),
    (lambda n: gc.eps_grid(0), ValueError, "points_per_decade"),
    (lambda n: gc.agreement_words(-1e-3), ValueError, "relative must be"),
    (lambda n: gc.agreement_words(None), TypeError, "relative must be"),
    (lambda n: gc.tangent_and_secant(n, X, Y, HIDDEN, 1e-5, None), TypeError, "at"),
    (lambda n: gc.secant_line({"w": 0.0}, [0.0]), TypeError, "readouts must be the dict"),
    (lambda n: gc.secant_line(gc.gradcheck_readouts(n, X, Y, HIDDEN, 1e-5), [np.inf]), ValueError, "at"),
    (lambda n: gc.gradcheck_readouts(n, X, Y, "W1", 1e-5), ValueError, "unknown weight name"),
])
def test_bad_input_is_refused_in_words(net, call, error, words):
    with pytest.raises(error, match=words):
        call(net)


# -- the explorer, without a browser ------------------------------------------------------------------
@pytest.fixture
def explorer(net):
    return GradCheckExplorer(net, X, Y)


def test_it_is_registered_and_starts_on_a_hidden_weight(explorer):
    assert EXPLORERS["GradCheckExplorer"] == "gradcheck"
    assert getattr(nl.widgets, "GradCheckExplorer") is GradCheckExplorer
    r = explorer.readouts()
    assert r["eps"] == 1e-5 and r["relative"] < 1e-9
    assert explorer.weight_menu.value == HIDDEN and explorer.weight_menu.options == tuple(gc.parameter_names(
        lesson3.lesson_network()))
    assert "agree to 10 digits" in explorer.agreement_html.value
    assert explorer.status_line.value == ""


def test_moving_eps_updates_readouts_and_picture_in_place(explorer):
    figure, renders, png = explorer.view.figure, explorer.view.renders, explorer.view.image.value
    explorer.eps_slider.value = 1.0
    r = explorer.readouts()
    expected = gc.gradcheck_readouts(lesson3.lesson_network(), X, Y, HIDDEN, 1.0)
    assert r == {k: expected[k] for k in r}
    assert r["relative"] > 1e-2
    assert f"{nl.plots.fmt(expected['numerical'], DIGITS)}" in explorer.numerical_html.value
    assert f"{nl.plots.fmt(expected['backprop'], DIGITS)}" in explorer.backprop_html.value
    assert f"{nl.plots.fmt(expected['E_plus'], DIGITS)}" in explorer.nudged_html.value
    assert "only 1 digit" in explorer.agreement_html.value
    assert explorer.view.renders == renders + 1 and explorer.view.image.value != png
    assert explorer.view.figure is figure                          # updated in place, never rebuilt
    x, y = explorer.nudges.get_data()
    assert list(x) == pytest.approx([r["w"] - 1, r["w"] + 1]) and list(y) == [r["E_minus"], r["E_plus"]]
    assert list(explorer.v_dot.get_data()[0]) == [1.0]
    explorer.eps_slider.value = 1e-12
    assert explorer.readouts()["relative"] > 1e-6
    assert explorer.settings() == {"weight": HIDDEN, "eps": 1e-12}


def test_keyboard_steps_land_on_round_nudges(explorer):
    """A FloatLogSlider's arrow keys move the exponent by 0.5: 10^-4.5, 10^-4, ... (no float noise)."""
    explorer.eps_slider.value = 10 ** (-5 + 0.5 + 0.5)
    assert explorer.settings()["eps"] == 1e-4
    assert explorer.code() == "GradCheckExplorer(net=net, X=X, Y=Y, eps=0.0001)"


def test_choosing_a_weight_redraws_the_whole_figure(explorer):
    renders = explorer.view.renders
    explorer.weight_menu.value = OUTPUT
    assert explorer.view.renders == renders + 1
    w = gc.weight_value(lesson3.lesson_network(), OUTPUT)
    assert explorer.ax_error.get_xlim() == pytest.approx((w - 1.25, w + 1.25))
    assert OUTPUT in explorer.ax_error.get_xlabel()
    assert not explorer.truncation_label.get_visible() and explorer.rounding_label.get_visible()
    explorer.eps_slider.value = 1.0
    assert explorer.readouts()["relative"] < 1e-13
    assert explorer.readouts()["backprop"] == gc.backprop_slope(lesson3.lesson_network(), X, Y, OUTPUT)


def test_settings_and_code_rebuild_it(net, explorer):
    explorer.weight_menu.value = "b(h1)"
    explorer.eps_slider.value = 1e-2
    settings = explorer.settings()
    assert settings == {"weight": "b(h1)", "eps": 0.01}
    again = GradCheckExplorer(net, X, Y, **settings)
    assert again.readouts() == explorer.readouts()
    assert explorer.code() == "GradCheckExplorer(net=net, X=X, Y=Y, weight='b(h1)', eps=0.01)"


def test_the_learners_network_is_left_alone(net):
    before = [(W.copy(), b.copy()) for W, b in net.get_weights()]
    e = GradCheckExplorer(net, X, Y)
    e.eps_slider.value = 1.0
    e.weight_menu.value = OUTPUT
    assert all(np.array_equal(W, W0) and np.array_equal(b, b0) for (W, b), (W0, b0) in zip(net.get_weights(), before))


def test_nan_and_out_of_range_eps_are_said_and_never_shown(explorer):
    explorer.eps_slider.value = float("nan")
    assert explorer.eps_slider.value == pytest.approx(1e-5)
    assert "cannot be NaN" in explorer.status_line.value
    explorer.eps_slider.value = math.inf
    assert explorer.eps_slider.value == 1.0
    assert "outside its range" in explorer.status_line.value and "set to 1" in explorer.status_line.value
    assert explorer.readouts()["eps"] == 1.0
    explorer.eps_slider.value = 1e-20
    assert explorer.readouts()["eps"] == pytest.approx(1e-12)
    explorer.eps_slider.value = 1e-3                                # the next move clears the note
    assert explorer.status_line.value == ""
    assert all(np.isfinite(v) for v in explorer.readouts().values())


def test_another_network_without_the_default_weight(net):
    small = nl.make_network(2, 3, 1, hidden="tanh", seed=0)
    e = GradCheckExplorer(small, X[:, :2], Y)
    assert e.weight_menu.value == "w(X1→h1)" and len(e.weight_menu.options) == small.n_parameters
    assert e.readouts()["relative"] < 1e-8


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(net="net"), TypeError, "net must be"),
    (dict(X=X[:, :2]), ValueError, "X"),
    (dict(Y=None), TypeError, "Y"),
    (dict(weight="w(X4→h1)"), ValueError, "unknown weight name"),
    (dict(weight=None), TypeError, "name must be one of the network's weights"),
    (dict(weight=np.array([1, 2])), TypeError, "name must be one of the network's weights"),
    (dict(eps=5.0), ValueError, "eps must be a nudge from 1e-12 to 1"),
    (dict(eps=0), ValueError, "eps must be a positive number"),
    (dict(eps=math.nan), ValueError, "eps must be"),
    (dict(eps="small"), TypeError, "eps must be"),
])
def test_bad_arguments_are_refused_when_it_is_built(net, kwargs, error, words):
    args = {"net": net, "X": X, "Y": Y, **kwargs}
    with pytest.raises(error, match=words):
        GradCheckExplorer(**args)

"""Lesson 5, section 7: one neuron trained with squared error and with cross-entropy.

The plain functions (nnlesson.lessons.lesson5_saturation) against independent loops and numerical
derivatives; the self-check's slips; the SaturationExplorer without a browser.
"""

import math

import numpy as np
import pytest

from nnlesson.lessons import lesson5_saturation as sat
from nnlesson.plots import fmt
from nnlesson.widgets import SaturationExplorer


def sigma(z):
    return 1.0 / (1.0 + math.exp(-z))


def squared_error(z, y):
    return (sigma(z) - y) ** 2


def cross_entropy(z, y):
    P = sigma(z)
    return -(y * math.log(P) + (1 - y) * math.log(1 - P))


def numerical(f, z, y, h=1e-5):
    return (f(z + h, y) - f(z - h, y)) / (2 * h)


def independent_loop(w, b, x, y, lr, steps, loss):
    """Plain-float gradient descent on one neuron, written out without the package."""
    Ps = []
    for _ in range(steps + 1):
        P = sigma(w * x + b)
        Ps.append(P)
        g = P - y if loss == "cross_entropy" else 2 * (P - y) * P * (1 - P)
        w, b = w - lr * g * x, b - lr * g
    return Ps


# -- ∂E/∂z ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("z", [-7.0, -4.0, -1.0, 0.0, 0.5, 3.0, 7.0])
@pytest.mark.parametrize("y", [0, 1])
def test_dE_dz_squared_error_is_2_P_minus_Y_times_slope_and_the_numerical_derivative(z, y):
    P = sigma(z)
    got = sat.dE_dz(z, y, "squared_error")
    assert got == pytest.approx(2 * (P - y) * P * (1 - P), rel=1e-12, abs=1e-300)
    assert got == pytest.approx(numerical(squared_error, z, y), rel=1e-6, abs=1e-10)


@pytest.mark.parametrize("z", [-7.0, -4.0, -1.0, 0.0, 0.5, 3.0, 7.0])
@pytest.mark.parametrize("y", [0, 1])
def test_dE_dz_cross_entropy_is_P_minus_Y_and_the_numerical_derivative(z, y):
    got = sat.dE_dz(z, y, "cross_entropy")
    assert got == pytest.approx(sigma(z) - y, rel=1e-9)
    assert got == pytest.approx(numerical(cross_entropy, z, y), rel=1e-6, abs=1e-10)


def test_dE_dz_takes_arrays_and_the_saturated_ratio():
    Z = np.array([-7.0, 0.0, 7.0])
    np.testing.assert_allclose(sat.dE_dz(Z, 1, "cross_entropy"), [sigma(-7) - 1, -0.5, sigma(7) - 1])
    # Confidently wrong: squared error's ∂E/∂z is 2·σ′(−7) ≈ 0.00182 of cross-entropy's (≈ 549 times smaller).
    ratio = sat.dE_dz(-7.0, 1, "cross_entropy") / sat.dE_dz(-7.0, 1, "squared_error")
    assert ratio == pytest.approx(1 / (2 * sigma(-7) * (1 - sigma(-7))))
    assert round(ratio) == 549


@pytest.mark.parametrize("args, error, match", [
    ((0.0, 1, "mse"), ValueError, "loss"),
    ((0.0, 2, "cross_entropy"), ValueError, "y must be the target 0 or 1"),
    ((0.0, True, "cross_entropy"), ValueError, "y must be"),
    ((float("nan"), 1, "cross_entropy"), ValueError, "z must be"),
    (("a", 1, "cross_entropy"), TypeError, "z must be"),
])
def test_dE_dz_bad_input(args, error, match):
    with pytest.raises(error, match=match):
        sat.dE_dz(*args)


# -- the race -------------------------------------------------------------------------------------
def test_race_follows_an_independent_loop_and_dE_dz_at_every_step():
    runs = sat.race(w=-3.5, b=-3.5, x=1.0, y=1, lr=1.0, steps=100)
    for loss, run in runs.items():
        np.testing.assert_allclose(run["P"], independent_loop(-3.5, -3.5, 1.0, 1, 1.0, 100, loss), rtol=1e-10)
        np.testing.assert_allclose(run["dE_dz"], sat.dE_dz(run["z"], 1, loss), rtol=1e-10, atol=1e-300)
        np.testing.assert_allclose(run["slope"], run["P"] * (1 - run["P"]))
        assert len(run["P"]) == 101
    np.testing.assert_allclose(runs["squared_error"]["loss"], (runs["squared_error"]["P"] - 1) ** 2)
    np.testing.assert_allclose(runs["cross_entropy"]["loss"], -np.log(runs["cross_entropy"]["P"]), rtol=1e-10)


def test_from_confidently_wrong_cross_entropy_reaches_the_right_side_in_fewer_steps():
    # Independent loop: w = b = −3.5, x = 1, y = 1 (P = 0.000911), lr = 1.
    ce = independent_loop(-3.5, -3.5, 1.0, 1, 1.0, 400, "cross_entropy")
    se = independent_loop(-3.5, -3.5, 1.0, 1, 1.0, 400, "squared_error")
    ce_step = next(t for t, P in enumerate(ce) if P >= 0.5)
    se_step = next(t for t, P in enumerate(se) if P >= 0.5)
    assert (ce_step, se_step) == (4, 283)
    runs = sat.race(-3.5, -3.5, 1.0, 1, 1.0, 400)
    assert sat.steps_to_reach(runs["cross_entropy"]["P"], 1) == 4
    assert sat.steps_to_reach(runs["squared_error"]["P"], 1) == 283
    assert sat.steps_to_reach(runs["cross_entropy"]["P"], 1, level=0.9) == 8
    assert sat.steps_to_reach(runs["squared_error"]["P"], 1, level=0.9) == 299
    # within the explorer's default 100 steps squared error is still confidently wrong
    assert runs["squared_error"]["P"][100] == pytest.approx(se[100]) and se[100] < 0.0015


def test_target_zero_mirrors_target_one():
    one = sat.race(-3.5, -3.5, 1.0, 1, 1.0, 50)
    zero = sat.race(3.5, 3.5, 1.0, 0, 1.0, 50)
    for loss in sat.LOSSES:
        np.testing.assert_allclose(zero[loss]["P"], 1 - one[loss]["P"], atol=1e-12)
        assert sat.steps_to_reach(zero[loss]["P"], 0) == sat.steps_to_reach(one[loss]["P"], 1)


def test_from_unsure_the_difference_is_only_a_factor_two():
    runs = sat.race(0.0, 0.0, 1.0, 1, 1.0, 10)
    assert runs["cross_entropy"]["dE_dz"][0] == pytest.approx(-0.5)
    assert runs["squared_error"]["dE_dz"][0] == pytest.approx(-0.25)
    assert sat.steps_to_reach(runs["cross_entropy"]["P"], 1) == 0


def test_steps_to_reach_and_presets():
    assert sat.steps_to_reach([0.1, 0.4, 0.6, 0.2], 1) == 2
    assert sat.steps_to_reach([0.9, 0.6, 0.3], 0) == 2
    assert sat.steps_to_reach([0.1, 0.2], 1) is None
    assert sat.preset("confidently wrong", 1) == (-3.5, -3.5)
    assert sat.preset("confidently wrong", 0) == (3.5, 3.5)
    assert sat.preset("unsure", 1) == (0.0, 0.0)
    w, b = sat.preset("confidently right", 1, x=2.0)
    assert w * 2.0 + b == pytest.approx(7.0)
    with pytest.raises(ValueError, match="P must be a 1-D"):
        sat.steps_to_reach([[0.1]], 1)
    with pytest.raises(ValueError, match="preset"):
        sat.preset("sure", 1)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"lr": 0.0}, ValueError, "lr must be a finite number from 0.01 to 5"),
    ({"steps": 0}, ValueError, "steps must be a whole number from 1 to 500"),
    ({"steps": 2.5}, TypeError, "steps must be a whole number"),
    ({"x": float("inf")}, ValueError, "x must be"),
    ({"w": None}, TypeError, "w must be"),
    ({"y": -1}, ValueError, "y must be the target 0 or 1"),
])
def test_race_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        sat.race(**kwargs)


# -- the self-check -------------------------------------------------------------------------------
def test_exercise_numbers():
    n = sat.exercise_numbers()
    P = sigma(-4.0)
    assert n["P"] == pytest.approx(P) and n["slope"] == pytest.approx(P * (1 - P))
    assert n["squared_error"] == pytest.approx(-0.03469, rel=1e-3)
    assert n["cross_entropy"] == pytest.approx(-0.9820, rel=1e-4)


def test_check_dE_dz_passes_right_answers_rounded_as_the_lesson_rounds():
    assert sat.check_dE_dz(-0.03469, -0.982).passed
    assert sat.check_dE_dz(2 * (0.01799 - 1) * 0.01766, 0.01799 - 1).passed
    assert not sat.check_dE_dz(None, -0.982).passed


@pytest.mark.parametrize("value, hint", [
    (2 * (sigma(-4) - 1), "∂P/∂z = σ′(z)"),                                 # forgot σ′(z)
    ((sigma(-4) - 1) * sigma(-4) * (1 - sigma(-4)), "factor 2"),           # forgot the 2
    (-2 * (sigma(-4) - 1) * sigma(-4) * (1 - sigma(-4)), "sign is flipped"),  # Y − P
    (sigma(-4) - 1, "That is ∂E/∂z under cross-entropy"),
])
def test_squared_error_slips_get_their_hint(value, hint):
    f = sat.check_dE_dz_squared_error(value)
    assert not f.passed and hint in f.hint
    assert fmt(value) in f.title  # the learner's own value is shown


@pytest.mark.parametrize("value, hint", [
    (1 - sigma(-4), "sign is flipped"),
    ((sigma(-4) - 1) * sigma(-4) * (1 - sigma(-4)), "cancel"),
    (2 * (sigma(-4) - 1), "no factor 2"),
])
def test_cross_entropy_slips_get_their_hint(value, hint):
    f = sat.check_dE_dz_cross_entropy(value)
    assert not f.passed and hint in f.hint


def test_check_dE_dz_says_which_one_is_wrong():
    f = sat.check_dE_dz(-0.03469, 0.982)
    assert not f.passed
    assert "(cross-entropy) The sign is flipped" in f.hint and "(squared error)" not in f.hint
    f = sat.check_dE_dz("abc", -0.982)
    assert not f.passed and "squared error" in f.title


# -- the explorer ---------------------------------------------------------------------------------
def html_numbers(e):
    return " ".join(h.value for h in e._html.values())


def test_explorer_readouts_are_the_lesson_numbers():
    e = SaturationExplorer()
    runs = sat.race(**{k: v for k, v in e.settings().items()})
    r = e.readouts()
    assert r["start_P"] == runs["cross_entropy"]["P"][0]
    assert r["reach_cross_entropy"] == 4 and r["reach_squared_error"] is None
    ce_html, se_html, start_html = e._html["cross_entropy"].value, e._html["squared_error"].value, e._html["start"].value
    assert f"P = σ(z) = <b>{fmt(runs['cross_entropy']['P'][0])}</b>" in start_html
    assert f"σ′(z) = P(1 − P) = <b>{fmt(runs['squared_error']['slope'][0])}</b>" in start_html
    assert f"= <b>{fmt(runs['cross_entropy']['dE_dz'][0])}</b>" in ce_html
    assert f"= <b>{fmt(runs['squared_error']['dE_dz'][0])}</b>" in se_html
    assert f"P = <b>{fmt(runs['squared_error']['P'][-1])}</b>" in se_html
    assert f"σ′(z) at the end = <b>{fmt(runs['squared_error']['slope'][-1])}</b>" in se_html
    assert "at step <b>4</b>" in ce_html and "not within 100 steps" in se_html
    assert e.status_html.value == ("The start is wrong (P = 0.0009111, target 1). P(right answer) ≥ 0.5: "
                                   "cross-entropy step 4, squared error not within 100 steps; ≥ 0.9: cross-entropy "
                                   "step 8, squared error not within 100 steps. At the start squared error's "
                                   "|∂E/∂z| is 549 times smaller.")
    # the figure's lines hold the runs
    np.testing.assert_array_equal(e.P_lines["squared_error"].get_ydata(), runs["squared_error"]["P"])


@pytest.mark.parametrize("name, w, b, P0", [("confidently wrong", -3.5, -3.5, sigma(-7)), ("unsure", 0.0, 0.0, 0.5),
                                            ("confidently right", 3.5, 3.5, sigma(7))])
def test_presets(name, w, b, P0):
    e = SaturationExplorer(w=1.0, b=1.0)
    renders = e.view.renders
    e.preset_buttons[name].click()
    assert (e.w_slider.value, e.b_slider.value) == (w, b)
    assert e.view.renders == renders + 1           # one update for the two sliders
    assert e.readouts()["start_P"] == pytest.approx(P0)
    assert fmt(P0) in e._html["start"].value


def test_unsure_start_is_said_and_the_level_0_9_is_reported():
    e = SaturationExplorer()
    e.preset("unsure")
    runs = sat.race(0.0, 0.0, 1.0, 1, 1.0, 100)
    k90 = [sat.steps_to_reach(runs[loss]["P"], 1, 0.9) for loss in ("cross_entropy", "squared_error")]
    assert k90 == [5, 17]
    assert e.status_html.value.startswith("The start is unsure (P = 0.5, target 1)")
    assert "≥ 0.9: cross-entropy step 5, squared error step 17. At the start squared error's |∂E/∂z| is 2 times" \
        in e.status_html.value


def test_presets_follow_the_target():
    e = SaturationExplorer()
    e.y_buttons.value = 0
    e.preset("confidently wrong")
    assert (e.w_slider.value, e.b_slider.value) == (3.5, 3.5)
    r = e.readouts()
    assert r["start_P"] == pytest.approx(sigma(7))
    assert r["reach_cross_entropy"] == 4 and r["reach_squared_error"] is None
    assert "y = 0" in e.ax_P.get_title(loc="left")


def test_slider_change_updates_the_readouts():
    e = SaturationExplorer()
    e.w_slider.value = -1.0
    e.steps_slider.value = 200
    runs = sat.race(-1.0, -3.5, 1.0, 1, 1.0, 200)
    assert e.readouts()["end_P_squared_error"] == runs["squared_error"]["P"][-1]
    assert e.ax_P.get_xlim() == (0.0, 200.0)
    assert f"after 200 steps P = <b>{fmt(runs['squared_error']['P'][-1])}</b>" in e._html["squared_error"].value


def test_settings_round_trip_and_code():
    e = SaturationExplorer()
    assert e.code() == "SaturationExplorer()"
    e.w_slider.value, e.b_slider.value, e.lr_slider.value, e.steps_slider.value = 0.3, -2.1, 0.5, 250
    e.y_buttons.value = 0
    s = e.settings()
    assert s == {"w": 0.3, "b": -2.1, "x": 1.0, "y": 0, "lr": 0.5, "steps": 250}
    again = SaturationExplorer(**s)
    assert again.settings() == s and again.readouts() == e.readouts()
    assert e.code() == "SaturationExplorer(w=0.3, b=-2.1, y=0, lr=0.5, steps=250)"
    assert eval(e.code(), {"SaturationExplorer": SaturationExplorer}).settings() == s
    assert "SaturationExplorer(w=0.3" in e._code_html.value


@pytest.mark.parametrize("value, said", [(float("nan"), "cannot be NaN"), (float("inf"), "outside its range"),
                                         (-float("inf"), "outside its range"), (9.0, "outside its range")])
def test_nan_and_inf_to_sliders_are_clamped_and_said(value, said):
    e = SaturationExplorer()
    before = e.w_slider.value
    e.w_slider.value = value
    assert np.isfinite(e.w_slider.value)
    assert e.w_slider.value == (before if said == "cannot be NaN" else (5.0 if value > 0 else -5.0))
    assert said in e.status_html.value and "start w" in e.status_html.value
    assert np.isfinite(e.readouts()["start_P"])
    e.lr_slider.value = value
    assert np.isfinite(e.lr_slider.value) and said in e.status_html.value
    e.b_slider.value = 0.0                        # the next move by the learner clears the note
    assert "⚠" not in e.status_html.value


@pytest.mark.parametrize("kwargs, error, match", [
    ({"w": 6.0}, ValueError, "w must be a finite number from -5 to 5"),
    ({"b": float("nan")}, ValueError, "b must be"),
    ({"lr": "fast"}, TypeError, "lr must be"),
    ({"steps": 1000}, ValueError, "steps must be a whole number from 1 to 500"),
    ({"y": 2}, ValueError, "y must be the target 0 or 1"),
    ({"x": 4.0}, ValueError, "x must be a finite number from -3 to 3"),
])
def test_bad_constructor_arguments_raise(kwargs, error, match):
    with pytest.raises(error, match=match):
        SaturationExplorer(**kwargs)

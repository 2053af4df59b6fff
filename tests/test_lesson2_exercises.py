"""Lesson 2's exercise 3, "too small, good, too large": the bowl's numbers, the checkers' verdicts
and hints, and bad input."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from nnlesson.lessons import lesson2
from nnlesson.lessons import lesson2_exercises as ex
from nnlesson.training import has_diverged

RIGHT = {0.01: "too small", 0.15: "good", 0.3: "good", 0.5: "diverges"}


# -- the bowl: the numbers the checkers expect come from here ------------------------------------
def test_the_limit_is_where_the_factor_reaches_minus_one():
    assert ex.diverging_lr(2.5) == pytest.approx(0.4)
    assert ex.bowl_factor(2.5, ex.diverging_lr(2.5)) == pytest.approx(-1.0)
    assert ex.best_lr(2.5) == pytest.approx(0.2)
    assert ex.bowl_factor(2.5, ex.best_lr(2.5)) == pytest.approx(0.0, abs=1e-15)
    assert ex.bowl_error(3.0) == 0 and ex.bowl_error(1.0) == pytest.approx(10.0)


@pytest.mark.parametrize("a", [0.3, 0.79, 2.5, 40.0])
def test_runs_of_descent_agree_with_the_limit(a):
    """Just below 1/a the run closes in; just above it the package's divergence rule fires."""
    limit = ex.diverging_lr(a)
    below = ex.bowl_descent(0.98 * limit, steps=400, a=a)
    above = ex.bowl_descent(1.02 * limit, steps=400, a=a)
    E_start = ex.bowl_error(0.0, a=a)
    assert abs(below[-1] - 3.0) < 0.1 * abs(below[0] - 3.0)
    assert has_diverged(ex.bowl_error(above[-1], a=a), E_start)
    assert not has_diverged(ex.bowl_error(below[-1], a=a), E_start)


def test_one_step_with_the_best_rate_lands_on_the_bottom():
    assert ex.bowl_descent(ex.best_lr(), steps=1) == [0.0, pytest.approx(3.0)]


def test_the_distance_shrinks_by_the_factor_every_step():
    path = np.array(ex.bowl_descent(0.3, steps=5)) - 3.0
    assert np.allclose(path[1:] / path[:-1], ex.bowl_factor(2.5, 0.3))


def test_the_verdicts_of_the_exercise_rates():
    assert {lr: ex.lr_verdict(lr) for lr in ex.EXERCISE_RATES} == RIGHT
    # "too small" by the stated rule: more than a tenth of the distance left after 20 steps
    left = abs(ex.bowl_descent(0.01)[-1] - 3.0) / 3.0
    assert left == pytest.approx(0.95 ** 20) and left > 0.1
    assert abs(ex.bowl_descent(0.3)[-1] - 3.0) / 3.0 < 1e-5
    assert ex.lr_verdict(ex.diverging_lr()) == "diverges"     # exactly −1: it never closes in


def test_lesson2_reexports_the_checkers():
    assert lesson2.check_lr_limit is ex.check_lr_limit
    assert lesson2.check_lr_verdicts is ex.check_lr_verdicts


# -- exercise 3a -------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", [0.4, 2 / 5, Fraction(2, 5), np.float64(0.4), 0.4000, 0.40])
def test_the_limit_passes(value):
    assert ex.check_lr_limit(value).passed


@pytest.mark.parametrize("value, words", [
    (0.2, "one step lands exactly on the bottom"),
    (0.8, "with the 2"),
    (0.1, "reach −1, not 1/2"),
    (2.5, "the bowl's a itself"),
    (5.0, "2a, the curvature"),
    (-0.4, "A learning rate is positive"),
])
def test_each_slip_of_the_limit_gets_its_hint(value, words):
    feedback = ex.check_lr_limit(value)
    assert not feedback.passed
    assert words in feedback.hint
    assert "0.4" not in feedback.hint                       # never the answer ...
    assert "between 0.1 and 1" in feedback.title            # ... but the kind of value expected
    assert f"lr_limit is {ex.fmt(value)}" in feedback.title  # beside the learner's own


@pytest.mark.parametrize("value, words", [
    (..., "not written yet"), (None, "not written yet"), ("0.4", "the text"), (True, "yes/no"),
    (float("nan"), "NaN"), ([0.4, 0.2], "2 numbers"), (1 + 2j, "complex"),
])
def test_absurd_limits_get_their_own_feedback(value, words):
    feedback = ex.check_lr_limit(value)
    assert not feedback.passed
    assert words in feedback.title + feedback.hint


# -- exercise 3b -------------------------------------------------------------------------------------
def test_the_right_verdicts_pass_in_any_spelling():
    assert ex.check_lr_verdicts(RIGHT).passed
    spelled = {"0.01": " Too  Small", 0.15: "GOOD", 0.3: "good", 0.5: "too large"}
    assert ex.check_lr_verdicts(spelled).passed


def test_a_crossing_step_called_divergent_gets_the_negative_factor_hint():
    feedback = ex.check_lr_verdicts({**RIGHT, 0.3: "diverges"})
    assert not feedback.passed
    assert "1 of 4 verdicts is not right yet" in feedback.title and "lr = 0.3" in feedback.title
    assert "negative" in feedback.hint and "between −1 and 0" in feedback.hint


def test_a_divergent_rate_called_good_gets_the_below_minus_one_hint():
    feedback = ex.check_lr_verdicts({**RIGHT, 0.5: "good"})
    assert "lr = 0.5" in feedback.title and "below −1" in feedback.hint


def test_a_crawling_rate_called_good_gets_the_twenty_steps_hint():
    feedback = ex.check_lr_verdicts({lr: "good" for lr in RIGHT})
    assert "2 of 4 verdicts are not right yet" in feedback.title and "lr = 0.01" in feedback.title
    assert "|1 − 2a·lr|^20" in feedback.hint


def test_a_small_positive_factor_called_divergent_gets_its_hint():
    feedback = ex.check_lr_verdicts({**RIGHT, 0.15: "diverges"})
    assert "between 0 and 1" in feedback.hint


@pytest.mark.parametrize("verdicts, words", [
    (None, "not written yet"),
    (..., "not written yet"),
    ({0.01: ..., 0.15: ..., 0.3: ..., 0.5: ...}, "not written yet"),
    (["good"], "is a list"),
    ({0.01: "too small"}, "no verdict for lr = 0.15"),
    ({**RIGHT, 0.02: "good"}, "key 0.02"),
    ({**RIGHT, "fast": "good"}, "key 'fast'"),
    ({**RIGHT, True: "good"}, "key True"),
    ({**RIGHT, 0.3: "fine"}, "'fine'"),
    ({**RIGHT, 0.3: 1}, "not text"),
])
def test_bad_verdicts_are_answered_in_words(verdicts, words):
    feedback = ex.check_lr_verdicts(verdicts)
    assert not feedback.passed
    assert words in feedback.title + feedback.hint


# -- bad input to the plain functions ----------------------------------------------------------------
@pytest.mark.parametrize("call, error, words", [
    (lambda: ex.diverging_lr(0), ValueError, "a must be a positive number"),
    (lambda: ex.diverging_lr("2"), TypeError, "a must be a positive number"),
    (lambda: ex.best_lr(-1), ValueError, "a must be"),
    (lambda: ex.bowl_factor(2.5, math.nan), ValueError, "lr must be a positive number"),
    (lambda: ex.bowl_error(None), TypeError, "W must be"),
    (lambda: ex.bowl_descent(0.1, steps=0), ValueError, "steps must be"),
    (lambda: ex.bowl_descent(0.1, steps=2.5), TypeError, "steps must be"),
    (lambda: ex.bowl_descent(0.1, W=math.inf), ValueError, "W must be"),
    (lambda: ex.lr_verdict(0.1, left=2), ValueError, "left must be"),
    (lambda: ex.lr_verdict(True), TypeError, "lr must be"),
])
def test_bad_input_is_refused_in_words(call, error, words):
    with pytest.raises(error, match=words):
        call()

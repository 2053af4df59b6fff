"""Lesson 4's exercise checkers accept right answers and catch the typical slips."""

import math

import numpy as np
import pytest

import nnlesson as nl
from nnlesson.lessons import lesson4


def not_written(*args):
    raise NotImplementedError


# -- the MSE by hand --------------------------------------------------------------------------
def test_mse_by_hand_accepts_five_thirds():
    assert lesson4.check_mse_by_hand(5 / 3).passed
    assert lesson4.check_mse_by_hand(nl.mse(lesson4.HAND_Y_PRED, lesson4.HAND_Y)).passed


@pytest.mark.parametrize("value, words", [
    (5.0, "added the squared errors"),       # sum instead of mean
    (-1 / 3, "square each one first"),       # forgot the square
    (1.0, "mean absolute error"),            # absolute instead of square
    (math.sqrt(5 / 3), "square root"),       # RMSE instead of MSE
])
def test_mse_by_hand_rejects_typical_slips(value, words):
    feedback = lesson4.check_mse_by_hand(value)
    assert not feedback.passed
    assert words in feedback.hint


def test_mse_by_hand_rejects_non_numbers():
    assert not lesson4.check_mse_by_hand("five thirds").passed
    feedback = lesson4.check_mse_by_hand(None)
    assert not feedback.passed and "not written yet" in feedback.title


# -- mse(Y_pred, Y) ---------------------------------------------------------------------------
def test_check_mse_accepts_correct_versions():
    assert lesson4.check_mse(lambda Y_pred, Y: np.mean((Y_pred - Y) ** 2)).passed
    assert lesson4.check_mse(lambda Y_pred, Y: np.sum((Y - Y_pred) ** 2) / len(Y)).passed
    assert lesson4.check_mse(nl.mse).passed


@pytest.mark.parametrize("fn, words", [
    (lambda P, Y: np.sum((P - Y) ** 2), "summed the squared errors"),
    (lambda P, Y: np.mean(P - Y), "square each difference"),
    (lambda P, Y: np.mean(np.abs(P - Y)), "mean absolute error"),
    (lambda P, Y: np.sqrt(np.mean((P - Y) ** 2)), "RMSE"),
    (lambda P, Y: np.mean(P - Y) ** 2, "squared the mean difference"),
])
def test_check_mse_rejects_typical_mistakes(fn, words):
    feedback = lesson4.check_mse(fn)
    assert not feedback.passed
    assert words in feedback.hint


def test_check_mse_not_written_and_no_return():
    assert "not written yet" in lesson4.check_mse(not_written).title
    assert "None" in lesson4.check_mse(lambda P, Y: None).title


# -- RMSE in grams ----------------------------------------------------------------------------
def test_rmse_in_grams_reference_matches_the_standardizer():
    """√MSE·y_std equals the RMSE computed directly in grams."""
    rng = np.random.default_rng(1)
    y = rng.normal(4200, 800, size=50)
    y_pred = y + rng.normal(0, 300, size=50)
    scaler = nl.Standardizer().fit(y[:, None])
    mse_s = nl.mse(scaler.transform(y_pred[:, None]), scaler.transform(y[:, None]))
    assert lesson4.rmse_in_grams(mse_s, scaler.std[0]) == pytest.approx(math.sqrt(np.mean((y_pred - y) ** 2)))


def test_check_rmse_accepts_both_orders():
    assert lesson4.check_rmse_in_grams(lambda m, s: math.sqrt(m) * s).passed
    assert lesson4.check_rmse_in_grams(lambda m, s: np.sqrt(m * s ** 2)).passed


@pytest.mark.parametrize("fn, words", [
    (lambda m, s: math.sqrt(m), "standardised units"),       # forgot to undo the standardisation
    (lambda m, s: m * s, "square root"),                     # forgot the root
    (lambda m, s: m * s ** 2, "square root"),                # MSE in g², no root
    (lambda m, s: math.sqrt(m) / s, "divided by y_std"),
    (lambda m, s: math.sqrt(m) * s ** 2, "Check the order"),
])
def test_check_rmse_rejects_typical_mistakes(fn, words):
    feedback = lesson4.check_rmse_in_grams(fn)
    assert not feedback.passed
    assert words in feedback.hint


def test_check_rmse_not_written():
    feedback = lesson4.check_rmse_in_grams(not_written)
    assert not feedback.passed and "not written yet" in feedback.title


# -- issue 11/12: rounding, slips, the multi-output convention, bad values ---------------------
@pytest.mark.parametrize("value", [1.667, 1.6667, 1.67, 5 / 3])
def test_mse_by_hand_accepts_the_lessons_rounding(value):
    assert lesson4.check_mse_by_hand(value).passed


@pytest.mark.parametrize("value, words", [
    (5 / 6, "half the MSE"), (0.8333, "half the MSE"), (5 / 9, "divided by N = 3 twice"),
])
def test_mse_by_hand_new_slips(value, words):
    feedback = lesson4.check_mse_by_hand(value)
    assert not feedback.passed and words in feedback.hint
    assert "factor 2" not in feedback.hint
    assert f"is {nl.plots.fmt(value)}" in feedback.title and "1.667" not in str(feedback)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), "5/3", [1.0, 2.0], True, 1j])
def test_mse_by_hand_bad_values_get_feedback(value):
    assert not lesson4.check_mse_by_hand(value).passed


@pytest.mark.parametrize("fn, words", [
    (lambda P, Y: np.mean((P - Y) ** 2) / 2, "half the MSE"),
    (lambda P, Y: np.mean((P - Y) ** 2 / len(Y)), "divided each row's squared miss by N"),
])
def test_check_mse_half_and_divided_twice(fn, words):
    feedback = lesson4.check_mse(fn)
    assert not feedback.passed and words in feedback.hint and "factor 2" not in feedback.hint


def test_check_mse_states_the_multi_output_convention_only_where_it_matters():
    feedback = lesson4.check_mse(lambda Y_pred, Y: np.mean((Y_pred - Y) ** 2))
    assert feedback.passed
    assert "adds the squared errors over the outputs and averages over the rows" in feedback.note
    assert "half of that" in feedback.note
    assert lesson4.check_mse(nl.mse).note == ""


def test_check_mse_in_place_and_endless_loop(monkeypatch):
    def sneaky(Y_pred, Y):
        Y_pred -= Y
        return np.mean(Y_pred ** 2)
    assert lesson4.check_mse(sneaky).title == "mse changed its input Y_pred in place."
    from nnlesson import exercises
    monkeypatch.setattr(exercises, "TIME_LIMIT", 0.3)

    def forever(m, s):
        while True:
            pass
    assert "took longer than 0.3 s" in lesson4.check_rmse_in_grams(forever).title


# -- §1 self-check: regression or classification ----------------------------------------------------
RIGHT_KINDS = {"a house's price": "regression", "which digit (0 to 9) a handwritten picture shows": "classification",
               "tomorrow's temperature": "regression", "whether an email is spam or not": "classification"}


def test_task_kinds_are_the_ones_the_notebook_asks_about():
    assert {t: k for t, (k, _) in lesson4.TASK_KINDS.items()} == RIGHT_KINDS


def test_task_kinds_checker_accepts_the_right_kinds_in_any_case():
    fb = lesson4.check_task_kinds(RIGHT_KINDS)
    assert fb.passed and fb.title == "all 4 tasks are right."
    loose = {t: f"  {k.upper()} " for t, k in RIGHT_KINDS.items()}
    assert lesson4.check_task_kinds(loose).passed


@pytest.mark.parametrize("task, wrong, why", [
    ("a house's price", "classification", "1 000 off is better than 100 000 off"),
    ("which digit (0 to 9) a handwritten picture shows", "regression", "one of ten classes"),
    ("tomorrow's temperature", "classification", "1° off is better than 10° off"),
    ("whether an email is spam or not", "regression", "one of two classes, spam or not spam"),
])
def test_task_kinds_checker_explains_each_wrong_item(task, wrong, why):
    fb = lesson4.check_task_kinds({**RIGHT_KINDS, task: wrong})
    assert not fb.passed and fb.title == "3 of 4 tasks right."
    assert why[1:] in fb.hint
    assert fb.hint.startswith(f"{task}: not {wrong}.") and fb.hint.count("\n") == 0   # only the wrong item


def test_task_kinds_checker_answers_for_every_item_and_never_raises():
    fb = lesson4.check_task_kinds({t: ... for t in RIGHT_KINDS})
    assert not fb.passed and fb.title == "0 of 4 tasks right." and fb.hint.count("not answered yet") == 4
    fb = lesson4.check_task_kinds({"a house's price": "regression", "tomorrow's temperature": 3,
                                   "whether an email is spam or not": None, "my own task": "regression"})
    assert fb.title == "1 of 4 tasks right."
    assert "which digit (0 to 9) a handwritten picture shows: missing from your dict" in fb.hint
    assert "tomorrow's temperature: 3 is not one of the two words" in fb.hint
    assert "whether an email is spam or not: not answered yet." in fb.hint
    assert "'my own task'" in fb.note
    for junk in (None, ..., "regression", ["regression"] * 4, 4):
        fb = lesson4.check_task_kinds(junk)
        assert not fb.passed and "answers should be a dict" in fb.title

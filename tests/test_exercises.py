"""The self-check machinery (nnlesson.exercises): time limit, errors, inputs changed in place,
absurd values, the by-hand rounding rule, slips tied to wrong-answer functions, and feedback that
shows the learner's value but never the answer."""

import decimal
import fractions
import signal
import threading
import time

import numpy as np
import pytest

from nnlesson import exercises
from nnlesson.exercises import Feedback, Slip, agrees_by_hand, check_function, check_value, describe_expected


def mse_rows(Y_pred, Y):
    """Sum over the outputs, mean over the rows (nl.mse's convention)."""
    return np.sum((Y_pred - Y) ** 2) / len(Y)


def one_output_inputs(rng):
    Y = rng.normal(size=(4, 1))
    return Y + rng.normal(size=(4, 1)), Y


def total(a):
    return float(np.sum(a))


def vector_inputs(rng):
    return (rng.normal(size=3) + 2.0,)


def check_total(fn, **kw):
    return check_function(fn, reference=total, make_inputs=vector_inputs, name="total", **kw)


# -- the time limit -------------------------------------------------------------------------
def forever(a):
    while True:
        pass


def forever_and_stubborn(a):
    while True:
        try:
            while True:
                pass
        except Exception:   # a learner's catch-all must not swallow the time limit
            pass


@pytest.mark.parametrize("fn", [forever, forever_and_stubborn])
def test_time_limit_interrupts_an_endless_loop(fn):
    start = time.monotonic()
    fb = check_total(fn, time_limit=0.5)
    elapsed = time.monotonic() - start
    assert not fb.passed
    assert fb.title == "total took longer than 0.5 s: is there a loop that never ends?"
    assert 0.45 < elapsed < 2.0


def test_time_limit_restores_the_previous_alarm_handler_and_timer():
    fired = []

    def mine(signum, frame):
        fired.append(signum)

    old = signal.signal(signal.SIGALRM, mine)
    try:
        signal.setitimer(signal.ITIMER_REAL, 3.0)
        check_total(forever, time_limit=0.3)
        assert signal.getsignal(signal.SIGALRM) is mine
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 2.0 < left < 2.8          # the 3 s timer goes on, less the 0.3 s used
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        time.sleep(0.2)
        assert fired == [signal.SIGALRM]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_off_the_main_thread_the_checker_gives_up_after_the_limit():
    box = {}

    def worker():
        start = time.monotonic()
        box["fb"] = check_total(lambda a: time.sleep(3) or total(a), time_limit=0.3)
        box["elapsed"] = time.monotonic() - start

    t = threading.Thread(target=worker)
    t.start()
    t.join(5)
    assert box["elapsed"] < 1.5
    assert "took longer than 0.3 s" in box["fb"].title
    assert "running in the background" in box["fb"].hint


def test_default_time_limit_is_five_seconds_and_configurable(monkeypatch):
    assert exercises.TIME_LIMIT == 5.0
    monkeypatch.setattr(exercises, "TIME_LIMIT", 0.2)
    assert "longer than 0.2 s" in check_total(forever).title


# -- errors and unwritten functions ---------------------------------------------------------
@pytest.mark.parametrize("fn, words", [
    (lambda a: 1 / 0, "raised ZeroDivisionError: division by zero"),
    (lambda a: a[10], "raised IndexError"),
    (lambda a: undefined_name, "raised NameError: name 'undefined_name' is not defined"),  # noqa: F821
    (lambda a: a @ np.ones((4, 4)), "raised ValueError"),
    (lambda a: np.zeros(10 ** 13), "raised"),            # MemoryError or ValueError, in words
    (lambda a: exec("raise RecursionError"), "raised RecursionError"),
])
def test_whatever_the_learner_raises_becomes_one_line(fn, words):
    fb = check_total(fn)
    assert not fb.passed and words in fb.title
    assert "Traceback" not in str(fb) and "File \"" not in str(fb)


def test_the_error_points_at_the_learners_line():
    def broken(a):
        b = a * 2
        return b / undefined_name  # noqa: F821
    fb = check_total(broken)
    assert "return b / undefined_name" in fb.title and "(line " in fb.title


def test_not_written_and_not_a_function():
    def todo(a):
        raise NotImplementedError
    assert check_total(todo).title == "total is not written yet."
    assert "should be a function, but it is a int" in check_total(3).title


# -- inputs changed in place ----------------------------------------------------------------
def test_a_right_answer_that_changed_its_input_fails_and_names_it():
    def sneaky(values):
        result = total(values)
        values[0] = 0.0
        return result
    fb = check_total(sneaky)
    assert not fb.passed
    assert fb.title == "total changed its input values in place."
    assert "return a new array instead" in fb.hint and "values.copy()" in fb.hint


def test_in_place_change_of_the_second_argument_is_named():
    def step(W, dW):
        W -= 0.1 * dW
        return W
    fb = check_function(step, reference=lambda W, dW: W - 0.1 * dW,
                        make_inputs=lambda rng: (rng.normal(size=3), rng.normal(size=3)))
    assert "changed its input W in place" in fb.title
    fb = check_function(lambda W, dW: W - 0.1 * dW, reference=lambda W, dW: W - 0.1 * dW,
                        make_inputs=lambda rng: (rng.normal(size=3), rng.normal(size=3)))
    assert fb.passed


def test_a_list_argument_sorted_in_place_is_noticed():
    def sorts(labels):
        labels.sort()
        return len(labels)
    fb = check_function(sorts, reference=len, make_inputs=lambda rng: (list(rng.permutation(5)),))
    assert "changed its input labels in place" in fb.title


# -- absurd values --------------------------------------------------------------------------
@pytest.mark.parametrize("value, words", [
    (None, "returned nothing (None)"),
    ("12", "returned the text '12'"),
    (True, "a yes/no value"),
    (1 + 2j, "a complex number"),
    ({"a": 1}, "returned a dict"),
    ([1.0, [2.0]], "not a number or a rectangular array"),
    ([1.0, 2.0], "2 numbers"),
    (np.ones((2, 2)), "4 numbers"),
    (np.nan, "not a number"),
    (np.inf, "∞"),
    ([None], "holding complex numbers, text or None"),
])
def test_absurd_return_values_get_feedback(value, words):
    fb = check_total(lambda a: value)
    assert isinstance(fb, Feedback) and not fb.passed
    assert words in fb.title, fb


def test_non_finite_answer_hint_and_wrong_shapes_for_arrays():
    ref = lambda a: a * 2  # noqa: E731
    fb = check_function(lambda a: a / 0.0, ref, vector_inputs)
    assert "NaN (not a number) or infinity" in fb.hint
    fb = check_function(lambda a: np.concatenate([a, a]), ref, vector_inputs)
    assert "returned shape (6,); expected an array of shape (3,)" in fb.title
    fb = check_function(lambda a: (a * 2)[:, None], ref, vector_inputs)   # a (3, 1) column is accepted
    assert fb.passed
    two_d = lambda rng: (rng.normal(size=(2, 3)),)  # noqa: E731
    fb = check_function(lambda a: (a * 2).T, ref, two_d)
    assert "shape (3, 2) (turned on its side?)" in fb.title


# -- the learner's value is shown, the answer never ------------------------------------------
def test_failure_shows_the_learners_value_and_the_kind_expected_not_the_answer():
    rng = np.random.default_rng(0)
    (a,) = vector_inputs(rng)
    expected, mine = total(a), total(a) + 0.5
    fb = check_total(lambda a: total(a) + 0.5)
    assert f"total returned {exercises.fmt(mine)}" in fb.title
    assert "expected a positive number between 1 and 10 in size" in fb.title
    for shown in (exercises.fmt(expected), f"{expected:.3g}", f"{expected:.2f}"):
        assert shown not in str(fb)


def test_describe_expected_says_shape_sign_and_size_only():
    assert describe_expected(0.0042) == "a positive number between 0.001 and 0.01 in size"
    assert describe_expected(-37.0) == "a negative whole number between 10 and 100 in size"
    words = describe_expected(np.array([[0.5, -3.25]]))
    assert words == "an array of shape (1, 2) of numbers (some positive, some negative, the largest between 1 and 10 in size)"
    assert describe_expected(np.eye(3)) == "an array of shape (3, 3) of 0s and 1s (all ≥ 0)"


# -- slips: a hint only for the slip it belongs to -------------------------------------------
def mixed_inputs():
    """One output in the first trial, two in the next: averaging over all elements is right at
    first and then exactly half, the same as a missing factor 2 there."""
    calls = [0]

    def make(rng):
        calls[0] += 1
        k = 1 if calls[0] == 1 else 2
        Y = rng.normal(size=(4, k))
        return Y + rng.normal(size=(4, k)), Y
    return make


SLIPS = [
    Slip(lambda P, Y: mse_rows(P, Y) / 2, "HALF: did you include the factor 2?"),
    Slip(lambda P, Y: np.mean((P - Y) ** 2), "ALL: sum over the outputs, mean over the rows."),
    Slip(lambda P, Y: mse_rows(P, Y) / len(Y), "TWICE: you divided by N twice."),
]


@pytest.mark.parametrize("learner, hint", [
    (lambda P, Y: mse_rows(P, Y) / 2, "HALF"),
    (lambda P, Y: np.mean((P - Y) ** 2), "ALL"),
    (lambda P, Y: np.sum((P - Y) ** 2 / len(Y)) / len(Y), "TWICE"),
    (lambda P, Y: mse_rows(P, Y) + 1, None),
])
def test_each_slip_hint_appears_for_its_slip_only(learner, hint):
    fb = check_function(learner, mse_rows, mixed_inputs(), hints=SLIPS, n_trials=3)
    assert not fb.passed
    for other in ("HALF", "ALL", "TWICE"):
        assert (other in fb.hint) == (other == hint), fb
    if hint is None:
        assert fb.hint == "Write the formula out on paper for one row and compare term by term."


def test_property_hints_still_work_and_a_broken_slip_is_skipped():
    hints = [Slip(lambda a: 1 / 0, "never"), (lambda args, got, exp: got < 0, "NEGATIVE")]
    fb = check_total(lambda a: -total(a), hints=hints)
    assert fb.hint == "NEGATIVE"
    with pytest.raises(TypeError, match="hints must be"):
        check_total(total, hints=["just a string"])


def test_a_transposed_answer_is_recognised_by_its_slip():
    hints = [Slip(lambda a: (a * 2).T, "TURNED")]
    fb = check_function(lambda a: (a * 2).T, lambda a: a * 2, lambda rng: (rng.normal(size=(2, 3)),), hints=hints)
    assert fb.hint == "TURNED" and "shape (3, 2)" in fb.title


# -- numbers typed by hand: the rounding rule ------------------------------------------------
@pytest.mark.parametrize("value, passed", [
    (5 / 3, True), (1.667, True), (1.6667, True), (1.67, True), (1.666, True),
    (1.665, False), (1.6, False), (1.7, False), (2, False), (-1.667, False),
    (fractions.Fraction(5, 3), True), (decimal.Decimal("1.667"), True), (np.float32(5 / 3), True),
])
def test_a_by_hand_value_rounded_as_the_lesson_rounds_passes(value, passed):
    assert check_value(value, 5 / 3).passed is passed


def test_too_few_digits_is_asked_for_more_digits_not_called_wrong():
    fb = check_value(1.7, 5 / 3)
    assert not fb.passed and "too rounded to check" in fb.title and "at least 3 significant digits" in fb.hint


def test_agrees_by_hand_rule():
    assert agrees_by_hand(0.1235, 0.12345678).all()         # 4 digits, within half a unit
    assert agrees_by_hand(123.5, 123.456).all()              # 4 digits: |diff| ≤ 0.05
    assert not agrees_by_hand(123.6, 123.456).any()
    assert agrees_by_hand(1.67, 5 / 3).all() and not agrees_by_hand(1.7, 5 / 3).any()
    np.testing.assert_array_equal(agrees_by_hand([1.667, 2.5], [5 / 3, 2.0]), [True, False])


@pytest.mark.parametrize("value, words", [
    (float("nan"), "NaN or infinity"), (float("inf"), "NaN or infinity"), (None, "nothing (None)"),
    ("1.667", "the text '1.667'"), ([1.0, 2.0], "2 numbers"), (np.array([1.667, 1.667]), "2 numbers"),
    (True, "yes/no"), (1j, "complex"), (object(), "not a number"), (..., "Ellipsis"), ({1.667}, "set"),
])
def test_check_value_answers_bad_values_with_feedback(value, words):
    fb = check_value(value, 5 / 3, name="your MSE")
    assert not fb.passed and (words in fb.title or words in fb.hint), fb


def test_check_value_slips_use_the_same_rounding_and_show_the_value():
    fb = check_value(0.8333, 5 / 3, hints=[Slip(5 / 6, "HALF")], name="your MSE")
    assert fb.hint == "HALF"
    assert fb.title == "your MSE is 0.8333; expected a positive number between 1 and 10 in size."
    assert "1.667" not in str(fb)
    assert check_value([1.0, 2.0], [1.0, 2.0001]).passed
    with pytest.raises(ValueError, match="expected must be finite"):
        check_value(1.0, float("nan"))


def test_feedback_shows_a_note_in_text_and_html():
    fb = Feedback(True, "fine.", note="With several outputs ...")
    assert str(fb) == "✅ Correct! fine.\nNote: With several outputs ..."
    assert "<b>Note:</b> With several outputs ..." in fb._repr_html_()

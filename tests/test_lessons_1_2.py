"""The exercise checkers of lessons 1 and 2 accept right answers and explain typical mistakes."""

import numpy as np
import pytest

from nnlesson.lessons import lesson1, lesson2


# -- lesson 1: the error ------------------------------------------------------------------------
def error_ok(W1, W2, X1, X2, Y):
    return np.mean((W1 * X1 + W2 * X2 - Y) ** 2)


def test_error_checker_accepts_a_correct_error():
    fb = lesson1.check_error(error_ok)
    assert fb.passed and "matches on 5 random cases" in fb.title


@pytest.mark.parametrize("wrong, hint", [
    (lambda W1, W2, X1, X2, Y: np.mean(W1 * X1 + W2 * X2 - Y), "without squaring"),
    (lambda W1, W2, X1, X2, Y: np.mean(np.abs(W1 * X1 + W2 * X2 - Y)), "mean absolute"),
    (lambda W1, W2, X1, X2, Y: np.sqrt(np.mean((W1 * X1 + W2 * X2 - Y) ** 2)), "square root"),
    (lambda W1, W2, X1, X2, Y: np.sum((W1 * X1 + W2 * X2 - Y) ** 2), "sum where you should average"),
])
def test_error_checker_explains_mistakes(wrong, hint):
    fb = lesson1.check_error(wrong)
    assert not fb.passed and hint in fb.hint


# -- lesson 1: dE/dW1 -----------------------------------------------------------------------------
def dE_dW1_ok(W1, W2, X1, X2, Y):
    return 2 * np.mean((W1 * X1 + W2 * X2 - Y) * X1)


def test_dE_dW1_checker_accepts_a_correct_derivative_and_the_package_one():
    assert lesson1.check_dE_dW1(dE_dW1_ok).passed
    pkg = lambda W1, W2, X1, X2, Y: lesson1.gradient(W1, W2, np.column_stack([X1, X2]), Y)[0]
    assert lesson1.check_dE_dW1(pkg).passed


@pytest.mark.parametrize("wrong, hint", [
    (lambda W1, W2, X1, X2, Y: np.mean((W1 * X1 + W2 * X2 - Y) * X1), "factor 2"),
    (lambda W1, W2, X1, X2, Y: 2 * np.mean((Y - W1 * X1 - W2 * X2) * X1), "sign is flipped"),
    (lambda W1, W2, X1, X2, Y: 2 * np.sum((W1 * X1 + W2 * X2 - Y) * X1), "N times too big"),
    (lambda W1, W2, X1, X2, Y: np.sum((W1 * X1 + W2 * X2 - Y) * X1), "summed instead of averaging"),
    (lambda W1, W2, X1, X2, Y: 2 * np.mean((W1 * X1 + W2 * X2 - Y) * X2), "with respect to W2"),
    (lambda W1, W2, X1, X2, Y: 2 * np.mean(W1 * X1 + W2 * X2 - Y), "multiplied by its X1"),
])
def test_dE_dW1_checker_explains_typical_mistakes(wrong, hint):
    fb = lesson1.check_dE_dW1(wrong)
    assert not fb.passed and hint in fb.hint
    # a hint, never the answer: no formula with the right factor in it
    assert "2·mean" not in fb.hint and "np." not in fb.hint


def test_checkers_report_unwritten_and_broken_functions():
    def stub(W1, W2, X1, X2, Y):
        raise NotImplementedError

    fb = lesson1.check_dE_dW1(stub)
    assert not fb.passed and fb.title == "dE_dW1 is not written yet."
    assert "NotImplementedError" in fb.hint
    fb = lesson1.check_dE_dW1(lambda *a: undefined_name)  # noqa: F821
    assert not fb.passed and "NameError" in fb.title
    assert "Traceback" not in str(fb)
    fb = lesson1.check_dE_dW1(lambda *a: None)
    assert "returned nothing" in fb.title


def test_reference_is_a_numerical_derivative():
    rng = np.random.default_rng(3)
    args = lesson1._inputs(rng)
    W1, W2, X1, X2, Y = args
    assert lesson1.numerical_dE_dW1(*args) == pytest.approx(dE_dW1_ok(*args), rel=1e-7)
    assert lesson1.numerical_dE_dW2(*args) == pytest.approx(2 * np.mean((W1 * X1 + W2 * X2 - Y) * X2), rel=1e-7)


# -- lesson 2: one gradient-descent step -------------------------------------------------------
def step_ok(W1, W2, lr, X1, X2, Y):
    miss = W1 * X1 + W2 * X2 - Y
    return W1 - lr * 2 * np.mean(miss * X1), W2 - lr * 2 * np.mean(miss * X2)


def test_step_checker_accepts_a_correct_step_and_the_package_one():
    assert lesson2.check_gradient_step(step_ok).passed
    pkg = lambda W1, W2, lr, X1, X2, Y: lesson2.gradient_step(W1, W2, lr, np.column_stack([X1, X2]), Y)
    assert lesson2.check_gradient_step(pkg).passed


def _sequential(W1, W2, lr, X1, X2, Y):
    W1 = W1 - lr * 2 * np.mean((W1 * X1 + W2 * X2 - Y) * X1)
    return W1, W2 - lr * 2 * np.mean((W1 * X1 + W2 * X2 - Y) * X2)


@pytest.mark.parametrize("wrong, hint", [
    (lambda W1, W2, lr, X1, X2, Y: (2 * W1 - step_ok(W1, W2, lr, X1, X2, Y)[0],
                                    2 * W2 - step_ok(W1, W2, lr, X1, X2, Y)[1]), "uphill"),
    (lambda W1, W2, lr, X1, X2, Y: (step_ok(W1, W2, lr, X1, X2, Y)[0], W2), "W2 did not move"),
    (_sequential, "after changing W1"),
    (lambda W1, W2, lr, X1, X2, Y: (W1 - 2 * np.mean((W1 * X1 + W2 * X2 - Y) * X1),
                                    W2 - 2 * np.mean((W1 * X1 + W2 * X2 - Y) * X2)), "learning rate"),
    (lambda W1, W2, lr, X1, X2, Y: (W1 - lr * np.mean((W1 * X1 + W2 * X2 - Y) * X1),
                                    W2 - lr * np.mean((W1 * X1 + W2 * X2 - Y) * X2)), "factor 2"),
])
def test_step_checker_explains_typical_mistakes(wrong, hint):
    fb = lesson2.check_gradient_step(wrong)
    assert not fb.passed and hint in fb.hint


# -- lesson 2: one epoch of per-row updates ------------------------------------------------------
def epoch_ok(W1, W2, lr, X1, X2, Y):
    for x1, x2, y in zip(X1, X2, Y):
        miss = W1 * x1 + W2 * x2 - y
        W1, W2 = W1 - lr * 2 * miss * x1, W2 - lr * 2 * miss * x2
    return W1, W2


def test_epoch_checker_accepts_per_row_updates_and_the_package_one():
    assert lesson2.check_epoch_per_row(epoch_ok).passed
    pkg = lambda W1, W2, lr, X1, X2, Y: lesson2.epoch_per_row(W1, W2, lr, np.column_stack([X1, X2]), Y)
    assert lesson2.check_epoch_per_row(pkg).passed


def _summed(W1, W2, lr, X1, X2, Y):
    d1 = d2 = 0.0
    for x1, x2, y in zip(X1, X2, Y):
        miss = W1 * x1 + W2 * x2 - y
        d1, d2 = d1 + 2 * miss * x1, d2 + 2 * miss * x2
    return W1 - lr * d1, W2 - lr * d2


def _restarting(W1, W2, lr, X1, X2, Y):
    for x1, x2, y in zip(X1, X2, Y):
        miss = W1 * x1 + W2 * x2 - y
        new = W1 - lr * 2 * miss * x1, W2 - lr * 2 * miss * x2
    return new


@pytest.mark.parametrize("wrong, hint", [
    (step_ok, "full-batch step"),
    (_summed, "previous row left behind"),
    (_restarting, "Only the last row"),
    (lambda W1, W2, lr, X1, X2, Y: epoch_ok(W1, W2, lr, X1[::-1], X2[::-1], Y[::-1]), "backwards"),
])
def test_epoch_checker_explains_typical_mistakes(wrong, hint):
    fb = lesson2.check_epoch_per_row(wrong)
    assert not fb.passed and hint in fb.hint


# -- issue 11/12: new slips, in-place changes, shown values --------------------------------------
@pytest.mark.parametrize("wrong, hint", [
    (lambda W1, W2, X1, X2, Y: np.mean((W1 * X1 + W2 * X2 - Y) ** 2) / 2, "no ½"),
    (lambda W1, W2, X1, X2, Y: np.mean((W1 * X1 + W2 * X2 - Y) ** 2 / len(Y)), "divided by N twice"),
])
def test_error_checker_half_mse_and_divided_twice(wrong, hint):
    fb = lesson1.check_error(wrong)
    assert not fb.passed and hint in fb.hint and "factor 2" not in fb.hint
    assert "error returned " in fb.title and "W1 = " in fb.title


def test_factor_2_hint_only_for_the_factor_2_slip():
    fb = lesson1.check_dE_dW1(lambda W1, W2, X1, X2, Y: 2 * np.mean((W1 * X1 + W2 * X2 - Y) * X1) + 0.1)
    assert not fb.passed and "factor 2" not in fb.hint


def test_checkers_notice_inputs_changed_in_place():
    def error_in_place(W1, W2, X1, X2, Y):
        X1 *= W1
        return np.mean((X1 + W2 * X2 - Y) ** 2)
    fb = lesson1.check_error(error_in_place)
    assert fb.title == "error changed its input X1 in place."


def test_step_checker_time_limit(monkeypatch):
    from nnlesson import exercises
    monkeypatch.setattr(exercises, "TIME_LIMIT", 0.3)

    def forever(W1, W2, lr, X1, X2, Y):
        while W1 == W1:
            pass
    assert "took longer than 0.3 s" in lesson2.check_gradient_step(forever).title
    assert "returned the text" in lesson2.check_epoch_per_row(lambda *a: "W1, W2").title


# -- lesson 1: exercise 3, the sign rule ---------------------------------------------------------
def test_sign_rule_direction_is_the_opposite_sign_of_the_derivative():
    assert lesson1.sign_rule_direction(2.4) == -1.0 and lesson1.sign_rule_direction(-0.003) == 1.0
    with pytest.raises(ValueError, match="dE_dW must be a positive or negative number, got 0"):
        lesson1.sign_rule_direction(0.0)
    with pytest.raises(TypeError):
        lesson1.sign_rule_direction("up")
    # the cases tried have both signs, so a function that ignores its input cannot pass
    assert {np.sign(g) for g in lesson1.SIGN_RULE_CASES} == {-1.0, 1.0}


@pytest.mark.parametrize("right", [
    lambda dE_dW: -1 if dE_dW > 0 else +1,
    lambda dE_dW: -np.sign(dE_dW),
    lambda dE_dW: "decrease" if dE_dW > 0 else "increase",
    lambda dE_dW: " Increase " if dE_dW < 0 else "DOWN",
])
def test_direction_checker_accepts_the_sign_rule(right):
    fb = lesson1.check_direction(right)
    assert fb.passed, str(fb)


@pytest.mark.parametrize("wrong, hint", [
    (lambda dE_dW: np.sign(dE_dW), "moves the weight WITH the derivative"),
    (lambda dE_dW: "increase" if dE_dW > 0 else "decrease", "moves the weight WITH the derivative"),
    (lambda dE_dW: -dE_dW, "the whole step"),
    (lambda dE_dW: dE_dW, "You returned ∂E/∂W itself"),
    (lambda dE_dW: 1, "always says +1"),
    (lambda dE_dW: "decrease", "always says −1"),
    (lambda dE_dW: 1 if dE_dW < -1 else -1, "∂E/∂W positive → decrease W (−1)"),   # wrong for −0.05 only
])
def test_direction_checker_explains_each_slip(wrong, hint):
    fb = lesson1.check_direction(wrong)
    assert not fb.passed and hint in fb.hint, str(fb)


def test_direction_checker_never_raises_on_what_the_learner_writes():
    def stub(dE_dW):
        raise NotImplementedError

    assert lesson1.check_direction(stub).title == "direction is not written yet."
    for junk, words in [(None, "should be a function"), (lambda dE_dW: "bigger", "returned the text 'bigger'"),
                        (lambda dE_dW: None, "returned nothing"), (lambda: 1, "TypeError"),
                        (lambda dE_dW: [1, -1], "direction"), (lambda dE_dW: float("nan"), "direction")]:
        fb = lesson1.check_direction(junk)
        assert not fb.passed and words in fb.title, str(fb)
        assert "Traceback" not in str(fb)

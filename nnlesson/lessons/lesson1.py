"""Lesson 1's exercises: the error of the two-weight model and its partial derivative.

The learner writes, for Y_pred = W1·X1 + W2·X2,

    error(W1, W2, X1, X2, Y)   the mean squared error  E = (1/N) Σ (Y_pred − Y)²
    dE_dW1(W1, W2, X1, X2, Y)  the partial derivative of the error with respect to W1

and the checkers compare their functions, on random inputs, with nl.mse and with a numerical
derivative (nudge W1 a little each way and watch the error). Feedback gives a hint, never
the answer.
"""

from __future__ import annotations

import numpy as np

from ..exercises import check_function
from ..losses import mse

H = 1e-5  # the nudge for numerical derivatives


def _inputs(rng):
    """Random weights and a few rows of data: (W1, W2, X1, X2, Y)."""
    n = int(rng.integers(3, 9))
    W1, W2 = (float(w) for w in np.round(rng.uniform(-3, 3, 2), 2))
    X1, X2 = rng.normal(0, 1, n).round(2), rng.normal(0, 1, n).round(2)
    Y = rng.normal(0, 2, n).round(2)
    return W1, W2, X1, X2, Y


def mse_of_weights(W1, W2, X1, X2, Y):
    """The reference error: nl.mse of Y_pred = W1·X1 + W2·X2 against Y."""
    return mse(W1 * np.asarray(X1) + W2 * np.asarray(X2), np.asarray(Y))


def numerical_dE_dW1(W1, W2, X1, X2, Y, h=H):
    """(E(W1 + h) − E(W1 − h)) / 2h: how the error moves when only W1 moves."""
    return (mse_of_weights(W1 + h, W2, X1, X2, Y) - mse_of_weights(W1 - h, W2, X1, X2, Y)) / (2 * h)


def numerical_dE_dW2(W1, W2, X1, X2, Y, h=H):
    """(E(W2 + h) − E(W2 − h)) / 2h: how the error moves when only W2 moves."""
    return (mse_of_weights(W1, W2 + h, X1, X2, Y) - mse_of_weights(W1, W2 - h, X1, X2, Y)) / (2 * h)


def _close(a, b):
    return bool(np.allclose(a, b, rtol=1e-4, atol=1e-8))


def _residual(args):
    W1, W2, X1, X2, Y = args
    return W1 * X1 + W2 * X2 - Y


def check_error(fn):
    """Check error(W1, W2, X1, X2, Y) = mean of (W1·X1 + W2·X2 − Y)² against nl.mse."""
    hints = [
        (lambda a, got, exp: _close(got, np.mean(_residual(a))),
         "You averaged the differences without squaring them: positive and negative misses cancel out."),
        (lambda a, got, exp: _close(got, np.mean(np.abs(_residual(a)))),
         "That is the mean absolute difference; this lesson's error squares each difference."),
        (lambda a, got, exp: _close(got, np.sqrt(exp)),
         "You took a square root at the end; the mean squared error stops at the mean."),
        (lambda a, got, exp: _close(got, len(a[4]) * exp),
         "Your answer is N times too big: did you sum where you should average?"),
        (lambda a, got, exp: _close(got, np.mean(_residual(a)) ** 2),
         "Square each row's difference first, then average (not the other way round)."),
    ]
    return check_function(fn, reference=mse_of_weights, make_inputs=_inputs, hints=hints, rtol=1e-6,
                          name="error")


def check_dE_dW1(fn):
    """Check dE_dW1(W1, W2, X1, X2, Y) against a numerical derivative of the error."""
    hints = [
        (lambda a, got, exp: _close(got, -exp),
         "The size is right but the sign is flipped: write Y_pred − Y (prediction minus truth), not Y − Y_pred."),
        (lambda a, got, exp: _close(got, exp / 2),
         "Half of the expected value: the derivative of a square (u²) is 2·u. Where is the factor 2?"),
        (lambda a, got, exp: _close(got, len(a[4]) * exp),
         "N times too big: the error is a mean over the N rows, so its derivative is a mean too."),
        (lambda a, got, exp: _close(got, len(a[4]) * exp / 2),
         "You summed instead of averaging and lost the factor 2 of the square: check both."),
        (lambda a, got, exp: _close(got, numerical_dE_dW2(*a)),
         "That is the derivative with respect to W2: for W1, multiply each row's miss by X1."),
        (lambda a, got, exp: _close(got, 2 * np.mean(_residual(a))),
         "Chain rule: ∂Y_pred/∂W1 = X1, so each row's 2·(Y_pred − Y) must be multiplied by its X1."),
    ]
    return check_function(fn, reference=numerical_dE_dW1, make_inputs=_inputs, hints=hints, rtol=1e-5,
                          atol=1e-7, name="dE_dW1")

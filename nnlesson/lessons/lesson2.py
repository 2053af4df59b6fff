"""Lesson 2's exercises: one gradient-descent step, and one epoch of per-row updates.

The learner writes, for Y_pred = W1·X1 + W2·X2 with the mean squared error,

    gradient_step(W1, W2, lr, X1, X2, Y) -> (new_W1, new_W2)
        both partial derivatives on all rows first, then W ← W − lr·∂E/∂W for both weights
    epoch_per_row(W1, W2, lr, X1, X2, Y) -> (new_W1, new_W2)
        for each row in order: the error of that one row, its derivatives, an update

The checkers compare with steps built from numerical derivatives on random inputs and
answer with a hint, never with the solution.
"""

from __future__ import annotations

import numpy as np

from ..exercises import check_function
from .lesson1 import numerical_dE_dW1, numerical_dE_dW2


def _inputs(rng):
    """Random weights, a learning rate and a few rows: (W1, W2, lr, X1, X2, Y)."""
    n = int(rng.integers(3, 9))
    W1, W2 = (float(w) for w in np.round(rng.uniform(-3, 3, 2), 2))
    lr = float(rng.choice([0.01, 0.05, 0.1]))
    X1, X2 = rng.normal(0, 1, n).round(2), rng.normal(0, 1, n).round(2)
    Y = rng.normal(0, 2, n).round(2)
    return W1, W2, lr, X1, X2, Y


def reference_step(W1, W2, lr, X1, X2, Y):
    """W ← W − lr·∂E/∂W for both weights, with numerically measured derivatives."""
    g1 = numerical_dE_dW1(W1, W2, X1, X2, Y)
    g2 = numerical_dE_dW2(W1, W2, X1, X2, Y)
    return np.array([W1 - lr * g1, W2 - lr * g2])


def reference_epoch(W1, W2, lr, X1, X2, Y):
    """One pass over the rows in order, one update per row (numerical derivatives of that row's error)."""
    for i in range(len(Y)):
        W1, W2 = reference_step(W1, W2, lr, X1[i:i + 1], X2[i:i + 1], Y[i:i + 1])
    return np.array([W1, W2])


def _close(a, b):
    return bool(np.allclose(a, b, rtol=1e-4, atol=1e-7))


def _uphill(args):
    W1, W2, lr, X1, X2, Y = args
    return np.array([W1, W2]) + (np.array([W1, W2]) - reference_step(*args))


def _sequential(args):
    """W1 updated first, then W2's derivative computed with the new W1."""
    W1, W2, lr, X1, X2, Y = args
    W1 = W1 - lr * numerical_dE_dW1(W1, W2, X1, X2, Y)
    return np.array([W1, W2 - lr * numerical_dE_dW2(W1, W2, X1, X2, Y)])


def check_gradient_step(fn):
    """Check gradient_step(W1, W2, lr, X1, X2, Y) -> (new_W1, new_W2)."""
    hints = [
        (lambda a, got, exp: _close(got, _uphill(a)),
         "Your step goes uphill: with W ← W + lr·∂E/∂W the error grows. Which sign moves against the slope?"),
        (lambda a, got, exp: _close(got, np.array(a[:2]) - (np.array(a[:2]) - exp) / a[2]),
         "The step is 1/lr times too big: multiply the derivatives by the learning rate lr."),
        (lambda a, got, exp: _close(got[0], exp[0]) and _close(got[1], a[1]),
         "W1 moved correctly but W2 did not move: update every weight in the same step."),
        (lambda a, got, exp: _close(got[1], exp[1]) and _close(got[0], a[0]),
         "W2 moved correctly but W1 did not move: update every weight in the same step."),
        (lambda a, got, exp: _close(got, _sequential(a)),
         "You computed ∂E/∂W2 after changing W1. Compute both derivatives at the old weights, then update both."),
        (lambda a, got, exp: _close(got, np.array(a[:2]) - 2 * (np.array(a[:2]) - exp))
         or _close(got, np.array(a[:2]) - 0.5 * (np.array(a[:2]) - exp)),
         "The direction is right but the step size is off by a factor 2: check your ∂E/∂W "
         "(the factor 2 of the square)."),
        (lambda a, got, exp: _close(got, np.array(a[:2]) - len(a[5]) * (np.array(a[:2]) - exp)),
         "The step is N times too big: the error is a mean over the rows, so its derivatives are means too."),
    ]
    return check_function(fn, reference=reference_step, make_inputs=_inputs, hints=hints, rtol=1e-5, atol=1e-7,
                          name="gradient_step")


def _full_batch_epoch(args):
    return reference_step(*args)


def check_epoch_per_row(fn):
    """Check epoch_per_row(W1, W2, lr, X1, X2, Y) -> (new_W1, new_W2) after one pass of per-row updates."""
    def _reversed(args):
        W1, W2, lr, X1, X2, Y = args
        return reference_epoch(W1, W2, lr, X1[::-1], X2[::-1], Y[::-1])

    def _one_step_with_summed_rows(args):
        W1, W2, lr, X1, X2, Y = args
        return np.array([W1, W2]) - len(Y) * (np.array([W1, W2]) - reference_step(*args))

    def _last_row_only(args):
        W1, W2, lr, X1, X2, Y = args
        return reference_step(W1, W2, lr, X1[-1:], X2[-1:], Y[-1:])

    hints = [
        (lambda a, got, exp: _close(got, _full_batch_epoch(a)),
         "That is one full-batch step on all rows at once. Per-row: update the weights after every single row."),
        (lambda a, got, exp: _close(got, _one_step_with_summed_rows(a)),
         "You added up every row's step at the starting weights. Each row's step must use the weights the "
         "previous row left behind."),
        (lambda a, got, exp: _close(got, _last_row_only(a)),
         "Only the last row's update survived: start each row from the weights the previous row produced."),
        (lambda a, got, exp: _close(got, _reversed(a)),
         "The rows were visited backwards: go through them in order, first row first."),
    ]
    return check_function(fn, reference=reference_epoch, make_inputs=_inputs, hints=hints, rtol=1e-5, atol=1e-7,
                          name="epoch_per_row")

"""Lesson 4, regression and mean squared error: the exercise checkers.

    from nnlesson.lessons import lesson4
    lesson4.check_mse_by_hand(my_value)     the MSE of three predictions, worked out by hand
    lesson4.check_mse(my_mse)               write mse(Y_pred, Y)
    lesson4.check_rmse_in_grams(my_fn)      from a standardised MSE to an RMSE in grams

Each returns a Feedback: "Correct!" or a hint that names the likely slip (a sum instead of a
mean, a missing square, a standardisation not undone), never the solution.
"""

from __future__ import annotations

import math

import numpy as np

from ..exercises import Feedback, check_function, check_value
from ..widgets.regression import penguin_regression_data, rmse_in_grams  # noqa: F401  (the lesson's helpers)

# The three penguins of the by-hand exercise (body mass in kg).
HAND_Y = np.array([3.0, 5.0, 4.0])
HAND_Y_PRED = np.array([4.0, 3.0, 4.0])


def _close(a, b):
    return np.allclose(a, b, rtol=1e-6, atol=1e-9)


def reference_mse(Y_pred, Y):
    """E = (1/N) Σ (Y_pred − Y)²."""
    Y_pred, Y = np.asarray(Y_pred, dtype=float), np.asarray(Y, dtype=float)
    return float(np.mean((Y_pred - Y) ** 2))


def check_mse_by_hand(value):
    """The MSE of predictions 4, 3, 4 kg for penguins that weigh 3, 5, 4 kg."""
    if value is None or value is Ellipsis:
        return Feedback(False, "Your MSE of the three penguins is not written yet.",
                        "Replace `None` with your number (a fraction such as 7 / 4 is fine).")
    expected = reference_mse(HAND_Y_PRED, HAND_Y)
    diff = HAND_Y_PRED - HAND_Y
    hints = [
        (lambda got, exp: _close(got, np.sum(diff ** 2)),
         "You added the squared errors. The mean divides that sum by the number of rows, N = 3."),
        (lambda got, exp: _close(got, np.mean(diff)) or _close(got, -np.mean(diff)),
         "The misses +1 and −2 partly cancel when you average them as they are: square each one first."),
        (lambda got, exp: _close(got, np.mean(np.abs(diff))),
         "That is the mean absolute error. Square each miss instead of taking its size."),
        (lambda got, exp: _close(got, math.sqrt(exp)),
         "You took a square root at the end: that is the RMSE. The MSE stops before the root."),
    ]
    return check_value(value, expected, hints=hints, name="Your MSE of the three penguins")


def _mse_inputs(rng):
    N = int(rng.integers(4, 12))
    Y = rng.normal(4.2, 0.8, size=N)
    return (Y + rng.normal(0.0, 0.5, size=N), Y)


def check_mse(fn):
    """Check a learner's mse(Y_pred, Y) on random predictions and targets."""
    hints = [
        (lambda args, got, exp: _close(got, exp * len(args[1])),
         "Your answer is N times too big: you summed the squared errors. Divide by the number of rows "
         "(np.mean does both steps)."),
        (lambda args, got, exp: _close(got, np.mean(args[0] - args[1])) or _close(got, np.mean(args[1] - args[0])),
         "Positive and negative misses cancel in your answer: square each difference before averaging."),
        (lambda args, got, exp: _close(got, np.mean(np.abs(args[0] - args[1]))),
         "That is the mean absolute error. Square each difference instead of taking its absolute value."),
        (lambda args, got, exp: _close(got, math.sqrt(exp)),
         "You took the square root: that is the RMSE. The MSE is the mean of the squares, without a root."),
        (lambda args, got, exp: _close(got, np.mean(args[0] - args[1]) ** 2),
         "You squared the mean difference. Square each row's difference first, then take the mean."),
    ]
    return check_function(fn, reference_mse, _mse_inputs, hints=hints, name="mse")


def _rmse_inputs(rng):
    return (float(rng.uniform(0.05, 0.9)), float(rng.uniform(300.0, 1200.0)))


def check_rmse_in_grams(fn):
    """Check a learner's rmse_in_grams(mse_standardised, y_std)."""
    hints = [
        (lambda args, got, exp: _close(got, math.sqrt(args[0])),
         "That is still in standardised units. A standardised error is an error in grams divided by y_std: "
         "undo that division."),
        (lambda args, got, exp: _close(got, args[0] * args[1]) or _close(got, args[0] * args[1] ** 2),
         "You forgot the square root: the MSE is in squared units, the RMSE in the data's own units."),
        (lambda args, got, exp: _close(got, math.sqrt(args[0]) / args[1]),
         "You divided by y_std. Standardising divided by it, so going back to grams multiplies."),
        (lambda args, got, exp: _close(got, math.sqrt(args[0]) * args[1] ** 2)
         or _close(got, math.sqrt(args[0] * args[1])),
         "Check the order: take the root of the standardised MSE first, then scale by y_std once "
         "(or scale the MSE by y_std² and then take the root)."),
    ]
    return check_function(fn, rmse_in_grams, _rmse_inputs, hints=hints, name="rmse_in_grams")

"""Losses (errors): one number that says how far the predictions are from the truth.

Each loss is a mean over the N rows, so its value does not grow with the size of the data,
and comes with its gradient ∂E/∂Y_pred, the first factor of the chain rule in
backpropagation.

- Mean squared error, for regression:
      E = (1/N) Σ_rows Σ_outputs (Y_pred − Y)²          ∂E/∂Y_pred = 2·(Y_pred − Y) / N
- Binary cross-entropy, for two classes with one sigmoid output P = P(class 1):
      E = −(1/N) Σ [Y·log P + (1 − Y)·log(1 − P)]        ∂E/∂P = (P − Y) / (P·(1 − P)·N)
- Categorical cross-entropy, for K classes with a softmax output and one-hot Y:
      E = −(1/N) Σ_rows Σ_k Y_k·log P_k                  ∂E/∂P = −Y / (P·N)

Paired with their natural output activations, the last two simplify beautifully: for
sigmoid + binary cross-entropy and for softmax + cross-entropy, ∂E/∂Z = (P − Y) / N.
`Network.backward` uses that simplification (see `output_delta`).

Functions taking probabilities P clip them to [1e-15, 1 − 1e-15] before the logarithm so a
confident wrong answer gives a large but finite error. The `*_from_logits` versions compute
the same losses from the last layer's weighted sums Z without ever forming log(0); the
network uses them for its reported loss.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_array, check_same_shape, choice

EPS = 1e-15
LOSSES = ("mse", "binary_cross_entropy", "cross_entropy")
# The output activation each loss needs (None: any).
REQUIRED_OUTPUT = {"mse": None, "binary_cross_entropy": "sigmoid", "cross_entropy": "softmax"}


def _pair(Y_pred, Y, pred_name="Y_pred"):
    Y_pred = as_array(pred_name, Y_pred, ndim=(1, 2))
    Y = as_array("Y", Y, ndim=(1, 2))
    check_same_shape(pred_name, Y_pred, "Y", Y)
    if Y_pred.ndim == 1:  # a 1-D array is one value per row
        Y_pred, Y = Y_pred[:, None], Y[:, None]
    return Y_pred, Y


# How far a row of softmax probabilities may sum from 1 (rounding in float64 is far smaller).
ROW_SUM_TOLERANCE = 1e-6


def _check_probabilities(name, P):
    if P.min() < 0 or P.max() > 1:
        raise ValueError(f"{name} must hold probabilities between 0 and 1, got values from {P.min():g} to {P.max():g}")


def _check_rows_sum_to_one(name, P):
    """Each row of P must be a probability distribution over the classes: Σ_k P_k = 1."""
    sums = P.sum(axis=1)
    bad = np.flatnonzero(np.abs(sums - 1.0) > ROW_SUM_TOLERANCE)
    if bad.size:
        raise ValueError(f"each row of {name} must sum to 1 (within {ROW_SUM_TOLERANCE:g}): one probability per "
                         f"class, such as softmax's output; got {bad.size} row(s) that do not, the first row "
                         f"{bad[0]} summing to {sums[bad[0]]:.6g}")


def _finite(name, value):
    """`value` (a loss or its gradient) if every number in it is finite, else a ValueError about the scale."""
    if not np.all(np.isfinite(value)):
        raise ValueError(f"{name} must be a finite number, got {value if np.ndim(value) == 0 else 'infinite values'}"
                         ": the numbers in Y_pred and Y are too large to square in float64; scale the data")
    return value


def _check_binary(Y):
    if not np.all((Y == 0) | (Y == 1)):
        bad = Y[(Y != 0) & (Y != 1)][:3]
        raise ValueError(f"Y must hold binary targets 0 or 1, got values such as {bad.tolist()}")


def check_one_hot(Y, name="Y"):
    """Raise unless every row of Y is one-hot: zeros and a single 1."""
    if not isinstance(Y, np.ndarray) or Y.dtype.kind != "f":  # checked arrays (the usual case) pass as they are
        Y = as_array(name, Y, allow_empty=True)
    if Y.ndim != 2 or not np.all((Y == 0) | (Y == 1)) or not np.all(Y.sum(axis=1) == 1):
        rows = np.flatnonzero(~(np.all((Y == 0) | (Y == 1), axis=-1) & (Y.sum(axis=-1) == 1))) if Y.ndim == 2 else []
        where = f" (first bad row {rows[0]}: {Y[rows[0]].tolist()})" if len(rows) else ""
        raise ValueError(
            f"{name} must be one-hot encoded: shape (N, classes) with a single 1 in each row, "
            f"got shape {Y.shape}{where}; use nl.one_hot(labels) to encode class labels"
        )


def _mse(Y_pred, Y):
    """E = (1/N) Σ_rows Σ_outputs (Y_pred − Y)²: the one place the mean squared error is computed.

    On arrays already checked (see `mse`). Rows and outputs are the last two axes; any leading
    axes hold many predictions at once (an error map) and give one E each.
    """
    N = Y.shape[-2]
    E = np.sum((Y_pred - Y) ** 2, axis=(-2, -1)) / N
    return float(E) if np.ndim(E) == 0 else E


def _mse_gradient(Y_pred, Y):
    # ∂E/∂Y_pred on checked arrays: the one place the factor 2/N is written.
    return 2.0 * (Y_pred - Y) / len(Y)


def mse(Y_pred, Y):
    """Mean squared error E = (1/N) Σ (Y_pred − Y)², summed over outputs, averaged over rows.

    Checks its input (numbers, no NaN, the same shape), then computes E with `_mse`.
    """
    Y_pred, Y = _pair(Y_pred, Y)
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported in words by _finite
        return _finite("the mean squared error", _mse(Y_pred, Y))


def mse_gradient(Y_pred, Y):
    """∂E/∂Y_pred = 2·(Y_pred − Y) / N for the mean squared error."""
    with np.errstate(over="ignore", invalid="ignore"):
        return _finite("the gradient of the mean squared error", _mse_gradient(*_pair(Y_pred, Y)))


def binary_cross_entropy(P, Y):
    """E = −(1/N) Σ [Y·log P + (1 − Y)·log(1 − P)], with P the predicted P(class 1).

    P and Y have shape (N,) or (N, outputs), P in [0, 1] and Y 0 or 1. With several outputs
    (several independent yes/no questions per row) the terms are summed over the outputs and
    averaged over the N rows, as in mse: E = −(1/N) Σ_rows Σ_outputs [...], so two outputs
    give twice the error of one, not their mean.
    """
    P, Y = _pair(P, Y, "P")
    _check_probabilities("P", P)
    _check_binary(Y)
    P = np.clip(P, EPS, 1 - EPS)
    return float(-np.sum(Y * np.log(P) + (1 - Y) * np.log(1 - P)) / len(Y))


def binary_cross_entropy_gradient(P, Y):
    """∂E/∂P = (P − Y) / (P·(1 − P)·N) for binary cross-entropy."""
    P, Y = _pair(P, Y, "P")
    _check_probabilities("P", P)
    _check_binary(Y)
    P = np.clip(P, EPS, 1 - EPS)
    return (P - Y) / (P * (1 - P) * len(Y))


def cross_entropy(P, Y):
    """Categorical cross-entropy E = −(1/N) Σ_rows Σ_k Y_k·log P_k with one-hot Y.

    Only the true class's probability counts: E is the mean of −log P(true class). P has one
    row per example and one column per class; each row must sum to 1 (within
    ROW_SUM_TOLERANCE), as softmax's output does.
    """
    P, Y = _pair(P, Y, "P")
    _check_probabilities("P", P)
    _check_rows_sum_to_one("P", P)
    check_one_hot(Y)
    return float(-np.sum(Y * np.log(np.clip(P, EPS, 1.0))) / len(Y))


def cross_entropy_gradient(P, Y):
    """∂E/∂P = −Y / (P·N) for categorical cross-entropy (each row of P sums to 1)."""
    P, Y = _pair(P, Y, "P")
    _check_probabilities("P", P)
    _check_rows_sum_to_one("P", P)
    check_one_hot(Y)
    return -Y / (np.clip(P, EPS, 1.0) * len(Y))


def binary_cross_entropy_from_logits(Z, Y):
    """Binary cross-entropy of P = sigmoid(Z), computed stably as mean(log(1 + e^Z) − Y·Z)."""
    return float(np.sum(np.logaddexp(0.0, Z) - Y * Z) / len(Y))


def cross_entropy_from_logits(Z, Y):
    """Cross-entropy of P = softmax(Z), computed stably as mean(logsumexp(Z) − Σ Y·Z)."""
    m = Z.max(axis=1, keepdims=True)
    log_sum = m[:, 0] + np.log(np.sum(np.exp(Z - m), axis=1))
    return float(np.sum(log_sum - np.sum(Y * Z, axis=1)) / len(Y))


LOSS_FUNCTIONS = {
    "mse": (mse, mse_gradient),
    "binary_cross_entropy": (binary_cross_entropy, binary_cross_entropy_gradient),
    "cross_entropy": (cross_entropy, cross_entropy_gradient),
}


def loss_value(name, Y_pred, Y):
    """The value of the loss called `name`."""
    choice("loss", name, LOSSES)
    return LOSS_FUNCTIONS[name][0](Y_pred, Y)


def loss_gradient(name, Y_pred, Y):
    """∂E/∂Y_pred of the loss called `name`."""
    choice("loss", name, LOSSES)
    return LOSS_FUNCTIONS[name][1](Y_pred, Y)

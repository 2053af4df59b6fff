"""Scores that say how good predictions are, in words a learner can read off.

    accuracy          the share of rows whose predicted class is the true class
    confusion_matrix  for every true class, how its rows were classified
    rmse              root mean squared error: a typical miss, in the target's own units

The losses (losses.py) are what training minimises; these are what we report.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_array, check_rows_match, whole_number

# The most classes a confusion matrix may have (its K×K counts are allocated at once).
MAX_CLASSES = 1000


def accuracy(Y_pred, Y):
    """Fraction of rows whose predicted class is the true class.

    Softmax outputs (N, K) are compared by their largest entry with one-hot Y; one sigmoid
    output (N, 1) is read as class 1 when it is at least 0.5.
    """
    Y_pred = as_array("Y_pred", Y_pred, ndim=(1, 2))
    Y = as_array("Y", Y, ndim=(1, 2))
    if Y_pred.ndim == 1:
        Y_pred = Y_pred[:, None]
    if Y.ndim == 1:
        Y = Y[:, None]
    check_rows_match("Y_pred", Y_pred, "Y", Y)
    if Y_pred.shape != Y.shape:
        raise ValueError(f"Y_pred and Y must have the same shape, got {Y_pred.shape} and {Y.shape}")
    if Y.shape[1] == 1:
        return float(np.mean((Y_pred[:, 0] >= 0.5) == (Y[:, 0] >= 0.5)))
    return float(np.mean(Y_pred.argmax(axis=1) == Y.argmax(axis=1)))


def confusion_matrix(true_labels, predicted_labels, n_classes):
    """C[i, j] = how many rows of true class i were predicted as class j.

    Labels are class indices 0 … n_classes − 1. The diagonal holds the right answers, so
    accuracy = trace(C) / C.sum(); row i shows where class i's rows went.
    """
    n_classes = whole_number("n_classes", n_classes, 1, MAX_CLASSES)
    true_labels = _class_indices("true_labels", true_labels, n_classes)
    predicted_labels = _class_indices("predicted_labels", predicted_labels, n_classes)
    if true_labels.shape != predicted_labels.shape:
        raise ValueError(f"true_labels and predicted_labels must have one label per row each, got shapes "
                         f"{true_labels.shape} and {predicted_labels.shape}")
    C = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(C, (true_labels, predicted_labels), 1)
    return C


def _class_indices(name, labels, n_classes):
    labels = as_array(name, labels, ndim=1, allow_empty=True)
    if not np.all(labels == np.round(labels)) or (labels.size and (labels.min() < 0 or labels.max() >= n_classes)):
        raise ValueError(f"{name} must hold class indices 0 to {n_classes - 1}, got values such as "
                         f"{labels[:3].tolist()}")
    return labels.astype(np.int64)


def rmse(Y_pred, Y):
    """Root mean squared error √(mean (Y_pred − Y)²), in the units of Y."""
    from .losses import mse

    Y_pred = as_array("Y_pred", Y_pred, ndim=(1, 2))
    Y = as_array("Y", Y, ndim=(1, 2))
    if Y.ndim == 2 and Y.shape[1] != 1:
        raise ValueError(f"rmse needs one target per row, got Y of shape {Y.shape}")
    return float(np.sqrt(mse(Y_pred, Y)))

"""Lesson 5, section 5: two classes, one sigmoid output neuron and binary cross-entropy.

One neuron sees two standardised penguin measurements x = (x1, x2) and gives

    z = w1·x1 + w2·x2 + b,      P = σ(z) = 1 / (1 + e^(−z)) = P(class 1)

and the error of the N rows is binary cross-entropy (nl.binary_cross_entropy)

    E = −(1/N) Σ [Y·ln P + (1 − Y)·ln(1 − P)],      ∂E/∂z = (P − Y)/N per row.

P = 0.5 exactly where z = 0, so the decision boundary is the straight line w1·x1 + w2·x2 + b = 0.

    BINARY, START            the task (Adelie = class 0 against Chinstrap = class 1) and the explorer's start
    binary_split             the two species and two measurements, split and standardised (an nl.Split)
    binary_targets           Y as one column of 0/1 (1 = split.classes[1]) for the training and test rows
    neuron_network           nl.make_network(2, 0, 1, output="sigmoid") holding w1, w2, b
    neuron_output            z and P = σ(z) for rows X
    probability_grid         P(class 1) on a grid over the plane (for the picture)
    boundary_segment         the line P = 0.5 inside a box, in the data's own units
    majority_baseline        the test accuracy of always guessing the training rows' commonest class
    binary_readouts          everything the explorer shows for w1, w2, b (losses, accuracies, ∂E/∂w, one row)
    train_binary             nl.train with binary cross-entropy from a given w1, w2, b
    check_binary_cross_entropy   the self-check on binary cross-entropy, with its slips

sigmoid_as_softmax (σ(z) beside softmax([0, z])[1]) lives in lesson5_softmax and is reused here.
The widget TwoClassExplorer (nnlesson.widgets.binary) only shows these numbers.
"""

from __future__ import annotations

import numpy as np

from .._validate import as_array, check_instance, number, two_of, whole_number
from ..activations import sigmoid
from ..data import PENGUIN_SPECIES, Split, load_penguins, split_dataset
from ..exercises import Slip, check_function
from ..losses import binary_cross_entropy
from ..metrics import accuracy
from ..network import make_network
from ..plots import fmt
from ..training import train
from .lesson5 import feature_pair
from .lesson5_softmax import sigmoid_as_softmax

BINARY = {
    "features": ("bill_length_mm", "bill_depth_mm"),
    "species": ("Adelie", "Chinstrap"),   # class 0, class 1 (alphabetical, as nl.split_dataset orders them)
    "test_fraction": 0.25,
    "split_seed": 0,
}
# The explorer's start: a visibly wrong neuron (it calls long bills Adelie: the boundary points the wrong way).
START = {"w1": -1.0, "w2": 1.0, "b": 0.0}
WEIGHT_RANGE = (-10.0, 10.0)   # the w1, w2 and b sliders
TRAINING = {"lr": 0.1, "epochs": 10, "batch_size": 16, "seed": 0}
HOW_TO_SPLIT = "lesson5_binary.binary_split()"


# -- the data ------------------------------------------------------------------------------------
def species_pair(species):
    """`species` as a pair of two different penguin species (a tuple), or a clear error."""
    return two_of("species", species, PENGUIN_SPECIES, "penguin species", BINARY["species"])


def binary_split(features=BINARY["features"], species=BINARY["species"], test_fraction=BINARY["test_fraction"],
                 seed=BINARY["split_seed"]):
    """Two penguin species and two measurements, split (seeded, stratified) and standardised: an nl.Split.

    split.classes is the two species in alphabetical order: class 0 and class 1 (P = P(class 1)).
    """
    ds = load_penguins(features=feature_pair(features), target="species", species=species_pair(species))
    return split_dataset(ds, test_fraction, seed)


def _check_split(split):
    check_instance("split", split, Split, HOW_TO_SPLIT)
    if split.n_classes != 2 or split.X_train.shape[1] != 2:
        raise ValueError(f"split must hold two classes and two features ({HOW_TO_SPLIT}), got {split!r}")
    return split


def binary_targets(split):
    """(Y_train, Y_test): one column each, 1 for class 1 (split.classes[1]) and 0 for class 0."""
    _check_split(split)
    return split.Y_train[:, 1:], split.Y_test[:, 1:]


# -- the neuron ----------------------------------------------------------------------------------
def _weights(w, b):
    w = as_array("w", w, ndim=1)
    if w.shape != (2,):
        raise ValueError(f"w must be the two weights (w1, w2), got shape {w.shape}")
    return w, number("b", b)


def neuron_network(w, b):
    """The neuron as an nl.Network (2 inputs → 1 sigmoid output) with W = [[w1], [w2]] and bias b."""
    w, b = _weights(w, b)
    net = make_network(2, 0, 1, output="sigmoid")
    net.set_weights([(w[:, None], np.array([b]))])
    return net


def neuron_output(w, b, X):
    """z = X·w + b and P = σ(z) for each row of X (shape (N, 2)); returns (z, P) as 1-D arrays."""
    w, b = _weights(w, b)
    X = as_array("X", X, ndim=2)
    if X.shape[1] != 2:
        raise ValueError(f"X must have 2 columns (x1, x2), got shape {X.shape}")
    z = X @ w + b
    return z, sigmoid(z)


def probability_grid(w, b, points, n):
    """P(class 1) = σ(w·x + b) at the n·n grid points (lesson5.region_grid), as an (n, n) array.

    Row i is the grid row at the i-th y value (imshow with origin="lower" draws it upright).
    """
    n = whole_number("n", n, 1)
    points = as_array("points", points, ndim=2)
    if points.shape != (n * n, 2):
        raise ValueError(f"points must hold n·n = {n * n} rows of 2 numbers, got shape {points.shape}")
    return neuron_output(w, b, points)[1].reshape(n, n)


def boundary_segment(w, b, scaler, x_range, y_range):
    """The line P = 0.5 (w1·x1 + w2·x2 + b = 0 in standardised units) inside the box, in the data's units.

    `scaler` is the split's x_scaler (standardised = (raw − mean)/std), x_range and y_range the
    box in raw units. Returns (xs, ys), two end points, or None when the line misses the box or
    w1 = w2 = 0 (then P = σ(b) everywhere and there is no boundary).
    """
    w, b = _weights(w, b)
    box = scaler.transform(np.array([[x_range[0], y_range[0]], [x_range[1], y_range[1]]], dtype=np.float64))
    (x0, y0), (x1, y1) = box
    ends = []
    if w[1] != 0:   # where the line crosses the left and right edges
        ends += [(x, -(w[0] * x + b) / w[1]) for x in (x0, x1)]
    if w[0] != 0:   # where it crosses the bottom and top edges
        ends += [(-(w[1] * y + b) / w[0], y) for y in (y0, y1)]
    tol = 1e-9 * (1 + abs(x1 - x0) + abs(y1 - y0))
    inside = [(x, y) for x, y in ends if x0 - tol <= x <= x1 + tol and y0 - tol <= y <= y1 + tol]
    if len(inside) < 2:
        return None
    inside = np.array(inside)
    # the two crossings farthest apart (a corner can appear twice)
    d = ((inside[:, None, :] - inside[None, :, :]) ** 2).sum(axis=-1)
    i, j = np.unravel_index(np.argmax(d), d.shape)
    if d[i, j] == 0:
        return None
    raw = scaler.inverse_transform(inside[[i, j]])
    return raw[:, 0], raw[:, 1]


def majority_baseline(split):
    """Test accuracy of always guessing the class most common among the training rows (no network)."""
    Y_train, Y_test = binary_targets(split)
    guess = 1.0 if Y_train.mean() > 0.5 else 0.0
    return float(np.mean(Y_test[:, 0] == guess))


def binary_readouts(w, b, split, row=0):
    """Everything the explorer shows for the neuron (w1, w2, b) on `split`, as a dict of numbers.

    train_loss, test_loss    binary cross-entropy of P = σ(X·w + b) on the rows (nl.binary_cross_entropy)
    train_accuracy, test_accuracy   share of rows with P ≥ 0.5 exactly when Y = 1 (nl.accuracy)
    baseline                 majority_baseline(split)
    dw1, dw2, db             ∂E/∂w1, ∂E/∂w2, ∂E/∂b of the training loss: mean of (P − Y)·x1, (P − Y)·x2, P − Y
    row, row_class, row_raw, z, sigmoid, softmax   one training row: its class, measurements, z and
                             σ(z) beside softmax([0, z])[1] (sigmoid_as_softmax: always equal)
    z_train                  z of every training row (the explorer plots them on σ(z))
    """
    _check_split(split)
    w, b = _weights(w, b)
    row = whole_number("row", row, 0, len(split.X_train) - 1)
    Y_train, Y_test = binary_targets(split)
    z_train, P_train = neuron_output(w, b, split.X_train)
    _, P_test = neuron_output(w, b, split.X_test)
    delta = P_train - Y_train[:, 0]          # ∂E/∂z of each row, times N
    sig, soft = sigmoid_as_softmax(z_train[row])
    return {"train_loss": binary_cross_entropy(P_train, Y_train[:, 0]),
            "test_loss": binary_cross_entropy(P_test, Y_test[:, 0]),
            "train_accuracy": accuracy(P_train, Y_train[:, 0]), "test_accuracy": accuracy(P_test, Y_test[:, 0]),
            "baseline": majority_baseline(split),
            "dw1": float(np.mean(delta * split.X_train[:, 0])), "dw2": float(np.mean(delta * split.X_train[:, 1])),
            "db": float(np.mean(delta)),
            "row": row, "row_class": str(split.classes[int(Y_train[row, 0])]),
            "row_raw": split.X_train_raw[row].copy(), "z": float(z_train[row]), "sigmoid": float(sig),
            "softmax": float(soft), "z_train": z_train}


def readout_message(r, classes):
    """The readouts of binary_readouts in words, for the status line."""
    if r["test_accuracy"] <= r["baseline"]:
        return (f"Test accuracy {fmt(100 * r['test_accuracy'])}% is no better than always guessing "
                f"{classes[0] if r['baseline'] >= 0.5 else classes[1]} ({fmt(100 * r['baseline'])}%): move the "
                "sliders against the signs of ∂E/∂w, or press Train.")
    return (f"Test accuracy {fmt(100 * r['test_accuracy'])}% beats always guessing the commonest species "
            f"({fmt(100 * r['baseline'])}%); binary cross-entropy on the test rows {fmt(r['test_loss'])}.")


# -- training --------------------------------------------------------------------------------------
def train_binary(split, w=(START["w1"], START["w2"]), b=START["b"], lr=TRAINING["lr"], epochs=TRAINING["epochs"],
                 batch_size=TRAINING["batch_size"], seed=TRAINING["seed"], callback=None):
    """Train the neuron from (w, b) with nl.train and binary cross-entropy; return (w, b, history).

    The test rows are nl.train's validation rows and nl.accuracy its metric. `callback(event)` is
    nl.train's, called after every epoch (event.net holds the weights so far). A run that blows up
    stops by nl.train's divergence rule with the last good weights; history.message says so.
    """
    _check_split(split)
    net = neuron_network(w, b)
    Y_train, Y_test = binary_targets(split)
    history = train(net, split.X_train, Y_train, loss="binary_cross_entropy", lr=lr, epochs=epochs,
                    batch_size=batch_size, seed=seed, validation=(split.X_test, Y_test), metrics=[accuracy],
                    callback=callback, warn=False)
    W, bias = net.parameters()[0]
    return W[:, 0].copy(), float(bias[0]), history


# -- self-check: binary cross-entropy ------------------------------------------------------------
def _bce_inputs(rng):
    N = int(rng.integers(4, 9))
    Y = np.zeros(N)
    Y[rng.permutation(N)[: int(rng.integers(1, N))]] = 1.0   # both classes present
    return rng.uniform(0.05, 0.95, size=N), Y


BCE_HINTS = [
    Slip(lambda P, Y: -np.mean(Y * np.log(P)),
         "You left out the (1 − Y)·ln(1 − P) term: rows of class 0 then cost nothing, however sure the "
         "neuron is that they are class 1. Each row needs Y·ln P + (1 − Y)·ln(1 − P)."),
    Slip(lambda P, Y: binary_cross_entropy(P, Y) / np.log(10),
         "Use the natural logarithm (np.log), not log base 10 (np.log10)."),
    Slip(lambda P, Y: -binary_cross_entropy(P, Y),
         "The sign is flipped: ln of a probability is negative or 0, so the minus sign in front makes the "
         "error positive."),
    Slip(lambda P, Y: binary_cross_entropy(P, Y) * len(Y),
         "You added the rows' errors: take the mean over the N rows (divide the sum by N, or use np.mean), "
         "so the error does not grow with the number of rows."),
    Slip(lambda P, Y: -np.mean((1 - Y) * np.log(P) + Y * np.log(1 - P)),
         "Y and 1 − Y are swapped: Y multiplies ln P (P is the probability of class 1), 1 − Y multiplies ln(1 − P)."),
]


def check_binary_cross_entropy(fn):
    """Check `fn(P, Y) -> number`: E = −(1/N) Σ [Y·ln P + (1 − Y)·ln(1 − P)] for 1-D P (probabilities) and Y (0 or 1)."""
    with np.errstate(all="ignore"):
        return check_function(fn, reference=binary_cross_entropy, make_inputs=_bce_inputs, hints=BCE_HINTS,
                              n_trials=5, seed=11, name="your binary_cross_entropy")

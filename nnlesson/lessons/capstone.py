"""Lesson 6, the capstone: a handwritten-digit reader trained from scratch with nnlesson.

Everything from lessons 1–5 on one real task: 8×8 images of digits (64 pixels, 0–16 each)
go into a 64 → n_hidden → 10 network with a softmax output, trained with cross-entropy and
backpropagation, one row at a time (or in mini-batches), for a number of epochs.

    from nnlesson.lessons import capstone
    split = capstone.split_digits()                 # seeded, stratified nl.Split, pixels scaled
    result = capstone.train_digits(split=split)     # DEFAULTS: ≥ 97 % of the test digits right
    result.test_accuracy

The pixels are scaled with `nl.PixelScaler` (one mean and std for all pixels: why, in its
docstring). split.X_test_raw holds the raw pixels 0–16, split.X_test what the network sees.

What the lesson computes about a trained reader (the explorers in nnlesson.widgets.digits show it):
    digit_probabilities   the network's 10 probabilities for one digit's raw pixels
    top_guesses           the k most likely digits with their probabilities
    guess_in_words        the top guess as a sentence ("a 3, 97.20% sure")
    next_intensity        what a click does to a pixel: 0 → 8 → 16 → 0
    predictions           probabilities for many raw digits
    gallery_data          test digits with their label, guess and top-3 probabilities
    mistakes              the test digits the network gets wrong, with what it guessed
    hidden_weight_images  each hidden neuron's 64 incoming weights as an 8×8 image
    strongest_votes       the digit each hidden neuron's outgoing weights favour
    most_changed_units    the hidden neurons training changed most
    shift_digits, compare_scalers   test digits moved by a pixel; PixelScaler against a
                          Standardizer per pixel on them
and the checkers for the lesson's exercises.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validate import (as_array, check_instance, check_network, choice, merged_settings, number, positive_number,
                         seed_value, whole_number)
from ..activations import HIDDEN_ACTIVATIONS
from ..data import PixelScaler, Split, load_digits, split_dataset
from ..exercises import Feedback, Slip, check_function, check_value
from ..metrics import accuracy, confusion_matrix
from ..network import Network, make_network
from ..training import train

# The settings the lesson starts from. With these seeds the network reads at least 97 % of
# the test digits correctly (tests/test_digits.py checks it) in about 1–2 s on a laptop
# (benchmarks/bench_capstone.py measures it).
DEFAULTS = {
    "n_hidden": 64,          # hidden neurons
    "activation": "relu",    # the hidden layer's activation
    "lr": 0.02,              # learning rate
    "epochs": 20,            # passes over every training row
    "batch_size": 1,         # rows per update: 1 = per-row updates, as in lessons 2 and 3
    "test_fraction": 0.25,   # share of the digits kept aside to test on
    "split_seed": 0,         # seed of the train/test split
    "seed": 0,               # seed of the starting weights and of the row shuffling
}
GOAL = 0.97
CLASSES = list(range(10))
N_PIXELS = 64
MAX_PIXEL = 16
INTENSITY_CYCLE = (0, 8, 16)  # a click on a pixel button cycles its intensity through these values
SURE, FAIRLY_SURE = 0.9, 0.5  # how sure the top guess must be for "sure" and "probably"


# -- settings -------------------------------------------------------------------------------
def check_settings(settings=None, **overrides):
    """DEFAULTS updated with `settings` (a dict) and keyword overrides, each value checked.

    >>> check_settings(epochs=5)["epochs"]
    5
    """
    merged = merged_settings(DEFAULTS, {} if settings is None else settings)
    merged = merged_settings(merged, overrides, name="keyword settings")
    merged["n_hidden"] = positive_number("n_hidden", merged["n_hidden"], integer=True)
    choice("activation", merged["activation"], HIDDEN_ACTIVATIONS)
    merged["lr"] = positive_number("lr", merged["lr"])
    merged["epochs"] = positive_number("epochs", merged["epochs"], integer=True)
    bs = merged["batch_size"]
    if bs is not None:
        merged["batch_size"] = positive_number("batch_size", bs, integer=True)
    tf = positive_number("test_fraction", merged["test_fraction"])
    if not 0 < tf < 1:
        raise ValueError(f"test_fraction must be between 0 and 1, got {tf}")
    merged["test_fraction"] = tf
    merged["split_seed"] = seed_value("split_seed", merged["split_seed"])
    merged["seed"] = seed_value("seed", merged["seed"])
    return merged


# -- checks ---------------------------------------------------------------------------------
def check_pixels(pixels, name="pixels"):
    """One digit's pixels as a float array of shape (64,), values 0–16; (8, 8) is accepted too."""
    pixels = as_array(name, pixels, ndim=(1, 2))
    if pixels.shape not in ((N_PIXELS,), (8, 8)):
        raise ValueError(f"{name} must hold one 8×8 digit: shape (64,) or (8, 8), got shape {pixels.shape}")
    pixels = pixels.reshape(N_PIXELS)
    if pixels.min() < 0 or pixels.max() > MAX_PIXEL:
        raise ValueError(f"{name} must be pixel intensities from 0 to {MAX_PIXEL}, got values from "
                         f"{pixels.min():g} to {pixels.max():g}")
    return pixels


def check_digit_network(net, name="net"):
    """`net` if it is a Network that reads 64 pixels into 10 softmax outputs, else a clear error."""
    check_network(net, name)
    if net.n_inputs != N_PIXELS or net.n_outputs != 10 or net.output != "softmax":
        raise ValueError(f"{name} must read 64 pixels into 10 softmax outputs, got {net}")
    return net


def check_digits_split(split):
    """`split` if it is the digits' Split (from capstone.split_digits()), else a clear error."""
    check_instance("split", split, Split, "capstone.split_digits()")
    if split.X_train.shape[1] != N_PIXELS or split.n_classes != 10:
        raise ValueError(f"split must hold the 8×8 digits (64 pixels, 10 classes), got one with "
                         f"{split.X_train.shape[1]} features and {split.n_classes} classes")
    return split


def _check_ten_probabilities(P, name="probabilities"):
    P = as_array(name, P, ndim=1)
    if P.shape != (10,):
        raise ValueError(f"{name} must hold 10 probabilities (one per digit), got shape {P.shape}")
    if P.min() < 0 or P.max() > 1 or not np.isclose(P.sum(), 1.0, atol=1e-6):
        raise ValueError(f"{name} must be probabilities between 0 and 1 that sum to 1, got sum {P.sum():.6g}")
    return P


def _check_labels(labels, X):
    labels = np.asarray(labels)
    if labels.shape != (len(X),):
        raise ValueError(f"labels must hold one digit per row of X ({len(X)}), got shape {labels.shape}")
    return labels


# -- data, network, training ----------------------------------------------------------------
def split_digits(test_fraction=DEFAULTS["test_fraction"], seed=DEFAULTS["split_seed"]):
    """Load data/digits.csv and split it, stratified by digit, so both parts hold every digit
    in the same proportions. The PixelScaler is fitted on the training rows only."""
    return split_dataset(load_digits(), test_fraction=test_fraction, seed=seed, scaler="pixels")


def build_network(settings=None, **overrides):
    """The 64 → n_hidden → 10 network of these settings (nl.make_network), softmax output,
    seeded by settings['seed'] (before training)."""
    s = check_settings(settings, **overrides)
    return make_network(N_PIXELS, s["n_hidden"], 10, hidden=s["activation"], output="softmax", seed=s["seed"])


@dataclass(eq=False)
class TrainedDigits:
    """What `train_digits` returns: the trained network, its History and the accuracies."""

    net: Network
    history: object
    split: Split
    settings: dict
    train_accuracy: float
    test_accuracy: float

    def __repr__(self):
        return (f"TrainedDigits({self.net}, {self.history.epochs_run} epochs, train accuracy "
                f"{self.train_accuracy:.2%}, test accuracy {self.test_accuracy:.2%})")


def train_digits(settings=None, split=None, callback=None, **overrides):
    """Build and train the digit reader; return a `TrainedDigits`.

    settings    a dict like DEFAULTS (missing keys take the default); keyword overrides too
    split       the digits' Split (made from the settings' test_fraction and split_seed if None)
    callback    called with a TrainingEvent after every epoch (e.g. a live plot's update)
    The History records the loss and the accuracy of the training and the test digits per epoch.
    """
    s = check_settings(settings, **overrides)
    split = split_digits(s["test_fraction"], s["split_seed"]) if split is None else check_digits_split(split)
    net = build_network(s)
    history = train(net, split.X_train, split.Y_train, loss="cross_entropy", lr=s["lr"], epochs=s["epochs"],
                    batch_size=s["batch_size"], seed=s["seed"], validation=(split.X_test, split.Y_test),
                    metrics=[accuracy], callback=callback)
    # the accuracies nl.train recorded for the weights it leaves in `net` (the last good epoch's)
    return TrainedDigits(net, history, split, s, history.curve("accuracy")[-1],
                         history.curve("accuracy", validation=True)[-1])


# -- reading digits -------------------------------------------------------------------------
def digit_probabilities(net, x_scaler, pixels):
    """The network's probabilities for one digit: softmax(net(x_scaler(pixels))), shape (10,).

    `pixels` are raw intensities 0–16, shape (64,) or (8, 8), scaled exactly as the training rows.
    """
    check_digit_network(net)
    check_instance("x_scaler", x_scaler, PixelScaler, "split.x_scaler")
    pixels = check_pixels(pixels)
    return net.forward(x_scaler.transform(pixels[None, :]))[0]


def predictions(net, x_scaler, X_raw):
    """Probabilities (N, 10) for raw pixel rows X_raw (N, 64)."""
    check_digit_network(net)
    check_instance("x_scaler", x_scaler, PixelScaler, "split.x_scaler")
    X_raw = as_array("X_raw", X_raw, ndim=2)
    if X_raw.shape[1] != N_PIXELS:
        raise ValueError(f"X_raw must have 64 pixel columns, got shape {X_raw.shape}")
    return net.forward(x_scaler.transform(X_raw))


def percent(p):
    """A probability as a readable percentage: '97.25%', '0.31%', '<0.01%'."""
    p = float(p)
    if p != p:
        return "not a number"
    if 0 < p < 1e-4:
        return "<0.01%"
    return f"{100 * p:.2f}%"


def top_guesses(P, k=3):
    """The k most likely digits, most likely first: [(digit, probability), ...]."""
    P = _check_ten_probabilities(P)
    k = whole_number("k", k, 1, 10)
    order = np.argsort(-P, kind="stable")[:k]
    return [(int(d), float(P[d])) for d in order]


def a(digit):
    """'a 3', 'an 8': the digit with its article, for sentences."""
    return f"an {digit}" if digit == 8 else f"a {digit}"


def guess_in_words(P):
    """The top guess in a sentence a learner understands, with how sure the network is."""
    (d, p), (d2, p2) = top_guesses(P, 2)
    if p >= SURE:
        return f"{a(d)}, {percent(p)} sure"
    if p >= FAIRLY_SURE:
        return f"probably {a(d)} ({percent(p)}), maybe {a(d2)} ({percent(p2)})"
    return f"unsure: {a(d)} ({percent(p)}) or {a(d2)} ({percent(p2)}), nothing above 50%"


def next_intensity(value):
    """A click on a pixel: 0 → 8 → 16 → 0. Values in between go up to the next step."""
    value = number("value", value, 0, MAX_PIXEL)
    for step in INTENSITY_CYCLE:
        if value < step:
            return step
    return 0


def gallery_data(net, x_scaler, X_raw, labels, indices, k=3):
    """For each chosen row of X_raw: its index, pixels, label, guess and top-k [(digit, p), ...]."""
    X_raw = as_array("X_raw", X_raw, ndim=2)
    labels = _check_labels(labels, X_raw)
    indices = [whole_number("indices[...]", i, 0, len(X_raw) - 1) for i in indices]
    if not indices:
        raise ValueError("indices must name at least one row")
    P = predictions(net, x_scaler, X_raw[indices])
    items = []
    for i, p in zip(indices, P):
        top = top_guesses(p, k)
        items.append({"index": i, "pixels": X_raw[i].reshape(8, 8), "label": int(labels[i]), "guess": top[0][0],
                      "top": top, "correct": top[0][0] == int(labels[i])})
    return items


def mistakes(net, x_scaler, X_raw, labels, k=3):
    """The rows the network gets wrong, in index order, as `gallery_data` items."""
    X_raw = as_array("X_raw", X_raw, ndim=2)
    labels = _check_labels(labels, X_raw)
    wrong = np.flatnonzero(predictions(net, x_scaler, X_raw).argmax(axis=1) != labels)
    return gallery_data(net, x_scaler, X_raw, labels, [int(i) for i in wrong], k) if len(wrong) else []


# -- what the hidden layer learned ----------------------------------------------------------
def hidden_weight_images(net):
    """Each hidden neuron's 64 incoming weights as an 8×8 image: shape (n_hidden, 8, 8).

    Row r, column c of image j is the weight from pixel (r, c) to hidden neuron j: where it is
    positive, ink there pushes the neuron up; where negative, ink there pushes it down.
    """
    check_digit_network(net)
    W = net.layers[0].W                      # shape (64, n_hidden)
    return W.T.reshape(-1, 8, 8).copy()


def strongest_votes(net):
    """For each hidden neuron, the digit its outgoing weights favour most (needs one hidden layer)."""
    check_digit_network(net)
    if len(net.layers) != 2:
        raise ValueError(f"net must have exactly one hidden layer, got {net}")
    return net.layers[1].W.argmax(axis=1)    # W2 has shape (n_hidden, 10)


def most_changed_units(net, start, n=16):
    """The n hidden neurons whose incoming weights training changed most (largest ‖ΔW‖), in order."""
    change = hidden_weight_images(net) - hidden_weight_images(start)
    norms = np.sqrt((change ** 2).sum(axis=(1, 2)))
    return [int(u) for u in np.argsort(-norms, kind="stable")[:n]]


# -- one ruler for all pixels, or one per pixel? ---------------------------------------------
# How each test digit is moved: (columns right, rows down); negative is left or up.
SHIFTS = {"as they are": (0, 0), "1 pixel left": (-1, 0), "1 pixel right": (1, 0),
          "1 pixel up": (0, -1), "1 pixel down": (0, 1)}


def shift_digits(X_raw, right=0, down=0):
    """Every 8×8 digit of X_raw (N, 64) moved by whole pixels: `right` columns to the right
    (negative: to the left) and `down` rows down (negative: up). Pixels that move in at an edge
    are blank (0); ink moved past the opposite edge is lost."""
    X_raw = as_array("X_raw", X_raw, ndim=2)
    if X_raw.shape[1] != N_PIXELS:
        raise ValueError(f"X_raw must have 64 pixel columns, got shape {X_raw.shape}")
    right, down = whole_number("right", right, -7, 7), whole_number("down", down, -7, 7)
    images = X_raw.reshape(-1, 8, 8)
    moved = np.zeros_like(images)
    rows_to, rows_from = slice(max(down, 0), 8 + min(down, 0)), slice(max(-down, 0), 8 - max(down, 0))
    cols_to, cols_from = slice(max(right, 0), 8 + min(right, 0)), slice(max(-right, 0), 8 - max(right, 0))
    moved[:, rows_to, cols_to] = images[:, rows_from, cols_from]
    return moved.reshape(-1, N_PIXELS)


def compare_scalers(result):
    """Train the reader of `result` again with a Standardizer per pixel (lesson 4's scaling) in
    place of one PixelScaler, same settings, split and seeds, and read the test digits with both:
    as they are and moved by one pixel each way (SHIFTS).

    Returns {"one ruler (PixelScaler)": row, "a ruler per pixel (Standardizer)": row}, each row
    {"accuracy": {shift: share right}, "largest input": {shift: the largest |scaled pixel|}}.
    """
    check_instance("result", result, TrainedDigits, "capstone.train_digits(...)")
    s = result.settings
    split = split_dataset(load_digits(), test_fraction=s["test_fraction"], seed=s["split_seed"], scaler="standard")
    net = build_network(s)
    train(net, split.X_train, split.Y_train, loss="cross_entropy", lr=s["lr"], epochs=s["epochs"],
          batch_size=s["batch_size"], seed=s["seed"], warn=False)
    table = {}
    for name, (reader, scaler) in {"one ruler (PixelScaler)": (result.net, result.split.x_scaler),
                                   "a ruler per pixel (Standardizer)": (net, split.x_scaler)}.items():
        row = table[name] = {"accuracy": {}, "largest input": {}}
        for shift, (right, down) in SHIFTS.items():
            X = scaler.transform(shift_digits(result.split.X_test_raw, right, down))
            row["accuracy"][shift] = float(np.mean(reader.forward(X).argmax(axis=1) == result.split.labels_test))
            row["largest input"][shift] = float(np.abs(X).max())
    return table


# -- exercises --------------------------------------------------------------------------------
def check_digit_probabilities(fn, net, x_scaler, X_raw):
    """Exercise 1: fn(pixels) → the 10 probabilities the network gives one raw 8×8 digit.

    X_raw: raw digits (e.g. split.X_test_raw) to draw the test pixels from.
    """
    try:   # what the notebook passes in: a wrong object is told in words, not raised
        check_digit_network(net)
        check_instance("x_scaler", x_scaler, PixelScaler, "split.x_scaler")
        X_raw = as_array("X_raw", X_raw, ndim=2)
        if X_raw.shape[1] != N_PIXELS:
            raise ValueError(f"X_raw must hold raw digits of 64 pixels per row, got shape {X_raw.shape}")
    except (TypeError, ValueError) as exc:
        return Feedback(False, f"the checker cannot run: {exc}.",
                        "Pass result.net, split.x_scaler and split.X_test_raw, as in the check cell.")

    def make_inputs(rng):
        return (X_raw[rng.integers(len(X_raw))].copy(),)

    hints = [
        Slip(lambda pixels: net.forward(pixels[None, :])[0],
             "The network was trained on scaled pixels: apply x_scaler.transform(...) first."),
        Slip(lambda pixels: net.forward(pixels[None, :] / 16)[0],
             "Scale with the same PixelScaler as the training data (x_scaler.transform), not by dividing by 16."),
        (lambda args, got, exp: not np.isclose(np.sum(got), 1.0),
         "Probabilities sum to 1: return the softmax output (net.forward already ends with softmax)."),
    ]
    return check_function(fn, reference=lambda pixels: digit_probabilities(net, x_scaler, pixels),
                          make_inputs=make_inputs, hints=hints, name="digit_probabilities")


def check_confusion(fn):
    """Exercise 2: fn(true_labels, predicted_labels) → the 10 × 10 confusion matrix of counts."""
    def make_inputs(rng):
        n = int(rng.integers(20, 60))
        true = rng.integers(0, 10, n)
        pred = np.where(rng.random(n) < 0.7, true, rng.integers(0, 10, n))
        return true, pred

    hints = [
        Slip(lambda true, pred: confusion_matrix(pred, true, len(CLASSES)),
             "Rows are the true labels and columns the guesses: C[true, guess] += 1 (yours is transposed)."),
        (lambda args, got, exp: np.allclose(np.diag(got), np.diag(exp)),
         "The diagonal is right; check how you count the mistakes (off the diagonal)."),
    ]
    return check_function(fn, reference=lambda true, pred: confusion_matrix(true, pred, len(CLASSES)),
                          make_inputs=make_inputs, hints=hints, name="confusion")


def check_accuracy_from_confusion(value, C):
    """Exercise 3: the accuracy read off a confusion matrix (diagonal / total)."""
    try:
        C = as_array("C", C, ndim=2)
        if C.shape[0] != C.shape[1] or C.sum() <= 0:
            raise ValueError(f"C must be a square matrix of counts with at least one digit, got shape {C.shape}")
    except (TypeError, ValueError) as exc:
        return Feedback(False, f"the checker cannot run: {exc}.", "Pass the confusion matrix C of the lesson.")
    expected = float(np.trace(C) / C.sum())
    # a share (0.9731) or a percentage (97.31), each right to 4 significant digits or to every digit typed
    for scale in (1, 100):
        if check_value(value, scale * expected, name="your accuracy").passed:
            return Feedback(True, f"accuracy = {expected:.4f}: the diagonal holds the right answers.")
    feedback = check_value(value, expected, name="your accuracy", hints=[
        Slip(1 - expected, "That is the share of mistakes: the right answers sit on the diagonal.")])
    if not feedback.passed and "Plug the numbers" in feedback.hint:
        feedback.hint = "np.trace(C) adds the diagonal; C.sum() counts every test digit."
    return feedback

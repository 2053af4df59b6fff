"""Lesson 6, the capstone: a handwritten-digit reader trained from scratch with nnlesson.

Everything from lessons 1–5 on one real task: 8×8 images of digits (64 pixels, 0–16 each)
go into a 64 → hidden → 10 network with a softmax output, trained with cross-entropy and
backpropagation, one row at a time (or in mini-batches), for a number of epochs.

    from nnlesson.lessons import capstone
    split = capstone.split_digits()                 # seeded, stratified train/test split
    result = capstone.train_digits(split=split)     # DEFAULTS: ≥ 97 % of the test digits right
    result.test_accuracy

Also here: `PixelScale` (how the pixels are scaled, and why) and the checkers for the lesson's
exercises.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validate import as_array, positive_number, seed_value
from ..activations import HIDDEN_ACTIVATIONS
from ..data import load_digits, one_hot, train_test_split
from ..exercises import Feedback, check_function
from ..network import Network
from ..training import accuracy, train

# The settings the lesson starts from. With these seeds the network reads at least 97 % of
# the test digits correctly (tests/test_digits.py checks it) in about 1–2 s on a laptop
# (benchmarks/bench_capstone.py measures it).
DEFAULTS = {
    "hidden": 64,            # hidden neurons
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


# -- settings -------------------------------------------------------------------------------
def check_settings(settings=None, **overrides):
    """DEFAULTS updated with `settings` (a dict) and keyword overrides, each value checked.

    >>> check_settings(epochs=5)["epochs"]
    5
    """
    merged = dict(DEFAULTS)
    if settings is not None:
        if not isinstance(settings, dict):
            raise TypeError(f"settings must be a dict such as capstone.DEFAULTS, got {type(settings).__name__}")
        merged.update(settings)
    merged.update(overrides)
    unknown = sorted(set(merged) - set(DEFAULTS))
    if unknown:
        raise ValueError(f"unknown setting(s) {unknown}: the settings are {list(DEFAULTS)}")
    merged["hidden"] = positive_number("hidden", merged["hidden"], integer=True)
    if merged["activation"] not in HIDDEN_ACTIVATIONS:
        raise ValueError(f"activation must be one of {list(HIDDEN_ACTIVATIONS)}, got {merged['activation']!r}")
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


# -- pixels ---------------------------------------------------------------------------------
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


@dataclass
class PixelScale:
    """One ruler for every pixel: X_scaled = (X − mean) / std, with a single mean and std.

    Why not divide by 16? That puts pixels between 0 and 1, but their spread is then only
    about 0.4, while the starting weights assume inputs with a spread near 1: the first layer
    learns slowly. Why not nl.Standardizer (a mean and std per column)? A pixel near the edge
    is almost always blank, so its std is tiny; one stroke there would become an input of
    several hundred and drown out every other pixel. One mean and one std for all 64 pixels
    gives inputs with mean 0 and spread 1 while keeping every pixel on the same scale.
    """

    mean: float
    std: float

    @classmethod
    def fit(cls, X):
        """The mean and std of every pixel value of the training images together."""
        X = as_array("X", X, ndim=2)
        std = float(X.std())
        return cls(float(X.mean()), std if std > 0 else 1.0)

    def transform(self, X):
        X = as_array("X", X, ndim=(1, 2))
        return (X - self.mean) / self.std

    def inverse_transform(self, X_scaled):
        X_scaled = as_array("X_scaled", X_scaled, ndim=(1, 2))
        return X_scaled * self.std + self.mean

    def __repr__(self):
        return f"PixelScale(mean={self.mean:.4f}, std={self.std:.4f})"


# -- data -----------------------------------------------------------------------------------
@dataclass(eq=False)
class DigitsSplit:
    """The digits split into training and test rows, raw and scaled.

    X_train, X_test              raw pixels 0–16, shape (N, 64)
    labels_train, labels_test    the digits 0–9, shape (N,)
    Y_train, Y_test              the same labels one-hot encoded, shape (N, 10)
    scale                        the PixelScale fitted on the training rows
    Xs_train, Xs_test            the scaled pixels the network sees
    """

    X_train: np.ndarray
    X_test: np.ndarray
    labels_train: np.ndarray
    labels_test: np.ndarray
    Y_train: np.ndarray
    Y_test: np.ndarray
    scale: PixelScale
    Xs_train: np.ndarray
    Xs_test: np.ndarray

    def __repr__(self):
        return (f"DigitsSplit({len(self.X_train)} training digits, {len(self.X_test)} test digits, "
                f"{self.scale})")


def split_digits(test_fraction=DEFAULTS["test_fraction"], seed=DEFAULTS["split_seed"]):
    """Load data/digits.csv and split it, stratified by digit, so both parts hold every digit
    in the same proportions. The PixelScale is fitted on the training rows only."""
    digits = load_digits()
    X_train, X_test, labels_train, labels_test = train_test_split(
        digits.X, digits.y, test_fraction=test_fraction, seed=seed, stratify=digits.y)
    Y_train, _ = one_hot(labels_train, classes=CLASSES)
    Y_test, _ = one_hot(labels_test, classes=CLASSES)
    scale = PixelScale.fit(X_train)
    return DigitsSplit(X_train, X_test, labels_train.astype(np.int64), labels_test.astype(np.int64),
                       Y_train, Y_test, scale, scale.transform(X_train), scale.transform(X_test))


def build_network(settings=None, **overrides):
    """The 64 → hidden → 10 network with a softmax output, seeded by settings['seed'] (before training)."""
    s = check_settings(settings, **overrides)
    return Network([N_PIXELS, s["hidden"], 10], hidden=s["activation"], output="softmax", seed=s["seed"])


@dataclass(eq=False)
class TrainedDigits:
    """What `train_digits` returns: the trained network, its History and the accuracies."""

    net: Network
    history: object
    split: DigitsSplit
    settings: dict
    train_accuracy: float
    test_accuracy: float

    def __repr__(self):
        return (f"TrainedDigits({self.net}, {self.history.epochs_run} epochs, train accuracy "
                f"{self.train_accuracy:.2%}, test accuracy {self.test_accuracy:.2%})")


def train_digits(settings=None, split=None, callback=None, progress=False, **overrides):
    """Build and train the digit reader; return a `TrainedDigits`.

    settings    a dict like DEFAULTS (missing keys take the default); keyword overrides too
    split       a DigitsSplit (made from the settings' test_fraction and split_seed if None)
    callback    called with a TrainingEvent after every epoch (e.g. a live plot's update)
    progress    show a progress bar in the notebook
    """
    s = check_settings(settings, **overrides)
    if split is None:
        split = split_digits(s["test_fraction"], s["split_seed"])
    elif not isinstance(split, DigitsSplit):
        raise TypeError(f"split must be a DigitsSplit from capstone.split_digits(), got {type(split).__name__}")
    net = build_network(s)
    history = train(net, split.Xs_train, split.Y_train, loss="cross_entropy", lr=s["lr"], epochs=s["epochs"],
                    batch_size=s["batch_size"], seed=s["seed"], validation=(split.Xs_test, split.Y_test),
                    callback=callback, progress=progress)
    return TrainedDigits(net, history, split, s,
                         accuracy(net.forward(split.Xs_train), split.Y_train),
                         accuracy(net.forward(split.Xs_test), split.Y_test))


# -- exercises --------------------------------------------------------------------------------
def reference_probabilities(net, scale, pixels):
    """The network's 10 probabilities for one digit's raw pixels: softmax(forward(scaled))."""
    pixels = check_pixels(pixels)
    return net.forward(scale.transform(pixels[None, :]))[0]


def check_digit_probabilities(fn, net, scale, X_test):
    """Exercise 1: fn(pixels) → the 10 probabilities the network gives one raw 8×8 digit."""
    X_test = as_array("X_test", X_test, ndim=2)

    def make_inputs(rng):
        return (X_test[rng.integers(len(X_test))].copy(),)

    hints = [
        (lambda args, got, exp: np.allclose(got, net.forward(args[0][None, :])[0]),
         "The network was trained on scaled pixels: apply scale.transform(...) first."),
        (lambda args, got, exp: np.allclose(got, net.forward(args[0][None, :] / 16)[0]),
         "Scale with the same PixelScale as the training data (scale.transform), not by dividing by 16."),
        (lambda args, got, exp: not np.isclose(np.sum(got), 1.0),
         "Probabilities sum to 1: return the softmax output (net.forward already ends with softmax)."),
    ]
    return check_function(fn, reference=lambda pixels: reference_probabilities(net, scale, pixels),
                          make_inputs=make_inputs, hints=hints, name="digit_probabilities")


def reference_confusion(true_labels, predicted_labels):
    """C[i, j] = how many digits labelled i the network read as j (10 × 10)."""
    C = np.zeros((10, 10))
    np.add.at(C, (np.asarray(true_labels, dtype=np.int64), np.asarray(predicted_labels, dtype=np.int64)), 1)
    return C


def check_confusion(fn):
    """Exercise 2: fn(true_labels, predicted_labels) → the 10 × 10 confusion matrix of counts."""
    def make_inputs(rng):
        n = int(rng.integers(20, 60))
        true = rng.integers(0, 10, n)
        pred = np.where(rng.random(n) < 0.7, true, rng.integers(0, 10, n))
        return true, pred

    hints = [
        (lambda args, got, exp: np.allclose(got, exp.T),
         "Rows are the true labels and columns the guesses: C[true, guess] += 1 (yours is transposed)."),
        (lambda args, got, exp: np.allclose(np.diag(got), np.diag(exp)),
         "The diagonal is right; check how you count the mistakes (off the diagonal)."),
    ]
    return check_function(fn, reference=reference_confusion, make_inputs=make_inputs, hints=hints,
                          name="confusion")


def check_accuracy_from_confusion(value, C):
    """Exercise 3: the accuracy read off a confusion matrix (diagonal / total)."""
    C = as_array("C", C, ndim=2)
    expected = float(np.trace(C) / C.sum())
    try:
        got = float(value)
    except (TypeError, ValueError):
        return Feedback(False, f"your answer should be a number, got {type(value).__name__}.",
                        "Divide the sum of the diagonal by the sum of every cell.")
    if np.isclose(got, expected, rtol=1e-6) or np.isclose(got, 100 * expected, rtol=1e-6):
        return Feedback(True, f"accuracy = {expected:.4f}: the diagonal holds the right answers.")
    if np.isclose(got, 1 - expected, rtol=1e-6):
        return Feedback(False, "that is the share of mistakes.", "The right answers sit on the diagonal.")
    return Feedback(False, "not the accuracy of this matrix.",
                    "np.trace(C) adds the diagonal; C.sum() counts every test digit.")


__all__ = ["DEFAULTS", "GOAL", "PixelScale", "DigitsSplit", "TrainedDigits", "check_settings", "check_pixels",
           "split_digits", "build_network", "train_digits", "reference_probabilities",
           "check_digit_probabilities", "reference_confusion", "check_confusion",
           "check_accuracy_from_confusion"]

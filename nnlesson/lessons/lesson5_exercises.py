"""Lesson 5 exercises: softmax of a row, cross-entropy for one row, one-hot encoding.

Each checker runs the learner's function on several inputs, compares it with the package's
own nl.softmax, nl.cross_entropy and nl.one_hot, and answers with a `Feedback`: a verdict
and, when it is not right yet, a hint aimed at the usual mistake (never the solution).
The notebook calls them through the lesson's module:

    from nnlesson.lessons import lesson5
    lesson5.check_softmax(my_softmax)
"""

from __future__ import annotations

import functools

import numpy as np

from ..activations import softmax
from ..data import one_hot
from ..exercises import Slip, check_function
from ..losses import cross_entropy

CITIES = ("San Francisco", "New York", "Boston")


def _guard_overflow(fn):
    """Call fn; an OverflowError (e.g. math.exp(1000)) reads as NaN so the hint can explain it."""
    if not callable(fn):
        return fn

    @functools.wraps(fn)   # keeps the learner's argument names for the feedback
    def guarded(*args):
        try:
            return fn(*args)
        except OverflowError:
            return np.full(np.shape(args[0]), np.nan)

    return guarded


# -- softmax of a row ------------------------------------------------------------------------
def _softmax_inputs():
    calls = [0]

    def make(rng):
        calls[0] += 1
        K = int(rng.integers(3, 6))
        z = rng.normal(0.0, 2.0, size=K)
        if calls[0] == 4:        # big scores: a naive e^z overflows
            z = z + 1000.0
        elif calls[0] == 5:      # very negative scores: a naive e^z underflows to 0/0
            z = z - 1000.0
        return (z,)

    return make


def _not_finite(args, got, expected):
    return not np.all(np.isfinite(got))


def _not_normalised(args, got, expected):
    return not np.isclose(got.sum(), 1.0)


def _naive_softmax(z):
    """The slip: e^z / Σ e^z without subtracting the largest score (NaN once e^z overflows or underflows)."""
    with np.errstate(all="ignore"):
        return np.exp(z) / np.exp(z).sum()


NO_EXP = "Softmax divides e^(z_k) by the sum of e^(z_j): take the exponential of every score first."
SOFTMAX_HINTS = [   # slips (wrong-answer functions) first, then properties of a wrong answer
    Slip(_naive_softmax, "Your function gave NaN or infinity for large scores such as 1000: e^1000 overflows. "
                         "Subtract the row's largest score from every score first; the common factor cancels "
                         "in the fraction, so the answer does not change."),
    Slip(lambda z: z / z.sum(), NO_EXP), Slip(lambda z: (z - z.max()) / (z - z.max()).sum(), NO_EXP),
    (_not_finite, "Your function gave NaN or infinity: subtract the row's largest score from every score before "
                  "taking e^z, so that no exponential overflows."),
    (_not_normalised, "Your probabilities do not add up to 1: divide each e^(z_k) by the sum over all classes."),
]


def check_softmax(fn):
    """Check `fn(z) -> probabilities` for one row of scores z (a 1-D array)."""
    with np.errstate(all="ignore"):
        return check_function(_guard_overflow(fn), reference=softmax, make_inputs=_softmax_inputs(),
                              hints=SOFTMAX_HINTS, n_trials=5, seed=5, name="your softmax")


# -- cross-entropy for one row ---------------------------------------------------------------
def _ce_inputs(rng):
    K = int(rng.integers(3, 5))
    P = softmax(rng.normal(0.0, 1.5, size=K))
    Y = np.zeros(K)
    Y[int(rng.integers(K))] = 1.0
    return P, Y


def _ce_reference(P, Y):
    return cross_entropy(P[None, :], Y[None, :])


def _wrong_class(args, got, expected):
    P, Y = args
    wrong = [-np.log(P[k]) for k in range(len(P)) if Y[k] == 0]
    return any(np.isclose(got, w) for w in wrong) or np.isclose(got, -np.sum((1 - Y) * np.log(P)))


CE_HINTS = [
    Slip(lambda P, Y: _ce_reference(P, Y) / len(P),
         "Your answer is the right one divided by the number of classes: add the terms "
         "−Y_k·ln P_k over the classes (a sum); the mean in the formula is over rows, "
         "and here there is only one row."),
    Slip(lambda P, Y: -_ce_reference(P, Y),
         "The logarithm of a probability is negative or 0: the minus sign in front makes the error positive."),
    (_wrong_class, "That is the log of a wrong class's probability. The one-hot Y is 1 only at the true "
                   "class: that is the probability to take the log of."),
    Slip(lambda P, Y: -np.sum(np.log(P)),
         "You added −ln P_k for every class. Multiply each term by Y_k, so only the true class counts."),
    Slip(lambda P, Y: _ce_reference(P, Y) / np.log(10), "Use the natural logarithm (np.log), not log base 10."),
]


def check_cross_entropy(fn):
    """Check `fn(P, Y) -> number`: the cross-entropy −Σ_k Y_k·ln P_k of one row."""
    with np.errstate(all="ignore"):
        return check_function(fn, reference=_ce_reference, make_inputs=_ce_inputs, hints=CE_HINTS,
                              n_trials=5, seed=6, name="your cross_entropy")


# -- one-hot encoding ------------------------------------------------------------------------
def _one_hot_inputs(rng):
    n = int(rng.integers(4, 8))
    labels = [CITIES[int(i)] for i in rng.integers(0, 3, size=n)]
    labels[:3] = [CITIES[int(i)] for i in rng.permutation(3)]  # every city appears
    return labels, list(CITIES)


def _one_hot_reference(labels, classes):
    return one_hot(labels, classes)[0]


def _not_one_hot(args, got, expected):
    return not (np.all((got == 0) | (got == 1)) and np.all(got.sum(axis=-1) == 1))


ONE_HOT_HINTS = [
    Slip(lambda labels, classes: _one_hot_reference(labels, classes).T,
         "Your matrix is turned on its side: one row per label, one column per class."),
    Slip(lambda labels, classes: _one_hot_reference(labels, sorted(classes)),
         "The columns must follow the order of `classes` as given, not alphabetical order."),
    (_not_one_hot, "Each row needs zeros and a single 1, in the column of that row's class "
                   "(classes.index(label) finds it)."),
]


def check_one_hot(fn):
    """Check `fn(labels, classes) -> matrix` of shape (len(labels), len(classes)), one 1 per row."""
    return check_function(fn, reference=_one_hot_reference, make_inputs=_one_hot_inputs, hints=ONE_HOT_HINTS,
                          n_trials=5, seed=7, name="your one_hot")

"""Lesson 5 exercises: softmax of a row, cross-entropy for one row, one-hot encoding, and reading
the decision regions of a trained network (check_regions).

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
from ..exercises import Feedback, Slip, check_function, describe_value
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


# -- reading the decision regions ---------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _lesson_network():
    from . import lesson5   # lesson5 imports this module: import it when first needed

    split = lesson5.penguin_split()
    settings = {k: lesson5.DEFAULTS[k] for k in ("n_hidden", "activation", "lr", "epochs", "batch_size", "seed")}
    return lesson5.train_classifier(split, **settings)[0], split


def regions_quiz(net=None, split=None):
    """The marked test penguins of the decision-regions self-check, with the network's own answers.

    Without arguments: the network lesson 5 trains with DEFAULTS (seeded, so always the same) on
    lesson5.penguin_split(). Four test penguins are marked: for each species the one the network
    is surest of and gets right, and the one it gets wrong most confidently; numbered 1–4 from
    left to right (bill length). Returns a dict: X_raw (4×2, mm), true and predicted (species
    names, by nl.argmax of net.forward), misclassified (the wrong one's number), classes.
    """
    from . import lesson5
    from .._validate import check_instance, check_network
    from ..data import Split

    if (net is None) != (split is None):
        raise ValueError("net and split must be given together (or neither, for the lesson's own network), "
                         f"got net={type(net).__name__} and split={type(split).__name__}")
    if net is None:
        net, split = _lesson_network()
    check_network(net)
    check_instance("split", split, Split, lesson5.HOW_TO_SPLIT)
    P = net.forward(split.X_test)
    predicted, true = P.argmax(axis=1), np.asarray(split.labels_test)
    wrong = np.flatnonzero(predicted != true)
    if wrong.size == 0:
        raise ValueError("the network classifies every test penguin correctly, so no marked penguin can be "
                         "a mistake: train it less, or use the lesson's own network (no arguments)")
    sure = P.max(axis=1)
    rows = [int(wrong[np.argmax(sure[wrong])])]
    for k in range(split.n_classes):
        right = np.flatnonzero((predicted == true) & (true == k))
        if right.size:
            rows.append(int(right[np.argmax(sure[right])]))
    rows.sort(key=lambda i: split.X_test_raw[i, 0])
    names = list(split.classes)
    return {"X_raw": split.X_test_raw[rows], "true": [names[true[i]] for i in rows],
            "predicted": [names[predicted[i]] for i in rows],
            "misclassified": 1 + rows.index(int(wrong[np.argmax(sure[wrong])])), "classes": names,
            "features": list(split.feature_names)}


def plot_regions_quiz(ax, net=None, split=None, n=100):
    """The self-check's picture: the decision regions of `net` (lesson5.plot_regions) with the
    marked penguins of regions_quiz ringed and numbered 1–4."""
    from . import lesson5

    if net is None and split is None:
        net, split = _lesson_network()
    quiz = regions_quiz(net, split)
    lesson5.plot_regions(ax, net, split, n)
    for number, (x, y) in enumerate(quiz["X_raw"], start=1):
        ax.plot([x], [y], "o", ms=17, mfc="none", mec="black", mew=2.2)
        ax.annotate(str(number), (x, y), xytext=(9, 7), textcoords="offset points", fontsize=13,
                    fontweight="bold", bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "black"})
    return ax


def _species_name(value, classes):
    """The species a learner wrote (any case, spaces ignored), or None if it is not one of them."""
    if not isinstance(value, str):
        return None
    found = [c for c in classes if c.lower() == value.strip().lower()]
    return found[0] if found else None


def check_regions(species, misclassified, net=None, split=None):
    """Check a reading of the decision regions: `species`, the species the network predicts at
    each marked penguin (a list, in the order of the numbers 1–4), and `misclassified`, the number
    of the penguin it gets wrong. The answers come from the network itself (regions_quiz)."""
    quiz = regions_quiz(net, split)
    classes, expected, n = quiz["classes"], quiz["predicted"], len(quiz["predicted"])
    choices = ", ".join(classes)
    if isinstance(species, str) or not isinstance(species, (list, tuple)):
        return Feedback(False, f"species is {describe_value(species) if isinstance(species, (int, float)) else repr(species)[:60]}; "
                               f"expected a list of {n} species names, one per marked penguin.",
                        f'Write a list such as ["{classes[0]}", ...]: one of {choices} for each of the points 1 to {n}.')
    if len(species) != n:
        return Feedback(False, f"species has {len(species)} name{'' if len(species) == 1 else 's'}; expected {n}, "
                               f"one per marked penguin (1 to {n}).",
                        "Write one name for each numbered ring, in the order of the numbers.")
    if all(s is None or s is Ellipsis for s in species):
        return Feedback(False, "species is not written yet.",
                        f"Replace each None with the species the network predicts at that ring: one of {choices}.")
    read = [_species_name(s, classes) for s in species]
    unknown = [f"{k + 1}: {species[k]!r}" for k in range(n) if read[k] is None]
    if unknown:
        return Feedback(False, f"Not a species here: {', '.join(unknown)}; expected one of {choices}.",
                        "Write each species' name as the legend spells it, in quotes.")
    wrong = [k + 1 for k in range(n) if read[k] != expected[k]]
    if wrong:
        listed = " and ".join(str(k) for k in wrong)
        title = (f"{n - len(wrong)} of {n} right: your reading of point{'s' if len(wrong) > 1 else ''} {listed} "
                 f"({', '.join(read[k - 1] for k in wrong)}) is not what the network predicts there.")
        if all(read[k - 1] == quiz["true"][k - 1] for k in wrong):
            hint = ("You wrote the penguin's own species, from its marker's shape. The network's answer is the "
                    "colour of the region under the marker: the legend's colours name the regions too.")
        else:
            hint = ("Look at the colour of the region right under each ring (not at the marker inside it) and "
                    "match it with the legend's colours: a paler colour is still the same species.")
        return Feedback(False, title, hint)
    if isinstance(misclassified, bool) or not isinstance(misclassified, (int, np.integer)):
        return Feedback(False, f"misclassified is {misclassified!r}; expected a whole number from 1 to {n}.",
                        "Write the number of the ring, such as 2, without quotes.")
    if not 1 <= misclassified <= n:
        return Feedback(False, f"misclassified is {misclassified}; expected a whole number from 1 to {n}.",
                        f"The rings are numbered 1 to {n}.")
    if misclassified != quiz["misclassified"]:
        k = int(misclassified)
        return Feedback(False, f"The species are right, but the network is right about point {k}: its "
                               f"marker ({quiz['true'][k - 1]}) sits in the {expected[k - 1]} region.",
                        "A mistake is a penguin whose marker's shape (its true species) differs from the colour "
                        "of the region under it (the network's answer).")
    return Feedback(True, f"You read all {n} regions right and found the misclassified penguin.",
                    note=f"Point {quiz['misclassified']} is a {quiz['true'][quiz['misclassified'] - 1]} in the "
                         f"{expected[quiz['misclassified'] - 1]} region: the network gets it wrong, as the "
                         "confusion matrix counts.")

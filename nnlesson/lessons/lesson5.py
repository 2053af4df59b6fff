"""Lesson 5 exercises: softmax of a row, cross-entropy for one row, one-hot encoding.

Each checker runs the learner's function on several inputs, compares it with the package's
own nl.softmax, nl.cross_entropy and nl.one_hot, and answers with a `Feedback`: a verdict
and, when it is not right yet, a hint aimed at the usual mistake (never the solution).

    from nnlesson.lessons import lesson5
    lesson5.check_softmax(my_softmax)
"""

from __future__ import annotations

import numpy as np

from ..activations import softmax
from ..data import one_hot
from ..exercises import check_function
from ..losses import cross_entropy

CITIES = ("San Francisco", "New York", "Boston")


def _guard_overflow(fn):
    """Call fn; an OverflowError (e.g. math.exp(1000)) reads as NaN so the hint can explain it."""
    if not callable(fn):
        return fn

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


def _no_exp(args, got, expected):
    z = args[0]
    return np.allclose(got, z / z.sum()) or np.allclose(got, (z - z.max()) / (z - z.max()).sum())


SOFTMAX_HINTS = [
    (_not_finite, "Your function gave NaN or infinity for large scores such as 1000: e^1000 overflows. "
                  "Subtract the row's largest score from every score first; the common factor cancels "
                  "in the fraction, so the answer does not change."),
    (_no_exp, "Softmax divides e^(z_k) by the sum of e^(z_j): take the exponential of every score first."),
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


def _mean_not_sum(args, got, expected):
    return np.isclose(got, expected / len(args[0]))


def _sign(args, got, expected):
    return np.isclose(got, -expected)


def _wrong_class(args, got, expected):
    P, Y = args
    wrong = [-np.log(P[k]) for k in range(len(P)) if Y[k] == 0]
    return any(np.isclose(got, w) for w in wrong) or np.isclose(got, -np.sum((1 - Y) * np.log(P)))


def _all_classes(args, got, expected):
    return np.isclose(got, -np.sum(np.log(args[0])))


def _log10(args, got, expected):
    return np.isclose(got, expected / np.log(10))


CE_HINTS = [
    (_mean_not_sum, "Your answer is the right one divided by the number of classes: add the terms "
                    "−Y_k·ln P_k over the classes (a sum); the mean in the formula is over rows, "
                    "and here there is only one row."),
    (_sign, "The logarithm of a probability is negative or 0: the minus sign in front makes the error positive."),
    (_wrong_class, "That is the log of a wrong class's probability. The one-hot Y is 1 only at the true "
                   "class: that is the probability to take the log of."),
    (_all_classes, "You added −ln P_k for every class. Multiply each term by Y_k, so only the true class counts."),
    (_log10, "Use the natural logarithm (np.log), not log base 10."),
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


def _transposed(args, got, expected):
    labels, classes = args
    return np.allclose(got.reshape(len(classes), len(labels)).T, expected)


def _sorted_order(args, got, expected):
    labels, classes = args
    return np.allclose(got, one_hot(labels, sorted(classes))[0])


def _not_one_hot(args, got, expected):
    return not (np.all((got == 0) | (got == 1)) and np.all(got.sum(axis=-1) == 1))


ONE_HOT_HINTS = [
    (_transposed, "Your matrix is turned on its side: one row per label, one column per class."),
    (_sorted_order, "The columns must follow the order of `classes` as given, not alphabetical order."),
    (_not_one_hot, "Each row needs zeros and a single 1, in the column of that row's class "
                   "(classes.index(label) finds it)."),
]


def check_one_hot(fn):
    """Check `fn(labels, classes) -> matrix` of shape (len(labels), len(classes)), one 1 per row."""
    return check_function(fn, reference=_one_hot_reference, make_inputs=_one_hot_inputs, hints=ONE_HOT_HINTS,
                          n_trials=5, seed=7, name="your one_hot")


# -- figures the lesson draws (static, so the lesson reads without a kernel) -------------------
def plot_species(ax, X_raw, labels, features, classes=None):
    """Scatter two raw features, one colour *and* one marker shape per class, with a legend in words."""
    from ..plots import CLASS_COLOURS
    from ..widgets.classifier import FEATURE_LABELS, MARKERS

    labels = np.asarray(labels)
    classes = list(classes) if classes is not None else sorted(set(labels.tolist()))
    for k, name in enumerate(classes):
        rows = labels == name
        ax.scatter(X_raw[rows, 0], X_raw[rows, 1], s=28, marker=MARKERS[k % len(MARKERS)],
                   color=CLASS_COLOURS[k], edgecolors="black", linewidths=0.5, label=f"{name} ({rows.sum()})")
    ax.set_xlabel(FEATURE_LABELS.get(features[0], features[0]))
    ax.set_ylabel(FEATURE_LABELS.get(features[1], features[1]))
    ax.legend(title="species (count)", frameon=False, loc="best")
    return ax


def plot_error_curves(ax, n_classes=3):
    """Cross-entropy −ln p against p = P(true class), beside the band squared error can take."""
    from ..plots import OKABE_ITO
    from ..widgets.softmax import squared_error_band

    p = np.linspace(0.001, 1, 400)
    ax.plot(p, -np.log(p), color=OKABE_ITO["blue"], lw=2.5, label="cross-entropy  −ln p")
    lo, hi = squared_error_band(p, n_classes)
    ax.fill_between(p, lo, hi, color=OKABE_ITO["orange"], alpha=0.5, lw=0,
                    label="squared error Σ(P − Y)²  (between these edges)")
    for q in (0.5, 0.1, 0.01):
        ax.annotate(f"p = {q}: −ln p = {-np.log(q):.2f}", (q, -np.log(q)), xytext=(q + 0.12, -np.log(q) + 0.4),
                    fontsize=10, arrowprops={"arrowstyle": "->", "color": "0.3"})
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 7)
    ax.set_xlabel("p = probability given to the true class")
    ax.set_ylabel("error of one row")
    ax.legend(frameon=False, loc="upper right")
    return ax


def plot_regions(ax, net, split, n=100):
    """Decision regions of `net` on an n×n grid over the data, with every penguin on top."""
    from ..widgets.classifier import decision_grid, grid_points, region_colours

    raw = np.vstack([split.raw_train, split.raw_test])
    lo, hi = raw.min(axis=0), raw.max(axis=0)
    pad = 0.06 * (hi - lo)
    x_range, y_range = (lo[0] - pad[0], hi[0] + pad[0]), (lo[1] - pad[1], hi[1] + pad[1])
    _, _, grid = grid_points(x_range, y_range, n)
    classes, confidence = decision_grid(net, split.scaler.transform(grid), n)
    ax.imshow(region_colours(classes, confidence), origin="lower", aspect="auto", interpolation="nearest",
              extent=(*x_range, *y_range))
    labels = np.concatenate([split.labels_train, split.labels_test])
    plot_species(ax, raw, np.asarray(split.classes)[labels], split.features, split.classes)
    return ax


def plot_confusion(ax, C, classes):
    """A confusion matrix with the count printed in every cell."""
    from ..plots import SEQUENTIAL

    C = np.asarray(C)
    ax.imshow(C, cmap=SEQUENTIAL, vmin=0, vmax=max(int(C.max()), 1))
    for i in range(C.shape[0]):
        for j in range(C.shape[1]):
            ax.text(j, i, str(C[i, j]), ha="center", va="center", fontsize=13, fontweight="bold",
                    color="black" if C[i, j] > 0.6 * C.max() else "white")
    ax.set_xticks(range(len(classes)), classes)
    ax.set_yticks(range(len(classes)), classes)
    ax.set_xlabel("predicted species")
    ax.set_ylabel("true species")
    return ax


def plot_comparison(axes, runs, target=0.9):
    """Loss and test accuracy per epoch for the cross-entropy and the squared-error runs."""
    from ..plots import OKABE_ITO
    from ..widgets.classifier import epochs_to_reach

    styles = {"cross_entropy": (OKABE_ITO["blue"], "-", "o", "cross-entropy"),
              "mse": (OKABE_ITO["vermillion"], "--", "s", "squared error")}
    ax_ce, ax_mse, ax_acc = axes
    for loss, ax in (("cross_entropy", ax_ce), ("mse", ax_mse)):
        colour, ls, marker, name = styles[loss]
        ax.plot(runs[loss].train_loss, color=colour, ls=ls, marker=marker, ms=2.5)
        ax.set_title(f"trained with {name}:\nits own loss")
        ax.set_xlabel("epoch")
        ax.set_ylim(0, None)
    ax_ce.set_ylabel("loss on the training rows")
    for loss, run in runs.items():
        colour, ls, marker, name = styles[loss]
        reach = epochs_to_reach(run.test_accuracy, target)
        when = f"{100 * target:.0f}% at epoch {reach}" if reach is not None else f"never {100 * target:.0f}%"
        name = "CE" if loss == "cross_entropy" else "MSE"
        ax_acc.plot(run.test_accuracy, color=colour, ls=ls, marker=marker, ms=2.5, label=f"{name}: {when}")
        if reach is not None:
            ax_acc.axvline(reach, color=colour, ls=ls, lw=1)
    ax_acc.axhline(target, color="0.5", lw=0.8, ls=":")
    ax_acc.set_ylim(0.3, 1.0)
    ax_acc.set_title("test accuracy, both runs")
    ax_acc.set_xlabel("epoch")
    ax_acc.legend(loc="lower right", fontsize=10, title="reaches", title_fontsize=10, framealpha=1.0,
                  edgecolor="white")
    return axes

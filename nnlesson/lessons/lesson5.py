"""Lesson 5, classification: the companion of notebooks/05_classification_softmax.

Penguin species from two measurements, with a softmax output and cross-entropy.

    DEFAULTS, COMPARE       the settings the lesson prints and trains with
    penguin_split           two penguin features and the species, split and standardised (an nl.Split)
    train_classifier        nl.train with the test rows as validation and accuracy recorded per epoch
    evaluate                loss and accuracy of a network on the training and the test rows
    untrained_history       the History before training (epoch 0), continued with history.then(...)
    confusion_on_test_rows  the confusion matrix of the test rows (nl.confusion_matrix)
    compare_losses          the same network, data and seed trained with cross-entropy and with MSE
    epochs_to_reach         the first epoch whose accuracy reaches a target
    region_grid, decision_grid, region_colours   the decision regions on a grid over the data
    plot_species, plot_error_curves, plot_regions, plot_comparison   the lesson's static figures

and, from its two neighbours (so the notebook needs only `lesson5.`):
    lesson5_softmax       the softmax explorer's numbers: softmax_readouts, output_gradients, ...
    lesson5_exercises     the self-checks: check_softmax, check_cross_entropy, check_one_hot, and
                          check_regions (reading the decision regions: regions_quiz, plot_regions_quiz)

The network is nl.make_network(2, n_hidden, 3, hidden=activation, output="softmax", seed=seed);
the widgets (nnlesson.widgets.classifier, nnlesson.widgets.softmax) only show these numbers.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import to_rgb

from .._validate import as_array, check_instance, check_network, choice, merged_settings, two_of, whole_number
from ..data import PENGUIN_NUMERIC, Split, load_penguins, split_dataset
from ..metrics import accuracy, confusion_matrix
from ..network import make_network
from ..plots import CLASS_COLOURS, OKABE_ITO, class_styles, fmt
from ..training import start_history, train
from .lesson5_exercises import (check_cross_entropy, check_one_hot, check_regions, check_softmax,  # noqa: F401
                                plot_regions_quiz, regions_quiz)
from .lesson5_softmax import (CE_CAP, SCORE_RANGE, SOFTMAX_CLASSES, SOFTMAX_SCORES,  # noqa: F401
                              as_score_row, binary_output_gradients, error_curves, one_hot_row, one_hot_text,
                              output_gradients,
                              sigmoid_as_softmax, softmax_readouts, squared_error_band)

FEATURES = PENGUIN_NUMERIC[:4]   # the four measurements (not the year)
FEATURE_LABELS = {"bill_length_mm": "bill length (mm)", "bill_depth_mm": "bill depth (mm)",
                  "flipper_length_mm": "flipper length (mm)", "body_mass_g": "body mass (g)"}

# The settings lesson 5 prints and trains with (≥ 95% test accuracy, asserted in a test).
DEFAULTS = {
    "features": ("bill_length_mm", "bill_depth_mm"),
    "n_hidden": 8,            # hidden neurons
    "activation": "tanh",     # hidden activation
    "lr": 0.1,                # learning rate
    "epochs": 60,
    "batch_size": 16,         # rows per update
    "seed": 0,                # starting weights and row order
    "test_fraction": 0.25,    # share of rows kept aside to test on
    "split_seed": 0,          # which rows are test rows
}
# Cross-entropy against squared error: same network, data and seed, only the loss differs.
# A sigmoid hidden layer and mini-batches of 32 make the difference plain without being rigged.
COMPARE = {"n_hidden": 8, "activation": "sigmoid", "lr": 0.1, "epochs": 60, "batch_size": 32, "seed": 0}
LOSS_NAMES = {"cross_entropy": "cross-entropy", "mse": "MSE"}
HOW_TO_SPLIT = "lesson5.penguin_split() or nl.split_dataset(...)"


# -- the data ------------------------------------------------------------------------------------
def feature_pair(features):
    """`features` as a pair of two different penguin measurements (a tuple), or a clear error."""
    return two_of("features", features, FEATURES, "penguin columns", DEFAULTS["features"])


def penguin_split(features=DEFAULTS["features"], test_fraction=DEFAULTS["test_fraction"],
                  seed=DEFAULTS["split_seed"]):
    """Two penguin features and the species, split (seeded, stratified) and standardised: an nl.Split.

    split.X_train is what the network sees (standardised on the training rows), split.X_train_raw
    the same rows in mm / g; split.Y_train the one-hot species in the order of split.classes.
    """
    ds = load_penguins(features=feature_pair(features), target="species")
    return split_dataset(ds, test_fraction, seed)


def all_penguins(split):
    """Every penguin of `split` in mm / g (training rows, then test rows) and its class index."""
    check_instance("split", split, Split, HOW_TO_SPLIT)
    return (np.vstack([split.X_train_raw, split.X_test_raw]),
            np.concatenate([split.labels_train, split.labels_test]))


# -- training ------------------------------------------------------------------------------------
def evaluate(net, split, loss="cross_entropy"):
    """Loss and accuracy of `net` on the training and the test rows."""
    check_network(net)
    check_instance("split", split, Split, HOW_TO_SPLIT)
    return {"train_loss": net.loss(split.X_train, split.Y_train, loss),
            "test_loss": net.loss(split.X_test, split.Y_test, loss),
            "train_accuracy": accuracy(net.forward(split.X_train), split.Y_train),
            "test_accuracy": accuracy(net.forward(split.X_test), split.Y_test)}


def starting_network(split, n_hidden=DEFAULTS["n_hidden"], activation=DEFAULTS["activation"], seed=DEFAULTS["seed"]):
    """The classifier before training: nl.make_network(features, n_hidden, classes) with a softmax output."""
    check_instance("split", split, Split, HOW_TO_SPLIT)
    return make_network(split.X_train.shape[1], n_hidden, split.n_classes, hidden=activation, output="softmax",
                        seed=seed)


def untrained_history(net, split, loss="cross_entropy"):
    """The History of epoch 0 (before training), recorded as train_classifier records its epochs."""
    check_instance("split", split, Split, HOW_TO_SPLIT)
    return start_history(net, split.X_train, split.Y_train, loss, **_recorded(split))


def _recorded(split):
    # what train_classifier records besides the training loss: the test rows and accuracy
    return {"validation": (split.X_test, split.Y_test), "metrics": [accuracy]}


def train_classifier(split, net=None, loss="cross_entropy", n_hidden=DEFAULTS["n_hidden"],
                     activation=DEFAULTS["activation"], lr=DEFAULTS["lr"], epochs=DEFAULTS["epochs"],
                     batch_size=DEFAULTS["batch_size"], seed=DEFAULTS["seed"], callback=None):
    """Train a softmax classifier on `split` with nl.train; return (net, history).

    `net` continues training an existing network (else a new one from n_hidden, activation, seed:
    nl.make_network). The test rows are nl.train's validation rows and accuracy its metric, so
    history.curve("accuracy", validation=True) is the test accuracy per epoch (index 0: before
    training). `callback(event)` is nl.train's, called after every epoch. A run that blows up
    stops by nl.train's one divergence rule; history.message says how the run ended, in words.
    """
    check_instance("split", split, Split, HOW_TO_SPLIT)
    choice("loss", loss, tuple(LOSS_NAMES))
    if net is None:
        net = starting_network(split, n_hidden, activation, seed)
    history = train(net, split.X_train, split.Y_train, loss=loss, lr=lr, epochs=epochs, batch_size=batch_size,
                    seed=seed, callback=callback, warn=False, **_recorded(split))   # history.message says it
    start, end = history.initial_loss, history.final_loss
    if history.diverged or history.stopped:
        pass  # nl.train's own words
    elif end > start:
        history.message = (f"trained {history.epochs_run} epochs, but the loss went up from {fmt(start, 3)} to "
                           f"{fmt(end, 3)}: the steps overshoot. The learning rate {lr:g} is too large; "
                           "try a smaller one.")
    else:
        history.message = (f"trained {history.epochs_run} epochs: test accuracy "
                           f"{100 * history.curve('accuracy', validation=True)[-1]:.1f}% "
                           f"({fmt(history.val_loss[-1], 3)} {LOSS_NAMES[loss]} on the test rows)")
    return net, history


def confusion_on_test_rows(net, split):
    """nl.confusion_matrix of `net` on the test rows: C[i, j] = test penguins of class i predicted as j."""
    check_network(net)
    check_instance("split", split, Split, HOW_TO_SPLIT)
    predicted = net.forward(split.X_test).argmax(axis=1)
    return confusion_matrix(split.labels_test, predicted, split.n_classes)


def compare_losses(split=None, **settings):
    """Train the same network, on the same data and seed, once with each loss.

    Returns {"cross_entropy": History, "mse": History}; settings default to COMPARE.
    """
    split = penguin_split() if split is None else split
    s = merged_settings(COMPARE, settings)
    return {loss: train_classifier(split, loss=loss, **s)[1] for loss in LOSS_NAMES}


def epochs_to_reach(accuracies, target):
    """The first epoch whose accuracy is at least `target` (None if never)."""
    for epoch, a in enumerate(accuracies):
        if a >= target:
            return epoch
    return None


# -- decision regions ------------------------------------------------------------------------------
def grid_points(x_range, y_range, n=100):
    """An n×n grid over x_range × y_range: returns (xs, ys, points of shape (n·n, 2))."""
    n = whole_number("n", n, 1)
    for name, r in (("x_range", x_range), ("y_range", y_range)):
        r = as_array(name, r, ndim=1)
        if r.shape != (2,) or not r[0] < r[1]:
            raise ValueError(f"{name} must be (low, high) with low < high, got {r.tolist()}")
    xs = np.linspace(float(x_range[0]), float(x_range[1]), n)
    ys = np.linspace(float(y_range[0]), float(y_range[1]), n)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.column_stack([gx.ravel(), gy.ravel()])


def region_grid(split, n=100, pad=0.06):
    """The plane the regions are drawn on: every penguin plus a margin of `pad` per side.

    Returns (x_range, y_range, points): the ranges in mm / g, and the n·n grid points as the
    network sees them (standardised with split.x_scaler), ready for decision_grid.
    """
    X_raw, _ = all_penguins(split)
    lo, hi = X_raw.min(axis=0), X_raw.max(axis=0)
    margin = pad * (hi - lo)
    x_range, y_range = (lo[0] - margin[0], hi[0] + margin[0]), (lo[1] - margin[1], hi[1] + margin[1])
    _, _, points = grid_points(x_range, y_range, n)
    return x_range, y_range, split.x_scaler.transform(points)


def decision_grid(net, points, n):
    """Predicted class and its probability at each grid point, as two (n, n) arrays.

    Row i of the result is the grid row at ys[i] (imshow with origin="lower" draws it upright).
    """
    check_network(net)
    n = whole_number("n", n, 1)
    P = net.forward(points)
    if P.shape[0] != n * n:
        raise ValueError(f"points must hold n·n = {n * n} rows, got shape {np.shape(points)}")
    return P.argmax(axis=1).reshape(n, n), P.max(axis=1).reshape(n, n)


def region_colours(classes, confidence, n_classes=3, colours=CLASS_COLOURS):
    """An RGBA image (uint8) of the regions: each class's colour, lightened; surer points a little deeper."""
    classes = np.asarray(classes)
    confidence = as_array("confidence", confidence, ndim=2)
    if classes.shape != confidence.shape:
        raise ValueError(f"classes and confidence must have the same shape, got {classes.shape} and {confidence.shape}")
    palette = np.array([to_rgb(c) for c in colours[:n_classes]])
    chance = 1.0 / n_classes
    strength = 0.18 + 0.32 * np.clip((confidence - chance) / (1 - chance), 0, 1)
    rgb = 1.0 - strength[..., None] * (1.0 - palette[classes])
    rgba = np.empty(classes.shape + (4,), dtype=np.uint8)
    rgba[..., :3] = np.round(255 * rgb)
    rgba[..., 3] = 255
    return rgba


# -- figures the lesson draws (static, so the lesson reads without a kernel) -------------------
def plot_species(ax, X_raw, labels, features, classes=None):
    """Scatter two raw features, one colour *and* one marker shape per class, with a legend in words."""
    labels = np.asarray(labels)
    classes = list(classes) if classes is not None else sorted(set(labels.tolist()))
    for name, (colour, marker) in zip(classes, class_styles(classes)):
        rows = labels == name
        ax.scatter(X_raw[rows, 0], X_raw[rows, 1], s=28, marker=marker,
                   color=colour, edgecolors="black", linewidths=0.5, label=f"{name} ({rows.sum()})")
    ax.set_xlabel(FEATURE_LABELS.get(features[0], features[0]))
    ax.set_ylabel(FEATURE_LABELS.get(features[1], features[1]))
    ax.legend(title="species (count)", frameon=False, loc="best")
    return ax


def plot_error_curves(ax, n_classes=3):
    """Cross-entropy −ln p against p = P(true class), beside the band squared error can take."""
    p, ce, (lo, hi) = error_curves(n_classes)
    ax.plot(p, ce, color=OKABE_ITO["blue"], lw=2.5, label="cross-entropy  −ln p")
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
    x_range, y_range, points = region_grid(split, n)
    classes, confidence = decision_grid(net, points, n)
    ax.imshow(region_colours(classes, confidence), origin="lower", aspect="auto", interpolation="nearest",
              extent=(*x_range, *y_range))
    X_raw, labels = all_penguins(split)
    plot_species(ax, X_raw, np.asarray(split.classes)[labels], split.feature_names, split.classes)
    return ax


def plot_comparison(axes, runs, target=0.9):
    """Loss and test accuracy per epoch for the cross-entropy and the squared-error runs (Histories)."""
    styles = {"cross_entropy": (OKABE_ITO["blue"], "-", "o", "cross-entropy"),
              "mse": (OKABE_ITO["vermillion"], "--", "s", "squared error")}
    ax_ce, ax_mse, ax_acc = axes
    for loss, ax in (("cross_entropy", ax_ce), ("mse", ax_mse)):
        colour, ls, marker, name = styles[loss]
        ax.plot(runs[loss].curve("loss"), color=colour, ls=ls, marker=marker, ms=2.5)
        ax.set_title(f"trained with {name}:\nits own loss")
        ax.set_xlabel("epoch")
        ax.set_ylim(0, None)
    ax_ce.set_ylabel("loss on the training rows")
    for loss, run in runs.items():
        colour, ls, marker, name = styles[loss]
        test_accuracy = run.curve("accuracy", validation=True)
        reach = epochs_to_reach(test_accuracy, target)
        when = f"{100 * target:.0f}% at epoch {reach}" if reach is not None else f"never {100 * target:.0f}%"
        name = "CE" if loss == "cross_entropy" else "MSE"
        ax_acc.plot(test_accuracy, color=colour, ls=ls, marker=marker, ms=2.5, label=f"{name}: {when}")
        if reach is not None:
            ax_acc.axvline(reach, color=colour, ls=ls, lw=1)
    ax_acc.axhline(target, color="0.5", lw=0.8, ls=":")
    ax_acc.set_ylim(0.3, 1.0)
    ax_acc.set_title("test accuracy, both runs")
    ax_acc.set_xlabel("epoch")
    ax_acc.legend(loc="lower right", fontsize=10, title="reaches", title_fontsize=10, framealpha=1.0,
                  edgecolor="white")
    return axes

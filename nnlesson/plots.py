"""Shared plotting helpers and the colour palette.

Colours come from the Okabe–Ito palette, which stays distinguishable for the common forms of
colour blindness. Plots print numbers beside colours so that colour is never the only cue.
"""

from __future__ import annotations

import numbers

import matplotlib
import numpy as np

from ._validate import _short, as_array, check_instance, whole_number

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}
# Class colours in a fixed order: class 0, 1, 2, ...
CLASS_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
                 "#999999", "#882255"]
# One marker shape per class as well, so a class never depends on colour alone.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "<", ">", "*")
# The penguin species keep one colour and one marker in every lesson, whichever of them a plot shows:
# Adelie blue circles, Chinstrap orange squares, Gentoo green triangles.
PENGUIN_STYLE_ORDER = ("Adelie", "Chinstrap", "Gentoo")
# Diverging map for signed quantities (negative blue, positive vermillion/orange), colour-blind safe.
DIVERGING = "PuOr_r"
SEQUENTIAL = "viridis"

POSITIVE = OKABE_ITO["vermillion"]
NEGATIVE = OKABE_ITO["blue"]
TRAIN_COLOUR = OKABE_ITO["blue"]
TEST_COLOUR = OKABE_ITO["orange"]

STYLE = {
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=CLASS_COLOURS),
    "figure.dpi": 100,
}


def use_style():
    """Apply the lessons' matplotlib style (larger fonts, colour-blind-safe colour cycle)."""
    matplotlib.rcParams.update(STYLE)


def class_styles(classes):
    """One (colour, marker) pair per class, in the order of `classes`.

    Class k gets CLASS_COLOURS[k] and MARKERS[k], except the penguin species: when every class is
    one of them, each species keeps its own pair (Adelie blue circle, Chinstrap orange square,
    Gentoo green triangle), so a two-species plot draws Gentoo as it is drawn in every lesson.
    At most 10 classes (there are 10 colours and shapes).
    """
    if isinstance(classes, (str, bytes)) or not hasattr(classes, "__iter__"):
        raise TypeError(f"classes must be a list of class names, got {_short(classes)}")
    names = [str(c) for c in classes]
    if not 1 <= len(names) <= len(CLASS_COLOURS):
        raise ValueError(f"classes must name 1 to {len(CLASS_COLOURS)} classes, got {len(names)}")
    if len(set(names)) != len(names):
        raise ValueError(f"classes must be different names, got {names}")
    if all(n in PENGUIN_STYLE_ORDER for n in names):
        slots = [PENGUIN_STYLE_ORDER.index(n) for n in names]
    else:
        slots = range(len(names))
    return [(CLASS_COLOURS[k], MARKERS[k]) for k in slots]


def fmt(x, digits=4):
    """A number for a readout: 4 significant digits, a real minus sign, 'not a number' for NaN.

    `digits` is a whole number from 1 to 17. Documented handling: anything that is not a number
    (a word, None) is shown as its str(), so a readout never breaks.
    """
    digits = whole_number("digits", digits, 1, 17)
    if isinstance(x, numbers.Complex) and not isinstance(x, numbers.Real):
        return str(x)  # a complex number is not a readout's number: shown as it is, imaginary part and all
    try:
        x = float(x)
    except OverflowError:  # an int (or Fraction) beyond 1.8e308: exact digits, no float needed
        from decimal import Decimal

        return format(Decimal(int(x)), f".{digits}g").replace("-", "−")
    except (TypeError, ValueError):
        return str(x)
    if x != x:
        return "not a number"
    if x in (float("inf"), float("-inf")):
        return "∞" if x > 0 else "−∞"
    text = f"{x:.{digits}g}"
    return text.replace("-", "−")


def plot_history(history, ax=None, title="Loss per epoch", ylabel="loss"):
    """Draw a `History`'s training (and validation) loss against the epoch number."""
    import matplotlib.pyplot as plt

    from .training import History

    check_instance("history", history, History, "nl.train(...)")
    _check_ax(ax, allow_none=True)
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 3.2))
    epochs = range(0, len(history.loss) + 1)
    ax.plot(epochs, [history.initial_loss] + list(history.loss), color=TRAIN_COLOUR, marker="o", ms=3,
            label="training rows")
    if history.val_loss:
        ax.plot(epochs, [history.initial_val_loss] + list(history.val_loss), color=TEST_COLOUR, marker="s", ms=3,
                ls="--", label="test rows")
        ax.legend(frameon=False)
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    return ax


class ConfusionMatrixArt:
    """A confusion matrix drawn on `ax`: rows are the true classes, columns the predictions.

    Every cell prints its count (colour is never the only cue); the colour scale is
    logarithmic so that a few mistakes stay visible beside a large diagonal. Built once,
    then `update(C)` changes the picture in place (cheap enough for a live explorer).
    """

    def __init__(self, ax, class_names, title="Confusion matrix", xlabel="predicted class",
                 ylabel="true class", fontsize=11):
        self.ax = _check_ax(ax)
        if not isinstance(class_names, (list, tuple, np.ndarray)) or np.ndim(class_names) != 1:
            raise TypeError(f"class_names must be a list of names, one per class, such as ['Adelie', 'Gentoo'], "
                            f"got {_short(class_names)}")
        self.class_names = [str(c) for c in class_names]
        n = len(self.class_names)
        if not 1 <= n <= 100:
            raise ValueError(f"class_names must name from 1 to 100 classes, got {n}")
        self.image = ax.imshow(np.zeros((n, n)), cmap="Blues", vmin=0, vmax=1)
        self.texts = [[ax.text(j, i, "", ha="center", va="center", fontsize=fontsize) for j in range(n)]
                      for i in range(n)]
        ax.set_xticks(range(n), self.class_names)
        ax.set_yticks(range(n), self.class_names)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        for spine in ax.spines.values():
            spine.set_visible(False)

    @property
    def artists(self):
        return [self.image] + [t for row in self.texts for t in row]

    def update(self, C):
        """Show the counts C (shape (K, K)); returns the artists that changed."""
        C = as_array("C", C, ndim=2, allow_empty=True)
        n = len(self.class_names)
        if C.shape != (n, n):
            raise ValueError(f"C must be a {n}×{n} matrix of counts (one row and column per class), "
                             f"got shape {C.shape}")
        if np.any(C < 0) or np.any(C != np.round(C)):
            raise ValueError(f"C must hold counts (whole numbers ≥ 0), got values such as "
                             f"{C[(C < 0) | (C != np.round(C))][:3].tolist()}")
        shown = np.log1p(np.maximum(C, 0))
        top = float(shown.max()) or 1.0
        self.image.set_data(shown)
        self.image.set_clim(0, top)
        for i in range(n):
            for j in range(n):
                text = self.texts[i][j]
                text.set_text(str(int(C[i, j])) if C[i, j] else "")
                text.set_color("white" if shown[i, j] > 0.6 * top else "black")
                text.set_fontweight("normal" if i == j else "bold")  # mistakes stand out
        return self.artists


def draw_confusion(ax, C, class_names, title="Confusion matrix", xlabel="predicted class", ylabel="true class"):
    """Draw the confusion matrix C on `ax` once (see `ConfusionMatrixArt`); returns the art."""
    art = ConfusionMatrixArt(ax, class_names, title=title, xlabel=xlabel, ylabel=ylabel)
    art.update(C)
    return art


def _check_ax(ax, allow_none=False):
    """`ax` if it is a matplotlib Axes (or None when allowed), else a TypeError."""
    from matplotlib.axes import Axes

    if ax is None and allow_none:
        return ax
    return check_instance("ax", ax, Axes, "fig, ax = plt.subplots()")

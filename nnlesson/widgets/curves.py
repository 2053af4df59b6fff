"""One live view of training: a metric per epoch for the training and the test rows.

Every explorer that trains draws its curves with `TrainingCurves`, fed by the `History` that
`nl.train` fills in (`history.curve(name)`: the value before training, then one per epoch).
The lines are created once and updated in place; the axis grows when a run goes past it. A run
that diverged (history.diverged) ends at its last finite epoch, marked with a red ✕ and "diverged".
"""

from __future__ import annotations

import math

from matplotlib.axes import Axes

from .._validate import check_instance, number, whole_number
from ..plots import OKABE_ITO, TEST_COLOUR, TRAIN_COLOUR
from ..training import History

DIVERGED_COLOUR = OKABE_ITO["vermillion"]


class TrainingCurves:
    """Curves of `metric` ("loss" or a metric's name such as "accuracy") on `ax`.

    curves = TrainingCurves(ax, "loss", ylabel="MSE", log=True)
    curves.update(history)     # after each epoch: set_data on the lines; True if the axes changed
    """

    def __init__(self, ax, metric="loss", ylabel=None, log=False, labels=("training rows", "test rows"),
                 epochs=10, percent=False, legend=True, first_epoch=0, x_margin=0.0):
        """`first_epoch=1` leaves out the value before training (e.g. an untrained network's
        10 % accuracy, which would squash the interesting part); `x_margin` widens the x axis
        past the last epoch so its markers are drawn whole."""
        check_instance("ax", ax, Axes, "figure.add_subplot()")
        if not isinstance(metric, str):
            raise TypeError(f"metric must be a name such as 'loss' or 'accuracy', got {metric!r}")
        if len(labels) != 2 or not all(isinstance(t, str) for t in labels):
            raise TypeError(f"labels must be two names (training, test), got {labels!r}")
        epochs = whole_number("epochs", epochs, 1)
        first_epoch = whole_number("first_epoch", first_epoch, 0, 1)
        x_margin = number("x_margin", x_margin, 0, 10)
        self.ax, self.metric, self.log, self.percent = ax, metric, log, percent
        self.first_epoch, self.x_margin = first_epoch, x_margin
        scale = 100.0 if percent else 1.0
        self.scale = scale
        (self.train_line,) = ax.plot([], [], color=TRAIN_COLOUR, marker="o", ms=3, lw=1.8, label=labels[0])
        (self.test_line,) = ax.plot([], [], color=TEST_COLOUR, marker="s", ms=3, lw=1.8, ls="--", label=labels[1])
        # Where a diverged run ended: hidden until history.diverged.
        (self.diverged_marker,) = ax.plot([], [], ls="none", marker="x", ms=9, mew=2.5, color=DIVERGED_COLOUR,
                                         clip_on=False, zorder=5)
        self.diverged_text = ax.annotate("diverged", (0, 0), xytext=(-4, 6), textcoords="offset points",
                                         ha="right", va="bottom", color=DIVERGED_COLOUR, fontsize=10,
                                         fontweight="bold", visible=False, annotation_clip=False)
        if log:
            ax.set_yscale("log")
        ax.set_xlabel("epoch")
        ax.set_ylabel(ylabel or metric)
        if legend:
            ax.legend(frameon=False, loc="best")
        self.epoch_limit = None
        self.set_epoch_limit(epochs)

    @property
    def artists(self):
        """The two lines (what changes every epoch)."""
        return [self.train_line, self.test_line]

    @property
    def divergence_artists(self):
        """The ✕ and the word "diverged" (shown only after a run that blew up; a view that does not
        animate them draws them on its next full redraw)."""
        return [self.diverged_marker, self.diverged_text]

    def set_epoch_limit(self, epochs):
        """Show epochs 0 … `epochs` on the x axis; returns True if that changed the axes."""
        epochs = whole_number("epochs", epochs, 1)
        if epochs == self.epoch_limit:
            return False
        self.epoch_limit = epochs
        self.ax.set_xlim(0, epochs + self.x_margin)
        return True

    def update(self, history, validation=True):
        """Show `history`'s curves (finite values only); returns True if the axes had to change
        (then the caller redraws the whole figure, else only the lines)."""
        check_instance("history", history, History, "nl.train(...)")
        first = self.first_epoch
        train_values = history.curve(self.metric)[first:]
        train = self._points(train_values)
        test = self._points(history.curve(self.metric, validation=True)[first:]) if validation else ([], [])
        self.train_line.set_data(*train)
        self.test_line.set_data(*test)
        self._mark_divergence(history.diverged, train)
        changed = False
        last = first + len(train_values) - 1      # a run longer than planned: the axis grows
        if last > self.epoch_limit:
            changed = self.set_epoch_limit(math.ceil(last * 1.5))
        return self._fit_y(train[1] + test[1]) or changed

    def _mark_divergence(self, diverged, train):
        """A red ✕ and "diverged" at the training curve's last finite point if the run blew up."""
        show = bool(diverged) and bool(train[0])
        if show:
            epoch, value = train[0][-1], train[1][-1]
            self.diverged_marker.set_data([epoch], [value])
            self.diverged_text.xy = (epoch, value)
            right = epoch > 0.5 * self.epoch_limit     # the words on the side with room
            self.diverged_text.set_horizontalalignment("right" if right else "left")
            self.diverged_text.set_position((-4 if right else 4, 6))
        else:
            self.diverged_marker.set_data([], [])
        self.diverged_text.set_visible(show)

    def _points(self, values):
        """(epochs, values) of the finite values, each at its own epoch (a gap where one is not finite)."""
        epochs, shown = [], []
        for epoch, v in enumerate(values, start=self.first_epoch):
            if v is not None and math.isfinite(v):
                epochs.append(epoch)
                shown.append(v * self.scale)
        return epochs, shown

    def _fit_y(self, values):
        """Widen the y axis when a value falls outside it (never narrow it during a run), with
        headroom, so that a falling loss does not move the axis (and force a full redraw) every epoch."""
        if not values:
            return False
        low, high = self.ax.get_ylim()
        lo, hi = min(values), max(values)
        if low <= lo and hi <= high:
            return False
        if self.percent:
            new = (min(low, max(0.0, lo - 5)), 100.5)
        elif self.log:
            lo = max(lo, 1e-6)
            new = (min(low, lo / 2) if low > 0 else lo / 2, max(high, hi * 2))
        else:
            span = max(hi, high) - min(lo, low) or 1.0
            new = (min(low, lo - 0.1 * span) if lo < low else low, max(high, hi + 0.1 * span) if hi > high else high)
        self.ax.set_ylim(*new)
        return True

"""A progress bar for `nl.train`, as a callback: training itself has no UI code.

    bar = ProgressBar(epochs=20)
    history = nl.train(net, X, Y, epochs=20, callback=bar)
    bar.finish(history)          # says how training ended, in words

A run longer than planned widens the bar ("epoch 25 (20 planned)"); a run stopped with the
kernel's stop button can be said with `bar.stopped()` ("stopped at epoch 7 of 20").
"""

from __future__ import annotations

import ipywidgets as widgets

from .._validate import check_instance, whole_number
from ..plots import fmt
from ..training import History

MAX_EPOCHS = 1_000_000   # a plan beyond this is a typo, not a plan


class ProgressBar:
    """'epoch 3/20 · loss 0.123', updated after every epoch; shown when created (display=True)."""

    def __init__(self, epochs, display=True, description="Training:"):
        self.epochs = whole_number("epochs", epochs, 1, MAX_EPOCHS)
        if not isinstance(display, bool):
            raise TypeError(f"display must be True or False, got {display!r}")
        if not isinstance(description, str):
            raise TypeError(f"description must be a string such as 'Training:', got {description!r}")
        self.epoch = 0
        self.bar = widgets.IntProgress(value=0, min=0, max=self.epochs, description=description)
        self.label = widgets.Label(value=f"epoch 0/{self.epochs}")
        self.widget = widgets.HBox([self.bar, self.label])
        self.widget.add_class("nnl-progress")
        if display:
            from IPython.display import display as show

            show(self.widget)

    def __call__(self, event):
        """The training callback: called with a TrainingEvent after every epoch."""
        epoch = whole_number("event.epoch", getattr(event, "epoch", None), 0)
        self.epoch = epoch
        if epoch > self.bar.max:             # a run longer than planned: the bar grows with it
            self.bar.max = epoch
        self.bar.value = epoch
        planned = f"/{self.epochs}" if epoch <= self.epochs else f" ({self.epochs} planned)"
        self.label.value = f"epoch {epoch}{planned} · loss {fmt(getattr(event, 'loss', None))}"
        return True

    def stopped(self):
        """Say that the run was interrupted (the kernel's stop button) after the last epoch seen."""
        self.label.value = f"stopped at epoch {self.epoch} of {self.epochs} (interrupted)"
        self.bar.bar_style = "warning"

    def finish(self, history):
        """Show how training ended (History.message): green when it finished, red when it diverged."""
        check_instance("history", history, History, "nl.train(...)")
        self.label.value = history.message
        self.bar.bar_style = "danger" if history.diverged else "success"
        return history


def chain(*callbacks):
    """One training callback that calls each of `callbacks` in turn; stops if any returns False."""
    for k, fn in enumerate(callbacks):
        if fn is not None and not callable(fn):
            raise TypeError(f"callbacks[{k}] must be a function called after each epoch, or None, got {fn!r}")

    def callback(event):
        keep_going = True
        for fn in callbacks:
            if fn is not None and fn(event) is False:
                keep_going = False
        return keep_going

    return callback

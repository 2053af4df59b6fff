"""A progress bar for `nl.train`, as a callback: training itself has no UI code.

    bar = ProgressBar(epochs=20)
    history = nl.train(net, X, Y, epochs=20, callback=bar)
    bar.finish(history)          # says how training ended, in words
"""

from __future__ import annotations

import ipywidgets as widgets


class ProgressBar:
    """'epoch 3/20 · loss 0.123', updated after every epoch; shown when created (display=True)."""

    def __init__(self, epochs, display=True, description="Training:"):
        self.epochs = int(epochs)
        self.bar = widgets.IntProgress(value=0, min=0, max=self.epochs, description=description)
        self.label = widgets.Label(value=f"epoch 0/{self.epochs}")
        self.widget = widgets.HBox([self.bar, self.label])
        self.widget.add_class("nnl-progress")
        if display:
            from IPython.display import display as show

            show(self.widget)

    def __call__(self, event):
        """The training callback: called with a TrainingEvent after every epoch."""
        self.bar.value = min(event.epoch, self.epochs)
        self.label.value = f"epoch {event.epoch}/{self.epochs} · loss {event.loss:.4g}"
        return True

    def finish(self, history):
        """Show how training ended (History.message): green when it finished, red when it diverged."""
        self.label.value = history.message
        self.bar.bar_style = "danger" if history.diverged else "success"
        return history


def chain(*callbacks):
    """One training callback that calls each of `callbacks` in turn; stops if any returns False."""
    def callback(event):
        keep_going = True
        for fn in callbacks:
            if fn is not None and fn(event) is False:
                keep_going = False
        return keep_going

    return callback

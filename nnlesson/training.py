"""Training: repeat forward pass, backpropagation and update, row after row, epoch after epoch.

    for each epoch:                       one epoch = one pass over every training row
        shuffle the rows (seeded)
        for each batch of `batch_size` rows:
            dW, db = backpropagation on the batch
            W ← W − lr·dW,  b ← b − lr·db

batch_size=1 updates after every row (per-row updates, as the lessons introduce them);
batch_size=32 uses mini-batches; batch_size=None uses all rows at once (full batch).

After each epoch the loss over all training rows is recorded. If it becomes infinite or NaN,
or grows a thousand times past where it started, training stops, the weights go back to
their last good values and `History.message` says at which epoch and what to try.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field

import numpy as np

from ._validate import as_array, check_rows_match, choice, positive_number, seed_value
from .network import Network

EXPLODE_FACTOR = 1000.0


@dataclass
class History:
    """What happened during training.

    loss        the loss over all training rows after each epoch (one value per epoch)
    val_loss    the same for the validation rows, if `validation` was given
    step_loss   the loss of each batch just before its update, if `record_steps=True`
    initial_loss, initial_val_loss   the losses before the first update
    diverged    True if training stopped because the loss blew up
    stopped     True if a callback asked to stop
    message     one sentence on how training ended, in words
    """

    loss: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    step_loss: list = field(default_factory=list)
    initial_loss: float = float("nan")
    initial_val_loss: float | None = None
    epochs_run: int = 0
    steps_run: int = 0
    diverged: bool = False
    stopped: bool = False
    message: str = ""

    @property
    def final_loss(self):
        """The last recorded epoch loss (the initial loss if no epoch finished)."""
        return self.loss[-1] if self.loss else self.initial_loss

    def __repr__(self):
        return (f"History({self.epochs_run} epochs, loss {self.initial_loss:.4g} → {self.final_loss:.4g}"
                f"{', diverged' if self.diverged else ''}{', stopped' if self.stopped else ''})")


@dataclass
class TrainingEvent:
    """Passed to a training callback after each epoch (or each step)."""

    net: Network
    history: History
    epoch: int
    step: int
    loss: float
    val_loss: float | None = None


def _batch_size(batch_size, N):
    if batch_size is None or (isinstance(batch_size, str) and batch_size == "full"):
        return N
    if isinstance(batch_size, bool) or not isinstance(batch_size, numbers.Integral):
        raise TypeError(f"batch_size must be a positive whole number or None (full batch), got {batch_size!r}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be a positive whole number or None (full batch), got {batch_size}")
    return min(int(batch_size), N)


def _is_bad(value, reference):
    return not np.isfinite(value) or value > EXPLODE_FACTOR * max(reference, 1.0)


def train(net, X, Y, loss="mse", lr=0.1, epochs=10, batch_size=1, seed=0, shuffle=True,
          validation=None, record_steps=False, callback=None, callback_every="epoch", progress=False):
    """Train `net` on (X, Y) with gradient descent and return a `History`.

    net            a `Network`
    X, Y           training inputs (N, n_inputs) and targets (N, n_outputs); a 1-D Y is fine
                   for one output
    loss           "mse", "binary_cross_entropy" (sigmoid output) or "cross_entropy"
                   (softmax output, one-hot Y)
    lr             learning rate, the size of each step: W ← W − lr·dW
    epochs         how many passes over all the rows
    batch_size     rows per update: 1 (per-row, the default), k (mini-batch) or None (full batch)
    seed, shuffle  the rows are shuffled at the start of every epoch with this seed
    validation     optional (X_val, Y_val): their loss is recorded after every epoch too
    record_steps   also record the loss of every batch just before its update
    callback       optional function called with a `TrainingEvent` after every epoch (or every
                   step with callback_every="step"); if it returns False, training stops
    progress       show a progress bar (in a notebook)
    """
    if not isinstance(net, Network):
        raise TypeError(f"net must be an nnlesson Network, got {type(net).__name__}")
    X, Y = net.check_data(X, Y, loss)
    lr = positive_number("lr", lr)
    epochs = positive_number("epochs", epochs, integer=True)
    bs = _batch_size(batch_size, len(X))
    seed = seed_value("seed", seed)
    choice("callback_every", callback_every, ("epoch", "step"))
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be a function, got {type(callback).__name__}")
    X_val = Y_val = None
    if validation is not None:
        if not isinstance(validation, (tuple, list)) or len(validation) != 2:
            raise TypeError(f"validation must be a pair (X_val, Y_val), got {type(validation).__name__}")
        try:
            X_val, Y_val = net.check_data(validation[0], validation[1], loss)
        except (ValueError, TypeError) as exc:  # say it is the validation data, not X and Y, that is wrong
            raise type(exc)(f"validation (X_val, Y_val): {exc}") from None

    history = History()
    history.initial_loss = net._loss(X, Y, loss)
    if X_val is not None:
        history.initial_val_loss = net._loss(X_val, Y_val, loss)
    bar = _ProgressBar(epochs) if progress else None
    rng = np.random.default_rng(seed)
    N = len(X)
    step_events = callback is not None and callback_every == "step"
    want_step_loss = record_steps or step_events
    good_weights = net.get_weights()
    last_good = history.initial_loss

    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        for epoch in range(1, epochs + 1):
            if shuffle:
                order = rng.permutation(N)
                Xs, Ys = X[order], Y[order]
            else:
                Xs, Ys = X, Y
            for start in range(0, N, bs):
                Xb, Yb = Xs[start:start + bs], Ys[start:start + bs]
                grads = net._backward(Xb, Yb, loss)
                if want_step_loss:
                    step_loss = net._stored_loss(Yb, loss)  # the batch just fed forward by _backward
                    if _is_bad(step_loss, history.initial_loss):  # checked first: no NaN in the history
                        return _diverged(net, history, good_weights, epoch, last_good, lr, bar)
                    if record_steps:
                        history.step_loss.append(step_loss)
                net._update(grads, lr)
                history.steps_run += 1
                if step_events and callback(TrainingEvent(net, history, epoch, history.steps_run, step_loss)) is False:
                    history.stopped = True
                    history.message = f"stopped during epoch {epoch} after {history.steps_run} steps"
                    return _finish(history, bar)

            epoch_loss = net._loss(X, Y, loss)
            if _is_bad(epoch_loss, history.initial_loss):
                return _diverged(net, history, good_weights, epoch, last_good, lr, bar)
            history.loss.append(epoch_loss)
            val = None
            if X_val is not None:
                val = net._loss(X_val, Y_val, loss)
                history.val_loss.append(val)
            history.epochs_run = epoch
            good_weights, last_good = net.get_weights(), epoch_loss
            if bar is not None:
                bar.update(epoch, epoch_loss)
            if callback is not None and not step_events:
                if callback(TrainingEvent(net, history, epoch, history.steps_run, epoch_loss, val)) is False:
                    history.stopped = True
                    history.message = f"stopped after epoch {epoch} of {epochs}"
                    return _finish(history, bar)

    history.message = f"trained {epochs} epochs: loss {history.initial_loss:.4g} → {history.final_loss:.4g}"
    return _finish(history, bar)


def _diverged(net, history, good_weights, epoch, last_good, lr, bar):
    net.set_weights(good_weights)
    history.diverged = True
    history.message = (f"diverged at epoch {epoch}: the loss blew up (it was {last_good:.4g}); "
                       f"try a smaller learning rate than {lr:g}. The weights were put back to their "
                       "last good values.")
    return _finish(history, bar)


def _finish(history, bar):
    if bar is not None:
        bar.close(history.message)
    return history


class _ProgressBar:
    """A small ipywidgets progress bar: 'epoch 3/50 · loss 0.123'."""

    def __init__(self, epochs):
        import ipywidgets as widgets
        from IPython.display import display

        self.epochs = epochs
        self.bar = widgets.IntProgress(value=0, min=0, max=epochs, description="Training:")
        self.label = widgets.Label(value=f"epoch 0/{epochs}")
        self.box = widgets.HBox([self.bar, self.label])
        display(self.box)

    def update(self, epoch, loss):
        self.bar.value = epoch
        self.label.value = f"epoch {epoch}/{self.epochs} · loss {loss:.4g}"

    def close(self, message):
        self.label.value = message
        if "diverged" in message:
            self.bar.bar_style = "danger"
        else:
            self.bar.bar_style = "success"


def accuracy(Y_pred, Y):
    """Fraction of rows whose predicted class is the true class.

    Softmax outputs (N, K) are compared by their largest entry with one-hot Y; one sigmoid
    output (N, 1) is read as class 1 when it is at least 0.5.
    """
    Y_pred = as_array("Y_pred", Y_pred, ndim=(1, 2))
    Y = as_array("Y", Y, ndim=(1, 2))
    if Y_pred.ndim == 1:
        Y_pred = Y_pred[:, None]
    if Y.ndim == 1:
        Y = Y[:, None]
    check_rows_match("Y_pred", Y_pred, "Y", Y)
    if Y_pred.shape != Y.shape:
        raise ValueError(f"Y_pred and Y must have the same shape, got {Y_pred.shape} and {Y.shape}")
    if Y.shape[1] == 1:
        return float(np.mean((Y_pred[:, 0] >= 0.5) == (Y[:, 0] >= 0.5)))
    return float(np.mean(Y_pred.argmax(axis=1) == Y.argmax(axis=1)))

"""Training: repeat forward pass, backpropagation and update, row after row, epoch after epoch.

    for each epoch:                       one epoch = one pass over every training row
        shuffle the rows (seeded)
        for each batch of `batch_size` rows:
            dW, db = backpropagation on the batch
            W ← W − lr·dW,  b ← b − lr·db

batch_size=1 updates after every row (per-row updates, as the lessons introduce them);
batch_size=32 uses mini-batches; batch_size=None uses all rows at once (full batch).

After each epoch the loss over all training rows is recorded (and any `metrics`, such as
accuracy). If the loss becomes infinite or NaN, or grows past ten times where it started
(`has_diverged`, the one divergence rule every explorer uses), training stops, the weights go
back to their last good values and `History.message` says at which epoch and what to try.

Training shows nothing by itself: to watch it, pass a `callback` (the explorers in
nnlesson.widgets provide live curves and a progress bar as callbacks).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field

import numpy as np

from ._validate import choice, positive_number, seed_value
from .network import Network

# The one divergence rule: a loss that is not a finite number, or that grows past this many
# times where it started (or past this many times 1, for a start below 1), has blown up.
DIVERGE_FACTOR = 10.0


def divergence_limit(start_loss):
    """The loss past which training counts as diverged: DIVERGE_FACTOR·max(start_loss, 1)."""
    return DIVERGE_FACTOR * max(start_loss, 1.0)


def has_diverged(loss, start_loss):
    """True if `loss` is NaN or infinite, or larger than `divergence_limit(start_loss)`."""
    return not np.isfinite(loss) or loss > divergence_limit(start_loss)


def divergence_message(where, start_loss, loss, lr):
    """What to tell a learner when training blew up, e.g.

    >>> divergence_message("epoch 3", 0.52, 1.8e7, 2.0)
    'diverged at epoch 3: the loss rose from 0.52 to 1.8e+07. Try a smaller learning rate than 2.'
    """
    rose_to = f"{loss:.4g}" if np.isfinite(loss) else ("infinity" if loss > 0 else "not a number")
    return (f"diverged at {where}: the loss rose from {start_loss:.4g} to {rose_to}. "
            f"Try a smaller learning rate than {lr:g}.")


@dataclass
class History:
    """What happened during training.

    loss        the loss over all training rows after each epoch (one value per epoch)
    val_loss    the same for the validation rows, if `validation` was given
    metrics     {name: [one value per epoch]} for each of `metrics` (e.g. "accuracy"), training rows
    val_metrics the same on the validation rows
    step_loss   the loss of each batch just before its update, if `record_steps=True`
    initial_loss, initial_val_loss, initial_metrics, initial_val_metrics   before the first update
    diverged    True if training stopped because the loss blew up
    stopped     True if a callback asked to stop
    message     one sentence on how training ended, in words
    """

    loss: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    step_loss: list = field(default_factory=list)
    metrics: dict = field(default_factory=dict)
    val_metrics: dict = field(default_factory=dict)
    initial_loss: float = float("nan")
    initial_val_loss: float | None = None
    initial_metrics: dict = field(default_factory=dict)
    initial_val_metrics: dict = field(default_factory=dict)
    epochs_run: int = 0
    steps_run: int = 0
    diverged: bool = False
    stopped: bool = False
    message: str = ""

    def curve(self, name="loss", validation=False):
        """One value per epoch, starting with the value before training (index = epoch number).

        name is "loss" or a metric's name; validation=True for the validation rows.
        """
        if validation and self.initial_val_loss is None:
            return []  # no validation rows: no validation curves
        if name == "loss":
            start, values = ((self.initial_val_loss, self.val_loss) if validation
                             else (self.initial_loss, self.loss))
            return [] if start is None else [start] + list(values)
        initial, per_epoch = ((self.initial_val_metrics, self.val_metrics) if validation
                              else (self.initial_metrics, self.metrics))
        if name not in initial:
            known = ["loss"] + list(self.initial_metrics)
            raise ValueError(f"no curve called {name!r} in this History: it has {known}")
        return [initial[name]] + list(per_epoch[name])

    def then(self, after):
        """One History for two runs of the same network, `after` starting where this one ended.

        The curves run on: epoch 0 is this run's start, then its epochs, then after's (whose own
        epoch 0 is this run's last epoch, not repeated). How training ended is after's.
        """
        return History(
            loss=self.loss + after.loss, val_loss=self.val_loss + after.val_loss,
            step_loss=self.step_loss + after.step_loss,
            metrics={name: values + after.metrics.get(name, []) for name, values in self.metrics.items()},
            val_metrics={name: values + after.val_metrics.get(name, []) for name, values in self.val_metrics.items()},
            initial_loss=self.initial_loss, initial_val_loss=self.initial_val_loss,
            initial_metrics=dict(self.initial_metrics), initial_val_metrics=dict(self.initial_val_metrics),
            epochs_run=self.epochs_run + after.epochs_run, steps_run=self.steps_run + after.steps_run,
            diverged=after.diverged, stopped=after.stopped, message=after.message)

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


def train(net, X, Y, loss="mse", lr=0.1, epochs=10, batch_size=1, seed=0, shuffle=True,
          validation=None, metrics=(), record_steps=False, callback=None, callback_every="epoch"):
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
    metrics        functions metric(Y_pred, Y) -> float recorded after every epoch, e.g.
                   [nl.accuracy] (or a dict {name: function})
    record_steps   also record the loss of every batch just before its update
    callback       optional function called with a `TrainingEvent` after every epoch (or every
                   step with callback_every="step"); if it returns False, training stops.
                   This is how a notebook watches training (live curves, a progress bar).
    """
    X, Y, X_val, Y_val, metric_fns = _check_data(net, X, Y, loss, validation, metrics)
    lr = positive_number("lr", lr)
    epochs = positive_number("epochs", epochs, integer=True)
    bs = _batch_size(batch_size, len(X))
    seed = seed_value("seed", seed)
    choice("callback_every", callback_every, ("epoch", "step"))
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be a function, got {type(callback).__name__}")

    history = _start(net, X, Y, X_val, Y_val, loss, metric_fns)
    rng = np.random.default_rng(seed)
    N = len(X)
    step_events = callback is not None and callback_every == "step"
    want_step_loss = record_steps or step_events
    good_weights = net.get_weights()

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
                    if has_diverged(step_loss, history.initial_loss):  # checked first: no NaN in the history
                        return _diverged(net, history, good_weights, f"epoch {epoch}", step_loss, lr)
                    if record_steps:
                        history.step_loss.append(step_loss)
                net._update(grads, lr)
                history.steps_run += 1
                if step_events and callback(TrainingEvent(net, history, epoch, history.steps_run, step_loss)) is False:
                    history.stopped = True
                    history.message = f"stopped during epoch {epoch} after {history.steps_run} steps"
                    return history

            epoch_loss = net._loss(X, Y, loss)
            if has_diverged(epoch_loss, history.initial_loss):
                return _diverged(net, history, good_weights, f"epoch {epoch}", epoch_loss, lr)
            history.loss.append(epoch_loss)
            _append(history.metrics, _measure(metric_fns, net.layers[-1].A, Y))
            val = None
            if X_val is not None:
                val, val_metrics = _evaluate(net, X_val, Y_val, loss, metric_fns)
                history.val_loss.append(val)
                _append(history.val_metrics, val_metrics)
            history.epochs_run = epoch
            good_weights = net.get_weights()
            if callback is not None and not step_events:
                if callback(TrainingEvent(net, history, epoch, history.steps_run, epoch_loss, val)) is False:
                    history.stopped = True
                    history.message = f"stopped after epoch {epoch} of {epochs}"
                    return history

    history.message = f"trained {epochs} epochs: loss {history.initial_loss:.4g} → {history.final_loss:.4g}"
    return history


def _diverged(net, history, good_weights, where, loss, lr):
    net.set_weights(good_weights)
    history.diverged = True
    history.message = (divergence_message(where, history.initial_loss, loss, lr)
                       + " The weights were put back to their last good values.")
    return history


def start_history(net, X, Y, loss="mse", validation=None, metrics=()):
    """A History of epoch 0 only: the loss (and metrics) before any training.

    What `train` records before its first update, for a view that shows an untrained network
    (its curves start at epoch 0); continue it with `history.then(train(...))`.
    """
    X, Y, X_val, Y_val, metric_fns = _check_data(net, X, Y, loss, validation, metrics)
    return _start(net, X, Y, X_val, Y_val, loss, metric_fns)


def _check_data(net, X, Y, loss, validation, metrics):
    """The checked (X, Y), validation pair (or None, None) and {name: metric}."""
    if not isinstance(net, Network):
        raise TypeError(f"net must be an nnlesson Network, got {type(net).__name__}")
    X, Y = net.check_data(X, Y, loss)
    X_val = Y_val = None
    if validation is not None:
        if not isinstance(validation, (tuple, list)) or len(validation) != 2:
            raise TypeError(f"validation must be a pair (X_val, Y_val), got {type(validation).__name__}")
        try:
            X_val, Y_val = net.check_data(validation[0], validation[1], loss)
        except (ValueError, TypeError) as exc:  # say it is the validation data, not X and Y, that is wrong
            raise type(exc)(f"validation (X_val, Y_val): {exc}") from None
    return X, Y, X_val, Y_val, _metric_functions(metrics)


def _start(net, X, Y, X_val, Y_val, loss, metric_fns):
    """The History before the first update: epoch 0's loss and metrics, empty per-epoch lists."""
    history = History()
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported just below, in words
        history.initial_loss, history.initial_metrics = _evaluate(net, X, Y, loss, metric_fns)
    if not np.isfinite(history.initial_loss):
        raise ValueError(f"the loss is already {history.initial_loss} before training: the data's numbers are too "
                         "large for this network; standardise X (nl.Standardizer) and, for regression, Y")
    history.metrics = {name: [] for name in metric_fns}
    if X_val is not None:
        history.initial_val_loss, history.initial_val_metrics = _evaluate(net, X_val, Y_val, loss, metric_fns)
        history.val_metrics = {name: [] for name in metric_fns}
    return history


def _evaluate(net, X, Y, loss, metric_fns):
    """The loss on (X, Y) and each metric of the same forward pass's predictions."""
    value = net._loss(X, Y, loss)
    return value, _measure(metric_fns, net.layers[-1].A, Y)


def _metric_functions(metrics):
    """{name: function} from a list of functions or a dict, each checked."""
    if metrics is None:
        return {}
    if isinstance(metrics, dict):
        pairs = list(metrics.items())
    elif isinstance(metrics, (list, tuple)):
        pairs = [(getattr(fn, "__name__", None), fn) for fn in metrics]
    else:
        raise TypeError(f"metrics must be a list of functions such as [nl.accuracy] or a dict, "
                        f"got {type(metrics).__name__}")
    found = {}
    for name, fn in pairs:
        if not callable(fn) or not isinstance(name, str) or name == "loss":
            raise TypeError(f"each metric must be a named function metric(Y_pred, Y) -> number (not 'loss'), "
                            f"got {fn!r}")
        found[name] = fn
    return found


def _measure(metric_fns, Y_pred, Y):
    return {name: float(fn(Y_pred, Y)) for name, fn in metric_fns.items()}


def _append(series, values):
    for name, value in values.items():
        series[name].append(value)

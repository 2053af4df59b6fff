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
back to their last good values, `History.message` says at which epoch and what to try, and a
`DivergenceWarning` says the same where a learner sees it (as scikit-learn's ConvergenceWarning
does). A loss that is already infinite before the first update is a problem of the data's scale,
not of the learning rate: `train` refuses it with a ValueError.

Training shows nothing by itself: to watch it, pass a `callback` (the explorers in
nnlesson.widgets provide live curves and a progress bar as callbacks).
"""

from __future__ import annotations

import math
import sys
import numbers
import warnings
from dataclasses import dataclass, field

import numpy as np

from ._validate import _short, check_instance, check_network, choice, flag, positive_number, seed_value
from .network import Network


class DivergenceWarning(UserWarning):
    """Issued by `train` when it stops because the loss blew up (see `has_diverged`).

    To silence it where the run's status is shown another way (an explorer's status line):
    warnings.filterwarnings("ignore", category=nl.DivergenceWarning).
    """


# The most epochs one call of train runs (a typo such as epochs=10**9 would never finish).
MAX_EPOCHS = 1_000_000

# The one divergence rule: a loss that is not a finite number, or that grows past this many
# times where it started (or past this many times 1, for a start below 1), has blown up.
DIVERGE_FACTOR = 10.0


def divergence_limit(start_loss):
    """The loss past which training counts as diverged: DIVERGE_FACTOR·max(start_loss, 1)."""
    _loss_value("start_loss", start_loss)
    return DIVERGE_FACTOR * max(start_loss, 1.0)


def has_diverged(loss, start_loss):
    """True if `loss` is NaN or infinite, or larger than `divergence_limit(start_loss)`."""
    _loss_value("loss", loss)
    # math.isfinite: this runs after every training step, and numpy's isfinite on one number costs 25× more
    return not math.isfinite(loss) or loss > divergence_limit(start_loss)


def _loss_value(name, value):
    """A loss is one real number (NaN and ±inf included: they are what the rule detects)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number (a loss), got {_short(value)} of type {type(value).__name__}")
    if isinstance(value, numbers.Integral) and abs(int(value)) > sys.float_info.max:
        raise ValueError(f"{name} must be a number a float can hold (below about 1.8e308), got a whole number "
                         f"of {len(str(abs(int(value))))} digits")


def divergence_message(where, start_loss, loss, lr):
    """What to tell a learner when training blew up, e.g.

    >>> divergence_message("epoch 3", 0.52, 1.8e7, 2.0)
    'diverged at epoch 3: the loss rose from 0.52 to 1.8e+07. Try a smaller learning rate than 2.'
    """
    if not isinstance(where, str):
        raise TypeError(f"where must be words such as 'epoch 3', got {_short(where)} of type {type(where).__name__}")
    _loss_value("start_loss", start_loss)
    _loss_value("loss", loss)
    _loss_value("lr", lr)
    rose_to = f"{loss:.4g}" if np.isfinite(loss) else ("infinity" if loss > 0 else "not a number (NaN)")
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
        validation = flag("validation", validation)
        if not isinstance(name, str):
            raise TypeError(f"name must be 'loss' or a metric's name such as 'accuracy', got {_short(name)}")
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
        check_instance("after", after, History, "nl.train(...)")
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
        raise TypeError(f"batch_size must be a positive whole number or None (full batch), got {_short(batch_size)}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be a positive whole number or None (full batch), got {batch_size}")
    return min(int(batch_size), N)


def train(net, X, Y, loss="mse", lr=0.1, epochs=10, batch_size=1, seed=0, shuffle=True,
          validation=None, metrics=(), record_steps=False, callback=None, callback_every="epoch", warn=True):
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
    warn           issue a `DivergenceWarning` if training stops because the loss blew up (an
                   explorer that shows History.message in its status line passes False)
    """
    X, Y, X_val, Y_val, metric_fns = _check_data(net, X, Y, loss, validation, metrics)
    warn = flag("warn", warn)
    lr = positive_number("lr", lr)
    epochs = positive_number("epochs", epochs, integer=True)
    if epochs > MAX_EPOCHS:
        raise ValueError(f"epochs must be a whole number from 1 to {MAX_EPOCHS:,}, got {epochs:,}")
    bs = _batch_size(batch_size, len(X))
    seed = seed_value("seed", seed)
    shuffle = flag("shuffle", shuffle)
    record_steps = flag("record_steps", record_steps)
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
                        return _diverged(net, history, good_weights, f"epoch {epoch}", step_loss, lr, warn)
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
                return _diverged(net, history, good_weights, f"epoch {epoch}", epoch_loss, lr, warn)
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


def _diverged(net, history, good_weights, where, loss, lr, warn):
    """Stop: the weights back to their last good values, the message in History and as a warning.

    `loss` is the value that blew up (never the last good one), so the message reads
    "diverged at epoch k: the loss rose from <start> to <blown-up value>".
    """
    net.set_weights(good_weights)
    history.diverged = True
    history.message = (divergence_message(where, history.initial_loss, loss, lr)
                       + " The weights were put back to their last good values.")
    # A fixed location ("nnlesson.train") rather than the caller's cell: a notebook's cell file
    # name changes with every kernel, and the stored outputs must repeat exactly.
    if warn:
        warnings.warn_explicit(history.message, DivergenceWarning, "nnlesson.train", 0, module="nnlesson.training")
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
    check_network(net)
    X, Y = net.check_data(X, Y, loss)
    X_val = Y_val = None
    if validation is not None:
        if not isinstance(validation, (tuple, list)) or len(validation) != 2:
            raise TypeError(f"validation must be a pair (X_val, Y_val), got {type(validation).__name__} "
                            f"{_short(validation, 40)}")
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
        raise ValueError(_data_problem("the loss", history.initial_loss))
    history.metrics = {name: [] for name in metric_fns}
    if X_val is not None:
        with np.errstate(over="ignore", invalid="ignore"):
            history.initial_val_loss, history.initial_val_metrics = _evaluate(net, X_val, Y_val, loss, metric_fns)
        if not np.isfinite(history.initial_val_loss):
            raise ValueError("validation (X_val, Y_val): " + _data_problem("the validation loss",
                                                                             history.initial_val_loss))
        history.val_metrics = {name: [] for name in metric_fns}
    return history


def _data_problem(what, value):
    """Why training cannot start when the loss is not a finite number: the data, not the learning rate."""
    words = "infinite" if value == np.inf else "not a number (NaN)"
    return (f"{what} is already {words} before training, so no learning rate can help: the data's numbers are "
            "too large for this network; scale the data: standardise X (nl.Standardizer) and, for regression, Y")


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
    values = {}
    for name, fn in metric_fns.items():
        try:
            value = fn(Y_pred, Y)
        except (ValueError, TypeError) as exc:  # say which metric failed, keeping its own words
            raise type(exc)(f"metric {name!r} failed on (Y_pred, Y) of shapes {Y_pred.shape} and {Y.shape}: "
                            f"{exc}") from None
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"metric {name!r} must return a number, got {_short(value)} of type "
                            f"{type(value).__name__}")
        values[name] = float(value)
    return values


def _append(series, values):
    for name, value in values.items():
        series[name].append(value)

"""Lesson 2: gradient descent on the two-weight model of lesson 1, and the exercises.

    W1 ← W1 − lr·∂E/∂W1
    W2 ← W2 − lr·∂E/∂W2          both partial derivatives computed first, then both weights move

for Y_pred = W1·X1 + W2·X2 with the mean squared error E (see `lesson1`). Here are one step
(`gradient_step`), a run of steps that stops in words when the error blows up (`DescentRun`,
`start_descent`, `continue_descent`, `run_descent`, `describe_run`), the largest learning rate
that does not diverge (`max_stable_lr`), whole epochs of per-row or full-batch updates
(`per_row_step`, `epoch_per_row`, `epoch_full_batch`, `train_epochs`), and the exercises'
checkers. A run has blown up by the package's one rule, `nnlesson.training.has_diverged`, and
says so with `nnlesson.training.divergence_message`.

The learner writes, for Y_pred = W1·X1 + W2·X2 with the mean squared error,

    gradient_step(W1, W2, lr, X1, X2, Y) -> (new_W1, new_W2)
        both partial derivatives on all rows first, then W ← W − lr·∂E/∂W for both weights
    epoch_per_row(W1, W2, lr, X1, X2, Y) -> (new_W1, new_W2)
        for each row in order: the error of that one row, its derivatives, an update

The checkers compare with steps built from numerical derivatives on random inputs and
answer with a hint, never with the solution. Exercise 3 (choosing a learning rate on the bowl
E = a·(W − W*)²: `check_lr_limit`, `check_lr_verdicts`) lives in `lesson2_exercises`, re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .._validate import number, positive_number, seed_value
from ..exercises import Slip, check_function
from ..plots import fmt
from ..training import divergence_limit, divergence_message, has_diverged
from .lesson1 import (_error, _gradient, _two_columns, check_two_weight_data, error, gradient, lowest_error,
                      numerical_dE_dW1, numerical_dE_dW2)

# The player's learning rates: too small, good, and too large for the lesson's data.
LEARNING_RATES = (0.01, 0.03, 0.1, 0.3, 0.6, 1.0, 1.2, 1.4, 2.0)
# The most steps one run takes (then it asks for Reset).
MAX_STEPS = 2000


def check_weights(W1, W2):
    """(W1, W2) as two floats, each a finite number, or raise naming the bad one."""
    return number("W1", W1), number("W2", W2)


def _error_or_inf(W1, W2, X, Y):
    """E at (W1, W2) on checked data, or infinity where the weights have flown off (not finite, or beyond 1e100)."""
    if np.isfinite(W1) and np.isfinite(W2) and max(abs(W1), abs(W2)) < 1e100:
        return _error(W1, W2, X, Y)
    return np.inf


# -- one step and a run of steps ------------------------------------------------------------
def gradient_step(W1, W2, lr, X, Y):
    """One step of gradient descent on all rows: both derivatives first, then both weights move.

    (W1, W2) ← (W1 − lr·∂E/∂W1, W2 − lr·∂E/∂W2)
    """
    W1, W2 = check_weights(W1, W2)
    lr = positive_number("lr", lr)
    dE_dW1, dE_dW2 = gradient(W1, W2, X, Y)
    return W1 - lr * dE_dW1, W2 - lr * dE_dW2


@dataclass
class DescentRun:
    """What a run of gradient-descent steps did.

    path         the weights [(W1, W2), ...] from the start, one entry per step taken (all finite)
    errors       the error at each entry of `path`
    diverged     True if the run stopped because the error blew up
    diverged_at  the step at which it blew up (None if it did not)
    message      one sentence in words on what happened
    """

    path: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    diverged: bool = False
    diverged_at: int | None = None
    message: str = ""

    @property
    def steps(self):
        return len(self.path) - 1

    def stopped(self, steps_before, planned):
        """After a run was interrupted (the kernel's stop button) partway: make `path` and
        `errors` the same length again and say where it stopped in `message`."""
        n = min(len(self.path), len(self.errors))
        del self.path[n:], self.errors[n:]
        done = self.steps - steps_before
        self.message = (f"stopped at step {done} of {planned} (interrupted; step {self.steps} since the start): "
                        "press Step or Run to go on")
        return self


def continue_descent(run, lr, steps, X, Y, max_steps=MAX_STEPS):
    """Take up to `steps` more steps from the end of `run` (in place); stops if the error blows up.

    The error has blown up when `has_diverged(E, E_start)` (not a finite number, or far above
    its value at the start): then the run stops, keeps only finite points and says so in words.
    """
    if not isinstance(run, DescentRun) or not run.path:
        raise TypeError("run must be a DescentRun with at least its starting point (use start_descent)")
    lr = positive_number("lr", lr)
    steps = positive_number("steps", steps, integer=True)
    X, Y = check_two_weight_data(X, Y)
    if run.diverged:
        return run
    start_error = run.errors[0]
    W1, W2 = run.path[-1]
    for _ in range(steps):
        if run.steps >= max_steps:
            run.message = f"stopped after {run.steps} steps, the most this player takes: press Reset to start again"
            return run
        with np.errstate(over="ignore", invalid="ignore"):
            dE_dW1, dE_dW2 = _gradient(W1, W2, X, Y)
            new = (W1 - lr * dE_dW1, W2 - lr * dE_dW2)
        new_error = _error_or_inf(*new, X, Y)
        step = run.steps + 1
        if has_diverged(new_error, start_error):
            if np.isfinite(new_error):  # keep a finite point; the drawing clamps it to the axes
                run.path.append(new)
                run.errors.append(new_error)
            run.diverged, run.diverged_at = True, step
            run.message = divergence_message(f"step {step}", start_error, new_error, lr)
            return run
        W1, W2 = new
        run.path.append(new)
        run.errors.append(new_error)
    run.message = describe_run(run, X, Y)
    return run


def start_descent(W1, W2, X, Y):
    """A run with only its starting point."""
    W1, W2 = check_weights(W1, W2)
    return DescentRun(path=[(W1, W2)], errors=[error(W1, W2, X, Y)], message="ready: press Step or Run")


def run_descent(W1, W2, lr, steps, X, Y):
    """`steps` steps of gradient descent from (W1, W2); returns a `DescentRun`."""
    return continue_descent(start_descent(W1, W2, X, Y), lr, steps, X, Y)


def describe_run(run, X, Y):
    """One sentence on how a run is going: converged, crawling, oscillating, overshooting or diverged."""
    if run.diverged:
        return run.message
    if run.steps == 0:
        return "ready: press Step or Run"
    _, _, best = lowest_error(X, Y)
    E0, E = run.errors[0], run.errors[-1]
    k = run.steps
    steps = f"{k} step{'s' if k != 1 else ''}"
    gap0 = max(E0 - best, 0.0)
    if E - best <= max(0.01 * best, 1e-6 * gap0):
        return (f"converged: after {steps} the error {fmt(E)} is as low as it gets "
                f"(the lowest possible is {fmt(best)})")
    if E > run.errors[-2]:
        return (f"overshooting: the error went up from {fmt(run.errors[-2])} to {fmt(E)} at step {k}; "
                "if it keeps growing it will diverge: try a smaller learning rate")
    zigzag = False
    if k >= 2:
        d1 = np.subtract(run.path[-1], run.path[-2])
        d0 = np.subtract(run.path[-2], run.path[-3])
        zigzag = float(np.dot(d1, d0)) < 0
    if zigzag:
        return (f"oscillating: each step jumps across the valley (the path zigzags), yet the error fell "
                f"from {fmt(E0)} to {fmt(E)} in {steps}")
    ratio = (E - best) / max(run.errors[-2] - best, 1e-300)
    if ratio > 0.9:
        return (f"crawling: after {steps} the error has only fallen from {fmt(E0)} to {fmt(E)}; "
                "a larger learning rate takes bigger steps")
    return f"descending: the error fell from {fmt(E0)} to {fmt(E)} in {steps}"


def max_stable_lr(X):
    """The learning rate above which full-batch gradient descent diverges on inputs X.

    The error is a bowl whose steepest curvature is the largest eigenvalue λ of 2·XᵀX/N.
    Along that direction each step multiplies the distance to the bottom by (1 − lr·λ):
    for lr < 2/λ that factor's size is below 1 (the steps close in), above 2/λ it is above 1.
    """
    X = _two_columns(X)
    curvature = float(np.linalg.eigvalsh(2.0 * X.T @ X / len(X))[-1])
    return 2.0 / curvature


def error_axis_limits(W1, W2, X, Y):
    """The player's log-scale error axis (low, high) for runs that start at (W1, W2).

    From half the lowest error the data allow up to twice the error at which a run counts as
    diverged (`divergence_limit`, see `has_diverged`): the last point of a
    diverging run usually fits too.
    """
    _, _, best = lowest_error(X, Y)
    return 0.5 * best, 2 * divergence_limit(error(W1, W2, X, Y))


def clamp_path(path, W1_range, W2_range, margin=0.0):
    """The path's points clipped to the map (plus `margin`, a fraction of its size).

    Far-away points of a diverging run are drawn on the map's edge instead of off the picture.
    Returns the W1 values and the W2 values, as two arrays.
    """
    (lo1, hi1), (lo2, hi2) = W1_range, W2_range
    P = np.asarray(path, dtype=float).reshape(-1, 2)
    m1, m2 = margin * (hi1 - lo1), margin * (hi2 - lo2)
    return np.clip(P[:, 0], lo1 - m1, hi1 + m1), np.clip(P[:, 1], lo2 - m2, hi2 + m2)


# -- epochs: per-row updates against full-batch updates --------------------------------------
def per_row_step(W1, W2, lr, x_row, y):
    """One per-row update: gradient descent on this single row's error (W1·x1 + W2·x2 − y)²."""
    W1, W2 = check_weights(W1, W2)
    X, Y = check_two_weight_data(np.reshape(x_row, (1, -1)), np.reshape(y, (1,)))
    return gradient_step(W1, W2, lr, X, Y)


def epoch_per_row(W1, W2, lr, X, Y, order=None):
    """One epoch of per-row updates: for each row in turn, update the weights on that row's error.

    `order` is the sequence of row indices (default 0, 1, ..., N−1). Returns the new (W1, W2).
    """
    X, Y = check_two_weight_data(X, Y)
    W1, W2 = check_weights(W1, W2)
    lr = positive_number("lr", lr)
    if order is None:
        order = range(len(X))
    for i in order:
        with np.errstate(over="ignore", invalid="ignore"):
            dE_dW1, dE_dW2 = _gradient(W1, W2, X[i:i + 1], Y[i:i + 1])
            W1, W2 = W1 - lr * dE_dW1, W2 - lr * dE_dW2
        if not (np.isfinite(W1) and np.isfinite(W2)):
            return float("nan"), float("nan")
    return W1, W2


def epoch_full_batch(W1, W2, lr, X, Y):
    """One epoch of full-batch updates: a single step on the error of all rows together."""
    return gradient_step(W1, W2, lr, X, Y)


@dataclass
class EpochRun:
    """Training for several epochs: `errors[k]` is the error on all rows after k epochs."""

    mode: str
    lr: float
    path: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    updates: int = 0
    diverged: bool = False
    message: str = ""

    @property
    def epochs(self):
        return len(self.errors) - 1


def train_epochs(W1, W2, lr, epochs, X, Y, mode="per_row", shuffle=False, seed=0):
    """Train the two-weight model for `epochs` passes over the rows; returns an `EpochRun`.

    mode "per_row": one update per row (N updates per epoch); "full_batch": one update per
    epoch on all rows. With shuffle=True the row order changes every epoch (seeded).
    Stops with a message in words if the error blows up (`has_diverged`).
    """
    X, Y = check_two_weight_data(X, Y)
    W1, W2 = check_weights(W1, W2)
    lr = positive_number("lr", lr)
    epochs = positive_number("epochs", epochs, integer=True)
    if mode not in ("per_row", "full_batch"):
        raise ValueError(f"mode must be 'per_row' or 'full_batch', got {mode!r}")
    rng = np.random.default_rng(seed_value("seed", seed))
    run = EpochRun(mode=mode, lr=lr, path=[(W1, W2)], errors=[error(W1, W2, X, Y)])
    for epoch in range(1, epochs + 1):
        if mode == "per_row":
            order = rng.permutation(len(X)) if shuffle else None
            new = epoch_per_row(W1, W2, lr, X, Y, order)
            run.updates += len(X)
        else:
            with np.errstate(over="ignore", invalid="ignore"):
                new = epoch_full_batch(W1, W2, lr, X, Y) if max(abs(W1), abs(W2)) < 1e100 else (np.nan, np.nan)
            run.updates += 1
        new_error = _error_or_inf(*new, X, Y)
        if has_diverged(new_error, run.errors[0]):
            run.diverged = True
            run.message = divergence_message(f"epoch {epoch}", run.errors[0], new_error, lr)
            return run
        W1, W2 = new
        run.path.append(new)
        run.errors.append(new_error)
    name = "per-row" if mode == "per_row" else "full-batch"
    run.message = (f"{name}: {epochs} epoch{'s' if epochs != 1 else ''}, {run.updates} updates, "
                   f"error {fmt(run.errors[0])} → {fmt(run.errors[-1])}")
    return run


# -- the exercises ------------------------------------------------------------------------------
def _inputs(rng):
    """Random weights, a learning rate and a few rows: (W1, W2, lr, X1, X2, Y)."""
    n = int(rng.integers(3, 9))
    W1, W2 = (float(w) for w in np.round(rng.uniform(-3, 3, 2), 2))
    lr = float(rng.choice([0.01, 0.05, 0.1]))
    X1, X2 = rng.normal(0, 1, n).round(2), rng.normal(0, 1, n).round(2)
    Y = rng.normal(0, 2, n).round(2)
    return W1, W2, lr, X1, X2, Y


def reference_step(W1, W2, lr, X1, X2, Y):
    """W ← W − lr·∂E/∂W for both weights, with numerically measured derivatives."""
    g1 = numerical_dE_dW1(W1, W2, X1, X2, Y)
    g2 = numerical_dE_dW2(W1, W2, X1, X2, Y)
    return np.array([W1 - lr * g1, W2 - lr * g2])


def reference_epoch(W1, W2, lr, X1, X2, Y):
    """One pass over the rows in order, one update per row (numerical derivatives of that row's error)."""
    for i in range(len(Y)):
        W1, W2 = reference_step(W1, W2, lr, X1[i:i + 1], X2[i:i + 1], Y[i:i + 1])
    return np.array([W1, W2])


def _uphill(*args):
    W1, W2, lr, X1, X2, Y = args
    return np.array([W1, W2]) + (np.array([W1, W2]) - reference_step(*args))


def _sequential(*args):
    """W1 updated first, then W2's derivative computed with the new W1."""
    W1, W2, lr, X1, X2, Y = args
    W1 = W1 - lr * numerical_dE_dW1(W1, W2, X1, X2, Y)
    return np.array([W1, W2 - lr * numerical_dE_dW2(W1, W2, X1, X2, Y)])


def _scaled_step(factor):
    """The right step's direction with `factor` times its size: W − factor·lr·∂E/∂W."""
    def wrong(*args):
        W = np.array(args[:2])
        return W - factor(args) * (W - reference_step(*args))
    return wrong


def check_gradient_step(fn):
    """Check gradient_step(W1, W2, lr, X1, X2, Y) -> (new_W1, new_W2)."""
    factor_two = ("The direction is right but the step size is off by a factor 2: check your ∂E/∂W "
                  "(the factor 2 of the square).")
    hints = [
        Slip(_uphill, "Your step goes uphill: with W ← W + lr·∂E/∂W the error grows. Which sign moves against the "
                      "slope?"),
        Slip(_scaled_step(lambda a: 1 / a[2]),
             "The step is 1/lr times too big: multiply the derivatives by the learning rate lr."),
        Slip(lambda *a: np.array([reference_step(*a)[0], a[1]]),
             "W1 moved correctly but W2 did not move: update every weight in the same step."),
        Slip(lambda *a: np.array([a[0], reference_step(*a)[1]]),
             "W2 moved correctly but W1 did not move: update every weight in the same step."),
        Slip(_sequential,
             "You computed ∂E/∂W2 after changing W1. Compute both derivatives at the old weights, "
             "then update both."),
        Slip(_scaled_step(lambda a: 2), factor_two),
        Slip(_scaled_step(lambda a: 0.5), factor_two),
        Slip(_scaled_step(lambda a: len(a[5])),
             "The step is N times too big: the error is a mean over the rows, so its derivatives are means too."),
    ]
    return check_function(fn, reference=reference_step, make_inputs=_inputs, hints=hints, rtol=1e-5, atol=1e-7,
                          name="gradient_step")


def _full_batch_epoch(*args):
    return reference_step(*args)


def _reversed(*args):
    W1, W2, lr, X1, X2, Y = args
    return reference_epoch(W1, W2, lr, X1[::-1], X2[::-1], Y[::-1])


def _last_row_only(*args):
    W1, W2, lr, X1, X2, Y = args
    return reference_step(W1, W2, lr, X1[-1:], X2[-1:], Y[-1:])


def check_epoch_per_row(fn):
    """Check epoch_per_row(W1, W2, lr, X1, X2, Y) -> (new_W1, new_W2) after one pass of per-row updates."""
    hints = [
        Slip(_full_batch_epoch,
             "That is one full-batch step on all rows at once. Per-row: update the weights after every single row."),
        Slip(_scaled_step(lambda a: len(a[5])),
             "You added up every row's step at the starting weights. Each row's step must use the weights the "
             "previous row left behind."),
        Slip(_last_row_only,
             "Only the last row's update survived: start each row from the weights the previous row produced."),
        Slip(_reversed, "The rows were visited backwards: go through them in order, first row first."),
    ]
    return check_function(fn, reference=reference_epoch, make_inputs=_inputs, hints=hints, rtol=1e-5, atol=1e-7,
                          name="epoch_per_row")


from .lesson2_exercises import check_lr_limit, check_lr_verdicts  # noqa: E402,F401  (exercise 3)

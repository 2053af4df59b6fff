"""Lesson 2's gradient-descent player: let the update rule do the dragging.

    W1 ← W1 − lr·∂E/∂W1
    W2 ← W2 − lr·∂E/∂W2          both partial derivatives computed first, then both weights move

for the two-weight model of lesson 1 (Y_pred = W1·X1 + W2·X2, error = mean squared error).
The plain functions come first: one step, a run of steps that stops in words when the error
blows up, and whole epochs of per-row or full-batch updates. `DescentPlayer` at the end is
a thin view over them: a learning-rate slider, Step / Run / Reset, the path on the contour
map and the error after every step.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullLocator

from .._validate import as_array, positive_number, seed_value
from ..plots import OKABE_ITO, fmt
from .base import Explorer, FigureView, serialized
from .weights import (W1_RANGE, W2_RANGE, _number, _range, check_data, draw_error_map, error, gradient,
                      lowest_error, two_weight_data)

# A run stops ("diverged") once the error is this many times its starting value, or not finite.
DIVERGE_FACTOR = 1000.0
# The player's learning rates: too small, good, and too large for the lesson's data.
LEARNING_RATES = (0.01, 0.03, 0.1, 0.3, 0.6, 1.0, 1.2, 1.4, 2.0)
MAX_STEPS = 2000
# The player's step axis starts at 0–50 and doubles when a run goes past it (a full redraw).
STEP_AXIS = 50


def _weights(W1, W2):
    return _number("W1", W1), _number("W2", W2)


def _too_big(value, start):
    return not np.isfinite(value) or value > DIVERGE_FACTOR * max(start, 1.0)


# -- one step and a run of steps ------------------------------------------------------------
def gradient_step(W1, W2, lr, X, Y):
    """One step of gradient descent on all rows: both derivatives first, then both weights move."""
    W1, W2 = _weights(W1, W2)
    lr = positive_number("lr", lr)
    dE_dW1, dE_dW2 = gradient(W1, W2, X, Y)
    return W1 - lr * dE_dW1, W2 - lr * dE_dW2


@dataclass
class DescentRun:
    """What a run of gradient-descent steps did.

    path       the weights [(W1, W2), ...] from the start, one entry per step taken (all finite)
    errors     the error at each entry of `path`
    diverged   True if the run stopped because the error blew up
    message    one sentence in words on what happened
    """

    path: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    diverged: bool = False
    diverged_at: int | None = None
    message: str = ""

    @property
    def steps(self):
        return len(self.path) - 1


def continue_descent(run, lr, steps, X, Y, max_steps=MAX_STEPS):
    """Take up to `steps` more steps from the end of `run` (in place); stops if the error blows up.

    The error is 'blown up' when it is not a finite number or more than DIVERGE_FACTOR times
    its value at the start: then the run stops, keeps only finite points and says so in words.
    """
    if not isinstance(run, DescentRun) or not run.path:
        raise TypeError("run must be a DescentRun with at least its starting point (use start_descent)")
    lr = positive_number("lr", lr)
    steps = positive_number("steps", steps, integer=True)
    X, Y = check_data(X, Y)
    if run.diverged:
        return run
    start_error = run.errors[0]
    W1, W2 = run.path[-1]
    for _ in range(steps):
        if run.steps >= max_steps:
            run.message = f"stopped after {run.steps} steps, the most this player takes: press Reset to start again"
            return run
        with np.errstate(over="ignore", invalid="ignore"):
            dE_dW1, dE_dW2 = gradient(W1, W2, X, Y)
            new = (W1 - lr * dE_dW1, W2 - lr * dE_dW2)
        new_error = error(*new, X, Y) if np.all(np.isfinite(new)) and max(map(abs, new)) < 1e100 else np.inf
        step = run.steps + 1
        if _too_big(new_error, start_error):
            if np.isfinite(new_error):  # keep a finite point; the drawing clamps it to the axes
                run.path.append(new)
                run.errors.append(new_error)
            run.diverged, run.diverged_at = True, step
            run.message = (f"diverged at step {step}: the error grew from {fmt(start_error)} to more than "
                           f"{fmt(DIVERGE_FACTOR)} times that; try a smaller learning rate")
            return run
        W1, W2 = new
        run.path.append(new)
        run.errors.append(new_error)
    run.message = describe_run(run, X, Y)
    return run


def start_descent(W1, W2, X, Y):
    """A run with only its starting point."""
    W1, W2 = _weights(W1, W2)
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
    X = as_array("X", X, ndim=2)
    if X.shape[1] != 2:
        raise ValueError(f"X must have 2 columns (X1 and X2), got shape {X.shape}")
    curvature = float(np.linalg.eigvalsh(2.0 * X.T @ X / len(X))[-1])
    return 2.0 / curvature


# -- epochs: per-row updates against full-batch updates --------------------------------------
def row_step(W1, W2, lr, x_row, y):
    """One per-row update: the error of this single row, (W1·x1 + W2·x2 − y)², and its gradient."""
    W1, W2 = _weights(W1, W2)
    X, Y = check_data(np.reshape(x_row, (1, -1)), np.reshape(y, (1,)))
    return gradient_step(W1, W2, lr, X, Y)


def epoch_per_row(W1, W2, lr, X, Y, order=None):
    """One epoch of per-row updates: for each row in turn, update the weights on that row's error.

    `order` is the sequence of row indices (default 0, 1, ..., N−1). Returns the new (W1, W2).
    """
    X, Y = check_data(X, Y)
    W1, W2 = _weights(W1, W2)
    lr = positive_number("lr", lr)
    if order is None:
        order = range(len(X))
    for i in order:
        with np.errstate(over="ignore", invalid="ignore"):
            dE_dW1, dE_dW2 = gradient(W1, W2, X[i:i + 1], Y[i:i + 1])
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
    Stops with a message in words if the error blows up.
    """
    X, Y = check_data(X, Y)
    W1, W2 = _weights(W1, W2)
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
        new_error = error(*new, X, Y) if np.all(np.isfinite(new)) and max(map(abs, new)) < 1e100 else np.inf
        if _too_big(new_error, run.errors[0]):
            run.diverged = True
            run.message = f"diverged in epoch {epoch}: the error blew up; try a smaller learning rate"
            return run
        W1, W2 = new
        run.path.append(new)
        run.errors.append(new_error)
    name = "per-row" if mode == "per_row" else "full-batch"
    run.message = (f"{name}: {epochs} epoch{'s' if epochs != 1 else ''}, {run.updates} updates, "
                   f"error {fmt(run.errors[0])} → {fmt(run.errors[-1])}")
    return run


# -- the widget -------------------------------------------------------------------------------
def clamp_path(path, W1_range, W2_range, margin=0.0):
    """The path's points clipped to the map (plus `margin`, a fraction of its size).

    Far-away points of a diverging run are drawn on the map's edge instead of off the picture.
    """
    (lo1, hi1), (lo2, hi2) = W1_range, W2_range
    P = np.asarray(path, dtype=float).reshape(-1, 2)
    m1, m2 = margin * (hi1 - lo1), margin * (hi2 - lo2)
    return np.clip(P[:, 0], lo1 - m1, hi1 + m1), np.clip(P[:, 1], lo2 - m2, hi2 + m2)


class DescentPlayer(Explorer):
    """Pick a learning rate, then Step or Run gradient descent and watch the path and the error.

    player = DescentPlayer()
    player.lr_slider.value = 0.3; player.run_button.click(); player.readouts()
    """

    title = "Gradient-descent player: W ← W − lr·∂E/∂W on the two-weight model"

    def __init__(self, X=None, Y=None, start=(-3.0, 3.0), lr=0.1, learning_rates=LEARNING_RATES, run_steps=10,
                 W1_range=W1_RANGE, W2_range=W2_RANGE):
        if (X is None) != (Y is None):
            raise ValueError("give both X and Y, or neither (then the lesson's data is used)")
        if X is None:
            X, Y = two_weight_data()
        self.X, self.Y = check_data(X, Y)
        self.W1_range, self.W2_range = _range("W1_range", W1_range), _range("W2_range", W2_range)
        try:
            self.start = _weights(*start)
        except TypeError:
            raise TypeError(f"start must be a pair (W1, W2) of numbers, got {start!r}") from None
        rates = [positive_number("learning_rates", r) for r in learning_rates]
        lr = positive_number("lr", lr)
        if lr not in rates:
            raise ValueError(f"lr must be one of learning_rates {rates}, got {lr!r}")
        run_steps = positive_number("run_steps", run_steps, integer=True)
        self.best = lowest_error(self.X, self.Y)

        self.lr_slider = widgets.SelectionSlider(options=[(f"{r:g}", r) for r in rates], value=lr,
                                                 description="lr", continuous_update=False,
                                                 layout=widgets.Layout(width="360px"))
        self.lr_slider.add_class("nnl-descent-lr")
        self.steps_box = widgets.BoundedIntText(value=run_steps, min=1, max=500, description="steps",
                                                layout=widgets.Layout(width="150px"))
        self.steps_box.add_class("nnl-descent-nsteps")
        self.step_button = widgets.Button(description="Step", tooltip="one step of gradient descent")
        self.run_button = widgets.Button(description=f"Run {run_steps}", tooltip="take several steps")
        self.reset_button = widgets.Button(description="Reset", tooltip="back to the start")
        for name, b in (("step", self.step_button), ("run", self.run_button), ("reset", self.reset_button)):
            b.add_class(f"nnl-descent-{name}")
            b.layout.width = "90px"
        self.step_html = self.status("nnl-descent-step-count")
        self.weights_html = self.status("nnl-descent-W")
        self.error_html = self.status("nnl-descent-error")
        self.status_line = self.status("nnl-descent-status")
        self._build_figure()
        self.run = start_descent(*self.start, self.X, self.Y)
        self.update()
        self.view.render(full=True)

        self.lr_slider.observe(self._lr_changed, names="value")
        self.steps_box.observe(self._steps_changed, names="value")
        self.step_button.on_click(lambda _: self.step(1))
        self.run_button.on_click(lambda _: self.step(self.steps_box.value))
        self.reset_button.on_click(lambda _: self.reset())
        buttons = widgets.HBox([self.step_button, self.run_button, self.steps_box, self.reset_button])
        readouts = widgets.HBox([self.step_html, self.weights_html, self.error_html],
                                layout=widgets.Layout(justify_content="space-between", width="720px"))
        self.widget = widgets.VBox([widgets.HBox([self.lr_slider, buttons]), readouts, self.status_line,
                                    self.view.image])
        self.widget.add_class("nnl-descent")

    def _build_figure(self):
        view = self.view = FigureView(figsize=(10.5, 4.1), dpi=80, css_class="nnl-descent-figure")
        fig = view.figure
        grid = fig.add_gridspec(1, 2, width_ratios=[1, 1.45], left=0.06, right=0.98, bottom=0.13, top=0.9,
                                wspace=0.2)
        self.ax_map, self.ax_loss = fig.add_subplot(grid[0]), fig.add_subplot(grid[1])
        draw_error_map(self.ax_map, self.X, self.Y, self.W1_range, self.W2_range)
        self.ax_map.set_title("The path downhill on the error map")
        orange = OKABE_ITO["vermillion"]
        self.ax_map.plot([self.start[0]], [self.start[1]], "s", color="black", ms=7)
        self.ax_map.annotate("start", self.start, xytext=(6, 6), textcoords="offset points", fontsize=10)
        (self.path_line,) = self.ax_map.plot([], [], "-o", color=orange, ms=4, lw=1.5)
        (self.point,) = self.ax_map.plot([], [], "o", color=orange, ms=9, mec="black", mew=0.8)
        ax = self.ax_loss
        ax.set_yscale("log")
        E0 = error(*self.start, self.X, self.Y)
        self._loss_ylim = (0.5 * self.best[2], 2 * DIVERGE_FACTOR * max(E0, 1.0))
        ax.set_ylim(*self._loss_ylim)
        ax.set_xlim(0, STEP_AXIS)
        # plain numbers (0.1, 1, 10, ...) on the log axis: easier to read, and quicker to draw than 10ˣ
        ax.yaxis.set_major_locator(LogLocator(base=10, numticks=12))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else fmt(v, 3)))
        ax.yaxis.set_minor_locator(NullLocator())
        ax.axhline(self.best[2], color=OKABE_ITO["green"], ls=":", lw=1.2)
        ax.text(0.98, 1.3 * self.best[2], f"lowest possible error {fmt(self.best[2])}", ha="right", va="bottom",
                fontsize=10, color="0.2", transform=ax.get_yaxis_transform())
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("step")
        ax.set_ylabel("error E (log scale)")
        ax.set_title("Error after each step")
        (self.loss_line,) = ax.plot([], [], "-o", color=OKABE_ITO["blue"], ms=3, lw=1.5)
        view.animate(self.path_line, self.point, self.loss_line)

    # -- actions --
    @serialized
    def step(self, n=1):
        """Take n steps (what the Step and Run buttons do), then redraw."""
        self.run = continue_descent(self.run, self.lr_slider.value, n, self.X, self.Y)
        self.update()
        self.view.render(full=self._fit_x())

    @serialized
    def reset(self):
        """Back to the starting weights, with the chosen learning rate."""
        self.run = start_descent(*self.start, self.X, self.Y)
        self.update()
        self.view.render(full=self._fit_x())

    @serialized
    def _lr_changed(self, change):
        self.reset()
        self.status_line.value = f"learning rate {fmt(change['new'])}, back at the start: press Step or Run"

    @serialized
    def _steps_changed(self, change):
        self.run_button.description = f"Run {change['new']}"

    def _fit_x(self):
        """Widen (or shrink back) the step axis; True if the limits changed (needs a full redraw)."""
        want = STEP_AXIS
        while want < self.run.steps:
            want *= 2
        if self.ax_loss.get_xlim()[1] != want:
            self.ax_loss.set_xlim(0, want)
            return True
        return False

    @serialized
    def update(self):
        """Show the run's state in the readouts and move the artists (no render)."""
        run = self.run
        W1, W2 = run.path[-1]
        E = run.errors[-1]
        self._values = {"lr": float(self.lr_slider.value), "step": float(run.steps), "W1": W1, "W2": W2, "error": E}
        self.step_html.value = f"step <b>{run.steps}</b>"
        self.weights_html.value = f"W1 = <b>{fmt(W1)}</b>, W2 = <b>{fmt(W2)}</b>"
        self.error_html.value = f"error E = <b>{fmt(E)}</b>"
        if run.diverged:
            self.status_line.value = f"⚠ {run.message}. Press Reset."
        else:
            self.status_line.value = run.message
        x, y = clamp_path(run.path, self.W1_range, self.W2_range)
        self.path_line.set_data(x, y)
        self.point.set_data(x[-1:], y[-1:])
        lo, hi = self._loss_ylim
        self.loss_line.set_data(np.arange(len(run.errors)), np.clip(run.errors, lo, hi))

    def readouts(self):
        """The numbers on display: lr, step, W1, W2, error (floats)."""
        return dict(self._values)

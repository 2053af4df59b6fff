"""Lesson 2's gradient-descent player: a view over `nnlesson.lessons.lesson2`.

    W1 ← W1 − lr·∂E/∂W1
    W2 ← W2 − lr·∂E/∂W2          both partial derivatives computed first, then both weights move

for the two-weight model of lesson 1 (Y_pred = W1·X1 + W2·X2, error = mean squared error).
The steps, the runs and their descriptions in words are `lesson2`'s plain functions
(`start_descent`, `continue_descent`, ...), tested without a browser. `DescentPlayer` only
holds the controls (a learning-rate slider, Step / Run / Reset), the readouts and the figure:
the path on the contour map and the error after every step.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullLocator

from .._validate import positive_number, whole_number
from ..lessons.lesson1 import W1_RANGE, W2_RANGE, check_weight_range, draw_error_map, lesson_data, lowest_error
from ..lessons.lesson2 import (LEARNING_RATES, MAX_STEPS, check_weights, clamp_path, continue_descent,
                               error_axis_limits, start_descent)
from ..plots import OKABE_ITO, fmt
from .base import Explorer, GuardedIntText, serialized
from .weights import two_panel_view

# The player's step axis starts at 0–50 and doubles when a run goes past it (a full redraw).
STEP_AXIS = 50
MAX_RUN = 500   # the most steps the "steps" box allows for one press of Run


class DescentPlayer(Explorer):
    """Pick a learning rate, then Step or Run gradient descent and watch the path and the error.

    player = DescentPlayer()
    player.lr_slider.value = 0.3; player.run_button.click(); player.readouts()
    player.train(10); player.scores()      # {'error': ...}: the same as pressing Run with 10 steps
    player.code()                          # 'DescentPlayer(lr=0.3)': this setup as a line of code

    Data arguments: X, Y (optional: the lesson's data when both are None). settings() gives
    start, lr (the slider), learning_rates, run_steps (the steps box), W1_range and W2_range;
    the steps already taken are not a setting (rebuild, then train(n)).
    """

    title = "Gradient-descent player: W ← W − lr·∂E/∂W on the two-weight model"
    data_arguments = {"X": "X", "Y": "Y"}

    def __init__(self, X=None, Y=None, start=(-3.0, 3.0), lr=0.1, learning_rates=LEARNING_RATES, run_steps=10,
                 W1_range=W1_RANGE, W2_range=W2_RANGE):
        self.X, self.Y = lesson_data(X, Y)
        self._own_data = X is not None
        self.W1_range = check_weight_range("W1_range", W1_range)
        self.W2_range = check_weight_range("W2_range", W2_range)
        try:
            self.start = check_weights(*start)
        except TypeError:
            raise TypeError(f"start must be a pair (W1, W2) of numbers, got {start!r}") from None
        if isinstance(learning_rates, (str, bytes)) or not hasattr(learning_rates, "__len__") or not learning_rates:
            raise TypeError(f"learning_rates must be a list of positive numbers such as [0.1, 0.3], "
                            f"got {learning_rates!r}")
        rates = [positive_number(f"learning_rates[{k}]", r) for k, r in enumerate(learning_rates)]
        if len(set(rates)) != len(rates):
            raise ValueError(f"learning_rates must not repeat a value, got {rates}")
        self.learning_rates = tuple(rates)
        lr = positive_number("lr", lr)
        if lr not in rates:
            raise ValueError(f"lr must be one of learning_rates {rates}, got {lr!r}")
        run_steps = positive_number("run_steps", run_steps, integer=True)
        if run_steps > MAX_RUN:
            raise ValueError(f"run_steps must be a whole number from 1 to {MAX_RUN}, got {run_steps}")
        self.best = lowest_error(self.X, self.Y)

        self.lr_slider = widgets.SelectionSlider(options=[(f"{r:g}", r) for r in rates], value=lr,
                                                 description="lr", continuous_update=False,
                                                 layout=widgets.Layout(width="360px"))
        self.lr_slider.add_class("nnl-descent-lr")
        self.steps_box = GuardedIntText(value=run_steps, min=1, max=MAX_RUN, description="steps",
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
        self.guard(self.steps_box)
        self._build_figure()
        self.run = start_descent(*self.start, self.X, self.Y)
        self.update()
        self.view.render(full=True)

        self.lr_slider.observe(self._lr_changed, names="value")
        self.steps_box.observe(self._steps_changed, names="value")
        self.step_button.on_click(lambda _: self._press(1))
        self.run_button.on_click(lambda _: self._press(self.steps_box.value))
        self.reset_button.on_click(lambda _: (self.fresh_note(), self.reset()))
        buttons = widgets.HBox([self.step_button, self.run_button, self.steps_box, self.reset_button])
        readouts = widgets.HBox([self.step_html, self.weights_html, self.error_html],
                                layout=widgets.Layout(justify_content="space-between", width="720px"))
        self.widget = widgets.VBox([widgets.HBox([self.lr_slider, buttons]), readouts, self.status_line,
                                    self.view.image, self.code_readout("descent")])
        self.widget.add_class("nnl-descent")

    def _build_figure(self):
        view, self.ax_map, self.ax_loss = two_panel_view("nnl-descent-figure", [1, 1.45], left=0.06, right=0.98)
        self.view = view
        draw_error_map(self.ax_map, self.X, self.Y, self.W1_range, self.W2_range)
        self.ax_map.set_title("The path downhill on the error map")
        orange = OKABE_ITO["vermillion"]
        self.ax_map.plot([self.start[0]], [self.start[1]], "s", color="black", ms=7)
        self.ax_map.annotate("start", self.start, xytext=(6, 6), textcoords="offset points", fontsize=10)
        (self.path_line,) = self.ax_map.plot([], [], "-o", color=orange, ms=4, lw=1.5)
        (self.point,) = self.ax_map.plot([], [], "o", color=orange, ms=9, mec="black", mew=0.8)
        ax = self.ax_loss
        ax.set_yscale("log")
        self._loss_ylim = error_axis_limits(*self.start, self.X, self.Y)
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
        """Take n steps (what the Step and Run buttons do), then redraw.

        Stopped by the kernel's stop button (KeyboardInterrupt), it keeps the steps taken, says
        where it stopped ("stopped at step 7 of 20") and redraws, then lets the interrupt go on.
        """
        n = whole_number("n", n, 1, MAX_STEPS)
        before = self.run.steps
        try:
            self.run = continue_descent(self.run, self.lr_slider.value, n, self.X, self.Y)
        except KeyboardInterrupt:
            self.run.stopped(before, n)
            raise
        finally:
            self.update()
            self.view.render(full=self._fit_x())

    def _press(self, n):
        """A button press: as step(n); an interrupt ends the press (the status says where), quietly."""
        try:
            self.step(n)
        except KeyboardInterrupt:
            pass

    def train(self, epochs=None):
        """Take `epochs` steps of gradient descent (None: the steps box's number), as pressing Run
        does, and return scores(). A run stops early (and says why) if the error blows up, or
        after 2000 steps since the start."""
        n = self.steps_box.value if epochs is None else whole_number("epochs", epochs, 1, MAX_STEPS)
        self.step(n)
        return self.scores()

    def scores(self):
        """{"error": E}: the mean squared error at the current weights (the one data set it descends on)."""
        return {"error": float(self.run.errors[-1])}

    def settings(self):
        """start, lr, learning_rates, run_steps, W1_range, W2_range:
        DescentPlayer(X=X, Y=Y, **settings) rebuilds it (X, Y only if it was given data)."""
        return {"start": tuple(self.start), "lr": float(self.lr_slider.value), "learning_rates": self.learning_rates,
                "run_steps": int(self.steps_box.value), "W1_range": self.W1_range, "W2_range": self.W2_range}

    def data_given(self):
        return ("X", "Y") if self._own_data else ()

    def show_status(self):
        """The status line: the run's state in words, after a note on a clamped steps box, if any."""
        run = self.run
        text = f"⚠ {run.message} Press Reset." if run.diverged else run.message
        self.status_line.value = self.with_note(text)

    @serialized
    def reset(self):
        """Back to the starting weights, with the chosen learning rate."""
        self.run = start_descent(*self.start, self.X, self.Y)
        self.update()
        self.view.render(full=self._fit_x())

    def reset_run(self):
        """As reset, keeping the message set on the run that is replaced."""
        message = self.run.message
        self.reset()
        self.run.message = message
        self.show_status()

    @serialized
    def _lr_changed(self, change):
        self.fresh_note()
        self.run.message = f"learning rate {fmt(change['new'])}, back at the start: press Step or Run"
        self.reset_run()

    @serialized
    def _steps_changed(self, change):
        self.fresh_note()
        self.run_button.description = f"Run {change['new']}"
        self.show_status()
        self.refresh_code()

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
        self.show_status()
        self.refresh_code()
        x, y = clamp_path(run.path, self.W1_range, self.W2_range)
        self.path_line.set_data(x, y)
        self.point.set_data(x[-1:], y[-1:])
        lo, hi = self._loss_ylim
        self.loss_line.set_data(np.arange(len(run.errors)), np.clip(run.errors, lo, hi))

    def readouts(self):
        """The numbers on display: lr, step, W1, W2, error (floats)."""
        return dict(self._values)

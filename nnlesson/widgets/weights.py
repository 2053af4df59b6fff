"""Lesson 1's weight explorer (and lesson 0's warm-up slider): views over `nnlesson.lessons.lesson1`.

The model is Y_pred = W1·X1 + W2·X2 with the mean squared error E; every number shown here is
computed by the plain functions of `lesson1` (error, gradient, advice, error_curve, ...), which
are tested without a browser. This module only builds the controls and the figure, and moves
the figure's artists when a slider moves:

- `WeightExplorer`: two sliders (W1, W2), readouts in words, the error against W1 with the
  tangent whose slope is ∂E/∂W1, and a contour map of E over (W1, W2) with a downhill arrow.
- `WarmUp`: lesson 0's practice control, one slider for the one-weight model Y_pred = W·X.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.patches import FancyArrowPatch

from .._validate import number, positive_number
from ..lessons.lesson1 import (W1_RANGE, W2_RANGE, check_weight_range, curve_limits, draw_error_map, lesson_data,
                               one_weight_readout, snap, weight_explorer_frame)
from ..plots import OKABE_ITO, fmt
from .base import Explorer, FigureView, GuardedFloatSlider, serialized


def two_panel_view(css_class, width_ratios, left, right):
    """The lessons 1–2 explorers' figure: a FigureView with two axes side by side.

    Returns (view, left_ax, right_ax).
    """
    view = FigureView(figsize=(10.5, 4.1), dpi=80, css_class=css_class)
    grid = view.figure.add_gridspec(1, 2, width_ratios=width_ratios, left=left, right=right, bottom=0.13,
                                    top=0.9, wspace=0.2)
    return view, view.figure.add_subplot(grid[0]), view.figure.add_subplot(grid[1])


def _signed(name, value):
    sign = "positive" if value > 0 else "negative" if value < 0 else "zero"
    return f"∂E/∂{name} = <b>{fmt(value)}</b> ({sign})"


class WeightExplorer(Explorer):
    """Drag W1 and W2; watch the error, its partial derivatives and the downhill direction.

    explorer = WeightExplorer()            # the lesson's data, W1 = −2, W2 = 2 to start
    explorer.W1_slider.value = 1.5         # what dragging does; then explorer.readouts()
    explorer.code()                        # 'WeightExplorer(W1=1.5)': this setup as a line of code

    Data arguments: X, Y (optional: the lesson's data when both are None). settings() gives
    W1, W2 (the sliders, on their step), W1_range, W2_range and step. A slider set to NaN keeps
    its value, one set past its range is clamped; the status line says so.
    """

    title = "Weight explorer: error and partial derivatives of Y_pred = W1·X1 + W2·X2"
    data_arguments = {"X": "X", "Y": "Y"}

    def __init__(self, X=None, Y=None, W1=-2.0, W2=2.0, W1_range=W1_RANGE, W2_range=W2_RANGE, step=0.1):
        self.X, self.Y = lesson_data(X, Y)
        self._own_data = X is not None
        self.W1_range = check_weight_range("W1_range", W1_range)
        self.W2_range = check_weight_range("W2_range", W2_range)
        self.step = step = positive_number("step", step)
        W1, W2 = number("W1", W1), number("W2", W2)
        for name, value, (lo, hi) in (("W1", W1, self.W1_range), ("W2", W2, self.W2_range)):
            if not lo <= value <= hi:
                raise ValueError(f"{name} must lie in its slider range {lo:g} to {hi:g}, got {value:g}")

        def slider(name, value, bounds):
            s = GuardedFloatSlider(value=value, min=bounds[0], max=bounds[1], step=step, description=name,
                                   continuous_update=True, readout=True, readout_format=".2f",
                                   layout=widgets.Layout(width="360px"))
            s.add_class(f"nnl-weights-{name}")
            return s

        self.W1_slider = slider("W1", W1, self.W1_range)
        self.W2_slider = slider("W2", W2, self.W2_range)
        self.error_html = self.status("nnl-weights-error")
        self.dW1_html = self.status("nnl-weights-dW1")
        self.dW2_html = self.status("nnl-weights-dW2")
        self.status_line = self.status("nnl-weights-status")
        self._values = {}
        self._build_figure()
        self.update()
        self.view.render(full=True)
        self.W1_slider.observe(self._changed, names="value")
        self.W2_slider.observe(self._changed, names="value")
        self.guard(self.W1_slider, self.W2_slider)
        readouts = widgets.VBox([self.error_html, self.dW1_html, self.dW2_html, self.status_line],
                                layout=widgets.Layout(margin="0 0 0 16px"))
        sliders = widgets.VBox([self.W1_slider, self.W2_slider, self.code_readout("weights")],
                               layout=widgets.Layout(flex="0 0 380px"))
        readouts.layout.flex = "1 1 auto"
        readouts.layout.min_width = "0"
        controls = widgets.HBox([sliders, readouts], layout=widgets.Layout(max_width="900px"))
        self.widget = widgets.VBox([controls, self.view.image])
        self.widget.add_class("nnl-weights")

    # the figure: drawn once; the moving artists are updated in place
    def _build_figure(self):
        view, self.ax_curve, self.ax_map = two_panel_view("nnl-weights-figure", [1.45, 1], left=0.07, right=0.99)
        self.view = view
        ax = self.ax_curve
        self._w1 = np.linspace(*self.W1_range, 161)
        ax.set_xlim(*self.W1_range)
        ax.set_ylim(*curve_limits(self.X, self.Y, self.W1_range, self.W2_range))
        ax.set_xlabel("W1")
        ax.set_ylabel("error E (MSE)")
        blue, orange = OKABE_ITO["blue"], OKABE_ITO["vermillion"]
        (self.curve,) = ax.plot(self._w1, np.zeros_like(self._w1), color=blue, lw=2)
        (self.tangent,) = ax.plot(self._w1, np.zeros_like(self._w1), color=orange, lw=1.6, ls="--")
        (self.point,) = ax.plot([0], [0], "o", color=orange, ms=9, mec="black", mew=0.8)
        # The slope readout sits above the plot (where no curve can cross it): a static label, drawn
        # once, and just after it the number, the only text redrawn on every change.
        label = ax.text(0.0, 1.03, "Error as W1 changes (W2 held).  Slope of the tangent = ∂E/∂W1 =",
                        transform=ax.transAxes, fontsize=11)
        end = label.get_window_extent(view.canvas.get_renderer()).x1
        x_number = ax.transAxes.inverted().transform((end, 0))[0] + 0.01
        self.slope_text = ax.text(x_number, 1.03, "", transform=ax.transAxes, fontsize=11, fontweight="bold",
                                  color=orange)
        ax = self.ax_map
        draw_error_map(ax, self.X, self.Y, self.W1_range, self.W2_range)
        ax.set_title("Error map: the arrow points downhill")
        (self.slice_line,) = ax.plot(self.W1_range, [0, 0], color=blue, lw=1.2, ls=":")
        (self.map_point,) = ax.plot([0], [0], "o", color=orange, ms=9, mec="black", mew=0.8)
        self.arrow = FancyArrowPatch((0, 0), (1, 0), arrowstyle="-|>", mutation_scale=18, lw=2.2,
                                     color=OKABE_ITO["vermillion"], shrinkA=0, shrinkB=0)
        ax.add_patch(self.arrow)
        view.animate(self.curve, self.tangent, self.point, self.slope_text, self.slice_line, self.map_point,
                     self.arrow)

    @serialized
    def _changed(self, change):
        self.fresh_note()
        self.update()
        self.view.render()

    def show_status(self):
        """The status line: a note on a refused or clamped slider value, if any."""
        self.status_line.value = self.with_note()

    @serialized
    def update(self):
        """Recompute the readouts for the sliders' values and move the artists (no render)."""
        W1, W2 = self._shown_weights()
        r = weight_explorer_frame(W1, W2, self.X, self.Y, self._w1, self.W1_range)   # the data checked once
        self._values = {k: r[k] for k in ("W1", "W2", "error", "dE_dW1", "dE_dW2")}
        self.error_html.value = f"Error E (mean squared error) = <b>{fmt(r['error'])}</b>"
        self.dW1_html.value = f"{_signed('W1', r['dE_dW1'])}: {r['advice_W1'].split(': ', 1)[1]}"
        self.dW2_html.value = f"{_signed('W2', r['dE_dW2'])}: {r['advice_W2'].split(': ', 1)[1]}"
        self.curve.set_ydata(r["curve"])
        self.tangent.set_ydata(r["tangent"])
        self.point.set_data([W1], [r["error"]])
        self.slope_text.set_text(fmt(r["dE_dW1"]))
        self.slice_line.set_ydata([W2, W2])
        self.map_point.set_data([W1], [W2])
        arrow = r["arrow"]  # None where the error is flat
        self.arrow.set_visible(arrow is not None)
        if arrow is not None:
            self.arrow.set_positions(*arrow)
        self.show_status()
        self.refresh_code()

    def readouts(self):
        """The numbers on display: W1, W2, error, dE_dW1, dE_dW2 (floats)."""
        return dict(self._values)

    def settings(self):
        """W1, W2 (as shown: on the sliders' step, within their ranges), W1_range, W2_range, step.
        WeightExplorer(X=X, Y=Y, **settings) rebuilds it (X, Y only if it was given data)."""
        W1, W2 = self._shown_weights()
        return {"W1": W1, "W2": W2, "W1_range": self.W1_range, "W2_range": self.W2_range, "step": self.step}

    def data_given(self):
        return ("X", "Y") if self._own_data else ()

    def _shown_weights(self):
        """The sliders' values on their step (keyboard steps add float noise), kept within the ranges."""
        return tuple(float(np.clip(snap(s.value, s.step), s.min, s.max)) for s in (self.W1_slider, self.W2_slider))


class WarmUp(Explorer):
    """Lesson 0's practice control: one slider (W) and a readout, to try mouse and keyboard.

    No data arguments: settings() gives W (the slider, on its step of 0.5), X and Y (the one row),
    so WarmUp(**settings) rebuilds it. W must lie in the slider's range −3 to 3.
    """

    title = "Warm-up: one weight W, one row (X = 3, Y = 6)"
    W_RANGE = (-3.0, 3.0)

    def __init__(self, W=0.5, X=3.0, Y=6.0):
        self.X, self.Y = number("X", X), number("Y", Y)
        W = number("W", W, *self.W_RANGE)
        self.title = f"Warm-up: one weight W, one row (X = {fmt(self.X)}, Y = {fmt(self.Y)})"
        self.W_slider = GuardedFloatSlider(value=W, min=self.W_RANGE[0], max=self.W_RANGE[1], step=0.5,
                                           description="W", continuous_update=True, readout_format=".1f",
                                           layout=widgets.Layout(width="360px"))
        self.W_slider.add_class("nnl-warmup-W")
        self.readout = self.status("nnl-warmup-readout")
        self.status_line = self.status("nnl-warmup-status")
        self.W_slider.observe(self._changed, names="value")
        self.guard(self.W_slider)
        code = self.code_readout("warmup")
        self.update()
        self.widget = widgets.VBox([self.W_slider, self.readout, self.status_line, code])
        self.widget.add_class("nnl-warmup")

    @serialized
    def _changed(self, change):
        self.fresh_note()
        self.update()

    def show_status(self):
        """The status line: a note on a refused or clamped slider value, if any."""
        self.status_line.value = self.with_note()

    def settings(self):
        """W (as shown, on the slider's step), X and Y: WarmUp(**settings) rebuilds it."""
        return {"W": self._shown_W(), "X": self.X, "Y": self.Y}

    def _shown_W(self):
        return float(np.clip(snap(self.W_slider.value, self.W_slider.step), *self.W_RANGE))

    @serialized
    def update(self):
        W = self._shown_W()
        Y_pred, miss = one_weight_readout(W, self.X, self.Y)
        self._values = {"W": W, "Y_pred": Y_pred, "miss": miss}
        verdict = "exact!" if miss == 0 else "too high" if miss > 0 else "too low"
        self.readout.value = (f"Y_pred = W · X = {fmt(W)} · {fmt(self.X)} = <b>{fmt(Y_pred)}</b>; "
                              f"the true Y is {fmt(self.Y)}, so the miss Y_pred − Y = <b>{fmt(miss)}</b> ({verdict})")
        self.show_status()
        self.refresh_code()

    def readouts(self):
        """The numbers on display: W, Y_pred, miss (floats)."""
        return dict(self._values)

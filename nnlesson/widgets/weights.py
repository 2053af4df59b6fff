"""Lesson 1's weight explorer: the error of Y_pred = W1·X1 + W2·X2 and its partial derivatives.

The simplest model with two weights and no bias:

    Y_pred = W1·X1 + W2·X2
    E      = (1/N) Σ (Y_pred − Y)²                      the mean squared error (nl.mse)
    ∂E/∂W1 = (2/N) Σ (Y_pred − Y)·X1                    the partial derivative of the error
    ∂E/∂W2 = (2/N) Σ (Y_pred − Y)·X2                    with respect to W1 (and to W2)

The plain functions come first and are tested without a browser; `WeightExplorer` at the end
is a thin view over them: two sliders, readouts in words, and a figure with the error against
W1 (plus the tangent whose slope is ∂E/∂W1) and a contour map of E over (W1, W2).
"""

from __future__ import annotations

import numbers

import ipywidgets as widgets
import numpy as np
from matplotlib.patches import FancyArrowPatch
from matplotlib.ticker import MaxNLocator

from .._validate import as_array, positive_number, seed_value
from ..losses import mse, mse_gradient
from ..plots import OKABE_ITO, fmt
from .base import Explorer, FigureView, serialized

# The weights that made the synthetic data, and the range the explorers' sliders cover.
TRUE_W1, TRUE_W2 = 2.0, -1.0
W1_RANGE = (-4.0, 4.0)
W2_RANGE = (-4.0, 4.0)
# |∂E/∂W| below this is reported as "almost zero" (the sliders move in steps of 0.1).
FLAT = 0.05


# -- checks -------------------------------------------------------------------------------
def _number(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r} of type {type(value).__name__}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return value


def check_data(X, Y):
    """Return (X, Y) as float arrays of shapes (N, 2) and (N,), or raise a clear error."""
    X = as_array("X", X, ndim=2)
    if X.shape[1] != 2:
        raise ValueError(f"X must have 2 columns (X1 and X2), got shape {X.shape}")
    Y = as_array("Y", Y, ndim=(1, 2))
    if Y.ndim == 2:
        if Y.shape[1] != 1:
            raise ValueError(f"Y must hold one target per row, shape (N,) or (N, 1), got shape {Y.shape}")
        Y = Y[:, 0]
    if len(Y) != len(X):
        raise ValueError(f"X and Y must have the same number of rows, got X of shape {X.shape} "
                         f"and Y of shape {Y.shape}")
    return X, Y


def _range(name, value):
    try:
        lo, hi = (float(v) for v in value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a pair (low, high) of numbers, got {value!r}") from None
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ValueError(f"{name} must be a pair (low, high) with low < high, got {value!r}")
    return lo, hi


# -- the data -----------------------------------------------------------------------------
def two_weight_data(n=20, W1=TRUE_W1, W2=TRUE_W2, noise=0.3, seed=1):
    """A small synthetic dataset for Y = W1·X1 + W2·X2, plus a little noise.

    X1 is drawn from a standard normal distribution; X2 is partly correlated with X1
    (X2 = 0.6·X1 + 0.8·noise), so the error's valley over (W1, W2) is a tilted ellipse.
    Values are rounded to 2 decimals so a learner can read them. Returns X of shape (n, 2)
    and Y of shape (n,).
    """
    n = positive_number("n", n, integer=True)
    W1, W2 = _number("W1", W1), _number("W2", W2)
    if isinstance(noise, bool) or not isinstance(noise, numbers.Real) or not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a number ≥ 0, got {noise!r}")
    seed = seed_value("seed", seed)
    rng = np.random.default_rng(seed)
    X1 = rng.normal(0.0, 1.0, n)
    X2 = 0.6 * X1 + 0.8 * rng.normal(0.0, 1.0, n)
    X = np.round(np.column_stack([X1, X2]), 2)
    Y = np.round(W1 * X[:, 0] + W2 * X[:, 1] + rng.normal(0.0, float(noise), n), 2)
    return X, Y


# -- the model, its error and the error's partial derivatives ------------------------------
def predict(W1, W2, X):
    """Y_pred = W1·X1 + W2·X2 for every row of X (shape (N, 2)); returns shape (N,)."""
    W1, W2 = _number("W1", W1), _number("W2", W2)
    X = as_array("X", X, ndim=2)
    if X.shape[1] != 2:
        raise ValueError(f"X must have 2 columns (X1 and X2), got shape {X.shape}")
    return W1 * X[:, 0] + W2 * X[:, 1]


def error(W1, W2, X, Y):
    """The mean squared error E = (1/N) Σ (W1·X1 + W2·X2 − Y)², computed with nl.mse."""
    X, Y = check_data(X, Y)
    return mse(predict(W1, W2, X), Y)


def gradient(W1, W2, X, Y):
    """(∂E/∂W1, ∂E/∂W2): the partial derivatives of the error with respect to each weight.

    Chain rule: ∂E/∂W1 = Σ_rows ∂E/∂Y_pred · ∂Y_pred/∂W1, with ∂E/∂Y_pred = 2·(Y_pred − Y)/N
    (nl.mse_gradient) and ∂Y_pred/∂W1 = X1. The same with X2 for W2.
    """
    X, Y = check_data(X, Y)
    dE_dY_pred = mse_gradient(predict(W1, W2, X), Y)[:, 0]
    return float(np.sum(dE_dY_pred * X[:, 0])), float(np.sum(dE_dY_pred * X[:, 1]))


def lowest_error(X, Y):
    """The best weights (W1, W2) and the smallest error they reach (least squares)."""
    X, Y = check_data(X, Y)
    W, *_ = np.linalg.lstsq(X, Y, rcond=None)
    return float(W[0]), float(W[1]), error(W[0], W[1], X, Y)


def advice(name, derivative):
    """The sign rule in words for one weight, e.g. '∂E/∂W1 is positive: decrease W1 to lower the error'."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a weight's name such as 'W1', got {name!r}")
    derivative = _number("derivative", derivative)
    if abs(derivative) < FLAT:
        return f"∂E/∂{name} is almost zero: {name} is near its best value (with the other weight as it is)"
    if derivative > 0:
        return f"∂E/∂{name} is positive: decrease {name} to lower the error"
    return f"∂E/∂{name} is negative: increase {name} to lower the error"


def weight_readouts(W1, W2, X, Y):
    """Everything the explorer shows for one setting of the weights, as a dict."""
    W1, W2 = _number("W1", W1), _number("W2", W2)
    dE_dW1, dE_dW2 = gradient(W1, W2, X, Y)
    return {"W1": W1, "W2": W2, "error": error(W1, W2, X, Y), "dE_dW1": dE_dW1, "dE_dW2": dE_dW2,
            "advice_W1": advice("W1", dE_dW1), "advice_W2": advice("W2", dE_dW2)}


# -- what the figure draws -----------------------------------------------------------------
def error_curve(W1_values, W2, X, Y):
    """E at each W1 in `W1_values` with W2 held fixed: the slice of the error along W1."""
    W1_values = as_array("W1_values", W1_values, ndim=1)
    W2 = _number("W2", W2)
    X, Y = check_data(X, Y)
    Y_pred = W1_values[:, None] * X[:, 0] + W2 * X[:, 1]          # one row per W1 value
    return np.mean((Y_pred - Y) ** 2, axis=1)


def tangent_line(W1, W2, X, Y, W1_values):
    """The tangent to the error curve at W1: E(W1) + ∂E/∂W1 · (w − W1) at each w in W1_values."""
    W1 = _number("W1", W1)
    W1_values = as_array("W1_values", W1_values, ndim=1)
    slope, _ = gradient(W1, W2, X, Y)
    return error(W1, W2, X, Y) + slope * (W1_values - W1)


def error_grid(W1_values, W2_values, X, Y):
    """E over a grid: entry [i, j] is the error at W1 = W1_values[j], W2 = W2_values[i] (for contour)."""
    W1_values = as_array("W1_values", W1_values, ndim=1)
    W2_values = as_array("W2_values", W2_values, ndim=1)
    X, Y = check_data(X, Y)
    # E is a quadratic in (W1, W2): expand the square once instead of predicting at every point.
    a, b, c = np.mean(X[:, 0] ** 2), np.mean(X[:, 1] ** 2), np.mean(X[:, 0] * X[:, 1])
    d, e, f = np.mean(X[:, 0] * Y), np.mean(X[:, 1] * Y), np.mean(Y ** 2)
    A, B = np.meshgrid(W1_values, W2_values)
    return a * A ** 2 + b * B ** 2 + 2 * c * A * B - 2 * d * A - 2 * e * B + f


def curve_limits(X, Y, W1_range=W1_RANGE, W2_range=W2_RANGE):
    """Fixed y-limits for the error-vs-W1 plot that hold for every slider position.

    E is a convex bowl, so over a rectangle of weights its largest value is at a corner.
    """
    (lo1, hi1), (lo2, hi2) = _range("W1_range", W1_range), _range("W2_range", W2_range)
    top = max(error(w1, w2, X, Y) for w1 in (lo1, hi1) for w2 in (lo2, hi2))
    return -0.03 * top, 1.05 * top


def downhill_arrow(W1, W2, X, Y, length=1.0):
    """Start and end of an arrow of the given length pointing along −gradient (steepest descent).

    Returns None where the gradient is almost zero (no downhill direction to show).
    """
    W1, W2 = _number("W1", W1), _number("W2", W2)
    length = positive_number("length", length)
    g = np.array(gradient(W1, W2, X, Y))
    norm = float(np.hypot(*g))
    if norm < 1e-9:
        return None
    end = np.array([W1, W2]) - length * g / norm
    return (W1, W2), (float(end[0]), float(end[1]))


def contour_levels(grid, n=12):
    """Contour levels packed near the bottom of the bowl (the error grows like a square)."""
    grid = as_array("grid", grid, ndim=2)
    lo, hi = float(grid.min()), float(grid.max())
    return lo + (hi - lo) * np.linspace(0.0, 1.0, n + 1)[1:] ** 2


def draw_error_map(ax, X, Y, W1_range=W1_RANGE, W2_range=W2_RANGE, n=121, label=True):
    """Draw the contour map of E over (W1, W2) on a matplotlib Axes (static background).

    A ★ marks the lowest error; `label=False` leaves out the contour values and the ★'s caption
    (for small maps).
    """
    (lo1, hi1), (lo2, hi2) = _range("W1_range", W1_range), _range("W2_range", W2_range)
    w1 = np.linspace(lo1, hi1, n)
    w2 = np.linspace(lo2, hi2, n)
    grid = error_grid(w1, w2, X, Y)
    levels = contour_levels(grid)
    ax.contourf(w1, w2, grid, levels=np.concatenate([[grid.min()], levels]), cmap="viridis_r", alpha=0.35)
    lines = ax.contour(w1, w2, grid, levels=levels, colors="0.35", linewidths=0.8)
    if label:
        ax.clabel(lines, levels=levels[2::3], fmt=lambda v: fmt(v, 2), fontsize=9)
    best1, best2, _ = lowest_error(X, Y)
    ax.plot([best1], [best2], marker="*", ms=13, color=OKABE_ITO["yellow"], mec="black", mew=0.8, zorder=3)
    if label:
        ax.annotate("lowest error", (best1, best2), xytext=(0, -11), textcoords="offset points", fontsize=10,
                    ha="center", va="top")
    ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(5, integer=True))
    ax.set_xlim(lo1, hi1)
    ax.set_ylim(lo2, hi2)
    ax.set_aspect("equal", adjustable="box")  # so the downhill arrow looks square to the contour lines
    ax.set_xlabel("W1")
    ax.set_ylabel("W2")
    return grid


# -- the widget ----------------------------------------------------------------------------
def snap(value, step):
    """A slider value rounded to its step: keyboard steps in the browser add float noise
    (3 × 0.1 gives 0.30000000000000004), which must not reach the readouts."""
    return round(round(float(value) / step) * step, 10)


def _signed(name, value):
    sign = "positive" if value > 0 else "negative" if value < 0 else "zero"
    return f"∂E/∂{name} = <b>{fmt(value)}</b> ({sign})"


class WeightExplorer(Explorer):
    """Drag W1 and W2; watch the error, its partial derivatives and the downhill direction.

    explorer = WeightExplorer()            # the lesson's data, W1 = −2, W2 = 2 to start
    explorer.W1_slider.value = 1.5         # what dragging does; then explorer.readouts()
    """

    title = "Weight explorer: error and partial derivatives of Y_pred = W1·X1 + W2·X2"

    def __init__(self, X=None, Y=None, W1=-2.0, W2=2.0, W1_range=W1_RANGE, W2_range=W2_RANGE, step=0.1):
        if (X is None) != (Y is None):
            raise ValueError("give both X and Y, or neither (then the lesson's data is used)")
        if X is None:
            X, Y = two_weight_data()
        self.X, self.Y = check_data(X, Y)
        self.W1_range, self.W2_range = _range("W1_range", W1_range), _range("W2_range", W2_range)
        step = positive_number("step", step)
        W1, W2 = _number("W1", W1), _number("W2", W2)
        for name, value, (lo, hi) in (("W1", W1, self.W1_range), ("W2", W2, self.W2_range)):
            if not lo <= value <= hi:
                raise ValueError(f"{name} must lie in its slider range {lo:g} to {hi:g}, got {value:g}")

        def slider(name, value, bounds):
            s = widgets.FloatSlider(value=value, min=bounds[0], max=bounds[1], step=step, description=name,
                                    continuous_update=True, readout=True, readout_format=".2f",
                                    layout=widgets.Layout(width="360px"))
            s.add_class(f"nnl-weights-{name}")
            return s

        self.W1_slider = slider("W1", W1, self.W1_range)
        self.W2_slider = slider("W2", W2, self.W2_range)
        self.error_html = self.status("nnl-weights-error")
        self.dW1_html = self.status("nnl-weights-dW1")
        self.dW2_html = self.status("nnl-weights-dW2")
        self._values = {}
        self._build_figure()
        self.update()
        self.view.render(full=True)
        self.W1_slider.observe(self._changed, names="value")
        self.W2_slider.observe(self._changed, names="value")
        readouts = widgets.VBox([self.error_html, self.dW1_html, self.dW2_html],
                                layout=widgets.Layout(margin="0 0 0 16px"))
        sliders = widgets.VBox([self.W1_slider, self.W2_slider], layout=widgets.Layout(flex="0 0 380px"))
        readouts.layout.flex = "1 1 auto"
        readouts.layout.min_width = "0"
        controls = widgets.HBox([sliders, readouts], layout=widgets.Layout(max_width="900px"))
        self.widget = widgets.VBox([controls, self.view.image])
        self.widget.add_class("nnl-weights")

    # the figure: drawn once; the moving artists are updated in place
    def _build_figure(self):
        view = self.view = FigureView(figsize=(10.5, 4.1), dpi=80, css_class="nnl-weights-figure")
        fig = view.figure
        grid = fig.add_gridspec(1, 2, width_ratios=[1.45, 1], left=0.07, right=0.99, bottom=0.13, top=0.9,
                                wspace=0.2)
        self.ax_curve, self.ax_map = fig.add_subplot(grid[0]), fig.add_subplot(grid[1])
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
        self.update()
        self.view.render()

    @serialized
    def update(self):
        """Recompute the readouts for the sliders' values and move the artists (no render)."""
        W1, W2 = snap(self.W1_slider.value, self.W1_slider.step), snap(self.W2_slider.value, self.W2_slider.step)
        r = weight_readouts(W1, W2, self.X, self.Y)
        self._values = {k: r[k] for k in ("W1", "W2", "error", "dE_dW1", "dE_dW2")}
        self.error_html.value = f"Error E (mean squared error) = <b>{fmt(r['error'])}</b>"
        self.dW1_html.value = f"{_signed('W1', r['dE_dW1'])}: {r['advice_W1'].split(': ', 1)[1]}"
        self.dW2_html.value = f"{_signed('W2', r['dE_dW2'])}: {r['advice_W2'].split(': ', 1)[1]}"
        self.curve.set_ydata(error_curve(self._w1, W2, self.X, self.Y))
        self.tangent.set_ydata(tangent_line(W1, W2, self.X, self.Y, self._w1))
        self.point.set_data([W1], [r["error"]])
        self.slope_text.set_text(fmt(r["dE_dW1"]))
        self.slice_line.set_ydata([W2, W2])
        self.map_point.set_data([W1], [W2])
        # the arrow grows with the steepness (0.5 to 15% of the map wide); hidden where it is flat
        steepness = float(np.hypot(r["dE_dW1"], r["dE_dW2"]))
        longest = 0.15 * (self.W1_range[1] - self.W1_range[0])
        arrow = None
        if steepness >= FLAT:
            arrow = downhill_arrow(W1, W2, self.X, self.Y, length=min(longest, max(0.5, 0.4 * steepness)))
        self.arrow.set_visible(arrow is not None)
        if arrow is not None:
            self.arrow.set_positions(*arrow)

    def readouts(self):
        """The numbers on display: W1, W2, error, dE_dW1, dE_dW2 (floats)."""
        return dict(self._values)


# -- lesson 0's warm-up: one weight, one row ---------------------------------------------------
def one_weight_readout(W, X=3.0, Y=6.0):
    """For the one-weight model Y_pred = W·X on a single row: (Y_pred, miss = Y_pred − Y)."""
    W, X, Y = _number("W", W), _number("X", X), _number("Y", Y)
    Y_pred = W * X
    return Y_pred, Y_pred - Y


class WarmUp(Explorer):
    """Lesson 0's practice control: one slider (W) and a readout, to try mouse and keyboard."""

    title = "Warm-up: one weight W, one row (X = 3, Y = 6)"

    def __init__(self, W=0.5, X=3.0, Y=6.0):
        self.X, self.Y = _number("X", X), _number("Y", Y)
        self.title = f"Warm-up: one weight W, one row (X = {fmt(self.X)}, Y = {fmt(self.Y)})"
        self.W_slider = widgets.FloatSlider(value=_number("W", W), min=-3.0, max=3.0, step=0.5, description="W",
                                            continuous_update=True, readout_format=".1f",
                                            layout=widgets.Layout(width="360px"))
        self.W_slider.add_class("nnl-warmup-W")
        self.readout = self.status("nnl-warmup-readout")
        self.W_slider.observe(lambda change: self.update(), names="value")
        self.update()
        self.widget = widgets.VBox([self.W_slider, self.readout])
        self.widget.add_class("nnl-warmup")

    @serialized
    def update(self):
        W = snap(self.W_slider.value, self.W_slider.step)
        Y_pred, miss = one_weight_readout(W, self.X, self.Y)
        self._values = {"W": W, "Y_pred": Y_pred, "miss": miss}
        verdict = "exact!" if miss == 0 else "too high" if miss > 0 else "too low"
        self.readout.value = (f"Y_pred = W · X = {fmt(W)} · {fmt(self.X)} = <b>{fmt(Y_pred)}</b>; "
                              f"the true Y is {fmt(self.Y)}, so the miss Y_pred − Y = <b>{fmt(miss)}</b> ({verdict})")

    def readouts(self):
        """The numbers on display: W, Y_pred, miss (floats)."""
        return dict(self._values)

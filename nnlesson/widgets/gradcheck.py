"""Lesson 3's numerical check, live: nudge one weight by ε and watch the error (a view over
`nnlesson.lessons.lesson3_gradcheck`).

    numerical slope = (E(w + ε) − E(w − ε)) / (2ε)      against      ∂E/∂w from backpropagation

`GradCheckExplorer` holds a menu of the network's weights (named as lesson 3 names them), a slider
for the nudge ε on a log scale (1e-12 to 1), readouts (E(w ± ε), both slopes, their relative
difference in words) and a figure: on the left E against the chosen weight near its value, with
the tangent of slope ∂E/∂w (backpropagation) and the secant through w ± ε; on the right the relative
difference against ε on log–log axes (the V: rounding error for a tiny ε, truncation error for a
large one) with a dot at the current ε. Every number comes from the companion's plain functions.
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np
from traitlets import validate

from .._validate import check_network
from ..lessons.lesson3_gradcheck import (EPS_DEFAULT, EPS_RANGE, SMALLEST_SHOWN, check_eps, difference_curve,
                                         errors_at, gradcheck_readouts, parameter_index, parameter_names,
                                         secant_line, tangent_and_secant, weight_value)
from ..plots import OKABE_ITO, fmt
from .base import Explorer, FigureView, Guarded, serialized

WINDOW = 1.25          # the left panel shows the weight from w − 1.25 to w + 1.25 (ε is at most 1)
EPS_STEP = 0.5         # the slider moves ε by a factor √10 per key press
DEFAULT_WEIGHT = "w(X3→h2)"   # a hidden weight: its V has both arms (lesson 3's exercise 3 weight)
DIGITS = 12            # significant digits of the errors and slopes on screen: enough to see them differ


class GuardedLogSlider(Guarded, widgets.FloatLogSlider):
    """A FloatLogSlider (its ends are powers of `base`) that refuses NaN and says when it clamps."""

    @validate("value")
    def _validate_value(self, proposal):
        value = proposal["value"]
        name = self.description or "the value"
        low, high = self.base ** self.min, self.base ** self.max
        current = self.value
        if isinstance(value, float) and math.isnan(value):
            self._tell(f"{name} cannot be NaN (not a number): it stays at {fmt(current)}.", False)
            return current
        if value < low or value > high:
            clamped = min(max(value, low), high)
            self._tell(f"{name} = {fmt(value)} is outside its range {fmt(low)} to {fmt(high)}: set to {fmt(clamped)}.",
                       clamped != current)
            return clamped
        return value


def _number(x):
    return fmt(x, DIGITS)


class GradCheckExplorer(Explorer):
    """Pick a weight and a nudge ε; compare the numerical slope with backpropagation's ∂E/∂w.

    explorer = GradCheckExplorer(net, X, Y)            # lesson 3's network and its four penguins
    explorer.eps_slider.value = 1e-1; explorer.readouts()["relative"]
    explorer.weight_menu.value = "w(h2→Y_pred)"
    explorer.code()                                    # 'GradCheckExplorer(net, X, Y, eps=0.1)'

    Data arguments: net, X, Y (the explorer nudges its own copy: net is left as it is). settings()
    gives weight (a name from the menu) and eps (the slider). A slider set to NaN keeps its value,
    one set past 1e-12 or 1 is clamped; the status line says so.
    """

    title = "Gradient check: nudge one weight by ε, compare the numerical slope with backpropagation"
    data_arguments = {"net": "net", "X": "X", "Y": "Y"}

    def __init__(self, net, X, Y, weight=DEFAULT_WEIGHT, eps=EPS_DEFAULT):
        check_network(net)
        self.X, self.Y = net.check_data(X, Y, "mse")
        self.net = net.copy()
        self.names = parameter_names(self.net)
        if isinstance(weight, str) and weight == DEFAULT_WEIGHT and weight not in self.names:
            weight = self.names[0]                      # the default, on a network without X3 or h2
        parameter_index(self.net, weight)               # a name of one of its weights, or a clear error
        eps = check_eps(eps)
        self.weight_menu = widgets.Dropdown(options=self.names, value=weight, description="weight",
                                            layout=widgets.Layout(width="260px"))
        self.weight_menu.add_class("nnl-gradcheck-weight")
        low, high = (round(math.log10(e)) for e in EPS_RANGE)
        self.eps_slider = GuardedLogSlider(value=eps, base=10, min=low, max=high, step=EPS_STEP, description="ε",
                                           readout_format=".1e", continuous_update=True,
                                           layout=widgets.Layout(width="420px"))
        self.eps_slider.add_class("nnl-gradcheck-eps")
        self.nudged_html = self.status("nnl-gradcheck-nudged")
        self.numerical_html = self.status("nnl-gradcheck-numerical")
        self.backprop_html = self.status("nnl-gradcheck-backprop")
        self.agreement_html = self.status("nnl-gradcheck-agreement")
        self.status_line = self.status("nnl-gradcheck-status")
        self._values = {}
        self._build_figure()
        self._weight_changed(None)
        self.weight_menu.observe(self._weight_changed, names="value")
        self.eps_slider.observe(self._eps_changed, names="value")
        self.guard(self.eps_slider)
        controls = widgets.HBox([self.weight_menu, self.eps_slider], layout=widgets.Layout(max_width="900px"))
        readouts = widgets.VBox([self.nudged_html, self.numerical_html, self.backprop_html, self.agreement_html,
                                 self.status_line], layout=widgets.Layout(margin="0 0 0 8px"))
        self.widget = widgets.VBox([controls, readouts, self.view.image, self.code_readout("gradcheck")])
        self.widget.add_class("nnl-gradcheck")

    # -- the figure: built once; the lines move in place ----------------------------------------
    def _build_figure(self):
        view = FigureView(figsize=(10.5, 4.0), dpi=80, css_class="nnl-gradcheck-figure")
        grid = view.figure.add_gridspec(1, 2, width_ratios=[1.15, 1], left=0.075, right=0.985, bottom=0.13,
                                        top=0.88, wspace=0.28)
        self.view = view
        self.ax_error = ax = view.figure.add_subplot(grid[0])
        blue, orange, green = OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["green"]
        self._offsets = np.linspace(-WINDOW, WINDOW, 161)
        (self.curve,) = ax.plot(self._offsets, np.zeros_like(self._offsets), color=blue, lw=2, label="error E")
        (self.tangent,) = ax.plot([], [], color=green, lw=1.6, label="tangent: slope ∂E/∂w (backprop)")
        (self.secant,) = ax.plot([], [], color=orange, lw=1.4, ls="--", label="secant through w ± ε")
        (self.nudges,) = ax.plot([], [], "o", color=orange, ms=7, mec="black", mew=0.6)
        (self.point,) = ax.plot([], [], "o", color=blue, ms=6, mec="black", mew=0.6)
        ax.set_ylabel("error E (MSE)")
        ax.legend(loc="upper center", fontsize=10, frameon=False, ncol=1, handlelength=1.8)
        self.ax_v = ax = view.figure.add_subplot(grid[1])
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(EPS_RANGE[0] / 2, EPS_RANGE[1] * 2)
        ax.set_ylim(SMALLEST_SHOWN / 3, 3)
        ax.set_xlabel("nudge ε")
        ax.set_ylabel("relative difference")
        ax.set_title("Numerical against backprop, for each ε", fontsize=11)
        (self.v_curve,) = ax.plot([], [], "-", color=blue, lw=1.6)
        (self.v_dot,) = ax.plot([], [], "o", color=orange, ms=9, mec="black", mew=0.8)
        self.rounding_label = ax.text(0.03, 0.04, "← rounding\n    error wins", transform=ax.transAxes, fontsize=10,
                                      va="bottom", color="0.25")
        self.truncation_label = ax.text(0.97, 0.04, "truncation →\nerror wins", transform=ax.transAxes,
                                        fontsize=10, va="bottom", ha="right", color="0.25")
        view.animate(self.secant, self.nudges, self.v_dot)

    def _draw_weight(self):
        """The parts that change with the weight only: the error curve, the tangent, the V, the axes."""
        name = self.weight_menu.value
        w = weight_value(self.net, name)
        at = w + self._offsets
        E = errors_at(self.net, self.X, self.Y, name, at)
        self.curve.set_data(at, E)
        tangent, _ = tangent_and_secant(self.net, self.X, self.Y, name, EPS_DEFAULT, at)
        self.tangent.set_data(at, tangent)
        self.point.set_data([w], [float(errors_at(self.net, self.X, self.Y, name, [w])[0])])
        self.ax_error.set_xlim(at[0], at[-1])
        low, high = float(E.min()), float(E.max())
        pad = 0.12 * max(high - low, 1e-6)
        self.ax_error.set_ylim(low - pad, high + 2.2 * pad + 0.35 * (high - low))   # room for the legend
        self.ax_error.set_xlabel(f"{name}   (now {fmt(w)})")
        self.ax_error.set_title(f"E as {name} moves, the others held", fontsize=11)
        eps_values, relative = difference_curve(self.net, self.X, self.Y, name)
        self._v = (eps_values, np.maximum(relative, SMALLEST_SHOWN))
        self.v_curve.set_data(*self._v)
        self.truncation_label.set_visible(bool(relative[-1] > 1e-6))

    @serialized
    def _weight_changed(self, _change):
        self.fresh_note()
        self._draw_weight()
        self.update()
        self.view.render(full=True)

    @serialized
    def _eps_changed(self, _change):
        self.fresh_note()
        self.update()
        self.view.render()

    def show_status(self):
        """The status line: a note on a refused or clamped slider value, if any."""
        self.status_line.value = self.with_note()

    @serialized
    def update(self):
        """Recompute the readouts for the menu's weight and the slider's ε; move the secant and the dots."""
        name, eps = self.weight_menu.value, self._shown_eps()
        r = gradcheck_readouts(self.net, self.X, self.Y, name, eps)
        self._values = {k: r[k] for k in ("w", "eps", "E_plus", "E_minus", "numerical", "backprop", "relative")}
        self.nudged_html.value = (f"{name} = {fmt(r['w'])}, ε = {fmt(eps, 2)}: &nbsp; E(w + ε) = "
                                  f"<b>{_number(r['E_plus'])}</b>, &nbsp; E(w − ε) = <b>{_number(r['E_minus'])}</b>")
        self.numerical_html.value = ("Numerical slope (E(w + ε) − E(w − ε)) / (2ε) = "
                                     f"<b>{_number(r['numerical'])}</b>")
        self.backprop_html.value = f"Backpropagation's ∂E/∂w = <b>{_number(r['backprop'])}</b>"
        self.agreement_html.value = (f"Relative difference <b>{fmt(r['relative'], 2)}</b>: {r['words']}")
        at = r["w"] + self._offsets
        self.secant.set_data(at, secant_line(r, at))
        self.nudges.set_data([r["w"] - eps, r["w"] + eps], [r["E_minus"], r["E_plus"]])
        self.v_dot.set_data([eps], [max(r["relative"], SMALLEST_SHOWN)])
        self.show_status()
        self.refresh_code()

    def _shown_eps(self):
        """The slider's ε, within its range, without the float noise of keyboard steps (1e-5, not 1.0000000000000003e-5)."""
        exponent = round(math.log10(self.eps_slider.value) / EPS_STEP) * EPS_STEP
        eps = 10.0 ** exponent
        if not math.isclose(eps, self.eps_slider.value, rel_tol=1e-9):
            eps = self.eps_slider.value
        return check_eps(min(max(eps, EPS_RANGE[0]), EPS_RANGE[1]))

    def readouts(self):
        """The numbers on display: w, eps, E_plus, E_minus, numerical, backprop, relative (floats)."""
        return dict(self._values)

    def settings(self):
        """weight (the menu) and eps (the slider): GradCheckExplorer(net, X, Y, **settings) rebuilds it."""
        return {"weight": self.weight_menu.value, "eps": self._shown_eps()}

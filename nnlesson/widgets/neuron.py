"""One-neuron saturation explorer (lesson 5, section 7): a view over lesson5_saturation.race.

One input x, a sigmoid output P = σ(w·x + b) and one target y. The learner picks the starting
w and b (or a preset: confidently wrong, unsure, confidently right) and sees the same neuron
trained from that start with squared error and with binary cross-entropy, side by side: P over
the steps on the left, |∂E/∂z| over the steps on the right (log scale), and as readouts the first
∂E/∂z under each, 2·(P − Y)·σ′(z) against P − Y, with σ′(z) = P·(1 − P).

Every number comes from nnlesson.lessons.lesson5_saturation (race, dE_dz, steps_to_reach); this
module only builds the controls and the figure and updates them.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .._validate import number, whole_number
from ..lessons.lesson5_saturation import (LOSS_NAMES, LR_RANGE, PRESET_Z, START, STEPS_RANGE, WB_RANGE, X_RANGE,
                                          as_target, preset, race, steps_to_reach)
from ..plots import OKABE_ITO, fmt
from .base import Explorer, FigureView, GuardedFloatSlider, GuardedIntSlider, serialized, tidy

# loss -> (colour, line style, marker, symbol in the readouts)
STYLES = {"cross_entropy": (OKABE_ITO["blue"], "-", "o", "●"),
          "squared_error": (OKABE_ITO["vermillion"], "--", "s", "■")}
SLOPE_STYLE = (OKABE_ITO["green"], ":", "^", "▲")
GRAD_FLOOR = 1e-9          # the right chart's bottom; smaller |∂E/∂z| are drawn on it
PRESET_KEYS = {"confidently wrong": "wrong", "unsure": "unsure", "confidently right": "right"}


class SaturationExplorer(Explorer):
    """Start w and b, target y, lr and steps; both losses trained from that start, live.

    explorer = SaturationExplorer(); explorer        # in a notebook cell
    explorer.preset("unsure"); explorer.readouts()
    explorer.code()   # "SaturationExplorer(w=0.0, b=0.0)": this setup as a line of code

    No data arguments: settings() gives w, b (the start), x, y, lr and steps, so
    SaturationExplorer(**settings) rebuilds it. A slider set to NaN keeps its value, one set past
    an end is clamped, and the status line says so.
    """

    title = "One-neuron explorer: squared error against cross-entropy"

    def __init__(self, w=START["w"], b=START["b"], x=START["x"], y=START["y"], lr=START["lr"],
                 steps=START["steps"]):
        self.x = number("x", x, *X_RANGE)
        self._initial = {"w": number("w", w, *WB_RANGE), "b": number("b", b, *WB_RANGE), "y": as_target(y),
                         "lr": number("lr", lr, *LR_RANGE), "steps": whole_number("steps", steps, *STEPS_RANGE)}
        style = {"description_width": "90px"}
        layout = widgets.Layout(width="340px")
        self.w_slider = GuardedFloatSlider(value=self._initial["w"], min=WB_RANGE[0], max=WB_RANGE[1], step=0.1,
                                           description="start w", readout_format=".2f", style=style, layout=layout)
        self.b_slider = GuardedFloatSlider(value=self._initial["b"], min=WB_RANGE[0], max=WB_RANGE[1], step=0.1,
                                           description="start b", readout_format=".2f", style=style, layout=layout)
        self.lr_slider = GuardedFloatSlider(value=self._initial["lr"], min=LR_RANGE[0], max=LR_RANGE[1], step=0.01,
                                            description="lr", readout_format=".2f", style=style, layout=layout)
        self.steps_slider = GuardedIntSlider(value=self._initial["steps"], min=STEPS_RANGE[0], max=STEPS_RANGE[1],
                                             step=10, description="steps", style=style, layout=layout,
                                             continuous_update=False)  # a new x-axis: redrawn in full, once per release
        self.y_buttons = widgets.ToggleButtons(options=[("y = 0", 0), ("y = 1", 1)], value=self._initial["y"],
                                               description="target:", style={"button_width": "70px"})
        for control, part in ((self.w_slider, "w"), (self.b_slider, "b"), (self.lr_slider, "lr"),
                              (self.steps_slider, "steps"), (self.y_buttons, "y")):
            control.add_class(f"nnl-saturation-{part}")
        self.preset_buttons = {}
        for name, key in PRESET_KEYS.items():
            button = widgets.Button(description=name, layout=widgets.Layout(width="165px"))
            button.add_class(f"nnl-saturation-preset-{key}")
            button.on_click(lambda _, name=name: self.preset(name))
            self.preset_buttons[name] = button

        self._html = {}
        for part in ("start", "cross_entropy", "squared_error"):
            h = widgets.HTML()
            h.add_class(f"nnl-saturation-{part.replace('_', '-')}")
            self._html[part] = h
        self.status_html = self.status("nnl-saturation-status")

        self._values = None
        self._hold = False
        self._build_figure()
        for s in (self.w_slider, self.b_slider, self.lr_slider):
            s.observe(self._on_change, names="value")
        self.steps_slider.observe(self._on_axis_change, names="value")
        self.y_buttons.observe(self._on_axis_change, names="value")
        self.guard(self.w_slider, self.b_slider, self.lr_slider, self.steps_slider)

        controls = widgets.VBox([self.w_slider, self.b_slider, self.y_buttons, self.lr_slider, self.steps_slider,
                                 widgets.HBox(list(self.preset_buttons.values())), self.code_readout("saturation")])
        readouts = widgets.VBox(list(self._html.values()), layout=widgets.Layout(margin="0 0 0 16px", width="460px"))
        self.widget = widgets.VBox([widgets.HBox([controls, readouts]), self.view.image, self.status_html])
        self.widget.add_class("nnl-saturation")
        self._relabel()
        self.update(full=True)

    # -- figure ---------------------------------------------------------------------------
    def _build_figure(self):
        view = self.view = FigureView(figsize=(8.0, 2.8), dpi=80, css_class="nnl-saturation-figure")
        fig = view.figure
        fig.subplots_adjust(left=0.08, right=0.98, bottom=0.16, top=0.86, wspace=0.32)
        self.ax_P, self.ax_g = fig.add_subplot(1, 2, 1), fig.add_subplot(1, 2, 2)
        self.ax_P.set_ylim(-0.02, 1.02)
        self.ax_P.axhline(0.5, color="0.5", lw=0.8, ls=":")
        self.ax_P.set_xlabel("step")
        self.ax_P.set_ylabel("P = σ(z)")
        self.ax_g.set_yscale("log")
        self.ax_g.set_ylim(GRAD_FLOOR, 2.0)
        self.ax_g.set_xlabel("step")
        self.ax_g.set_title("|∂E/∂z| at each step (log scale)", loc="left")
        self.P_lines, self.g_lines, self.reach_lines = {}, {}, {}
        for loss, (colour, ls, marker, _) in STYLES.items():
            (self.P_lines[loss],) = self.ax_P.plot([], [], color=colour, ls=ls, marker=marker, ms=5, lw=2,
                                                   label=LOSS_NAMES[loss])
            (self.g_lines[loss],) = self.ax_g.plot([], [], color=colour, ls=ls, marker=marker, ms=5, lw=2,
                                                   label=f"{LOSS_NAMES[loss]}")
            self.reach_lines[loss] = self.ax_P.axvline(0, color=colour, ls=ls, lw=1)
        colour, ls, marker, _ = SLOPE_STYLE
        (self.slope_line,) = self.ax_g.plot([], [], color=colour, ls=ls, marker=marker, ms=5, lw=1.5,
                                            label="σ′(z), squared-error run")
        # The numbers are in the readouts beside the figure (text drawn on every frame would double its cost).
        self.ax_P.legend(loc="center right", fontsize=9, frameon=True, framealpha=0.9)
        self.ax_g.legend(loc="lower left", fontsize=9, frameon=True, framealpha=0.9)
        view.animate(*self.P_lines.values(), *self.g_lines.values(), *self.reach_lines.values(), self.slope_line)

    def _relabel(self):
        """The axes that depend on steps and y (static part: needs a full redraw)."""
        steps, y = self.steps_slider.value, self.y_buttons.value
        for ax in (self.ax_P, self.ax_g):
            ax.set_xlim(0, steps)
        side = "P ≥ 0.5" if y == 1 else "P ≤ 0.5"
        self.ax_P.set_title(f"P = σ(z) at each step (y = {y}: right side {side})", loc="left", fontsize=10)

    # -- updates --------------------------------------------------------------------------
    def _on_change(self, _change):
        if self._hold:
            return
        self.fresh_note()
        self.update()

    @serialized
    def _on_axis_change(self, _change):
        if self._hold:
            return
        self.fresh_note()
        self._relabel()
        self.update(full=True)

    def settings(self):
        """w, b (the start), x, y, lr and steps: SaturationExplorer(**settings) rebuilds it."""
        return {"w": tidy(self.w_slider.value), "b": tidy(self.b_slider.value), "x": tidy(self.x),
                "y": int(self.y_buttons.value), "lr": tidy(self.lr_slider.value), "steps": int(self.steps_slider.value)}

    def show_status(self):
        """The status line: the comparison in words, after a note on a refused or clamped slider."""
        message = self._values["message"] if self._values else ""
        self.status_html.value = self.with_note(message)

    @serialized
    def update(self, full=False):
        """Recompute both runs with the current controls and redraw the moving parts."""
        s = self.settings()
        runs = race(s["w"], s["b"], self.x, s["y"], s["lr"], s["steps"])
        y, steps = s["y"], s["steps"]
        t = np.arange(steps + 1)
        every = max(1, steps // 10)
        reach = {loss: steps_to_reach(run["P"], y) for loss, run in runs.items()}
        for loss, run in runs.items():
            self.P_lines[loss].set_data(t, run["P"])
            self.g_lines[loss].set_data(t, np.maximum(np.abs(run["dE_dz"]), GRAD_FLOOR))
            for line in (self.P_lines[loss], self.g_lines[loss]):
                line.set_markevery(every)
            k = reach[loss]
            self.reach_lines[loss].set_visible(k is not None)
            if k is not None:
                self.reach_lines[loss].set_xdata([k, k])
        self.slope_line.set_data(t, np.maximum(runs["squared_error"]["slope"], GRAD_FLOOR))
        self.slope_line.set_markevery(every)
        self._values = {"runs": runs, "reach": reach, "message": self._message(runs, reach, y, steps)}
        self._write_readouts(runs, reach, y, steps)
        self.show_status()
        self.refresh_code()
        self.view.render(full=full)

    def _write_readouts(self, runs, reach, y, steps):
        se, ce = runs["squared_error"], runs["cross_entropy"]
        P0, z0, slope0 = ce["P"][0], ce["z"][0], ce["slope"][0]
        self._html["start"].value = (f"<b>start</b> (both runs): z = w·x + b = {fmt(z0)} (x = {fmt(self.x)}), "
                                     f"P = σ(z) = <b>{fmt(P0)}</b>, σ′(z) = P(1 − P) = <b>{fmt(slope0)}</b>, "
                                     f"target y = {y}")
        for loss, formula in (("cross_entropy", f"P − Y = {fmt(P0)} − {y}"),
                              ("squared_error", f"2·(P − Y)·σ′(z) = 2 × ({fmt(P0 - y)}) × {fmt(slope0)}")):
            run, (colour, _, _, symbol) = runs[loss], STYLES[loss]
            k = reach[loss]
            when = f"at step <b>{k}</b>" if k is not None else f"<b>not within {steps} steps</b>"
            slope_end = (f"; σ′(z) at the end = <b>{fmt(run['slope'][-1])}</b>" if loss == "squared_error" else "")
            self._html[loss].value = (
                f"<span style='color:{colour};font-weight:bold'>{symbol} {LOSS_NAMES[loss]}</span>: "
                f"∂E/∂z at the start = {formula} = <b>{fmt(run['dE_dz'][0])}</b>; after {steps} steps "
                f"P = <b>{fmt(run['P'][-1])}</b>, ∂E/∂z = <b>{fmt(run['dE_dz'][-1])}</b>{slope_end}; "
                f"right side (P {'≥' if y == 1 else '≤'} 0.5) {when}")

    @staticmethod
    def _message(runs, reach, y, steps):
        """One sentence comparing the runs: where the start is, when each run reaches the right side
        (P(right answer) ≥ 0.5) and 0.9, and how much smaller squared error's first ∂E/∂z is."""
        P0 = runs["cross_entropy"]["P"][0]
        p_right = P0 if y == 1 else 1.0 - P0
        start = "unsure" if abs(p_right - 0.5) < 0.1 else "right" if p_right > 0.5 else "wrong"
        g_se, g_ce = abs(runs["squared_error"]["dE_dz"][0]), abs(runs["cross_entropy"]["dE_dz"][0])
        ratio = (f" At the start squared error's |∂E/∂z| is {fmt(g_ce / g_se, 3)} times smaller."
                 if g_se > 0 else "")

        def when(k):
            return f"step {k}" if k is not None else f"not within {steps} steps"

        k90 = {loss: steps_to_reach(run["P"], y, level=0.9) for loss, run in runs.items()}
        return (f"The start is {start} (P = {fmt(P0)}, target {y}). P(right answer) ≥ 0.5: cross-entropy "
                f"{when(reach['cross_entropy'])}, squared error {when(reach['squared_error'])}; ≥ 0.9: "
                f"cross-entropy {when(k90['cross_entropy'])}, squared error {when(k90['squared_error'])}.{ratio}")

    # -- actions --------------------------------------------------------------------------
    @serialized
    def preset(self, name):
        """Set the start to a preset for the current target: "confidently wrong" (P ≈ 0.001 away from y),
        "unsure" (P = 0.5) or "confidently right"."""
        w, b = preset(name, self.y_buttons.value, self.x)
        self.fresh_note()
        self._hold = True
        try:
            self.w_slider.value, self.b_slider.value = w, b
        finally:
            self._hold = False
        self.update()

    def readouts(self):
        """The displayed numbers as floats (and steps as ints or None): start P, z and σ′(z), and per loss
        the first ∂E/∂z, the last P and ∂E/∂z, and the step it reaches the right side."""
        runs, reach = self._values["runs"], self._values["reach"]
        out = {"start_z": float(runs["cross_entropy"]["z"][0]), "start_P": float(runs["cross_entropy"]["P"][0]),
               "start_slope": float(runs["cross_entropy"]["slope"][0]),
               "end_slope_squared_error": float(runs["squared_error"]["slope"][-1])}
        for loss, run in runs.items():
            out[f"start_dE_dz_{loss}"] = float(run["dE_dz"][0])
            out[f"end_P_{loss}"] = float(run["P"][-1])
            out[f"end_dE_dz_{loss}"] = float(run["dE_dz"][-1])
            out[f"reach_{loss}"] = reach[loss]
        return out

"""Softmax and cross-entropy explorer (lesson 5): a view over lesson5.softmax_readouts.

Three output scores Z = (z1, z2, z3) go through softmax and become probabilities; the
learner picks the true class, which sets the one-hot target Y (printed, and drawn as dashed
outlines on the bars: 1 for the true class, 0 elsewhere), and sees the cross-entropy
−ln P(true) next to the squared error Σ_k (P_k − Y_k)² of the same probabilities. A confident
wrong answer costs a huge cross-entropy but at most 2 in squared error.

Speed (issue 14: a score slider's update within 20 ms at pixel ratio 2): only what a score
changes is redrawn (bars, their numbers, the two dots and the two error numbers); the target Y,
the tick labels and the sum, which a score never changes, are in the cached background. The
numbers are drawn by `fastdraw.GlyphText`, which pastes cached glyph bitmaps instead of laying out and
rasterising the text with FreeType on every frame (benchmarks/bench_softmax_onehot.py).

Every number comes from nnlesson.lessons.lesson5 (softmax_readouts, error_curves), which
takes it from the package's own nl.softmax, nl.cross_entropy and nl.mse; this module only
builds the controls and the figure and updates them.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.patches import Rectangle

from .._validate import number, whole_number
from ..lessons.lesson5_softmax import (SCORE_RANGE, SOFTMAX_CLASSES, SOFTMAX_SCORES, as_score_row, error_curves,
                                       one_hot_row, softmax_readouts)
from ..plots import CLASS_COLOURS, OKABE_ITO, fmt
from .base import Explorer, FigureView, GuardedFloatSlider, serialized, tidy
from .fastdraw import GlyphText

HATCHES = ("", "//", "..", "xx", "\\\\")


class SoftmaxExplorer(Explorer):
    """Sliders for three scores, bars of softmax probabilities and the errors, live.

    explorer = SoftmaxExplorer(); explorer          # in a notebook cell
    explorer.z_sliders[0].value = 5; explorer.readouts()
    explorer.code()   # "SoftmaxExplorer(scores=(5.0, 1.0, -1.0))": this setup as a line of code

    No data arguments: settings() gives class_names, scores (the three sliders) and true_class,
    so SoftmaxExplorer(**settings) rebuilds it. Scores must lie in the sliders' range −10 to 10;
    a slider set to NaN keeps its value, one set past an end is clamped, and the status says so.
    """

    title = "Softmax and cross-entropy explorer"
    CE_TOP = 7.0  # the error chart's y-limit; larger cross-entropies show as an arrow at the top

    def __init__(self, class_names=SOFTMAX_CLASSES, scores=SOFTMAX_SCORES, true_class=0):
        names = [str(c) for c in class_names]
        if len(names) != 3:
            raise ValueError(f"class_names must name 3 classes, got {len(names)}: {names}")
        Z = as_score_row(scores)
        if Z.size != 3:
            raise ValueError(f"scores must hold 3 numbers (z1, z2, z3), got shape {Z.shape}")
        if len(set(names)) != 3:
            raise ValueError(f"class_names must be 3 different names, got {names}")
        self.class_names = names
        low, high = SCORE_RANGE
        self._initial = (tuple(number(f"scores[{j}]", z, low, high) for j, z in enumerate(Z)),
                         whole_number("true_class", true_class, 0, 2))

        self.z_sliders = []
        for j, z in enumerate(self._initial[0]):
            s = GuardedFloatSlider(value=z, min=SCORE_RANGE[0], max=SCORE_RANGE[1], step=0.1,
                                   description=f"z{j + 1} ({names[j]})", continuous_update=True,
                                   readout_format=".1f", style={"description_width": "120px"},
                                   layout=widgets.Layout(width="380px"))
            s.add_class(f"nnl-softmax-z{j + 1}")
            self.z_sliders.append(s)
        self.true_buttons = widgets.ToggleButtons(options=[(n, j) for j, n in enumerate(names)],
                                                  value=self._initial[1], description="True class:",
                                                  style={"button_width": "90px"})
        self.true_buttons.add_class("nnl-softmax-true")
        self.reset_button = widgets.Button(description="Reset", icon="undo")
        self.reset_button.add_class("nnl-softmax-reset")

        self._value_html = {}
        rows = []
        for key, label in ([("onehot", "Y (one-hot)")] + [(f"p{j + 1}", f"P({n})") for j, n in enumerate(names)]
                           + [("sum", "sum of the probabilities"), ("ce", "cross-entropy"),
                              ("ce-term", "which term survives"), ("se", "squared error"),
                              ("se-terms", "the gaps")]):
            h = widgets.HTML()
            h.add_class(f"nnl-softmax-{key}")
            self._value_html[key] = (h, label)
            rows.append(h)
        self.status_html = self.status("nnl-softmax-status")

        self._build_figure()
        self._values = None
        for s in self.z_sliders:
            s.observe(self._on_change, names="value")
        self.true_buttons.observe(self._on_true_change, names="value")
        self.guard(*self.z_sliders)
        self.reset_button.on_click(lambda _: self.reset())

        controls = widgets.VBox(self.z_sliders + [self.true_buttons, self.reset_button,
                                                  self.code_readout("softmax")])
        readouts = widgets.VBox(rows, layout=widgets.Layout(margin="0 0 0 20px"))
        self.widget = widgets.VBox([widgets.HBox([controls, readouts]), self.view.image, self.status_html])
        self.widget.add_class("nnl-softmax")
        self._relabel()
        self.update(full=True)

    # -- figure ---------------------------------------------------------------------------
    def _build_figure(self):
        view = self.view = FigureView(figsize=(9.5, 3.6), dpi=80, css_class="nnl-softmax-figure")
        fig = view.figure
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.2, top=0.86, wspace=0.28)
        ax = self.ax_bars = fig.add_subplot(1, 2, 1)
        x = np.arange(3)
        self.bars = ax.bar(x, [0, 0, 0], width=0.6, color=CLASS_COLOURS[:3], edgecolor="black", linewidth=0.8)
        for bar, hatch in zip(self.bars, HATCHES):
            bar.set_hatch(hatch)
        # The one-hot target Y: a dashed outline from 0 to Y_k over each bar (only the true class's
        # reaches 1). It changes only with the true class, so it is drawn with the background.
        self.target_boxes = [ax.add_patch(Rectangle((j - 0.36, 0), 0.72, 0, fill=False, edgecolor="black",
                                                    linestyle=(0, (4, 2)), linewidth=1.8, zorder=3))
                             for j in range(3)]
        ax.set_ylim(0, 1.0)
        ax.set_xlim(-0.6, 2.6)
        ax.set_xticks(x)
        ax.set_ylabel("probability")
        ax.set_title("P = softmax(z); dashed: target Y", loc="left", fontsize=10)
        self.bar_texts = [GlyphText.add(ax, j, 0, "", ha="center", va="bottom", fontsize=12, fontweight="bold",
                                        backdrop=("white", 0.9), zorder=4) for j in range(3)]
        self.sum_text = ax.text(1.0, 1.02, "", transform=ax.transAxes, ha="right", va="bottom", fontsize=10,
                                fontweight="bold")

        ax = self.ax_err = fig.add_subplot(1, 2, 2)
        p, ce, (lo, hi) = error_curves()
        ax.plot(p, ce, color=OKABE_ITO["blue"], lw=2, label="cross-entropy −ln p")
        ax.fill_between(p, lo, hi, color=OKABE_ITO["orange"], alpha=0.45, lw=0,
                        label="squared error (its band)")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, self.CE_TOP)
        ax.set_xlabel("p = P(true class)")
        ax.set_ylabel("error for this row")
        ax.set_title("the error, against P(true class)")
        ax.legend(loc="upper right", frameon=False, fontsize=10)
        self.ce_text = GlyphText.add(ax, 0.97, 0.68, "", transform=ax.transAxes, ha="right", fontsize=11,
                                     color=OKABE_ITO["blue"], fontweight="bold")
        self.se_text = GlyphText.add(ax, 0.97, 0.58, "", transform=ax.transAxes, ha="right", fontsize=11,
                                     color="#8a5a00", fontweight="bold")
        # p on the axis: a short tick, not a line across the chart (a full-height line would change
        # every row of the frame, and the PNG of the frame costs by the rows that changed)
        (self.p_tick,) = ax.plot([], [], marker="|", color="0.3", ms=14, mew=1.6, clip_on=False)
        (self.ce_dot,) = ax.plot([], [], "o", color=OKABE_ITO["blue"], ms=9, mec="black")
        (self.se_dot,) = ax.plot([], [], "s", color=OKABE_ITO["orange"], ms=8, mec="black")
        view.animate(*self.bars, *self.bar_texts, self.p_tick, self.ce_dot, self.se_dot, self.ce_text, self.se_text)

    def _relabel(self):
        """Show the true class and its one-hot target Y (static parts: need a full redraw)."""
        k = self.true_buttons.value
        Y = one_hot_row(k, 3)
        self.ax_bars.set_xticks(range(3), [f"{n}{' (true)' if j == k else ''}\nY = {int(Y[j])}"
                                           for j, n in enumerate(self.class_names)])
        for j, label in enumerate(self.ax_bars.get_xticklabels()):
            label.set_fontweight("bold" if j == k else "normal")
        for j, (bar, box) in enumerate(zip(self.bars, self.target_boxes)):
            bar.set_linewidth(3.0 if j == k else 0.8)
            box.set_height(Y[j])
            box.set_visible(Y[j] > 0)

    # -- updates --------------------------------------------------------------------------
    def _on_change(self, _change):
        self.fresh_note()
        self.update()

    @serialized
    def _on_true_change(self, _change):
        self.fresh_note()
        self._relabel()
        self.update(full=True)

    def z_values(self):
        """The three scores Z = (z1, z2, z3) the sliders hold, as an array."""
        return np.array([s.value for s in self.z_sliders], dtype=np.float64)

    def settings(self):
        """class_names, scores (the sliders) and true_class: SoftmaxExplorer(**settings) rebuilds it."""
        return {"class_names": tuple(self.class_names), "scores": tuple(tidy(z) for z in self.z_values()),
                "true_class": int(self.true_buttons.value)}

    def show_status(self):
        """The status line: the readouts' message in words, after a note on a refused or clamped slider."""
        message = self._values["message"] if self._values else ""
        self.status_html.value = self.with_note(message)

    @serialized
    def update(self, full=False):
        """Recompute with the current controls and redraw what a score changes (all of it if `full`)."""
        k = self.true_buttons.value
        r = self._values = softmax_readouts(self.z_values(), k, self.class_names)
        P = r["probabilities"]
        for j, (bar, text) in enumerate(zip(self.bars, self.bar_texts)):
            bar.set_height(P[j])
            text.set_text(f"{P[j]:.3f}")
            inside = P[j] > 0.88  # keep the number inside the fixed [0, 1] axes
            text.set_y(P[j] - 0.02 if inside else P[j] + 0.01)
            text.set_va("top" if inside else "bottom")
        total = f"sum = {r['sum']:.3f}"   # always 1.000: drawn with the background, redrawn if it ever changes
        if self.sum_text.get_text() != total:
            self.sum_text.set_text(total)
            full = True
        p, ce, se = r["p_true"], r["cross_entropy"], r["squared_error"]
        self.p_tick.set_data([p], [0])
        self.se_dot.set_data([p], [se])
        off_chart = ce > self.CE_TOP - 0.15
        self.ce_dot.set_data([p], [min(ce, self.CE_TOP - 0.15)])
        self.ce_dot.set_marker("^" if off_chart else "o")
        self.ce_text.set_text(f"● cross-entropy = {fmt(ce, 3)}" + (" (▲ off the chart)" if off_chart else ""))
        self.se_text.set_text(f"■ squared error = {fmt(se, 3)}")
        self._write_readouts(r, k)
        self.show_status()
        self.refresh_code()
        self.view.render(full=full)

    def _write_readouts(self, r, k):
        P = r["probabilities"]
        h = {key: html for key, (html, _) in self._value_html.items()}
        h["onehot"].value = (f"{r['one_hot']} <span style='color:#666'>"
                             f"(for {', '.join(self.class_names)})</span>")
        for j in range(3):
            _, label = self._value_html[f"p{j + 1}"]
            h[f"p{j + 1}"].value = f"{label} = <b>{fmt(P[j])}</b>"
        h["sum"].value = f"sum of the probabilities = <b>{fmt(r['sum'])}</b>"
        h["ce"].value = f"cross-entropy −ln P({self.class_names[k]}) = <b>{fmt(r['cross_entropy'])}</b>"
        h["ce-term"].value = f"<span style='color:#666;font-size:0.9em'>{r['ce_words']}</span>"
        h["se"].value = f"squared error Σ(P − Y)² = <b>{fmt(r['squared_error'])}</b>"
        h["se-terms"].value = f"<span style='color:#666;font-size:0.9em'>{r['se_words']}</span>"

    @serialized
    def reset(self):
        """Back to the starting scores and true class."""
        scores, k = self._initial
        for s in self.z_sliders:
            s.unobserve(self._on_change, names="value")
        for s, z in zip(self.z_sliders, scores):
            s.value = z
        for s in self.z_sliders:
            s.observe(self._on_change, names="value")
        if self.true_buttons.value != k:
            self.true_buttons.value = k  # triggers a full update
        else:
            self.update()

    def readouts(self):
        """The displayed numbers as floats: p1, p2, p3, sum, cross_entropy, squared_error, and the
        one-hot target Y as y1, y2, y3 (1.0 for the true class, 0.0 for the others)."""
        r = self._values
        P = r["probabilities"]
        return {"p1": float(P[0]), "p2": float(P[1]), "p3": float(P[2]), "sum": r["sum"],
                "cross_entropy": r["cross_entropy"], "squared_error": r["squared_error"],
                "y1": float(r["Y"][0]), "y2": float(r["Y"][1]), "y3": float(r["Y"][2])}

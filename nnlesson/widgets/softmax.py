"""Softmax and cross-entropy explorer (lesson 5).

Three output scores Z = (z1, z2, z3) go through softmax and become probabilities; the
learner picks the true class and sees the cross-entropy −ln P(true) next to the squared
error Σ_k (P_k − Y_k)² of the same probabilities. A confident wrong answer costs a huge
cross-entropy but at most 2 in squared error.

Plain functions first (tested without a browser), the widget `SoftmaxExplorer` last.
Every number comes from the package's own nl.softmax, nl.cross_entropy and nl.mse.
"""

from __future__ import annotations

import numbers

import ipywidgets as widgets
import numpy as np

from .. import losses as _losses
from .._validate import as_array
from ..activations import sigmoid, softmax
from ..network import output_delta
from ..plots import CLASS_COLOURS, OKABE_ITO, fmt
from .base import Explorer, FigureView, serialized

DEFAULT_CLASSES = ("Adelie", "Chinstrap", "Gentoo")
DEFAULT_SCORES = (2.0, 1.0, -1.0)
SCORE_RANGE = (-10.0, 10.0)   # wide enough for P ≈ 0 and 1, narrow enough that −ln P is never clipped
CE_CAP = float(-np.log(_losses.EPS))  # the largest cross-entropy nl.cross_entropy reports (34.54)
HATCHES = ("", "//", "..", "xx", "\\\\")


def _scores(scores, name="scores"):
    Z = as_array(name, scores, ndim=1)
    if Z.size < 2:
        raise ValueError(f"{name} needs at least 2 scores (one per class), got shape {Z.shape}")
    return Z


def _class_index(true_class, n_classes, name="true_class"):
    if isinstance(true_class, bool) or not isinstance(true_class, numbers.Integral):
        raise TypeError(f"{name} must be a class index 0 … {n_classes - 1}, got {true_class!r}")
    if not 0 <= true_class < n_classes:
        raise ValueError(f"{name} must be a class index 0 … {n_classes - 1}, got {true_class}")
    return int(true_class)


def one_hot_row(true_class, n_classes):
    """The one-hot row for class `true_class` out of `n_classes`: zeros and a single 1."""
    if isinstance(n_classes, bool) or not isinstance(n_classes, numbers.Integral) or n_classes < 2:
        raise ValueError(f"n_classes must be a whole number ≥ 2, got {n_classes!r}")
    Y = np.zeros(int(n_classes))
    Y[_class_index(true_class, n_classes)] = 1.0
    return Y


def squared_error_band(p_true, n_classes=3):
    """The smallest and largest squared error Σ(P − Y)² possible when P(true class) = p_true.

    The true class contributes (1 − p)²; the remaining 1 − p spread over the other classes adds
    between (1 − p)²/(K − 1) (spread evenly) and (1 − p)² (all on one wrong class).
    """
    p = as_array("p_true", p_true, ndim=(0, 1), allow_empty=True)
    if p.size and (p.min() < 0 or p.max() > 1):
        raise ValueError(f"p_true must be probabilities between 0 and 1, got {p.min():g} … {p.max():g}")
    if isinstance(n_classes, bool) or not isinstance(n_classes, numbers.Integral) or n_classes < 2:
        raise ValueError(f"n_classes must be a whole number ≥ 2, got {n_classes!r}")
    rest = (1.0 - p) ** 2
    return rest * (1.0 + 1.0 / (n_classes - 1)), 2.0 * rest


def softmax_readouts(scores, true_class, class_names=None):
    """Everything the softmax explorer shows, for one row of scores and a true class.

    Returns a dict: probabilities (array), sum, p_true, predicted (index), cross_entropy
    (nl.cross_entropy), squared_error (nl.mse: Σ_k (P_k − Y_k)² for the one row), clipped
    (True if P(true) < 1e−15 so the cross-entropy is capped at 34.5) and message (in words).
    """
    Z = _scores(scores)
    K = Z.size
    k = _class_index(true_class, K)
    names = list(class_names) if class_names is not None else [f"class {j + 1}" for j in range(K)]
    if len(names) != K:
        raise ValueError(f"class_names must name the {K} classes, got {len(names)}: {names}")
    P = softmax(Z)
    Y = one_hot_row(k, K)
    ce = _losses.cross_entropy(P[None, :], Y[None, :])
    se = _losses.mse(P[None, :], Y[None, :])
    predicted = int(np.argmax(P))
    p_true = float(P[k])
    clipped = p_true < _losses.EPS
    if clipped:
        message = (f"P({names[k]}) is below 10⁻¹⁵, so the cross-entropy is capped at {fmt(CE_CAP, 3)} "
                   "(−ln 10⁻¹⁵): the answer could hardly be more wrong.")
    elif predicted != k and P[predicted] >= 0.9:
        message = (f"Confident and wrong: {fmt(100 * P[predicted], 4)}% on {names[predicted]}, but the answer is "
                   f"{names[k]}. Cross-entropy charges {fmt(ce, 3)}; squared error only {fmt(se, 3)} "
                   "(it can never pass 2).")
    elif predicted != k:
        message = (f"Wrong: the highest probability is on {names[predicted]}, the answer is {names[k]}. "
                   f"Cross-entropy {fmt(ce, 3)}: raise z{k + 1} or lower the others.")
    elif p_true >= 0.9:
        message = f"Confident and right: P({names[k]}) = {fmt(p_true, 3)}, so both errors are small."
    else:
        message = (f"Right but unsure: P({names[k]}) = {fmt(p_true, 3)}. Raising z{k + 1} makes the "
                   "cross-entropy fall towards 0.")
    return {"probabilities": P, "sum": float(P.sum()), "p_true": p_true, "predicted": predicted,
            "cross_entropy": ce, "squared_error": se, "clipped": clipped, "message": message}


def output_gradients(scores, true_class):
    """∂E/∂Z at a softmax output for one row, with cross-entropy and with squared error.

    Both come from the engine's `output_delta` (what backpropagation starts from):
    cross-entropy gives P − Y; squared error gives 2(P − Y) carried back through the
    softmax's slope, which is tiny when the output saturates. Returns a dict with the two
    gradient rows, their sizes (Euclidean norms) and the probabilities.
    """
    Z = _scores(scores)
    k = _class_index(true_class, Z.size)
    Zr = Z[None, :]
    P = softmax(Zr)
    Y = one_hot_row(k, Z.size)[None, :]
    d_ce = output_delta("cross_entropy", "softmax", Zr, P, Y)[0]
    d_mse = output_delta("mse", "softmax", Zr, P, Y)[0]
    return {"probabilities": P[0], "ce": d_ce, "mse": d_mse,
            "ce_size": float(np.linalg.norm(d_ce)), "mse_size": float(np.linalg.norm(d_mse))}


def binary_output_gradients(z, y):
    """∂E/∂z at one sigmoid output, for binary cross-entropy (p − y) and squared error.

    Squared error gives 2(p − y)·p(1 − p): the sigmoid's slope p(1 − p) is at most 0.25 and
    nearly 0 when p is close to 0 or 1.
    """
    z = as_array("z", z, ndim=0)
    if y not in (0, 1):
        raise ValueError(f"y must be the true class 0 or 1, got {y!r}")
    Zr = np.array([[float(z)]])
    p = sigmoid(Zr)
    Y = np.array([[float(y)]])
    return {"p": float(p[0, 0]),
            "bce": float(output_delta("binary_cross_entropy", "sigmoid", Zr, p, Y)[0, 0]),
            "mse": float(output_delta("mse", "sigmoid", Zr, p, Y)[0, 0])}


def sigmoid_as_softmax(z):
    """(sigmoid(z), class-1 probability of softmax over the scores (0, z)): always equal.

    e^z / (e^0 + e^z) = 1 / (1 + e^(−z)), so one sigmoid output does the job of a
    two-class softmax whose other score is fixed at 0.
    """
    z = as_array("z", z, ndim=(0, 1))
    Zs = np.stack([np.zeros_like(z), z], axis=-1)
    return sigmoid(z), softmax(Zs.reshape(-1, 2))[:, 1].reshape(z.shape)


class SoftmaxExplorer(Explorer):
    """Sliders for three scores, bars of softmax probabilities and the errors, live.

    explorer = SoftmaxExplorer(); explorer          # in a notebook cell
    explorer.z_sliders[0].value = 5; explorer.readouts()
    """

    title = "Softmax and cross-entropy explorer"
    CE_TOP = 7.0  # the error chart's y-limit; larger cross-entropies show as an arrow at the top

    def __init__(self, class_names=DEFAULT_CLASSES, scores=DEFAULT_SCORES, true_class=0):
        names = [str(c) for c in class_names]
        if len(names) != 3:
            raise ValueError(f"class_names must name 3 classes, got {len(names)}: {names}")
        Z = _scores(scores)
        if Z.size != 3:
            raise ValueError(f"scores must hold 3 numbers (z1, z2, z3), got shape {Z.shape}")
        self.class_names = names
        self._initial = (tuple(float(np.clip(z, *SCORE_RANGE)) for z in Z), _class_index(true_class, 3))

        self.z_sliders = []
        for j, z in enumerate(self._initial[0]):
            s = widgets.FloatSlider(value=z, min=SCORE_RANGE[0], max=SCORE_RANGE[1], step=0.1,
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
        for key, label in ([(f"p{j + 1}", f"P({n})") for j, n in enumerate(names)]
                           + [("sum", "sum of the probabilities"),
                              ("ce", "cross-entropy −ln P(true)"),
                              ("se", "squared error Σ(P − Y)²")]):
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
        self.reset_button.on_click(lambda _: self.reset())

        controls = widgets.VBox(self.z_sliders + [self.true_buttons, self.reset_button])
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
        ax.set_ylim(0, 1.0)
        ax.set_xlim(-0.6, 2.6)
        ax.set_xticks(x)
        ax.set_ylabel("probability")
        ax.set_title("softmax(z): the probabilities", loc="left")
        box = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.9}
        self.bar_texts = [ax.text(j, 0, "", ha="center", va="bottom", fontsize=12, fontweight="bold", bbox=box)
                          for j in range(3)]
        self.sum_text = ax.text(1.0, 1.02, "", transform=ax.transAxes, ha="right", va="bottom", fontsize=11,
                                fontweight="bold")

        ax = self.ax_err = fig.add_subplot(1, 2, 2)
        p = np.linspace(0.001, 1, 400)
        ax.plot(p, -np.log(p), color=OKABE_ITO["blue"], lw=2, label="cross-entropy −ln p")
        lo, hi = squared_error_band(p)
        ax.fill_between(p, lo, hi, color=OKABE_ITO["orange"], alpha=0.45, lw=0,
                        label="squared error (its band)")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, self.CE_TOP)
        ax.set_xlabel("p = P(true class)")
        ax.set_ylabel("error for this row")
        ax.set_title("the error, against P(true class)")
        ax.legend(loc="upper right", frameon=False, fontsize=10)
        self.ce_text = ax.text(0.97, 0.68, "", transform=ax.transAxes, ha="right", fontsize=11,
                               color=OKABE_ITO["blue"], fontweight="bold")
        self.se_text = ax.text(0.97, 0.58, "", transform=ax.transAxes, ha="right", fontsize=11,
                               color="#8a5a00", fontweight="bold")
        self.p_line = ax.axvline(0.5, color="0.4", lw=1, ls=":")
        (self.ce_dot,) = ax.plot([], [], "o", color=OKABE_ITO["blue"], ms=9, mec="black")
        (self.se_dot,) = ax.plot([], [], "s", color=OKABE_ITO["orange"], ms=8, mec="black")
        view.animate(*self.bars, *self.bar_texts, self.sum_text, self.p_line, self.ce_dot, self.se_dot,
                     self.ce_text, self.se_text)

    def _relabel(self):
        """Mark the true class in the tick labels (static part: needs a full redraw)."""
        k = self.true_buttons.value
        self.ax_bars.set_xticks(range(3), [f"{n}\n(true)" if j == k else n for j, n in enumerate(self.class_names)])
        for j, label in enumerate(self.ax_bars.get_xticklabels()):
            label.set_fontweight("bold" if j == k else "normal")

    # -- updates --------------------------------------------------------------------------
    def _on_change(self, _change):
        self.update()

    @serialized
    def _on_true_change(self, _change):
        self._relabel()
        self.update(full=True)

    def scores(self):
        return np.array([s.value for s in self.z_sliders], dtype=np.float64)

    @serialized
    def update(self, full=False):
        """Recompute with the current controls and redraw the moving parts."""
        k = self.true_buttons.value
        r = self._values = softmax_readouts(self.scores(), k, self.class_names)
        P = r["probabilities"]
        for j, (bar, text) in enumerate(zip(self.bars, self.bar_texts)):
            bar.set_height(P[j])
            bar.set_linewidth(3.0 if j == k else 0.8)
            text.set_text(f"{P[j]:.3f}")
            inside = P[j] > 0.88  # keep the number inside the fixed [0, 1] axes
            text.set_y(P[j] - 0.02 if inside else P[j] + 0.01)
            text.set_va("top" if inside else "bottom")
        self.sum_text.set_text(f"sum = {r['sum']:.3f}")
        p, ce, se = r["p_true"], r["cross_entropy"], r["squared_error"]
        self.p_line.set_xdata([p, p])
        self.se_dot.set_data([p], [se])
        off_chart = ce > self.CE_TOP - 0.15
        self.ce_dot.set_data([p], [min(ce, self.CE_TOP - 0.15)])
        self.ce_dot.set_marker("^" if off_chart else "o")
        self.ce_text.set_text(f"● cross-entropy = {fmt(ce, 3)}" + (" (▲ off the chart)" if off_chart else ""))
        self.se_text.set_text(f"■ squared error = {fmt(se, 3)}")

        for j in range(3):
            h, label = self._value_html[f"p{j + 1}"]
            h.value = f"{label} = <b>{fmt(P[j])}</b>"
        for key, value in (("sum", r["sum"]), ("ce", ce), ("se", se)):
            h, label = self._value_html[key]
            h.value = f"{label} = <b>{fmt(value)}</b>"
        self.status_html.value = r["message"]
        self.view.render(full=full)

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
        """The displayed numbers as floats: p1, p2, p3, sum, cross_entropy, squared_error."""
        r = self._values
        P = r["probabilities"]
        return {"p1": float(P[0]), "p2": float(P[1]), "p3": float(P[2]), "sum": r["sum"],
                "cross_entropy": r["cross_entropy"], "squared_error": r["squared_error"]}

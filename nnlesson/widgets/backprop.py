"""Backpropagation, stepped through one row at a time, with the real numbers.

The numbers come from a real `nnlesson.Network`: for the current row (a batch of one) we
call `net.forward` and `net.backward` and read what the layers kept (A_prev, Z, A) and the
gradients backward returns. With one row, ∂E/∂b of a layer *is* its ∂E/∂Z (the sum over
rows has a single term), so even the deltas are backward's own numbers. The update uses
`net.update` with the same learning rate as `nl.train`. Nothing here re-implements
backpropagation; the formulas only write out, factor by factor, what backward computed.

Plain functions first (tested without a browser):
    row_step(net, x, y, lr)        -> RowStep: every number of one row's forward, backward, update
    stage_readouts(step, stage)    -> {name: float}: the numbers shown up to that stage
    stage_formulas(step, stage)    -> [FormulaLine]: the formulas of that stage, numbers plugged in
    draw_stage(diagram, step, stage)  writes a stage on a NetworkDiagram
    stage_image(step, stage)       -> PNG bytes of the diagram at that stage (for static output)
and the widget last: BackpropStepper.
"""

from __future__ import annotations

import html
import numbers
from dataclasses import dataclass, field

import ipywidgets as widgets
import matplotlib
import numpy as np

from .._validate import as_array, positive_number, seed_value
from ..losses import mse_gradient
from ..network import Network
from ..plots import fmt
from .base import Explorer, FigureView, serialized
from .diagram import NetworkDiagram, node_names

STAGES = ("input", "hidden", "output", "error", "output_gradients", "hidden_gradients", "update")
STAGE_TITLES = {
    "input": "A row enters the network",
    "hidden": "Forward pass: the hidden layer",
    "output": "Forward pass: the output",
    "error": "The error",
    "output_gradients": "Backward pass: the last layer's gradients",
    "hidden_gradients": "Backward pass: the hidden layer's gradients",
    "update": "The update: every weight takes a step downhill",
}
STAGE_EXPLANATIONS = {
    "input": "The inputs X1, X2, X3 of one row go into the input nodes. The network has not computed "
             "anything yet; the true answer Y waits at the end.",
    "hidden": "Each hidden neuron adds up the inputs times the weights on its edges, plus its bias "
              "(that sum is z), then squashes z with its activation to get its output a.",
    "output": "The output neuron does the same with the hidden outputs. Its activation is the identity, "
              "so the prediction Y_pred is its weighted sum z.",
    "error": "The error compares Y_pred with the true Y. Its derivative with respect to Y_pred is "
             "where the chain rule starts.",
    "output_gradients": "The last layer is closest to the error, so its gradients come first. Each one "
                        "is a product of factors along the path from the error back to the weight.",
    "hidden_gradients": "One layer further back, the chain gets longer: from the output's ∂E/∂z, back "
                        "along the weight to the hidden neuron, through its activation, to the edge.",
    "update": "Now every weight and bias moves against its gradient: w ← w − lr · ∂E/∂w. "
              "All gradients were computed with the weights as they were before this update.",
}
HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu")
PICTURE_CACHE = 64   # pictures of recently seen stages kept for Back/Next
WEIGHT_LIMIT = 1e6   # an update that makes any |weight| larger than this counts as a blow-up


@dataclass(eq=False)
class RowStep:
    """Every number of one row: forward pass, error, backward pass and the update.

    Arrays follow network.py's layout: W1 (n_in, n_hidden), b1 (n_hidden,), W2 (n_hidden, 1),
    b2 (1,). Hidden values are 1-D (n_hidden,); output values are floats.
    """

    x: np.ndarray
    y: float
    lr: float
    activation: str
    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    b2: np.ndarray
    z_h: np.ndarray            # hidden weighted sums, from layer.Z
    a_h: np.ndarray            # hidden outputs, from layer.A
    z_out: float               # the output's weighted sum, from layer.Z
    y_pred: float              # the output, from layer.A
    E: float                   # the row's squared error (MSE over one row)
    dE_dy_pred: float          # ∂E/∂Y_pred = 2(Y_pred − Y), from losses.mse_gradient
    dz_out: float              # ∂E/∂z of the output = backward's db of the last layer
    dW2: np.ndarray            # from backward
    db2: np.ndarray
    da_h: np.ndarray           # ∂E/∂a of the hidden neurons = ∂E/∂z_out · w(h→Y_pred)
    dz_h: np.ndarray           # ∂E/∂z of the hidden neurons = backward's db of the hidden layer
    dW1: np.ndarray            # from backward
    db1: np.ndarray
    W1_after: np.ndarray       # after net.update(grads, lr)
    b1_after: np.ndarray
    W2_after: np.ndarray
    b2_after: np.ndarray
    diverged: bool = False
    problem: str = ""
    names: list = field(default_factory=list)  # node names per layer

    @property
    def weights_after(self):
        return [(self.W1_after.copy(), self.b1_after.copy()), (self.W2_after.copy(), self.b2_after.copy())]

    @property
    def weights_before(self):
        return [(self.W1.copy(), self.b1.copy()), (self.W2.copy(), self.b2.copy())]

    @property
    def n_in(self):
        return len(self.x)

    @property
    def n_hidden(self):
        return len(self.a_h)


def check_stepper_network(net):
    """The stepper draws one hidden layer and one identity output trained with MSE."""
    if not isinstance(net, Network):
        raise TypeError(f"net must be an nnlesson Network, got {type(net).__name__}")
    if len(net.layers) != 2 or net.n_outputs != 1:
        raise ValueError(f"the stepper needs a network with one hidden layer and one output, such as "
                         f"Network([3, 2, 1]); got layer_sizes {net.layer_sizes}")
    if net.output != "identity":
        raise ValueError(f"the stepper needs an identity output (regression with MSE), got output={net.output!r}")
    if net.hidden not in HIDDEN_ACTIVATIONS:
        raise ValueError(f"the stepper's hidden activation must be one of {list(HIDDEN_ACTIVATIONS)}, "
                         f"got {net.hidden!r}")
    if net.n_inputs > 6 or net.layers[0].n_out > 5:
        raise ValueError(f"the stepper draws at most 6 inputs and 5 hidden neurons, got layer_sizes {net.layer_sizes}")
    return net


def row_step(net, x, y, lr, names=None):
    """One row through `net`: forward, error, backward and the update, as a `RowStep`.

    x is one row of inputs (n_inputs,), y its target (a number), lr the learning rate. The
    network's weights are not changed: the update is applied to a copy with `net.update`.
    If the numbers blow up (an infinite value, or a weight beyond ±1e6 after the update),
    the step is marked `diverged` with a message in `problem`.
    """
    check_stepper_network(net)
    x = as_array("x", x, ndim=(1, 2))
    if x.ndim == 2:
        if x.shape[0] != 1:
            raise ValueError(f"x must be one row, shape ({net.n_inputs},), got shape {x.shape}")
        x = x[0]
    if x.shape != (net.n_inputs,):
        raise ValueError(f"x must be one row of {net.n_inputs} inputs, got shape {x.shape}")
    y = as_array("y", y).reshape(-1)
    if y.size != 1:
        raise ValueError(f"y must be a single target value, got shape {y.shape}")
    lr = positive_number("lr", lr)
    X, Y = x[None, :], y[None, :]
    hidden, out = net.layers
    with np.errstate(all="ignore"):
        grads = net.backward(X, Y, loss="mse")   # runs the forward pass first, then backpropagation
        (dW1, db1), (dW2, db2) = grads
        Y_pred = out.A
        E = float(np.sum((Y_pred - Y) ** 2) / len(Y))
        dE_dy_pred = float(mse_gradient(Y_pred, Y)[0, 0])
        da_h = (db2[None, :] @ out.W.T)[0]       # ∂E/∂a_hidden = ∂E/∂z_out · W2ᵀ (as in backward)
        finite = all(np.all(np.isfinite(a)) for a in (hidden.Z, hidden.A, out.A, dW1, db1, dW2, db2))
        diverged, problem = False, ""
        if finite:
            twin = net.copy()
            twin.update(grads, lr)
            (W1a, b1a), (W2a, b2a) = twin.get_weights()
            biggest = max(np.max(np.abs(W1a)), np.max(np.abs(b1a)), np.max(np.abs(W2a)), np.max(np.abs(b2a)))
            if not np.isfinite(biggest) or biggest > WEIGHT_LIMIT:
                diverged = True
                problem = (f"this update would blow the weights up (the largest would be {fmt(biggest, 3)}): "
                           f"the learning rate {lr:g} is far too large for these gradients")
        else:
            W1a, b1a, W2a, b2a = (a.copy() for a in (hidden.W, hidden.b, out.W, out.b))
            diverged = True
            problem = "the numbers overflowed (a value became infinite): the weights are far too large"
    return RowStep(
        x=x.copy(), y=float(y[0]), lr=lr, activation=hidden.activation,
        W1=hidden.W.copy(), b1=hidden.b.copy(), W2=out.W.copy(), b2=out.b.copy(),
        z_h=hidden.Z[0].copy(), a_h=hidden.A[0].copy(), z_out=float(out.Z[0, 0]), y_pred=float(Y_pred[0, 0]),
        E=E, dE_dy_pred=dE_dy_pred, dz_out=float(db2[0]), dW2=dW2.copy(), db2=db2.copy(), da_h=da_h.copy(),
        dz_h=db1.copy(), dW1=dW1.copy(), db1=db1.copy(),
        W1_after=W1a, b1_after=b1a, W2_after=W2a, b2_after=b2a, diverged=diverged, problem=problem,
        names=names or node_names(net.layer_sizes),
    )


# -- what each stage shows ------------------------------------------------------------------
def stage_index(stage):
    """A stage given by name ("error") or number (3) as its number 0..6."""
    if isinstance(stage, str):
        if stage not in STAGES:
            raise ValueError(f"unknown stage {stage!r}: expected one of {list(STAGES)}")
        return STAGES.index(stage)
    if isinstance(stage, bool) or not isinstance(stage, numbers.Integral) or not 0 <= stage < len(STAGES):
        raise ValueError(f"stage must be a name from {list(STAGES)} or a number 0–{len(STAGES) - 1}, got {stage!r}")
    return int(stage)


def _w1(step, i, j):
    X, H, _ = step.names
    return f"w({X[i]}→{H[j]})"


def _w2(step, j):
    _, H, O = step.names
    return f"w({H[j]}→{O[0]})"


def stage_readouts(step, stage):
    """The numbers on screen at `stage` (everything shown so far for this row), as floats.

    Names: "X1", "Y", "w(X1→h1)", "b(h1)", "z(h1)", "a(h1)", "z(Y_pred)", "Y_pred", "E",
    "∂E/∂Y_pred", "∂E/∂z(Y_pred)", "∂E/∂w(h1→Y_pred)", "∂E/∂b(Y_pred)", "∂E/∂a(h1)",
    "∂E/∂z(h1)", "∂E/∂w(X1→h1)", "∂E/∂b(h1)", and at the update "w(X1→h1) after", ...
    """
    if not isinstance(step, RowStep):
        raise TypeError(f"step must be a RowStep (from row_step), got {type(step).__name__}")
    s = stage_index(stage)
    X, H, O = step.names
    out = O[0]
    r = {X[i]: float(step.x[i]) for i in range(step.n_in)}
    r["Y"] = step.y
    for j in range(step.n_hidden):
        for i in range(step.n_in):
            r[_w1(step, i, j)] = float(step.W1[i, j])
        r[f"b({H[j]})"] = float(step.b1[j])
    for j in range(step.n_hidden):
        r[_w2(step, j)] = float(step.W2[j, 0])
    r[f"b({out})"] = float(step.b2[0])
    if s >= 1:
        for j in range(step.n_hidden):
            r[f"z({H[j]})"] = float(step.z_h[j])
            r[f"a({H[j]})"] = float(step.a_h[j])
    if s >= 2:
        r[f"z({out})"] = step.z_out
        r[out] = step.y_pred
    if s >= 3:
        r["E"] = step.E
        r[f"∂E/∂{out}"] = step.dE_dy_pred
    if s >= 4:
        r[f"∂E/∂z({out})"] = step.dz_out
        for j in range(step.n_hidden):
            r[f"∂E/∂{_w2(step, j)}"] = float(step.dW2[j, 0])
        r[f"∂E/∂b({out})"] = float(step.db2[0])
    if s >= 5:
        for j in range(step.n_hidden):
            r[f"∂E/∂a({H[j]})"] = float(step.da_h[j])
            r[f"∂E/∂z({H[j]})"] = float(step.dz_h[j])
            for i in range(step.n_in):
                r[f"∂E/∂{_w1(step, i, j)}"] = float(step.dW1[i, j])
            r[f"∂E/∂b({H[j]})"] = float(step.db1[j])
    if s >= 6:
        for j in range(step.n_hidden):
            r[f"{_w2(step, j)} after"] = float(step.W2_after[j, 0])
        r[f"b({out}) after"] = float(step.b2_after[0])
        for j in range(step.n_hidden):
            for i in range(step.n_in):
                r[f"{_w1(step, i, j)} after"] = float(step.W1_after[i, j])
            r[f"b({H[j]}) after"] = float(step.b1_after[j])
    return r


@dataclass
class FormulaLine:
    """One line of a stage's working: `lhs` = `symbols` = `numbers` = `value`.

    `value` is the full-precision number (the package's), `symbols` the formula in names,
    `numbers` the same formula with the numbers (4 significant digits) plugged in ("" when
    there is nothing to compute, as for the inputs).
    """

    lhs: str
    symbols: str
    numbers: str
    value: float


def _n(x):
    """A number inside a formula: 4 significant digits, negative numbers in brackets."""
    text = fmt(x, 4)
    return f"({text})" if text.startswith("−") else text


def _activation_formula(activation, z_name, a_name):
    return {
        "sigmoid": (f"σ({z_name}) = 1 / (1 + e^(−{z_name}))", f"{a_name}·(1 − {a_name})"),
        "tanh": (f"tanh({z_name})", f"(1 − {a_name}²)"),
        "relu": (f"max(0, {z_name})", f"(1 if {z_name} > 0, else 0)"),
    }[activation]


def _activation_numbers(activation, z, a):
    if activation == "sigmoid":
        return f"1 / (1 + e^(−{_n(z)}))", f"{_n(a)}·(1 − {_n(a)})", a * (1 - a)
    if activation == "tanh":
        return f"tanh({_n(z)})", f"(1 − {_n(a)}²)", 1 - a * a
    d = 1.0 if z > 0 else 0.0
    return f"max(0, {_n(z)})", fmt(d), d


def stage_formulas(step, stage):
    """The formulas applied at `stage`, with this row's numbers plugged in, as `FormulaLine`s."""
    if not isinstance(step, RowStep):
        raise TypeError(f"step must be a RowStep (from row_step), got {type(step).__name__}")
    name = STAGES[stage_index(stage)]
    X, H, O = step.names
    out = O[0]
    lines = []
    if name == "input":
        for i in range(step.n_in):
            lines.append(FormulaLine(X[i], f"input {i + 1} of this row", "", float(step.x[i])))
        lines.append(FormulaLine("Y", "the true answer for this row", "", step.y))
    elif name == "hidden":
        for j in range(step.n_hidden):
            terms = " + ".join(f"{X[i]}·{_w1(step, i, j)}" for i in range(step.n_in))
            nums = " + ".join(f"{_n(step.x[i])}·{_n(step.W1[i, j])}" for i in range(step.n_in))
            lines.append(FormulaLine(f"z({H[j]})", f"{terms} + b({H[j]})", f"{nums} + {_n(step.b1[j])}",
                                     float(step.z_h[j])))
            sym, _ = _activation_formula(step.activation, f"z({H[j]})", f"a({H[j]})")
            num, _, _ = _activation_numbers(step.activation, step.z_h[j], step.a_h[j])
            lines.append(FormulaLine(f"a({H[j]})", sym, num, float(step.a_h[j])))
    elif name == "output":
        terms = " + ".join(f"a({H[j]})·{_w2(step, j)}" for j in range(step.n_hidden))
        nums = " + ".join(f"{_n(step.a_h[j])}·{_n(step.W2[j, 0])}" for j in range(step.n_hidden))
        lines.append(FormulaLine(f"z({out})", f"{terms} + b({out})", f"{nums} + {_n(step.b2[0])}", step.z_out))
        lines.append(FormulaLine(out, f"z({out}), since the output's activation is the identity", _n(step.z_out), step.y_pred))
    elif name == "error":
        lines.append(FormulaLine("E", f"({out} − Y)²   (mean over this one row)",
                                 f"({_n(step.y_pred)} − {_n(step.y)})²", step.E))
        lines.append(FormulaLine(f"∂E/∂{out}", f"2·({out} − Y)", f"2·({_n(step.y_pred)} − {_n(step.y)})",
                                 step.dE_dy_pred))
    elif name == "output_gradients":
        lines.append(FormulaLine(f"∂E/∂z({out})", f"∂E/∂{out} · ∂{out}/∂z({out}) = 2·({out} − Y) · 1",
                                 f"{_n(step.dE_dy_pred)} · 1", step.dz_out))
        for j in range(step.n_hidden):
            w = _w2(step, j)
            lines.append(FormulaLine(
                f"∂E/∂{w}",
                f"∂E/∂{out} · ∂{out}/∂z({out}) · ∂z({out})/∂{w} = 2·({out} − Y) · 1 · a({H[j]})",
                f"{_n(step.dE_dy_pred)} · 1 · {_n(step.a_h[j])}", float(step.dW2[j, 0])))
        lines.append(FormulaLine(f"∂E/∂b({out})",
                                 f"∂E/∂{out} · ∂{out}/∂z({out}) · ∂z({out})/∂b({out}) = 2·({out} − Y) · 1 · 1",
                                 f"{_n(step.dE_dy_pred)} · 1 · 1", float(step.db2[0])))
    elif name == "hidden_gradients":
        for j in range(step.n_hidden):
            w = _w2(step, j)
            lines.append(FormulaLine(f"∂E/∂a({H[j]})", f"∂E/∂z({out}) · ∂z({out})/∂a({H[j]}) = ∂E/∂z({out}) · {w}",
                                     f"{_n(step.dz_out)} · {_n(step.W2[j, 0])}", float(step.da_h[j])))
            _, dsym = _activation_formula(step.activation, f"z({H[j]})", f"a({H[j]})")
            _, dnum, dval = _activation_numbers(step.activation, step.z_h[j], step.a_h[j])
            lines.append(FormulaLine(f"∂E/∂z({H[j]})", f"∂E/∂a({H[j]}) · ∂a({H[j]})/∂z({H[j]}) = ∂E/∂a({H[j]}) · {dsym}",
                                     f"{_n(step.da_h[j])} · {dnum}", float(step.dz_h[j])))
            for i in range(step.n_in):
                wi = _w1(step, i, j)
                lines.append(FormulaLine(
                    f"∂E/∂{wi}",
                    f"∂E/∂z({out}) · {w} · {dsym} · {X[i]}",
                    f"{_n(step.dz_out)} · {_n(step.W2[j, 0])} · {_n(dval)} · {_n(step.x[i])}",
                    float(step.dW1[i, j])))
            lines.append(FormulaLine(f"∂E/∂b({H[j]})", f"∂E/∂z({H[j]}) · 1", f"{_n(step.dz_h[j])} · 1",
                                     float(step.db1[j])))
    else:  # update: the last layer first, as backpropagation found its gradients
        lr = _n(step.lr)
        for j in range(step.n_hidden):
            w = _w2(step, j)
            lines.append(FormulaLine(f"{w} new", f"{w} − lr · ∂E/∂{w}",
                                     f"{_n(step.W2[j, 0])} − {lr} · {_n(step.dW2[j, 0])}", float(step.W2_after[j, 0])))
        lines.append(FormulaLine(f"b({out}) new", f"b({out}) − lr · ∂E/∂b({out})",
                                 f"{_n(step.b2[0])} − {lr} · {_n(step.db2[0])}", float(step.b2_after[0])))
        for j in range(step.n_hidden):
            for i in range(step.n_in):
                wi = _w1(step, i, j)
                lines.append(FormulaLine(f"{wi} new", f"{wi} − lr · ∂E/∂{wi}",
                                         f"{_n(step.W1[i, j])} − {lr} · {_n(step.dW1[i, j])}",
                                         float(step.W1_after[i, j])))
            lines.append(FormulaLine(f"b({H[j]}) new", f"b({H[j]}) − lr · ∂E/∂b({H[j]})",
                                     f"{_n(step.b1[j])} − {lr} · {_n(step.db1[j])}", float(step.b1_after[j])))
    return lines


def formulas_html(step, stage):
    """The stage's title, a sentence on what happens and its formulas, as HTML.

    Each formula reads lhs = symbols = numbers = value; every piece stays on one line and the
    formula wraps only between pieces, so a long chain rule stays readable on a narrow screen.
    """
    s = stage_index(stage)
    name = STAGES[s]
    rows = []
    for line in stage_formulas(step, s):
        pieces = [p for p in (*line.symbols.split(" = "), line.numbers) if p]
        body = " ".join(f"<span style='white-space:nowrap'>= {html.escape(p)}</span>" for p in pieces)
        body += f" <span style='white-space:nowrap'>= <b>{html.escape(fmt(line.value))}</b></span>"
        rows.append(
            "<tr style='vertical-align:top'>"
            f"<td style='padding:1px 10px 1px 0;white-space:nowrap'><b>{html.escape(line.lhs)}</b></td>"
            f"<td style='padding:1px 0'>{body}</td></tr>")
    return (f"<div style='line-height:1.4'>"
            f"<div class='nnl-backprop-stage-title' style='font-size:1.1em'><b>{html.escape(STAGE_TITLES[name])}</b></div>"
            f"<div style='margin:2px 0 6px 0'>{html.escape(STAGE_EXPLANATIONS[name])}</div>"
            f"<table style='border-collapse:collapse;font-size:0.95em;line-height:1.4'>{''.join(rows)}</table></div>")


# -- drawing a stage ----------------------------------------------------------------------
def draw_stage(diagram, step, stage):
    """Write `stage` of `step` on a `NetworkDiagram` (numbers on nodes and edges, emphasis)."""
    if not isinstance(diagram, NetworkDiagram):
        raise TypeError(f"diagram must be a NetworkDiagram, got {type(diagram).__name__}")
    if not isinstance(step, RowStep):
        raise TypeError(f"step must be a RowStep (from row_step), got {type(step).__name__}")
    s = stage_index(stage)
    name = STAGES[s]
    n_in, n_h = step.n_in, step.n_hidden
    after = name == "update"
    diagram.set_weights(step.weights_after if after else step.weights_before)

    # numbers on the nodes
    diagram.set_node_values(0, step.x, [""] * n_in)
    hidden_values = step.a_h if s >= 1 else [None] * n_h
    if name in ("hidden", "output", "error"):
        hidden_captions = [f"z = {fmt(z, 3)}" for z in step.z_h]
    elif name == "hidden_gradients":
        hidden_captions = [f"∂E/∂z = {fmt(d, 3)}" for d in step.dz_h]
    elif after:
        hidden_captions = [f"b: {fmt(b, 3)} → {fmt(ba, 3)}" for b, ba in zip(step.b1, step.b1_after)]
    else:
        hidden_captions = [""] * n_h
    diagram.set_node_values(1, hidden_values, hidden_captions)
    out_value = [step.y_pred] if s >= 2 else [None]
    if name in ("output", "error"):
        out_caption = [f"z = {fmt(step.z_out, 3)}"]
    elif name in ("output_gradients", "hidden_gradients"):
        out_caption = [f"∂E/∂z = {fmt(step.dz_out, 3)}"]
    elif after:
        out_caption = [f"b: {fmt(step.b2[0], 3)} → {fmt(step.b2_after[0], 3)}"]
    else:
        out_caption = [""]
    diagram.set_node_values(2, out_value, out_caption)

    # numbers on the edges
    W1_labels = [[fmt(step.W1[i, j], 3) for j in range(n_h)] for i in range(n_in)]
    W2_labels = [[fmt(step.W2[j, 0], 3)] for j in range(n_h)]
    if name == "output_gradients":
        W2_labels = [[fmt(step.dW2[j, 0], 3)] for j in range(n_h)]
    elif name == "hidden_gradients":
        W1_labels = [[fmt(step.dW1[i, j], 3) for j in range(n_h)] for i in range(n_in)]
    elif after:
        W1_labels = [[f"{fmt(step.W1[i, j], 3)}→{fmt(step.W1_after[i, j], 3)}" for j in range(n_h)]
                     for i in range(n_in)]
        W2_labels = [[f"{fmt(step.W2[j, 0], 3)}→{fmt(step.W2_after[j, 0], 3)}"] for j in range(n_h)]
    diagram.set_edge_labels(0, W1_labels, "gradient" if name == "hidden_gradients" else "weight")
    diagram.set_edge_labels(1, W2_labels, "gradient" if name == "output_gradients" else "weight")

    active = {"input": ((0, 1), (0,)), "hidden": ((0,), (1,)), "output": ((1,), (2,)), "error": ((), (2,)),
              "output_gradients": ((1,), (2,)), "hidden_gradients": ((0,), (1,)),
              "update": ((0, 1), ())}[name]
    diagram.emphasise(*active)

    diagram.target.set_text(f"Y (true) = {fmt(step.y, 3)}")
    diagram.note.set_text(f"E = {fmt(step.E, 3)}" if s >= 3 else "")
    diagram.title.set_text(stage_legend(step, s))


def stage_legend(step, stage):
    """One line saying what the numbers on the diagram mean at `stage`."""
    return {
        "input": "Numbers on the edges: the weights w",
        "hidden": "Forward: the hidden outputs a appear (z below each node)",
        "output": "Forward: the prediction Y_pred appears",
        "error": "The error E of this row (right)",
        "output_gradients": "Green boxes on the last layer's edges: ∂E/∂w (colours still show w)",
        "hidden_gradients": "Green boxes on the hidden layer's edges: ∂E/∂w (colours still show w)",
        "update": f"Update with lr = {fmt(step.lr, 3)}: each weight before → after",
    }[STAGES[stage_index(stage)]]


class DiagramView(FigureView):
    """A `FigureView` tuned for a diagram full of numbers, where text is most of the work.

    - Glyphs are drawn without font hinting, about a third faster; at 90 dpi they look the same.
    - The PNG uses a 64-colour palette: the diagram has few colours, so the picture looks the
      same, encodes about twice as fast and is a third of the size.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("colours", 64)
        super().__init__(*args, **kwargs)

    def draw(self, full=False):
        saved = matplotlib.rcParams["text.hinting"]
        matplotlib.rcParams["text.hinting"] = "no_hinting"
        try:
            super().draw(full=full)
        finally:
            matplotlib.rcParams["text.hinting"] = saved



def diagram_view(layer_sizes, names=None, figsize=(9.4, 4.6), dpi=90, css_class=None, title=True):
    """A `DiagramView` holding a `NetworkDiagram` whose changing artists are animated.

    title=False hides the diagram's title line and keeps the row's inputs in the cached
    background (faster redraws, for the widget)."""
    if not title:
        figsize = (figsize[0], figsize[1] - 0.45)   # no title line: less empty space on top
    view = DiagramView(figsize=figsize, dpi=dpi, css_class=css_class)
    ax = view.figure.add_axes((0.0, 0.0, 1.0, 1.0))
    input_names = names[0] if names else None
    diagram = NetworkDiagram(ax, layer_sizes, input_names=input_names)
    if title:
        view.animate(*diagram.artists())
    else:
        # The widget: the input values and Y change once per row, so they stay in the cached
        # background (redrawn in full when the row changes); the title is shown as HTML.
        diagram.title.set_visible(False)
        bottom, top = ax.get_ylim()
        ax.set_ylim(bottom, top - 0.55)
        view.animate(*diagram.artists(include_inputs=False, include_title=False))
    return view, diagram


def stage_image(step, stage, figsize=(9.4, 4.6), dpi=90):
    """PNG bytes of the diagram at `stage`: a static picture readable without a kernel."""
    view, diagram = diagram_view([step.n_in, step.n_hidden, 1], step.names, figsize, dpi)
    draw_stage(diagram, step, stage)
    view.draw(full=True)
    return view.png()


# -- the widget ---------------------------------------------------------------------------
class BackpropStepper(Explorer):
    """Step through backpropagation one stage at a time, row after row, epoch after epoch.

    stepper = BackpropStepper(net, X, Y, lr=0.5)   # the stepper trains its own copy of net
    stepper.next(); stepper.back(); stepper.readouts()

    Rows go in order (or, with shuffle=True, in the same seeded order as
    `nl.train(..., shuffle=True, seed=seed)`); after every row the weights take one step, as
    in `nl.train(..., batch_size=1)`.
    """

    title = "Backpropagation stepper"

    def __init__(self, net, X, Y, lr=0.1, shuffle=False, seed=0, feature_names=None, target_name=None,
                 figsize=(9.4, 4.6), dpi=90):
        check_stepper_network(net)
        X, Y = net.check_data(X, Y, "mse")
        self.lr = positive_number("lr", lr)
        if not isinstance(shuffle, bool):
            raise TypeError(f"shuffle must be True or False, got {shuffle!r}")
        self.shuffle, self.seed = shuffle, seed_value("seed", seed)
        if feature_names is not None and len(feature_names) != X.shape[1]:
            raise ValueError(f"feature_names needs one name per input column ({X.shape[1]}), got {list(feature_names)}")
        self.feature_names = list(feature_names) if feature_names is not None else None
        self.target_name = target_name
        self.X, self.Y = X, Y
        self.N = len(X)
        self.net = net.copy()                    # the stepper's own network: the learner's is untouched
        self.names = node_names(self.net.layer_sizes)
        self._snapshots = [self.net.get_weights()]   # weights at the start of every row step
        self._row_errors = []                    # E of every committed row step (before its update)
        self._epoch_losses = []                  # loss over all rows after each finished epoch
        self._orders = []
        self._rng = np.random.default_rng(self.seed)
        self._cache = {}
        self.k = 0                               # row steps done so far (0, 1, 2, ...)
        self.s = 0                               # stage within the current row (0..6)
        self.message = ""
        self._drawn_row = None
        self._pictures = {}                      # (row step, stage) -> PNG, for Back and Next
        self._build(figsize, dpi)
        self._show()

    # -- state ----------------------------------------------------------------------------
    @property
    def epoch(self):
        """The current epoch, counting from 1."""
        return self.k // self.N + 1

    @property
    def position(self):
        """The current row's place in its epoch, counting from 1."""
        return self.k % self.N + 1

    @property
    def stage(self):
        return STAGES[self.s]

    def row_index(self, k=None):
        """Which row of X the k-th row step uses (the current one by default)."""
        k = self.k if k is None else k
        e = k // self.N
        if not self.shuffle:
            return k % self.N
        while len(self._orders) <= e:
            self._orders.append(self._rng.permutation(self.N))   # as nl.train does, epoch by epoch
        return int(self._orders[e][k % self.N])

    def current_step(self):
        """The `RowStep` of the current row (computed from the weight snapshot, then cached)."""
        step = self._cache.get(self.k)
        if step is None:
            self.net.set_weights(self._snapshots[self.k])
            i = self.row_index()
            step = row_step(self.net, self.X[i], self.Y[i], self.lr, names=self.names)
            if len(self._cache) > 4:
                self._cache.clear()
            self._cache[self.k] = step
        return step

    def weights(self):
        """The weights at the start of the current row: every update before it, none after."""
        return [(W.copy(), b.copy()) for W, b in self._snapshots[self.k]]

    def running_epoch_loss(self):
        """Mean error of this epoch's rows seen so far (each measured before its update), or
        None before the first error of the epoch."""
        start = (self.epoch - 1) * self.N
        errors = self._row_errors[start:self.k]
        if self.s >= STAGES.index("error"):
            errors = errors + [self.current_step().E]
        return float(np.mean(errors)) if errors else None

    @property
    def epoch_losses(self):
        """Loss over all rows after each finished epoch (as `History.loss` records it)."""
        return list(self._epoch_losses[: (self.k // self.N)])

    # -- moves (no drawing) ---------------------------------------------------------------
    def _next(self):
        if self.s < len(STAGES) - 1:
            self.s += 1
            return True
        step = self.current_step()
        if step.diverged:
            self.message = (f"Stopped at epoch {self.epoch}, row {self.position}: {step.problem}. "
                            "Press Back or Reset, or make a new stepper with a smaller lr (such as 0.1).")
            return False
        if self.k + 1 == len(self._snapshots):         # a new row step: remember where it starts
            self._snapshots.append(step.weights_after)
            self._row_errors.append(step.E)
            if (self.k + 1) % self.N == 0:              # the last row of an epoch: record its loss
                self.net.set_weights(step.weights_after)
                with np.errstate(all="ignore"):
                    self._epoch_losses.append(self.net.loss(self.X, self.Y, "mse"))
        self.k += 1
        self.s = 0
        return True

    def _back(self):
        if self.s > 0:
            self.s -= 1
            return True
        if self.k > 0:
            self.k -= 1
            self.s = len(STAGES) - 1
            return True
        self.message = "This is the very first stage: there is nothing to go back to."
        return False

    # -- moves (public: change the state and redraw) --------------------------------------
    @serialized
    def next(self):
        """Go to the next stage (after the update: the next row). Returns False if it cannot."""
        self.message = ""
        moved = self._next()
        self._show()
        return moved

    @serialized
    def back(self):
        """Go to the previous stage (from a row's first stage: the last stage of the row before)."""
        self.message = ""
        moved = self._back()
        self._show()
        return moved

    @serialized
    def next_row(self):
        """Finish this row (its update included) and go to the first stage of the next row."""
        self.message = ""
        k = self.k
        while self.k == k and self._next():
            pass
        self._show()
        return self.k != k

    @serialized
    def reset(self):
        """Back to the first stage of the first row, with the starting weights."""
        self.message = ""
        self.k, self.s = 0, 0
        self._show()

    # -- what is shown --------------------------------------------------------------------
    def readouts(self):
        """The numbers on screen: the stage's numbers (see `stage_readouts`), plus "epoch",
        "row" (its place in the epoch), "row index" (its row in X), "stage" (0..6) and
        "running epoch loss" when there is one."""
        r = stage_readouts(self.current_step(), self.s)
        r["epoch"] = float(self.epoch)
        r["row"] = float(self.position)
        r["row index"] = float(self.row_index())
        r["stage"] = float(self.s)
        running = self.running_epoch_loss()
        if running is not None:
            r["running epoch loss"] = running
        return r

    def _build(self, figsize, dpi):
        self.back_button = widgets.Button(description="◀ Back", tooltip="previous stage",
                                          layout=widgets.Layout(width="110px"))
        self.next_button = widgets.Button(description="Next ▶", tooltip="next stage", button_style="primary",
                                          layout=widgets.Layout(width="110px"))
        self.next_row_button = widgets.Button(description="Next row ▶▶", tooltip="finish this row and go to the next",
                                              layout=widgets.Layout(width="130px"))
        self.reset_button = widgets.Button(description="Reset", tooltip="back to the first row, first epoch",
                                           layout=widgets.Layout(width="90px"))
        for button, part in ((self.back_button, "back"), (self.next_button, "next"),
                             (self.next_row_button, "next-row"), (self.reset_button, "reset")):
            button.add_class(f"nnl-backprop-{part}")
        self.back_button.on_click(lambda _: self.back())
        self.next_button.on_click(lambda _: self.next())
        self.next_row_button.on_click(lambda _: self.next_row())
        self.reset_button.on_click(lambda _: self.reset())
        self.position_html = widgets.HTML()
        self.position_html.add_class("nnl-backprop-position")
        self.view, self.diagram = diagram_view(self.net.layer_sizes, self.names, figsize, dpi,
                                               css_class="nnl-backprop-figure", title=False)
        self.legend_html = widgets.HTML()
        self.legend_html.add_class("nnl-backprop-legend")
        self.formulas = widgets.HTML()
        self.formulas.add_class("nnl-backprop-formulas")
        self.loss_html = widgets.HTML()
        self.loss_html.add_class("nnl-backprop-loss")
        self.status_html = self.status("nnl-backprop-status")
        controls = widgets.HBox([self.back_button, self.next_button, self.next_row_button, self.reset_button])
        self.widget = widgets.VBox([controls, self.position_html, self.legend_html, self.view.image, self.formulas,
                                    self.loss_html, self.status_html])
        self.widget.add_class("nnl-backprop")

    def _show(self):
        step = self.current_step()
        key = (self.k, self.s)
        png = self._pictures.get(key)
        if png is None:
            draw_stage(self.diagram, step, self.s)
            # A new row changes the input values, which live in the cached background.
            self.view.render(full=self._drawn_row != self.k)
            self._drawn_row = self.k
            png = self.view.image.value
            if len(self._pictures) >= PICTURE_CACHE:
                self._pictures.pop(next(iter(self._pictures)))   # forget the oldest
            self._pictures[key] = png
        else:                                # a stage seen before (Back, then Next): same picture
            self.view.image.value = png
        i = self.row_index()
        row_text = f"row {self.position} of {self.N}"
        if self.shuffle:
            row_text += f" (row {i + 1} of the data)"
        self.position_html.value = (
            f"<b>Epoch {self.epoch}</b> · {row_text} · stage {self.s + 1} of {len(STAGES)}: "
            f"{html.escape(STAGE_TITLES[self.stage])}")
        self.legend_html.value = f"<i>{html.escape(stage_legend(step, self.s))}</i>"
        self.formulas.value = formulas_html(step, self.s) + self._units_note(i)
        running = self.running_epoch_loss()
        parts = [f"Running epoch loss (mean error of this epoch's rows so far): "
                 f"<b>{fmt(running) if running is not None else 'none yet'}</b>"]
        losses = self.epoch_losses
        if losses:
            shown = ", ".join(f"epoch {e}: {fmt(v)}" for e, v in list(enumerate(losses, 1))[-5:])
            parts.append(f"loss over all rows after {shown}")
        self.loss_html.value = " · ".join(parts)
        message = self.message
        if not message and step.diverged and self.stage == "update":
            message = f"Careful: {step.problem}. Next will not apply it."
        self.status_html.value = f"<span style='color:#D55E00'>{html.escape(message)}</span>" if message else ""
        self.back_button.disabled = self.k == 0 and self.s == 0

    def _units_note(self, i):
        if self.s != 0 or not self.feature_names:
            return ""
        names = ", ".join(f"{x} = {html.escape(str(n))}" for x, n in zip(self.names[0], self.feature_names))
        target = f"; Y = {html.escape(str(self.target_name))}" if self.target_name else ""
        return f"<div style='margin-top:4px;color:#555'>({names}{target}, all standardised.)</div>"

    def png(self):
        """The diagram as it is shown now, as PNG bytes."""
        return self.view.image.value

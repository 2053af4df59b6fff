"""Backpropagation for one row, stage by stage, with the real numbers: what lesson 3's stepper shows.

Every number is the package's. For one row (a batch of one), `backprop_row` calls
`net.backward`, which runs the forward pass and then backpropagation, last layer first; it
reads what the layers kept (A_prev, Z, A) and the gradients backward returns. With one row,
∂E/∂b of a layer *is* its ∂E/∂z (the sum over rows has a single term), so even the deltas
are backward's own numbers. The update is `net.update` on a copy, with the same learning
rate as `nl.train`. Nothing here re-implements backpropagation: the formulas only write
out, factor by factor, what backward computed.

    step = backprop_row(net, x, y, lr)         every number of one row: forward, error, backward, update
    stage_readouts(step, "error")              {name: number} shown up to that stage
    stage_formulas(step, "hidden_gradients")   [FormulaLine]: the chain rule term by term, numbers plugged in
    walk = BackpropWalk(net, X, Y, lr)         the stepper without a screen: row after row, epoch after epoch
    node_names([3, 2, 1]), node_positions, edge_label_position   the diagram's names and layout

Drawing and controls live in `nnlesson.widgets` (diagram.py, backprop.py); nothing here
needs a browser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from .._validate import (as_array, check_instance, check_layer_sizes, check_network, choice, positive_number,
                         whole_number)
from ..activations import ACTIVATIONS, HIDDEN_CHOICES
from ..losses import _mse, _mse_gradient
from ..plots import fmt
from ..training import divergence_message, has_diverged

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
STAGE_LEGENDS = {   # what the numbers on the diagram mean at each stage
    "input": "Numbers on the edges: the weights w",
    "hidden": "Forward: the hidden outputs a appear (z below each node)",
    "output": "Forward: the prediction Y_pred appears",
    "error": "The error E of this row (right)",
    "output_gradients": "Green boxes on the last layer's edges: ∂E/∂w (colours still show w)",
    "hidden_gradients": "Green boxes on the hidden layer's edges: ∂E/∂w (colours still show w)",
    "update": "Update with lr = {lr}: each weight before → after",
}
LAYER_GAP = 4.0     # horizontal distance between the diagram's layers (data units)
NODE_GAP = 1.5      # vertical distance between the nodes of a layer


# -- the diagram's names and layout -----------------------------------------------------------
def node_names(layer_sizes, input_names=None, output_names=None, hidden_prefix="h"):
    """Names per layer: X1, X2, ... for inputs; h1, h2, ... for hidden layers (h1_1, ... when
    there are several); Y_pred (or Y_pred1, ...) for outputs."""
    sizes = check_layer_sizes(layer_sizes)
    names = []
    n_hidden_layers = len(sizes) - 2
    for l, n in enumerate(sizes):
        if l == 0:
            layer = list(input_names) if input_names is not None else [f"X{k + 1}" for k in range(n)]
        elif l == len(sizes) - 1:
            if output_names is not None:
                layer = list(output_names)
            else:
                layer = ["Y_pred"] if n == 1 else [f"Y_pred{k + 1}" for k in range(n)]
        else:
            stem = hidden_prefix if n_hidden_layers == 1 else f"{hidden_prefix}{l}_"
            layer = [f"{stem}{k + 1}" for k in range(n)]
        if len(layer) != n:
            raise ValueError(f"layer {l} has {n} nodes but {len(layer)} names were given: {layer}")
        names.append(layer)
    return names


def node_positions(layer_sizes):
    """(x, y) of every node, per layer: layers left to right, nodes centred top to bottom."""
    sizes = check_layer_sizes(layer_sizes)
    return [[(l * LAYER_GAP, ((n - 1) / 2 - k) * NODE_GAP) for k in range(n)] for l, n in enumerate(sizes)]


def edge_label_position(layer, i, j, layer_sizes):
    """Where the label of the edge from node i (layer `layer`) to node j (layer `layer`+1) sits.

    Labels sit on their edge, nearer the layer whose nodes fan out more, so labels of
    different edges do not pile up where edges cross.
    """
    pos = node_positions(layer_sizes)
    (x0, y0), (x1, y1) = pos[layer][i], pos[layer + 1][j]
    n_from, n_to = len(pos[layer]), len(pos[layer + 1])
    if n_to == 1:
        t = 0.42
    elif n_from == 1:
        t = 0.58
    else:
        t = 0.30 if n_from >= n_to else 0.70
    return x0 + t * (x1 - x0), y0 + t * (y1 - y0)


# -- one row: forward, error, backward, update --------------------------------------------------
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
    E: float                   # the row's squared error (MSE over one row), from losses
    dE_dy_pred: float          # ∂E/∂Y_pred = 2(Y_pred − Y), from losses
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
    loss_after: float = 0.0    # the loss the update leads to (see backprop_row)
    diverged: bool = False     # training.has_diverged(loss_after, start loss)
    problem: str = ""          # training.divergence_message, when it diverged
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
    check_network(net)
    if len(net.layers) != 2 or net.n_outputs != 1:
        raise ValueError(f"the stepper needs a network with one hidden layer and one output, such as "
                         f"Network([3, 2, 1]); got layer_sizes {net.layer_sizes}")
    if net.output != "identity":
        raise ValueError(f"the stepper needs an identity output (regression with MSE), got output={net.output!r}")
    if net.hidden not in HIDDEN_CHOICES:
        raise ValueError(f"the stepper's hidden activation must be one of {list(HIDDEN_CHOICES)}, "
                         f"got {net.hidden!r}")
    if net.n_inputs > 6 or net.layers[0].n_out > 5:
        raise ValueError(f"the stepper draws at most 6 inputs and 5 hidden neurons, got layer_sizes {net.layer_sizes}")
    return net


def backprop_row(net, x, y, lr, data=None, start_loss=None, names=None):
    """One row through `net`: forward pass, error, backward pass (last layer first), update.

    x is one row of inputs (n_inputs,), y its target (a number), lr the learning rate. The
    numbers, in the order backpropagation finds them:
        forward      z_h = x·W1 + b1,  a_h = f(z_h),  Y_pred = z_out = a_h·W2 + b2
        error        E = (Y_pred − Y)²,  ∂E/∂Y_pred = 2·(Y_pred − Y)          (losses)
        last layer   ∂E/∂z_out = ∂E/∂Y_pred · 1    (identity output)
                     ∂E/∂W2 = a_hᵀ · ∂E/∂z_out,  ∂E/∂b2 = ∂E/∂z_out        (backward)
        hidden layer ∂E/∂a_h = ∂E/∂z_out · W2ᵀ     (back along the same weights)
                     ∂E/∂z_h = ∂E/∂a_h · f′(z_h)  (through the activation)
                     ∂E/∂W1 = xᵀ · ∂E/∂z_h,  ∂E/∂b1 = ∂E/∂z_h              (backward)
        update       W ← W − lr·∂E/∂W for every layer                        (net.update, on a copy)
    `net`'s own weights are not changed.

    The update is judged by the one divergence rule, `nl.training.has_diverged`: the loss over
    `data` = (X, Y) after the update (default: this row's error) against `start_loss` (default:
    that loss before the update). If it blew up, `diverged` is True and `problem` says why.
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
    X_all, Y_all = (X, Y) if data is None else net.check_data(data[0], data[1], "mse")
    hidden, out = net.layers
    with np.errstate(all="ignore"):
        grads = net.backward(X, Y, loss="mse")     # the forward pass, then backpropagation, last layer first
        (dW1, db1), (dW2, db2) = grads
        z_h, a_h, z_out, Y_pred = hidden.Z[0].copy(), hidden.A[0].copy(), float(out.Z[0, 0]), out.A.copy()
        E = _mse(Y_pred, Y)
        dE_dy_pred = float(_mse_gradient(Y_pred, Y)[0, 0])
        # ∂E/∂a_h = ∂E/∂z_out · W2ᵀ: the product backward forms on its way back (its dA_prev) but does
        # not return; ∂E/∂z_h = ∂E/∂a_h · f′(z_h) is backward's db1 (tests check the two agree).
        da_h = db2 @ out.W.T

        # The update, on a copy, judged by the one divergence rule.
        before = start_loss if start_loss is not None else (E if data is None else net.loss(X_all, Y_all, "mse"))
        W1a, b1a, W2a, b2a = (a.copy() for a in (hidden.W, hidden.b, out.W, out.b))
        loss_after = np.inf
        if all(np.all(np.isfinite(g)) for pair in grads for g in pair):
            twin = net.copy()
            try:
                twin.update(grads, lr)
            except ValueError:   # the step lr·dW itself overflows: diverged, loss_after stays inf
                twin = None
            if twin is not None:
                loss_after = twin.loss(X_all, Y_all, "mse")
                if all(np.all(np.isfinite(a)) for pair in twin.get_weights() for a in pair):
                    (W1a, b1a), (W2a, b2a) = twin.get_weights()   # else the weights before: never NaN on screen
        diverged = bool(has_diverged(loss_after, before))
    return RowStep(
        x=x.copy(), y=float(y[0]), lr=lr, activation=hidden.activation,
        W1=hidden.W.copy(), b1=hidden.b.copy(), W2=out.W.copy(), b2=out.b.copy(),
        z_h=z_h, a_h=a_h, z_out=z_out, y_pred=float(Y_pred[0, 0]),
        E=E, dE_dy_pred=dE_dy_pred, dz_out=float(db2[0]), dW2=dW2.copy(), db2=db2.copy(), da_h=da_h,
        dz_h=db1.copy(), dW1=dW1.copy(), db1=db1.copy(),
        W1_after=W1a, b1_after=b1a, W2_after=W2a, b2_after=b2a, loss_after=float(loss_after), diverged=diverged,
        problem=divergence_message("this row's update", before, loss_after, lr) if diverged else "",
        names=names or node_names(net.layer_sizes),
    )


# -- what each stage shows ------------------------------------------------------------------
def stage_index(stage):
    """A stage given by name ("error") or number (3) as its number 0..6."""
    if isinstance(stage, str):
        return STAGES.index(choice("stage", stage, STAGES))
    return whole_number("stage", stage, 0, len(STAGES) - 1)


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
    check_instance("step", step, RowStep, "backprop_row")
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
    if s >= 4:                       # the last layer first
        r[f"∂E/∂z({out})"] = step.dz_out
        for j in range(step.n_hidden):
            r[f"∂E/∂{_w2(step, j)}"] = float(step.dW2[j, 0])
        r[f"∂E/∂b({out})"] = float(step.db2[0])
    if s >= 5:                       # then the hidden layer
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


def stage_legend(step, stage):
    """One line saying what the numbers on the diagram mean at `stage`."""
    return STAGE_LEGENDS[STAGES[stage_index(stage)]].format(lr=fmt(step.lr, 3))


# -- the formulas of each stage, with the numbers plugged in ------------------------------------
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


def _put_z(text, z):
    """`text` (a formula in z, from the activations table) with z replaced by `z`: a name or a number."""
    def put(match):
        if not match.group(1):
            return z
        return f"^{z}" if z.isidentifier() or z.startswith("(") else f"^({z})"   # e^z -> e^(z(h1))
    return re.sub(r"(\^)?(?<![\w′])z(?![\w])", put, text)


def _bracketed(text):
    """`text` in brackets if a sum, difference or case distinction stands outside any bracket,
    so that it reads right as a factor of a product: 1 − a² -> (1 − a²)."""
    bare = text
    while (stripped := re.sub(r"\([^()]*\)", "", bare)) != bare:
        bare = stripped
    return f"({text})" if any(op in bare for op in (" − ", " + ", " if ")) else text


def activation_formulas(activation, z, a):
    """The activation's formula and slope from `nnlesson.activations.ACTIVATIONS`, written for one
    neuron: z and a are its names ("z(h1)", "a(h1)") or its numbers.

    Returns (f, f_of_z, slope): f(z) with z put in ("σ(z(h1))"), its right-hand side
    ("1 / (1 + e^(−z(h1)))") and the slope f′(z), written with the neuron's output a where the
    table writes f(z) (σ′(z) = σ(z)·(1 − σ(z)) = a·(1 − a)), in brackets where a product needs them.
    """
    row = ACTIVATIONS[activation]
    call, rhs = row.formula.split(" = ", 1)                  # "σ(z)", "1 / (1 + e^(−z))"
    slope = row.derivative_formula.split(" = ", 1)[1]         # "σ(z)·(1 − σ(z))"
    return _put_z(call, z), _put_z(rhs, z), _bracketed(_put_z(slope.replace(call, a), z))


def activation_slope(activation, z, a):
    """f′(z) for one neuron, by the same rule backward uses (the activations table's backward)."""
    return float(ACTIVATIONS[activation].backward(np.float64(z), np.float64(a), 1.0))


def _hidden_neuron(step, j):
    """The names and numbers of hidden neuron j's activation: (f = rhs, rhs in numbers, f′, f′ in numbers, f′)."""
    _, H, _ = step.names
    z, a = step.z_h[j], step.a_h[j]
    f, rhs, slope = activation_formulas(step.activation, f"z({H[j]})", f"a({H[j]})")
    _, rhs_numbers, slope_numbers = activation_formulas(step.activation, _n(z), _n(a))
    value = activation_slope(step.activation, z, a)
    if " if " in slope:                      # a case distinction: show the case that applies
        slope_numbers = fmt(value)
    return f"{f} = {rhs}", rhs_numbers, slope, slope_numbers, value


def stage_formulas(step, stage):
    """The formulas applied at `stage`, with this row's numbers plugged in, as `FormulaLine`s.

    Forward: z = Σ inputs·weights + b, a = f(z). Backward, last layer first, the chain rule term
    by term: ∂E/∂w(h→Y_pred) = ∂E/∂Y_pred · ∂Y_pred/∂z · ∂z/∂w, then one layer further back,
    ∂E/∂w(X→h) = ∂E/∂z(Y_pred) · w(h→Y_pred) · f′(z(h)) · X. Update: w − lr · ∂E/∂w.
    """
    check_instance("step", step, RowStep, "backprop_row")
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
            formula, numbers, _, _, _ = _hidden_neuron(step, j)
            lines.append(FormulaLine(f"a({H[j]})", formula, numbers, float(step.a_h[j])))
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
            _, _, slope, slope_numbers, slope_value = _hidden_neuron(step, j)
            lines.append(FormulaLine(f"∂E/∂z({H[j]})", f"∂E/∂a({H[j]}) · ∂a({H[j]})/∂z({H[j]}) = ∂E/∂a({H[j]}) · {slope}",
                                     f"{_n(step.da_h[j])} · {slope_numbers}", float(step.dz_h[j])))
            for i in range(step.n_in):
                wi = _w1(step, i, j)
                lines.append(FormulaLine(
                    f"∂E/∂{wi}",
                    f"∂E/∂z({out}) · {w} · {slope} · {X[i]}",
                    f"{_n(step.dz_out)} · {_n(step.W2[j, 0])} · {_n(slope_value)} · {_n(step.x[i])}",
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

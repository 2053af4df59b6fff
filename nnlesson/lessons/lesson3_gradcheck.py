"""Lesson 3, §7: nudge one weight and watch the error, the plain functions behind `GradCheckExplorer`.

For one weight (or bias) w of a network and the mean squared error E over the rows of (X, Y):

    numerical slope   = (E(w + ε) − E(w − ε)) / (2ε)          a central difference, as nnlesson.gradcheck
    backpropagation   = ∂E/∂w from Network.backward
    relative difference = |numerical − backprop| / (|numerical| + |backprop|)   (gradcheck.relative_error)

How good the numerical slope is depends on the nudge ε, in a V on log–log axes: a large ε measures the
slope of a secant, not of the tangent (truncation error, about ε² times the curve's third derivative);
a tiny ε subtracts two almost equal errors that carry only about 16 significant digits each, so the
rounding error of E (about 1e-16 · E) is divided by 2ε (rounding error, about 1e-16/ε). In between,
near ε = 1e-5, the two agree to about 10 digits.

    from nnlesson.lessons import lesson3, lesson3_gradcheck as gc
    X, Y = lesson3.lesson_data(); net = lesson3.lesson_network()
    gc.parameter_names(net)                       # ['w(X1→h1)', ..., 'b(Y_pred)'], as lesson 3 names them
    gc.gradcheck_readouts(net, X, Y, "w(X3→h2)", 1e-5)   # E(w±ε), both slopes, their relative difference

Weights are named as in lesson 3's diagram and table (`lesson3.gradient_table`): "w(X3→h2)" is the
weight from input X3 to hidden neuron h2, "b(h2)" that neuron's bias, "w(h2→Y_pred)" the weight from
h2 to the output. Nothing here changes the network it is given.
"""

from __future__ import annotations

import math

import numpy as np

from .._validate import as_array, check_network, choice, number, positive_number
from ..gradcheck import relative_error
from .backprop_steps import node_names

EPS_RANGE = (1e-12, 1.0)          # the nudges the explorer offers (its slider, on a log scale)
EPS_DEFAULT = 1e-5                # nnlesson.gradcheck's h
FLOAT_DIGITS = 16                 # a float64 carries about 16 significant digits
SMALLEST_SHOWN = 1e-17            # a relative difference of 0 is drawn here on a log axis


def parameter_names(net):
    """The names of every weight and bias of `net`, in the order of lesson 3's table
    (`lesson3.gradient_table`): layer by layer; in each layer, neuron by neuron, its incoming weights
    then its bias."""
    check_network(net)
    names = node_names(net.layer_sizes)
    found = []
    for l, layer in enumerate(net.layers):
        for j in range(layer.W.shape[1]):
            found += [f"w({names[l][i]}→{names[l + 1][j]})" for i in range(layer.W.shape[0])]
            found.append(f"b({names[l + 1][j]})")
    return found


def parameter_index(net, name):
    """Where weight `name` lives: (layer number, "W" or "b", index into that array)."""
    check_network(net)
    names = parameter_names(net)
    if not isinstance(name, str):
        raise TypeError(f"name must be one of the network's weights such as {names[0]!r}, got {name!r} of type "
                        f"{type(name).__name__}")
    choice("weight name", name, names)
    sizes = node_names(net.layer_sizes)
    for l, layer in enumerate(net.layers):
        for j in range(layer.W.shape[1]):
            if name == f"b({sizes[l + 1][j]})":
                return l, "b", (j,)
            for i in range(layer.W.shape[0]):
                if name == f"w({sizes[l][i]}→{sizes[l + 1][j]})":
                    return l, "W", (i, j)
    raise AssertionError(name)  # unreachable: choice() checked the name


def check_eps(eps, name="eps"):
    """ε as a float if it is a number from 1e-12 to 1 (EPS_RANGE), else ValueError/TypeError."""
    eps = positive_number(name, eps)
    low, high = EPS_RANGE
    if not low * (1 - 1e-9) <= eps <= high * (1 + 1e-9):
        raise ValueError(f"{name} must be a nudge from {low:g} to {high:g}, such as 1e-5, got {eps!r}")
    return float(min(max(eps, low), high))


def _checked(net, X, Y, name):
    check_network(net)
    X, Y = net.check_data(X, Y, "mse")
    return X, Y, parameter_index(net, name)


def weight_value(net, name):
    """The current value of weight `name` of `net`."""
    l, kind, index = parameter_index(net, name)
    return float(getattr(net.layers[l], kind)[index])


def errors_at(net, X, Y, name, values):
    """E (mean squared error over the rows of X) with weight `name` set to each of `values` in turn,
    every other weight as it is. Returns an array like `values`; `net` is left unchanged."""
    X, Y, (l, kind, index) = _checked(net, X, Y, name)
    values = as_array("values", values)
    work = net.copy()
    P = getattr(work.layers[l], kind)
    out = np.empty(values.shape)
    with np.errstate(over="ignore", invalid="ignore"):
        for k, v in enumerate(values.ravel()):
            P[index] = v
            out.ravel()[k] = work._loss(X, Y, "mse")
    return out


def nudged_errors(net, X, Y, name, eps):
    """(E(w + ε), E(w − ε)) for weight `name`, every other weight as it is."""
    eps = check_eps(eps)
    w = weight_value(net, name)
    E_plus, E_minus = errors_at(net, X, Y, name, [w + eps, w - eps])
    return float(E_plus), float(E_minus)


def numerical_slope(net, X, Y, name, eps):
    """The central difference (E(w + ε) − E(w − ε)) / (2ε), as `nnlesson.gradcheck` computes it."""
    E_plus, E_minus = nudged_errors(net, X, Y, name, eps)
    return (E_plus - E_minus) / (2 * check_eps(eps))


def backprop_slope(net, X, Y, name):
    """∂E/∂w for weight `name`, from backpropagation (`Network.backward`)."""
    X, Y, (l, kind, index) = _checked(net, X, Y, name)
    dW, db = net.copy().backward(X, Y, loss="mse")[l]
    return float((dW if kind == "W" else db)[index])


def agreement_words(relative):
    """A relative difference in words: "agree to 9 digits", "agree to every digit", "disagree"."""
    relative = number("relative", relative, low=0)
    if relative == 0:
        return "they agree to every digit a computer keeps (about 16)"
    digits = math.floor(-math.log10(relative)) if relative < 1 else 0
    if digits >= FLOAT_DIGITS:
        return "they agree to every digit a computer keeps (about 16)"
    if digits >= 2:
        return f"they agree to {digits} digits"
    if digits == 1:
        return "they agree to only 1 digit"
    return "they disagree"


def gradcheck_readouts(net, X, Y, name, eps):
    """Everything the explorer shows for weight `name` and nudge ε, as a dict:
    w, eps, E_plus = E(w + ε), E_minus = E(w − ε), numerical = (E_plus − E_minus)/(2ε),
    backprop = ∂E/∂w, relative = their relative difference, words = it in words."""
    eps = check_eps(eps)
    X, Y, (l, kind, index) = _checked(net, X, Y, name)
    work = net.copy()
    P = getattr(work.layers[l], kind)
    w = float(P[index])
    with np.errstate(over="ignore", invalid="ignore"):
        P[index] = w + eps
        E_plus = float(work._loss(X, Y, "mse"))
        P[index] = w - eps
        E_minus = float(work._loss(X, Y, "mse"))
        P[index] = w
        dW, db = work._backward(X, Y, "mse")[l]
    numerical = (E_plus - E_minus) / (2 * eps)
    backprop = float((dW if kind == "W" else db)[index])
    relative = relative_error(np.array([numerical]), np.array([backprop]))
    return {"w": w, "eps": eps, "E_plus": E_plus, "E_minus": E_minus, "numerical": numerical,
            "backprop": backprop, "relative": relative, "words": agreement_words(relative)}


def secant_line(readouts, at):
    """The secant through (w − ε, E(w − ε)) and (w + ε, E(w + ε)), evaluated at the weight values
    `at`; `readouts` is a dict from `gradcheck_readouts`."""
    if not isinstance(readouts, dict) or not {"w", "eps", "E_minus", "numerical"} <= set(readouts):
        raise TypeError(f"readouts must be the dict gradcheck_readouts returns, got {type(readouts).__name__}")
    at = as_array("at", at)
    return readouts["E_minus"] + readouts["numerical"] * (at - (readouts["w"] - readouts["eps"]))


def eps_grid(points_per_decade=4):
    """The nudges ε of the V curve: from 1e-12 to 1, `points_per_decade` per factor 10."""
    points_per_decade = positive_number("points_per_decade", points_per_decade, integer=True)
    low, high = (math.log10(e) for e in EPS_RANGE)
    return 10.0 ** np.linspace(low, high, int(round((high - low) * points_per_decade)) + 1)


def difference_curve(net, X, Y, name, eps_values=None):
    """The relative difference between the numerical slope and backpropagation for each nudge in
    `eps_values` (default `eps_grid()`): the V. Returns (eps_values, relative differences)."""
    eps_values = eps_grid() if eps_values is None else as_array("eps_values", eps_values, ndim=1)
    eps_values = np.array([check_eps(e, "each of eps_values") for e in eps_values])
    X, Y, _ = _checked(net, X, Y, name)
    w = weight_value(net, name)
    backprop = np.array([backprop_slope(net, X, Y, name)])
    E = errors_at(net, X, Y, name, np.concatenate([w + eps_values, w - eps_values]))
    slopes = (E[:len(eps_values)] - E[len(eps_values):]) / (2 * eps_values)
    return eps_values, np.array([relative_error(np.array([s]), backprop) for s in slopes])


def tangent_and_secant(net, X, Y, name, eps, at):
    """The two lines of the explorer's left panel, evaluated at the weight values `at`:
    the tangent of slope ∂E/∂w (backpropagation) through (w, E(w)) and the secant through
    (w − ε, E(w − ε)) and (w + ε, E(w + ε)). Returns (tangent, secant) as arrays like `at`."""
    r = gradcheck_readouts(net, X, Y, name, eps)
    at = as_array("at", at)
    E_w = float(errors_at(net, X, Y, name, [r["w"]])[0])
    return E_w + r["backprop"] * (at - r["w"]), secant_line(r, at)

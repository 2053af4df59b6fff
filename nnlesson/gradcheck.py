"""Numerical gradients: measure ∂E/∂w by nudging w, to check backpropagation.

Central difference, for each weight or bias w in turn:

    ∂E/∂w ≈ (E(w + h) − E(w − h)) / (2h)

It needs two forward passes per weight, so it is far slower than backpropagation, but it
uses nothing but the loss itself: if both agree, the backward pass is right.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import as_array, check_network, check_same_shape, positive_number

# The most multiplications numerical_gradients takes on (2 forward passes per weight): about a
# minute of work. More is refused with a hint to check fewer rows or a smaller network.
MAX_WORK = 2e10


def numerical_gradients(net, X, Y, loss="mse", h=1e-5):
    """[(dW, db), ...] measured by central differences; same structure as `Network.backward`.

    h is the nudge: a small positive number, at most 1 (1e-5 balances the formula's error
    against rounding).
    """
    check_network(net)
    X, Y = net.check_data(X, Y, loss)
    h = positive_number("h", h)
    if h > 1:
        raise ValueError(f"h must be a small positive number (at most 1) such as 1e-5, got {h!r}")
    work = 2.0 * net.n_parameters * len(X) * net.n_parameters
    if work > MAX_WORK:
        raise ValueError(f"X must have few enough rows to nudge each of {net.n_parameters:,} weights and biases "
                         f"(2 forward passes each) in reasonable time, got {len(X):,} rows: check a few rows, "
                         "e.g. X[:10] and Y[:10], or a smaller network")
    grads = []
    with np.errstate(over="ignore", invalid="ignore"):  # a loss that overflows is reported below, in words
        _nudge_each(net, X, Y, loss, h, grads)
    net._forward(X)  # leave the stored activations as a plain forward pass would
    if not all(np.all(np.isfinite(G)) for pair in grads for G in pair):
        raise ValueError("the loss must be a finite number near these weights, got an overflow while nudging "
                         "them: the numbers in X or Y are too large for this network; scale the data")
    return grads


def _nudge_each(net, X, Y, loss, h, grads):
    """Central differences for every weight and bias, appended to `grads` as (dW, db) per layer."""
    for layer in net.layers:
        pair = []
        for P in (layer.W, layer.b):
            G = np.zeros_like(P)
            flat, gflat = P.reshape(-1), G.reshape(-1)  # views: nudging flat nudges the layer
            for k in range(flat.size):
                saved = flat[k]
                flat[k] = saved + h
                E_plus = net._loss(X, Y, loss)
                flat[k] = saved - h
                E_minus = net._loss(X, Y, loss)
                flat[k] = saved
                gflat[k] = (E_plus - E_minus) / (2 * h)
            pair.append(G)
        grads.append(tuple(pair))


def relative_error(a, b):
    """‖a − b‖ / (‖a‖ + ‖b‖): 0 when equal, near 1 when unrelated (0 if both are zero).

    a and b are arrays of the same shape (two gradients of one W or b), finite numbers.
    """
    a, b = as_array("a", a, allow_empty=True), as_array("b", b, allow_empty=True)
    check_same_shape("a", a, "b", b)
    with np.errstate(over="ignore", invalid="ignore"):
        denom = np.linalg.norm(a) + np.linalg.norm(b)
        if np.isfinite(denom):
            return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)
        # numbers near 1e308 overflow the norms: the ratio is the same for a/s and b/s
        s = max(np.abs(a).max(), np.abs(b).max())
        a, b = a / s, b / s
        return float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)))


@dataclass
class GradientCheck:
    """The result of `gradient_check`: one relative error per W and b, and the largest."""

    errors: list  # [(error_W, error_b), ...] per layer
    max_error: float
    tolerance: float

    @property
    def passed(self):
        return self.max_error < self.tolerance

    def __repr__(self):
        verdict = "agree" if self.passed else "DISAGREE"
        rows = ", ".join(f"layer {i}: W {eW:.1e}, b {eb:.1e}" for i, (eW, eb) in enumerate(self.errors))
        return (f"GradientCheck(backprop and numerical gradients {verdict}: largest relative error "
                f"{self.max_error:.2e}, tolerance {self.tolerance:.0e}; {rows})")


def gradient_check(net, X, Y, loss="mse", h=1e-5, tolerance=1e-7):
    """Compare `net.backward` with `numerical_gradients`; report the largest relative error."""
    tolerance = positive_number("tolerance", tolerance)
    numeric = numerical_gradients(net, X, Y, loss, h=h)
    analytic = net.backward(X, Y, loss)
    errors = [(relative_error(dW, nW), relative_error(db, nb))
              for (dW, db), (nW, nb) in zip(analytic, numeric)]
    return GradientCheck(errors, max(max(pair) for pair in errors), tolerance)

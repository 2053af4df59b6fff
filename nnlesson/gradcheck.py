"""Numerical gradients: measure ∂E/∂w by nudging w, to check backpropagation.

Central difference, for each weight or bias w in turn:

    ∂E/∂w ≈ (E(w + h) − E(w − h)) / (2h)

It needs two forward passes per weight, so it is far slower than backpropagation, but it
uses nothing but the loss itself: if both agree, the backward pass is right.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import positive_number
from .network import Network


def numerical_gradients(net, X, Y, loss="mse", h=1e-5):
    """[(dW, db), ...] measured by central differences; same structure as `Network.backward`."""
    if not isinstance(net, Network):
        raise TypeError(f"net must be an nnlesson Network, got {type(net).__name__}")
    X, Y = net.check_data(X, Y, loss)
    h = positive_number("h", h)
    grads = []
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
    net._forward(X)  # leave the stored activations as a plain forward pass would
    return grads


def relative_error(a, b):
    """‖a − b‖ / (‖a‖ + ‖b‖): 0 when equal, near 1 when unrelated (0 if both are zero)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


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

"""Activation functions and their derivatives.

A dense layer computes Z = X·W + b and then A = f(Z), where f is the activation.
Backpropagation needs how A moves when Z moves, f'(Z), to carry the error's derivative
from A back to Z (one factor of the chain rule):

    ∂E/∂Z = ∂E/∂A · f'(Z)          (element by element)

Softmax is different: each output depends on every input of its row, so its backward
step multiplies by a small matrix (the Jacobian) instead of element by element.

All functions take numpy arrays and work row by row: one row per example.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_array, choice


def _identity(Z):
    return Z


def _sigmoid(Z):
    # e^(−log(1 + e^(−Z))): the same number as 1 / (1 + e^(−Z)), but no exponent can overflow.
    return np.exp(-np.logaddexp(0.0, -Z))


def _relu(Z):
    return np.maximum(Z, 0.0)


def _softmax(Z):
    E = np.exp(Z - Z.max(axis=-1, keepdims=True))  # minus the row's max: every exponent ≤ 0
    return E / E.sum(axis=-1, keepdims=True)


# The public functions check their input (numbers, no NaN) and then call the fast versions
# above, which the network uses directly on arrays it has already checked.
def _checked(Z):
    return as_array("Z", Z, allow_empty=True)


def identity(Z):
    """f(Z) = Z: the output is the weighted sum itself (used for regression outputs)."""
    return _checked(Z)


def identity_derivative(Z):
    """f'(Z) = 1."""
    return np.ones_like(_checked(Z))


def sigmoid(Z):
    """f(Z) = 1 / (1 + e^(−Z)), squashing any number into (0, 1).

    Computed as e^(−log(1 + e^(−Z))), the same number, so that no exponent ever overflows:
    sigmoid(−1e6) is 0.0 and sigmoid(1e6) is 1.0, with no warnings, and small values such
    as sigmoid(−30) ≈ 9.4e−14 keep their full precision.
    """
    return _sigmoid(_checked(Z))


def sigmoid_derivative(Z):
    """f'(Z) = σ(Z)·(1 − σ(Z)); at most 0.25, at Z = 0."""
    S = sigmoid(Z)
    return S * (1.0 - S)


def tanh(Z):
    """f(Z) = tanh(Z), squashing any number into (−1, 1)."""
    return np.tanh(_checked(Z))


def tanh_derivative(Z):
    """f'(Z) = 1 − tanh(Z)²."""
    T = np.tanh(_checked(Z))
    return 1.0 - T * T


def relu(Z):
    """f(Z) = max(0, Z): negative sums become 0, positive ones pass through."""
    return _relu(_checked(Z))


def relu_derivative(Z):
    """f'(Z) = 1 where Z > 0, else 0 (we take 0 at exactly Z = 0)."""
    return (_checked(Z) > 0).astype(np.float64)


def softmax(Z):
    """Softmax of each row: P_k = e^(Z_k) / Σ_j e^(Z_j).

    Every P_k is between 0 and 1 and each row sums to 1, so a row reads as probabilities.
    A naive e^Z overflows for Z = 1000; subtracting the row's largest value first gives the
    same result (the factor e^(−max) cancels) and keeps every exponent ≤ 0.
    Accepts a 1-D array (one row) or a 2-D array (one row per example).
    """
    Z = as_array("Z", Z, ndim=(1, 2))
    return _softmax(Z)


def softmax_backward(P, dP):
    """Carry ∂E/∂P back through softmax to ∂E/∂Z, row by row.

    The Jacobian is ∂P_k/∂Z_j = P_k·(δ_kj − P_j), so
    ∂E/∂Z_j = P_j·(∂E/∂P_j − Σ_k ∂E/∂P_k·P_k).
    """
    return P * (dP - np.sum(dP * P, axis=-1, keepdims=True))


# name -> (f, f') for the activations that act element by element.
ELEMENTWISE = {
    "identity": (identity, identity_derivative),
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
}
HIDDEN_ACTIVATIONS = tuple(ELEMENTWISE)
OUTPUT_ACTIVATIONS = HIDDEN_ACTIVATIONS + ("softmax",)


# The unchecked versions, for the network's hot path (its inputs are checked once, up front).
_FORWARD = {"identity": _identity, "sigmoid": _sigmoid, "tanh": np.tanh, "relu": _relu, "softmax": _softmax}


def activate(name, Z):
    """Apply the activation called `name` to Z."""
    f = _FORWARD.get(name) if isinstance(name, str) else None
    if f is None:
        choice("activation", name, OUTPUT_ACTIVATIONS)
    return f(Z)


def activation_backward(name, Z, A, dA):
    """Chain rule through an activation: given ∂E/∂A, return ∂E/∂Z.

    Element-wise activations: ∂E/∂Z = ∂E/∂A · f'(Z). Softmax: see `softmax_backward`.
    `A` is f(Z), already computed in the forward pass, which saves recomputing it.
    """
    if name == "identity":
        return dA
    if name == "sigmoid":
        return dA * A * (1.0 - A)
    if name == "tanh":
        return dA * (1.0 - A * A)
    if name == "relu":
        return dA * (Z > 0)
    if name == "softmax":
        return softmax_backward(A, dA)
    choice("activation", name, OUTPUT_ACTIVATIONS)
    raise AssertionError("unreachable")


def derivative(name, Z):
    """f'(Z) for an element-wise activation, with checked input (for plots and lessons)."""
    choice("activation", name, HIDDEN_ACTIVATIONS)
    Z = as_array("Z", Z, allow_empty=True)
    return ELEMENTWISE[name][1](Z)

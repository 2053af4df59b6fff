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

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._validate import as_array, check_same_shape, choice


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
    with np.errstate(over="ignore"):  # Z − max overflows to −inf only for a range past 1.8e308: e^(−inf) = 0
        return _softmax(Z)


def softmax_backward(P, dP):
    """Carry ∂E/∂P back through softmax to ∂E/∂Z, row by row.

    The Jacobian is ∂P_k/∂Z_j = P_k·(δ_kj − P_j), so
    ∂E/∂Z_j = P_j·(∂E/∂P_j − Σ_k ∂E/∂P_k·P_k).
    P (softmax's output) and dP have the same shape, one row per example.
    """
    P = as_array("P", P, ndim=(1, 2))
    dP = as_array("dP", dP, ndim=(1, 2))
    check_same_shape("P", P, "dP", dP)
    return _softmax_backward(P, dP)


def _softmax_backward(P, dP):
    return P * (dP - np.sum(dP * P, axis=-1, keepdims=True))


# -- the table: each activation's function and derivative side by side -------------------------
@dataclass(frozen=True)
class Activation:
    """One activation, everything about it in one row.

    forward(Z)              A = f(Z), unchecked (the network's inner loop)
    backward(Z, A, dA)      ∂E/∂Z from ∂E/∂A: the chain rule through f, using the stored Z and A
    function, derivative    f and f' with checked input (for lessons and plots)
    formula, derivative_formula   the same in words a learner reads on screen
    """

    name: str
    forward: Callable
    backward: Callable
    function: Callable
    derivative: Callable | None
    formula: str
    derivative_formula: str


ACTIVATIONS = {
    "identity": Activation("identity", _identity, lambda Z, A, dA: dA, identity, identity_derivative,
                           "f(z) = z", "f′(z) = 1"),
    "sigmoid": Activation("sigmoid", _sigmoid, lambda Z, A, dA: dA * A * (1.0 - A), sigmoid, sigmoid_derivative,
                          "σ(z) = 1 / (1 + e^(−z))", "σ′(z) = σ(z)·(1 − σ(z))"),
    "tanh": Activation("tanh", np.tanh, lambda Z, A, dA: dA * (1.0 - A * A), tanh, tanh_derivative,
                       "tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z))", "tanh′(z) = 1 − tanh(z)²"),
    "relu": Activation("relu", _relu, lambda Z, A, dA: dA * (Z > 0), relu, relu_derivative,
                       "relu(z) = max(0, z)", "relu′(z) = 1 if z > 0, else 0"),
    "softmax": Activation("softmax", _softmax, lambda Z, A, dA: _softmax_backward(A, dA), softmax, None,
                          "P_k = e^(z_k) / Σ_j e^(z_j)", "∂P_k/∂z_j = P_k·(δ_kj − P_j)"),
}
# Element-wise activations: allowed in hidden layers (softmax mixes a row, so it is output-only).
ELEMENTWISE = {name: a for name, a in ACTIVATIONS.items() if name != "softmax"}
HIDDEN_ACTIVATIONS = tuple(ELEMENTWISE)
OUTPUT_ACTIVATIONS = tuple(ACTIVATIONS)
# What the lessons' menus offer for a hidden layer.
HIDDEN_CHOICES = ("sigmoid", "tanh", "relu")


def activate(name, Z):
    """Apply the activation called `name` to Z (a numpy array is used as it is: the network's inner loop)."""
    a = ACTIVATIONS.get(name) if isinstance(name, str) else None
    if a is None:
        choice("activation", name, OUTPUT_ACTIVATIONS)
    return a.forward(Z if isinstance(Z, np.ndarray) else _checked(Z))


def activation_backward(name, Z, A, dA):
    """Chain rule through an activation: given ∂E/∂A, return ∂E/∂Z.

    Element-wise activations: ∂E/∂Z = ∂E/∂A · f'(Z). Softmax: see `softmax_backward`.
    `A` is f(Z), already computed in the forward pass, which saves recomputing it.
    """
    a = ACTIVATIONS.get(name) if isinstance(name, str) else None
    if a is None:
        choice("activation", name, OUTPUT_ACTIVATIONS)
    if not all(isinstance(v, np.ndarray) for v in (Z, A, dA)):  # arrays pass as they are (the inner loop)
        Z, A, dA = (as_array(n, v, allow_empty=True) for n, v in (("Z", Z), ("A", A), ("dA", dA)))
        check_same_shape("Z", Z, "A", A)
        check_same_shape("Z", Z, "dA", dA)
    return a.backward(Z, A, dA)


def derivative(name, Z):
    """f'(Z) for an element-wise activation, with checked input (for plots and lessons)."""
    choice("activation", name, HIDDEN_ACTIVATIONS)
    return ELEMENTWISE[name].derivative(Z)

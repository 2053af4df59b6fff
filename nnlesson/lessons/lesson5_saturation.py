"""Lesson 5, section 7: why cross-entropy learns faster, shown on one neuron.

One input x, one sigmoid output and one target y (0 or 1):

    z = w·x + b,    P = σ(z) = 1 / (1 + e^(−z))

trained by plain gradient descent (w ← w − lr·∂E/∂w, b ← b − lr·∂E/∂b) with two losses
from the same start, one row, so no 1/N:

    squared error         E = (P − Y)²                         ∂E/∂z = 2·(P − Y)·σ′(z)
    binary cross-entropy  E = −[Y·ln P + (1 − Y)·ln(1 − P)]     ∂E/∂z = P − Y

with σ′(z) = P·(1 − P). When the output saturates (P near 0 or 1) σ′(z) is nearly 0, so the
squared error's ∂E/∂z is nearly 0 even when the answer is confidently wrong; cross-entropy's
1/(P·(1 − P)) in ∂E/∂P cancels σ′(z) and leaves the whole mistake, P − Y.

    LOSSES, LOSS_NAMES     "squared_error", "cross_entropy" and their names in words
    START, PRESETS         the explorer's default start and the three preset starts
    dE_dz                  ∂E/∂z by the chain rule, from the engine's loss gradient and σ′
    race                   both losses trained from the same start, step by step
    steps_to_reach         the first step at which P is on the target's side of a level
    check_dE_dz            the self-check: ∂E/∂z under both losses for EXERCISE's z and y

The explorer (nnlesson.widgets.neuron.SaturationExplorer) only shows these numbers.
"""

from __future__ import annotations

import numpy as np

from .._validate import choice, number, whole_number
from ..activations import ACTIVATIONS, sigmoid, sigmoid_derivative
from ..exercises import Feedback, Slip, check_value
from ..losses import binary_cross_entropy_gradient, mse_gradient

LOSSES = ("squared_error", "cross_entropy")
LOSS_NAMES = {"squared_error": "squared error", "cross_entropy": "cross-entropy"}
ENGINE_GRADIENT = {"squared_error": mse_gradient, "cross_entropy": binary_cross_entropy_gradient}

WB_RANGE = (-5.0, 5.0)      # the start sliders' range for w and b
X_RANGE = (-3.0, 3.0)
LR_RANGE = (0.01, 5.0)
STEPS_RANGE = (1, 500)
MAX_STEPS = STEPS_RANGE[1]
START = {"w": -3.5, "b": -3.5, "x": 1.0, "y": 1, "lr": 1.0, "steps": 100}
# The presets' starting z = w·x + b for y = 1 (w = b = z/2 when x = 1); for y = 0 the signs flip.
PRESET_Z = {"confidently wrong": -7.0, "unsure": 0.0, "confidently right": 7.0}
EXERCISE = {"z": -4.0, "y": 1}


def as_target(y):
    """y as the int 0 or 1, or a clear error."""
    if isinstance(y, (bool, np.bool_)) or y not in (0, 1):
        raise ValueError(f"y must be the target 0 or 1, got {y!r}")
    return int(y)


def preset(name, y=1, x=1.0):
    """The start (w, b) of a preset ("confidently wrong", "unsure", "confidently right") for
    target y and input x: z = w·x + b is PRESET_Z[name] for y = 1 (its negative for y = 0),
    shared half and half between w·x and b."""
    choice("preset", name, tuple(PRESET_Z))
    y, x = as_target(y), number("x", x, *X_RANGE)
    z = PRESET_Z[name] if y == 1 else -PRESET_Z[name]
    b = z / 2
    w = 0.0 if x == 0 else float(np.clip((z - b) / x, *WB_RANGE))
    return w, b


def dE_dz(z, y, loss):
    """∂E/∂z for one row with output P = σ(z), by the chain rule ∂E/∂z = ∂E/∂P · σ′(z).

    ∂E/∂P comes from the engine's loss gradient with N = 1 (nl.mse_gradient: 2·(P − Y);
    nl.binary_cross_entropy_gradient: (P − Y) / (P·(1 − P))) and σ′(z) = P·(1 − P) from
    nl.sigmoid_derivative. Squared error: 2·(P − Y)·σ′(z). Cross-entropy: P − Y.
    `z` is a number or an array of numbers (then one ∂E/∂z each).
    """
    choice("loss", loss, LOSSES)
    y = as_target(y)
    Z = np.atleast_1d(np.asarray(z, dtype=np.float64)) if np.ndim(z) else np.array([number("z", z)])
    if not np.all(np.isfinite(Z)):
        raise ValueError(f"z must be finite numbers, got {np.asarray(z)!r}")
    P = sigmoid(Z)
    rows = P.reshape(-1, 1), np.full((P.size, 1), float(y))
    # The engine's gradients are of the mean over rows: × N gives each row's own ∂E/∂P.
    dE_dP = ENGINE_GRADIENT[loss](*rows)[:, 0] * P.size
    grad = dE_dP * sigmoid_derivative(Z)
    return float(grad[0]) if np.ndim(z) == 0 else grad.reshape(np.shape(z))


def _settings(w, b, x, y, lr, steps):
    return (number("w", w), number("b", b), number("x", x, *X_RANGE), as_target(y),
            number("lr", lr, *LR_RANGE), whole_number("steps", steps, *STEPS_RANGE))


def race(w=START["w"], b=START["b"], x=START["x"], y=START["y"], lr=START["lr"], steps=START["steps"]):
    """Train the neuron with each loss from the same start (w, b): plain gradient descent, the same lr,
    `steps` steps, no randomness.

    Step t: z = w·x + b, P = σ(z), ∂E/∂z (see `dE_dz`), then w ← w − lr·∂E/∂z·x, b ← b − lr·∂E/∂z.
    Returns {"squared_error": run, "cross_entropy": run}; each run is a dict of arrays with one entry
    per step t = 0 … steps (t = 0 is the start): "w", "b", "z", "P", "loss", "dE_dz" and "slope"
    (σ′(z) = P·(1 − P)). The loop writes the two ∂E/∂z formulas out (fast); tests check that they
    equal `dE_dz`, the chain rule through the engine's gradients.
    """
    w, b, x, y, lr, steps = _settings(w, b, x, y, lr, steps)
    # Both runs move together, one column each: [squared error, cross-entropy] (the order of LOSSES).
    W = np.empty((steps + 1, 2))
    B = np.empty((steps + 1, 2))
    P = np.empty((steps + 1, 2))
    G = np.empty((steps + 1, 2))
    forward = ACTIVATIONS["sigmoid"].forward   # σ unchecked, as the network's inner loop uses it (inputs checked above)
    w_t, b_t = np.array([w, w]), np.array([b, b])
    for t in range(steps + 1):
        W[t], B[t] = w_t, b_t
        P_t = forward(w_t * x + b_t)
        G[t] = (2.0 * (P_t[0] - y) * P_t[0] * (1.0 - P_t[0]), P_t[1] - y)   # ∂E/∂z: squared error, cross-entropy
        P[t] = P_t
        w_t, b_t = w_t - lr * G[t] * x, b_t - lr * G[t]
    Z = W * x + B
    E = np.column_stack([(P[:, 0] - y) ** 2,
                         np.logaddexp(0.0, Z[:, 1]) - y * Z[:, 1]])  # −[y ln P + (1 − y) ln(1 − P)], no overflow
    return {loss: {"w": W[:, k], "b": B[:, k], "z": Z[:, k], "P": P[:, k], "loss": E[:, k], "dE_dz": G[:, k],
                   "slope": P[:, k] * (1.0 - P[:, k])} for k, loss in enumerate(LOSSES)}


def steps_to_reach(P, y, level=0.5):
    """The first step t at which P[t] is on the target's side of `level`: P ≥ level for y = 1,
    P ≤ 1 − level for y = 0 (so level is always P(the right answer)). None if never."""
    y = as_target(y)
    level = number("level", level, 0.0, 1.0)
    P = np.asarray(P, dtype=np.float64)
    if P.ndim != 1:
        raise ValueError(f"P must be a 1-D array of probabilities (one per step), got shape {P.shape}")
    right = P >= level if y == 1 else P <= 1.0 - level
    hits = np.flatnonzero(right)
    return int(hits[0]) if hits.size else None


# -- the self-check: ∂E/∂z by hand -------------------------------------------------------------
def exercise_numbers(z=EXERCISE["z"], y=EXERCISE["y"]):
    """P = σ(z), σ′(z) and ∂E/∂z under both losses for the exercise's z and y."""
    P = float(sigmoid(number("z", z)))
    return {"P": P, "slope": P * (1.0 - P), "squared_error": dE_dz(z, y, "squared_error"),
            "cross_entropy": dE_dz(z, y, "cross_entropy")}


def check_dE_dz_squared_error(value, z=EXERCISE["z"], y=EXERCISE["y"]):
    """The learner's ∂E/∂z under squared error, 2·(P − Y)·σ′(z), for one row with output σ(z)."""
    if value is None or value is Ellipsis:
        return Feedback(False, "your ∂E/∂z under squared error is not written yet.",
                        "Replace `None` with your number (a calculation such as 2 * (0.5 - 1) * 0.25 is fine).")
    n = exercise_numbers(z, y)
    P, slope, expected = n["P"], n["slope"], n["squared_error"]
    hints = [
        Slip(2 * (P - y), "You stopped at ∂E/∂P = 2·(P − Y). The chain rule needs one more factor, "
                          "∂P/∂z = σ′(z) = P·(1 − P)."),
        Slip((P - y) * slope, "Did you include the factor 2? The derivative of (P − Y)² is 2·(P − Y)."),
        Slip(-expected, "The sign is flipped: the error's derivative starts from P − Y, the output minus the target."),
        Slip(P - y, "That is ∂E/∂z under cross-entropy. Under squared error it is 2·(P − Y)·σ′(z)."),
    ]
    return check_value(value, expected, hints=hints, name="your ∂E/∂z under squared error")


def check_dE_dz_cross_entropy(value, z=EXERCISE["z"], y=EXERCISE["y"]):
    """The learner's ∂E/∂z under binary cross-entropy, P − Y, for one row with output σ(z)."""
    if value is None or value is Ellipsis:
        return Feedback(False, "your ∂E/∂z under cross-entropy is not written yet.",
                        "Replace `None` with your number (a calculation such as 0.5 - 1 is fine).")
    n = exercise_numbers(z, y)
    P, slope, expected = n["P"], n["slope"], n["cross_entropy"]
    hints = [
        Slip(y - P, "The sign is flipped: ∂E/∂z is P − Y, the output minus the target."),
        Slip((P - y) * slope, "σ′(z) is already used up: ∂E/∂P = (P − Y)/(P·(1 − P)) and σ′(z) = P·(1 − P) "
                              "cancel, leaving P − Y."),
        Slip(2 * (P - y) * slope, "That is ∂E/∂z under squared error. Under cross-entropy it is P − Y."),
        Slip(2 * (P - y), "There is no factor 2 under cross-entropy: ∂E/∂z = P − Y."),
    ]
    return check_value(value, expected, hints=hints, name="your ∂E/∂z under cross-entropy")


def check_dE_dz(squared_error_value, cross_entropy_value, z=EXERCISE["z"], y=EXERCISE["y"]):
    """Both answers of the self-check at once: passes when both are right; otherwise says which is not
    (with that one's hint)."""
    results = [("squared error", check_dE_dz_squared_error(squared_error_value, z, y)),
               ("cross-entropy", check_dE_dz_cross_entropy(cross_entropy_value, z, y))]
    if all(f.passed for _, f in results):
        return Feedback(True, "Both are right: the squared error's ∂E/∂z is σ′(z) · 2 times cross-entropy's.")
    wrong = [(name, f) for name, f in results if not f.passed]
    title = " ".join(f.title[0].upper() + f.title[1:] for _, f in results)
    hint = " ".join(f"({name}) {f.hint}" for name, f in wrong if f.hint)
    return Feedback(False, title, hint)

"""Lesson 5, softmax and cross-entropy: the numbers behind the softmax explorer and sections 3–7.

Three output scores Z = (z1, z2, z3) go through softmax and become probabilities; with a true
class picked, the row's cross-entropy −ln P(true) sits next to the squared error Σ_k (P_k − Y_k)²
of the same probabilities. A confident wrong answer costs a huge cross-entropy but at most 2 in
squared error.

    softmax_readouts         everything the explorer shows for one row of scores and a true class
    one_hot_text             "Y (one-hot) = [1, 0, 0]": the target row as the explorer prints it
    squared_error_band       the least and most squared error possible for a given P(true class)
    error_curves             −ln p and that band over p ∈ (0, 1], for the figures
    output_gradients         ∂E/∂Z at a softmax output, with cross-entropy and with squared error
    binary_output_gradients  the same at one sigmoid output
    sigmoid_as_softmax       sigmoid(z) beside the two-class softmax of the scores (0, z)

Every number comes from the engine: nl.softmax, nl.sigmoid, nl.cross_entropy, nl.mse, nl.one_hot
and network.output_delta (where backpropagation starts). The widget SoftmaxExplorer
(nnlesson.widgets.softmax) only shows them. `from nnlesson.lessons import lesson5` gives all of
these as lesson5.<name>.
"""

from __future__ import annotations

import numpy as np

from .. import losses as _losses
from .._validate import as_array, whole_number
from ..activations import sigmoid, softmax
from ..data import PENGUIN_SPECIES, one_hot
from ..network import output_delta
from ..plots import fmt

# The softmax explorer's start: scores for Adelie, Chinstrap, Gentoo, and the true class (Adelie).
SOFTMAX_CLASSES = PENGUIN_SPECIES
SOFTMAX_SCORES = (2.0, 1.0, -1.0)
# The sliders' range: wide enough for P ≈ 0 and 1, narrow enough that −ln P is never clipped.
SCORE_RANGE = (-10.0, 10.0)
CE_CAP = float(-np.log(_losses.EPS))  # the largest cross-entropy nl.cross_entropy reports (34.54)


def as_score_row(scores, name="scores"):
    """`scores` as one row of class scores (1-D, at least 2 of them: one per class)."""
    Z = as_array(name, scores, ndim=1)
    if Z.size < 2:
        raise ValueError(f"{name} needs at least 2 scores (one per class), got shape {Z.shape}")
    return Z


def one_hot_row(true_class, n_classes):
    """The one-hot row for class `true_class` out of `n_classes`: zeros and a single 1 (nl.one_hot)."""
    n_classes = whole_number("n_classes", n_classes, 2)
    true_class = whole_number("true_class", true_class, 0, n_classes - 1)
    return one_hot([true_class], classes=list(range(n_classes)))[0][0]


def one_hot_text(true_class, n_classes=3):
    """The one-hot target as the explorer prints it: "Y (one-hot) = [1, 0, 0]" for class 0 of 3."""
    Y = one_hot_row(true_class, n_classes)
    return "Y (one-hot) = [" + ", ".join(str(int(y)) for y in Y) + "]"


def squared_error_band(p_true, n_classes=3):
    """The smallest and largest squared error Σ(P − Y)² possible when P(true class) = p_true.

    The true class contributes (1 − p)²; the remaining 1 − p spread over the other classes adds
    between (1 − p)²/(K − 1) (spread evenly) and (1 − p)² (all on one wrong class).
    (tests/test_softmax_explorer.py checks that nl.mse always falls inside the band.)
    """
    p = as_array("p_true", p_true, ndim=(0, 1), allow_empty=True)
    if p.size and (p.min() < 0 or p.max() > 1):
        raise ValueError(f"p_true must be probabilities between 0 and 1, got {p.min():g} … {p.max():g}")
    n_classes = whole_number("n_classes", n_classes, 2)
    rest = (1.0 - p) ** 2
    return rest * (1.0 + 1.0 / (n_classes - 1)), 2.0 * rest


def error_curves(n_classes=3, n=400):
    """The error of one row against p = P(true class), for p from 0.001 to 1.

    Returns (p, cross_entropy, (squared_low, squared_high)): cross-entropy is −ln p (what
    nl.cross_entropy gives for that row), and squared error lies in the band between the two.
    """
    p = np.linspace(0.001, 1, whole_number("n", n, 2))
    return p, -np.log(p), squared_error_band(p, n_classes)


def softmax_readouts(scores, true_class, class_names=None):
    """Everything the softmax explorer shows, for one row of scores and a true class.

    Returns a dict: probabilities (array), Y (the one-hot target row, nl.one_hot), sum, p_true,
    predicted (index), cross_entropy (nl.cross_entropy), squared_error (nl.mse: Σ_k (P_k − Y_k)²
    for the one row), ce_terms (−Y_k·ln P_k per class: all 0 but the true class's) and se_terms
    ((P_k − Y_k)² per class), clipped (True if P(true) < 1e−15 so the cross-entropy is capped at
    34.5), and in words: message, one_hot (one_hot_text), ce_words (which term of the
    cross-entropy survives) and se_words (the gap of every class).
    """
    Z = as_score_row(scores)
    K = Z.size
    Y = one_hot_row(true_class, K)
    k = int(true_class)
    names = list(class_names) if class_names is not None else [f"class {j + 1}" for j in range(K)]
    if len(names) != K:
        raise ValueError(f"class_names must name the {K} classes, got {len(names)}: {names}")
    P = softmax(Z)
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
    with np.errstate(divide="ignore"):   # 0·ln 0 is 0 here: only the true class's term is kept
        ce_terms = np.where(Y == 1, -np.log(np.maximum(P, _losses.EPS)), 0.0)
    se_terms = (P - Y) ** 2
    ce_words = f"of −Σ Y·ln P only {names[k]}'s term is left (Y = 0 for the others)"
    se_words = "(P − Y)² of every class: " + " + ".join(fmt(t, 3) for t in se_terms)
    return {"probabilities": P, "Y": Y, "sum": float(P.sum()), "p_true": p_true, "predicted": predicted,
            "cross_entropy": ce, "squared_error": se, "ce_terms": ce_terms, "se_terms": se_terms,
            "clipped": clipped, "message": message, "one_hot": one_hot_text(k, K), "ce_words": ce_words,
            "se_words": se_words}


def output_gradients(scores, true_class):
    """∂E/∂Z at a softmax output for one row, with cross-entropy and with squared error.

    Both come from the engine's `output_delta` (what backpropagation starts from):
    cross-entropy gives P − Y; squared error gives 2(P − Y) carried back through the
    softmax's slope, which is tiny when the output saturates. Returns a dict with the two
    gradient rows, their sizes (Euclidean norms) and the probabilities.
    """
    Z = as_score_row(scores)
    Zr = Z[None, :]
    Y = one_hot_row(true_class, Z.size)[None, :]
    P = softmax(Zr)
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
    Y = np.array([[float(whole_number("y", y, 0, 1))]])
    Zr = np.array([[float(z)]])
    p = sigmoid(Zr)
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

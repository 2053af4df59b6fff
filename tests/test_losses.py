"""Losses: values by hand, gradients against central differences, stability, clear errors."""

import warnings

import numpy as np
import pytest

import nnlesson as nl
from nnlesson import losses


def numeric_gradient(f, P, h=1e-6):
    G = np.zeros_like(P)
    for idx in np.ndindex(P.shape):
        Pp, Pm = P.copy(), P.copy()
        Pp[idx] += h
        Pm[idx] -= h
        G[idx] = (f(Pp) - f(Pm)) / (2 * h)
    return G


def test_mse_by_hand():
    Y_pred = np.array([[1.0], [2.0], [4.0]])
    Y = np.array([[1.5], [2.0], [2.0]])
    # ((-0.5)² + 0² + 2²) / 3 rows
    assert nl.mse(Y_pred, Y) == pytest.approx(4.25 / 3, rel=1e-15)
    # several outputs: summed over outputs, averaged over rows
    assert nl.mse([[1.0, 2.0]], [[0.0, 0.0]]) == pytest.approx(5.0)
    # 1-D arrays are one value per row
    assert nl.mse([1.0, 2.0, 4.0], [1.5, 2.0, 2.0]) == pytest.approx(4.25 / 3)
    assert isinstance(nl.mse(Y_pred, Y), float)
    np.testing.assert_allclose(nl.mse_gradient(Y_pred, Y), 2 * (Y_pred - Y) / 3, rtol=1e-15)


def test_binary_cross_entropy_by_hand():
    P = np.array([[0.9], [0.2]])
    Y = np.array([[1.0], [0.0]])
    expected = -(np.log(0.9) + np.log(0.8)) / 2
    assert nl.binary_cross_entropy(P, Y) == pytest.approx(expected, rel=1e-14)
    assert isinstance(nl.binary_cross_entropy(P, Y), float)


def test_cross_entropy_is_mean_minus_log_of_true_class():
    P = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    Y = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    assert nl.cross_entropy(P, Y) == pytest.approx(-(np.log(0.7) + np.log(0.8)) / 2, rel=1e-14)
    assert isinstance(nl.cross_entropy(P, Y), float)


def test_perfect_predictions_give_zero_loss():
    Y = np.eye(3)
    assert nl.mse(Y, Y) == 0.0
    assert nl.cross_entropy(Y, Y) == 0.0
    assert nl.binary_cross_entropy([[1.0], [0.0]], [[1.0], [0.0]]) == pytest.approx(0.0, abs=1e-14)


@pytest.mark.parametrize("name", ["mse", "binary_cross_entropy", "cross_entropy"])
def test_gradients_match_central_differences(name):
    rng = np.random.default_rng(0)
    if name == "cross_entropy":
        P = nl.softmax(rng.normal(size=(5, 3)))
        Y = np.eye(3)[[0, 2, 1, 1, 0]]
    elif name == "binary_cross_entropy":
        P = nl.sigmoid(rng.normal(size=(5, 2)))
        Y = rng.integers(0, 2, size=(5, 2)).astype(float)
    else:
        P = rng.normal(size=(5, 2))
        Y = rng.normal(size=(5, 2))
    value, gradient = losses.LOSS_FUNCTIONS[name]
    if name == "cross_entropy":
        # nudging one P_k moves its row's sum off 1, which nl.cross_entropy refuses; E's formula
        # −(1/N) Σ Y·log P is what the gradient −Y/(P·N) differentiates, one P_k at a time
        numeric = numeric_gradient(lambda Q: -np.sum(Y * np.log(Q)) / len(Y), P)
    else:
        numeric = numeric_gradient(lambda Q: value(Q, Y), P)
    np.testing.assert_allclose(gradient(P, Y), numeric, rtol=1e-7, atol=1e-9)
    assert losses.loss_value(name, P, Y) == value(P, Y)
    np.testing.assert_array_equal(losses.loss_gradient(name, P, Y), gradient(P, Y))


def test_from_logits_versions_equal_the_probability_versions():
    rng = np.random.default_rng(1)
    Z = rng.normal(size=(6, 4)) * 3
    Y = np.eye(4)[[0, 1, 2, 3, 3, 0]]
    assert losses.cross_entropy_from_logits(Z, Y) == pytest.approx(nl.cross_entropy(nl.softmax(Z), Y), rel=1e-13)
    Zb = rng.normal(size=(6, 1)) * 3
    Yb = rng.integers(0, 2, size=(6, 1)).astype(float)
    assert losses.binary_cross_entropy_from_logits(Zb, Yb) == pytest.approx(
        nl.binary_cross_entropy(nl.sigmoid(Zb), Yb), rel=1e-13)


@pytest.mark.parametrize("big", [1e2, 1e4, 1e6])
def test_cross_entropies_finite_for_huge_logits(big):
    Z = np.array([[big, -big, 0.0], [-big, big, 0.0]])
    Y_wrong = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    Y_right = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"), warnings.catch_warnings():
        warnings.simplefilter("error")
        wrong = losses.cross_entropy_from_logits(Z, Y_wrong)
        right = losses.cross_entropy_from_logits(Z, Y_right)
        clipped = nl.cross_entropy(nl.softmax(Z), Y_wrong)
        gradient = nl.cross_entropy_gradient(nl.softmax(Z), Y_wrong)
        bce = losses.binary_cross_entropy_from_logits(np.array([[big], [-big]]), np.array([[0.0], [1.0]]))
    assert wrong == pytest.approx(2 * big, rel=1e-12)  # −log P(true) = logit gap
    assert right == pytest.approx(0.0, abs=1e-12)
    assert np.isfinite(clipped) and clipped == pytest.approx(-np.log(losses.EPS), rel=1e-12)
    assert np.all(np.isfinite(gradient))
    assert bce == pytest.approx(big, rel=1e-12)


def test_losses_reject_mismatched_shapes():
    with pytest.raises(ValueError, match=r"Y_pred and Y must have the same shape, got Y_pred of shape \(3, 1\) "
                                         r"and Y of shape \(2, 1\)"):
        nl.mse(np.zeros((3, 1)), np.zeros((2, 1)))
    with pytest.raises(ValueError, match=r"P and Y must have the same shape, got P of shape \(2, 3\)"):
        nl.cross_entropy(np.full((2, 3), 1 / 3), np.eye(2))


def test_losses_reject_bad_values():
    with pytest.raises(ValueError, match=r"P must hold probabilities between 0 and 1, got values from -0.5 to 1.5"):
        nl.binary_cross_entropy([[-0.5], [1.5]], [[0.0], [1.0]])
    with pytest.raises(ValueError, match=r"Y must hold binary targets 0 or 1, got values such as \[0.5\]"):
        nl.binary_cross_entropy([[0.5], [0.5]], [[0.5], [1.0]])
    with pytest.raises(ValueError, match=r"Y must be one-hot encoded.*got shape \(2, 3\).*first bad row 1"):
        nl.cross_entropy(np.full((2, 3), 1 / 3), [[1.0, 0.0, 0.0], [1.0, 1.0, 0.0]])
    with pytest.raises(ValueError, match=r"Y must be one-hot.*nl.one_hot"):
        nl.cross_entropy_gradient(np.full((2, 3), 1 / 3), [[0.2, 0.8, 0.0], [1.0, 0.0, 0.0]])
    with pytest.raises(ValueError, match=r"Y_pred contains 1 NaN and 0 infinite value\(s\) \(shape \(2, 1\)\)"):
        nl.mse([[np.nan], [1.0]], [[0.0], [1.0]])
    with pytest.raises(ValueError, match=r"Y_pred is empty \(shape \(0,\)\)"):
        nl.mse([], [])
    with pytest.raises(TypeError, match=r"Y must contain numbers"):
        nl.mse([[1.0]], [["a"]])
    with pytest.raises(ValueError, match=r"unknown loss 'hinge'.*'cross_entropy'"):
        losses.loss_value("hinge", [[1.0]], [[1.0]])


def test_batched_mse_is_one_mse_per_leading_index():
    """losses._mse takes many predictions at once (an error map): each gives nl.mse's number."""
    from nnlesson.losses import _mse

    rng = np.random.default_rng(0)
    Y_pred, Y = rng.normal(size=(4, 3, 5, 2)), rng.normal(size=(5, 2))
    E = _mse(Y_pred, Y)
    assert E.shape == (4, 3)
    for i, j in np.ndindex(4, 3):
        assert E[i, j] == nl.mse(Y_pred[i, j], Y)
    assert isinstance(_mse(Y_pred[0, 0], Y), float)

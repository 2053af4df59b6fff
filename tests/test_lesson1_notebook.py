"""Notebook 01 builds some things step by step in its cells; each must equal what the package computes.

The cells' code is repeated here with the notebook's numbers (lesson 1: X, Y from two_weight_data,
the poor guess W1 = −2, W2 = 2).
"""

import numpy as np
import pytest

import nnlesson as nl
from nnlesson.lessons import lesson1
from nnlesson.plots import fmt

X, Y = lesson1.two_weight_data()
X1, X2 = X[:, 0], X[:, 1]
W1, W2 = -2.0, 2.0


def test_feed_forward_cell_is_lesson1_predict():
    np.testing.assert_array_equal(lesson1.predict(W1, W2, X), W1 * X1 + W2 * X2)


def test_error_by_hand_is_nl_mse_and_lesson1_error():
    Y_pred = lesson1.predict(W1, W2, X)
    by_hand = np.mean((Y_pred - Y) ** 2)
    E = nl.mse(Y_pred, Y)
    assert E == pytest.approx(by_hand, rel=1e-14) and fmt(E) == fmt(by_hand)
    assert lesson1.error(W1, W2, X, Y) == E


def test_nudged_derivative_agrees_to_about_three_digits():
    h = 0.001
    nudged = (lesson1.error(W1 + h, W2, X, Y) - lesson1.error(W1, W2, X, Y)) / h
    dE_dW1, _ = lesson1.gradient(W1, W2, X, Y)
    assert nudged == pytest.approx(dE_dW1, rel=5e-3)


def test_chain_rule_by_hand_is_lesson1_gradient():
    Y_pred = lesson1.predict(W1, W2, X)
    dE_dW1, dE_dW2 = lesson1.gradient(W1, W2, X, Y)
    assert 2 * np.mean((Y_pred - Y) * X1) == pytest.approx(dE_dW1, rel=1e-12)
    assert 2 * np.mean((Y_pred - Y) * X2) == pytest.approx(dE_dW2, rel=1e-12)
    # and the engine's ∂E/∂Y_pred, through the chain rule, gives the same numbers
    dE_dY_pred = nl.mse_gradient(Y_pred, Y)[:, 0]
    assert (float(np.sum(dE_dY_pred * X1)), float(np.sum(dE_dY_pred * X2))) == (dE_dW1, dE_dW2)


def test_the_error_map_and_the_slice_are_the_error_itself():
    w1 = np.linspace(-4, 4, 7)
    w2 = np.linspace(-4, 4, 5)
    grid = lesson1.error_grid(w1, w2, X, Y)
    assert grid.tolist() == [[lesson1.error(a, b, X, Y) for a in w1] for b in w2]
    assert lesson1.error_curve(w1, W2, X, Y).tolist() == [lesson1.error(a, W2, X, Y) for a in w1]


def test_sign_rule_cell_lowers_the_error():
    dE_dW1, dE_dW2 = lesson1.gradient(W1, W2, X, Y)
    W1_new = W1 + 0.1 if dE_dW1 < 0 else W1 - 0.1
    W2_new = W2 + 0.1 if dE_dW2 < 0 else W2 - 0.1
    assert lesson1.error(W1_new, W2_new, X, Y) < lesson1.error(W1, W2, X, Y)

"""Notebook 02 builds some things step by step in its cells; each must equal what the package computes.

The cells' code is repeated here with the notebook's numbers (start W1 = −3, W2 = 3, lr = 0.1).
"""

import numpy as np

from nnlesson.lessons import lesson1, lesson2

X, Y = lesson1.two_weight_data()


def test_one_step_by_hand_is_lesson2_gradient_step():
    W1, W2, lr = -3.0, 3.0, 0.1
    dE_dW1, dE_dW2 = lesson1.gradient(W1, W2, X, Y)
    by_hand = (W1 - lr * dE_dW1, W2 - lr * dE_dW2)
    assert lesson2.gradient_step(W1, W2, lr, X, Y) == by_hand
    assert lesson1.error(*by_hand, X, Y) < lesson1.error(W1, W2, X, Y)


def test_repeated_steps_cell_is_run_descent():
    W = (-3.0, 3.0)
    path = [W]
    for _ in range(10):
        W = lesson2.gradient_step(*W, 0.1, X, Y)
        path.append(W)
    run = lesson2.run_descent(-3.0, 3.0, 0.1, 10, X, Y)
    assert run.path == path
    assert run.errors == [lesson1.error(*w, X, Y) for w in path]


def test_per_row_formula_is_per_row_step():
    # ∂E_i/∂W1 = 2·(Y_pred,i − Y_i)·X1,i and the same with X2,i for W2: one row, one update
    W1, W2, lr = -3.0, 3.0, 0.1
    for i in (0, 7, 19):
        miss = W1 * X[i, 0] + W2 * X[i, 1] - Y[i]
        new = lesson2.per_row_step(W1, W2, lr, X[i], Y[i])
        np.testing.assert_allclose(new, (W1 - lr * 2 * miss * X[i, 0], W2 - lr * 2 * miss * X[i, 1]), rtol=1e-14)


def test_the_limit_cell_is_two_over_the_steepest_curvature():
    curvature = np.linalg.eigvalsh(2 * X.T @ X / len(X)).max()
    assert lesson2.max_stable_lr(X) == 2 / curvature
    assert lesson2.run_descent(-3.0, 3.0, 1.4, 30, X, Y).diverged            # "lr = 1.4: diverges"
    assert not lesson2.run_descent(-3.0, 3.0, 1.2, 30, X, Y).diverged        # "lr = 1.2: oscillates"

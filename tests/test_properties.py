"""Properties that must hold for any input, checked on many generated examples (hypothesis)."""

import warnings

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import nnlesson as nl

SETTINGS = settings(max_examples=50, deadline=None)

# (output activation, loss): every pair the engine accepts
PAIRS = [("identity", "mse"), ("sigmoid", "mse"), ("tanh", "mse"), ("softmax", "mse"),
         ("sigmoid", "binary_cross_entropy"), ("softmax", "cross_entropy")]


def floats(lo, hi):
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


@st.composite
def problems(draw, max_rows=8):
    """A small random network with matching data: (net, X, Y, loss)."""
    hidden = draw(st.sampled_from(["identity", "sigmoid", "tanh", "relu"]))
    output, loss = draw(st.sampled_from(PAIRS))
    n_in = draw(st.integers(1, 4))
    hidden_sizes = draw(st.lists(st.integers(1, 5), min_size=0, max_size=2))
    n_out = draw(st.integers(2, 3)) if output == "softmax" else draw(st.integers(1, 3))
    n_rows = draw(st.integers(1, max_rows))
    net = nl.Network([n_in, *hidden_sizes, n_out], hidden=hidden, output=output, seed=draw(st.integers(0, 2**16)))
    X = draw(hnp.arrays(np.float64, (n_rows, n_in), elements=floats(-3, 3)))
    if output == "softmax":
        Y = np.eye(n_out)[draw(hnp.arrays(np.int64, n_rows, elements=st.integers(0, n_out - 1)))]
    elif loss == "binary_cross_entropy":
        Y = draw(hnp.arrays(np.int64, (n_rows, n_out), elements=st.integers(0, 1))).astype(np.float64)
    else:
        Y = draw(hnp.arrays(np.float64, (n_rows, n_out), elements=floats(-1, 1)))
    return net, X, Y, loss


# -- softmax ---------------------------------------------------------------------------------
@SETTINGS
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=2, max_side=6), elements=floats(-1e6, 1e6)))
def test_softmax_rows_sum_to_one(Z):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        P = nl.softmax(Z)
    assert P.shape == Z.shape
    assert np.all(P >= 0) and np.all(P <= 1)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    # the largest score in each row always gets the largest probability
    assert np.all(P[np.arange(len(Z)), Z.argmax(axis=1)] == P.max(axis=1))


@SETTINGS
@given(hnp.arrays(np.float64, st.integers(1, 8), elements=st.sampled_from([-1e6, 1e6, 0.0, -1.0, 3.5])))
def test_softmax_and_sigmoid_of_huge_inputs_are_finite(z):
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        P = nl.softmax(z)
        s = nl.sigmoid(z)
    assert np.all(np.isfinite(P)) and abs(P.sum() - 1.0) < 1e-12
    assert np.all((s >= 0) & (s <= 1))


# -- losses ------------------------------------------------------------------------------------
@SETTINGS
@given(st.data())
def test_losses_are_non_negative(data):
    n_rows = data.draw(st.integers(1, 6))
    k = data.draw(st.integers(2, 4))
    Y_pred = data.draw(hnp.arrays(np.float64, (n_rows, k), elements=floats(-1e3, 1e3)))
    Y = data.draw(hnp.arrays(np.float64, (n_rows, k), elements=floats(-1e3, 1e3)))
    assert nl.mse(Y_pred, Y) >= 0
    P = nl.softmax(Y_pred)  # any scores as probabilities, down to exact 0 and 1
    onehot = np.eye(k)[data.draw(hnp.arrays(np.int64, n_rows, elements=st.integers(0, k - 1)))]
    ce = nl.cross_entropy(P, onehot)
    assert np.isfinite(ce) and ce >= 0
    S = nl.sigmoid(Y_pred)
    binary = data.draw(hnp.arrays(np.int64, (n_rows, k), elements=st.integers(0, 1))).astype(np.float64)
    bce = nl.binary_cross_entropy(S, binary)
    assert np.isfinite(bce) and bce >= 0


@SETTINGS
@given(problems())
def test_network_loss_is_non_negative_and_finite(problem):
    net, X, Y, loss = problem
    value = net.loss(X, Y, loss)
    assert np.isfinite(value) and value >= 0


# -- gradients ---------------------------------------------------------------------------------
@SETTINGS
@given(problems(max_rows=10))
def test_mean_of_per_row_gradients_is_the_full_batch_gradient(problem):
    net, X, Y, loss = problem
    full = net.backward(X, Y, loss)
    per_row = [net.backward(X[i:i + 1], Y[i:i + 1], loss) for i in range(len(X))]
    for layer, (dW, db) in enumerate(full):
        mean_dW = np.mean([g[layer][0] for g in per_row], axis=0)
        mean_db = np.mean([g[layer][1] for g in per_row], axis=0)
        np.testing.assert_allclose(mean_dW, dW, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(mean_db, db, rtol=1e-10, atol=1e-12)


@SETTINGS
@given(problems())
def test_a_small_step_against_the_gradient_lowers_the_loss(problem):
    net, X, Y, loss = problem
    before = net.loss(X, Y, loss)
    grads = net.backward(X, Y, loss)
    g2 = sum(float(np.sum(dW * dW) + np.sum(db * db)) for dW, db in grads)
    assume(g2 > 1e-8)  # a flat spot (say, every relu off) has no downhill direction
    if net.hidden == "relu" and len(net.layers) > 1:
        net.forward(X)
        # the step must not carry a weighted sum across relu's kink
        assume(min(np.abs(layer.Z).min() for layer in net.layers[:-1]) > 1e-3)
    lr = 1e-4 / max(1.0, np.sqrt(g2))
    net.update(grads, lr)
    after = net.loss(X, Y, loss)
    # first-order prediction of the decrease: lr·‖g‖²; the loss must fall by at least half of it
    assert after < before - 0.5 * lr * g2


@SETTINGS
@given(problems(max_rows=4))
def test_backprop_agrees_with_numerical_gradients_on_random_problems(problem):
    net, X, Y, loss = problem
    if net.hidden == "relu" and len(net.layers) > 1:
        net.forward(X)
        assume(min(np.abs(layer.Z).min() for layer in net.layers[:-1]) > 1e-3)
    analytic = net.backward(X, Y, loss)
    numeric = nl.numerical_gradients(net, X, Y, loss)
    for (dW, db), (nW, nb) in zip(analytic, numeric):
        np.testing.assert_allclose(dW, nW, rtol=1e-5, atol=1e-8)
        np.testing.assert_allclose(db, nb, rtol=1e-5, atol=1e-8)

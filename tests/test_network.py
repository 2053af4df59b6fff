"""Network: construction, the forward pass, the loss, backward's contract and the update."""

import numpy as np
import pytest

import nnlesson as nl


def test_layers_have_the_documented_shapes():
    net = nl.Network([3, 4, 1], hidden="sigmoid", output="identity", seed=0)
    assert len(net.layers) == 2
    assert net.layers[0].W.shape == (3, 4) and net.layers[0].b.shape == (4,)
    assert net.layers[1].W.shape == (4, 1) and net.layers[1].b.shape == (1,)
    assert [layer.activation for layer in net.layers] == ["sigmoid", "identity"]
    assert net.layer_sizes == [3, 4, 1] and net.n_inputs == 3 and net.n_outputs == 1
    assert net.n_parameters == 3 * 4 + 4 + 4 * 1 + 1
    assert all(np.all(layer.b == 0) for layer in net.layers)
    assert repr(net) == "Network(3 → 4 → 1, hidden='sigmoid', output='identity', 21 weights and biases)"
    assert repr(net.layers[0]) == "Dense(3 → 4, sigmoid)"


def test_initialisation_is_seeded():
    a = nl.Network([5, 7, 3], hidden="tanh", output="softmax", seed=4)
    b = nl.Network([5, 7, 3], hidden="tanh", output="softmax", seed=4)
    c = nl.Network([5, 7, 3], hidden="tanh", output="softmax", seed=5)
    for (Wa, ba), (Wb, bb) in zip(a.parameters(), b.parameters()):
        np.testing.assert_array_equal(Wa, Wb)
        np.testing.assert_array_equal(ba, bb)
    assert not np.array_equal(a.layers[0].W, c.layers[0].W)


def test_initial_scale_is_xavier_or_he():
    n_in = 400
    sig = nl.Network([n_in, 300, 1], hidden="sigmoid", seed=0)
    rel = nl.Network([n_in, 300, 1], hidden="relu", seed=0)
    assert sig.layers[0].W.std() == pytest.approx(np.sqrt(1 / n_in), rel=0.02)
    assert rel.layers[0].W.std() == pytest.approx(np.sqrt(2 / n_in), rel=0.02)
    assert rel.layers[1].W.std() == pytest.approx(np.sqrt(1 / 300), rel=0.15)  # identity output


def test_forward_equals_the_formulas_and_keeps_what_backward_needs():
    rng = np.random.default_rng(0)
    net = nl.Network([3, 4, 2], hidden="tanh", output="softmax", seed=1)
    for layer in net.layers:
        layer.b[:] = rng.normal(size=layer.b.shape)
    X = rng.normal(size=(5, 3))
    W1, b1 = net.layers[0].W, net.layers[0].b
    W2, b2 = net.layers[1].W, net.layers[1].b
    Z1 = X @ W1 + b1
    A1 = np.tanh(Z1)
    Z2 = A1 @ W2 + b2
    P = np.exp(Z2) / np.exp(Z2).sum(axis=1, keepdims=True)
    Y_pred = net.forward(X)
    np.testing.assert_allclose(Y_pred, P, rtol=1e-14)
    assert net.layers[0].A_prev is not None
    np.testing.assert_array_equal(net.layers[0].A_prev, X)
    np.testing.assert_allclose(net.layers[0].Z, Z1, rtol=1e-14)
    np.testing.assert_allclose(net.layers[0].A, A1, rtol=1e-14)
    np.testing.assert_array_equal(net.layers[1].A_prev, net.layers[0].A)
    np.testing.assert_array_equal(net.layers[1].A, Y_pred)
    np.testing.assert_array_equal(net.predict(X), Y_pred)
    # lists are accepted, and ints become floats
    assert net.forward([[1, 2, 3]]).dtype == np.float64


@pytest.mark.parametrize("output, loss, fn", [
    ("identity", "mse", nl.mse),
    ("sigmoid", "binary_cross_entropy", nl.binary_cross_entropy),
    ("softmax", "cross_entropy", nl.cross_entropy),
])
def test_network_loss_equals_the_loss_functions(output, loss, fn):
    rng = np.random.default_rng(2)
    n_out = 3 if output == "softmax" else 1
    net = nl.Network([2, 5, n_out], hidden="relu", output=output, seed=3)
    X = rng.normal(size=(9, 2))
    if output == "softmax":
        Y = np.eye(3)[rng.integers(0, 3, size=9)]
    elif output == "sigmoid":
        Y = rng.integers(0, 2, size=(9, 1)).astype(float)
    else:
        Y = rng.normal(size=(9, 1))
    value = net.loss(X, Y, loss)
    assert isinstance(value, float)
    assert value == pytest.approx(fn(net.forward(X), Y), rel=1e-13)


def test_one_dimensional_Y_is_one_target_per_row_for_one_output():
    rng = np.random.default_rng(0)
    net = nl.Network([2, 3, 1], seed=0)
    X, y = rng.normal(size=(6, 2)), rng.normal(size=6)
    assert net.loss(X, y) == net.loss(X, y[:, None])
    for (a, b), (c, d) in zip(net.backward(X, y), net.backward(X, y[:, None])):
        np.testing.assert_array_equal(a, c)
        np.testing.assert_array_equal(b, d)


def test_backward_returns_one_pair_per_layer_in_order_and_leaves_weights_alone():
    rng = np.random.default_rng(0)
    net = nl.Network([4, 6, 5, 2], hidden="sigmoid", output="identity", seed=0)
    X, Y = rng.normal(size=(7, 4)), rng.normal(size=(7, 2))
    before = net.get_weights()
    grads = net.backward(X, Y, "mse")
    assert [(dW.shape, db.shape) for dW, db in grads] == [((4, 6), (6,)), ((6, 5), (5,)), ((5, 2), (2,))]
    for (W0, b0), (W1, b1) in zip(before, net.get_weights()):
        np.testing.assert_array_equal(W0, W1)
        np.testing.assert_array_equal(b0, b1)
    # backward ran forward on X first: the stored activations belong to X
    np.testing.assert_array_equal(net.layers[0].A_prev, X)


def test_output_delta_is_P_minus_Y_over_N_for_the_natural_pairs():
    rng = np.random.default_rng(1)
    Z = rng.normal(size=(4, 3))
    P = nl.softmax(Z)
    Y = np.eye(3)[[0, 1, 2, 0]]
    np.testing.assert_array_equal(nl.network.output_delta("cross_entropy", "softmax", Z, P, Y), (P - Y) / 4)
    S = nl.sigmoid(Z[:, :1])
    Yb = np.array([[1.0], [0.0], [1.0], [1.0]])
    np.testing.assert_array_equal(nl.network.output_delta("binary_cross_entropy", "sigmoid", Z[:, :1], S, Yb),
                                  (S - Yb) / 4)


def test_update_is_a_gradient_descent_step():
    rng = np.random.default_rng(0)
    net = nl.Network([3, 4, 1], seed=0)
    X, Y = rng.normal(size=(5, 3)), rng.normal(size=(5, 1))
    before = net.get_weights()
    grads = net.backward(X, Y, "mse")
    net.update(grads, lr=0.5)
    for (W0, b0), (dW, db), layer in zip(before, grads, net.layers):
        np.testing.assert_allclose(layer.W, W0 - 0.5 * dW, rtol=1e-15)
        np.testing.assert_allclose(layer.b, b0 - 0.5 * db, rtol=1e-15)


def test_update_rejects_bad_gradients_and_learning_rates():
    net = nl.Network([3, 4, 1], seed=0)
    grads = net.backward(np.ones((2, 3)), np.ones((2, 1)))
    with pytest.raises(ValueError, match=r"lr must be a positive number, got -0.1"):
        net.update(grads, lr=-0.1)
    with pytest.raises(TypeError, match=r"lr must be a positive number, got '0.1' of type str"):
        net.update(grads, lr="0.1")
    with pytest.raises(ValueError, match=r"grads must hold 2 \(dW, db\) pairs, one per layer, got 1"):
        net.update(grads[:1], lr=0.1)
    with pytest.raises(ValueError, match=r"layer 0: dW \(4, 3\) and db \(4,\) must match W \(3, 4\) and b \(4,\)"):
        net.update([(grads[0][0].T, grads[0][1]), grads[1]], lr=0.1)
    dW_nan = np.zeros((4, 1))
    dW_nan[0, 0] = np.nan
    with pytest.raises(ValueError, match=r"dW of layer 1 contains 1 NaN and 0 infinite value\(s\) \(shape \(4, 1\)\)"):
        net.update([grads[0], (dW_nan, grads[1][1])], lr=0.1)


def test_get_set_weights_and_copy_are_independent():
    net = nl.Network([2, 3, 1], seed=0)
    saved = net.get_weights()
    net.layers[0].W += 1.0
    assert not np.array_equal(net.layers[0].W, saved[0][0])
    net.set_weights(saved)
    np.testing.assert_array_equal(net.layers[0].W, saved[0][0])
    saved[0][0][0, 0] = 99.0  # set_weights copied: changing the saved list does not touch the net
    assert net.layers[0].W[0, 0] != 99.0

    twin = net.copy()
    assert twin is not net and twin.layer_sizes == net.layer_sizes
    assert (twin.hidden, twin.output) == (net.hidden, net.output)
    np.testing.assert_array_equal(twin.layers[1].W, net.layers[1].W)
    twin.layers[1].W += 1.0
    assert not np.array_equal(twin.layers[1].W, net.layers[1].W)


def test_set_weights_rejects_wrong_shapes():
    net = nl.Network([2, 3, 1], seed=0)
    with pytest.raises(ValueError, match=r"weights must hold 2 \(W, b\) pairs, one per layer, got 1"):
        net.set_weights(net.get_weights()[:1])
    with pytest.raises(ValueError, match=r"layer 0 expects W of shape \(2, 3\) and b of shape \(3,\), "
                                         r"got W \(3, 2\) and b \(3,\)"):
        net.set_weights([(np.zeros((3, 2)), np.zeros(3)), (np.zeros((3, 1)), np.zeros(1))])
    with pytest.raises(ValueError, match=r"weights\[1\] must be a \(W, b\) pair"):
        net.set_weights([(np.zeros((2, 3)), np.zeros(3)), (np.zeros((3, 1)),)])


@pytest.mark.parametrize("big", [1e2, 1e4, 1e6])
def test_loss_and_gradient_stay_finite_for_huge_logits(big):
    """Network.loss works from the logits Z, and backward uses (P − Y)/N: both finite at Z = ±big."""
    import warnings

    X = np.array([[1.0, 0.0], [0.0, 1.0]])
    softmax_net = nl.Network([2, 3], output="softmax", seed=0)
    softmax_net.set_weights([(np.array([[big, -big, 0.0], [-big, big, 0.0]]), np.zeros(3))])
    Y_wrong = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])  # confidently wrong: the worst case
    sigmoid_net = nl.Network([2, 1], output="sigmoid", seed=0)
    sigmoid_net.set_weights([(np.array([[big], [-big]]), np.zeros(1))])
    y_wrong = np.array([[0.0], [1.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"), warnings.catch_warnings():
        warnings.simplefilter("error")
        ce = softmax_net.loss(X, Y_wrong, "cross_entropy")
        (dW, db), = softmax_net.backward(X, Y_wrong, "cross_entropy")
        bce = sigmoid_net.loss(X, y_wrong, "binary_cross_entropy")
        (dWs, dbs), = sigmoid_net.backward(X, y_wrong, "binary_cross_entropy")
    assert ce == pytest.approx(2 * big, rel=1e-12)  # −log P(true class) = the gap between the logits
    assert bce == pytest.approx(big, rel=1e-12)
    # P is one-hot on the wrong class, so (P − Y)/N has entries ±1/2: finite and as large as it gets
    np.testing.assert_allclose(dW, X.T @ (nl.softmax(X @ softmax_net.layers[0].W) - Y_wrong) / 2, atol=1e-15)
    assert np.all(np.isfinite(dW)) and np.all(np.isfinite(db)) and np.abs(dW).max() == pytest.approx(0.5)
    assert np.all(np.isfinite(dWs)) and np.all(np.isfinite(dbs))
    assert np.abs(dWs).max() == pytest.approx(0.5)

"""Backpropagation equals central differences, for every sensible network and loss.

For each hidden activation × (output activation, loss) pair, several layer shapes (no hidden
layer, one, two) and batches of 1 and many rows, the analytic gradient from
`Network.backward` must match `nl.numerical_gradients` to a relative error below 1e-7 in
float64.
"""

import numpy as np
import pytest

import nnlesson as nl
from nnlesson.gradcheck import relative_error

HIDDEN = ["identity", "sigmoid", "tanh", "relu"]
# (output activation, loss, number of outputs)
OUTPUT_LOSS = [
    ("identity", "mse", 2),
    ("sigmoid", "mse", 2),
    ("tanh", "mse", 2),
    ("softmax", "mse", 3),
    ("sigmoid", "binary_cross_entropy", 1),
    ("sigmoid", "binary_cross_entropy", 2),  # two independent yes/no outputs
    ("softmax", "cross_entropy", 3),
]
HIDDEN_SHAPES = {"no hidden layer": [], "one hidden layer": [5], "two hidden layers": [6, 4]}
N_INPUTS = 3
TOLERANCE = 1e-7


def make_case(hidden, output, loss, n_out, hidden_sizes, n_rows, seed=0):
    rng = np.random.default_rng(seed)
    net = nl.Network([N_INPUTS, *hidden_sizes, n_out], hidden=hidden, output=output, seed=seed)
    for layer in net.layers:  # non-zero biases, so db is not a plain sum of the same terms
        layer.b[:] = rng.normal(0.0, 0.3, size=layer.b.shape)
    X = rng.normal(size=(n_rows, N_INPUTS))
    if loss == "cross_entropy" or output == "softmax":
        Y = np.eye(n_out)[rng.integers(0, n_out, size=n_rows)]
    elif loss == "binary_cross_entropy":
        Y = rng.integers(0, 2, size=(n_rows, n_out)).astype(float)
    elif output in ("sigmoid",):
        Y = rng.uniform(0.05, 0.95, size=(n_rows, n_out))
    elif output == "tanh":
        Y = rng.uniform(-0.9, 0.9, size=(n_rows, n_out))
    else:
        Y = rng.normal(size=(n_rows, n_out))
    return net, X, Y


def cases():
    for hidden_label, hidden_sizes in HIDDEN_SHAPES.items():
        # without a hidden layer the hidden activation plays no part: test it once
        hiddens = HIDDEN if hidden_sizes else ["sigmoid"]
        for hidden in hiddens:
            for output, loss, n_out in OUTPUT_LOSS:
                for n_rows in (1, 16):
                    yield pytest.param(hidden, output, loss, n_out, hidden_sizes, n_rows,
                                       id=f"{hidden_label}-{hidden}-{output}+{loss}-{n_out}out-{n_rows}rows")


@pytest.mark.parametrize("hidden, output, loss, n_out, hidden_sizes, n_rows", list(cases()))
def test_backprop_equals_numerical_gradients(hidden, output, loss, n_out, hidden_sizes, n_rows):
    net, X, Y = make_case(hidden, output, loss, n_out, hidden_sizes, n_rows)
    net.forward(X)
    if hidden == "relu" and hidden_sizes:
        # a nudge of h = 1e-5 must not carry any weighted sum across relu's kink
        closest = min(np.abs(layer.Z).min() for layer in net.layers[:-1])
        assert closest > 1e-4, f"seeded data puts a relu input {closest:.1e} from the kink"
    weights_before = net.get_weights()

    analytic = net.backward(X, Y, loss)
    numeric = nl.numerical_gradients(net, X, Y, loss)

    for i, ((dW, db), (nW, nb)) in enumerate(zip(analytic, numeric)):
        assert relative_error(dW, nW) < TOLERANCE, f"layer {i} dW"
        assert relative_error(db, nb) < TOLERANCE, f"layer {i} db"
        # gradients are not vanishingly small, so the relative error means something
        assert np.linalg.norm(nW) > 1e-6 or (hidden == "relu" and i < len(analytic) - 1)
    report = nl.gradient_check(net, X, Y, loss)
    assert report.passed and report.max_error < TOLERANCE
    # checking leaves the network exactly as it was
    for (W0, b0), (W1, b1) in zip(weights_before, net.get_weights()):
        np.testing.assert_array_equal(W0, W1)
        np.testing.assert_array_equal(b0, b1)


def test_numerical_gradients_have_the_same_structure_as_backward():
    net, X, Y = make_case("tanh", "softmax", "cross_entropy", 3, [6, 4], 5)
    analytic = net.backward(X, Y, "cross_entropy")
    numeric = nl.numerical_gradients(net, X, Y, "cross_entropy")
    assert isinstance(analytic, list) and isinstance(numeric, list)
    assert len(analytic) == len(numeric) == len(net.layers) == 3
    for layer, a, n in zip(net.layers, analytic, numeric):
        assert len(a) == len(n) == 2
        (dW, db), (nW, nb) = a, n
        assert dW.shape == nW.shape == layer.W.shape
        assert db.shape == nb.shape == layer.b.shape
        assert dW.dtype == nW.dtype == db.dtype == nb.dtype == np.float64


def test_gradient_equals_mean_over_rows_not_sum():
    """backward gives the gradient of the MEAN loss: doubling the data (repeating rows) keeps it."""
    net, X, Y = make_case("sigmoid", "identity", "mse", 2, [5], 4)
    once = net.backward(X, Y, "mse")
    twice = net.backward(np.vstack([X, X]), np.vstack([Y, Y]), "mse")
    for (dW1, db1), (dW2, db2) in zip(once, twice):
        np.testing.assert_allclose(dW1, dW2, rtol=1e-13)
        np.testing.assert_allclose(db1, db2, rtol=1e-13)


def test_hand_computed_gradient_of_a_tiny_network():
    """One input, one sigmoid hidden neuron, one identity output, one row, written out by hand."""
    net = nl.Network([1, 1, 1], hidden="sigmoid", output="identity", seed=0)
    net.set_weights([(np.array([[0.5]]), np.array([0.1])), (np.array([[-1.5]]), np.array([0.2]))])
    x, y = 2.0, 0.3
    z1 = 0.5 * x + 0.1
    a1 = 1 / (1 + np.exp(-z1))
    y_pred = -1.5 * a1 + 0.2
    dE_dy = 2 * (y_pred - y)
    dW2, db2 = dE_dy * a1, dE_dy
    dz1 = dE_dy * -1.5 * a1 * (1 - a1)
    dW1, db1 = dz1 * x, dz1
    (gW1, gb1), (gW2, gb2) = net.backward([[x]], [[y]], "mse")
    np.testing.assert_allclose([gW1[0, 0], gb1[0], gW2[0, 0], gb2[0]], [dW1, db1, dW2, db2], rtol=1e-14)


def test_gradient_check_catches_a_wrong_backward_pass():
    net, X, Y = make_case("tanh", "identity", "mse", 2, [5], 8)
    right = net._backward

    def forgot_the_mean(X, Y, loss):  # a classic bug: gradient of the sum, not the mean
        return [(dW * len(X), db * len(X)) for dW, db in right(X, Y, loss)]

    net._backward = forgot_the_mean
    report = nl.gradient_check(net, X, Y, "mse")
    assert not report.passed
    assert report.max_error > 0.5  # (8 − 1) / (8 + 1) ≈ 0.78
    assert "DISAGREE" in repr(report)


def test_gradient_check_report_reads_well():
    net, X, Y = make_case("sigmoid", "identity", "mse", 1, [3], 4)
    report = nl.gradient_check(net, X, Y, "mse")
    assert len(report.errors) == 2 and report.tolerance == 1e-7
    assert report.max_error == max(max(pair) for pair in report.errors)
    text = repr(report)
    assert "agree" in text and "layer 0: W" in text and "layer 1: W" in text


def test_relative_error():
    assert relative_error([0.0, 0.0], [0.0, 0.0]) == 0.0
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_error([1.0], [-1.0]) == pytest.approx(1.0)
    assert relative_error([1.0], [1.0 + 1e-9]) == pytest.approx(5e-10, rel=1e-6)


def test_gradcheck_bad_input():
    net, X, Y = make_case("sigmoid", "identity", "mse", 1, [3], 4)
    with pytest.raises(TypeError, match=r"net must be a Network \(from nnlesson.Network\(...\)\), got list"):
        nl.numerical_gradients([net], X, Y)
    with pytest.raises(ValueError, match=r"h must be a positive number, got -1e-05"):
        nl.numerical_gradients(net, X, Y, h=-1e-5)
    with pytest.raises(ValueError, match=r"tolerance must be a positive number, got 0"):
        nl.gradient_check(net, X, Y, tolerance=0)
    with pytest.raises(ValueError, match=r"X and Y must have the same number of rows, got X of shape \(4, 3\) "
                                         r"and Y of shape \(3, 1\)"):
        nl.numerical_gradients(net, X, Y[:3])

"""Every bad input the issue lists raises ValueError or TypeError with a message that names the
argument, says what it got (shapes printed) and what it expected."""

import numpy as np
import pytest

import nnlesson as nl

X = np.random.default_rng(0).normal(size=(5, 3))
Y = np.random.default_rng(1).normal(size=(5, 1))
Y3 = np.eye(3)[[0, 1, 2, 0, 1]]


@pytest.fixture
def net():
    return nl.Network([3, 4, 1], hidden="sigmoid", output="identity", seed=0)


@pytest.fixture
def softmax_net():
    return nl.Network([3, 4, 3], hidden="tanh", output="softmax", seed=0)


# The entry points that take (X, Y): each must check its data the same way.
def call_backward(net, X, Y, loss="mse"):
    return net.backward(X, Y, loss)


def call_loss(net, X, Y, loss="mse"):
    return net.loss(X, Y, loss)


def call_train(net, X, Y, loss="mse"):
    return nl.train(net, X, Y, loss=loss, epochs=1)


def call_numerical(net, X, Y, loss="mse"):
    return nl.numerical_gradients(net, X, Y, loss)


ENTRY_POINTS = [call_backward, call_loss, call_train, call_numerical]


@pytest.mark.parametrize("call", ENTRY_POINTS)
def test_rows_of_X_and_Y_differ(net, call):
    with pytest.raises(ValueError, match=r"X and Y must have the same number of rows, "
                                         r"got X of shape \(5, 3\) and Y of shape \(4, 1\)"):
        call(net, X, Y[:4])


@pytest.mark.parametrize("call", ENTRY_POINTS)
def test_Y_columns_differ_from_the_output_size(net, call):
    with pytest.raises(ValueError, match=r"Y has 2 columns \(shape \(5, 2\)\) but the network has 1 outputs "
                                         r"\(layer_sizes \[3, 4, 1\]\)"):
        call(net, X, np.zeros((5, 2)))


@pytest.mark.parametrize("call", ENTRY_POINTS)
def test_X_columns_differ_from_the_input_size(net, call):
    with pytest.raises(ValueError, match=r"X has 2 columns \(shape \(5, 2\)\) but the network expects 3 inputs"):
        call(net, X[:, :2], Y)


def test_X_columns_differ_in_forward(net):
    with pytest.raises(ValueError, match=r"X has 4 columns \(shape \(2, 4\)\) but the network expects 3 inputs"):
        net.forward(np.zeros((2, 4)))


@pytest.mark.parametrize("call", ENTRY_POINTS)
def test_empty_arrays(net, call):
    with pytest.raises(ValueError, match=r"X is empty \(shape \(0, 3\)\): it needs at least one row"):
        call(net, np.zeros((0, 3)), np.zeros((0, 1)))
    with pytest.raises(ValueError, match=r"Y is empty \(shape \(0, 1\)\)"):
        call(net, X, np.zeros((0, 1)))


def test_empty_arrays_elsewhere(net):
    with pytest.raises(ValueError, match=r"X is empty \(shape \(0, 3\)\)"):
        net.forward(np.zeros((0, 3)))
    with pytest.raises(ValueError, match=r"Y_pred is empty \(shape \(0, 1\)\)"):
        nl.mse(np.zeros((0, 1)), np.zeros((0, 1)))
    with pytest.raises(ValueError, match=r"X is empty \(shape \(0, 2\)\)"):
        nl.Standardizer().fit(np.zeros((0, 2)))


@pytest.mark.parametrize("call", ENTRY_POINTS)
@pytest.mark.parametrize("bad, counts", [(np.nan, "1 NaN and 0 infinite"), (np.inf, "0 NaN and 1 infinite"),
                                         (-np.inf, "0 NaN and 1 infinite")])
def test_nan_or_inf_in_data(net, call, bad, counts):
    Xbad = X.copy()
    Xbad[2, 1] = bad
    with pytest.raises(ValueError, match=rf"X contains {counts} value\(s\) \(shape \(5, 3\)\): remove or fill"):
        call(net, Xbad, Y)
    Ybad = Y.copy()
    Ybad[0, 0] = bad
    with pytest.raises(ValueError, match=rf"Y contains {counts} value\(s\) \(shape \(5, 1\)\)"):
        call(net, X, Ybad)


def test_nan_in_forward_and_losses(net):
    with pytest.raises(ValueError, match=r"X contains 2 NaN and 0 infinite value\(s\) \(shape \(1, 3\)\)"):
        net.forward([[np.nan, 1.0, np.nan]])
    with pytest.raises(ValueError, match=r"Y contains 0 NaN and 1 infinite value\(s\) \(shape \(2, 1\)\)"):
        nl.mse([[0.0], [1.0]], [[np.inf], [1.0]])


@pytest.mark.parametrize("call", ENTRY_POINTS)
def test_non_numeric_data(net, call):
    words = np.array([["a", "b", "c"]] * 5)
    with pytest.raises(TypeError, match=r"X must contain numbers, got an array of dtype <U1 of shape \(5, 3\) "
                                        r"\(first value 'a'\)"):
        call(net, words, Y)
    with pytest.raises(TypeError, match=r"Y must contain numbers, got an array of dtype object of shape \(5, 1\)"):
        call(net, X, np.array([[None]] * 5))
    with pytest.raises(TypeError, match=r"X must be numeric data .* got a string 'abc'"):
        call(net, "abc", Y)
    with pytest.raises(TypeError, match=r"X must contain real numbers, got complex dtype complex128"):
        call(net, X + 1j, Y)


def test_ragged_lists(net):
    with pytest.raises(TypeError, match=r"X must be numeric data \(a numpy array or list of numbers\)"):
        net.forward([[1.0, 2.0, 3.0], [1.0]])


@pytest.mark.parametrize("call", ENTRY_POINTS)
def test_one_dimensional_X_is_rejected_with_a_hint(net, call):
    with pytest.raises(ValueError, match=r"X must be a 2-D array, got a 1-D array of shape \(3,\) "
                                         r"\(for one feature use X.reshape\(-1, 1\); "
                                         r"for one row use X.reshape\(1, -1\)\)"):
        call(net, X[0], Y[:1])


def test_one_dimensional_Y_is_accepted_for_one_output_only(net, softmax_net):
    # documented: a 1-D Y is one target per row, for a network with a single output
    assert net.loss(X, Y[:, 0]) == net.loss(X, Y)
    with pytest.raises(ValueError, match=r"Y is 1-D \(shape \(5,\)\) but the network has 3 outputs: Y needs shape "
                                         r"\(N, 3\); use nl.one_hot\(labels\) to encode class labels"):
        softmax_net.backward(X, np.array([0, 1, 2, 0, 1]), "cross_entropy")
    with pytest.raises(ValueError, match=r"Y must be a 1-D or 2-D array, got a 3-D array of shape \(5, 1, 1\)"):
        net.backward(X, Y[:, :, None])
    with pytest.raises(ValueError, match=r"X must be a 2-D array, got a 3-D array of shape \(5, 3, 1\)"):
        net.forward(X[:, :, None])


@pytest.mark.parametrize("kwargs, error, pattern", [
    (dict(hidden="swish"), ValueError, r"unknown hidden activation 'swish': expected one of \['identity', 'relu', "
                                       r"'sigmoid', 'softmax', 'tanh'\]"),
    (dict(output="linear"), ValueError, r"unknown output activation 'linear': expected one of"),
    (dict(hidden=None), TypeError, r"hidden activation must be one of .* got None of type NoneType"),
    (dict(hidden="softmax"), ValueError, r"softmax cannot be a hidden activation: it belongs in the output layer.*"
                                         r"choose hidden from \['identity', 'sigmoid', 'tanh', 'relu'\]"),
])
def test_unknown_or_misplaced_activations(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        nl.Network([3, 4, 2], **kwargs)


def test_softmax_output_needs_two_neurons():
    with pytest.raises(ValueError, match=r"a softmax output needs at least 2 neurons"):
        nl.Network([3, 4, 1], output="softmax")


@pytest.mark.parametrize("sizes, error, pattern", [
    ([3], ValueError, r"layer_sizes needs at least an input and an output size, such as \[3, 1\], got \[3\]"),
    ([3, 0, 1], ValueError, r"layer_sizes must hold positive whole numbers, got \[3, 0, 1\]"),
    ([3, 2.5, 1], ValueError, r"layer_sizes must hold positive whole numbers, got \[3, 2.5, 1\]"),
    ("3, 4, 1", TypeError, r"layer_sizes must be a list of whole numbers such as \[3, 4, 1\], got '3, 4, 1'"),
    (3, TypeError, r"layer_sizes must be a list of whole numbers"),
])
def test_bad_layer_sizes(sizes, error, pattern):
    with pytest.raises(error, match=pattern):
        nl.Network(sizes)


@pytest.mark.parametrize("seed", [-1, 1.5, "0", True])
def test_bad_seed(seed):
    with pytest.raises(TypeError, match=r"seed must be a non-negative integer or None, got"):
        nl.Network([3, 1], seed=seed)


@pytest.mark.parametrize("call", ENTRY_POINTS)
def test_unknown_loss(net, call):
    with pytest.raises(ValueError, match=r"unknown loss 'mae': expected one of \['binary_cross_entropy', "
                                         r"'cross_entropy', 'mse'\]"):
        call(net, X, Y, "mae")


@pytest.mark.parametrize("call", ENTRY_POINTS)
def test_cross_entropy_needs_one_hot_targets(softmax_net, call):
    not_one_hot = Y3.copy()
    not_one_hot[3] = [0.5, 0.5, 0.0]
    with pytest.raises(ValueError, match=r"Y must be one-hot encoded: shape \(N, classes\) with a single 1 in each "
                                         r"row, got shape \(5, 3\) \(first bad row 3: \[0.5, 0.5, 0.0\]\); "
                                         r"use nl.one_hot\(labels\)"):
        call(softmax_net, X, not_one_hot, "cross_entropy")
    two_ones = Y3.copy()
    two_ones[1] = [1.0, 1.0, 0.0]
    with pytest.raises(ValueError, match=r"first bad row 1: \[1.0, 1.0, 0.0\]"):
        call(softmax_net, X, two_ones, "cross_entropy")
    with pytest.raises(ValueError, match=r"first bad row 0"):
        call(softmax_net, X, np.zeros((5, 3)), "cross_entropy")


@pytest.mark.parametrize("call", ENTRY_POINTS)
@pytest.mark.parametrize("output", ["identity", "sigmoid", "tanh"])
def test_cross_entropy_needs_a_softmax_output(call, output):
    net = nl.Network([3, 4, 3], output=output, seed=0)
    with pytest.raises(ValueError, match=rf"loss 'cross_entropy' needs a softmax output layer, but this network's "
                                         rf"output is '{output}'; build it with Network\(..., output='softmax'\)"):
        call(net, X, Y3, "cross_entropy")


@pytest.mark.parametrize("call", ENTRY_POINTS)
def test_binary_cross_entropy_needs_sigmoid_and_zero_one_targets(net, call):
    with pytest.raises(ValueError, match=r"loss 'binary_cross_entropy' needs a sigmoid output layer, but this "
                                         r"network's output is 'identity'"):
        call(net, X, (Y > 0).astype(float), "binary_cross_entropy")
    sig = nl.Network([3, 4, 1], output="sigmoid", seed=0)
    with pytest.raises(ValueError, match=r"Y must hold binary targets 0 or 1, got values such as"):
        call(sig, X, Y, "binary_cross_entropy")


@pytest.mark.parametrize("lr, error", [(0, ValueError), (-0.1, ValueError), (np.inf, ValueError),
                                       (np.nan, ValueError), ("0.1", TypeError), (None, TypeError)])
def test_learning_rate_must_be_positive(net, lr, error):
    with pytest.raises(error, match=rf"lr must be a positive number, got {lr!r}".replace("(", r"\(")
                       .replace(")", r"\)")):
        nl.train(net, X, Y, lr=lr)


@pytest.mark.parametrize("epochs, error, pattern", [
    (0, ValueError, r"epochs must be a positive whole number, got 0"),
    (-3, ValueError, r"epochs must be a positive whole number, got -3"),
    (2.5, TypeError, r"epochs must be a positive whole number, got 2.5"),
    ("10", TypeError, r"epochs must be a positive whole number, got '10' of type str"),
    (True, TypeError, r"epochs must be a positive whole number, got True of type bool"),
])
def test_epochs_must_be_positive(net, epochs, error, pattern):
    with pytest.raises(error, match=pattern):
        nl.train(net, X, Y, epochs=epochs)


@pytest.mark.parametrize("batch_size, error, pattern", [
    (0, ValueError, r"batch_size must be a positive whole number or None \(full batch\), got 0"),
    (-32, ValueError, r"batch_size must be a positive whole number or None \(full batch\), got -32"),
    (1.5, TypeError, r"batch_size must be a positive whole number or None \(full batch\), got 1.5"),
    ("all", TypeError, r"batch_size must be a positive whole number or None \(full batch\), got 'all'"),
])
def test_batch_size_must_be_positive(net, batch_size, error, pattern):
    with pytest.raises(error, match=pattern):
        nl.train(net, X, Y, batch_size=batch_size)


def test_other_train_arguments(net):
    with pytest.raises(TypeError, match=r"net must be a Network \(from nnlesson.Network\(...\)\), got str"):
        nl.train("net", X, Y)
    with pytest.raises(ValueError, match=r"unknown callback_every 'batch': expected one of \['epoch', 'step'\]"):
        nl.train(net, X, Y, callback_every="batch")
    with pytest.raises(TypeError, match=r"callback must be a function, got int"):
        nl.train(net, X, Y, callback=3)
    with pytest.raises(TypeError, match=r"validation must be a pair \(X_val, Y_val\), got ndarray"):
        nl.train(net, X, Y, validation=X)
    with pytest.raises(ValueError, match=r"^validation \(X_val, Y_val\): X and Y must have the same number of rows, "
                                         r"got X of shape \(5, 3\) and Y of shape \(2, 1\)"):
        nl.train(net, X, Y, validation=(X, Y[:2]))
    with pytest.raises(ValueError, match=r"^validation \(X_val, Y_val\): X has 2 columns \(shape \(5, 2\)\)"):
        nl.train(net, X, Y, validation=(X[:, :2], Y))
    with pytest.raises(TypeError, match=r"^validation \(X_val, Y_val\): Y must contain numbers"):
        nl.train(net, X, Y, validation=(X, np.array([["a"]] * 5)))
    with pytest.raises(TypeError, match=r"seed must be a non-negative integer or None, got -2"):
        nl.train(net, X, Y, seed=-2)


def test_one_hot_label_not_seen_when_fitted():
    _, classes = nl.one_hot(["San Francisco", "New York", "Boston"])
    with pytest.raises(ValueError, match=r"labels \['Chicago', 'Denver'\] were not seen when the encoder was "
                                         r"fitted; known classes are \['Boston', 'New York', 'San Francisco'\]"):
        nl.one_hot(["Denver", "Boston", "Chicago"], classes=classes)


def test_errors_leave_the_network_untouched(net):
    before = net.get_weights()
    for bad in [lambda: nl.train(net, X, Y[:4]), lambda: nl.train(net, X, Y, lr=-1),
                lambda: nl.train(net, X, Y, batch_size=0)]:
        with pytest.raises((ValueError, TypeError)):
            bad()
    for (W0, b0), (W1, b1) in zip(before, net.get_weights()):
        np.testing.assert_array_equal(W0, W1)
        np.testing.assert_array_equal(b0, b1)

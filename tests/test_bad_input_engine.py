"""Bad input into every public function and class of the engine, as tables (issue 12).

Each row: what is called, the error class, and the words the message must hold. Every message
follows "<name> must be <expected>, got <value>" (or names the problem and the fix), and no
row may end in an IndexError, ZeroDivisionError, MemoryError, a numpy warning or a silent result.
"""

import warnings
from fractions import Fraction

import matplotlib
import numpy as np
import pytest

import nnlesson as nl
from nnlesson import _validate as v
from nnlesson import activations as act
from nnlesson import losses, training
from nnlesson.plots import ConfusionMatrixArt, draw_confusion, fmt, plot_history

matplotlib.use("Agg")

X = np.random.default_rng(0).normal(size=(5, 3))
Y = np.random.default_rng(1).normal(size=(5, 1))
Y3 = np.eye(3)[[0, 1, 2, 0, 1]]
NET = nl.Network([3, 4, 1], seed=0)
SOFTMAX_NET = nl.Network([3, 4, 3], output="softmax", seed=0)
MASKED = np.ma.masked_array(X, mask=X > 1)
GRADS = NET.backward(X, Y)
NUMBER_ERRORS = [  # (value, error, what the message says it got)
    (None, TypeError, r"got None of type NoneType"),
    ("0.1", TypeError, r"got '0.1' of type str"),
    (1 + 2j, TypeError, r"got \(1\+2j\) of type complex"),
    ({0.1}, TypeError, r"got \{0.1\} of type set"),
    (True, TypeError, r"got True of type bool"),
    (np.nan, ValueError, r"got nan"),
    (np.inf, ValueError, r"got inf"),
    (10**400, ValueError, r"got 1000000000"),
]
ARRAY_ERRORS = [  # (value, error, message) for any argument checked as numeric data
    (None, TypeError, r"must be numeric data \(a numpy array or list of numbers\), got None$"),
    ({1.0, 2.0}, TypeError, r"must be numeric data \(a numpy array or list of numbers\), got a set \{1.0, 2.0\}$"),
    ({"a": 1}, TypeError, r"must be numeric data .*, got a dict \{'a': 1\}$"),
    ("abc", TypeError, r"must be numeric data .*, got a string 'abc'$"),
    (object(), TypeError, r"must contain numbers, got an array of dtype object of shape \(\) \(first value <object"),
    ([[Fraction(1, 2)] * 3], TypeError, r"must contain numbers, got an array of dtype object of shape \(1, 3\) "
                                        r"\(first value Fraction\(1, 2\), of type Fraction\)"),
    ([[1.0, 2.0, 3.0], [1.0]], TypeError, r"must be numeric data \(a numpy array or list of numbers\): "),
    (X + 1j, TypeError, r"must contain real numbers, got complex dtype complex128 of shape \(5, 3\)"),
    (np.array([["a", "b", "c"]]), TypeError, r"must contain numbers, got an array of dtype <U1 of shape \(1, 3\)"),
    ([[10**400, 1, 1]], ValueError, r"must contain numbers that fit in a float \(at most about 1.8e308\), got an "
                                    r"array of shape \(1, 3\) holding 1000"),
    (MASKED, ValueError, rf"must have no missing values, got a masked array with {int((X > 1).sum())} masked value\(s\) \(shape "
                         r"\(5, 3\)\): fill them"),
    ([[np.nan, 1.0, 2.0]], ValueError, r"contains 1 NaN and 0 infinite value\(s\) \(shape \(1, 3\)\)"),
    ([[np.inf, -np.inf, 2.0]], ValueError, r"contains 0 NaN and 2 infinite value\(s\)"),
]


def case(id_, call, error, pattern):
    return pytest.param(call, error, pattern, id=id_)


def with_each_array_error(id_, name, call):
    """One case per entry of ARRAY_ERRORS, with the argument `name` taking the bad value."""
    return [case(f"{id_}-{type(bad).__name__}{k}", lambda bad=bad: call(bad), error, rf"^{name} {pattern}")
            for k, (bad, error, pattern) in enumerate(ARRAY_ERRORS)]


def with_each_number_error(id_, name, expected, call):
    return [case(f"{id_}-{type(bad).__name__}{k}", lambda bad=bad: call(bad), error,
                 rf"^{name} must be {expected}, {pattern}")
            for k, (bad, error, pattern) in enumerate(NUMBER_ERRORS)]


def fresh():
    return NET.copy()


def ax():
    import matplotlib.pyplot as plt

    fig = matplotlib.figure.Figure()
    plt.close("all")
    return fig.add_subplot()


CASES = [
    # -- activations: every function takes Z as numeric data ---------------------------------
    *[c for fn in (act.identity, act.sigmoid, act.tanh, act.relu, act.identity_derivative, act.sigmoid_derivative,
                   act.tanh_derivative, act.relu_derivative)
      for c in with_each_array_error(fn.__name__, "Z", fn)],
    *with_each_array_error("softmax", "Z", nl.softmax),
    case("softmax-3D", lambda: nl.softmax(np.zeros((2, 2, 2))), ValueError,
         r"^Z must be a 1-D or 2-D array, got a 3-D array of shape \(2, 2, 2\)$"),
    case("softmax-empty", lambda: nl.softmax(np.zeros((0, 3))), ValueError, r"^Z is empty \(shape \(0, 3\)\)"),
    case("softmax-scalar", lambda: nl.softmax(2.0), ValueError, r"^Z must be a 1-D or 2-D array, got a 0-D"),
    case("softmax_backward-shapes", lambda: act.softmax_backward(np.ones((2, 3)) / 3, np.ones((2, 2))), ValueError,
         r"^P and dP must have the same shape, got P of shape \(2, 3\) and dP of shape \(2, 2\)$"),
    *with_each_array_error("softmax_backward-dP", "dP", lambda bad: act.softmax_backward(np.ones((1, 3)) / 3, bad)),
    case("derivative-softmax", lambda: act.derivative("softmax", X), ValueError,
         r"^unknown activation 'softmax': expected one of \['identity', 'relu', 'sigmoid', 'tanh'\]$"),
    case("derivative-None", lambda: act.derivative(None, X), TypeError, r"^activation must be one of .* got None"),
    case("activate-unknown", lambda: act.activate("swish", X), ValueError, r"^unknown activation 'swish'"),
    case("activate-set", lambda: act.activate("tanh", {1.0}), TypeError, r"^Z must be numeric data .*got a set"),
    case("activation_backward-shapes", lambda: act.activation_backward("tanh", [1.0, 2.0], [1.0], [1.0]), ValueError,
         r"^Z and A must have the same shape, got Z of shape \(2,\) and A of shape \(1,\)$"),
    case("activation_backward-None", lambda: act.activation_backward("relu", X, X, None), TypeError,
         r"^dA must be numeric data .*got None$"),
    # -- losses -------------------------------------------------------------------------------
    *[c for fn in (nl.mse, nl.mse_gradient)
      for c in with_each_array_error(fn.__name__ + "-Y_pred", "Y_pred", lambda bad, fn=fn: fn(bad, [[1.0, 2.0, 3.0]]))],
    *[c for fn in (nl.mse, nl.mse_gradient)
      for c in with_each_array_error(fn.__name__ + "-Y", "Y", lambda bad, fn=fn: fn([[1.0, 2.0, 3.0]], bad))],
    *[c for fn in (nl.binary_cross_entropy, nl.binary_cross_entropy_gradient, nl.cross_entropy,
                   nl.cross_entropy_gradient)
      for c in with_each_array_error(fn.__name__, "P", lambda bad, fn=fn: fn(bad, [[1.0, 0.0, 0.0]]))],
    case("mse-shapes", lambda: nl.mse(np.zeros((3, 1)), np.zeros((3, 2))), ValueError,
         r"^Y_pred and Y must have the same shape, got Y_pred of shape \(3, 1\) and Y of shape \(3, 2\)$"),
    case("mse-empty", lambda: nl.mse([], []), ValueError, r"^Y_pred is empty"),
    case("mse-overflow", lambda: nl.mse([1e200], [-1e200]), ValueError,
         r"^the mean squared error must be a finite number, got inf: the numbers in Y_pred and Y are too large "
         r"to square in float64; scale the data$"),
    case("mse_gradient-overflow", lambda: nl.mse_gradient([1.7e308], [-1.7e308]), ValueError,
         r"^the gradient of the mean squared error must be a finite number, got infinite values"),
    case("cross_entropy-rows-not-1", lambda: nl.cross_entropy([[0.2, 0.2, 0.2]], [[1, 0, 0]]), ValueError,
         r"^each row of P must sum to 1 \(within 1e-06\): one probability per class, such as softmax's output; "
         r"got 1 row\(s\) that do not, the first row 0 summing to 0.6$"),
    case("cross_entropy-second-row", lambda: nl.cross_entropy([[0.5, 0.5], [0.5, 0.6]], [[1, 0], [0, 1]]),
         ValueError, r"the first row 1 summing to 1.1$"),
    case("cross_entropy-rounded", lambda: nl.cross_entropy([[0.333, 0.333, 0.333]], [[1, 0, 0]]), ValueError,
         r"summing to 0.999$"),
    case("cross_entropy_gradient-rows", lambda: nl.cross_entropy_gradient([[0.9, 0.9]], [[1, 0]]), ValueError,
         r"^each row of P must sum to 1"),
    case("cross_entropy-not-probabilities", lambda: nl.cross_entropy([[1.5, -0.5]], [[1, 0]]), ValueError,
         r"^P must hold probabilities between 0 and 1, got values from -0.5 to 1.5$"),
    case("cross_entropy-not-one-hot", lambda: nl.cross_entropy([[0.5, 0.5]], [[0.5, 0.5]]), ValueError,
         r"^Y must be one-hot encoded"),
    case("bce-targets", lambda: nl.binary_cross_entropy([[0.5]], [[2.0]]), ValueError,
         r"^Y must hold binary targets 0 or 1, got values such as \[2.0\]$"),
    case("bce_gradient-P", lambda: nl.binary_cross_entropy_gradient([[1.5]], [[1.0]]), ValueError,
         r"^P must hold probabilities between 0 and 1"),
    case("loss_value-unknown", lambda: losses.loss_value("mae", [1.0], [1.0]), ValueError, r"^unknown loss 'mae'"),
    case("loss_gradient-None", lambda: losses.loss_gradient(None, [1.0], [1.0]), TypeError, r"^loss must be one of"),
    case("check_one_hot-None", lambda: losses.check_one_hot(None), TypeError, r"^Y must be numeric data .*got None$"),
    case("check_one_hot-1D", lambda: losses.check_one_hot(np.array([1.0, 0.0])), ValueError,
         r"^Y must be one-hot encoded: shape \(N, classes\)"),
    # -- Network and make_network -------------------------------------------------------------
    case("Network-set", lambda: nl.Network({3, 4, 1}), TypeError,
         r"^layer_sizes must be a list of whole numbers such as \[3, 4, 1\], in order, inputs first; got a set "
         r"\{1, 3, 4\}, which has no order$"),
    case("Network-frozenset", lambda: nl.Network(frozenset([3, 1])), TypeError, r"got a frozenset .*no order$"),
    case("Network-dict", lambda: nl.Network({3: 1, 1: 1}), TypeError, r"got a dict \{3: 1, 1: 1\}, which has no"),
    case("Network-generator", lambda: nl.Network(n for n in [3, 1]), TypeError,
         r"^layer_sizes must be a list of whole numbers such as \[3, 4, 1\], got <generator"),
    case("Network-None", lambda: nl.Network(None), TypeError, r"^layer_sizes must be a list .* got None$"),
    case("Network-2D", lambda: nl.Network(np.array([[3, 1]])), TypeError, r"^layer_sizes must be a list"),
    case("Network-floats", lambda: nl.Network([3.0, 1.0]), ValueError,
         r"^layer_sizes must hold positive whole numbers, got \[3.0, 1.0\]: layer_sizes\[0\] must be a whole "
         r"number ≥ 1, got 3.0 of type float$"),
    case("Network-bool", lambda: nl.Network([True, 1]), ValueError, r"layer_sizes\[0\] must be a whole number ≥ 1, "
                                                                      r"got True of type bool$"),
    case("Network-Fraction", lambda: nl.Network([Fraction(3), 1]), ValueError, r"got Fraction\(3, 1\) of type"),
    case("Network-str-size", lambda: nl.Network([3, "4", 1]), ValueError, r"layer_sizes\[1\] must be a whole "
                                                                           r"number ≥ 1, got '4' of type str$"),
    case("Network-negative", lambda: nl.Network([3, -4, 1]), ValueError, r"layer_sizes\[1\] .* got -4$"),
    case("Network-one-layer", lambda: nl.Network([3]), ValueError, r"^layer_sizes needs at least an input and an"),
    case("Network-empty", lambda: nl.Network([]), ValueError, r"^layer_sizes needs at least .* got \[\]"),
    case("Network-80GB", lambda: nl.Network([100_000, 100_000, 1]), ValueError,
         r"^layer_sizes must describe a network of at most 10,000,000 weights and biases \(80 MB\), got "
         r"\[100000, 100000, 1\], which needs 10,000,200,001 \(about 80 GB\): use smaller layers$"),
    case("Network-8TB", lambda: nl.Network([10**12, 1]), ValueError, r"needs 1,000,000,000,001 \(about 8 TB\)"),
    case("Network-many-layers", lambda: nl.Network([2] * 3_000_000), ValueError,
         r"^layer_sizes must list at most 1000 layer sizes, got 3,000,000$"),
    case("Network-range", lambda: nl.Network(range(1, 10**12)), ValueError,
         r"^layer_sizes must list at most 1000 layer sizes, got 999,999,999,999$"),
    case("Network-1000-wide-layers", lambda: nl.Network([4000] * 3), ValueError,
         r"needs 32,008,000 \(about 256 MB\): use smaller layers$"),
    case("Network-hidden-None", lambda: nl.Network([3, 1], hidden=None), TypeError,
         r"^hidden activation must be one of \['identity', 'relu', 'sigmoid', 'softmax', 'tanh'\], got None"),
    case("Network-output-list", lambda: nl.Network([3, 1], output=["identity"]), TypeError,
         r"^output activation must be one of .* got \['identity'\] of type list$"),
    case("Network-seed-float", lambda: nl.Network([3, 1], seed=0.5), TypeError,
         r"^seed must be a non-negative integer or None, got 0.5$"),
    case("Network-seed-str", lambda: nl.Network([3, 1], seed="1"), TypeError, r"^seed must be a non-negative"),
    case("make_network-huge", lambda: nl.make_network(10**6, 10**6, 1), ValueError,
         r"^layer_sizes must describe a network of at most 10,000,000 weights"),
    case("make_network-Fraction", lambda: nl.make_network(Fraction(3), 2, 1), TypeError,
         r"^n_inputs must be a whole number ≥ 1, got Fraction\(3, 1\) of type Fraction$"),
    case("make_network-None", lambda: nl.make_network(3, None, 1), TypeError,
         r"^n_hidden must be a whole number ≥ 0, got None of type NoneType$"),
    case("make_network-negative", lambda: nl.make_network(3, -1, 1), ValueError,
         r"^n_hidden must be a whole number ≥ 0, got -1$"),
    case("make_network-bool", lambda: nl.make_network(3, 2, True), TypeError, r"^n_outputs must be a whole number"),
    case("Dense-b-shape", lambda: nl.Dense(np.zeros((2, 3)), np.zeros(2), "tanh"), ValueError,
         r"^b must have one bias per neuron, shape \(3,\) for W of shape \(2, 3\), got shape \(2,\)$"),
    case("Dense-activation", lambda: nl.Dense(np.zeros((2, 3)), np.zeros(3), "swish"), ValueError,
         r"^unknown activation 'swish'"),
    case("Dense-W-None", lambda: nl.Dense(None, np.zeros(3), "tanh"), TypeError, r"^W must be numeric data"),
    case("Dense.forward-columns", lambda: nl.Dense(np.zeros((2, 3)), np.zeros(3), "tanh").forward([[1.0]]),
         ValueError, r"^A_prev must have 2 columns \(one per input of this layer\), got shape \(1, 1\)$"),
    # -- the network's methods: X and Y as numeric data ---------------------------------------
    *with_each_array_error("forward", "X", lambda bad: NET.forward(bad)),
    *with_each_array_error("loss-X", "X", lambda bad: NET.loss(bad, Y)),
    *with_each_array_error("backward-Y", "Y", lambda bad: NET.backward(X, bad)),
    case("forward-columns", lambda: NET.forward(np.zeros((2, 4))), ValueError,
         r"^X has 4 columns \(shape \(2, 4\)\) but the network expects 3 inputs per row"),
    case("forward-1D", lambda: NET.forward([1.0, 2.0, 3.0]), ValueError, r"^X must be a 2-D array, got a 1-D array"),
    case("check_data-loss", lambda: NET.check_data(X, Y, "hinge"), ValueError, r"^unknown loss 'hinge'"),
    case("update-None", lambda: fresh().update(None, 0.1), TypeError,
         r"^grads must be a list of 2 \(dW, db\) pairs, one per layer, got NoneType None$"),
    case("update-set", lambda: fresh().update({1, 2}, 0.1), TypeError, r"^grads must be a list of 2 \(dW, db\) pairs"),
    case("update-count", lambda: fresh().update(GRADS[:1], 0.1), ValueError,
         r"^grads must hold 2 \(dW, db\) pairs, one per layer, got 1$"),
    case("update-not-pairs", lambda: fresh().update([1, 2], 0.1), TypeError,
         r"^grads\[0\] must be a \(dW, db\) pair, got int 1$"),
    case("update-triple", lambda: fresh().update([(1, 2, 3), GRADS[1]], 0.1), ValueError,
         r"^grads\[0\] must be a \(dW, db\) pair, got 3 item\(s\)$"),
    case("update-shapes", lambda: fresh().update([GRADS[1], GRADS[0]], 0.1), ValueError,
         r"^layer 0: dW \(4, 1\) and db \(1,\) must match W \(3, 4\) and b \(4,\)$"),
    case("update-nan", lambda: fresh().update([(GRADS[0][0] * np.nan, GRADS[0][1]), GRADS[1]], 0.1), ValueError,
         r"^dW of layer 0 contains 12 NaN"),
    case("update-overflow", lambda: fresh().update([(np.full((3, 4), 1e308), np.zeros(4)), GRADS[1]], 1e10),
         ValueError, r"^the step lr·dW of layer 0 overflows \(lr = 1e\+10, largest \|dW\| = 1e\+308\): the weights "
                     r"would become infinite; use a smaller lr$"),
    *with_each_number_error("update-lr", "lr", "a positive number", lambda bad: fresh().update(GRADS, bad)),
    case("set_weights-None", lambda: fresh().set_weights(None), TypeError,
         r"^weights must be a list of 2 \(W, b\) pairs, one per layer, got NoneType None$"),
    case("set_weights-array", lambda: fresh().set_weights(np.zeros((2, 2))), TypeError, r"^weights must be a list"),
    case("set_weights-str-pair", lambda: fresh().set_weights(["Wb", "Wb"]), TypeError,
         r"^weights\[0\] must be a \(W, b\) pair, got str 'Wb'$"),
    case("set_weights-inf", lambda: fresh().set_weights([(np.full((3, 4), np.inf), np.zeros(4)), GRADS[1]]),
         ValueError, r"^W of layer 0 contains 0 NaN and 12 infinite"),
    # -- saving and loading -------------------------------------------------------------------
    case("save_network-net", lambda: nl.save_network(None, "x.npz"), TypeError,
         r"^net must be a Network \(from nnlesson.Network\(...\)\), got NoneType$"),
    case("save-path-None", lambda: NET.save(None), TypeError, r"^path must be a file name \(a str or a pathlib.Path\), "
                                                               r"got None of type NoneType$"),
    case("load-path-list", lambda: nl.load_network(["net.npz"]), TypeError,
         r"^path must be a file name .* got \['net.npz'\] of type list$"),
    case("load-missing", lambda: nl.load_network("no/such/file.npz"), ValueError,
         r"^no network file at 'no/such/file.npz'$"),
    # -- train and its helpers ----------------------------------------------------------------
    case("train-net", lambda: nl.train(None, X, Y), TypeError, r"^net must be a Network"),
    *with_each_array_error("train-X", "X", lambda bad: nl.train(fresh(), bad, Y)),
    *with_each_array_error("train-Y", "Y", lambda bad: nl.train(fresh(), X, bad)),
    *with_each_number_error("train-lr", "lr", "a positive number", lambda bad: nl.train(fresh(), X, Y, lr=bad)),
    case("train-lr-Fraction-ok-but-negative", lambda: nl.train(fresh(), X, Y, lr=Fraction(-1, 10)), ValueError,
         r"^lr must be a positive number, got Fraction\(-1, 10\)$"),
    case("train-epochs-float", lambda: nl.train(fresh(), X, Y, epochs=2.5), TypeError,
         r"^epochs must be a positive whole number, got 2.5$"),
    case("train-epochs-huge", lambda: nl.train(fresh(), X, Y, epochs=10**12), ValueError,
         r"^epochs must be a whole number from 1 to 1,000,000, got 1,000,000,000,000$"),
    case("train-epochs-None", lambda: nl.train(fresh(), X, Y, epochs=None), TypeError,
         r"^epochs must be a positive whole number, got None of type NoneType$"),
    case("train-batch_size-str", lambda: nl.train(fresh(), X, Y, batch_size="32"), TypeError,
         r"^batch_size must be a positive whole number or None \(full batch\), got '32'$"),
    case("train-batch_size-Fraction", lambda: nl.train(fresh(), X, Y, batch_size=Fraction(1)), TypeError,
         r"^batch_size must be a positive whole number or None \(full batch\), got Fraction\(1, 1\)$"),
    case("train-shuffle-str", lambda: nl.train(fresh(), X, Y, shuffle="no"), TypeError,
         r"^shuffle must be True or False, got 'no' of type str$"),
    case("train-shuffle-None", lambda: nl.train(fresh(), X, Y, shuffle=None), TypeError,
         r"^shuffle must be True or False, got None of type NoneType$"),
    case("train-record_steps-int", lambda: nl.train(fresh(), X, Y, record_steps=1), TypeError,
         r"^record_steps must be True or False, got 1 of type int$"),
    case("train-seed", lambda: nl.train(fresh(), X, Y, seed=-1), TypeError, r"^seed must be a non-negative integer"),
    case("train-validation-set", lambda: nl.train(fresh(), X, Y, validation={1, 2}), TypeError,
         r"^validation must be a pair \(X_val, Y_val\), got set \{1, 2\}$"),
    case("train-validation-nan", lambda: nl.train(fresh(), X, Y, validation=(X * np.nan, Y)), ValueError,
         r"^validation \(X_val, Y_val\): X contains 15 NaN"),
    case("train-metrics-set", lambda: nl.train(fresh(), X, Y, metrics={nl.accuracy}), TypeError,
         r"^metrics must be a list of functions such as \[nl.accuracy\] or a dict, got set$"),
    case("train-metrics-str", lambda: nl.train(fresh(), X, Y, metrics=["accuracy"]), TypeError,
         r"^each metric must be a named function metric\(Y_pred, Y\) -> number"),
    case("train-metric-returns-str", lambda: nl.train(fresh(), X, Y, metrics={"m": lambda P, T: "high"}), TypeError,
         r"^metric 'm' must return a number, got 'high' of type str$"),
    case("train-metric-fails", lambda: nl.train(SOFTMAX_NET.copy(), X, Y3, loss="cross_entropy",
                                                metrics={"m": lambda P, T: nl.rmse(P, T)}), ValueError,
         r"^metric 'm' failed on \(Y_pred, Y\) of shapes \(5, 3\) and \(5, 3\): rmse needs one target per row"),
    case("train-callback", lambda: nl.train(fresh(), X, Y, callback="print"), TypeError,
         r"^callback must be a function, got str$"),
    case("train-callback_every", lambda: nl.train(fresh(), X, Y, callback_every="batch"), ValueError,
         r"^unknown callback_every 'batch': expected one of \['epoch', 'step'\]$"),
    case("train-infinite-start", lambda: nl.train(nl.Network([3, 1]), X * 1e200, Y * 1e200), ValueError,
         r"^the loss is already infinite before training, so no learning rate can help.*scale the data"),
    case("start_history-net", lambda: training.start_history("net", X, Y), TypeError, r"^net must be a Network"),
    case("start_history-X", lambda: training.start_history(NET, {1}, Y), TypeError, r"^X must be numeric data"),
    case("has_diverged-str", lambda: training.has_diverged("big", 1.0), TypeError,
         r"^loss must be a number \(a loss\), got 'big' of type str$"),
    case("has_diverged-start-None", lambda: training.has_diverged(1.0, None), TypeError,
         r"^start_loss must be a number \(a loss\), got None of type NoneType$"),
    case("divergence_limit-complex", lambda: training.divergence_limit(1j), TypeError, r"^start_loss must be a number"),
    case("divergence_message-where", lambda: training.divergence_message(3, 1.0, 20.0, 0.1), TypeError,
         r"^where must be words such as 'epoch 3', got 3 of type int$"),
    case("divergence_message-lr", lambda: training.divergence_message("epoch 1", 1.0, 20.0, "0.1"), TypeError,
         r"^lr must be a number"),
    case("History.curve-name", lambda: nl.History().curve(["loss"]), TypeError,
         r"^name must be 'loss' or a metric's name such as 'accuracy', got \['loss'\]$"),
    case("History.curve-unknown", lambda: nl.History().curve("accuracy"), ValueError,
         r"^no curve called 'accuracy' in this History: it has \['loss'\]$"),
    case("History.curve-validation", lambda: nl.History().curve("loss", validation="yes"), TypeError,
         r"^validation must be True or False, got 'yes' of type str$"),
    case("History.then", lambda: nl.History().then(None), TypeError,
         r"^after must be a History \(from nl.train\(...\)\), got NoneType$"),
    # -- metrics ------------------------------------------------------------------------------
    *with_each_array_error("accuracy", "Y_pred", lambda bad: nl.accuracy(bad, [[1.0, 0.0, 0.0]])),
    case("accuracy-shapes", lambda: nl.accuracy(np.zeros((3, 2)), np.zeros((3, 3))), ValueError,
         r"^Y_pred and Y must have the same shape, got \(3, 2\) and \(3, 3\)$"),
    case("accuracy-rows", lambda: nl.accuracy(np.zeros((3, 2)), np.zeros((2, 2))), ValueError,
         r"^Y_pred and Y must have the same number of rows"),
    *with_each_array_error("rmse", "Y", lambda bad: nl.rmse([[1.0, 2.0, 3.0]], bad)),
    case("rmse-columns", lambda: nl.rmse(np.zeros((2, 2)), np.zeros((2, 2))), ValueError,
         r"^rmse needs one target per row, got Y of shape \(2, 2\)$"),
    case("rmse-overflow", lambda: nl.rmse([1e200], [-1e200]), ValueError, r"^the mean squared error must be a finite"),
    *[case(f"confusion_matrix-{k}", lambda bad=bad: nl.confusion_matrix(bad, [0, 1], 2), error, rf"^true_labels {p}")
      for k, (bad, error, p) in enumerate([
          (None, TypeError, r"must be numeric data .*got None$"), ({0, 1}, TypeError, r"must be numeric data .*a set"),
          ("01", TypeError, r"must be numeric data .*a string '01'$"),
          ([0, np.nan], ValueError, r"contains 1 NaN and 0 infinite value\(s\) \(shape \(2,\)\)"),
          ([Fraction(0), 1], TypeError, r"must contain numbers, .*Fraction"),
          (np.ma.masked_array([0, 1], mask=[1, 0]), ValueError, r"must have no missing values"),
          ([[0, 1]], ValueError, r"must be a 1-D array, got a 2-D array of shape \(1, 2\)")])],
    case("confusion_matrix-n-huge", lambda: nl.confusion_matrix([0], [0], 10**6), ValueError,
         r"^n_classes must be a whole number from 1 to 1000, got 1000000$"),
    case("confusion_matrix-n-Fraction", lambda: nl.confusion_matrix([0], [0], Fraction(2)), TypeError,
         r"^n_classes must be a whole number from 1 to 1000, got Fraction\(2, 1\) of type Fraction$"),
    case("confusion_matrix-label-range", lambda: nl.confusion_matrix([0, 3], [0, 1], 2), ValueError,
         r"^true_labels must hold class indices 0 to 1, got values such as \[0.0, 3.0\]$"),
    case("confusion_matrix-label-fraction", lambda: nl.confusion_matrix([0.5], [0], 2), ValueError,
         r"^true_labels must hold class indices 0 to 1"),
    case("confusion_matrix-lengths", lambda: nl.confusion_matrix([0, 1], [0], 2), ValueError,
         r"^true_labels and predicted_labels must have one label per row each, got shapes \(2,\) and \(1,\)$"),
    # -- gradient checks ----------------------------------------------------------------------
    case("numerical_gradients-net", lambda: nl.numerical_gradients([], X, Y), TypeError, r"^net must be a Network"),
    *with_each_array_error("numerical_gradients-X", "X", lambda bad: nl.numerical_gradients(NET, bad, Y)),
    *with_each_number_error("numerical_gradients-h", "h", "a positive number",
                            lambda bad: nl.numerical_gradients(NET, X, Y, h=bad)),
    case("numerical_gradients-h-large", lambda: nl.numerical_gradients(NET, X, Y, h=1e300), ValueError,
         r"^h must be a small positive number \(at most 1\) such as 1e-5, got 1e\+300$"),
    case("numerical_gradients-too-much-work", lambda: nl.numerical_gradients(
        nl.Network([64, 300, 10]), np.zeros((2000, 64)), np.zeros((2000, 10))), ValueError,
         r"^X must have few enough rows to nudge each of 22,510 weights and biases \(2 forward passes each\) in "
         r"reasonable time, got 2,000 rows: check a few rows, e.g. X\[:10\] and Y\[:10\], or a smaller network$"),
    case("numerical_gradients-overflow", lambda: nl.numerical_gradients(nl.Network([3, 1]), X * 1e160, Y), ValueError,
         r"^the loss must be a finite number near these weights, got an overflow while nudging them.*scale the data$"),
    *with_each_number_error("gradient_check-tolerance", "tolerance", "a positive number",
                            lambda bad: nl.gradient_check(NET, X, Y, tolerance=bad)),
    *with_each_array_error("relative_error", "a", lambda bad: nl.relative_error(bad, [1.0, 2.0])),
    case("relative_error-shapes", lambda: nl.relative_error([1.0, 2.0], [1.0, 2.0, 3.0]), ValueError,
         r"^a and b must have the same shape, got a of shape \(2,\) and b of shape \(3,\)$"),
    # -- plots --------------------------------------------------------------------------------
    case("fmt-digits-0", lambda: fmt(1.5, 0), ValueError, r"^digits must be a whole number from 1 to 17, got 0$"),
    case("fmt-digits-str", lambda: fmt(1.5, "4"), TypeError, r"^digits must be a whole number from 1 to 17, got '4'"),
    case("fmt-digits-float", lambda: fmt(1.5, 2.0), TypeError, r"^digits must be a whole number from 1 to 17"),
    case("plot_history-None", lambda: plot_history(None), TypeError,
         r"^history must be a History \(from nl.train\(...\)\), got NoneType$"),
    case("plot_history-ax", lambda: plot_history(nl.History(), ax="left"), TypeError,
         r"^ax must be a Axes \(from fig, ax = plt.subplots\(\)\), got str$"),
    case("ConfusionMatrixArt-ax", lambda: ConfusionMatrixArt(None, ["a", "b"]), TypeError, r"^ax must be a Axes"),
    case("ConfusionMatrixArt-names-str", lambda: ConfusionMatrixArt(ax(), "ab"), TypeError,
         r"^class_names must be a list of names, one per class, such as \['Adelie', 'Gentoo'\], got 'ab'$"),
    case("ConfusionMatrixArt-names-set", lambda: ConfusionMatrixArt(ax(), {"a", "b"}), TypeError,
         r"^class_names must be a list of names"),
    case("ConfusionMatrixArt-names-empty", lambda: ConfusionMatrixArt(ax(), []), ValueError,
         r"^class_names must name from 1 to 100 classes, got 0$"),
    case("ConfusionMatrixArt-names-many", lambda: ConfusionMatrixArt(ax(), list(range(10_000))), ValueError,
         r"^class_names must name from 1 to 100 classes, got 10000$"),
    case("draw_confusion-shape", lambda: draw_confusion(ax(), [[1, 2]], ["a", "b"]), ValueError,
         r"^C must be a 2×2 matrix of counts \(one row and column per class\), got shape \(1, 2\)$"),
    case("draw_confusion-nan", lambda: draw_confusion(ax(), [[np.nan, 1], [1, 1]], ["a", "b"]), ValueError,
         r"^C contains 1 NaN and 0 infinite"),
    case("draw_confusion-negative", lambda: draw_confusion(ax(), [[-1, 1], [0.5, 1]], ["a", "b"]), ValueError,
         r"^C must hold counts \(whole numbers ≥ 0\), got values such as \[-1.0, 0.5\]$"),
    case("draw_confusion-str", lambda: draw_confusion(ax(), "C", ["a", "b"]), TypeError,
         r"^C must be numeric data .* got a string 'C'$"),
    # -- the shared checks in _validate ---------------------------------------------------------
    *with_each_array_error("as_array", "x", lambda bad: v.as_array("x", bad)),
    *with_each_number_error("number", "x", "a finite number", lambda bad: v.number("x", bad)),
    *with_each_number_error("positive_number", "x", "a positive number", lambda bad: v.positive_number("x", bad)),
    case("number-range", lambda: v.number("x", 5, 0, 1), ValueError, r"^x must be a finite number from 0 to 1, got 5.0$"),
    case("whole_number-float", lambda: v.whole_number("n", 2.0), TypeError,
         r"^n must be a whole number, got 2.0 of type float$"),
    case("whole_number-range", lambda: v.whole_number("n", 50, 1, 10), ValueError,
         r"^n must be a whole number from 1 to 10, got 50$"),
    case("whole_number-huge", lambda: v.whole_number("n", 10**400, 1, 10), ValueError, r"^n must be a whole number "
                                                                                       r"from 1 to 10, got 1000+…$"),
    case("choice-list", lambda: v.choice("loss", ["mse"], ("mse",)), TypeError,
         r"^loss must be one of \['mse'\], got \['mse'\] of type list$"),
    case("choice-unknown", lambda: v.choice("loss", "MSE", ("mse",)), ValueError,
         r"^unknown loss 'MSE': expected one of \['mse'\]$"),
    case("flag-int", lambda: v.flag("shuffle", 0), TypeError, r"^shuffle must be True or False, got 0 of type int$"),
    case("flag-str", lambda: v.flag("shuffle", "False"), TypeError, r"^shuffle must be True or False, got 'False'"),
    case("file_path-int", lambda: v.file_path("path", 7), TypeError, r"^path must be a file name"),
    case("file_path-empty", lambda: v.file_path("path", "  "), ValueError, r"^path must be a file name, got an empty"),
    case("seed_value-bool", lambda: v.seed_value("seed", True), TypeError, r"^seed must be a non-negative integer"),
    case("check_instance", lambda: v.check_instance("split", 3, nl.Split, "nl.split_dataset(...)"), TypeError,
         r"^split must be a Split \(from nl.split_dataset\(...\)\), got int$"),
    case("merged_settings-type", lambda: v.merged_settings({"lr": 0.1}, [("lr", 1)]), TypeError,
         r"^settings must be a dict such as \{'lr': 0.1\}, got list$"),
    case("merged_settings-unknown-mixed-keys", lambda: v.merged_settings({"lr": 0.1}, {1: 2, "x": 3}), ValueError,
         r"^unknown settings \[1, 'x'\]: expected some of \['lr'\]$"),
    case("check_rows_match", lambda: v.check_rows_match("X", np.zeros((2, 1)), "Y", np.zeros((3, 1))), ValueError,
         r"^X and Y must have the same number of rows, got X of shape \(2, 1\) and Y of shape \(3, 1\)$"),
]


@pytest.mark.parametrize("call, error, pattern", CASES)
def test_bad_input_gets_a_clear_error(call, error, pattern):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy overflow warning, no DivergenceWarning instead of an error
        with np.errstate(all="raise"):
            with pytest.raises(error, match=pattern):
                call()


def test_the_table_is_large():
    """The number of bad-input cases reported in the issue's closing note."""
    assert len(CASES) >= 300


def test_bad_input_leaves_the_network_untouched():
    net = NET.copy()
    before = net.get_weights()
    for bad in (lambda: net.update([(np.full((3, 4), 1e308), np.zeros(4)), GRADS[1]], 1e10),
                lambda: net.update(GRADS[:1], 0.1), lambda: net.set_weights([GRADS[0], (1, 2, 3)])):
        with pytest.raises((ValueError, TypeError)):
            bad()
    assert all(np.array_equal(W0, W1) and np.array_equal(b0, b1)
               for (W0, b0), (W1, b1) in zip(before, net.get_weights()))


# -- documented handling: accepted on purpose, with the result the docstrings promise ------------
def test_masked_array_with_nothing_masked_is_plain_data():
    plain = NET.forward(X)
    np.testing.assert_array_equal(NET.forward(np.ma.masked_array(X, mask=False)), plain)


def test_booleans_in_arrays_count_as_zero_and_one():
    np.testing.assert_array_equal(nl.relu(np.array([True, False])), [1.0, 0.0])
    assert nl.accuracy(np.array([[0.9], [0.2]]), np.array([[True], [False]])) == 1.0


def test_fractions_and_numpy_scalars_as_scalars_are_real_numbers():
    X1, Y1 = X[:2], Y[:2]
    a = nl.train(NET.copy(), X1, Y1, lr=Fraction(1, 10), epochs=np.int64(2), batch_size=np.int32(1))
    b = nl.train(NET.copy(), X1, Y1, lr=0.1, epochs=2, batch_size=1)
    assert a.loss == b.loss


def test_python_ints_beyond_int64_that_fit_a_float_are_numbers():
    np.testing.assert_array_equal(v.as_array("x", [2**70, 1]), [float(2**70), 1.0])


def test_fmt_shows_what_is_not_a_number_as_words():
    assert fmt(None) == "None" and fmt("n/a") == "n/a" and fmt(float("nan")) == "not a number"


def test_divergence_functions_take_nan_and_inf_losses():
    assert training.has_diverged(float("nan"), 1.0) and training.has_diverged(np.inf, 1.0)
    assert not training.has_diverged(np.float64(2.0), 1.0)
    assert training.divergence_message("step 4", 0.5, float("nan"), 2.0) == (
        "diverged at step 4: the loss rose from 0.5 to not a number (NaN). Try a smaller learning rate than 2.")


@pytest.mark.parametrize("args", [(10 ** 400, 1.0), (1.0, 10 ** 400), (1.0, -(10 ** 400))])
def test_a_loss_beyond_any_float_is_refused_in_words(args):
    """A whole number too big for a float (found by hypothesis) is a ValueError, not an OverflowError."""
    with pytest.raises(ValueError, match="a float can hold"):
        training.has_diverged(*args)

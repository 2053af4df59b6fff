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


# -- junk in, only ValueError or TypeError out (issue 12) ---------------------------------------
# Random junk (None, sets, strings, bytes, complex numbers, Fractions, NaN and ±inf, huge ints,
# nested lists, dicts, arrays of odd shapes and dtypes, masked arrays, objects) goes into one
# argument of every public engine function at a time, the others being valid. A function may
# accept the junk (documented handling) or refuse it with a ValueError or TypeError; nothing
# else may come out: no IndexError, ZeroDivisionError, MemoryError, OverflowError, no numpy
# RuntimeWarning, no hang (the deadline).
import numbers  # noqa: E402
import os  # noqa: E402
import tempfile  # noqa: E402
from fractions import Fraction  # noqa: E402

import matplotlib  # noqa: E402
import matplotlib.figure  # noqa: E402
import matplotlib.pyplot  # noqa: E402
import pytest  # noqa: E402

from nnlesson import _validate, activations, losses, training  # noqa: E402
from nnlesson.plots import ConfusionMatrixArt, draw_confusion, fmt, plot_history  # noqa: E402

matplotlib.use("Agg")
JUNK_SETTINGS = settings(max_examples=200, deadline=2000)

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.just(10**400), st.just(-(10**400)),
    st.floats(allow_nan=True, allow_infinity=True), st.complex_numbers(max_magnitude=1e6), st.fractions(),
    st.text(max_size=4), st.binary(max_size=3), st.just(object()), st.sampled_from([np.nan, np.inf, -np.inf, 1e308]),
    st.sampled_from([np.float64(2.5), np.int64(3), np.bool_(True), np.complex128(1j), np.str_("a")]))
odd_arrays = hnp.arrays(
    dtype=st.sampled_from([np.float64, np.float32, np.int64, np.int8, np.bool_, np.complex128, np.dtype("<U3"),
                           np.dtype("M8[D]")]),
    shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4))
masked = hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, max_side=4),
                    elements=floats(-3, 3)).map(lambda a: np.ma.masked_array(a, mask=a > 0))
hashables = st.one_of(st.none(), st.integers(-3, 3), st.floats(allow_nan=True), st.text(max_size=3))
junk = st.recursive(
    st.one_of(scalars, odd_arrays, masked),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.tuples(inner, inner), st.sets(hashables, max_size=4),
                            st.frozensets(hashables, max_size=3), st.dictionaries(st.text(max_size=2), inner,
                                                                                  max_size=2)),
    max_leaves=10)
# where a valid whole number makes work (epochs, sizes), junk stays small enough to finish in time
small_junk = junk.filter(lambda j: not (isinstance(j, numbers.Real) and not isinstance(j, bool) and
                                        (j != j or abs(j) > 5)))

XJ = np.random.default_rng(0).normal(size=(5, 3))
YJ = np.random.default_rng(1).normal(size=(5, 1))
Y3J = np.eye(3)[[0, 1, 2, 0, 1]]
P3J = nl.softmax(XJ)
NETJ = nl.Network([3, 4, 1], seed=0)
SOFTJ = nl.Network([3, 4, 3], output="softmax", seed=0)
GRADSJ = NETJ.backward(XJ, YJ)


def _ax():
    return matplotlib.figure.Figure().add_subplot()


def _fresh():
    return NETJ.copy()


JUNK_CALLS = {
    # activations
    **{f"{name}(Z)": fn for name, fn in [("identity", nl.identity), ("sigmoid", nl.sigmoid), ("tanh", nl.tanh),
                                           ("relu", nl.relu), ("softmax", nl.softmax)]},
    "sigmoid_derivative(Z)": activations.sigmoid_derivative,
    "relu_derivative(Z)": activations.relu_derivative,
    "derivative(name)": lambda j: activations.derivative(j, XJ),
    "derivative(Z)": lambda j: activations.derivative("tanh", j),
    "softmax_backward(P)": lambda j: activations.softmax_backward(j, P3J),
    "softmax_backward(dP)": lambda j: activations.softmax_backward(P3J, j),
    "activate(name)": lambda j: activations.activate(j, XJ),
    "activate(Z)": lambda j: activations.activate("sigmoid", j),
    "activation_backward(dA)": lambda j: activations.activation_backward("tanh", [0.5], [0.46], j),
    # losses
    **{f"{fn.__name__}(first)": (lambda j, fn=fn, T=T: fn(j, T))
       for fn, T in [(nl.mse, YJ), (nl.mse_gradient, YJ), (nl.binary_cross_entropy, (YJ > 0) * 1.0),
                     (nl.binary_cross_entropy_gradient, (YJ > 0) * 1.0), (nl.cross_entropy, Y3J),
                     (nl.cross_entropy_gradient, Y3J)]},
    **{f"{fn.__name__}(Y)": (lambda j, fn=fn, P=P: fn(P, j))
       for fn, P in [(nl.mse, YJ), (nl.mse_gradient, YJ), (nl.binary_cross_entropy, nl.sigmoid(YJ)),
                     (nl.binary_cross_entropy_gradient, nl.sigmoid(YJ)), (nl.cross_entropy, P3J),
                     (nl.cross_entropy_gradient, P3J)]},
    "loss_value(name)": lambda j: losses.loss_value(j, YJ, YJ),
    "check_one_hot(Y)": lambda j: losses.check_one_hot(j),
    # the network
    "Network(layer_sizes)": lambda j: nl.Network(j),
    "Network(hidden)": lambda j: nl.Network([3, 1], hidden=j),
    "Network(output)": lambda j: nl.Network([3, 2], output=j),
    "Network(seed)": lambda j: nl.Network([3, 1], seed=j),
    "make_network(n_inputs)": lambda j: nl.make_network(j, 2, 1),
    "make_network(n_hidden)": lambda j: nl.make_network(2, j, 1),
    "Dense(W)": lambda j: nl.Dense(j, np.zeros(2), "tanh"),
    "Dense(b)": lambda j: nl.Dense(np.zeros((3, 2)), j, "tanh"),
    "Dense.forward(A_prev)": lambda j: nl.Dense(np.zeros((3, 2)), np.zeros(2), "tanh").forward(j),
    "forward(X)": lambda j: NETJ.forward(j),
    "loss(X)": lambda j: NETJ.loss(j, YJ),
    "loss(Y)": lambda j: NETJ.loss(XJ, j),
    "loss(loss)": lambda j: NETJ.loss(XJ, YJ, j),
    "backward(X)": lambda j: NETJ.backward(j, YJ),
    "backward(Y)": lambda j: SOFTJ.backward(XJ, j, "cross_entropy"),
    "update(grads)": lambda j: _fresh().update(j, 0.1),
    "update(lr)": lambda j: _fresh().update(GRADSJ, j),
    "set_weights(weights)": lambda j: _fresh().set_weights(j),
    "save_network(net)": lambda j: nl.save_network(j, "net.npz"),
    "save_network(path)": lambda j: nl.save_network(NETJ, j),
    "load_network(path)": lambda j: nl.load_network(j),
    # training
    "train(net)": lambda j: nl.train(j, XJ, YJ, epochs=2),
    "train(X)": lambda j: nl.train(_fresh(), j, YJ, epochs=2),
    "train(Y)": lambda j: nl.train(_fresh(), XJ, j, epochs=2),
    "train(loss)": lambda j: nl.train(_fresh(), XJ, YJ, loss=j, epochs=2),
    "train(lr)": lambda j: nl.train(_fresh(), XJ, YJ, lr=j, epochs=2),
    "train(epochs)": lambda j: nl.train(_fresh(), XJ, YJ, epochs=j),
    "train(batch_size)": lambda j: nl.train(_fresh(), XJ, YJ, batch_size=j, epochs=2),
    "train(seed)": lambda j: nl.train(_fresh(), XJ, YJ, seed=j, epochs=2),
    "train(shuffle)": lambda j: nl.train(_fresh(), XJ, YJ, shuffle=j, epochs=2),
    "train(validation)": lambda j: nl.train(_fresh(), XJ, YJ, validation=j, epochs=2),
    "train(metrics)": lambda j: nl.train(_fresh(), XJ, YJ, metrics=j, epochs=2),
    "train(callback)": lambda j: nl.train(_fresh(), XJ, YJ, callback=j, epochs=2),
    "train(callback_every)": lambda j: nl.train(_fresh(), XJ, YJ, callback_every=j, epochs=2),
    "train(record_steps)": lambda j: nl.train(_fresh(), XJ, YJ, record_steps=j, epochs=2),
    "start_history(X)": lambda j: training.start_history(NETJ, j, YJ),
    "has_diverged(loss)": lambda j: training.has_diverged(j, 1.0),
    "divergence_limit(start_loss)": lambda j: training.divergence_limit(j),
    "divergence_message(where)": lambda j: training.divergence_message(j, 1.0, 20.0, 0.1),
    "divergence_message(loss)": lambda j: training.divergence_message("epoch 1", 1.0, j, 0.1),
    "History.curve(name)": lambda j: nl.History().curve(j),
    "History.curve(validation)": lambda j: nl.History().curve("loss", validation=j),
    "History.then(after)": lambda j: nl.History().then(j),
    # metrics
    "accuracy(Y_pred)": lambda j: nl.accuracy(j, Y3J),
    "accuracy(Y)": lambda j: nl.accuracy(P3J, j),
    "rmse(Y_pred)": lambda j: nl.rmse(j, YJ),
    "rmse(Y)": lambda j: nl.rmse(YJ, j),
    "confusion_matrix(true_labels)": lambda j: nl.confusion_matrix(j, [0, 1], 2),
    "confusion_matrix(predicted_labels)": lambda j: nl.confusion_matrix([0, 1], j, 2),
    # gradient checks
    "numerical_gradients(net)": lambda j: nl.numerical_gradients(j, XJ, YJ),
    "numerical_gradients(X)": lambda j: nl.numerical_gradients(NETJ, j, YJ),
    "numerical_gradients(h)": lambda j: nl.numerical_gradients(NETJ, XJ, YJ, h=j),
    "gradient_check(tolerance)": lambda j: nl.gradient_check(NETJ, XJ, YJ, tolerance=j),
    "relative_error(a)": lambda j: nl.relative_error(j, [1.0, 2.0]),
    "relative_error(b)": lambda j: nl.relative_error(np.ones((2, 2)), j),
    # plots
    "fmt(x)": lambda j: fmt(j),
    "fmt(digits)": lambda j: fmt(1.5, j),
    "plot_history(history)": lambda j: plot_history(j, ax=_ax()),
    "plot_history(ax)": lambda j: plot_history(nl.History(), ax=j),
    "ConfusionMatrixArt(ax)": lambda j: ConfusionMatrixArt(j, ["a", "b"]),
    "ConfusionMatrixArt(class_names)": lambda j: ConfusionMatrixArt(_ax(), j),
    "draw_confusion(C)": lambda j: draw_confusion(_ax(), j, ["a", "b"]),
    # the shared checks
    "as_array": lambda j: _validate.as_array("x", j),
    "as_array(ndim=2)": lambda j: _validate.as_array("x", j, ndim=2, allow_empty=True),
    "number": lambda j: _validate.number("x", j, 0, 1),
    "whole_number": lambda j: _validate.whole_number("n", j, 1, 10),
    "positive_number": lambda j: _validate.positive_number("x", j),
    "positive_number(integer)": lambda j: _validate.positive_number("x", j, integer=True),
    "choice": lambda j: _validate.choice("loss", j, ("mse", "cross_entropy")),
    "seed_value": lambda j: _validate.seed_value("seed", j),
    "flag": lambda j: _validate.flag("shuffle", j),
    "file_path": lambda j: _validate.file_path("path", j),
    "check_layer_sizes": lambda j: _validate.check_layer_sizes(j),
    "merged_settings": lambda j: _validate.merged_settings({"lr": 0.1}, j),
    "check_network": lambda j: _validate.check_network(j),
}
# the arguments where a valid number means work to do: junk there stays small
SMALL = {"train(epochs)", "Network(layer_sizes)", "make_network(n_inputs)", "make_network(n_hidden)"}
# one property test per part of the engine; each example picks a function and a piece of junk
GROUPS = {
    "activations": ["identity(Z)", "sigmoid(Z)", "tanh(Z)", "relu(Z)", "softmax(Z)", "sigmoid_derivative(Z)",
                    "relu_derivative(Z)", "derivative(name)", "derivative(Z)", "softmax_backward(P)",
                    "softmax_backward(dP)", "activate(name)", "activate(Z)", "activation_backward(dA)"],
    "losses": [name for name in JUNK_CALLS if "entropy" in name or name.startswith(("mse", "loss_value",
                                                                                       "check_one_hot"))],
    "network": [name for name in JUNK_CALLS if name.startswith(("Network", "make_network", "Dense", "forward", "loss(",
                                                                "backward", "update", "set_weights", "save_", "load_"))],
    "training": [name for name in JUNK_CALLS if name.startswith(("train", "start_history", "has_diverged",
                                                                 "divergence", "History"))],
    "metrics and gradient checks": [name for name in JUNK_CALLS if name.startswith(
        ("accuracy", "rmse", "confusion", "numerical", "gradient_check", "relative_error"))],
    "plots": [name for name in JUNK_CALLS if name.startswith(("fmt", "plot_history", "ConfusionMatrixArt", "draw_"))],
    "shared checks": ["as_array", "as_array(ndim=2)", "number", "whole_number", "positive_number",
                      "positive_number(integer)", "choice", "seed_value", "flag", "file_path", "check_layer_sizes",
                      "merged_settings", "check_network"],
}


def test_every_junk_call_is_in_a_group():
    grouped = [name for names in GROUPS.values() for name in names]
    assert sorted(grouped) == sorted(JUNK_CALLS)


@pytest.mark.parametrize("group", list(GROUPS))
def test_junk_into_every_public_engine_function_raises_only_value_or_type_errors(group):
    @JUNK_SETTINGS
    @given(st.data())
    def run(data):
        name = data.draw(st.sampled_from(GROUPS[group]), label="function")
        j = data.draw(small_junk if name in SMALL else junk, label="junk")
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)  # numpy overflow or invalid-value warnings
            warnings.simplefilter("ignore", nl.DivergenceWarning)  # a run that diverges is a documented answer
            try:
                JUNK_CALLS[name](j)
            except (ValueError, TypeError) as exc:
                assert str(exc), f"{name}: an error must say what was wrong"

    with tempfile.TemporaryDirectory() as folder:  # junk file names land here, not in the repository
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            run()
        finally:
            os.chdir(cwd)
            matplotlib.pyplot.close("all")


def test_the_junk_strategy_reaches_every_class_of_bad_input():
    """The generator really produces each kind of junk the issue lists (so the property means something)."""
    seen = set()

    def leaves(v):
        if isinstance(v, (list, tuple, set, frozenset)):
            return [v] + [x for e in v for x in leaves(e)]
        if isinstance(v, dict):
            return [v] + [x for e in v.values() for x in leaves(e)]
        return [v]

    @settings(max_examples=400, deadline=None)
    @given(junk)
    def collect(junk_value):
        for (kind, test), j in ((kt, leaf) for kt in KINDS for leaf in leaves(junk_value)):
            if test(j):
                seen.add(kind)

    KINDS =  [("None", lambda v: v is None), ("set", lambda v: isinstance(v, (set, frozenset))),
                           ("str", lambda v: isinstance(v, str)), ("complex", lambda v: isinstance(v, complex)),
                           ("Fraction", lambda v: isinstance(v, Fraction)),
                           ("nan", lambda v: isinstance(v, float) and v != v),
                           ("huge int", lambda v: isinstance(v, int) and abs(v) > 2**64),
                           ("nested list", lambda v: isinstance(v, list) and any(isinstance(e, list) for e in v)),
                           ("masked", lambda v: isinstance(v, np.ma.MaskedArray)),
                           ("array", lambda v: isinstance(v, np.ndarray) and not isinstance(v, np.ma.MaskedArray))]

    collect()
    assert seen >= {"None", "set", "str", "complex", "Fraction", "nan", "huge int", "masked", "array"}

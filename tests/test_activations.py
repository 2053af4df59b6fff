"""Activations: values, derivatives (against central differences) and numerical stability."""

import warnings

import numpy as np
import pytest

import nnlesson as nl
from nnlesson import activations as act

Z = np.array([[-3.0, -0.5, 0.25, 2.0], [0.7, -1.2, 4.0, -0.1]])
ELEMENTWISE = ["identity", "sigmoid", "tanh", "relu"]


def test_known_values():
    assert nl.identity(2.5) == 2.5
    assert nl.sigmoid(0.0) == 0.5
    assert nl.sigmoid(np.log(3.0)) == pytest.approx(0.75, rel=1e-15)
    assert nl.tanh(0.0) == 0.0
    assert nl.tanh(1.0) == pytest.approx(np.tanh(1.0), rel=1e-15)
    np.testing.assert_array_equal(nl.relu([-2.0, 0.0, 3.0]), [0.0, 0.0, 3.0])
    np.testing.assert_allclose(nl.softmax([0.0, np.log(3.0)]), [0.25, 0.75], rtol=1e-15)


def test_sigmoid_matches_textbook_formula_and_keeps_precision():
    z = np.linspace(-30, 30, 121)
    np.testing.assert_allclose(nl.sigmoid(z), 1.0 / (1.0 + np.exp(-z)), rtol=1e-14)
    # far in the tail it keeps relative precision (1 - 1/(1+e^30) would not)
    assert nl.sigmoid(-30.0) == pytest.approx(np.exp(-30.0) / (1 + np.exp(-30.0)), rel=1e-13)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_matches_central_difference(name):
    f, df = act.ELEMENTWISE[name].function, act.ELEMENTWISE[name].derivative
    z = Z[np.abs(Z) > 1e-3]  # away from relu's kink
    h = 1e-6
    numeric = (f(z + h) - f(z - h)) / (2 * h)
    np.testing.assert_allclose(df(z), numeric, rtol=1e-8, atol=1e-10)
    np.testing.assert_array_equal(act.derivative(name, z), df(z))


@pytest.mark.parametrize("name", ELEMENTWISE + ["softmax"])
def test_activation_backward_is_the_chain_rule(name):
    """activation_backward(∂E/∂A) equals ∂E/∂Z measured by nudging each Z."""
    rng = np.random.default_rng(3)
    dA = rng.normal(size=Z.shape)
    A = act.activate(name, Z)
    dZ = act.activation_backward(name, Z, A, dA)
    h = 1e-6
    numeric = np.zeros_like(Z)
    for idx in np.ndindex(Z.shape):
        Zp, Zm = Z.copy(), Z.copy()
        Zp[idx] += h
        Zm[idx] -= h
        numeric[idx] = np.sum(dA * (act.activate(name, Zp) - act.activate(name, Zm))) / (2 * h)
    np.testing.assert_allclose(dZ, numeric, rtol=1e-7, atol=1e-10)


def test_relu_derivative_is_zero_at_the_kink():
    np.testing.assert_array_equal(act.relu_derivative([-1.0, 0.0, 1.0]), [0.0, 0.0, 1.0])


def test_softmax_rows_are_probabilities_and_shift_invariant():
    P = nl.softmax(Z)
    assert P.shape == Z.shape
    assert np.all(P > 0) and np.all(P < 1)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=0, atol=1e-15)
    np.testing.assert_allclose(nl.softmax(Z + 1000.0), P, rtol=1e-12)
    # a 1-D input is one row
    np.testing.assert_allclose(nl.softmax(Z[0]), P[0], rtol=1e-15)
    # order is kept: the largest score gets the largest probability
    np.testing.assert_array_equal(P.argmax(axis=1), Z.argmax(axis=1))


@pytest.mark.parametrize("big", [1e3, 1e6, 1e300])
def test_sigmoid_and_softmax_stable_for_huge_inputs(big):
    with np.errstate(over="raise", invalid="raise", divide="raise"), warnings.catch_warnings():
        warnings.simplefilter("error")
        s = nl.sigmoid(np.array([-big, -1.0, 0.0, 1.0, big]))
        P = nl.softmax(np.array([[big, -big, 0.0], [-big, -big, -big], [big, big, -big]]))
        ds = act.sigmoid_derivative(np.array([-big, big]))
    assert np.all(np.isfinite(s)) and np.all(np.isfinite(P)) and np.all(np.isfinite(ds))
    assert s[0] == 0.0 and s[-1] == 1.0 and s[2] == 0.5
    np.testing.assert_allclose(P[0], [1.0, 0.0, 0.0], atol=0)
    np.testing.assert_allclose(P[1], [1 / 3] * 3, rtol=1e-15)
    np.testing.assert_allclose(P[2], [0.5, 0.5, 0.0], atol=0)
    np.testing.assert_array_equal(ds, [0.0, 0.0])


def test_tanh_saturates_without_warnings():
    with np.errstate(all="raise"), warnings.catch_warnings():
        warnings.simplefilter("error")
        t = nl.tanh(np.array([-1e6, 1e6]))
        dt = act.tanh_derivative(np.array([-1e6, 1e6]))
    np.testing.assert_array_equal(t, [-1.0, 1.0])
    np.testing.assert_array_equal(dt, [0.0, 0.0])


def test_lists_and_scalars_are_accepted():
    assert nl.sigmoid([0.0, 0.0]).tolist() == [0.5, 0.5]
    assert nl.relu(-1) == 0.0
    assert isinstance(nl.tanh([1, 2]), np.ndarray)


def test_bad_activation_names_and_shapes():
    with pytest.raises(ValueError, match=r"unknown activation 'swish'.*'relu'"):
        act.activate("swish", Z)
    with pytest.raises(TypeError, match=r"activation must be one of"):
        act.activate(None, Z)
    with pytest.raises(ValueError, match=r"unknown activation 'softmax'"):
        act.derivative("softmax", Z)  # softmax has a Jacobian, not an element-wise derivative
    with pytest.raises(ValueError, match=r"unknown activation 'elu'"):
        act.activation_backward("elu", Z, Z, Z)
    with pytest.raises(ValueError, match=r"Z must be a 1-D or 2-D array, got a 3-D array of shape \(2, 2, 2\)"):
        nl.softmax(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match=r"Z contains 1 NaN"):
        act.derivative("sigmoid", [0.0, np.nan])


@pytest.mark.parametrize("name", ["identity", "sigmoid", "tanh", "relu", "softmax"])
def test_public_activations_check_their_input(name):
    f = getattr(nl, name)
    with pytest.raises(ValueError, match=r"Z contains 1 NaN and 0 infinite value\(s\) \(shape \(1, 3\)\)"):
        f(np.array([[0.0, np.nan, 1.0]]))
    with pytest.raises(TypeError, match=r"Z must contain numbers, got an array of dtype <U1 of shape \(2,\)"):
        f(np.array(["a", "b"]))


def test_table_names_every_formula():
    for name, a in act.ACTIVATIONS.items():
        assert a.name == name and a.formula and a.derivative_formula
    assert act.HIDDEN_CHOICES == ("sigmoid", "tanh", "relu")
    assert "softmax" not in act.HIDDEN_ACTIVATIONS and "softmax" in act.OUTPUT_ACTIVATIONS

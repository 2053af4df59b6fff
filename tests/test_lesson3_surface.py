"""Lesson 3, "Beyond the bowl": the error slice is net.loss on a grid, with two valleys and a plateau."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnlesson.lessons import lesson3_surface as surface  # noqa: E402

W = np.linspace(-surface.SURFACE_RANGE, surface.SURFACE_RANGE, surface.SURFACE_POINTS)


@pytest.fixture(scope="module")
def slice_():
    X, Y = surface.surface_data()
    return X, Y, surface.error_slice(surface.surface_network(), X, Y, first_values=W, second_values=W)


def test_the_data_are_the_curve_with_seeded_noise():
    X, Y = surface.surface_data()
    assert X.shape == (25, 1) and Y.shape == (25, 1) and X[0, 0] == -3 and X[-1, 0] == 3
    clean = np.tanh(2 * X) + np.tanh(-0.5 * X)
    assert 0.05 < np.std(Y - clean) < 0.15                     # noise of std 0.1
    np.testing.assert_array_equal(Y, surface.surface_data()[1])  # seeded: the same every time
    X0, Y0 = surface.surface_data(noise=0)
    np.testing.assert_allclose(Y0, clean, atol=1e-15)


@pytest.mark.parametrize("r, c", [(0, 0), (60, 80), (120, 3), (50, 111), (65, 79)])
def test_every_grid_value_is_the_networks_loss(slice_, r, c):
    X, Y, E = slice_
    assert E.shape == (len(W), len(W))
    net = surface.surface_network(W[c], W[r])   # first weight along the columns, second along the rows
    assert E[r, c] == pytest.approx(net.loss(X, Y, "mse"), rel=1e-12)


def test_any_two_weights_of_either_layer(slice_):
    X, Y, _ = slice_
    net = surface.surface_network()
    u, v = np.array([-1.0, 0.5, 2.0]), np.array([0.0, 3.0])
    E = surface.error_slice(net, X, Y, first=(1, 0, 0), second=(0, 0, 1), first_values=u, second_values=v)
    for r, w_h2 in enumerate(v):
        for c, w_out in enumerate(u):
            twin = net.copy()
            (W1, b1), (W2, b2) = twin.get_weights()
            W1[0, 1], W2[0, 0] = w_h2, w_out
            twin.set_weights([(W1, b1), (W2, b2)])
            assert E[r, c] == pytest.approx(twin.loss(X, Y, "mse"), rel=1e-12)
    np.testing.assert_array_equal(net.get_weights()[0][0], [[2.0, -0.5]])   # net itself unchanged


def test_the_slice_has_two_mirror_valleys(slice_):
    _, _, E = slice_
    valleys = surface.local_minima(E)
    assert len(valleys) == 2
    (r1, c1), (r2, c2) = valleys
    assert (r1, c1) == (c2, r2)                                   # mirror images across w1 = w2
    found = sorted((round(W[c], 6), round(W[r], 6)) for r, c in valleys)
    assert found == [(-0.5, 1.9), (1.9, -0.5)]                    # near the weights y was made with, (2, −0.5)
    assert E[r1, c1] == pytest.approx(E[r2, c2], rel=1e-12) == pytest.approx(0.007337, rel=1e-3)
    np.testing.assert_allclose(E, E.T, rtol=1e-12)                 # swapping the hidden neurons changes nothing


def test_the_plateau_is_high_and_almost_flat(slice_):
    _, _, E = slice_
    r, c = surface.plateau_point(W, W)
    assert (W[c], W[r]) == (pytest.approx(4.5), pytest.approx(4.5))
    slope = surface.slope_size(E, W, W)
    assert E[r, c] == pytest.approx(2.649, abs=5e-4)                # "about 2.6", the notebook says
    assert E[r, c] > 100 * E.min()
    assert slope[r, c] < slope.max() / 100                          # "over a hundred times smaller"
    assert (r, c) not in surface.local_minima(E)


def test_local_minima_on_a_small_grid():
    E = np.array([[5, 5, 5, 5, 5], [5, 1, 5, 5, 5], [5, 5, 5, 0, 5], [5, 5, 5, 5, 5.0]])
    assert surface.local_minima(E) == [(2, 3), (1, 1)]              # lowest first
    assert surface.local_minima(np.ones((3, 3))) == []              # a flat grid has no strict minimum
    with pytest.raises(ValueError, match="at least 3 × 3"):
        surface.local_minima(np.ones((2, 5)))


def test_draw_error_slice_draws_and_labels_in_words(slice_):
    _, _, E = slice_
    fig, ax = plt.subplots()
    assert surface.draw_error_slice(ax, E, W, W) is ax
    assert ax.get_xlabel() == "weight x → h1" and ax.get_ylabel() == "weight x → h2"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["both weights equal", "a valley (local minimum)", "a plateau: almost flat, high error"]
    assert fig.axes[1].get_ylabel() == "error E (log scale)"        # the colour bar
    plt.close(fig)


def test_inputs_are_checked():
    X, Y = surface.surface_data()
    net = surface.surface_network()
    with pytest.raises(TypeError, match=r"first must be a weight given as \(layer, i, j\)"):
        surface.error_slice(net, X, Y, first=[0, 0, 0])
    with pytest.raises(ValueError, match="first's layer"):
        surface.error_slice(net, X, Y, first=(2, 0, 0))
    with pytest.raises(ValueError, match="two different weights"):
        surface.error_slice(net, X, Y, first=(0, 0, 1), second=(0, 0, 1))
    with pytest.raises(ValueError, match="identity output"):
        import nnlesson as nl
        surface.error_slice(nl.make_network(1, 2, 2, output="softmax"), X, np.eye(2)[[0] * 25])
    with pytest.raises(ValueError, match="noise must be a number ≥ 0"):
        surface.surface_data(noise=-1)
    with pytest.raises(TypeError):
        surface.draw_error_slice("ax", np.ones((3, 3)), W[:3], W[:3])
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="E must have shape"):
        surface.draw_error_slice(ax, np.ones((3, 4)), W[:3], W[:3])
    plt.close(fig)

"""Lesson 3, "Beyond the bowl": a slice of the real error surface of a small hidden-layer network.

The network is 1 → 2 (tanh) → 1 (identity), trained with the mean squared error on 25 points of
y = tanh(2x) − tanh(0.5x) plus a little noise. Its two output weights are both 1, so swapping the
two hidden neurons (w(x→h1) ↔ w(x→h2)) gives the same network: the slice over those two weights,

    E(w1, w2) = mean over rows of (tanh(w1·x) + tanh(w2·x) − y)²     (the other weights held fixed)

has two valleys, mirror images across the line w1 = w2, and flat plateaus where both tanh saturate.
`error_slice` computes the slice for any two weights of any one-hidden-layer network with an
identity output (the tests check it against `net.loss`); `local_minima` and `draw_error_slice`
count and draw it.
"""

from __future__ import annotations

import numpy as np

from .._validate import as_array, check_network, number, seed_value, whole_number
from ..activations import activate
from ..losses import _mse
from ..network import make_network
from ..plots import OKABE_ITO, SEQUENTIAL, _check_ax

SURFACE_HIDDEN = (2.0, -0.5)      # the input weights y was made with (h1, h2)
SURFACE_NOISE = 0.1
SURFACE_SEED = 0
SURFACE_RANGE = 6.0               # the slice shows each weight from −6 to 6
SURFACE_POINTS = 121              # grid points per weight
PLATEAU_SHARE = 0.75              # the plateau marked: both weights at 3/4 of their largest value (4.5, 4.5)


def surface_data(n=25, noise=SURFACE_NOISE, seed=SURFACE_SEED):
    """X (n, 1): n points from −3 to 3; Y (n, 1) = tanh(2x) − tanh(0.5x) + normal noise (std `noise`)."""
    n = whole_number("n", n, low=3)
    noise = number("noise", noise)
    if noise < 0:
        raise ValueError(f"noise must be a number ≥ 0, got {noise}")
    rng = np.random.default_rng(seed_value("seed", seed))
    x = np.linspace(-3.0, 3.0, n)
    y = np.tanh(SURFACE_HIDDEN[0] * x) + np.tanh(SURFACE_HIDDEN[1] * x) + rng.normal(0.0, noise, n)
    return x[:, None], y[:, None]


def surface_network(w1=SURFACE_HIDDEN[0], w2=SURFACE_HIDDEN[1]):
    """The 1 → 2 (tanh) → 1 network of the slice: input weights (w1, w2), output weights (1, 1), biases 0."""
    net = make_network(1, 2, 1, hidden="tanh", output="identity", seed=0)
    net.set_weights([(np.array([[number("w1", w1), number("w2", w2)]]), np.zeros(2)),
                     (np.ones((2, 1)), np.zeros(1))])
    return net


def _check_weight(net, name, spec):
    """A weight named (layer, i, j): layer 0 is W1 (input → hidden), 1 is W2 (hidden → output)."""
    if not (isinstance(spec, tuple) and len(spec) == 3):
        raise TypeError(f"{name} must be a weight given as (layer, i, j), such as (0, 0, 1), got {spec!r}")
    layer = whole_number(f"{name}'s layer", spec[0], low=0, high=1)
    rows, cols = net.layers[layer].W.shape
    return layer, whole_number(f"{name}'s i", spec[1], low=0, high=rows - 1), \
        whole_number(f"{name}'s j", spec[2], low=0, high=cols - 1)


def error_slice(net, X, Y, first=(0, 0, 0), second=(0, 0, 1), first_values=None, second_values=None):
    """The mean squared error of `net` on (X, Y) over a grid of two of its weights, the others fixed.

    first, second: weights as (layer, i, j), layer 0 = W1 (input → hidden), 1 = W2 (hidden → output);
    by default w(x→h1) and w(x→h2). Returns E with E[r, c] = the error with the first weight set to
    first_values[c] and the second to second_values[r] (rows: second weight, as imshow draws it):
        E = mean over rows of the sum over outputs of (Y_pred − Y)²,  the same number as net.loss(X, Y).
    The default grids run from −SURFACE_RANGE to SURFACE_RANGE in SURFACE_POINTS steps.
    """
    check_network(net)
    if len(net.layers) != 2 or net.output != "identity":
        raise ValueError(f"net must have one hidden layer and an identity output, got layer_sizes "
                         f"{net.layer_sizes} and output={net.output!r}")
    X, Y = net.check_data(X, Y, "mse")
    a, b = _check_weight(net, "first", first), _check_weight(net, "second", second)
    if a == b:
        raise ValueError(f"first and second must be two different weights, got {first} twice")
    grid = np.linspace(-SURFACE_RANGE, SURFACE_RANGE, SURFACE_POINTS)
    u = grid if first_values is None else as_array("first_values", first_values, ndim=1)
    v = grid if second_values is None else as_array("second_values", second_values, ndim=1)
    (W1, b1), (W2, b2) = net.get_weights()
    Ws = [np.broadcast_to(W, (len(v), len(u)) + W.shape).copy() for W in (W1, W2)]
    Ws[a[0]][:, :, a[1], a[2]] = u[None, :]
    Ws[b[0]][:, :, b[1], b[2]] = v[:, None]
    with np.errstate(all="ignore"):
        A1 = activate(net.hidden, np.einsum("ni,rcih->rcnh", X, Ws[0]) + b1)
        Y_pred = np.einsum("rcnh,rcho->rcno", A1, Ws[1]) + b2
        return _mse(Y_pred, Y)   # one error per (row, column) of the grid: losses._mse maps over leading axes


def local_minima(E):
    """(row, column) of every interior grid point lower than all 8 of its neighbours, lowest first."""
    E = as_array("E", E, ndim=2)
    if min(E.shape) < 3:
        raise ValueError(f"E must be a grid of at least 3 × 3 values, got shape {E.shape}")
    centre = E[1:-1, 1:-1]
    lower = np.ones(centre.shape, dtype=bool)
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            if dr or dc:
                lower &= centre < E[1 + dr:E.shape[0] - 1 + dr, 1 + dc:E.shape[1] - 1 + dc]
    found = [(int(r) + 1, int(c) + 1) for r, c in zip(*np.nonzero(lower))]
    return sorted(found, key=lambda rc: E[rc])


def slope_size(E, first_values, second_values):
    """|∇E| on the grid, by central differences: how steep the slice is at each point."""
    E = as_array("E", E, ndim=2)
    d_second, d_first = np.gradient(E, as_array("second_values", second_values, ndim=1),
                                    as_array("first_values", first_values, ndim=1))
    return np.hypot(d_first, d_second)


def plateau_point(first_values, second_values, share=PLATEAU_SHARE):
    """(row, column) of the grid point nearest to both weights at `share` of their largest value:
    far out where both hidden neurons saturate, on the plateau of the default slice."""
    u = as_array("first_values", first_values, ndim=1)
    v = as_array("second_values", second_values, ndim=1)
    share = number("share", share, low=0, high=1)
    return int(np.argmin(np.abs(v - share * v.max()))), int(np.argmin(np.abs(u - share * u.max())))


def draw_error_slice(ax, E, first_values, second_values, first_label="weight x → h1",
                     second_label="weight x → h2", title="The error over two weights of a small network"):
    """Draw the slice E on `ax`: filled contours (viridis, log scale: dark = low error), the valleys
    (local minima) as white dots, the line where the two weights are equal dashed. Returns ax."""
    from matplotlib.colors import LogNorm

    ax = _check_ax(ax)
    E = as_array("E", E, ndim=2)
    u, v = as_array("first_values", first_values, ndim=1), as_array("second_values", second_values, ndim=1)
    if E.shape != (len(v), len(u)):
        raise ValueError(f"E must have shape (len(second_values), len(first_values)) = {(len(v), len(u))}, "
                         f"got {E.shape}")
    positive = np.maximum(E, 1e-12)
    levels = np.geomspace(positive.min(), positive.max(), 16)
    filled = ax.contourf(u, v, positive, levels=levels, cmap=SEQUENTIAL, norm=LogNorm())
    ax.contour(u, v, positive, levels=levels[::3], colors="white", linewidths=0.5, alpha=0.6)
    ax.figure.colorbar(filled, ax=ax, label="error E (log scale)", format="%.2g")
    lo, hi = max(u.min(), v.min()), min(u.max(), v.max())
    ax.plot([lo, hi], [lo, hi], "--", color="black", lw=1, label="both weights equal")
    for k, (r, c) in enumerate(local_minima(E)):
        ax.plot(u[c], v[r], "o", color="white", mec="black", ms=9, label="a valley (local minimum)" if k == 0 else None)
    r, c = plateau_point(u, v)
    ax.plot(u[c], v[r], "s", color=OKABE_ITO["orange"], mec="black", ms=9, label="a plateau: almost flat, high error")
    ax.set_xlabel(first_label)
    ax.set_ylabel(second_label)
    ax.set_title(title)
    ax.legend(loc="lower left", fontsize=8, framealpha=0.9)
    return ax

"""Lesson 5, the classifier playground's extra numbers: its starts and its hidden-neuron pictures.

    STARTS                   the playground's starting points: "wrong" (its default), "confidently wrong"
                             and "random"
    confidently_wrong_network  a network that gives (nearly) every row a wrong class, and is sure of it
                             (with scale=1, a wrong but unsure one: the "wrong" start)
    playground_network       the network a playground starts from, for one of STARTS
    hidden_activation_grids  each hidden neuron's activation over the input plane, as (n_hidden, n, n)
    activation_colours       those grids as RGBA pictures, on a diverging, colour-blind-safe map (PuOr)
    activation_indices, activation_palette   the same pictures as colour-table indices and the table

The "wrong" start makes the playground's first frame show regions that do not fit the penguins
(each species' region lies over another species), so that Train visibly makes them form; a random
start may be right by luck (the default seed's is 88% right). The confidently wrong start is the
situation of the source article's claim that cross-entropy learns faster: the softmax output is
saturated on the wrong class, so under squared error the gradient ∂E/∂Z = (P − Y)·softmax′ is
tiny, while under cross-entropy it is P − Y, about −1 on the true class. The widgets
(nnlesson.widgets.classifier) only show these numbers.
"""

from __future__ import annotations

import functools

import numpy as np
from matplotlib import colormaps

from .._validate import as_array, check_instance, check_network, choice, number, whole_number
from ..activations import activate
from ..data import Split
from .lesson5 import DEFAULTS, HOW_TO_SPLIT, starting_network

STARTS = ("wrong", "confidently wrong", "random")
WRONG_SCALE = 50.0   # how much the wrong output layer is multiplied by: its probabilities reach about 0.99
START_SCALES = {"wrong": 1.0, "confidently wrong": WRONG_SCALE}   # "wrong": largest probability about 0.5


def confidently_wrong_network(split, n_hidden=DEFAULTS["n_hidden"], activation=DEFAULTS["activation"],
                              seed=DEFAULTS["seed"], scale=WRONG_SCALE):
    """The seeded starting network with an output layer that is wrong on purpose, and sure of it.

    The hidden layer is starting_network's (same seed). The output layer (W, b) is fitted by least
    squares to the wrong answers: each training row's one-hot Y shifted by one class (class k
    scored as class k+1, the last as the first), centred on 1/K; then W and b are multiplied by
    `scale`, so the softmax gives that wrong class a probability near 1.
    """
    check_instance("split", split, Split, HOW_TO_SPLIT)
    scale = number("scale", scale, 0.0, 1000.0)
    net = starting_network(split, n_hidden, activation, seed)
    net.forward(split.X_train)
    H = net.layers[0].A                                   # the hidden activations of the training rows
    Y_wrong = np.roll(split.Y_train, 1, axis=1) - 1.0 / split.n_classes
    H1 = np.hstack([H, np.ones((len(H), 1))])             # a column of ones for the bias
    Wb, *_ = np.linalg.lstsq(H1, Y_wrong, rcond=None)
    out = net.layers[-1]
    out.W, out.b = scale * Wb[:-1], scale * Wb[-1]
    return net


def playground_network(split, n_hidden=DEFAULTS["n_hidden"], activation=DEFAULTS["activation"],
                       seed=DEFAULTS["seed"], start=STARTS[0]):
    """The network a classifier playground starts from: "random" (starting_network, small random
    weights), "wrong" or "confidently wrong" (confidently_wrong_network with scale 1 or WRONG_SCALE)."""
    choice("start", start, STARTS)
    if start == "random":
        return starting_network(split, n_hidden, activation, seed)
    return confidently_wrong_network(split, n_hidden, activation, seed, scale=START_SCALES[start])


def hidden_activation_grids(net, points, n):
    """Each hidden neuron's activation at each of the n·n grid points: an array (n_hidden, n, n).

    A = activation(points·W1 + b1), the first layer's forward pass (net.layers[0]); picture j is
    column j of A, reshaped so that row i is the grid row at ys[i] (as decision_grid's).
    """
    check_network(net)
    n = whole_number("n", n, 1)
    if len(net.layers) < 2:
        raise ValueError("net must have a hidden layer (n_hidden > 0), got a network with one layer")
    points = as_array("points", points, ndim=2)
    if points.shape != (n * n, net.layers[0].n_in):
        raise ValueError(f"points must have shape ({n * n}, {net.layers[0].n_in}) for n = {n}, got {points.shape}")
    layer = net.layers[0]
    A = activate(layer.activation, points @ layer.W + layer.b)   # not layer.forward: it keeps what it saw
    return np.ascontiguousarray(A.T).reshape(A.shape[1], n, n)



HIDDEN_COLOURS = "PuOr"   # diverging and colour-blind safe: orange below 0, white at 0, purple above


def activation_colours(grid, low=-1.0, high=1.0, cmap=HIDDEN_COLOURS):
    """RGBA images (uint8, top row first, as a PNG is written) of activation grids whose row 0 is the
    bottom of the plane: one (n, n) grid → (n, n, 4); a stack (k, n, n) → (k, n, n, 4). `low` → the
    colour map's first colour, 0 → its middle (when low = −high), `high` → its last; values outside
    [low, high] get the end colours (relu's above 1)."""
    return activation_palette(cmap)[activation_indices(grid, low, high)]


def activation_indices(grid, low=-1.0, high=1.0, n=256):
    """The colour-table index (uint8, 0 to n − 1) of each cell of activation grids, top row first:
    activation_colours(grid) is activation_palette()[activation_indices(grid)]. The index is
    ⌊n·t⌋ for t = (A − low)/(high − low) clipped to [0, 1], t = 1 in the last colour (as a colour map does)."""
    grid = as_array("grid", grid, ndim=(2, 3))   # one (n, n) grid or a stack (k, n, n)
    low, high = number("low", low), number("high", high)
    if not low < high:
        raise ValueError(f"low must be below high, got low = {low}, high = {high}")
    n = whole_number("n", n, 2, 256)
    t = np.clip((grid[..., ::-1, :] - low) / (high - low), 0.0, 1.0)
    return np.minimum(t * n, n - 1).astype(np.uint8)


def activation_palette(cmap=HIDDEN_COLOURS):
    """The colour map's 256 colours as an RGBA table (256, 4) of uint8 (what activation_indices index)."""
    return _palette(choice("cmap", cmap, tuple(colormaps))).copy()


@functools.lru_cache(maxsize=8)
def _palette(cmap):
    colour_map = colormaps[cmap]
    if colour_map.N != 256:
        colour_map = colour_map.resampled(256)
    return colour_map(np.arange(256), bytes=True)   # integers index the colour table directly

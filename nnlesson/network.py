"""A network of dense layers, its forward pass and backpropagation.

Notation (the lessons use the same names):
    X        inputs, one row per example, shape (N, n_inputs)
    W, b     a layer's weights, shape (n_in, n_out), and biases, shape (n_out,)
    Z        a layer's weighted sums, Z = A_prev·W + b, shape (N, n_out)
    A        a layer's outputs after the activation, A = f(Z); the first A_prev is X
    Y_pred   the last layer's A: the network's predictions
    Y        the true targets, shape (N, n_outputs)
    dW, db   ∂E/∂W and ∂E/∂b: how the error E moves when each weight or bias moves

Rows are examples, so where a textbook writes W·x for one column vector x, we write X·W for
a stack of rows (our W is the textbook's Wᵀ).

This is teaching code: simple and exact (float64), not a general framework.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field

import numpy as np

from . import losses as _losses
from ._validate import (_short, as_array, check_layer_sizes, check_network, check_rows_match, choice, file_path,
                        positive_number, seed_value, whole_number)
from .activations import HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS, activate, activation_backward


@dataclass(eq=False)
class Dense:
    """One dense layer: Z = A_prev·W + b, then A = activation(Z).

    After a forward pass it remembers A_prev (its input), Z and A: backpropagation needs them.
    """

    W: np.ndarray
    b: np.ndarray
    activation: str
    A_prev: np.ndarray | None = field(default=None, repr=False)
    Z: np.ndarray | None = field(default=None, repr=False)
    A: np.ndarray | None = field(default=None, repr=False)

    def __post_init__(self):
        self.W = as_array("W", self.W, ndim=2)
        self.b = as_array("b", self.b, ndim=1)
        if self.b.shape != (self.W.shape[1],):
            raise ValueError(f"b must have one bias per neuron, shape ({self.W.shape[1]},) for W of shape "
                             f"{self.W.shape}, got shape {self.b.shape}")
        choice("activation", self.activation, OUTPUT_ACTIVATIONS)

    @property
    def n_in(self):
        return self.W.shape[0]

    @property
    def n_out(self):
        return self.W.shape[1]

    def forward(self, A_prev):
        """Z = A_prev·W + b; A = f(Z). Keeps A_prev, Z and A for the backward pass."""
        if not isinstance(A_prev, np.ndarray) or A_prev.ndim != 2 or A_prev.shape[1] != self.n_in:  # arrays pass
            A_prev = as_array("A_prev", A_prev, ndim=2)
            if A_prev.shape[1] != self.n_in:
                raise ValueError(f"A_prev must have {self.n_in} columns (one per input of this layer), got shape "
                                 f"{A_prev.shape}")
        self.A_prev = A_prev
        self.Z = A_prev @ self.W + self.b
        self.A = activate(self.activation, self.Z)
        return self.A

    def __repr__(self):
        return f"Dense({self.n_in} → {self.n_out}, {self.activation})"


def output_delta(loss, activation, Z, Y_pred, Y):
    """∂E/∂Z for the last layer: where backpropagation starts.

    For softmax + cross-entropy and for sigmoid + binary cross-entropy the chain rule
    ∂E/∂Z = ∂E/∂Y_pred · ∂Y_pred/∂Z collapses to (Y_pred − Y) / N. Otherwise (mean squared
    error with any output) we multiply the two factors out.
    """
    if loss == "cross_entropy" or loss == "binary_cross_entropy":
        return (Y_pred - Y) / len(Y)
    dY_pred = _losses._mse_gradient(Y_pred, Y)  # ∂E/∂Y_pred = 2·(Y_pred − Y) / N
    return activation_backward(activation, Z, Y_pred, dY_pred)


class Network:
    """A stack of dense layers.

    >>> net = Network([3, 4, 1], hidden="sigmoid", output="identity", seed=0)
    >>> net.layers[0].W.shape, net.layers[0].b.shape
    ((3, 4), (4,))

    `layer_sizes` lists the number of neurons per layer, inputs first. Weights start random
    (seeded, so the same seed gives the same network), scaled by 1/√n_in (Xavier) or, for
    relu, √2/√n_in (He) so signals neither vanish nor blow up; biases start at 0.
    """

    def __init__(self, layer_sizes, hidden="sigmoid", output="identity", seed=0):
        sizes = check_layer_sizes(layer_sizes)
        choice("hidden activation", hidden, OUTPUT_ACTIVATIONS)
        if hidden == "softmax":
            raise ValueError(
                "softmax cannot be a hidden activation: it belongs in the output layer, where it turns "
                f"scores into class probabilities; choose hidden from {list(HIDDEN_ACTIVATIONS)}"
            )
        choice("output activation", output, OUTPUT_ACTIVATIONS)
        if output == "softmax" and sizes[-1] < 2:
            raise ValueError("a softmax output needs at least 2 neurons (one per class); for two classes "
                             "you can also use one sigmoid output")
        seed = seed_value("seed", seed)
        rng = np.random.default_rng(seed)
        self.hidden, self.output, self.seed = hidden, output, seed
        self.layers = []
        for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
            activation = output if i == len(sizes) - 2 else hidden
            scale = np.sqrt(2.0 / n_in) if activation == "relu" else np.sqrt(1.0 / n_in)
            W = rng.normal(0.0, scale, size=(n_in, n_out))
            self.layers.append(Dense(W, np.zeros(n_out), activation))

    # -- structure ------------------------------------------------------------------------
    @property
    def layer_sizes(self):
        return [self.layers[0].n_in] + [layer.n_out for layer in self.layers]

    @property
    def n_inputs(self):
        return self.layers[0].n_in

    @property
    def n_outputs(self):
        return self.layers[-1].n_out

    @property
    def n_parameters(self):
        return sum(layer.W.size + layer.b.size for layer in self.layers)

    def parameters(self):
        """The list of (W, b) arrays, one pair per layer (the arrays themselves, not copies)."""
        return [(layer.W, layer.b) for layer in self.layers]

    def get_weights(self):
        """A copy of every (W, b): keep it to restore the network later with `set_weights`."""
        return [(layer.W.copy(), layer.b.copy()) for layer in self.layers]

    def set_weights(self, weights):
        """Replace every (W, b) with copies of the given arrays, checking their shapes."""
        weights = _pairs("weights", weights, len(self.layers), "(W, b)")
        new = []
        for i, (layer, pair) in enumerate(zip(self.layers, weights)):
            W = as_array(f"W of layer {i}", pair[0], ndim=2)
            b = as_array(f"b of layer {i}", pair[1], ndim=1)
            if W.shape != layer.W.shape or b.shape != layer.b.shape:
                raise ValueError(
                    f"layer {i} expects W of shape {layer.W.shape} and b of shape {layer.b.shape}, "
                    f"got W {W.shape} and b {b.shape}"
                )
            new.append((W.copy(), b.copy()))
        for layer, (W, b) in zip(self.layers, new):
            layer.W, layer.b = W, b

    def copy(self):
        """An independent network with the same shape and the same weights."""
        twin = Network(self.layer_sizes, hidden=self.hidden, output=self.output, seed=self.seed)
        twin.set_weights(self.get_weights())
        return twin

    def __repr__(self):
        sizes = " → ".join(str(s) for s in self.layer_sizes)
        return (f"Network({sizes}, hidden={self.hidden!r}, output={self.output!r}, "
                f"{self.n_parameters} weights and biases)")

    # -- checks ---------------------------------------------------------------------------
    def check_X(self, X):
        """X as a float array of shape (N, n_inputs), or a clear error."""
        X = as_array("X", X, ndim=2)
        if X.shape[1] != self.n_inputs:
            raise ValueError(
                f"X has {X.shape[1]} columns (shape {X.shape}) but the network expects {self.n_inputs} "
                f"inputs per row (layer_sizes {self.layer_sizes})"
            )
        return X

    def check_data(self, X, Y, loss):
        """Check X, Y and the loss name together; returns (X, Y) as float arrays.

        A 1-D Y is accepted for a network with one output and read as one target per row.
        """
        X = self.check_X(X)
        choice("loss", loss, _losses.LOSSES)
        need = _losses.REQUIRED_OUTPUT[loss]
        if need is not None and self.output != need:
            raise ValueError(
                f"loss {loss!r} needs a {need} output layer, but this network's output is {self.output!r}; "
                f"build it with Network(..., output={need!r})"
            )
        Y = as_array("Y", Y, ndim=(1, 2))
        if Y.ndim == 1:
            if self.n_outputs != 1:
                hint = "; use nl.one_hot(labels) to encode class labels" if loss == "cross_entropy" else ""
                raise ValueError(f"Y is 1-D (shape {Y.shape}) but the network has {self.n_outputs} outputs: "
                                 f"Y needs shape (N, {self.n_outputs}){hint}")
            Y = Y[:, None]
        check_rows_match("X", X, "Y", Y)
        if Y.shape[1] != self.n_outputs:
            raise ValueError(
                f"Y has {Y.shape[1]} columns (shape {Y.shape}) but the network has {self.n_outputs} outputs "
                f"(layer_sizes {self.layer_sizes})"
            )
        if loss == "cross_entropy":
            _losses.check_one_hot(Y)
        if loss == "binary_cross_entropy":
            _losses._check_binary(Y)
        return X, Y

    # -- forward --------------------------------------------------------------------------
    def forward(self, X):
        """Feed X forward layer by layer and return Y_pred. Each layer keeps its A_prev, Z, A.

        Outputs that overflow (X or the weights far too large) are refused with a ValueError.
        """
        X = self.check_X(X)
        with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported just below, in words
            Y_pred = self._forward(X)
        self._check_finite("the network's output Y_pred", Y_pred, X)
        return Y_pred

    def _check_finite(self, what, values, X):
        """Raise if `values` (an array, or a list of arrays) computed from X hold ±inf or NaN: the
        numbers were too large."""
        arrays = [values] if isinstance(values, np.ndarray) else values
        if not all(np.isfinite(v).all() for v in arrays):
            largest_W = max(float(np.abs(layer.W).max()) for layer in self.layers)
            raise ValueError(f"{what} must be finite numbers, got an overflow: X (largest |X| = "
                             f"{float(np.abs(X).max()):.3g}) or the weights (largest |W| = {largest_W:.3g}) are too "
                             "large for float64; scale the data (nl.Standardizer)")

    predict = forward

    def _forward(self, X):
        A = X
        for layer in self.layers:
            A = layer.forward(A)
        return A

    def loss(self, X, Y, loss="mse"):
        """The mean loss E over the rows of X (cross-entropies computed stably from Z).

        Documented handling: a loss that overflows is returned as inf (or NaN), which the
        divergence rule (`nl.training.has_diverged`) reads as "diverged".
        """
        X, Y = self.check_data(X, Y, loss)
        return self._loss(X, Y, loss)

    def _loss(self, X, Y, loss):
        self._forward(X)
        return self._stored_loss(Y, loss)

    def _stored_loss(self, Y, loss):
        """The loss of the rows last fed forward, from the last layer's stored A (or Z)."""
        last = self.layers[-1]
        if loss == "mse":
            return _losses._mse(last.A, Y)
        if loss == "cross_entropy":
            return _losses.cross_entropy_from_logits(last.Z, Y)
        return _losses.binary_cross_entropy_from_logits(last.Z, Y)

    # -- backward: backpropagation --------------------------------------------------------
    def backward(self, X, Y, loss="mse"):
        """Backpropagation: return [(dW, db), ...], one pair per layer, in layer order.

        dW and db are the gradient of the mean loss over the rows of X. The pass runs the
        network forward on X first, then goes from the last layer back to the first: the
        steps are in `_backward`, just below, which training calls on checked data.
        """
        X, Y = self.check_data(X, Y, loss)
        with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported just below, in words
            grads = self._backward(X, Y, loss)
        self._check_finite("the gradients dW and db", [g for pair in grads for g in pair], X)
        return grads

    def _backward(self, X, Y, loss):
        # The same steps as `backward`, on data that is already checked (training calls this).
        Y_pred = self._forward(X)
        last = self.layers[-1]
        grads = [None] * len(self.layers)

        # Start at the error: ∂E/∂Z of the last layer (the layer closest to the error).
        # It already holds the 1/N of the mean over rows (see `output_delta`).
        dZ = output_delta(loss, last.activation, last.Z, Y_pred, Y)

        # Walk back through the layers, last first. For each layer, the chain rule gives:
        for i in reversed(range(len(self.layers))):
            layer = self.layers[i]
            # ∂E/∂W = ∂E/∂Z · ∂Z/∂W, and ∂Z/∂W is the layer's input A_prev. The matrix product
            # adds A_prev[n, j]·dZ[n, k] over the rows n, so every row's share is counted.
            dW = layer.A_prev.T @ dZ
            # ∂E/∂b = ∂E/∂Z · ∂Z/∂b, and ∂Z/∂b = 1: add dZ over the rows.
            db = dZ.sum(axis=0)
            grads[i] = (dW, db)
            if i > 0:
                # ∂E/∂A_prev = ∂E/∂Z · ∂Z/∂A_prev, and ∂Z/∂A_prev is W: the error flows back
                # along the same weights it came forward on (W.T because rows are examples) ...
                dA_prev = dZ @ layer.W.T
                # ... then ∂E/∂Z_prev = ∂E/∂A_prev · f'(Z_prev): through the activation.
                prev = self.layers[i - 1]
                dZ = activation_backward(prev.activation, prev.Z, prev.A, dA_prev)
        return grads

    # -- update ---------------------------------------------------------------------------
    def update(self, grads, lr):
        """Gradient descent step on every layer: W ← W − lr·dW and b ← b − lr·db."""
        lr = positive_number("lr", lr)
        grads = _pairs("grads", grads, len(self.layers), "(dW, db)")
        checked = []
        for i, (layer, (dW, db)) in enumerate(zip(self.layers, grads)):
            dW = as_array(f"dW of layer {i}", dW, ndim=2)
            db = as_array(f"db of layer {i}", db, ndim=1)
            if dW.shape != layer.W.shape or db.shape != layer.b.shape:
                raise ValueError(f"layer {i}: dW {dW.shape} and db {db.shape} must match W {layer.W.shape} "
                                 f"and b {layer.b.shape}")
            with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported just below, in words
                finite = np.all(np.isfinite(layer.W - lr * dW)) and np.all(np.isfinite(layer.b - lr * db))
            if not finite:
                raise ValueError(f"the step lr·dW of layer {i} overflows (lr = {lr:g}, largest |dW| = "
                                 f"{np.abs(dW).max():.3g}): the weights would become infinite; use a smaller lr")
            checked.append((dW, db))
        self._update(checked, lr)

    def _update(self, grads, lr):
        for layer, (dW, db) in zip(self.layers, grads):
            layer.W -= lr * dW
            layer.b -= lr * db

    # -- saving ---------------------------------------------------------------------------
    def save(self, path):
        """Save the architecture and weights to an .npz file (plain arrays, no pickle).

        `.npz` is added to a name without it; the path written is returned.
        """
        path = file_path("path", path)
        if path.is_dir():
            raise ValueError(f"path must be a file name such as 'net.npz', got the folder {str(path)!r}")
        if path.suffix != ".npz":
            path = path.with_name(path.name + ".npz")
        if not path.parent.is_dir():
            raise ValueError(f"path must be in a folder that exists, got {str(path)!r}: there is no folder "
                             f"{str(path.parent)!r}")
        arrays = {
            "layer_sizes": np.array(self.layer_sizes, dtype=np.int64),
            "hidden": np.array(self.hidden),
            "output": np.array(self.output),
        }
        for i, layer in enumerate(self.layers):
            arrays[f"W{i}"] = layer.W
            arrays[f"b{i}"] = layer.b
        try:
            np.savez(path, **arrays)
        except OSError as exc:
            raise ValueError(f"could not write the network file {str(path)!r}: {exc.strerror or exc}") from None
        return path

    @classmethod
    def load(cls, path):
        """Load a network saved with `save`. A malformed file gives a ValueError saying why.

        Only plain arrays are read (never pickled Python objects), and every array's size is
        read from its header and checked before the array itself is loaded.
        """
        path = file_path("path", path)
        with _open_weights_file(path) as data:
            name = repr(str(path))
            missing = [k for k in ("layer_sizes", "hidden", "output") if k not in data.files]
            if missing:
                raise ValueError(f"{name} is not a network file saved by Network.save: missing {missing}")
            for key in ("layer_sizes", "hidden", "output"):
                _check_header(data, key, None, name)
            sizes, hidden, output = data["layer_sizes"], data["hidden"], data["output"]
            if sizes.ndim != 1 or sizes.dtype.kind not in "iu":
                raise ValueError(f"{name}: layer_sizes must be a list of whole numbers, got {_short(sizes)}")
            try:  # the sizes (and the memory they need) are checked here, before any weight is read
                net = cls([int(s) for s in sizes], hidden=str(hidden), output=str(output))
            except (ValueError, TypeError) as exc:
                raise ValueError(f"{name}: {exc}") from None
            weights = []
            for i, layer in enumerate(net.layers):
                if f"W{i}" not in data.files or f"b{i}" not in data.files:
                    raise ValueError(f"{name} is missing the weights of layer {i} (W{i}, b{i})")
                _check_header(data, f"W{i}", layer.W.shape, name, i)
                _check_header(data, f"b{i}", layer.b.shape, name, i)
                weights.append((data[f"W{i}"], data[f"b{i}"]))
        try:
            net.set_weights(weights)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"{name} does not match its own layer sizes: {exc}") from None
        return net


def _open_weights_file(path):
    """np.load of an .npz file without pickles, or a ValueError that says what the file is."""
    name = repr(str(path))
    if path.is_dir():
        raise ValueError(f"path must be a network file (.npz), got the folder {name}")
    if not path.exists():
        raise ValueError(f"no network file at {name}")
    try:
        with open(path, "rb") as f:
            start = f.read(6)
        is_zip = zipfile.is_zipfile(path)
    except OSError as exc:
        raise ValueError(f"could not read the network file {name}: {exc.strerror or exc}") from None
    if start == b"\x93NUMPY":
        raise ValueError(f"{name} holds a single numpy array (.npy), not a network file (.npz) saved by Network.save")
    if not is_zip:
        raise ValueError(f"{name} is not an .npz file: a network file saved by Network.save is an .npz (zip) archive "
                         "of plain arrays")
    try:
        return np.load(path, allow_pickle=False)
    except Exception as exc:  # a damaged or truncated archive
        raise ValueError(f"{name} is damaged and cannot be read as an .npz file ({type(exc).__name__}: {exc})") from None


def _check_header(data, key, shape, name, layer=None):
    """Read one array's header in an open .npz: refuse pickles, and a shape that is not `shape`.

    Nothing is loaded yet, so an array that claims gigabytes is refused before it is allocated.
    """
    try:
        with data.zip.open(key + ".npy") as f:
            version = np.lib.format.read_magic(f)
            read = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
            found, _, dtype = read(f)
    except Exception as exc:
        raise ValueError(f"{name} is damaged: the array {key} cannot be read ({type(exc).__name__}: {exc})") from None
    if dtype.hasobject:
        raise ValueError(f"{name} holds Python objects in {key} (pickled data), which nnlesson never loads: "
                         "a network file saved by Network.save holds plain arrays only")
    if shape is None:
        if int(np.prod(found)) * dtype.itemsize > 100_000:
            raise ValueError(f"{name}: {key} must be a short list or name, got an array of shape {found} and "
                             f"dtype {dtype}")
        return
    if dtype.kind not in "fiub":
        raise ValueError(f"{name}: {key} must hold numbers, got dtype {dtype}")
    if found != shape:
        which = "W" if key.startswith("W") else "b"
        raise ValueError(f"{name} does not match its own layer sizes: layer {layer} expects {which} of shape {shape}, "
                         f"got {key} of shape {found}")


def make_network(n_inputs, n_hidden, n_outputs, hidden="tanh", output="identity", seed=0):
    """The lessons' network: n_inputs → n_hidden → n_outputs, seeded.

    n_hidden=0 leaves the hidden layer out: n_inputs → n_outputs, which with an identity output
    is a linear model, Y_pred = X·W + b. `hidden` is the hidden layer's activation, `output`
    the output layer's ("identity" for regression, "softmax" for classes, "sigmoid" for two).
    """
    n_inputs = whole_number("n_inputs", n_inputs, 1)
    n_hidden = whole_number("n_hidden", n_hidden, 0)
    n_outputs = whole_number("n_outputs", n_outputs, 1)
    sizes = [n_inputs, n_outputs] if n_hidden == 0 else [n_inputs, n_hidden, n_outputs]
    return Network(sizes, hidden=hidden, output=output, seed=seed)


def _pairs(name, value, n_layers, pair):
    """`value` as a list of n_layers pairs (one per layer), or a clear error."""
    if isinstance(value, (str, bytes, set, frozenset, dict, np.ndarray)) or not hasattr(value, "__iter__"):
        raise TypeError(f"{name} must be a list of {n_layers} {pair} pairs, one per layer, got "
                        f"{type(value).__name__} {_short(value)}")
    value = list(value)
    if len(value) != n_layers:
        raise ValueError(f"{name} must hold {n_layers} {pair} pairs, one per layer, got {len(value)}")
    for i, item in enumerate(value):
        if isinstance(item, (str, bytes, set, frozenset, dict)) or not hasattr(item, "__len__"):
            raise TypeError(f"{name}[{i}] must be a {pair} pair, got {type(item).__name__} {_short(item)}")
        if len(item) != 2:
            raise ValueError(f"{name}[{i}] must be a {pair} pair, got {len(item)} item(s)")
    return value


def save_network(net, path):
    """Save `net` to an .npz file; see `Network.save`."""
    check_network(net)
    return net.save(path)


def load_network(path):
    """Load a network saved with `save_network`; see `Network.load`."""
    return Network.load(path)

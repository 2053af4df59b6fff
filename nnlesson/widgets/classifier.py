"""Classifier playground (lesson 5): penguin species from two features, decision regions live.

Plain functions first (tested without a browser):
    penguin_split        the seeded, standardised train/test split of two penguin features
    make_classifier      a network with a softmax output, one neuron per species
    train_classifier     nl.train plus per-epoch loss and accuracy, stopping a run that blows up
    decision_grid        the predicted class and its probability on a grid (the regions)
    region_colours       those as light, colour-blind-safe tints (an RGBA image)
    confusion_matrix     counts of (true class, predicted class); confusion_table shows them as HTML
    compare_losses       the same network, data and seed trained with cross-entropy and with MSE
then the widget `ClassifierPlayground`.

`DEFAULTS` are the settings lesson 5 prints and uses; a test checks they reach at least 95%
test accuracy.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import to_rgb

from .._validate import as_array, choice, positive_number, seed_value
from ..activations import HIDDEN_ACTIVATIONS
from ..data import PENGUIN_SPECIES, Standardizer, load_penguins, one_hot, train_test_split
from ..network import Network
from ..plots import CLASS_COLOURS, TEST_COLOUR, TRAIN_COLOUR, fmt
from ..training import accuracy, train
from .base import Explorer, FigureView, serialized

FEATURES = ("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g")
FEATURE_LABELS = {"bill_length_mm": "bill length (mm)", "bill_depth_mm": "bill depth (mm)",
                  "flipper_length_mm": "flipper length (mm)", "body_mass_g": "body mass (g)"}
MARKERS = ("o", "s", "^")

# The settings lesson 5 prints and trains with (≥ 95% test accuracy, asserted in a test).
DEFAULTS = {
    "features": ("bill_length_mm", "bill_depth_mm"),
    "hidden": 8,              # hidden neurons
    "activation": "tanh",     # hidden activation
    "lr": 0.1,                # learning rate
    "epochs": 60,
    "batch_size": 16,         # rows per update
    "seed": 0,                # starting weights and row order
    "test_fraction": 0.25,    # share of rows kept aside to test on
    "split_seed": 0,          # which rows are test rows
}
# Cross-entropy against squared error: same network, data and seed, only the loss differs.
# A sigmoid hidden layer and mini-batches of 32 make the difference plain without being rigged.
COMPARE = {"hidden": 8, "activation": "sigmoid", "lr": 0.1, "epochs": 60, "batch_size": 32, "seed": 0}
# A run stops when its loss grows past this many times its starting value.
BLOWUP_FACTOR = 10.0


@dataclass
class PenguinSplit:
    """Two penguin features, split into train and test rows and standardised.

    X_train, X_test      standardised inputs (the scaler is fitted on the training rows only)
    Y_train, Y_test      one-hot species, columns in the order of `classes`
    raw_train, raw_test  the same rows in millimetres / grams, for plotting
    """

    features: tuple
    classes: list
    X_train: np.ndarray
    X_test: np.ndarray
    Y_train: np.ndarray
    Y_test: np.ndarray
    raw_train: np.ndarray
    raw_test: np.ndarray
    scaler: Standardizer = field(repr=False)

    @property
    def labels_train(self):
        return self.Y_train.argmax(axis=1)

    @property
    def labels_test(self):
        return self.Y_test.argmax(axis=1)

    def __repr__(self):
        return (f"PenguinSplit({list(self.features)}, {len(self.X_train)} training rows, "
                f"{len(self.X_test)} test rows, classes {self.classes})")


def _features(features):
    if isinstance(features, str) or not hasattr(features, "__len__") or len(features) != 2:
        raise ValueError(f"features must name two penguin columns, such as {DEFAULTS['features']}, got {features!r}")
    features = tuple(features)
    for f in features:
        choice("feature", f, FEATURES)
    if features[0] == features[1]:
        raise ValueError(f"features must be two different columns, got {features[0]!r} twice")
    return features


def penguin_split(features=DEFAULTS["features"], test_fraction=DEFAULTS["test_fraction"],
                  seed=DEFAULTS["split_seed"]):
    """Load two penguin features and the species; split (seeded, stratified) and standardise."""
    features = _features(features)
    ds = load_penguins(features=features, target="species")
    Y, classes = one_hot(ds.y, classes=list(PENGUIN_SPECIES))
    raw_train, raw_test, Y_train, Y_test = train_test_split(ds.X, Y, test_fraction=test_fraction, seed=seed,
                                                            stratify=ds.y)
    scaler = Standardizer().fit(raw_train)
    return PenguinSplit(features, classes, scaler.transform(raw_train), scaler.transform(raw_test),
                        Y_train, Y_test, raw_train, raw_test, scaler)


def make_classifier(hidden=DEFAULTS["hidden"], activation=DEFAULTS["activation"], seed=DEFAULTS["seed"],
                    n_inputs=2, n_classes=3):
    """A network n_inputs → hidden → n_classes with a softmax output (seeded)."""
    hidden = positive_number("hidden", hidden, integer=True)
    choice("activation", activation, HIDDEN_ACTIVATIONS)
    return Network([n_inputs, hidden, n_classes], hidden=activation, output="softmax", seed=seed_value("seed", seed))


def evaluate(net, split, loss="cross_entropy"):
    """Loss and accuracy of `net` on the training and the test rows."""
    if not isinstance(net, Network):
        raise TypeError(f"net must be an nnlesson Network, got {type(net).__name__}")
    if not isinstance(split, PenguinSplit):
        raise TypeError(f"split must be a PenguinSplit from penguin_split(), got {type(split).__name__}")
    return {"train_loss": net.loss(split.X_train, split.Y_train, loss),
            "test_loss": net.loss(split.X_test, split.Y_test, loss),
            "train_accuracy": accuracy(net.forward(split.X_train), split.Y_train),
            "test_accuracy": accuracy(net.forward(split.X_test), split.Y_test)}


@dataclass
class Record:
    """Per-epoch numbers of a training run; index 0 is before the first update."""

    train_loss: list = field(default_factory=list)
    test_loss: list = field(default_factory=list)
    train_accuracy: list = field(default_factory=list)
    test_accuracy: list = field(default_factory=list)
    message: str = ""
    stopped: bool = False

    def add(self, numbers):
        for key, value in numbers.items():
            getattr(self, key).append(value)

    @property
    def epochs(self):
        return len(self.train_loss) - 1


def train_classifier(split, net=None, loss="cross_entropy", hidden=DEFAULTS["hidden"],
                     activation=DEFAULTS["activation"], lr=DEFAULTS["lr"], epochs=DEFAULTS["epochs"],
                     batch_size=DEFAULTS["batch_size"], seed=DEFAULTS["seed"], callback=None):
    """Train a softmax classifier on `split` with nl.train; return (net, history, record).

    `net` continues training an existing network (else a new one from hidden, activation, seed).
    After every epoch the losses and accuracies are added to `record` and `callback(net, record)`
    is called. A run whose loss grows past BLOWUP_FACTOR times its start (or that nl.train
    finds diverging) stops, and `record.message` says why in words.
    """
    if not isinstance(split, PenguinSplit):
        raise TypeError(f"split must be a PenguinSplit from penguin_split(), got {type(split).__name__}")
    choice("loss", loss, ("cross_entropy", "mse"))
    if net is None:
        net = make_classifier(hidden, activation, seed, n_inputs=split.X_train.shape[1],
                              n_classes=split.Y_train.shape[1])
    lr = positive_number("lr", lr)
    epochs = positive_number("epochs", epochs, integer=True)
    record = Record()
    record.add(evaluate(net, split, loss))
    start = record.train_loss[0]
    good = [net.get_weights()]

    def on_epoch(event):
        numbers = evaluate(event.net, split, loss)
        if not np.isfinite(numbers["train_loss"]) or numbers["train_loss"] > BLOWUP_FACTOR * start:
            event.net.set_weights(good[0])
            record.stopped = True
            record.message = (f"stopped at epoch {event.epoch}: the loss grew from {fmt(start, 3)} to "
                              f"{fmt(numbers['train_loss'], 3)}. The learning rate {lr:g} is too large; "
                              "try a smaller one, such as 0.1. The weights were put back to their last "
                              "good values.")
            return False
        good[0] = event.net.get_weights()
        record.add(numbers)
        if callback is not None:
            callback(event.net, record)
        return True

    history = train(net, split.X_train, split.Y_train, loss=loss, lr=lr, epochs=epochs, batch_size=batch_size,
                    seed=seed, callback=on_epoch)
    if history.diverged:
        record.stopped = True
        record.message = history.message
    elif record.train_loss[-1] > record.train_loss[0]:
        record.message = (f"trained {record.epochs} epochs, but the loss went up from {fmt(start, 3)} to "
                          f"{fmt(record.train_loss[-1], 3)}: the steps overshoot. The learning rate {lr:g} "
                          "is too large; try a smaller one.")
    elif not record.message:
        record.message = (f"trained {record.epochs} epochs: test accuracy {100 * record.test_accuracy[-1]:.1f}% "
                          f"({fmt(record.test_loss[-1], 3)} {'cross-entropy' if loss == 'cross_entropy' else 'MSE'} "
                          "on the test rows)")
    return net, history, record


def grid_points(x_range, y_range, n=100):
    """An n×n grid over x_range × y_range: returns (xs, ys, points of shape (n·n, 2))."""
    n = positive_number("n", n, integer=True)
    for name, r in (("x_range", x_range), ("y_range", y_range)):
        r = as_array(name, r, ndim=1)
        if r.shape != (2,) or not r[0] < r[1]:
            raise ValueError(f"{name} must be (low, high) with low < high, got {r.tolist()}")
    xs = np.linspace(float(x_range[0]), float(x_range[1]), n)
    ys = np.linspace(float(y_range[0]), float(y_range[1]), n)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.column_stack([gx.ravel(), gy.ravel()])


def decision_grid(net, points, n):
    """Predicted class and its probability at each grid point, as two (n, n) arrays.

    Row i of the result is the grid row at ys[i] (imshow with origin="lower" draws it upright).
    """
    if not isinstance(net, Network):
        raise TypeError(f"net must be an nnlesson Network, got {type(net).__name__}")
    n = positive_number("n", n, integer=True)
    P = net.forward(points)
    if P.shape[0] != n * n:
        raise ValueError(f"points must hold n·n = {n * n} rows, got shape {points.shape}")
    return P.argmax(axis=1).reshape(n, n), P.max(axis=1).reshape(n, n)


def region_colours(classes, confidence, n_classes=3, colours=CLASS_COLOURS):
    """An RGBA image (uint8) of the regions: each class's colour, lightened; surer points a little deeper."""
    classes = np.asarray(classes)
    confidence = as_array("confidence", confidence, ndim=2)
    if classes.shape != confidence.shape:
        raise ValueError(f"classes and confidence must have the same shape, got {classes.shape} and {confidence.shape}")
    palette = np.array([to_rgb(c) for c in colours[:n_classes]])
    chance = 1.0 / n_classes
    strength = 0.18 + 0.32 * np.clip((confidence - chance) / (1 - chance), 0, 1)
    rgb = 1.0 - strength[..., None] * (1.0 - palette[classes])
    rgba = np.empty(classes.shape + (4,), dtype=np.uint8)
    rgba[..., :3] = np.round(255 * rgb)
    rgba[..., 3] = 255
    return rgba


def confusion_matrix(true_labels, predicted_labels, n_classes):
    """Counts C[i, j] = how many rows of true class i were predicted as class j."""
    t = np.asarray(true_labels)
    p = np.asarray(predicted_labels)
    if t.ndim != 1 or t.shape != p.shape:
        raise ValueError(f"true_labels and predicted_labels must be 1-D of the same length, got shapes "
                         f"{t.shape} and {p.shape}")
    n_classes = positive_number("n_classes", n_classes, integer=True)
    for name, a in (("true_labels", t), ("predicted_labels", p)):
        if a.size and (a.dtype.kind not in "iu" or a.min() < 0 or a.max() >= n_classes):
            raise ValueError(f"{name} must hold class indices 0 … {n_classes - 1}, got {a[:5].tolist()} …")
    C = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(C, (t, p), 1)
    return C


def confusion_table(C, classes, caption=""):
    """The confusion matrix as an HTML table: counts in the cells, right answers on the shaded diagonal."""
    C = np.asarray(C)
    if C.ndim != 2 or C.shape[0] != C.shape[1] or C.shape[0] != len(classes):
        raise ValueError(f"C must be a square matrix with one row per class ({len(classes)}), got shape {C.shape}")
    cell = "padding:3px 10px;text-align:center;border:1px solid #bbb"
    head = "".join(f'<th style="{cell}">{html.escape(str(c))}</th>' for c in classes)
    rows = []
    for i, name in enumerate(classes):
        tds = []
        for j in range(len(classes)):
            shade = "#cfe3f3" if i == j else ("#f6d2b8" if C[i, j] else "#ffffff")
            tds.append(f'<td style="{cell};background:{shade};font-weight:bold">{int(C[i, j])}</td>')
        rows.append(f'<tr><th style="{cell};text-align:right">{html.escape(str(name))}</th>{"".join(tds)}</tr>')
    return (f'<table style="border-collapse:collapse;margin-top:6px;font-size:13px">'
            f'<caption style="caption-side:top;text-align:left;font-weight:bold">{html.escape(caption)}</caption>'
            f'<tr><th style="{cell}">true ↓ / predicted →</th>{head}</tr>{"".join(rows)}</table>')


def epochs_to_reach(accuracies, target):
    """The first epoch whose accuracy is at least `target` (None if never)."""
    for epoch, a in enumerate(accuracies):
        if a >= target:
            return epoch
    return None


def compare_losses(split=None, **settings):
    """Train the same network, on the same data and seed, once with each loss.

    Returns {"cross_entropy": Record, "mse": Record}; settings default to COMPARE.
    """
    split = penguin_split() if split is None else split
    unknown = set(settings) - set(COMPARE)
    if unknown:
        raise ValueError(f"unknown settings {sorted(unknown)}: expected some of {sorted(COMPARE)}")
    s = {**COMPARE, **settings}
    return {loss: train_classifier(split, loss=loss, **s)[2] for loss in ("cross_entropy", "mse")}


class ClassifierPlayground(Explorer):
    """Train a penguin-species classifier and watch its decision regions form.

    play = ClassifierPlayground(); play          # in a notebook cell
    play.hidden_slider.value = 4; play.train(); play.readouts()
    """

    title = "Classifier playground"
    GRID = 100

    def __init__(self, **settings):
        unknown = set(settings) - set(DEFAULTS)
        if unknown:
            raise ValueError(f"unknown settings {sorted(unknown)}: expected some of {sorted(DEFAULTS)}")
        s = self.settings = {**DEFAULTS, **settings}
        options = [(FEATURE_LABELS[f], f) for f in FEATURES]
        wide = {"description_width": "140px"}
        lay = widgets.Layout(width="360px")
        self.x_dropdown = widgets.Dropdown(options=options, value=_features(s["features"])[0],
                                           description="feature across", style=wide, layout=lay)
        self.y_dropdown = widgets.Dropdown(options=options, value=s["features"][1], description="feature up",
                                           style=wide, layout=lay)
        self.hidden_slider = widgets.IntSlider(value=s["hidden"], min=1, max=32, description="hidden neurons",
                                               style=wide, layout=lay)
        self.activation_dropdown = widgets.Dropdown(options=list(HIDDEN_ACTIVATIONS[1:]), value=s["activation"],
                                                    description="hidden activation", style=wide, layout=lay)
        self.lr_slider = widgets.FloatLogSlider(value=s["lr"], base=10, min=-3, max=2, step=0.1,
                                                description="learning rate", readout_format=".3g",
                                                style=wide, layout=lay)
        self.epochs_slider = widgets.IntSlider(value=s["epochs"], min=1, max=200, description="epochs per Train",
                                               style=wide, layout=lay)
        self.train_button = widgets.Button(description="Train", icon="play", button_style="primary")
        self.reset_button = widgets.Button(description="Reset", icon="undo")
        for w, part in ((self.x_dropdown, "x"), (self.y_dropdown, "y"), (self.hidden_slider, "hidden"),
                        (self.activation_dropdown, "activation"), (self.lr_slider, "lr"),
                        (self.epochs_slider, "epochs"), (self.train_button, "train"),
                        (self.reset_button, "reset")):
            w.add_class(f"nnl-classifier-{part}")
        self._readout_html = {}
        for part in ("epoch", "loss", "train-accuracy", "test-accuracy"):
            h = widgets.HTML()
            h.add_class(f"nnl-classifier-{part}")
            self._readout_html[part] = h
        self.status_html = self.status("nnl-classifier-status")
        self.confusion_html = widgets.HTML()
        self.confusion_html.add_class("nnl-classifier-confusion")

        self._build_figure()
        self.x_dropdown.observe(self._on_features, names="value")
        self.y_dropdown.observe(self._on_features, names="value")
        self.hidden_slider.observe(self._on_network, names="value")
        self.activation_dropdown.observe(self._on_network, names="value")
        self.train_button.on_click(lambda _: self.train())
        self.reset_button.on_click(lambda _: self.reset())

        controls = widgets.VBox([self.x_dropdown, self.y_dropdown, self.hidden_slider, self.activation_dropdown,
                                 self.lr_slider, self.epochs_slider,
                                 widgets.HBox([self.train_button, self.reset_button])])
        readouts = widgets.VBox(list(self._readout_html.values()) + [self.confusion_html],
                                layout=widgets.Layout(margin="0 0 0 20px"))
        self.widget = widgets.VBox([widgets.HBox([controls, readouts]), self.view.image, self.status_html])
        self.widget.add_class("nnl-classifier")
        self._new_data()

    # -- figure ---------------------------------------------------------------------------
    def _build_figure(self):
        view = self.view = FigureView(figsize=(9.2, 5.0), dpi=80, css_class="nnl-classifier-figure")
        fig = view.figure
        grid = fig.add_gridspec(2, 2, width_ratios=(1.3, 1), left=0.075, right=0.97, bottom=0.1, top=0.9,
                                wspace=0.25, hspace=0.45)
        n = self.GRID
        ax = self.ax_regions = fig.add_subplot(grid[:, 0])
        self.image = ax.imshow(np.full((n, n, 4), 255, dtype=np.uint8), origin="lower", aspect="auto",
                               interpolation="nearest", extent=(0, 1, 0, 1))
        self.scatters = [ax.scatter([], [], s=20, marker=MARKERS[k], color=CLASS_COLOURS[k], edgecolors="black",
                                    linewidths=0.5, label=name)
                         for k, name in enumerate(PENGUIN_SPECIES)]
        # Above the axes, so the region image (drawn on every update) never covers it.
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=3, frameon=False, fontsize=10,
                  handletextpad=0.2, columnspacing=0.8, borderaxespad=0.2)

        ax = self.ax_loss = fig.add_subplot(grid[0, 1])
        (self.train_loss_line,) = ax.plot([], [], color=TRAIN_COLOUR, marker="o", ms=2, label="training rows")
        (self.test_loss_line,) = ax.plot([], [], color=TEST_COLOUR, ls="--", marker="s", ms=2, label="test rows")
        ax.set_ylabel("cross-entropy")
        ax.set_title("loss")
        ax.legend(loc="upper right", frameon=False, fontsize=10)

        ax = self.ax_acc = fig.add_subplot(grid[1, 1])
        (self.train_acc_line,) = ax.plot([], [], color=TRAIN_COLOUR, marker="o", ms=2, label="training rows")
        (self.test_acc_line,) = ax.plot([], [], color=TEST_COLOUR, ls="--", marker="s", ms=2, label="test rows")
        ax.set_ylim(0, 1.02)
        ax.set_xlabel("epoch")
        ax.set_title("accuracy (share classified right)")
        # Only what changes every epoch is animated (blitted over a cached background).
        view.animate(self.image, *self.scatters, self.train_loss_line, self.test_loss_line,
                     self.train_acc_line, self.test_acc_line)

    # -- state ----------------------------------------------------------------------------
    def features(self):
        return (self.x_dropdown.value, self.y_dropdown.value)

    def _new_data(self):
        """Load the chosen features, lay out the grid and axes, and start a fresh network."""
        if self.x_dropdown.value == self.y_dropdown.value:
            self.status_html.value = "Choose two different features (across and up)."
            return
        s = self.settings
        self.split = penguin_split(self.features(), s["test_fraction"], s["split_seed"])
        raw = np.vstack([self.split.raw_train, self.split.raw_test])
        lo, hi = raw.min(axis=0), raw.max(axis=0)
        pad = 0.06 * (hi - lo)
        self.x_range, self.y_range = (lo[0] - pad[0], hi[0] + pad[0]), (lo[1] - pad[1], hi[1] + pad[1])
        _, _, raw_grid = grid_points(self.x_range, self.y_range, self.GRID)
        self.grid = self.split.scaler.transform(raw_grid)
        labels = np.concatenate([self.split.labels_train, self.split.labels_test])
        for k, sc in enumerate(self.scatters):
            sc.set_offsets(raw[labels == k])
        ax = self.ax_regions
        self.image.set_extent((*self.x_range, *self.y_range))
        ax.set_xlim(*self.x_range)
        ax.set_ylim(*self.y_range)
        ax.set_xlabel(FEATURE_LABELS[self.features()[0]])
        ax.set_ylabel(FEATURE_LABELS[self.features()[1]])
        self._new_network()

    def _new_network(self, message=None):
        self.net = make_classifier(self.hidden_slider.value, self.activation_dropdown.value, self.settings["seed"])
        self.record = Record()
        self.record.add(evaluate(self.net, self.split))
        self.record.message = message or "A new, untrained network: press Train."
        self._draw(full=True)

    @serialized
    def _on_features(self, _change):
        self._new_data()

    @serialized
    def _on_network(self, _change):
        self._new_network("Network changed: a new, untrained network. Press Train.")

    # -- drawing --------------------------------------------------------------------------
    def redraw_regions(self):
        """Forward the 100×100 grid through the network and update the region image in place."""
        classes, confidence = decision_grid(self.net, self.grid, self.GRID)
        self.image.set_data(region_colours(classes, confidence))

    def _update_curves(self):
        r = self.record
        epochs = np.arange(len(r.train_loss))
        self.train_loss_line.set_data(epochs, r.train_loss)
        self.test_loss_line.set_data(epochs, r.test_loss)
        self.train_acc_line.set_data(epochs, r.train_accuracy)
        self.test_acc_line.set_data(epochs, r.test_accuracy)

    def _update_confusion(self):
        C = confusion_matrix(self.split.labels_test, self.net.forward(self.split.X_test).argmax(axis=1), 3)
        self.confusion = C
        self.confusion_html.value = confusion_table(C, self.split.classes,
                                                    f"Confusion matrix: {C.sum()} test penguins after "
                                                    f"epoch {self.record.epochs}")

    def _set_limits(self, planned_epochs):
        top = max(1, planned_epochs)
        self.ax_loss.set_xlim(0, top)
        self.ax_acc.set_xlim(0, top)
        losses = [v for v in self.record.train_loss + self.record.test_loss if np.isfinite(v)]
        self.ax_loss.set_ylim(0, 1.08 * max(losses))

    def _update_readouts(self):
        r = self.record
        self._readout_html["epoch"].value = f"epochs trained: <b>{r.epochs}</b>"
        self._readout_html["loss"].value = f"training loss (cross-entropy): <b>{fmt(r.train_loss[-1])}</b>"
        self._readout_html["train-accuracy"].value = f"training accuracy: <b>{fmt(100 * r.train_accuracy[-1])}%</b>"
        self._readout_html["test-accuracy"].value = f"test accuracy: <b>{fmt(100 * r.test_accuracy[-1])}%</b>"
        self.status_html.value = r.message

    def _draw(self, full=False):
        if full:
            self._set_limits(self.record.epochs)
        self.redraw_regions()
        self._update_curves()
        self._update_confusion()
        self._update_readouts()
        self.view.render(full=full)

    def _on_epoch(self, net, record):
        """Called by train_classifier after every epoch: regions, curves and readouts, in place."""
        self.redraw_regions()
        self._update_curves()
        self._update_readouts()
        self.view.render()

    # -- actions --------------------------------------------------------------------------
    @serialized
    def train(self):
        """Train for `epochs per Train` more epochs, redrawing after each one."""
        epochs = self.epochs_slider.value
        done = self.record.epochs
        self._set_limits(done + epochs)
        self.status_html.value = f"training {epochs} epochs …"
        self.view.render(full=True)
        previous = self.record
        _, _, run = train_classifier(self.split, net=self.net, lr=self.lr_slider.value, epochs=epochs,
                                     batch_size=self.settings["batch_size"], seed=self.settings["seed"] + done,
                                     callback=lambda net, rec: self._on_run_epoch(previous, rec))
        self.record = self._joined(previous, run)
        self.record.message = run.message
        self.record.stopped = run.stopped
        self._draw(full=True)

    @staticmethod
    def _joined(previous, run):
        joined = Record()
        for key in ("train_loss", "test_loss", "train_accuracy", "test_accuracy"):
            getattr(joined, key).extend(getattr(previous, key) + getattr(run, key)[1:])
        return joined

    def _on_run_epoch(self, previous, run):
        self.record = self._joined(previous, run)
        self.record.message = f"training … epoch {run.epochs}"
        self._on_epoch(self.net, self.record)

    @serialized
    def reset(self):
        """Back to the untrained network (same settings, same seed)."""
        self._new_network("Reset: the untrained network again. Press Train.")

    def readouts(self):
        """The displayed numbers: epochs trained, training loss, training and test accuracy."""
        r = self.record
        return {"epoch": float(r.epochs), "loss": float(r.train_loss[-1]),
                "train_accuracy": float(r.train_accuracy[-1]), "test_accuracy": float(r.test_accuracy[-1])}

"""Two classes, one sigmoid (lesson 5, section 5): a view over lesson5_binary.

One neuron, P = σ(w1·x1 + w2·x2 + b) = P(class 1), on two penguin species. The learner moves
w1, w2 and b by hand, or presses Train (nl.train with binary cross-entropy), which moves the same
sliders epoch by epoch. The picture shows P over the plane with the boundary P = 0.5 as a line,
and σ(z) with every training row on it; the readouts show the losses, accuracies, ∂E/∂w and, for
a chosen row, σ(z) beside softmax([0, z])[1].

Every number comes from nnlesson.lessons.lesson5_binary (binary_readouts, probability_grid,
boundary_segment, train_binary); this module only builds the controls and figure and updates them.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import ListedColormap, to_rgb

from .._validate import number, whole_number
from ..lessons.lesson5 import FEATURE_LABELS, plot_species, region_grid
from ..lessons.lesson5_binary import (BINARY, START, TRAINING, WEIGHT_RANGE, binary_readouts, binary_split,
                                      binary_targets, boundary_segment, feature_pair,
                                      probability_grid, readout_message, species_pair, train_binary)
from ..plots import class_styles, fmt
from ..training import MAX_EPOCHS
from .base import Explorer, FigureView, GuardedFloatSlider, GuardedIntSlider, serialized, tidy
from .fastmarkers import keep_marker_extents
from .fastdraw import PixelImage

LR_RANGE = (0.01, 3.0)
EPOCH_RANGE = (1, 200)
Z_SHOWN = 8.0   # the σ(z) panel shows z from −8 to 8; rows beyond sit at its edge


def probability_colours(colours, n=256):
    """A colour table from P = 0 (class 0's colour, light) through white at 0.5 to P = 1 (class 1's).

    `colours` are the two classes' colours (plots.class_styles: each species keeps its own)."""
    c0, c1 = np.array(to_rgb(colours[0])), np.array(to_rgb(colours[1]))
    p = np.linspace(0, 1, n)[:, None]
    far = np.abs(2 * p - 1) * 0.55                     # how far from white: up to 55% of the class colour
    tint = np.where(p < 0.5, c0, c1)
    rgb = 1.0 - far * (1.0 - tint)
    table = np.empty((n, 4), dtype=np.uint8)
    table[:, :3] = np.round(255 * rgb)
    table[:, 3] = 255
    return table


class TwoClassExplorer(Explorer):
    """Sliders for one sigmoid neuron's w1, w2 and b on two penguin species, and a Train button.

    explorer = TwoClassExplorer(); explorer                 # in a notebook cell
    explorer.w1_slider.value = 2; explorer.readouts()
    explorer.train(); explorer.scores()                     # {"train_accuracy": ..., "test_accuracy": ...}
    explorer.code()   # "TwoClassExplorer(w1=2.0)": this setup as a line of code

    No data arguments: `features` and `species` choose the task (class 1 is the later species in
    alphabetical order). Weights must lie in the sliders' range −10 to 10; a slider set to NaN
    keeps its value, one set past an end is clamped, and the status says so.
    """

    title = "Two classes, one sigmoid explorer"

    def __init__(self, w1=START["w1"], w2=START["w2"], b=START["b"], lr=TRAINING["lr"], epochs=TRAINING["epochs"],
                 row=0, features=BINARY["features"], species=BINARY["species"], n=80):
        low, high = WEIGHT_RANGE
        self._initial = {name: number(name, value, low, high) for name, value in (("w1", w1), ("w2", w2), ("b", b))}
        lr = number("lr", lr, *LR_RANGE)
        epochs = whole_number("epochs", epochs, *EPOCH_RANGE)
        self.features, self.species = feature_pair(features), species_pair(species)
        self.n = whole_number("n", n, 10, 300)
        self.split = binary_split(self.features, self.species)
        row = whole_number("row", row, 0, len(self.split.X_train) - 1)
        self.classes = list(self.split.classes)
        self.Y_train = binary_targets(self.split)[0][:, 0]
        self.epochs_trained = 0

        def slider(name, value, lo, hi, step, fmt_, cls=GuardedFloatSlider, width="330px"):
            s = cls(value=value, min=lo, max=hi, step=step, description=name, continuous_update=True,
                    readout_format=fmt_, style={"description_width": "110px"}, layout=widgets.Layout(width=width))
            s.add_class(f"nnl-binary-{name.split()[0].split('(')[0]}")
            return s

        self.w1_slider = slider("w1", self._initial["w1"], low, high, 0.01, ".2f")
        self.w2_slider = slider("w2", self._initial["w2"], low, high, 0.01, ".2f")
        self.b_slider = slider("b", self._initial["b"], low, high, 0.01, ".2f")
        self.lr_slider = slider("lr", lr, *LR_RANGE, 0.01, ".2f")
        self.epochs_slider = slider("epochs", epochs, *EPOCH_RANGE, 1, "d", GuardedIntSlider)
        self.row_slider = slider("row", row, 0, len(self.split.X_train) - 1, 1, "d", GuardedIntSlider)
        self.weight_sliders = (self.w1_slider, self.w2_slider, self.b_slider)
        self.train_button = widgets.Button(description=f"Train {epochs} epochs", icon="play")
        self.train_button.add_class("nnl-binary-train")
        self.reset_button = widgets.Button(description="Reset", icon="undo")
        self.reset_button.add_class("nnl-binary-reset")

        self._html = {}
        for key in ("train-loss", "test-loss", "train-accuracy", "test-accuracy", "baseline", "gradient", "softmax"):
            h = self._html[key] = widgets.HTML()
            h.add_class(f"nnl-binary-{key}")
        self.status_html = self.status("nnl-binary-status")

        self._build_figure()
        self._values = None
        for s in self.weight_sliders + (self.row_slider,):
            s.observe(self._on_change, names="value")
        self.epochs_slider.observe(self._on_epochs, names="value")
        self.lr_slider.observe(self._on_settings, names="value")
        self.guard(*self.weight_sliders, self.lr_slider, self.epochs_slider, self.row_slider)
        self.train_button.on_click(lambda _: self.train())
        self.reset_button.on_click(lambda _: self.reset())

        controls = widgets.VBox([*self.weight_sliders, self.lr_slider, self.epochs_slider,
                                 widgets.HBox([self.train_button, self.reset_button]), self.row_slider,
                                 self.code_readout("binary")])
        readouts = widgets.VBox([self._html[k] for k in ("train-loss", "test-loss", "train-accuracy",
                                                         "test-accuracy", "baseline", "gradient")],
                                layout=widgets.Layout(margin="0 0 0 20px"))
        self.widget = widgets.VBox([widgets.HBox([controls, readouts]), self._html["softmax"], self.view.image,
                                    self.status_html])
        self.widget.add_class("nnl-binary")
        self.update(full=True)

    # -- figure ---------------------------------------------------------------------------
    def _build_figure(self):
        view = self.view = FigureView(figsize=(9.5, 3.9), dpi=80, css_class="nnl-binary-figure")
        fig = view.figure
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.9, wspace=0.32)
        ax = self.ax_plane = fig.add_subplot(1, 2, 1)
        split = self.split
        self.x_range, self.y_range, self.points = region_grid(split, self.n)
        self._colours = probability_colours([colour for colour, _ in class_styles(self.classes)])
        self.image = PixelImage(ax, origin="lower", interpolation="nearest", extent=(*self.x_range, *self.y_range))
        self.image.set_data(np.zeros((self.n, self.n, 4), dtype=np.uint8))
        ax.add_image(self.image)
        fig.colorbar(_scalar_mappable(self._colours), ax=ax, pad=0.02, fraction=0.05,
                     label=f"P({self.classes[1]})")
        before = len(ax.collections)
        X_raw = np.vstack([split.X_train_raw, split.X_test_raw])
        labels = np.concatenate([split.y_train, split.y_test])
        plot_species(ax, X_raw, labels, self.features, self.classes)
        ax.get_legend().remove()   # the σ(z) panel's legend names the species (a legend here would redraw each frame)
        ax.set_xlim(*self.x_range)
        ax.set_ylim(*self.y_range)
        ax.set_title(f"P({self.classes[1]}) over the plane; black line: P = 0.5", fontsize=11)
        dots = [keep_marker_extents(c) for c in ax.collections[before:]]
        (self.boundary,) = ax.plot([], [], color="black", lw=2.2)
        (self.row_ring,) = ax.plot([], [], "o", ms=15, mfc="none", mec="black", mew=2.2)

        ax = self.ax_sigmoid = fig.add_subplot(1, 2, 2)
        zs = np.linspace(-Z_SHOWN, Z_SHOWN, 200)
        ax.plot(zs, 1 / (1 + np.exp(-zs)), color="0.3", lw=1.8, label="P = σ(z)")
        ax.axhline(0.5, color="0.5", lw=0.8, ls=":")
        ax.axvline(0.0, color="0.5", lw=0.8, ls=":")
        ax.set_xlim(-Z_SHOWN - 0.4, Z_SHOWN + 0.4)
        ax.set_ylim(-0.08, 1.08)
        ax.set_xlabel("z = w1·x1 + w2·x2 + b")
        ax.set_ylabel(f"P({self.classes[1]})")
        ax.set_title("every training row on σ(z)", fontsize=11)
        jitter = np.random.default_rng(0).uniform(-0.04, 0.04, size=len(self.Y_train))
        self._jitter = jitter
        self.row_dots = []
        for k, (colour, marker) in enumerate(class_styles(self.classes)):
            rows = self.Y_train == k
            self.row_dots.append(keep_marker_extents(ax.scatter(
                np.zeros(rows.sum()), np.zeros(rows.sum()), s=22, marker=marker, color=colour, edgecolors="black",
                linewidths=0.4, label=f"{self.classes[k]} (Y = {k})")))
        ax.legend(loc="upper left", frameon=False, fontsize=9)
        (self.sigmoid_dot,) = ax.plot([], [], "o", ms=13, mfc="none", mec="black", mew=2.2)
        # The picture changes under the dots: the image and everything drawn over it move together.
        view.animate(self.image, *dots, self.boundary, self.row_ring, *self.row_dots, self.sigmoid_dot)

    # -- updates --------------------------------------------------------------------------
    def _on_change(self, _change):
        self.fresh_note()
        self.update()

    @serialized
    def _on_epochs(self, _change):
        self.fresh_note()
        self.train_button.description = f"Train {self.epochs_slider.value} epochs"
        self.show_status()
        self.refresh_code()

    @serialized
    def _on_settings(self, _change):
        self.fresh_note()
        self.show_status()
        self.refresh_code()

    def weights(self):
        """(w, b): the sliders' w1, w2 as an array and b as a float."""
        return np.array([self.w1_slider.value, self.w2_slider.value], dtype=np.float64), float(self.b_slider.value)

    def settings(self):
        """w1, w2, b, lr, epochs, row, features, species: TwoClassExplorer(**settings) rebuilds it."""
        return {"w1": tidy(self.w1_slider.value), "w2": tidy(self.w2_slider.value), "b": tidy(self.b_slider.value),
                "lr": tidy(self.lr_slider.value), "epochs": int(self.epochs_slider.value),
                "row": int(self.row_slider.value), "features": tuple(self.features), "species": tuple(self.species)}

    def show_status(self, message=None):
        """The status line: a note on a refused or clamped slider, then `message` (or the readouts in words)."""
        if message is not None:
            self._message = message
        text = self.__dict__.get("_message") or (readout_message(self._values, self.classes) if self._values else "")
        self.status_html.value = self.with_note(text)

    @serialized
    def update(self, full=False, message=None):
        """Recompute the readouts for the sliders' w1, w2, b and row, and redraw the moving parts."""
        w, b = self.weights()
        r = self._values = binary_readouts(w, b, self.split, self.row_slider.value)
        P = probability_grid(w, b, self.points, self.n)
        self.image.set_data(self._colours[np.minimum((P * 256).astype(np.intp), 255)])
        segment = boundary_segment(w, b, self.split.x_scaler, self.x_range, self.y_range)
        self.boundary.set_data(*(segment if segment is not None else ([], [])))
        self.row_ring.set_data([r["row_raw"][0]], [r["row_raw"][1]])
        z = r["z_train"]
        for k, dots in enumerate(self.row_dots):
            rows = self.Y_train == k
            zk = np.clip(z[rows], -Z_SHOWN, Z_SHOWN)
            dots.set_offsets(np.column_stack([zk, 1 / (1 + np.exp(-zk)) + self._jitter[rows]]))
        z_row = float(np.clip(r["z"], -Z_SHOWN, Z_SHOWN))
        self.sigmoid_dot.set_data([z_row], [r["sigmoid"]])
        self._write_readouts(r)
        self._message = message
        self.show_status()
        self.refresh_code()
        self.view.render(full=full)

    def _write_readouts(self, r):
        split, h = self.split, self._html
        n_train, n_test = len(split.X_train), len(split.X_test)
        h["train-loss"].value = f"binary cross-entropy, training rows = <b>{fmt(r['train_loss'])}</b>"
        h["test-loss"].value = f"binary cross-entropy, test rows = <b>{fmt(r['test_loss'])}</b>"
        h["train-accuracy"].value = (f"accuracy, training rows = <b>{fmt(100 * r['train_accuracy'])}%</b> "
                                     f"({round(r['train_accuracy'] * n_train)} of {n_train})")
        h["test-accuracy"].value = (f"accuracy, test rows = <b>{fmt(100 * r['test_accuracy'])}%</b> "
                                    f"({round(r['test_accuracy'] * n_test)} of {n_test})")
        h["baseline"].value = f"always guessing the commonest species: <b>{fmt(100 * r['baseline'])}%</b> of test rows"
        h["gradient"].value = (f"∂E/∂w1 = <b>{fmt(r['dw1'])}</b>, ∂E/∂w2 = <b>{fmt(r['dw2'])}</b>, "
                               f"∂E/∂b = <b>{fmt(r['db'])}</b>")
        x1, x2 = r["row_raw"]
        h["softmax"].value = (f"Row {r['row']} ({r['row_class']}, {FEATURE_LABELS.get(self.features[0])} "
                              f"{fmt(x1)}, {FEATURE_LABELS.get(self.features[1])} {fmt(x2)}): z = <b>{fmt(r['z'])}</b>; "
                              f"σ(z) = <b>{fmt(r['sigmoid'])}</b> and softmax([0, z])[1] = <b>{fmt(r['softmax'])}</b>"
                              f": {'equal' if fmt(r['sigmoid']) == fmt(r['softmax']) else 'different'}")

    def _set_weights(self, w, b):
        """Put w1, w2, b into the sliders without an update per slider (clamped ones are noted)."""
        for s in self.weight_sliders:
            s.unobserve(self._on_change, names="value")
        try:
            for s, value in zip(self.weight_sliders, (w[0], w[1], b)):
                s.value = float(value)
        finally:
            for s in self.weight_sliders:
                s.observe(self._on_change, names="value")

    # -- training -------------------------------------------------------------------------
    @serialized
    def train(self, epochs=None):
        """Train the neuron from the sliders' weights (as the Train button does); the sliders follow
        epoch by epoch. `epochs=None`: the epochs slider. Returns scores()."""
        epochs = self.epochs_slider.value if epochs is None else whole_number("epochs", epochs, 1, MAX_EPOCHS)
        self.fresh_note()
        start = self._values["train_loss"]

        def each_epoch(event):
            W, bias = event.net.parameters()[0]
            self._set_weights(W[:, 0], bias[0])
            self.update(message=f"training: epoch {event.epoch} of {epochs} …")

        w, b = self.weights()
        try:
            w, b, history = train_binary(self.split, w, b, lr=self.lr_slider.value, epochs=epochs,
                                         callback=each_epoch)
        except KeyboardInterrupt:
            self.update(message=f"Training stopped by the kernel's stop button; the sliders hold the weights "
                                "of the last finished epoch.")
            return self.scores()
        self.epochs_trained += history.epochs_run
        self._set_weights(w, b)
        self._note_waits = False   # a clamp note stays on this status only
        r = binary_readouts(*self.weights(), self.split, self.row_slider.value)
        if history.diverged:
            message = history.message
        else:
            message = (f"Trained {history.epochs_run} epochs ({self.epochs_trained} since the start or Reset): "
                       f"binary cross-entropy on the training rows {fmt(start)} → {fmt(r['train_loss'])}; "
                       f"test accuracy {fmt(100 * r['test_accuracy'])}%.")
        self.update(message=message)
        return self.scores()

    def scores(self):
        """{"train_accuracy", "test_accuracy"} of the neuron the sliders hold, as fractions."""
        r = self._values
        return {"train_accuracy": r["train_accuracy"], "test_accuracy": r["test_accuracy"]}

    @serialized
    def reset(self):
        """Back to the starting w1, w2 and b (lr, epochs and row stay)."""
        self._set_weights((self._initial["w1"], self._initial["w2"]), self._initial["b"])
        self.epochs_trained = 0
        self._note = ""
        self.update()

    def readouts(self):
        """The displayed numbers as floats (see lesson5_binary.binary_readouts)."""
        r = self._values
        keys = ("train_loss", "test_loss", "train_accuracy", "test_accuracy", "baseline", "dw1", "dw2", "db", "z",
                "sigmoid", "softmax")
        return {k: float(r[k]) for k in keys}


def _scalar_mappable(table):
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize

    return ScalarMappable(Normalize(0, 1), ListedColormap(table[:, :3] / 255.0))

"""Classifier playground (lesson 5): penguin species from two features, decision regions live.

A view over nnlesson.lessons.lesson5: the split (penguin_split), the training
(train_classifier, i.e. nl.train with the test rows as validation), the regions
(region_grid, decision_grid, region_colours) and the settings (DEFAULTS) all come from there.
This module builds the controls and the figures and updates them in place: the regions image,
the live loss and accuracy curves (`TrainingCurves`) and, when a run ends, the confusion
matrix of the test rows (`ConfusionMatrixArt`).
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .._validate import merged_settings
from ..activations import HIDDEN_CHOICES
from ..data import PENGUIN_SPECIES
from ..lessons.lesson5 import (DEFAULTS, FEATURE_LABELS, FEATURES, MARKERS, all_penguins, confusion_on_test_rows,
                               decision_grid, feature_pair, penguin_split, region_colours, region_grid,
                               starting_network, train_classifier, untrained_history)
from ..plots import CLASS_COLOURS, ConfusionMatrixArt, fmt
from .base import Explorer, FigureView, serialized
from .curves import TrainingCurves


class ClassifierPlayground(Explorer):
    """Train a penguin-species classifier and watch its decision regions form.

    play = ClassifierPlayground(); play          # in a notebook cell
    play.hidden_slider.value = 4; play.train(); play.readouts()
    """

    title = "Classifier playground"
    GRID = 100

    def __init__(self, **settings):
        s = self.settings = merged_settings(DEFAULTS, settings)
        features = feature_pair(s["features"])
        options = [(FEATURE_LABELS[f], f) for f in FEATURES]
        wide = {"description_width": "140px"}
        lay = widgets.Layout(width="360px")
        self.x_dropdown = widgets.Dropdown(options=options, value=features[0],
                                           description="feature across", style=wide, layout=lay)
        self.y_dropdown = widgets.Dropdown(options=options, value=features[1], description="feature up",
                                           style=wide, layout=lay)
        self.hidden_slider = widgets.IntSlider(value=s["n_hidden"], min=1, max=32, description="hidden neurons",
                                               style=wide, layout=lay)
        self.activation_dropdown = widgets.Dropdown(options=list(HIDDEN_CHOICES), value=s["activation"],
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
        self.confusion_html = widgets.HTML()  # the confusion matrix's caption, in words
        self.confusion_html.add_class("nnl-classifier-confusion")

        self._build_figure()
        self._build_confusion_figure()
        self.x_dropdown.observe(self._on_features, names="value")
        self.y_dropdown.observe(self._on_features, names="value")
        self.hidden_slider.observe(self._on_network, names="value")
        self.activation_dropdown.observe(self._on_network, names="value")
        self.train_button.on_click(lambda _: self.train())
        self.reset_button.on_click(lambda _: self.reset())

        controls = widgets.VBox([self.x_dropdown, self.y_dropdown, self.hidden_slider, self.activation_dropdown,
                                 self.lr_slider, self.epochs_slider,
                                 widgets.HBox([self.train_button, self.reset_button])])
        readouts = widgets.VBox(list(self._readout_html.values()) + [self.confusion_html, self.confusion_view.image],
                                layout=widgets.Layout(margin="0 0 0 20px"))
        self.widget = widgets.VBox([widgets.HBox([controls, readouts]), self.view.image, self.status_html])
        self.widget.add_class("nnl-classifier")
        self._new_data()

    # -- figures --------------------------------------------------------------------------
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
        self.loss_curves = TrainingCurves(ax, "loss", ylabel="cross-entropy", epochs=1, legend=False)
        ax.set_xlabel("")  # the accuracy chart below carries the epoch axis
        ax.set_title("loss")
        ax.legend(loc="upper right", frameon=False, fontsize=10)

        ax = self.ax_acc = fig.add_subplot(grid[1, 1])
        self.accuracy_curves = TrainingCurves(ax, "accuracy", epochs=1, legend=False, percent=True)
        ax.set_ylabel("")  # the title says what the numbers are
        ax.set_ylim(0, 100.5)
        ax.set_title("accuracy (% classified right)")
        # Only what changes every epoch is animated (blitted over a cached background).
        view.animate(self.image, *self.scatters, *self.loss_curves.artists, *self.accuracy_curves.artists)

    def _build_confusion_figure(self):
        """The test rows' confusion matrix, beside the readouts; redrawn when a run ends."""
        view = self.confusion_view = FigureView(figsize=(3.6, 2.5), dpi=80,
                                                css_class="nnl-classifier-confusion-figure")
        ax = view.figure.add_axes((0.26, 0.2, 0.7, 0.76))
        self.confusion_art = ConfusionMatrixArt(ax, PENGUIN_SPECIES, title="", xlabel="predicted",
                                                ylabel="true", fontsize=12)
        ax.tick_params(labelsize=9)
        view.animate(*self.confusion_art.artists)  # the cells change; the axes and labels never do

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
        self.x_range, self.y_range, self.grid = region_grid(self.split, self.GRID)
        X_raw, labels = all_penguins(self.split)
        for k, sc in enumerate(self.scatters):
            sc.set_offsets(X_raw[labels == k])
        ax = self.ax_regions
        self.image.set_extent((*self.x_range, *self.y_range))
        ax.set_xlim(*self.x_range)
        ax.set_ylim(*self.y_range)
        ax.set_xlabel(FEATURE_LABELS[self.features()[0]])
        ax.set_ylabel(FEATURE_LABELS[self.features()[1]])
        self._new_network()

    def _new_network(self, message=None):
        s = self.settings
        self.net = starting_network(self.split, self.hidden_slider.value, self.activation_dropdown.value, s["seed"])
        self.history = untrained_history(self.net, self.split)
        self.history.message = message or "A new, untrained network: press Train."
        for curves in (self.loss_curves, self.accuracy_curves):
            curves.set_epoch_limit(1)
        self._fit_loss_axis()
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
        """set_data on the four curves; True if an axis had to grow (then the figure is redrawn whole)."""
        grew_loss = self.loss_curves.update(self.history)
        grew_accuracy = self.accuracy_curves.update(self.history)
        return grew_loss or grew_accuracy

    def _fit_loss_axis(self):
        """Room for the losses so far and for a run falling towards 0 (TrainingCurves then only
        widens the axis, with a full redraw, if a loss rises past where training started)."""
        losses = self.history.curve("loss") + self.history.curve("loss", validation=True)
        top = max(v for v in losses if np.isfinite(v))
        self.ax_loss.set_ylim(-0.06 * top, 1.12 * top)

    def _update_confusion(self):
        C = self.confusion = confusion_on_test_rows(self.net, self.split)
        self.confusion_art.update(C)
        self.confusion_html.value = (f"<b>Confusion matrix: {C.sum()} test penguins after epoch "
                                     f"{self.history.epochs_run}</b> (rows: true species; right answers on the "
                                     "diagonal)")
        self.confusion_view.render()

    def _update_readouts(self, message):
        r = self.readouts()
        self._readout_html["epoch"].value = f"epochs trained: <b>{self.history.epochs_run}</b>"
        self._readout_html["loss"].value = f"training loss (cross-entropy): <b>{fmt(r['loss'])}</b>"
        self._readout_html["train-accuracy"].value = f"training accuracy: <b>{fmt(100 * r['train_accuracy'])}%</b>"
        self._readout_html["test-accuracy"].value = f"test accuracy: <b>{fmt(100 * r['test_accuracy'])}%</b>"
        self.status_html.value = message

    def _draw(self, full=False):
        self.redraw_regions()
        self._update_curves()
        self._update_confusion()
        self._update_readouts(self.history.message)
        self.view.render(full=full)

    def _on_epoch(self, previous, event):
        """nl.train's callback after every epoch: regions, curves and readouts, in place."""
        self.history = previous.then(event.history)
        self.redraw_regions()
        grew = self._update_curves()
        self._update_readouts(f"training … epoch {event.epoch}")
        self.view.render(full=grew)

    # -- actions --------------------------------------------------------------------------
    @serialized
    def train(self):
        """Train for `epochs per Train` more epochs, redrawing after each one."""
        epochs = self.epochs_slider.value
        done = self.history.epochs_run
        for curves in (self.loss_curves, self.accuracy_curves):
            curves.set_epoch_limit(done + epochs)
        self._fit_loss_axis()
        self.status_html.value = f"training {epochs} epochs …"
        self.view.render(full=True)
        previous = self.history
        _, run = train_classifier(self.split, net=self.net, lr=self.lr_slider.value, epochs=epochs,
                                  batch_size=self.settings["batch_size"], seed=self.settings["seed"] + done,
                                  callback=lambda event: self._on_epoch(previous, event))
        self.history = previous.then(run)
        for curves in (self.loss_curves, self.accuracy_curves):  # a run that stopped early: fit what was done
            curves.set_epoch_limit(self.history.epochs_run)
        self._draw(full=True)

    @serialized
    def reset(self):
        """Back to the untrained network (same settings, same seed)."""
        self._new_network("Reset: the untrained network again. Press Train.")

    def readouts(self):
        """The displayed numbers: epochs trained, training loss, training and test accuracy."""
        h = self.history
        return {"epoch": float(h.epochs_run), "loss": float(h.curve("loss")[-1]),
                "train_accuracy": float(h.curve("accuracy")[-1]),
                "test_accuracy": float(h.curve("accuracy", validation=True)[-1])}

"""Classifier playground (lesson 5): a class from two features, decision regions live.

A view over nnlesson.lessons.lesson5 and, for a dataset of one's own, nnlesson.lessons.own_data:
the split (penguin_split, or explorer_split for `data=`), the training (train_classifier, i.e.
nl.train with the test rows as validation), the regions (region_grid, decision_grid,
region_colours) and the settings (DEFAULTS) all come from there. This module builds the
controls and the figures and updates them in place: the regions image, the live loss and
accuracy curves (`TrainingCurves`) and, when a run ends, the confusion matrix of the test rows
(`ConfusionMatrixArt`). Below the regions, one small picture per hidden neuron (its activation over
the same plane: hidden_activation_grids in nnlesson.lessons.lesson5_playground, which also gives the
starts, "random" or "confidently wrong").
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from traitlets import validate

from .._validate import choice, number, seed_value, whole_number
from ..activations import HIDDEN_CHOICES
from ..data import PENGUIN_SPECIES
from ..lessons.lesson5 import (DEFAULTS, FEATURE_LABELS, FEATURES, LOSS_NAMES, all_penguins,
                               confusion_on_test_rows, decision_grid, feature_pair, penguin_split, region_colours,
                               region_grid, train_classifier, untrained_history)
from ..lessons.lesson5_playground import (STARTS, activation_indices, activation_palette, hidden_activation_grids,
                                          playground_network)
from ..lessons.own_data import check_dataset, class_names_of, explorer_split, guarded_value, preparation_line
from ..plots import ConfusionMatrixArt, class_styles, fmt
from .base import Explorer, FigureView, Guarded, GuardedIntSlider, serialized
from .curves import TrainingCurves
from .fastdraw import PixelImage
from .fastmarkers import keep_marker_extents
from .png import encode_indexed_png

MAX_HIDDEN, MAX_EPOCHS, LR_EXPONENTS = 32, 200, (-3, 2)   # the sliders' ranges
MAX_RUN = 10_000  # the most epochs one train(epochs=...) call may run
MAX_PICTURES, PICTURE_GRID = 8, 40   # hidden-neuron pictures shown (the first 8), each on a 40×40 grid
PICTURE_SCALE, PICTURE_CSS = 3, 60   # each cell sent as 3×3 pixels, shown at 60 CSS px: 2 image px per CSS px
HIDDEN_PALETTE = activation_palette()   # the hidden-neuron pictures' 256 colours (PuOr)
LOSS_LABELS = {"cross_entropy": "cross-entropy", "mse": "squared error"}
START_WORDS = {"wrong": " It starts wrong on purpose: its regions lie over the wrong species.",
               "confidently wrong": " It starts confidently wrong: sure of the wrong species for almost every row.",
               "random": " It starts from small random weights."}


class GuardedLogSlider(Guarded, widgets.FloatLogSlider):
    """A FloatLogSlider that refuses NaN and says when it clamps (its ends are base**min, base**max)."""

    @validate("value")
    def _validate_value(self, proposal):
        low, high = self.base ** self.min, self.base ** self.max
        current = self.value if np.isfinite(self.value) else low
        value, message = guarded_value(self.description or "the value", proposal["value"], low, high, current)
        if message:
            self._tell(message, value != current)
        return value


class ClassifierPlayground(Explorer):
    """Train a classifier on two features and watch its decision regions form.

    play = ClassifierPlayground(); play          # the lesson's penguins, in a notebook cell
    play = ClassifierPlayground(data=ds, features=("alcohol", "flavanoids"))   # any nl.Dataset, 2-10 classes
    play.train(); play.scores(); play.code()      # as the Train button; the setup as one line of code

    Settings (all constructor arguments, settings() gives them back): features, n_hidden,
    activation, loss ("cross_entropy" or "mse"), start ("wrong", "confidently wrong" or "random"; None:
    "wrong" for the penguins, so that the regions visibly form, and "random" for data=), lr, epochs
    (per Train), batch_size, seed, test_fraction, split_seed.
    """

    title = "Classifier playground"
    GRID = 100
    data_arguments = {"data": "ds"}

    def __init__(self, data=None, features=None, n_hidden=DEFAULTS["n_hidden"], activation=DEFAULTS["activation"],
                 loss="cross_entropy", start=None, lr=DEFAULTS["lr"], epochs=DEFAULTS["epochs"],
                 batch_size=DEFAULTS["batch_size"], seed=DEFAULTS["seed"],
                 test_fraction=DEFAULTS["test_fraction"], split_seed=DEFAULTS["split_seed"]):
        self.data = None if data is None else check_dataset(data, "classification", min_features=2)
        if self.data is None:
            features = feature_pair(DEFAULTS["features"] if features is None else features)
            options = [(FEATURE_LABELS[f], f) for f in FEATURES]
        else:
            names = list(self.data.feature_names)
            features = self._data_features(names[:2] if features is None else features, names)
            options = [(f, f) for f in names]
        self.run_settings = {  # the settings with no control (fixed for this playground)
            "batch_size": whole_number("batch_size", batch_size, 1), "seed": seed_value("seed", seed),
            "test_fraction": number("test_fraction", test_fraction, 0.05, 0.9),
            "split_seed": seed_value("split_seed", split_seed)}
        n_hidden = whole_number("n_hidden", n_hidden, 1, MAX_HIDDEN)
        choice("activation", activation, HIDDEN_CHOICES)
        choice("loss", loss, tuple(LOSS_NAMES))
        self.default_start = "wrong" if data is None else "random"
        start = self.default_start if start is None else choice("start", start, STARTS)
        lr = number("lr", lr, 10.0 ** LR_EXPONENTS[0], 10.0 ** LR_EXPONENTS[1])
        epochs = whole_number("epochs", epochs, 1, MAX_EPOCHS)
        self.split = self._make_split(features)  # bad data fails here, when the playground is built
        self.class_names = (list(PENGUIN_SPECIES) if self.data is None else class_names_of(self.split, self.data))
        wide = {"description_width": "140px"}
        lay = widgets.Layout(width="360px")
        self.x_dropdown = widgets.Dropdown(options=options, value=features[0],
                                           description="feature across", style=wide, layout=lay)
        self.y_dropdown = widgets.Dropdown(options=options, value=features[1], description="feature up",
                                           style=wide, layout=lay)
        self.hidden_slider = GuardedIntSlider(value=n_hidden, min=1, max=MAX_HIDDEN, description="hidden neurons",
                                              style=wide, layout=lay)
        self.activation_dropdown = widgets.Dropdown(options=list(HIDDEN_CHOICES), value=activation,
                                                    description="hidden activation", style=wide, layout=lay)
        self.loss_buttons = widgets.ToggleButtons(options=[(LOSS_LABELS[k], k) for k in LOSS_NAMES], value=loss,
                                                  description="loss", style={**wide, "button_width": "118px"},
                                                  layout=widgets.Layout(width="420px"))
        self.start_dropdown = widgets.Dropdown(options=list(STARTS), value=start, description="start from",
                                               style=wide, layout=lay)
        self.lr_slider = GuardedLogSlider(value=lr, base=10, min=LR_EXPONENTS[0], max=LR_EXPONENTS[1], step=0.1,
                                          description="learning rate", readout_format=".3g",
                                          style=wide, layout=lay)
        self.epochs_slider = GuardedIntSlider(value=epochs, min=1, max=MAX_EPOCHS, description="epochs per Train",
                                              style=wide, layout=lay)
        self.train_button = widgets.Button(description="Train", icon="play", button_style="primary")
        self.reset_button = widgets.Button(description="Reset", icon="undo")
        self.wrong_button = widgets.Button(description="Confidently wrong", icon="bolt",
                                           layout=widgets.Layout(width="180px"),
                                           tooltip="Start again from a network that is sure of the wrong species")
        for w, part in ((self.x_dropdown, "x"), (self.y_dropdown, "y"), (self.hidden_slider, "hidden"),
                        (self.activation_dropdown, "activation"), (self.loss_buttons, "loss-choice"),
                        (self.start_dropdown, "start"), (self.lr_slider, "lr"),
                        (self.epochs_slider, "epochs"), (self.train_button, "train"),
                        (self.reset_button, "reset"), (self.wrong_button, "wrong")):
            w.add_class(f"nnl-classifier-{part}")
        self._readout_html = {}
        for part in ("epoch", "loss", "train-accuracy", "test-accuracy"):
            h = widgets.HTML()
            h.add_class(f"nnl-classifier-{part}")
            self._readout_html[part] = h
        self.status_html = self.status("nnl-classifier-status")
        self._message = ""
        self.confusion_html = widgets.HTML()  # the confusion matrix's caption, in words
        self.confusion_html.add_class("nnl-classifier-confusion")
        self.data_html = self.status("nnl-classifier-data")  # what was done to the data, for data= only

        self._build_figure()
        self._build_confusion_figure()
        self._build_hidden_pictures()
        self.guard(self.hidden_slider, self.lr_slider, self.epochs_slider)
        self.x_dropdown.observe(self._on_features, names="value")
        self.y_dropdown.observe(self._on_features, names="value")
        self.hidden_slider.observe(self._on_network, names="value")
        self.activation_dropdown.observe(self._on_network, names="value")
        self.loss_buttons.observe(self._on_network, names="value")
        self.start_dropdown.observe(self._on_network, names="value")
        self.lr_slider.observe(self._on_setting, names="value")
        self.epochs_slider.observe(self._on_setting, names="value")
        self.train_button.on_click(lambda _: self.train())
        self.reset_button.on_click(lambda _: self.reset())
        self.wrong_button.on_click(lambda _: self.confidently_wrong())

        controls = widgets.VBox([self.x_dropdown, self.y_dropdown, self.hidden_slider, self.activation_dropdown,
                                 self.loss_buttons, self.start_dropdown, self.lr_slider, self.epochs_slider,
                                 widgets.HBox([self.train_button, self.reset_button]), self.wrong_button],
                                layout=widgets.Layout(flex="0 0 auto"))   # never squeezed by the readouts
        readouts = widgets.VBox(list(self._readout_html.values()) + [self.confusion_html, self.confusion_view.image],
                                layout=widgets.Layout(margin="0 0 0 20px"))
        below = [self.status_html] + ([self.data_html] if self.data is not None else [])
        self.widget = widgets.VBox([widgets.HBox([controls, readouts]), self.view.image, self.hidden_row, *below,
                                    self.code_readout("classifier")])
        self.widget.add_class("nnl-classifier")
        self._new_data(self.split)

    @staticmethod
    def _data_features(features, names):
        if isinstance(features, str) or not hasattr(features, "__len__") or len(features) != 2:
            raise ValueError(f"features must name two columns of the data, such as {tuple(names[:2])}, "
                             f"got {features!r}")
        for f in features:
            choice("feature", f, names)
        if features[0] == features[1]:
            raise ValueError(f"features must be two different columns, got {features[0]!r} twice")
        return tuple(features)

    def _make_split(self, features):
        s = self.run_settings
        if self.data is None:
            return penguin_split(features, s["test_fraction"], s["split_seed"])
        return explorer_split(self.data, features, s["test_fraction"], s["split_seed"])

    # -- figures --------------------------------------------------------------------------
    def _build_figure(self):
        view = self.view = FigureView(figsize=(9.2, 5.0), dpi=80, css_class="nnl-classifier-figure")
        fig = view.figure
        grid = fig.add_gridspec(2, 2, width_ratios=(1.3, 1), left=0.075, right=0.97, bottom=0.1, top=0.9,
                                wspace=0.25, hspace=0.45)
        n = self.GRID
        ax = self.ax_regions = fig.add_subplot(grid[:, 0])
        # Copied cell by cell into the canvas (PixelImage): a 2× frame's regions in ~1 ms, not imshow's ~10.
        self.image = PixelImage(ax, origin="lower", interpolation="nearest", extent=(0, 1, 0, 1))
        self.image.set_data(np.full((n, n, 4), 255, dtype=np.uint8))
        ax.add_image(self.image)
        self.scatters = [keep_marker_extents(ax.scatter([], [], s=20, marker=marker, color=colour, edgecolors="black",
                                                        linewidths=0.5, label=name))
                         for name, (colour, marker) in zip(self.class_names, class_styles(self.class_names))]
        # Above the axes, so the region image (drawn on every update) never covers it.
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=min(len(self.class_names), 4), frameon=False,
                  fontsize=10 if len(self.class_names) <= 4 else 8, handletextpad=0.2, columnspacing=0.8,
                  borderaxespad=0.2)

        ax = self.ax_loss = fig.add_subplot(grid[0, 1])
        self.loss_curves = TrainingCurves(ax, "loss", ylabel=LOSS_LABELS[self.loss_buttons.value], epochs=1,
                                          legend=False)
        ax.set_xlabel("")  # the accuracy chart below carries the epoch axis
        ax.set_title("loss")
        ax.legend(loc="upper right", frameon=False, fontsize=10)

        ax = self.ax_acc = fig.add_subplot(grid[1, 1])
        self.accuracy_curves = TrainingCurves(ax, "accuracy", epochs=1, legend=False, percent=True)
        ax.set_ylabel("")  # the title says what the numbers are
        ax.set_ylim(0, 100.5)
        ax.set_title("accuracy (% classified right)")
        # Only what changes every epoch is animated (blitted over a cached background).
        view.animate(self.image, *self.scatters, *self.loss_curves.artists, *self.accuracy_curves.artists,
                     *self.loss_curves.divergence_artists, *self.accuracy_curves.divergence_artists)

    def _build_hidden_pictures(self):
        """One small picture per hidden neuron (the first MAX_PICTURES): its activation over the plane.

        Each is a 40×40 grid (activation_colours), each cell sent as 3×3 pixels and shown at 60 CSS
        px (as sharp as the figures on a HiDPI screen): a few kB per epoch instead of another figure."""
        self.hidden_images, self.hidden_titles, boxes = [], [], []
        # Each picture is sent as an indexed-colour PNG (one byte a pixel: PuOr's 256 colours), and
        # only when its cells changed: _hidden_cells keeps the colour indices each picture shows.
        self._hidden_cells = [None] * MAX_PICTURES
        for j in range(MAX_PICTURES):
            title = widgets.HTML(f"h{j + 1}", layout=widgets.Layout(align_self="center"))
            size = f"{PICTURE_CSS}px"
            image = widgets.Image(format="png", layout=widgets.Layout(width=size, height=size,
                                                                      border="1px solid #999"))
            image.add_class("nnl-classifier-hidden-picture")
            self.hidden_images.append(image)
            self.hidden_titles.append(title)
            boxes.append(widgets.VBox([title, image], layout=widgets.Layout(margin="0 4px")))
        self.hidden_boxes = boxes
        self.more_html = widgets.HTML(layout=widgets.Layout(align_self="center"))
        label = widgets.HTML("<b>hidden neurons</b><br>each one's activation<br>over the plane:<br>"
                             "orange &lt; 0 &lt; purple", layout=widgets.Layout(margin="0 10px 0 0"))
        self.hidden_row = widgets.HBox([label, *boxes, self.more_html])
        self.hidden_row.add_class("nnl-classifier-hidden")

    def _build_confusion_figure(self):
        """The test rows' confusion matrix, beside the readouts; redrawn when a run ends."""
        view = self.confusion_view = FigureView(figsize=(3.6, 2.5), dpi=80,
                                                css_class="nnl-classifier-confusion-figure")
        ax = view.figure.add_axes((0.26, 0.2, 0.7, 0.76))
        K = len(self.class_names)
        self.confusion_art = ConfusionMatrixArt(ax, self.class_names, title="", xlabel="predicted",
                                                ylabel="true", fontsize=12 if K <= 4 else 8)
        ax.tick_params(labelsize=9 if K <= 4 else 7)
        view.animate(*self.confusion_art.artists)  # the cells change; the axes and labels never do

    # -- state ----------------------------------------------------------------------------
    def features(self):
        return (self.x_dropdown.value, self.y_dropdown.value)

    def settings(self):
        """The current setup: ClassifierPlayground(data=ds, **play.settings()) builds the same one."""
        return {"features": self.features(), "n_hidden": self.hidden_slider.value,
                "activation": self.activation_dropdown.value, "loss": self.loss_buttons.value,
                "start": self.start_dropdown.value, "lr": float(self.lr_slider.value),
                "epochs": self.epochs_slider.value, **self.run_settings}

    def code(self, data=None):
        """As Explorer.code; start is left out when it is this playground's default (see the class)."""
        return super().code(data).replace(f", start={self.default_start!r}", "")

    def data_given(self):
        return ("data",) if self.data is not None else ()

    def _new_data(self, split=None):
        """Load the chosen features, lay out the grid and axes, and start a fresh network."""
        if self.x_dropdown.value == self.y_dropdown.value:
            self.say("Choose two different features (across and up).")
            return
        self.split = split if split is not None else self._make_split(self.features())
        if self.data is not None:
            self.data_html.value = preparation_line(self.split)
        self.x_range, self.y_range, self.grid = region_grid(self.split, self.GRID)
        self.hidden_grid = region_grid(self.split, PICTURE_GRID)[2]
        X_raw, labels = all_penguins(self.split)
        for k, sc in enumerate(self.scatters):
            sc.set_offsets(X_raw[labels == k])
        ax = self.ax_regions
        self.image.set_extent((*self.x_range, *self.y_range))
        ax.set_xlim(*self.x_range)
        ax.set_ylim(*self.y_range)
        ax.set_xlabel(FEATURE_LABELS.get(self.features()[0], self.features()[0]))
        ax.set_ylabel(FEATURE_LABELS.get(self.features()[1], self.features()[1]))
        self._new_network()

    def _new_network(self, message=None):
        self.net = playground_network(self.split, self.hidden_slider.value, self.activation_dropdown.value,
                                      self.run_settings["seed"], self.start_dropdown.value)
        self.history = untrained_history(self.net, self.split, self.loss_buttons.value)
        self.history.message = message or "A new, untrained network: press Train."
        self.history.message += START_WORDS[self.start_dropdown.value]
        self.ax_loss.set_ylabel(LOSS_LABELS[self.loss_buttons.value])
        shown = min(self.hidden_slider.value, MAX_PICTURES)
        for j, box in enumerate(self.hidden_boxes):
            box.layout.display = None if j < shown else "none"
        more = self.hidden_slider.value - shown
        self.more_html.value = f"+{more} more" if more else ""
        for curves in (self.loss_curves, self.accuracy_curves):
            curves.set_epoch_limit(1)
        self._fit_loss_axis()
        self._draw(full=True)

    @serialized
    def _on_features(self, _change):
        self.fresh_note()
        self._new_data()
        self.refresh_code()

    @serialized
    def _on_network(self, _change):
        self.fresh_note()
        self._new_network("Network changed: a new, untrained network. Press Train.")
        self.refresh_code()


    def show_status(self):
        """The status line: a note on a refused or clamped control value (if any), then the message."""
        self.status_html.value = self.with_note(self._message)

    # -- drawing --------------------------------------------------------------------------
    def redraw_regions(self):
        """Forward the 100×100 grid through the network and update the region image in place; the
        hidden neurons' pictures likewise (their 40×40 grids)."""
        classes, confidence = decision_grid(self.net, self.grid, self.GRID)
        self.image.set_data(region_colours(classes, confidence, n_classes=len(self.class_names)))
        self.hidden_pictures = hidden_activation_grids(self.net, self.hidden_grid, PICTURE_GRID)
        indices = activation_indices(self.hidden_pictures[:MAX_PICTURES])   # activation_colours, as table indices
        for j, (image, cells) in enumerate(zip(self.hidden_images, indices)):
            if self._hidden_cells[j] is not None and np.array_equal(cells, self._hidden_cells[j]):
                continue   # the same picture as shown
            self._hidden_cells[j] = cells
            image.value = encode_indexed_png(cells.repeat(PICTURE_SCALE, axis=0).repeat(PICTURE_SCALE, axis=1),
                                             HIDDEN_PALETTE)

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
        rows, truth = ("penguins", "species") if self.data is None else ("rows", self.split.target_name)
        self.confusion_html.value = (f"<b>Confusion matrix: {C.sum()} test {rows} after epoch "
                                     f"{self.history.epochs_run}</b> (rows: true {truth}; right answers on the "
                                     "diagonal)")
        self.confusion_view.render()

    def _update_readouts(self, message):
        r = self.readouts()
        self._readout_html["epoch"].value = f"epochs trained: <b>{self.history.epochs_run}</b>"
        self._readout_html["loss"].value = (f"training loss ({LOSS_LABELS[self.loss_buttons.value]}): "
                                            f"<b>{fmt(r['loss'])}</b>")
        self._readout_html["train-accuracy"].value = f"training accuracy: <b>{fmt(100 * r['train_accuracy'])}%</b>"
        self._readout_html["test-accuracy"].value = f"test accuracy: <b>{fmt(100 * r['test_accuracy'])}%</b>"
        self.say(message)

    def _draw(self, full=False):
        self.redraw_regions()
        self._update_curves()
        self._update_confusion()
        self._update_readouts(self.history.message)
        self.view.render(full=full)

    def _on_epoch(self, previous, event):
        """nl.train's callback after every epoch: regions, curves and readouts, in place."""
        self._last = (previous.then(event.history), event.net.get_weights(), event.epoch)  # where a stop leaves it
        self.history = self._last[0]
        self.redraw_regions()
        grew = self._update_curves()
        self._update_readouts(f"training … epoch {event.epoch}")
        self.view.render(full=grew)

    # -- actions --------------------------------------------------------------------------
    @serialized
    def train(self, epochs=None):
        """Train for `epochs` more epochs (None: the `epochs per Train` slider), redrawing after each
        one, as the Train button does; returns scores(). The kernel's stop button ends the run
        after the last whole epoch, and the status line says where it stopped."""
        epochs = self.epochs_slider.value if epochs is None else whole_number("epochs", epochs, 1, MAX_RUN)
        self.fresh_note()
        done = self.history.epochs_run
        previous = self.history
        self._last = (previous, self.net.get_weights(), 0)
        try:
            for curves in (self.loss_curves, self.accuracy_curves):
                curves.set_epoch_limit(done + epochs)
            self._fit_loss_axis()
            self.say(f"training {epochs} epochs …")
            self.view.render(full=True)
            _, run = train_classifier(self.split, net=self.net, loss=self.loss_buttons.value, lr=self.lr_slider.value,
                                      epochs=epochs, batch_size=self.run_settings["batch_size"],
                                      seed=self.run_settings["seed"] + done,
                                      callback=lambda event: self._on_epoch(previous, event))
            self.history = previous.then(run)
            for curves in (self.loss_curves, self.accuracy_curves):  # a run that stopped early: fit what was done
                curves.set_epoch_limit(max(1, self.history.epochs_run))
            self._draw(full=True)
        except KeyboardInterrupt:
            self._stopped(epochs)
            raise
        return self.scores()

    def _stopped(self, epochs):
        """After the kernel's stop button: the network and curves of the last whole epoch, and words."""
        history, weights, epoch = self._last
        self.net.set_weights(weights)
        self.history = history
        history.message = (f"Stopped at epoch {epoch} of {epochs}: training was interrupted. The network keeps its "
                           f"weights from that epoch ({history.epochs_run} epochs in all); press Train to go on.")
        for curves in (self.loss_curves, self.accuracy_curves):
            curves.set_epoch_limit(max(1, history.epochs_run))
        self._draw(full=True)

    @serialized
    def reset(self):
        """Back to the untrained network (same settings, same seed)."""
        self.fresh_note()
        self._new_network("Reset: the untrained network again. Press Train.")

    @serialized
    def confidently_wrong(self):
        """Start again from the confidently wrong network (as the button): start = "confidently wrong"."""
        self.fresh_note()
        if self.start_dropdown.value == "confidently wrong":
            self._new_network("Reset: the confidently wrong network again. Press Train.")
        else:
            self.start_dropdown.value = "confidently wrong"   # its observer starts the new network

    def readouts(self):
        """The displayed numbers: epochs trained, training loss, training and test accuracy."""
        h = self.history
        return {"epoch": float(h.epochs_run), "loss": float(h.curve("loss")[-1]),
                "train_accuracy": float(h.curve("accuracy")[-1]),
                "test_accuracy": float(h.curve("accuracy", validation=True)[-1])}

    def scores(self):
        """{"train_accuracy", "test_accuracy"}: fractions of the training and test rows classified right."""
        r = self.readouts()
        return {"train_accuracy": r["train_accuracy"], "test_accuracy": r["test_accuracy"]}

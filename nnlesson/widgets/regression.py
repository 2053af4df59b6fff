"""Lesson 4's explorers: train a regression network live, and feel the mean squared error.

Views only: the numbers come from nnlesson.lessons.lesson4 (the penguins' Split, training,
scores read back in grams, the residual table), the loss curves from `TrainingCurves`.

    TrainingExplorer          sliders for the settings, Train / Reset, live loss curves
    ResidualExplorer          drag one prediction, watch its squared error and the MSE move
"""

from __future__ import annotations

import copy
import math

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import FixedLocator, FormatStrFormatter, NullLocator

from .._validate import number, seed_value, whole_number
from ..activations import HIDDEN_CHOICES
from ..lessons.lesson4 import (BATCH_SIZES, LEARNING_RATES, LINEAR_SETTINGS, MAX_EPOCHS, MAX_HIDDEN, MAX_RUN,
                               batch_label, check_regression_split, check_trainer_settings, finished_message,
                               nice_limit, penguin_regression_data, prediction_limits, predictions_in_grams,
                               render_every, residual_example, residual_rows, residual_table, scores_from_losses,
                               starting_network, stopped_message, train_regression, trainer_readouts)
from ..lessons.own_data import check_dataset, explorer_split, preparation_line
from ..plots import OKABE_ITO, TEST_COLOUR, TRAIN_COLOUR, fmt
from ..training import start_history
from .base import Explorer, FigureView, GuardedFloatSlider, GuardedIntSlider, serialized
from .curves import TrainingCurves
from .fastdraw import LayoutText

LOSS_FLOOR = 0.08  # the loss axis starts here (log scale), lower if a curve gets there
LOSS_TICKS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000]


# -- the training explorer ------------------------------------------------------------------
class TrainingExplorer(Explorer):
    """Train a linear model or a small network on a regression dataset and watch the errors fall.

    TrainingExplorer()                 the lesson's penguins: body mass (g) from three measurements
    TrainingExplorer(data=ds)          any nl.Dataset with a number to predict (all its features)
    trainer.train(); trainer.scores(); trainer.code()   as the Train button; RMSEs; the setup as code

    Every Train click starts from the same seeded starting weights, so different settings are
    compared fairly. The loss curves are the MSE on the standardised target (what training
    minimises); the readouts translate it back to the target's own units.
    """

    title = "Training explorer: penguin body mass"
    data_arguments = {"data": "ds", "split": "split"}

    def __init__(self, split=None, n_hidden=8, activation="tanh", lr=0.05, epochs=50, batch_size=16, seed=0,
                 data=None, test_fraction=0.25, split_seed=0):
        if split is not None and data is not None:
            raise ValueError("give the explorer data=... (a Dataset) or split=... (a Split), not both")
        self._given = ("data",) if data is not None else ("split",) if split is not None else ()
        self.test_fraction = number("test_fraction", test_fraction, 0.05, 0.9)
        self.split_seed = seed_value("split_seed", split_seed)
        self.split = (explorer_split(check_dataset(data, "regression"), None, self.test_fraction, self.split_seed)
                      if data is not None else check_regression_split(split) if split is not None
                      else penguin_regression_data(self.test_fraction, self.split_seed))
        s = check_trainer_settings(n_hidden, activation, lr, epochs, batch_size, seed)
        self.seed = s["seed"]
        penguins = data is None and split is None or self.split.target_name == "body_mass_g"
        self.target = None if penguins else self.split.target_name  # None: the penguins' grams
        self.title = self.title if penguins else f"Training explorer: {self.target}"

        # The reference: the linear model trained with the lesson's defaults.
        _, linear = train_regression(self.split, **LINEAR_SETTINGS)
        self.linear_scores = self._scores_of(linear)
        self._message = ""

        self._build_controls(s["n_hidden"], s["activation"], s["lr"], s["epochs"], s["batch_size"])
        self._build_figure()
        self._layout()
        self.reset()
        for control in (self.hidden_slider, self.activation_dropdown):
            control.observe(self._on_model_change, names="value")
        for control in (self.lr_slider, self.epochs_slider, self.batch_dropdown):
            control.observe(self._on_setting, names="value")
        self.guard(self.hidden_slider, self.epochs_slider)

    # -- construction ---------------------------------------------------------------------
    def _build_controls(self, n_hidden, activation, lr, epochs, batch_size):
        style = {"description_width": "initial"}
        wide = widgets.Layout(width="390px", flex="0 0 auto")
        label = {"description_width": "160px"}  # the same label column for the three sliders
        narrow = widgets.Layout(width="220px", flex="0 0 auto")
        self.hidden_slider = GuardedIntSlider(value=n_hidden, min=0, max=MAX_HIDDEN, step=1,
                                              description="hidden units (0 = linear)", style=label,
                                              continuous_update=False, layout=wide)
        self.activation_dropdown = widgets.Dropdown(options=list(HIDDEN_CHOICES), value=activation,
                                                    description="activation", style=style, layout=narrow)
        self.lr_slider = widgets.SelectionSlider(options=[(f"{v:g}", v) for v in LEARNING_RATES], value=lr,
                                                 description="learning rate", style=label, layout=wide)
        self.epochs_slider = GuardedIntSlider(value=epochs, min=min(5, epochs), max=MAX_EPOCHS, step=5,
                                              description="epochs", style=label, layout=wide)
        self.batch_dropdown = widgets.Dropdown(options=[(batch_label(b), b) for b in BATCH_SIZES], value=batch_size,
                                               description="batch size", style=style, layout=narrow)
        self.train_button = widgets.Button(description="Train", button_style="primary", icon="play")
        self.reset_button = widgets.Button(description="Reset", icon="undo")
        self.progress = widgets.IntProgress(value=0, min=0, max=epochs, description="epochs run")
        self.progress_label = widgets.HTML()
        self.readout_html = {key: widgets.HTML() for key in
                             ("epoch", "train_mse", "test_mse", "train_rmse_g", "test_rmse_g", "test_mse_g2")}
        self.status_line = self.status("nnl-regtrain-status")
        self.data_line = self.status("nnl-regtrain-data")
        self.data_line.value = "" if self.target is None else preparation_line(self.split)
        for name, control in [("hidden", self.hidden_slider), ("activation", self.activation_dropdown),
                              ("lr", self.lr_slider), ("epochs", self.epochs_slider),
                              ("batch", self.batch_dropdown), ("train", self.train_button),
                              ("reset", self.reset_button), ("progress", self.progress),
                              ("progress-label", self.progress_label)]:
            control.add_class(f"nnl-regtrain-{name}")
        for key, html in self.readout_html.items():
            html.add_class("nnl-regtrain-" + key.replace("_", "-"))
        self.train_button.on_click(lambda _: self.train())
        self.reset_button.on_click(lambda _: self.reset())

    def _build_figure(self):
        self.view = FigureView(figsize=(10, 3.9), dpi=80, css_class="nnl-regtrain-figure")
        fig = self.view.figure
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.9, wspace=0.28)
        self.ax_loss = ax = fig.add_subplot(1, 2, 1)
        ax.set_title("Mean squared error per epoch")
        self.linear_line = ax.axhline(self.linear_scores["test_mse"], color=OKABE_ITO["black"], lw=1, ls=":",
                                      label=f"linear model, test ({fmt(self.linear_scores['test_mse'], 3)})")
        self.curves = TrainingCurves(ax, "loss", ylabel="MSE, standardised (log scale)", log=True, legend=False)
        self.train_curve, self.test_curve = self.curves.artists
        ax.yaxis.set_major_locator(FixedLocator(LOSS_TICKS))   # after the log scale, which sets its own
        ax.yaxis.set_major_formatter(FormatStrFormatter("%g"))
        ax.yaxis.set_minor_locator(NullLocator())
        ax.legend(frameon=False, loc="upper right", fontsize=10)
        self.loss_text = LayoutText.add(ax, 0.97, 0.6, "", transform=ax.transAxes, ha="right", va="top", fontsize=10)

        self.ax_pred = ax = fig.add_subplot(1, 2, 2)
        low, high = prediction_limits(np.concatenate([self.split.y_train, self.split.y_test]), self.target)
        ax.plot([low, high], [low, high], color=OKABE_ITO["black"], lw=1, label="perfect: predicted = actual")
        (self.pred_points,) = ax.plot([], [], ls="none", marker="o", ms=4, color=TEST_COLOUR, alpha=0.8,
                                      markeredgecolor="white", markeredgewidth=0.4,
                                      label="test rows" if self.target else "test penguins")
        ax.set_xlim(low, high)
        ax.set_ylim(low, high)
        ax.set_aspect("equal", adjustable="box")
        ax.set_xlabel(f"actual {self.target or 'body mass (g)'}")
        ax.set_ylabel(f"predicted {self.target or 'body mass (g)'}")
        ax.set_title("Predicted against actual (test rows)")
        ax.legend(frameon=False, loc="upper left", fontsize=10)
        self.pred_text = LayoutText.add(ax, 0.97, 0.05, "", transform=ax.transAxes, ha="right", fontsize=10)
        self.view.animate(self.train_curve, self.test_curve, self.loss_text, self.pred_points, self.pred_text)

    def _layout(self):
        row = widgets.Layout(flex_flow="row wrap", align_items="center")
        controls = widgets.VBox([
            widgets.HBox([self.hidden_slider, self.activation_dropdown], layout=row),
            widgets.HBox([self.lr_slider, self.batch_dropdown], layout=row),
            widgets.HBox([self.epochs_slider, self.train_button, self.reset_button], layout=row),
            widgets.HBox([self.progress, self.progress_label], layout=row),
        ])
        readouts = widgets.HBox(list(self.readout_html.values()),
                                layout=widgets.Layout(flex_flow="row wrap", grid_gap="4px 18px"))
        below = [] if self.target is None else [self.data_line]
        self.widget = widgets.VBox([widgets.HTML(f"<b>{self.title}</b>"), controls, self.view.image, readouts,
                                    self.status_line, *below, self.code_readout("regtrain")])
        self.widget.add_class("nnl-regtrain")

    # -- state ----------------------------------------------------------------------------
    def settings(self):
        """The current setup: TrainingExplorer(data=ds, **trainer.settings()) builds the same one."""
        return dict(n_hidden=self.hidden_slider.value, activation=self.activation_dropdown.value,
                    lr=float(self.lr_slider.value), epochs=self.epochs_slider.value,
                    batch_size=self.batch_dropdown.value, seed=self.seed, test_fraction=self.test_fraction,
                    split_seed=self.split_seed)

    def data_given(self):
        return self._given

    def _run_settings(self):
        """The current settings as keyword arguments for `lesson4.train_regression`."""
        return {k: v for k, v in self.settings().items() if k not in ("test_fraction", "split_seed")}

    def _model_name(self):
        h, n = self.hidden_slider.value, self.split.X_train.shape[1]
        return "linear model" if h == 0 else f"network {n} → {h} ({self.activation_dropdown.value}) → 1"

    @serialized
    def _on_model_change(self, change):
        self.fresh_note()
        self.reset()
        self.refresh_code()


    def show_status(self):
        """The status line: a note on a refused or clamped control value (if any), then the message."""
        self.status_line.value = self.with_note(self._message)

    @serialized
    def reset(self, epochs=None):
        """Back to the seeded starting weights: curves cleared, readouts of the untrained model."""
        s = self._run_settings()
        epochs = s["epochs"] if epochs is None else epochs
        self.net = starting_network(self.split, s["n_hidden"], s["activation"], self.seed)
        # the untrained model's History: its curves are one point each, at epoch 0
        self.history = start_history(self.net, self.split.X_train, self.split.Y_train, "mse",
                                     validation=(self.split.X_test, self.split.Y_test))
        scores = self._scores_of(self.history)
        self.progress.max, self.progress.value, self.progress.bar_style = epochs, 0, ""
        self.progress_label.value = f"epoch 0 of {epochs}"
        self.curves.set_epoch_limit(epochs)
        low, top = sorted((scores["train_mse"], scores["test_mse"]))
        self.ax_loss.set_ylim(min(LOSS_FLOOR, 0.8 * low), max(3.0, 1.5 * top))
        self._show(epoch=0, scores=scores)
        self.say(f"Ready: {self._model_name()}, untrained (random starting weights). Press <b>Train</b>.")
        self.view.render(full=True)

    def _show(self, epoch, scores):
        """Update the readouts and the moving artists (no redraw); True if the loss axes had to grow."""
        self._epoch, self._scores = epoch, scores
        grew = self.curves.update(self.history)
        self.loss_text.set_text(f"epoch {epoch}\ntraining {fmt(scores['train_mse'], 3)}\n"
                                f"test {fmt(scores['test_mse'], 3)}")
        self.pred_points.set_data(self.split.y_test,
                                  predictions_in_grams(self.net, self.split.X_test, self.split.y_scaler))
        texts = trainer_readouts(epoch, scores, self.target)
        self.pred_text.set_text(texts.pop("figure"))
        for key, text in texts.items():
            self.readout_html[key].value = text
        return grew

    def readouts(self):
        """The numbers on display, as floats (RMSEs and MSE in the target's units, "_g" or not)."""
        return {"epoch": float(self._epoch), **{k: float(v) for k, v in self._scores.items()}}

    def scores(self):
        """{"train_rmse", "test_rmse"}: root mean squared errors in the target's own units."""
        return {"train_rmse": float(self._scores["train_rmse_g"]), "test_rmse": float(self._scores["test_rmse_g"])}

    # -- training -------------------------------------------------------------------------
    @serialized
    def train(self, epochs=None):
        """Train from the starting weights with the current settings for `epochs` (None: the slider),
        redrawing as it goes, as the Train button does; returns scores(). The kernel's stop button
        leaves the model of the last whole epoch, and the status line says where it stopped."""
        s = self._run_settings()
        if epochs is not None:
            s["epochs"] = whole_number("epochs", epochs, 1, MAX_RUN)
        self.fresh_note()
        self.reset(s["epochs"])
        self.train_button.disabled = True
        every = render_every(s["epochs"])
        self.say(f"Training the {self._model_name()}: learning rate {fmt(s['lr'], 3)}, "
                  f"batch size {batch_label(s['batch_size'])}…")
        last = {"weights": self.net.get_weights(), "history": self.history}  # where a stop leaves it

        def on_epoch(event):
            last.update(weights=event.net.get_weights(), history=copy.deepcopy(event.history))
            self.net, self.history = event.net, event.history
            self.progress.value = event.epoch
            self.progress_label.value = f"epoch {event.epoch} of {s['epochs']}"
            if event.epoch % every == 0 or event.epoch == s["epochs"]:
                self._frame(event.epoch, scores_from_losses(event.loss, event.val_loss, self.split.y_std))

        try:
            self.net, self.history = train_regression(self.split, **s, callback=on_epoch)
            self._finished()
        except KeyboardInterrupt:
            self.net.set_weights(last["weights"])
            self.history = h = last["history"]
            self._frame(h.epochs_run, self._scores_of(h))
            self.progress.bar_style = "warning"
            self.progress_label.value = f"epoch {h.epochs_run} of {s['epochs']}"
            self.say(stopped_message(h.epochs_run, s["epochs"], self._scores["test_rmse_g"], self.target))
            raise
        finally:
            self.train_button.disabled = False
        return self.scores()

    def _finished(self):
        h = self.history
        self._frame(h.epochs_run, self._scores_of(h))  # the numbers nl.train recorded for the weights it left
        self.progress.bar_style = "danger" if h.diverged else "success"
        self.say(finished_message(h, self._scores["test_rmse_g"], self.linear_scores["test_rmse_g"], self.target))

    def _frame(self, epoch, scores):
        """Show the network as it is now; redraw the whole figure only if the curves outgrow the axes."""
        self.view.render(full=self._show(epoch, scores))

    def _scores_of(self, history):
        """The readouts for a History's last epoch (the weights nl.train left in the network)."""
        return scores_from_losses(history.curve("loss")[-1], history.curve("loss", validation=True)[-1],
                                  self.split.y_std)


# -- the residual explorer ------------------------------------------------------------------
class ResidualExplorer(Explorer):
    """Drag one penguin's prediction and watch its squared error, and the MSE, move.

    x: flipper length (mm), Y: true body mass (kg), Y_pred: the starting predictions (kg); none
    of them: the lesson's penguins (lesson4.residual_rows). No data arguments: settings() gives
    row, Y_pred if moved, and x, Y if they were given, so ResidualExplorer(**settings) rebuilds it.
    """

    title = "Residual explorer: every miss, squared"

    def __init__(self, x=None, Y=None, Y_pred=None, row=0):
        self._own_rows, self._model = x is not None or Y is not None, None
        if not self._own_rows:  # the lesson's penguins, and its linear model's predictions
            x, Y, self._model = residual_example()
        x, Y, Y_pred = residual_rows(x, Y, self._model if Y_pred is None else Y_pred)
        self.x, self.Y, self.start = x, Y, Y_pred.copy()
        self.Y_pred = Y_pred.copy()
        self.n = len(Y)
        row = whole_number("row", row, 0, self.n - 1)
        lo = min(Y.min(), Y_pred.min())
        hi = max(Y.max(), Y_pred.max())
        self.low, self.high = math.floor(lo) - 0.5, math.ceil(hi) + 0.5  # the slider's range, kg

        self.row_dropdown = widgets.Dropdown(options=[(f"penguin {i + 1}", i) for i in range(self.n)], value=row,
                                             description="penguin")
        self.pred_slider = GuardedFloatSlider(value=float(np.clip(Y_pred[row], self.low, self.high)), min=self.low,
                                              max=self.high, step=0.01, readout_format=".2f",
                                              description="its prediction (kg)", continuous_update=True,
                                              style={"description_width": "initial"})
        self.reset_button = widgets.Button(description="Put predictions back", icon="undo",
                                           layout=widgets.Layout(width="auto"))
        self.readout_html = {k: widgets.HTML() for k in ("residual", "squared", "share", "mse", "rmse")}
        self.status_line = self.status("nnl-residual-status")
        for name, control in [("row", self.row_dropdown), ("prediction", self.pred_slider),
                              ("reset", self.reset_button)]:
            control.add_class(f"nnl-residual-{name}")
        for key, html in self.readout_html.items():
            html.add_class(f"nnl-residual-{key}")
        self._build_figure()
        readouts = widgets.HBox(list(self.readout_html.values()),
                                layout=widgets.Layout(flex_flow="row wrap", grid_gap="4px 18px"))
        self.widget = widgets.VBox([
            widgets.HTML(f"<b>{self.title}</b>"),
            widgets.HBox([self.row_dropdown, self.pred_slider, self.reset_button],
                         layout=widgets.Layout(flex_flow="row wrap", align_items="center")),
            self.view.image, readouts, self.status_line, self.code_readout("residual")])
        self.widget.add_class("nnl-residual")
        self.guard(self.pred_slider)
        self._syncing = False
        self.row_dropdown.observe(self._on_row, names="value")
        self.pred_slider.observe(self._on_pred, names="value")
        self.reset_button.on_click(lambda _: self.reset())
        self.update(full=True)

    def _build_figure(self):
        self.view = FigureView(figsize=(10, 3.7), dpi=80, css_class="nnl-residual-figure")
        fig = self.view.figure
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.15, top=0.88, wspace=0.25)
        ax = self.ax_data = fig.add_subplot(1, 2, 1)
        ax.set_title("Truth, prediction and the residual between them")
        ax.set_xlabel("flipper length (mm)")
        ax.set_ylabel("body mass (kg)")
        pad = max(2.0, 0.06 * (self.x.max() - self.x.min()))
        ax.set_xlim(self.x.min() - 2 * pad, self.x.max() + 2 * pad)
        ax.set_ylim(self.low, self.high)
        ax.plot(self.x, self.Y, ls="none", marker="o", ms=7, color=TRAIN_COLOUR, label="actual", zorder=3)
        for i in range(self.n):
            ax.annotate(str(i + 1), (self.x[i], self.Y[i]), xytext=(-10, 0), textcoords="offset points",
                        ha="right", va="center", fontsize=10, color=TRAIN_COLOUR)
        self.resid_lines = [ax.plot([], [], color=OKABE_ITO["vermillion"], lw=1.5)[0] for _ in range(self.n)]
        (self.pred_points,) = ax.plot([], [], ls="none", marker="D", ms=6, color=TEST_COLOUR, label="predicted",
                                      zorder=4)
        (self.chosen_ring,) = ax.plot([], [], ls="none", marker="o", ms=15, mfc="none", mec=OKABE_ITO["black"],
                                      mew=1.5, zorder=5)
        ax.plot([], [], color=OKABE_ITO["vermillion"], lw=1.5, label="residual")
        ax.legend(frameon=False, loc="upper left", fontsize=10)

        ax = self.ax_sq = fig.add_subplot(1, 2, 2)
        ax.set_title("Squared errors: big misses weigh more")
        ax.set_xlabel("penguin")
        ax.set_ylabel("squared error (kg²)")
        ax.set_xticks(range(1, self.n + 1))
        ax.set_xlim(0.4, self.n + 0.6)
        self.bars = ax.bar(range(1, self.n + 1), np.zeros(self.n), color=OKABE_ITO["sky_blue"], width=0.7)
        self.bar_texts = [ax.text(i + 1, 0, "", ha="center", va="bottom", fontsize=9,
                                  bbox=dict(facecolor="white", edgecolor="none", alpha=0.8, pad=0.5))
                          for i in range(self.n)]
        self.mse_line = ax.axhline(0, color=OKABE_ITO["black"], lw=1.2, ls="--")
        # no box behind it (a box costs 3 ms a redraw): the axis top leaves room above the bars
        self.mse_text = ax.text(0.98, 0.97, "", transform=ax.transAxes, ha="right", va="top", fontsize=10)
        self._sq_top = None
        self._moving_row = None  # the row whose artists are redrawn on every slider move

    # -- events ---------------------------------------------------------------------------
    @serialized
    def _on_row(self, change):
        self.fresh_note()
        self._syncing = True
        try:
            self.pred_slider.value = float(np.clip(self.Y_pred[change["new"]], self.low, self.high))
        finally:
            self._syncing = False
        self.update()
        self.refresh_code()

    @serialized
    def _on_pred(self, change):
        if self._syncing:
            return
        self.fresh_note()
        self.Y_pred[self.row_dropdown.value] = round(float(change["new"]), 2)  # on the slider's step
        self.update()
        self.refresh_code()

    def show_status(self):
        """The status line: a note on a refused or clamped prediction (if any), then the words."""
        self.status_line.value = self.with_note(self._words)

    def settings(self):
        """row; Y_pred (kg) if they are not the lesson model's; x and Y if they were given."""
        rows = {"x": self.x, "Y": self.Y} if self._own_rows else {}
        if self._own_rows or not np.array_equal(self.Y_pred, self._model):
            rows["Y_pred"] = self.Y_pred
        return {**{k: [float(v) for v in a] for k, a in rows.items()}, "row": self.row_dropdown.value}

    @serialized
    def reset(self):
        """Put every prediction back to the model's."""
        self.Y_pred = self.start.copy()
        self._syncing = True
        try:
            self.pred_slider.value = float(np.clip(self.Y_pred[self.row_dropdown.value], self.low, self.high))
        finally:
            self._syncing = False
        self.fresh_note()
        self.update(full=True)  # every row may have moved: the cached background is stale
        self.refresh_code()

    def _animate_row(self, i):
        """Only the chosen row's line, bar and number move (plus the MSE): the rest is cached background."""
        moving = [self.resid_lines[i], self.bars[i], self.bar_texts[i], self.pred_points, self.chosen_ring,
                  self.mse_line, self.mse_text]
        for k, (line, bar) in enumerate(zip(self.resid_lines, self.bars)):
            line.set_linewidth(3.5 if k == i else 1.5)
            bar.set_color(OKABE_ITO["vermillion"] if k == i else OKABE_ITO["sky_blue"])
        self.view.set_animated(*moving)
        self._moving_row = i

    @serialized
    def update(self, full=False):
        """Recompute the table of residuals and redraw the moving parts."""
        t = residual_table(self.Y_pred, self.Y)
        self._table = t
        i = self.row_dropdown.value
        if i != self._moving_row:  # another row chosen: new moving artists, so redraw everything once
            self._animate_row(i)
            full = True
        top = nice_limit(1.35 * max(t["squared"].max(), t["mse"]))
        grown = None
        if top != self._sq_top:  # rescale only when the tallest bar needs a new axis top
            self._sq_top = top
            self.ax_sq.set_ylim(0, top)
            grown = [self.ax_sq]   # only this panel is drawn again (FigureView.draw)
        # A slider move changes row i only; the other rows' artists, in the cached background, are set on a full redraw.
        for k in range(self.n) if full else (i,):
            self.resid_lines[k].set_data([self.x[k], self.x[k]], [self.Y[k], self.Y_pred[k]])
            self.bars[k].set_height(t["squared"][k])
            self.bar_texts[k].set_text(f"{t['squared'][k]:.3f}")
            self.bar_texts[k].set_y(t["squared"][k])
        self.pred_points.set_data(self.x, self.Y_pred)
        self.chosen_ring.set_data([self.x[i]], [self.Y_pred[i]])
        self.mse_line.set_ydata([t["mse"], t["mse"]])
        self.mse_text.set_text(f"MSE = mean of the {self.n} squares = {t['mse']:.3f} kg²")

        r = self.readout_html
        resid = t["residual"][i]
        r["residual"].value = f"<b>residual</b> {fmt(resid, 3)} kg"
        r["squared"].value = f"<b>its squared error</b> {fmt(t['squared'][i], 3)} kg²"
        r["share"].value = f"<b>its share of the total</b> {fmt(100 * t['share'][i], 3)} %"
        r["mse"].value = f"<b>MSE</b> {fmt(t['mse'], 4)} kg²"
        r["rmse"].value = f"<b>RMSE</b> {fmt(t['rmse'], 3)} kg = {fmt(1000 * t['rmse'], 3)} g"
        if abs(resid) < 0.005:
            words = f"Penguin {i + 1}'s prediction hits its true mass {fmt(self.Y[i])} kg: no error from this row."
        else:
            side = "above" if resid > 0 else "below"
            words = (f"Penguin {i + 1}'s prediction is {fmt(abs(resid), 3)} kg {side} its true mass "
                     f"{fmt(self.Y[i])} kg; squared, that is {t['squared'][i]:.3f} kg², "
                     f"{100 * t['share'][i]:.0f}% of the total.")
        self._words = words
        self.show_status()
        self.view.render(full=full, axes=grown)

    def readouts(self):
        """The numbers on display, as floats."""
        t, i = self._table, self.row_dropdown.value
        return {"row": float(i), "actual": float(self.Y[i]), "prediction": float(self.Y_pred[i]),
                "residual": float(t["residual"][i]), "squared_error": float(t["squared"][i]),
                "share": float(t["share"][i]), "mse": t["mse"], "rmse": t["rmse"]}

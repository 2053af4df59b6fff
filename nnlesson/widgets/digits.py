"""The capstone's pictures and explorers (lesson 6): what a digit reader learned, and where it fails.

Views only: the numbers come from nnlesson.lessons.capstone (probabilities, guesses, mistakes,
hidden-weight images), the loss curves from `TrainingCurves`, the progress bar from `ProgressBar`.

    draw_digit, draw_gallery, draw_hidden_weights   the lesson's static figures
    TrainingMonitor   live loss and accuracy while training, with a progress bar
    DigitExplorer     pick a test digit or edit its pixels; watch the softmax bars respond
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib import colormaps
from matplotlib.patches import Rectangle

from .._validate import check_instance, whole_number
from ..lessons.capstone import (MAX_PIXEL, N_PIXELS, a, check_digit_network, check_digits_split, check_pixels,
                                digit_probabilities, guess_in_words, hidden_weight_images, mistakes, next_intensity,
                                percent, strongest_votes, top_guesses)
from ..plots import DIVERGING, OKABE_ITO, fmt
from ..training import History
from .base import Explorer, FigureView, GuardedIntSlider, serialized
from .curves import TrainingCurves
from .fastdraw import PixelImage
from .progress import ProgressBar

BAR_COLOUR = OKABE_ITO["sky_blue"]
TOP_COLOUR = OKABE_ITO["vermillion"]
BLANK = "\u00a0"  # what a pixel button with intensity 0 shows


# -- static figures (drawn once in the notebook) -------------------------------------------------
def draw_digit(ax, pixels, title=None):
    """An 8×8 digit in grey (white = 0, black = 16) in a light frame, no ticks."""
    pixels = check_pixels(pixels).reshape(8, 8)
    ax.imshow(pixels, cmap="gray_r", vmin=0, vmax=MAX_PIXEL, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("0.6")
    if title:
        ax.set_title(title, fontsize=11)
    return ax


def draw_gallery(fig, items, n_cols=6):
    """Digits with their label and the network's top-3 probabilities written under each."""
    if not items:
        raise ValueError("items is empty: nothing to draw")
    n_rows = -(-len(items) // n_cols)
    axes = fig.subplots(n_rows, n_cols, squeeze=False)
    for ax in axes.flat[len(items):]:
        ax.set_visible(False)
    for ax, item in zip(axes.flat, items):
        mark = "✓" if item["correct"] else "✗"
        draw_digit(ax, item["pixels"], f"#{item['index']}: label {item['label']}")
        lines = [f"{d}: {percent(p)}" for d, p in item["top"]]
        ax.text(0.5, -0.06, f"guess {item['guess']} {mark}\n" + "\n".join(lines), transform=ax.transAxes,
                ha="center", va="top", fontsize=10,
                color="black" if item["correct"] else OKABE_ITO["vermillion"])
    fig.subplots_adjust(left=0.02, right=0.98, top=0.93, bottom=0.2, hspace=1.05, wspace=0.35)
    return axes


def draw_hidden_weights(fig, net, start=None, units=None, n_cols=8):
    """Hidden neurons' incoming weights as 8×8 images (diverging colours, one shared scale).

    start   optional network before training (same shape): then each image is what training
            changed, W_after − W_before, which shows the learned strokes without the random start
    units   which hidden neurons to draw (default: all)
    The title of each picture is the neuron's number and the digit its outgoing weights favour.
    """
    images = hidden_weight_images(net)
    if start is not None:
        before = hidden_weight_images(start)
        if before.shape != images.shape:
            raise ValueError(f"start must have the same shape as net, got {start} and {net}")
        images = images - before
    units = list(range(len(images))) if units is None else [whole_number("units[...]", u, 0, len(images) - 1)
                                                                 for u in units]
    if not units:
        raise ValueError("units must name at least one hidden neuron")
    votes = strongest_votes(net)
    limit = float(np.abs(images[units]).max()) or 1.0
    n_rows = -(-len(units) // n_cols)
    axes = fig.subplots(n_rows, n_cols, squeeze=False)
    shown = None
    for j, ax in enumerate(axes.flat):
        ax.set_xticks([])
        ax.set_yticks([])
        if j >= len(units):
            ax.set_visible(False)
            continue
        u = units[j]
        shown = ax.imshow(images[u], cmap=DIVERGING, vmin=-limit, vmax=limit, interpolation="nearest")
        ax.set_title(f"{u}: → {votes[u]}", fontsize=10, pad=2)
        for spine in ax.spines.values():
            spine.set_visible(True)
            spine.set_color("0.6")
    fig.subplots_adjust(left=0.02, right=0.84, top=0.93, bottom=0.03, hspace=0.45, wspace=0.15)
    cax = fig.add_axes([0.87, 0.15, 0.022, 0.7])
    bar = fig.colorbar(shown, cax=cax)
    bar.set_label(("change in weight" if start is not None else "weight") + " (orange +, purple −)")
    return axes


# -- live training plot ------------------------------------------------------------------------
class TrainingMonitor(Explorer):
    """Loss and accuracy per epoch, drawn while the network trains, with a progress bar.

    monitor = TrainingMonitor(epochs=20); display(monitor)
    result = capstone.train_digits(split=split, callback=monitor.callback)   # redraws after every epoch
    monitor.finish(result.history)                                            # how training ended

    Everything it draws comes from the run's History (nl.train with metrics=[accuracy], as
    capstone.train_digits does): history.curve("loss"), history.curve("accuracy"), ...

    It watches a run, it does not train (so no train()); train inside `with monitor:` and a
    stop with the kernel's stop button leaves "Stopped at epoch 7 of 20" on screen. A run longer
    than planned widens the axes. No data arguments: settings() is {"epochs": planned};
    scores() the watched run's latest accuracies as fractions.
    """

    title = "Training monitor: loss and accuracy after every epoch"
    LOSS_FLOOR = 1e-4
    ACCURACY_FLOOR = 80.0

    def __init__(self, epochs):
        self.epochs = whole_number("epochs", epochs, 1)
        self.history = None
        self.status_html = self.status("nnl-monitor-status")
        self.status_html.value = f"Waiting for training to start ({self.epochs} epochs planned)."
        self.progress = ProgressBar(self.epochs, display=False)
        view = self.view = FigureView(figsize=(10, 3.3), dpi=80, css_class="nnl-monitor-figure")
        fig = view.figure
        fig.subplots_adjust(left=0.08, right=0.98, bottom=0.17, top=0.88, wspace=0.25)
        self.ax_loss, self.ax_acc = fig.add_subplot(1, 2, 1), fig.add_subplot(1, 2, 2)
        ax = self.ax_loss
        digits = ("training digits", "test digits")
        self.loss_curves = TrainingCurves(ax, "loss", ylabel="cross-entropy (log scale)", log=True, labels=digits,
                                          epochs=self.epochs, legend=False, x_margin=0.5)
        ax.set_ylim(self.LOSS_FLOOR, 5)
        ax.set_title("Loss: lower is better")
        ax.legend(frameon=False, loc="lower left")
        # accuracy from epoch 1 on, on an axis that starts at 80 %: the interesting part (the
        # untrained network's ~10 % at epoch 0 would squash it); the axis widens if a value is lower
        ax = self.ax_acc
        self.accuracy_curves = TrainingCurves(ax, "accuracy", ylabel="accuracy (%)", percent=True, labels=digits,
                                              epochs=self.epochs, legend=False, first_epoch=1, x_margin=0.5)
        ax.set_ylim(self.ACCURACY_FLOOR, 100.5)
        ax.set_title("Accuracy: share of digits read right")
        self.acc_text = ax.text(0.03, 0.08, "", transform=ax.transAxes, ha="left", fontsize=11,
                                bbox=dict(boxstyle="round", fc="white", ec="0.7"))
        ax.legend(frameon=False, loc="lower right")
        for ax in (self.ax_loss, self.ax_acc):
            ax.grid(alpha=0.3)
        view.animate(*self.loss_curves.artists, *self.accuracy_curves.artists, self.acc_text)
        view.render(full=True)
        self.widget = widgets.VBox([self.status_html, self.progress.widget, view.image,
                                    self.code_readout("monitor")])
        self.widget.add_class("nnl-monitor")

    def callback(self, event):
        """Pass as train(..., callback=monitor.callback): move the progress bar and redraw in place."""
        check_instance("event.history", getattr(event, "history", None), History, "nl.train's callback")
        self.progress(event)
        self.history = event.history
        self.redraw()
        if event.epoch >= self.epochs:
            self.progress.bar.bar_style = "success"

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        """Leaving `with monitor:` by an interrupt: say where training stopped (the interrupt goes on)."""
        if kind is not None and issubclass(kind, KeyboardInterrupt):
            self.stopped()
        return False

    def stopped(self):
        """Say that training was interrupted, and after which epoch."""
        done = self.history.epochs_run if self.history is not None else 0
        self.progress.stopped()
        self.status_html.value = (f"Stopped at epoch <b>{done}</b> of {self.epochs} (interrupted): the curves show "
                                  "the epochs that finished.")

    def settings(self):
        """{"epochs": the planned number of epochs}: TrainingMonitor(**settings) rebuilds it."""
        return {"epochs": self.epochs}

    def train(self, epochs=None):
        raise NotImplementedError("TrainingMonitor only watches a run: train with "
                                  "capstone.train_digits(settings, split=split, callback=monitor.callback)")

    def scores(self):
        """The watched run's latest accuracies: {"train_accuracy", "test_accuracy"} as fractions."""
        r = self.readouts()
        if not r:
            raise ValueError("no epoch has finished yet: scores() needs a run (train with callback=monitor.callback)")
        return {"train_accuracy": r["train_accuracy"] / 100, "test_accuracy": r["test_accuracy"] / 100}

    def finish(self, history):
        """After training: the progress bar says how it ended (red if the loss blew up)."""
        return self.progress.finish(history)

    def redraw(self):
        h = self.history
        grew_loss = self.loss_curves.update(h)          # True if an axis had to widen: that panel is redrawn
        grew_accuracy = self.accuracy_curves.update(h)
        grown = [ax for ax, grew in ((self.ax_loss, grew_loss), (self.ax_acc, grew_accuracy)) if grew]
        r = self.readouts()
        self.acc_text.set_text(f"test: {r['test_accuracy']:.2f}%")
        of = f"of {self.epochs}" if h.epochs_run <= self.epochs else f"({self.epochs} planned)"
        self.status_html.value = (f"Epoch <b>{h.epochs_run}</b> {of} · training loss "
                                  f"<b>{fmt(r['loss'])}</b> · test loss <b>{fmt(r['val_loss'])}</b> · "
                                  f"test accuracy <b>{r['test_accuracy']:.2f}%</b>")
        # a run that blew up shows its ✕ and "diverged" (not animated): drawn by a full redraw
        self.view.render(full=bool(h.diverged), axes=grown or None)

    def readouts(self):
        """The latest epoch's numbers (empty before training); accuracies in %."""
        h = self.history
        if h is None or not h.loss:
            return {}
        test = h.curve("accuracy", validation=True)
        return {"epoch": float(h.epochs_run), "loss": float(h.loss[-1]),
                "val_loss": float(h.val_loss[-1]) if h.val_loss else float("nan"),
                "train_accuracy": 100 * h.metrics["accuracy"][-1],
                "test_accuracy": 100 * test[-1] if test else float("nan")}


# -- the digit explorer ---------------------------------------------------------------------------
class DigitImage(PixelImage):
    """The explorer's 8×8 digit in grey as `draw_digit` (white = 0, black = 16), its cells copied
    into the canvas (`fastdraw.PixelImage`: ~0.1 ms, not imshow's ~4 ms resampling at 2×).
    `show(pixels)` sets it; `get_array()` is the 8×8 intensities, row 0 at the top as on screen
    (the cells are stored bottom row first, for PixelImage's origin "lower")."""

    GREYS = colormaps["gray_r"]

    def __init__(self, ax):
        super().__init__(ax, origin="lower", interpolation="nearest", extent=(-0.5, 7.5, -0.5, 7.5))
        ax.add_image(self)
        ax.set(xlim=(-0.5, 7.5), ylim=(-0.5, 7.5), aspect="equal")
        self.show(np.zeros(N_PIXELS))

    def show(self, pixels):
        """Show `pixels` (64 intensities 0–16, or 8×8, row by row from the top)."""
        self._pixels = check_pixels(pixels).reshape(8, 8).copy()
        self.set_data(self.GREYS(self._pixels[::-1] / MAX_PIXEL, bytes=True))

    def get_array(self):
        return self._pixels


def _pixel_style(value):
    """Button colours for a pixel: white (0) to black (16); the number's colour keeps contrast."""
    level = int(round(255 * (1 - value / MAX_PIXEL)))
    return f"#{level:02x}{level:02x}{level:02x}", ("white" if value > MAX_PIXEL / 2 else "black")


class DigitExplorer(Explorer):
    """Pick a test digit, or edit its pixels, and watch the network's 10 probabilities respond.

    explorer = DigitExplorer(net, split)
    explorer.index_slider.value = 7          # another test digit
    explorer.click_pixel(3, 4)               # what clicking the pixel button at row 3, column 4 does
    explorer.readouts()                      # {'index': 7.0, 'guess': ..., 'confidence': ..., 'p0': ...}

    Data arguments: net, split. settings() gives index (the test digit) and pixels (the 64
    intensities 0–16 when edited, else None), so DigitExplorer(net, split, **settings) shows the
    same digit. An index set past the slider's ends is clamped, and the status says so.
    """

    title = "Digit explorer: pick or draw a digit and watch the softmax probabilities"
    data_arguments = {"net": "net", "split": "split"}
    BUTTON = 34  # px, each pixel button's side

    def __init__(self, net, split, index=0, pixels=None):
        self.net = check_digit_network(net)
        self.split = check_digits_split(split)
        self.x_scaler = split.x_scaler
        self.digits_raw, self.labels = split.X_test_raw, split.labels_test   # the test digits, pixels 0–16
        n = len(self.digits_raw)
        index = whole_number("index", index, 0, n - 1)
        self.pixels = self.digits_raw[index].copy() if pixels is None else check_pixels(pixels).copy()
        self.edited = bool(np.any(self.pixels != self.digits_raw[index]))
        self._values = {}
        self._message = ""

        self.index_slider = GuardedIntSlider(value=index, min=0, max=n - 1, step=1, description="test digit #",
                                             continuous_update=True, style={"description_width": "initial"},
                                             layout=widgets.Layout(width="420px"))
        self.index_slider.add_class("nnl-digits-index")
        wrong = mistakes(net, self.x_scaler, self.digits_raw, self.labels, k=1)
        options = [(f"— the {len(wrong)} test digits it gets wrong —", -1)]
        options += [(f"#{m['index']}: {a(m['label'])} read as {a(m['guess'])}", m["index"]) for m in wrong]
        self.mistake_menu = widgets.Dropdown(options=options, value=-1, layout=widgets.Layout(width="300px"))
        self.mistake_menu.add_class("nnl-digits-mistakes")

        self.buttons = []
        for r in range(8):
            for c in range(8):
                b = widgets.Button(description="", tooltip=f"pixel row {r}, column {c}",
                                   layout=widgets.Layout(width=f"{self.BUTTON}px", height=f"{self.BUTTON}px",
                                                         padding="0", margin="0", border="1px solid #bbbbbb"))
                b.add_class("nnl-digits-pixel")
                b.add_class(f"nnl-digits-pixel-{r}-{c}")
                b.on_click(lambda _b, k=8 * r + c: self._on_pixel(k))
                self.buttons.append(b)
        self._shown = [None] * N_PIXELS
        grid = widgets.GridBox(self.buttons, layout=widgets.Layout(
            grid_template_columns=f"repeat(8, {self.BUTTON}px)", grid_gap="2px", width="max-content"))
        grid.add_class("nnl-digits-grid")
        self.clear_button = widgets.Button(description="clear", icon="eraser", tooltip="set every pixel to 0",
                                           layout=widgets.Layout(width="auto"))
        self.clear_button.add_class("nnl-digits-clear")
        self.reset_button = widgets.Button(description="reset to digit", icon="undo",
                                           tooltip="put back the test digit's own pixels",
                                           layout=widgets.Layout(width="auto"))
        self.reset_button.add_class("nnl-digits-reset")
        self.clear_button.on_click(lambda _b: self.clear())
        self.reset_button.on_click(lambda _b: self.reset())

        self.guess_html = self.status("nnl-digits-guess")
        self.truth_html = self.status("nnl-digits-truth")
        self.status_html = self.status("nnl-digits-status")
        self._build_figure()
        self.update()
        self.view.render(full=True)
        self.sync_buttons()
        self.index_slider.observe(self._on_index, names="value")
        self.mistake_menu.observe(self._on_mistake, names="value")
        self.guard(self.index_slider)

        help_text = widgets.HTML('<div style="line-height:1.3;font-size:90%">Click a pixel (or Tab to it and '
                                 "press Enter) to cycle it 0 → 8 → 16 → 0.</div>",
                                 layout=widgets.Layout(width=f"{8 * self.BUTTON + 14}px"))
        # the grid keeps its size (flex 0 0 auto) however long the readouts beside it grow
        left = widgets.VBox([grid, widgets.HBox([self.clear_button, self.reset_button]), help_text],
                            layout=widgets.Layout(margin="0 16px 0 0", flex="0 0 auto"))
        right = widgets.VBox([self.guess_html, self.truth_html, self.status_html, self.view.image,
                              self.code_readout("digits")],
                             layout=widgets.Layout(flex="1 1 auto", max_width="560px"))
        self.widget = widgets.VBox([widgets.HBox([self.index_slider, self.mistake_menu]),
                                    widgets.HBox([left, right])])
        self.widget.add_class("nnl-digits")

    # the figure: built once, then bars, texts and the image are updated in place
    def _build_figure(self):
        # an RGB PNG (the figure is opaque): a third cheaper to encode on every update
        view = self.view = FigureView(figsize=(6.6, 3.3), dpi=80, css_class="nnl-digits-figure")
        fig = view.figure
        self.ax_img = fig.add_axes([0.02, 0.2, 0.26, 0.6])
        self.ax_bars = fig.add_axes([0.37, 0.16, 0.61, 0.7])
        self.image = DigitImage(self.ax_img)
        self.ax_img.set(xticks=[], yticks=[])
        # a frame drawn after the (animated) image, so white edge pixels cannot hide it
        self.frame = Rectangle((-0.5, -0.5), 8, 8, fill=False, edgecolor="0.5", linewidth=1)
        self.ax_img.add_patch(self.frame)
        self.ax_img.set_title("what the network sees", fontsize=10)
        ax = self.ax_bars
        self.bars = ax.bar(range(10), np.zeros(10), color=BAR_COLOUR, edgecolor="black", linewidth=0.6)
        self.bar_texts = [ax.text(d, 0, "", ha="center", va="bottom", fontsize=9, rotation=90) for d in range(10)]
        view.cache_text()   # a label drawn again as before is pasted (TextSprites); see update
        ax.set_xticks(range(10))
        ax.set_xlim(-0.6, 9.6)
        ax.set_ylim(0, 1.32)
        ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
        ax.set_yticklabels(["0", "25%", "50%", "75%", "100%"])
        ax.set_xlabel("digit")
        ax.set_title("softmax output: P(digit)", fontsize=11)
        view.animate(self.image, self.frame, *self.bars, *self.bar_texts)

    # events
    @serialized
    def _on_index(self, change):
        self.fresh_note()
        self.pixels = self.digits_raw[int(change["new"])].copy()
        self.edited = False
        if self.mistake_menu.value != int(change["new"]):
            self.mistake_menu.value = -1
        self._refresh()

    @serialized
    def _on_mistake(self, change):
        if change["new"] is not None and change["new"] >= 0:
            self.index_slider.value = int(change["new"])

    @serialized
    def _on_pixel(self, k):
        self.click_pixel(k // 8, k % 8)

    @serialized
    def click_pixel(self, row, col):
        """What a click on the pixel button at (row, col) does: cycle 0 → 8 → 16 → 0, then update."""
        row, col = whole_number("row", row, 0, 7), whole_number("col", col, 0, 7)
        k = 8 * row + col
        self.pixels[k] = next_intensity(float(self.pixels[k]))
        self.edited = True
        self._refresh()

    @serialized
    def clear(self):
        """Every pixel to 0: draw your own digit from scratch."""
        self.pixels[:] = 0
        self.edited = True
        self._refresh()

    @serialized
    def reset(self):
        """Put back the chosen test digit's own pixels."""
        self.pixels = self.digits_raw[int(self.index_slider.value)].copy()
        self.edited = False
        self._refresh()

    def _refresh(self):
        """After a change: readouts and figure first (the answer the learner waits for), then the
        pixel buttons, which may take a hundred small messages to the browser."""
        self.update()
        self.view.render()
        self.sync_buttons()

    def sync_buttons(self):
        """Show the current pixels on the 8×8 buttons (only the buttons whose value changed)."""
        for k, b in enumerate(self.buttons):
            v = float(self.pixels[k])
            if self._shown[k] != v:
                colour, text = _pixel_style(v)
                with b.style.hold_sync():     # both colours in one message to the browser
                    b.style.button_color = colour
                    b.style.text_color = text
                # a blank pixel shows a no-break space: ipywidgets keeps a button's old text when its
                # description becomes "" (and it has no icon), so "" would leave the old number on screen
                b.description = str(int(round(v))) if v else BLANK
                self._shown[k] = v

    @serialized
    def update(self):
        """Recompute the probabilities for the current pixels; move the bars, set the readouts (no
        render; the pixel buttons follow in `sync_buttons`)."""
        P = digit_probabilities(self.net, self.x_scaler, self.pixels)
        top = top_guesses(P, 3)
        guess, confidence = top[0]
        index = int(self.index_slider.value)
        label = int(self.labels[index])
        self.image.show(self.pixels)
        for d, (bar, text) in enumerate(zip(self.bars, self.bar_texts)):
            bar.set_height(P[d])
            bar.set_color(TOP_COLOUR if d == guess else BAR_COLOUR)
            bar.set_edgecolor("black")
            bar.set_linewidth(2.4 if (d == label and not self.edited) else 0.6)
            # at the probability its words show (≤ 0.03 px off): "<0.01%", 7 labels in 10, is pasted
            text.set_position((d, (round(float(P[d]), 4) if P[d] >= 1e-4 else 0.0) + 0.02))
            text.set_text(percent(P[d]))
            text.set_fontweight("bold" if d == guess else "normal")
        self.guess_html.value = (f"Top guess: <b>{guess}</b> ({percent(confidence)}) — "
                                 f"{guess_in_words(P)}. Next: " +
                                 ", ".join(f"{d} ({percent(p)})" for d, p in top[1:]))
        if self.edited:
            changed = int(np.sum(self.pixels != self.digits_raw[index]))
            self.truth_html.value = (f"Test digit #{index} (labelled {label}), edited by you: {changed} "
                                     f"pixel{'s' if changed != 1 else ''} changed.")
        else:
            verdict = "right" if guess == label else f"wrong: it reads {a(guess)}"
            self.truth_html.value = (f"Test digit #{index}, labelled <b>{label}</b> (thick outline): the network "
                                     f"is {verdict}.")
        ink = float(self.pixels.sum())
        if ink == 0:
            self._message = ("The grid is empty. The network must still share 100% among the ten digits; a "
                             f"blank image looks most like {a(guess)} to it. Click pixels to draw.")
        elif np.all(self.pixels == MAX_PIXEL):
            self._message = ("Every pixel is black: nothing like the digits it learned from, yet softmax "
                             "still picks one. A network cannot say “none of these”.")
        else:
            self._message = ""
        self.show_status()
        self.refresh_code()
        self._values = {"index": float(index), "label": float(label), "edited": float(self.edited),
                        "guess": float(guess), "confidence": float(confidence),
                        **{f"p{d}": float(P[d]) for d in range(10)}}

    def readouts(self):
        """The numbers on display: index, label, edited (0/1), guess, confidence, p0 … p9 (floats)."""
        return dict(self._values)

    def show_status(self):
        """The status line: a note on a clamped index, if any, then what to notice about the grid."""
        self.status_html.value = self.with_note(self._message)

    def settings(self):
        """index, and pixels (64 intensities, row by row) when edited: DigitExplorer(net, split, **settings)."""
        pixels = None
        if self.edited:
            pixels = tuple(int(v) if float(v).is_integer() else float(v) for v in self.pixels)
        return {"index": int(self.index_slider.value), "pixels": pixels}

"""The capstone's pictures and explorers (lesson 6): what a digit reader learned, and where it fails.

Plain functions first (tested without a browser):
    digit_probabilities   the network's 10 probabilities for one digit's raw pixels
    top_guesses           the k most likely digits with their probabilities
    guess_in_words        the top guess as a sentence ("a 3, 97.2 % sure")
    next_intensity        what a click does to a pixel: 0 → 8 → 16 → 0
    gallery_data          test digits with their label, guess and top-3 probabilities
    mistakes              the test digits the network gets wrong, with what it guessed
    hidden_weight_images  each hidden neuron's 64 incoming weights as an 8×8 image
    confusion_matrix      counts of (true digit, guessed digit) (shared with lesson 5)
    draw_gallery, draw_confusion, draw_hidden_weights   the lesson's static figures
then the widgets: `TrainingMonitor` (live loss and accuracy while training) and
`DigitExplorer` (pick a test digit or edit its pixels; watch the softmax bars respond).
"""

from __future__ import annotations

import numbers

import ipywidgets as widgets
import numpy as np
from matplotlib.patches import Rectangle

from .._validate import as_array
from ..lessons.capstone import MAX_PIXEL, N_PIXELS, DigitsSplit, PixelScale, check_pixels
from ..network import Network
from ..plots import DIVERGING, OKABE_ITO, TEST_COLOUR, TRAIN_COLOUR, fmt
from .base import Explorer, FigureView, serialized
from .classifier import confusion_matrix  # shared with lesson 5

# A click on a pixel button cycles its intensity through these values.
INTENSITY_CYCLE = (0, 8, 16)
BAR_COLOUR = OKABE_ITO["sky_blue"]
TOP_COLOUR = OKABE_ITO["vermillion"]
SURE, FAIRLY_SURE = 0.9, 0.5
BLANK = "\u00a0"  # what a pixel button with intensity 0 shows


# -- checks -------------------------------------------------------------------------------------
def _check_net(net):
    if not isinstance(net, Network):
        raise TypeError(f"net must be an nnlesson Network, got {type(net).__name__}")
    if net.n_inputs != N_PIXELS or net.n_outputs != 10 or net.output != "softmax":
        raise ValueError(f"net must read 64 pixels into 10 softmax outputs, got {net}")
    return net


def _check_scale(scale):
    if not isinstance(scale, PixelScale):
        raise TypeError(f"scale must be the PixelScale fitted on the training digits, got {type(scale).__name__}")
    return scale


def _check_probabilities(P, name="probabilities"):
    P = as_array(name, P, ndim=1)
    if P.shape != (10,):
        raise ValueError(f"{name} must hold 10 probabilities (one per digit), got shape {P.shape}")
    if P.min() < 0 or P.max() > 1 or not np.isclose(P.sum(), 1.0, atol=1e-6):
        raise ValueError(f"{name} must be probabilities between 0 and 1 that sum to 1, got sum {P.sum():.6g}")
    return P


def _index(name, value, n):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number from 0 to {n - 1}, got {value!r}")
    if not 0 <= value < n:
        raise ValueError(f"{name} must be from 0 to {n - 1}, got {value}")
    return int(value)


def percent(p):
    """A probability as a readable percentage: '97.25%', '0.31%', '<0.01%'."""
    p = float(p)
    if p != p:
        return "not a number"
    if 0 < p < 1e-4:
        return "<0.01%"
    return f"{100 * p:.2f}%"


# -- the computations ---------------------------------------------------------------------------
def digit_probabilities(net, scale, pixels):
    """The network's probabilities for one digit: softmax(net(scale(pixels))), shape (10,).

    `pixels` are raw intensities 0–16, shape (64,) or (8, 8), scaled exactly as the training rows.
    """
    _check_net(net)
    _check_scale(scale)
    pixels = check_pixels(pixels)
    return net.forward(scale.transform(pixels[None, :]))[0]


def top_guesses(P, k=3):
    """The k most likely digits, most likely first: [(digit, probability), ...]."""
    P = _check_probabilities(P)
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or not 1 <= k <= 10:
        raise ValueError(f"k must be a whole number from 1 to 10, got {k!r}")
    order = np.argsort(-P, kind="stable")[:k]
    return [(int(d), float(P[d])) for d in order]


def a(digit):
    """'a 3', 'an 8': the digit with its article, for sentences."""
    return f"an {digit}" if digit == 8 else f"a {digit}"


def guess_in_words(P):
    """The top guess in a sentence a learner understands, with how sure the network is."""
    (d, p), (d2, p2) = top_guesses(P, 2)
    if p >= SURE:
        return f"{a(d)}, {percent(p)} sure"
    if p >= FAIRLY_SURE:
        return f"probably {a(d)} ({percent(p)}), maybe {a(d2)} ({percent(p2)})"
    return f"unsure: {a(d)} ({percent(p)}) or {a(d2)} ({percent(p2)}), nothing above 50%"


def next_intensity(value):
    """A click on a pixel: 0 → 8 → 16 → 0. Values in between go up to the next step."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= value <= MAX_PIXEL:
        raise ValueError(f"value must be a pixel intensity from 0 to {MAX_PIXEL}, got {value!r}")
    for step in INTENSITY_CYCLE:
        if value < step:
            return step
    return 0


def predictions(net, scale, X):
    """Probabilities (N, 10) for raw pixel rows X (N, 64)."""
    _check_net(net)
    _check_scale(scale)
    X = as_array("X", X, ndim=2)
    if X.shape[1] != N_PIXELS:
        raise ValueError(f"X must have 64 pixel columns, got shape {X.shape}")
    return net.forward(scale.transform(X))


def gallery_data(net, scale, X, labels, indices, k=3):
    """For each chosen row of X: its index, pixels, label, guess and top-k [(digit, p), ...]."""
    X = as_array("X", X, ndim=2)
    labels = np.asarray(labels)
    if labels.shape != (len(X),):
        raise ValueError(f"labels must hold one digit per row of X ({len(X)}), got shape {labels.shape}")
    indices = [_index("indices[...]", i, len(X)) for i in indices]
    if not indices:
        raise ValueError("indices must name at least one row")
    P = predictions(net, scale, X[indices])
    items = []
    for i, p in zip(indices, P):
        top = top_guesses(p, k)
        items.append({"index": i, "pixels": X[i].reshape(8, 8), "label": int(labels[i]), "guess": top[0][0],
                      "top": top, "correct": top[0][0] == int(labels[i])})
    return items


def mistakes(net, scale, X, labels, k=3):
    """The rows the network gets wrong, in index order, as `gallery_data` items."""
    X = as_array("X", X, ndim=2)
    labels = np.asarray(labels)
    if labels.shape != (len(X),):
        raise ValueError(f"labels must hold one digit per row of X ({len(X)}), got shape {labels.shape}")
    wrong = np.flatnonzero(predictions(net, scale, X).argmax(axis=1) != labels)
    return gallery_data(net, scale, X, labels, [int(i) for i in wrong], k) if len(wrong) else []


def hidden_weight_images(net):
    """Each hidden neuron's 64 incoming weights as an 8×8 image: shape (hidden, 8, 8).

    Row r, column c of image j is the weight from pixel (r, c) to hidden neuron j: where it is
    positive, ink there pushes the neuron up; where negative, ink there pushes it down.
    """
    _check_net(net)
    W = net.layers[0].W                      # shape (64, hidden)
    return W.T.reshape(-1, 8, 8).copy()


def strongest_votes(net):
    """For each hidden neuron, the digit its outgoing weights favour most (needs one hidden layer)."""
    _check_net(net)
    if len(net.layers) != 2:
        raise ValueError(f"net must have exactly one hidden layer, got {net}")
    return net.layers[1].W.argmax(axis=1)    # W2 has shape (hidden, 10)


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


def draw_confusion(ax, C, title="Confusion matrix of the test digits"):
    """Counts in every cell; rows are the true digits, columns the guesses."""
    C = np.asarray(C)
    if C.ndim != 2 or C.shape[0] != C.shape[1]:
        raise ValueError(f"C must be a square matrix of counts, got shape {C.shape}")
    n = C.shape[0]
    shown = np.log1p(C)  # log colour scale: the few mistakes stay visible next to the big diagonal
    ax.imshow(shown, cmap="Blues", vmin=0, vmax=shown.max() or 1)
    for i in range(n):
        for j in range(n):
            if C[i, j]:
                dark = shown[i, j] > 0.6 * shown.max()
                ax.text(j, i, str(int(C[i, j])), ha="center", va="center", fontsize=10,
                        color="white" if dark else "black", fontweight="bold" if i != j else "normal")
    ax.set_xticks(range(n))
    ax.set_yticks(range(n))
    ax.set_xlabel("the network's guess")
    ax.set_ylabel("true digit (label)")
    ax.set_title(title)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return ax


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
    units = list(range(len(images))) if units is None else [_index("units[...]", u, len(images)) for u in units]
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


def most_changed_units(net, start, n=16):
    """The n hidden neurons whose incoming weights training changed most (largest ‖ΔW‖), in order."""
    change = hidden_weight_images(net) - hidden_weight_images(start)
    norms = np.sqrt((change ** 2).sum(axis=(1, 2)))
    return [int(u) for u in np.argsort(-norms, kind="stable")[:n]]


# -- live training plot ------------------------------------------------------------------------
class TrainingMonitor(Explorer):
    """Loss and accuracy per epoch, drawn while the network trains.

    monitor = TrainingMonitor(split, epochs=20); display(monitor)
    capstone.train_digits(split=split, callback=monitor.callback)   # redraws after every epoch
    """

    title = "Training monitor: loss and accuracy after every epoch"
    LOSS_FLOOR = 1e-4
    ACCURACY_FLOOR = 80.0

    def __init__(self, split, epochs):
        if not isinstance(split, DigitsSplit):
            raise TypeError(f"split must be a DigitsSplit from capstone.split_digits(), got {type(split).__name__}")
        if isinstance(epochs, bool) or not isinstance(epochs, numbers.Integral) or epochs < 1:
            raise ValueError(f"epochs must be a positive whole number, got {epochs!r}")
        self.split, self.epochs = split, int(epochs)
        self.records = {"epoch": [], "loss": [], "val_loss": [], "train_accuracy": [], "test_accuracy": []}
        self._initial = None
        self.status_html = self.status("nnl-monitor-status")
        self.status_html.value = f"Waiting for training to start ({self.epochs} epochs planned)."
        view = self.view = FigureView(figsize=(10, 3.3), dpi=80, css_class="nnl-monitor-figure")
        fig = view.figure
        fig.subplots_adjust(left=0.08, right=0.98, bottom=0.17, top=0.88, wspace=0.25)
        self.ax_loss, self.ax_acc = fig.add_subplot(1, 2, 1), fig.add_subplot(1, 2, 2)
        for ax in (self.ax_loss, self.ax_acc):
            ax.set_xlim(0, self.epochs + 0.5)
            ax.set_xlabel("epoch")
            ax.grid(alpha=0.3)
        ax = self.ax_loss
        ax.set_yscale("log")
        ax.set_ylim(self.LOSS_FLOOR, 5)
        ax.set_ylabel("cross-entropy (log scale)")
        ax.set_title("Loss: lower is better")
        (self.loss_line,) = ax.plot([], [], color=TRAIN_COLOUR, marker="o", ms=3, label="training digits")
        (self.val_line,) = ax.plot([], [], color=TEST_COLOUR, marker="s", ms=3, ls="--", label="test digits")
        ax.legend(frameon=False, loc="lower left")
        ax = self.ax_acc
        ax.set_ylim(self.ACCURACY_FLOOR, 100.5)
        ax.set_ylabel("accuracy (%)")
        ax.set_title("Accuracy: share of digits read right")
        (self.train_line,) = ax.plot([], [], color=TRAIN_COLOUR, marker="o", ms=3, label="training digits")
        (self.test_line,) = ax.plot([], [], color=TEST_COLOUR, marker="s", ms=3, ls="--", label="test digits")
        self.acc_text = ax.text(0.03, 0.08, "", transform=ax.transAxes, ha="left", fontsize=11,
                                bbox=dict(boxstyle="round", fc="white", ec="0.7"))
        ax.legend(frameon=False, loc="lower right")
        view.animate(self.loss_line, self.val_line, self.train_line, self.test_line, self.acc_text)
        view.render(full=True)
        self.widget = widgets.VBox([self.status_html, view.image])
        self.widget.add_class("nnl-monitor")

    def callback(self, event):
        """Pass as train(..., callback=monitor.callback): record the epoch and redraw in place."""
        net, h = event.net, event.history
        if self._initial is None:
            self._initial = (h.initial_loss, h.initial_val_loss)
        r = self.records
        r["epoch"].append(event.epoch)
        r["loss"].append(float(event.loss))
        r["val_loss"].append(float(event.val_loss) if event.val_loss is not None else float("nan"))
        s = self.split
        r["train_accuracy"].append(100 * float(np.mean(net.forward(s.Xs_train).argmax(1) == s.labels_train)))
        r["test_accuracy"].append(100 * float(np.mean(net.forward(s.Xs_test).argmax(1) == s.labels_test)))
        self.redraw()

    def redraw(self):
        r = self.records
        epochs = [0] + r["epoch"]
        full = False
        losses = [self._initial[0]] + r["loss"]
        self.loss_line.set_data(epochs, losses)
        if self._initial[1] is not None:
            self.val_line.set_data(epochs, [self._initial[1]] + r["val_loss"])
        low = min(v for v in losses + r["val_loss"] if v == v)
        if low < self.ax_loss.get_ylim()[0]:      # fell below the axis: widen it once (full redraw)
            self.ax_loss.set_ylim(10 ** np.floor(np.log10(low)), 5)
            full = True
        worst = min(r["train_accuracy"] + r["test_accuracy"])
        if worst < self.ax_acc.get_ylim()[0]:      # below the axis: widen it (full redraw)
            self.ax_acc.set_ylim(10 * np.floor(worst / 10), 100.5)
            full = True
        self.train_line.set_data(r["epoch"], r["train_accuracy"])
        self.test_line.set_data(r["epoch"], r["test_accuracy"])
        self.acc_text.set_text(f"test: {r['test_accuracy'][-1]:.2f}%")
        self.status_html.value = (f"Epoch <b>{r['epoch'][-1]}</b> of {self.epochs} · training loss "
                                  f"<b>{fmt(r['loss'][-1])}</b> · test loss <b>{fmt(r['val_loss'][-1])}</b> · "
                                  f"test accuracy <b>{r['test_accuracy'][-1]:.2f}%</b>")
        self.view.render(full=full)

    def readouts(self):
        """The latest epoch's numbers (empty before training)."""
        r = self.records
        if not r["epoch"]:
            return {}
        return {key: float(values[-1]) for key, values in r.items()}


# -- the digit explorer ---------------------------------------------------------------------------
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
    """

    title = "Digit explorer: pick or draw a digit and watch the softmax probabilities"
    BUTTON = 34  # px, each pixel button's side

    def __init__(self, net, split, index=0):
        self.net = _check_net(net)
        if not isinstance(split, DigitsSplit):
            raise TypeError(f"split must be a DigitsSplit from capstone.split_digits(), got {type(split).__name__}")
        self.split = split
        self.scale = split.scale
        n = len(split.X_test)
        index = _index("index", index, n)
        self.pixels = split.X_test[index].copy()
        self.edited = False
        self._values = {}

        self.index_slider = widgets.IntSlider(value=index, min=0, max=n - 1, step=1, description="test digit #",
                                              continuous_update=True, style={"description_width": "initial"},
                                              layout=widgets.Layout(width="420px"))
        self.index_slider.add_class("nnl-digits-index")
        wrong = mistakes(net, self.scale, split.X_test, split.labels_test, k=1)
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

        help_text = widgets.HTML('<div style="line-height:1.3;font-size:90%">Click a pixel (or Tab to it and '
                                 "press Enter) to cycle it 0 → 8 → 16 → 0.</div>",
                                 layout=widgets.Layout(width=f"{8 * self.BUTTON + 14}px"))
        # the grid keeps its size (flex 0 0 auto) however long the readouts beside it grow
        left = widgets.VBox([grid, widgets.HBox([self.clear_button, self.reset_button]), help_text],
                            layout=widgets.Layout(margin="0 16px 0 0", flex="0 0 auto"))
        right = widgets.VBox([self.guess_html, self.truth_html, self.status_html, self.view.image],
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
        self.image = self.ax_img.imshow(np.zeros((8, 8)), cmap="gray_r", vmin=0, vmax=MAX_PIXEL,
                                        interpolation="nearest")
        self.ax_img.set_xticks([])
        self.ax_img.set_yticks([])
        # a frame drawn after the (animated) image, so white edge pixels cannot hide it
        self.frame = Rectangle((-0.5, -0.5), 8, 8, fill=False, edgecolor="0.5", linewidth=1)
        self.ax_img.add_patch(self.frame)
        self.ax_img.set_title("what the network sees", fontsize=10)
        ax = self.ax_bars
        self.bars = ax.bar(range(10), np.zeros(10), color=BAR_COLOUR, edgecolor="black", linewidth=0.6)
        self.bar_texts = [ax.text(d, 0, "", ha="center", va="bottom", fontsize=9, rotation=90) for d in range(10)]
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
        self.pixels = self.split.X_test[int(change["new"])].copy()
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
        row, col = _index("row", row, 8), _index("col", col, 8)
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
        self.pixels = self.split.X_test[int(self.index_slider.value)].copy()
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
        P = digit_probabilities(self.net, self.scale, self.pixels)
        top = top_guesses(P, 3)
        guess, confidence = top[0]
        index = int(self.index_slider.value)
        label = int(self.split.labels_test[index])
        self.image.set_data(self.pixels.reshape(8, 8))
        for d, (bar, text) in enumerate(zip(self.bars, self.bar_texts)):
            bar.set_height(P[d])
            bar.set_color(TOP_COLOUR if d == guess else BAR_COLOUR)
            bar.set_edgecolor("black")
            bar.set_linewidth(2.4 if (d == label and not self.edited) else 0.6)
            text.set_position((d, P[d] + 0.02))
            text.set_text(percent(P[d]))
            text.set_fontweight("bold" if d == guess else "normal")
        self.guess_html.value = (f"Top guess: <b>{guess}</b> ({percent(confidence)}) — "
                                 f"{guess_in_words(P)}. Next: " +
                                 ", ".join(f"{d} ({percent(p)})" for d, p in top[1:]))
        if self.edited:
            changed = int(np.sum(self.pixels != self.split.X_test[index]))
            self.truth_html.value = (f"Test digit #{index} (labelled {label}), edited by you: {changed} "
                                     f"pixel{'s' if changed != 1 else ''} changed.")
        else:
            verdict = "right" if guess == label else f"wrong: it reads {a(guess)}"
            self.truth_html.value = (f"Test digit #{index}, labelled <b>{label}</b> (thick outline): the network "
                                     f"is {verdict}.")
        ink = float(self.pixels.sum())
        if ink == 0:
            self.status_html.value = ("The grid is empty. The network must still share 100% among the ten "
                                      f"digits; a blank image looks most like {a(guess)} to it. Click pixels to draw.")
        elif np.all(self.pixels == MAX_PIXEL):
            self.status_html.value = ("Every pixel is black: nothing like the digits it learned from, yet softmax "
                                      "still picks one. A network cannot say “none of these”.")
        else:
            self.status_html.value = ""
        self._values = {"index": float(index), "label": float(label), "edited": float(self.edited),
                        "guess": float(guess), "confidence": float(confidence),
                        **{f"p{d}": float(P[d]) for d in range(10)}}

    def readouts(self):
        """The numbers on display: index, label, edited (0/1), guess, confidence, p0 … p9 (floats)."""
        return dict(self._values)

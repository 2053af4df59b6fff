"""The backpropagation stepper: step through one row at a time, with the real numbers.

A thin view. Every number and formula is computed in `nnlesson.lessons` (one row:
`backprop_steps.backprop_row`, `stage_readouts`, `stage_formulas`; row after row:
`lesson3.BackpropWalk`); this module draws them:
    formulas_html(step, stage)         the stage's title, explanation and formulas as HTML
    draw_stage(diagram, step, stage)   writes a stage on a NetworkDiagram
    stage_image(step, stage)           the diagram at that stage as a static picture (for stored output)
    BackpropStepper                    the widget: BackpropWalk + buttons, diagram and readouts
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from .._validate import check_instance, number
from ..lessons.backprop_steps import (STAGE_EXPLANATIONS, STAGE_TITLES, STAGES, RowStep, stage_formulas, stage_index,
                                      stage_legend)
from ..lessons.lesson3 import BackpropWalk
from ..plots import fmt
from .base import Explorer, serialized, tidy
from .diagram import NetworkDiagram, diagram_view

PICTURE_CACHE = 64   # pictures of recently seen stages kept for Back/Next


def formulas_html(step, stage):
    """The stage's title, a sentence on what happens and its formulas, as HTML.

    Each formula reads lhs = symbols = numbers = value; every piece stays on one line and the
    formula wraps only between pieces, so a long chain rule stays readable on a narrow screen.
    """
    s = stage_index(stage)
    name = STAGES[s]
    rows = []
    for line in stage_formulas(step, s):
        pieces = [p for p in (*line.symbols.split(" = "), line.numbers) if p]
        body = " ".join(f"<span style='white-space:nowrap'>= {html.escape(p)}</span>" for p in pieces)
        body += f" <span style='white-space:nowrap'>= <b>{html.escape(fmt(line.value))}</b></span>"
        rows.append(
            "<tr style='vertical-align:top'>"
            f"<td style='padding:1px 10px 1px 0;white-space:nowrap'><b>{html.escape(line.lhs)}</b></td>"
            f"<td style='padding:1px 0'>{body}</td></tr>")
    return (f"<div style='line-height:1.4'>"
            f"<div class='nnl-backprop-stage-title' style='font-size:1.1em'><b>{html.escape(STAGE_TITLES[name])}</b></div>"
            f"<div style='margin:2px 0 6px 0'>{html.escape(STAGE_EXPLANATIONS[name])}</div>"
            f"<table style='border-collapse:collapse;font-size:0.95em;line-height:1.4'>{''.join(rows)}</table></div>")


# -- drawing a stage ----------------------------------------------------------------------
def draw_stage(diagram, step, stage):
    """Write `stage` of `step` on a `NetworkDiagram` (numbers on nodes and edges, emphasis)."""
    check_instance("diagram", diagram, NetworkDiagram, "diagram_view")
    check_instance("step", step, RowStep, "backprop_row")
    s = stage_index(stage)
    name = STAGES[s]
    n_in, n_h = step.n_in, step.n_hidden
    after = name == "update"
    diagram.set_weights(step.weights_after if after else step.weights_before)

    # numbers on the nodes
    diagram.set_node_values(0, step.x, [""] * n_in)
    hidden_values = step.a_h if s >= 1 else [None] * n_h
    if name in ("hidden", "output", "error"):
        hidden_captions = [f"z = {fmt(z, 3)}" for z in step.z_h]
    elif name == "hidden_gradients":
        hidden_captions = [f"∂E/∂z = {fmt(d, 3)}" for d in step.dz_h]
    elif after:
        hidden_captions = [f"b: {fmt(b, 3)} → {fmt(ba, 3)}" for b, ba in zip(step.b1, step.b1_after)]
    else:
        hidden_captions = [""] * n_h
    diagram.set_node_values(1, hidden_values, hidden_captions)
    out_value = [step.y_pred] if s >= 2 else [None]
    if name in ("output", "error"):
        out_caption = [f"z = {fmt(step.z_out, 3)}"]
    elif name in ("output_gradients", "hidden_gradients"):
        out_caption = [f"∂E/∂z = {fmt(step.dz_out, 3)}"]
    elif after:
        out_caption = [f"b: {fmt(step.b2[0], 3)} → {fmt(step.b2_after[0], 3)}"]
    else:
        out_caption = [""]
    diagram.set_node_values(2, out_value, out_caption)

    # numbers on the edges
    W1_labels = [[fmt(step.W1[i, j], 3) for j in range(n_h)] for i in range(n_in)]
    W2_labels = [[fmt(step.W2[j, 0], 3)] for j in range(n_h)]
    if name == "output_gradients":
        W2_labels = [[fmt(step.dW2[j, 0], 3)] for j in range(n_h)]
    elif name == "hidden_gradients":
        W1_labels = [[fmt(step.dW1[i, j], 3) for j in range(n_h)] for i in range(n_in)]
    elif after:
        W1_labels = [[f"{fmt(step.W1[i, j], 3)}→{fmt(step.W1_after[i, j], 3)}" for j in range(n_h)]
                     for i in range(n_in)]
        W2_labels = [[f"{fmt(step.W2[j, 0], 3)}→{fmt(step.W2_after[j, 0], 3)}"] for j in range(n_h)]
    diagram.set_edge_labels(0, W1_labels, "gradient" if name == "hidden_gradients" else "weight")
    diagram.set_edge_labels(1, W2_labels, "gradient" if name == "output_gradients" else "weight")

    active = {"input": ((0, 1), (0,)), "hidden": ((0,), (1,)), "output": ((1,), (2,)), "error": ((), (2,)),
              "output_gradients": ((1,), (2,)), "hidden_gradients": ((0,), (1,)),
              "update": ((0, 1), ())}[name]
    diagram.emphasise(*active)

    diagram.target.set_text(f"Y (true) = {fmt(step.y, 3)}")
    diagram.note.set_text(f"E = {fmt(step.E, 3)}" if s >= 3 else "")
    diagram.title.set_text(stage_legend(step, s))


def stage_image(step, stage, figsize=(9.4, 4.6), dpi=90):
    """The diagram at `stage` as a static picture readable without a kernel (an IPython Image
    shown at the figure's CSS width, as sharp as the explorer; its PNG bytes are `.data`)."""
    view, diagram = diagram_view([step.n_in, step.n_hidden, 1], step.names, figsize, dpi)
    draw_stage(diagram, step, stage)
    view.draw(full=True)
    return view.picture()


# -- the widget ---------------------------------------------------------------------------
class BackpropStepper(BackpropWalk, Explorer):
    """Step through backpropagation one stage at a time, row after row, epoch after epoch.

    stepper = BackpropStepper(net, X, Y, lr=0.5)   # the stepper trains its own copy of net
    stepper.next(); stepper.back(); stepper.readouts()

    The numbers and the moves are `nnlesson.lessons.lesson3.BackpropWalk`'s (rows in order or
    shuffled as `nl.train` does, one update per row as with `batch_size=1`); this class adds
    the buttons, the diagram and the readouts, and redraws after every move.

    Data arguments: net, X, Y (required). settings() gives lr, shuffle, seed, feature_names,
    target_name, figsize and dpi, so BackpropStepper(net, X, Y, **settings) starts the same walk;
    the rows already walked are not a setting (rebuild, then train(epochs)).
    train(epochs=None) walks row after row, each with its update, until `epochs` epochs have
    ended (None: finish the current epoch); scores() is {"error": the loss over all rows}.
    """

    title = "Backpropagation stepper"
    data_arguments = {"net": "net", "X": "X", "Y": "Y"}

    def __init__(self, net, X, Y, lr=0.1, shuffle=False, seed=0, feature_names=None, target_name=None,
                 figsize=(9.4, 4.6), dpi=90):
        super().__init__(net, X, Y, lr=lr, shuffle=shuffle, seed=seed)
        if feature_names is not None:
            if isinstance(feature_names, (str, bytes)) or not hasattr(feature_names, "__len__"):
                raise TypeError(f"feature_names must be a list of names, one per input column, got {feature_names!r}")
            if len(feature_names) != self.X.shape[1]:
                raise ValueError(f"feature_names needs one name per input column ({self.X.shape[1]}), "
                                 f"got {list(feature_names)}")
            if not all(isinstance(n, str) for n in feature_names):
                raise TypeError(f"feature_names must be names (strings), got {list(feature_names)}")
        if target_name is not None and not isinstance(target_name, str):
            raise TypeError(f"target_name must be a name (a string) or None, got {target_name!r}")
        if isinstance(figsize, (str, bytes)) or not hasattr(figsize, "__len__") or len(figsize) != 2:
            raise TypeError(f"figsize must be a pair (width, height) in inches, got {figsize!r}")
        figsize = (number("figsize[0]", figsize[0], 4, 20), number("figsize[1]", figsize[1], 2, 15))
        dpi = number("dpi", dpi, 40, 200)
        self.figsize, self.dpi = figsize, dpi
        self.feature_names = list(feature_names) if feature_names is not None else None
        self.target_name = target_name
        self._pictures = {}                      # (row step, stage) -> PNG, for Back and Next
        self._build(figsize, dpi)
        self._show()

    # -- moves: the walk's move, then a redraw ---------------------------------------------
    def _move(self, move):
        moved = move()
        self._show()
        return moved

    @serialized
    def next(self):
        """Go to the next stage (after the update: the next row). Returns False if it cannot."""
        return self._move(self.next_stage)

    @serialized
    def back(self):
        """Go to the previous stage (from a row's first stage: the last stage of the row before)."""
        return self._move(self.previous_stage)

    @serialized
    def next_row(self):
        """Finish this row (its update included) and go to the first stage of the next row."""
        return self._move(self.finish_row)

    @serialized
    def reset(self):
        """Back to the first stage of the first row, with the starting weights."""
        self._move(self.restart)

    @serialized
    def train(self, epochs=None):
        """Walk row after row, each with its update (as Next row), until `epochs` epochs have ended
        (None: finish the current epoch); then redraw and return scores(). Stops early at an update
        that would blow up; interrupted, the status says where it stopped."""
        try:
            self.finish_epochs(1 if epochs is None else epochs)
        finally:
            self._show()
        return self.scores()

    def scores(self):
        """{"error": the loss (MSE) over all rows with the weights at the current row's start}."""
        return {"error": self.loss()}

    def settings(self):
        """lr, shuffle, seed, feature_names, target_name, figsize, dpi:
        BackpropStepper(net, X, Y, **settings) starts the same walk."""
        names = tuple(self.feature_names) if self.feature_names is not None else None
        return {"lr": tidy(self.lr), "shuffle": self.shuffle, "seed": self.seed, "feature_names": names,
                "target_name": self.target_name, "figsize": self.figsize, "dpi": self.dpi}

    # -- what is shown --------------------------------------------------------------------
    def _build(self, figsize, dpi):
        self.back_button = widgets.Button(description="◀ Back", tooltip="previous stage",
                                          layout=widgets.Layout(width="110px"))
        self.next_button = widgets.Button(description="Next ▶", tooltip="next stage", button_style="primary",
                                          layout=widgets.Layout(width="110px"))
        self.next_row_button = widgets.Button(description="Next row ▶▶", tooltip="finish this row and go to the next",
                                              layout=widgets.Layout(width="130px"))
        self.reset_button = widgets.Button(description="Reset", tooltip="back to the first row, first epoch",
                                           layout=widgets.Layout(width="90px"))
        for button, part in ((self.back_button, "back"), (self.next_button, "next"),
                             (self.next_row_button, "next-row"), (self.reset_button, "reset")):
            button.add_class(f"nnl-backprop-{part}")
        self.back_button.on_click(lambda _: self.back())
        self.next_button.on_click(lambda _: self.next())
        self.next_row_button.on_click(lambda _: self.next_row())
        self.reset_button.on_click(lambda _: self.reset())
        self.position_html = widgets.HTML()
        self.position_html.add_class("nnl-backprop-position")
        self.view, self.diagram = diagram_view(self.net.layer_sizes, self.names, figsize, dpi,
                                               css_class="nnl-backprop-figure", title=False)
        self.legend_html = widgets.HTML()
        self.legend_html.add_class("nnl-backprop-legend")
        self.formulas = widgets.HTML()
        self.formulas.add_class("nnl-backprop-formulas")
        self.loss_html = widgets.HTML()
        self.loss_html.add_class("nnl-backprop-loss")
        self.status_html = self.status("nnl-backprop-status")
        controls = widgets.HBox([self.back_button, self.next_button, self.next_row_button, self.reset_button])
        self.widget = widgets.VBox([controls, self.position_html, self.legend_html, self.view.image, self.formulas,
                                    self.loss_html, self.status_html, self.code_readout("backprop")])
        self.widget.add_class("nnl-backprop")

    def _show(self):
        step = self.current_step()
        key = (self.k, self.s)
        png = self._pictures.get(key)
        if png is None:
            draw_stage(self.diagram, step, self.s)
            self.view.render()   # every number moves (diagram_view): even a new row is a cheap redraw
            png = self.view.image.value
            if len(self._pictures) >= PICTURE_CACHE:
                self._pictures.pop(next(iter(self._pictures)))   # forget the oldest
            self._pictures[key] = png
        else:                                # a stage seen before (Back, then Next): same picture
            self.view.image.value = png
        i = self.row_index()
        row_text = f"row {self.position} of {self.N}"
        if self.shuffle:
            row_text += f" (row {i + 1} of the data)"
        self.position_html.value = (
            f"<b>Epoch {self.epoch}</b> · {row_text} · stage {self.s + 1} of {len(STAGES)}: "
            f"{html.escape(STAGE_TITLES[self.stage])}")
        self.legend_html.value = f"<i>{html.escape(stage_legend(step, self.s))}</i>"
        self.formulas.value = formulas_html(step, self.s) + self._units_note(i)
        running = self.running_epoch_loss()
        parts = [f"Running epoch loss (mean error of this epoch's rows so far): "
                 f"<b>{fmt(running) if running is not None else 'none yet'}</b>"]
        losses = self.epoch_losses
        if losses:
            shown = ", ".join(f"epoch {e}: {fmt(v)}" for e, v in list(enumerate(losses, 1))[-5:])
            parts.append(f"loss over all rows after {shown}")
        self.loss_html.value = " · ".join(parts)
        message = self.warning()
        self.status_html.value = f"<span style='color:#D55E00'>{html.escape(message)}</span>" if message else ""
        self.back_button.disabled = self.k == 0 and self.s == 0

    def _units_note(self, i):
        if self.s != 0 or not self.feature_names:
            return ""
        names = ", ".join(f"{x} = {html.escape(str(n))}" for x, n in zip(self.names[0], self.feature_names))
        target = f"; Y = {html.escape(str(self.target_name))}" if self.target_name else ""
        return f"<div style='margin-top:4px;color:#555'>({names}{target}, all standardised.)</div>"

    def png(self):
        """The diagram as it is shown now, as PNG bytes."""
        return self.view.image.value

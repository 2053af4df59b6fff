"""A network diagram: nodes in columns, one edge per weight, numbers written on both.

    diagram = NetworkDiagram(ax, [3, 2, 1])
    diagram.set_weights(net.get_weights())            # edge colour = sign, width = size
    diagram.set_node_values(1, [0.62, 0.41])          # numbers in the hidden nodes
    diagram.set_edge_labels(0, [["0.52", ...], ...])  # a label on every edge of layer 0

Every artist that can change (edges, numbers, captions) is created once and kept, so an
explorer updates it in place (`set_color`, `set_linewidth`, `set_text`) and registers
`diagram.artists()` with `FigureView.animate` for cheap redraws. Its texts are
`fastdraw.LayoutText`: matplotlib's pixels exactly, laid out and rasterized once per look.

Colour is never the only cue: a weight's sign is its colour (blue negative, vermillion
positive, from `nnlesson.plots`) *and* the number written on its edge.

The names and the layout (where nodes and labels sit) are plain functions in
`nnlesson.lessons.backprop_steps`; this module draws them. `diagram_view` puts a diagram in a
`DiagramView`, the figure an explorer shows.
"""

from __future__ import annotations

import numbers

import matplotlib
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Circle

from .._validate import check_layer_sizes, choice, number, whole_number
from ..lessons.backprop_steps import LAYER_GAP, NODE_GAP, edge_label_position, node_names, node_positions
from ..plots import NEGATIVE, OKABE_ITO, POSITIVE, fmt
from .base import FigureView
from .fastdraw import LayoutText

NODE_RADIUS = 0.44
MIN_WIDTH, WIDTH_PER_UNIT, MAX_WIDTH = 0.8, 2.6, 8.0
FADED_ALPHA = 0.28
TEXT_COLOUR = "#222222"
NODE_FACE = "#FFFFFF"
NODE_EDGE = "#555555"
ACTIVE_EDGE = "#000000"
GRADIENT_BOX = OKABE_ITO["green"]
# label kind -> (box edge colour, box edge width, font style)
LABEL_KINDS = {"weight": ("#BBBBBB", 0.6, "normal"), "gradient": (GRADIENT_BOX, 1.6, "italic")}


def edge_style(w):
    """(colour, line width) for a weight: blue if negative, vermillion if positive or zero;
    width grows with |w| (0.8 pt at 0, +2.6 pt per unit, at most 8 pt). A weight that is
    not finite gets the widest grey line."""
    if isinstance(w, numbers.Real) and not isinstance(w, bool) and not np.isfinite(w):
        return "#999999", MAX_WIDTH
    w = number("w", w)
    colour = NEGATIVE if w < 0 else POSITIVE
    return colour, min(MIN_WIDTH + WIDTH_PER_UNIT * abs(w), MAX_WIDTH)


def _between_circles(start, end):
    """The segment from `start` to `end` shortened to run from circle edge to circle edge."""
    (x0, y0), (x1, y1) = start, end
    length = float(np.hypot(x1 - x0, y1 - y0))
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    r = NODE_RADIUS
    return (x0 + r * ux, y0 + r * uy), (x1 - r * ux, y1 - r * uy)


class NetworkDiagram:
    """A network drawn on a matplotlib Axes, with every changing artist kept for updates.

    nodes[l][k]        the circle of node k in layer l (static)
    rings[l][k]        a black ring over it, shown when its layer is the one at work
    values[l][k]       the number written inside it
    names[l][k]        its name (X1, h1, Y_pred) above it
    captions[l][k]     a line under it (e.g. "z = 0.21")
    edges[l][i][j]     the line of the weight from node i of layer l to node j of layer l+1
    edge_labels[l][i][j]  the number written on that edge
    target, note       two texts right of the output nodes (e.g. the true Y above, the error below)
    title              a line above the network
    """

    def __init__(self, ax, layer_sizes, input_names=None, output_names=None, fontsize=11):
        self.layer_sizes = check_layer_sizes(layer_sizes)
        fontsize = number("fontsize", fontsize, low=10)   # at least 10: readable on a projector
        self.ax = ax
        self.fontsize = fontsize
        sizes = self.layer_sizes
        pos = node_positions(sizes)
        labels = node_names(sizes, input_names, output_names)
        self.node_labels = labels
        small = fontsize - 1

        top = max((n - 1) / 2 * NODE_GAP for n in sizes)
        ax.set_xlim(-0.95, (len(sizes) - 1) * LAYER_GAP + 3.0)
        ax.set_ylim(-top - NODE_RADIUS - 0.5, top + NODE_RADIUS + 1.0)
        ax.set_aspect("equal")
        ax.axis("off")

        self.edges, self.edge_labels = [], []
        for l in range(len(sizes) - 1):
            lines, texts = [], []
            for i in range(sizes[l]):
                row_lines, row_texts = [], []
                for j in range(sizes[l + 1]):
                    (x0, y0), (x1, y1) = _between_circles(pos[l][i], pos[l + 1][j])
                    line = Line2D([x0, x1], [y0, y1], color=POSITIVE, lw=MIN_WIDTH, zorder=1,
                                  solid_capstyle="butt")
                    ax.add_line(line)
                    tx, ty = edge_label_position(l, i, j, sizes)
                    text = LayoutText.add(ax, tx, ty, "", ha="center", va="center", fontsize=small,
                                          color=TEXT_COLOUR, zorder=4,
                                          bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="#BBBBBB", lw=0.6,
                                                    alpha=0.92))
                    row_lines.append(line)
                    row_texts.append(text)
                lines.append(row_lines)
                texts.append(row_texts)
            self.edges.append(lines)
            self.edge_labels.append(texts)

        self.nodes, self.rings, self.values, self.names, self.captions = [], [], [], [], []
        for l, layer in enumerate(pos):
            circles, rings, values, names, captions = [], [], [], [], []
            for k, (x, y) in enumerate(layer):
                circle = Circle((x, y), NODE_RADIUS, fc=NODE_FACE, ec=NODE_EDGE, lw=1.5, zorder=3)
                ax.add_patch(circle)
                circles.append(circle)
                ring = Circle((x, y), NODE_RADIUS, fc="none", ec=ACTIVE_EDGE, lw=2.8, zorder=3.5, visible=False)
                ax.add_patch(ring)
                rings.append(ring)
                values.append(LayoutText.add(ax, x, y, "", ha="center", va="center", fontsize=fontsize,
                                             weight="bold", color=TEXT_COLOUR, zorder=5))
                if l == 0:
                    names.append(LayoutText.add(ax, x - NODE_RADIUS - 0.08, y, labels[l][k], ha="right",
                                                va="center", fontsize=fontsize, color=TEXT_COLOUR, zorder=5))
                else:
                    names.append(LayoutText.add(ax, x, y + NODE_RADIUS + 0.06, labels[l][k], ha="center",
                                                va="bottom", fontsize=fontsize, color=TEXT_COLOUR, zorder=5))
                captions.append(LayoutText.add(ax, x, y - NODE_RADIUS - 0.06, "", ha="center", va="top",
                                               fontsize=small, color=TEXT_COLOUR, zorder=5))
            self.nodes.append(circles)
            self.rings.append(rings)
            self.values.append(values)
            self.names.append(names)
            self.captions.append(captions)

        x_out = (len(sizes) - 1) * LAYER_GAP
        y_note = pos[-1][0][1] if sizes[-1] == 1 else 0.0
        self.target = LayoutText.add(ax, x_out + NODE_RADIUS + 0.25, y_note + 0.08, "", ha="left", va="bottom",
                                     fontsize=small, color=TEXT_COLOUR, zorder=5)
        self.note = LayoutText.add(ax, x_out + NODE_RADIUS + 0.25, y_note - 0.08, "", ha="left", va="top",
                                   fontsize=small, color=TEXT_COLOUR, zorder=5, linespacing=1.5)
        self.title = LayoutText.add(ax, 0.5 * x_out, top + NODE_RADIUS + 0.95, "", ha="center", va="top",
                                    fontsize=fontsize, color=TEXT_COLOUR, zorder=5)

    # -- updates ------------------------------------------------------------------------
    def artists(self, include_inputs=True, include_title=True):
        """The artists that an update can change, in drawing order (for `FigureView.animate`).

        Edges end at the node circles, so the circles, the names and (with
        include_inputs=False) the input values and `target` can stay in the cached
        background: an explorer whose inputs change rarely (once per row) leaves them out and
        calls `render(full=True)` when they do change, which makes every other redraw cheaper.
        Text is the slow part of a redraw; an explorer that shows the title elsewhere leaves
        it out too (and hides it).
        """
        out = []
        for l in range(len(self.edges)):
            for row in self.edges[l]:
                out.extend(row)
        for rings in self.rings:
            out.extend(rings)
        for l in range(len(self.edge_labels)):
            for row in self.edge_labels[l]:
                out.extend(row)
        first = 0 if include_inputs else 1
        for group in (self.values, self.captions):
            for layer in group[first:]:
                out.extend(layer)
        if include_inputs:
            out.append(self.target)
        out.append(self.note)
        if include_title:
            out.append(self.title)
        return out

    def set_weights(self, weights):
        """Colour and width of every edge from [(W, b), ...] (b is ignored: biases are per node)."""
        weights = list(weights)
        if len(weights) != len(self.edges):
            raise ValueError(f"weights must hold {len(self.edges)} (W, b) pairs, got {len(weights)}")
        for l, pair in enumerate(weights):
            W = np.asarray(pair[0] if isinstance(pair, (tuple, list)) else pair, dtype=np.float64)
            want = (self.layer_sizes[l], self.layer_sizes[l + 1])
            if W.shape != want:
                raise ValueError(f"W of layer {l} must have shape {want}, got {W.shape}")
            for i in range(want[0]):
                for j in range(want[1]):
                    colour, width = edge_style(float(W[i, j]))
                    line = self.edges[l][i][j]
                    line.set_color(colour)
                    line.set_linewidth(width)

    def set_edge_labels(self, layer, labels, kind="weight"):
        """Write labels on the edges of one layer: numbers (formatted with 3 significant
        digits), strings, or None to clear. `labels` has shape (n_in, n_out).

        kind="weight" draws them in grey-edged boxes; kind="gradient" in green-edged boxes
        with italic numbers, so a gradient is never mistaken for a weight."""
        whole_number("layer", layer, 0, len(self.edges) - 1)
        box_colour, box_width, style = LABEL_KINDS[choice("kind", kind, LABEL_KINDS)]
        n_in, n_out = self.layer_sizes[layer], self.layer_sizes[layer + 1]
        if labels is None:
            labels = [[""] * n_out for _ in range(n_in)]
        if len(labels) != n_in or any(len(row) != n_out for row in labels):
            raise ValueError(f"labels for layer {layer} must have shape ({n_in}, {n_out})")
        for i in range(n_in):
            for j in range(n_out):
                text = self.edge_labels[layer][i][j]
                value = _label(labels[i][j])
                text.set_text(value)
                text.set_visible(bool(value))
                text.set_fontstyle(style)
                patch = text.get_bbox_patch()
                patch.set_edgecolor(box_colour)
                patch.set_linewidth(box_width)

    def set_node_values(self, layer, values, captions=None):
        """Numbers inside the nodes of one layer (None or "?" for not computed yet) and
        optional captions under them."""
        whole_number("layer", layer, 0, len(self.nodes) - 1)
        n = self.layer_sizes[layer]
        values = [None] * n if values is None else list(values)
        if len(values) != n:
            raise ValueError(f"layer {layer} has {n} nodes, got {len(values)} values")
        for k in range(n):
            self.values[layer][k].set_text("?" if values[k] is None else _label(values[k]))
        if captions is not None:
            captions = list(captions)
            if len(captions) != n:
                raise ValueError(f"layer {layer} has {n} nodes, got {len(captions)} captions")
            for k in range(n):
                self.captions[layer][k].set_text(captions[k] or "")

    def emphasise(self, active_layers=(), active_nodes=()):
        """Draw the edges of the weight layers in `active_layers` solid, the others faded;
        ring the nodes of the layers in `active_nodes` in black."""
        for l in range(len(self.edges)):
            alpha = 1.0 if l in active_layers else FADED_ALPHA
            for row in self.edges[l]:
                for line in row:
                    line.set_alpha(alpha)
        for l, rings in enumerate(self.rings):
            for ring in rings:
                ring.set_visible(l in active_nodes)


def _label(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return fmt(value, 3)


class DiagramView(FigureView):
    """A `FigureView` tuned for a diagram full of numbers, where text is most of the work.

    Glyphs are drawn without font hinting, about a third faster; at 90 dpi they look the same
    (the diagram's layout measures no text, so slightly wider unhinted text moves nothing). The
    frames are RGBA PNGs like every FigureView's: at pixel ratio 2 a 64-colour palette
    (`colours=64`, a third of the bytes) would take longer to pick than FigureView's PNG writer
    takes to write the whole frame.
    """

    def draw(self, full=False, axes=None):
        saved = matplotlib.rcParams["text.hinting"]
        matplotlib.rcParams["text.hinting"] = "no_hinting"
        try:
            super().draw(full=full, axes=axes)
        finally:
            matplotlib.rcParams["text.hinting"] = saved


def diagram_view(layer_sizes, names=None, figsize=(9.4, 4.6), dpi=90, css_class=None, title=True):
    """A `DiagramView` holding a `NetworkDiagram` whose changing artists are animated, its text
    drawn from sprites (`FigureView.cache_text`). title=False hides the diagram's title line
    (for the widget, which shows it as HTML)."""
    if not title:
        figsize = (figsize[0], figsize[1] - 0.45)   # no title line: less empty space on top
    view = DiagramView(figsize=figsize, dpi=dpi, css_class=css_class)
    view.cache_text()   # a label drawn before (same number, same place) is pasted, not drawn again
    ax = view.figure.add_axes((0.0, 0.0, 1.0, 1.0))
    input_names = names[0] if names else None
    diagram = NetworkDiagram(ax, layer_sizes, input_names=input_names)
    if not title:
        # The widget shows the title as HTML. The inputs and Y, which change once per row, move
        # too: with the labels' sprites they cost almost nothing, and a new row needs no full redraw.
        diagram.title.set_visible(False)
        bottom, top = ax.get_ylim()
        ax.set_ylim(bottom, top - 0.55)
    view.animate(*diagram.artists(include_title=title))
    return view, diagram

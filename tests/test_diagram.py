"""The network diagram: edge styles, names, in-place updates, and labels that never overlap."""

import itertools

import numpy as np
import pytest
from matplotlib.figure import Figure

import nnlesson as nl
from nnlesson.lessons import lesson3
from nnlesson.lessons.backprop_steps import STAGES, backprop_row, edge_label_position, node_names, node_positions
from nnlesson.plots import NEGATIVE, POSITIVE
from nnlesson.widgets import backprop as bp
from nnlesson.widgets.diagram import MAX_WIDTH, MIN_WIDTH, NetworkDiagram, diagram_view, edge_style


def test_edge_style_colour_is_the_sign_and_width_grows_with_size():
    assert edge_style(-0.5)[0] == NEGATIVE
    assert edge_style(0.5)[0] == POSITIVE
    assert edge_style(0.0) == (POSITIVE, MIN_WIDTH)
    widths = [edge_style(w)[1] for w in (0.0, 0.1, 0.5, 1.0, 2.0)]
    assert widths == sorted(widths) and len(set(widths)) == 5
    assert edge_style(-1.0)[1] == edge_style(1.0)[1]
    assert edge_style(1e9)[1] == MAX_WIDTH
    assert edge_style(float("inf"))[1] == MAX_WIDTH
    with pytest.raises(TypeError, match="w must be a finite number"):
        edge_style("0.5")


def test_node_names():
    assert node_names([3, 2, 1]) == [["X1", "X2", "X3"], ["h1", "h2"], ["Y_pred"]]
    assert node_names([2, 3, 2, 2])[1:] == [["h1_1", "h1_2", "h1_3"], ["h2_1", "h2_2"], ["Y_pred1", "Y_pred2"]]
    with pytest.raises(ValueError, match="names were given"):
        node_names([3, 1], input_names=["a", "b"])
    with pytest.raises(ValueError, match="at least two positive"):
        node_names([3])
    with pytest.raises(TypeError, match="layer_sizes"):
        node_names("3,1")


def test_positions_are_centred_and_labels_sit_on_their_edges():
    pos = node_positions([3, 2, 1])
    assert [len(p) for p in pos] == [3, 2, 1]
    assert pos[2][0][1] == 0.0 and pos[0][1][1] == 0.0
    for l, (n_from, n_to) in enumerate([(3, 2), (2, 1)]):
        for i in range(n_from):
            for j in range(n_to):
                (x0, y0), (x1, y1) = pos[l][i], pos[l + 1][j]
                x, y = edge_label_position(l, i, j, [3, 2, 1])
                t = (x - x0) / (x1 - x0)
                assert 0.2 < t < 0.8
                assert y == pytest.approx(y0 + t * (y1 - y0))


def _diagram(sizes=(3, 2, 1)):
    fig = Figure(figsize=(9.4, 4.6), dpi=90)
    ax = fig.add_axes((0, 0, 1, 1))
    return fig, NetworkDiagram(ax, list(sizes))


def test_updates_change_the_same_artists_in_place():
    fig, d = _diagram()
    line, text = d.edges[0][1][0], d.edge_labels[0][1][0]
    W1 = np.array([[0.2, -0.4], [-1.5, 0.1], [0.0, 3.0]])
    d.set_weights([(W1, np.zeros(2)), (np.array([[0.7], [-0.2]]), np.zeros(1))])
    assert d.edges[0][1][0] is line
    assert line.get_color() == NEGATIVE and line.get_linewidth() == pytest.approx(edge_style(-1.5)[1])
    assert d.edges[1][0][0].get_color() == POSITIVE
    d.set_edge_labels(0, W1)
    assert d.edge_labels[0][1][0] is text and text.get_text() == "−1.5"
    d.set_edge_labels(0, None)
    assert text.get_text() == "" and not text.get_visible()
    d.set_node_values(1, None)
    assert [t.get_text() for t in d.values[1]] == ["?", "?"]
    d.set_node_values(1, [0.25, 0.125], ["z = 1", "z = 2"])
    assert [t.get_text() for t in d.values[1]] == ["0.25", "0.125"]
    assert d.captions[1][1].get_text() == "z = 2"
    d.emphasise(active_layers=(1,), active_nodes=(2,))
    assert d.edges[1][0][0].get_alpha() == 1.0 and d.edges[0][0][0].get_alpha() < 0.5
    assert d.rings[2][0].get_visible() and not d.rings[1][0].get_visible()


def test_bad_updates_raise_clear_errors():
    fig, d = _diagram()
    with pytest.raises(ValueError, match=r"shape \(3, 2\)"):
        d.set_weights([(np.zeros((2, 3)), np.zeros(3)), (np.zeros((2, 1)), np.zeros(1))])
    with pytest.raises(ValueError, match="2 \\(W, b\\) pairs"):
        d.set_weights([(np.zeros((3, 2)), np.zeros(2))])
    with pytest.raises(ValueError, match="layer must be"):
        d.set_edge_labels(2, None)
    with pytest.raises(ValueError, match="has 2 nodes"):
        d.set_node_values(1, [1.0])
    with pytest.raises(ValueError, match="unknown kind"):
        d.set_edge_labels(0, None, kind="bold")
    with pytest.raises(ValueError, match="fontsize"):
        NetworkDiagram(Figure().add_subplot(), [3, 1], fontsize=7)


def test_artists_for_blitting():
    fig, d = _diagram()
    everything = d.artists()
    lean = d.artists(include_inputs=False, include_title=False)
    assert d.title in everything and d.title not in lean
    assert all(t not in lean for t in d.values[0]) and d.target not in lean
    assert set(lean) < set(everything)
    assert all(line in lean for row in d.edges[0] for line in row)


def _extents(fig, texts):
    renderer = fig.canvas.get_renderer()
    boxes = []
    for t in texts:
        if t.get_visible() and t.get_text():
            patch = t.get_bbox_patch()
            boxes.append((t.get_text(), patch.get_window_extent(renderer) if patch else t.get_window_extent(renderer)))
    return boxes


@pytest.mark.parametrize("stage", STAGES)
def test_no_text_overlaps_another_and_all_fit_in_the_figure(stage):
    """Every stage of the lesson's first row, drawn as the notebook shows it: no two texts
    overlap and none is cut off at the figure's edge."""
    step = lesson3.first_row_step()
    view, d = diagram_view([3, 2, 1], step.names)
    bp.draw_stage(d, step, stage)
    view.draw(full=True)
    texts = [t for group in (d.values, d.names, d.captions) for layer in group for t in layer]
    texts += [t for l in d.edge_labels for row in l for t in row] + [d.target, d.note, d.title]
    boxes = _extents(view.figure, texts)
    assert len(boxes) >= 15
    fig_box = view.figure.bbox
    for text, box in boxes:
        assert fig_box.x0 <= box.x0 and box.x1 <= fig_box.x1 and fig_box.y0 <= box.y0 and box.y1 <= fig_box.y1, text
    for (ta, a), (tb, b) in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), f"{ta!r} overlaps {tb!r} at stage {stage}"


def test_diagram_for_a_bigger_network_draws():
    net = nl.Network([3, 4, 1], seed=2)
    X = np.ones((1, 3))
    step = backprop_row(net, X[0], 0.5, 0.1)
    png = bp.stage_image(step, "hidden_gradients").data
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000

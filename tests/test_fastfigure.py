"""nnlesson.widgets.fastfigure: a whole figure drawn through kept glyphs with titles and x labels
placed once per layout, and one axes redrawn alone, must give exactly the pixels of matplotlib's own
full redraw, for every explorer's figure."""

import matplotlib
import numpy as np
import PIL.Image
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from nnlesson.lessons import capstone, lesson3
from nnlesson.widgets import (BackpropStepper, ClassifierPlayground, DescentPlayer, DigitExplorer,
                              GradCheckExplorer, ResidualExplorer, SaturationExplorer, SoftmaxExplorer,
                              TrainingExplorer, TrainingMonitor, TwoClassExplorer, WeightExplorer)
from nnlesson.widgets import base, fastfigure
from nnlesson.widgets.base import FigureView
from nnlesson.widgets.diagram import DiagramView
from nnlesson.training import History
from nnlesson.widgets.fastfigure import draw_axes, draw_figure, kept_layouts, region_of


@pytest.fixture(autouse=True)
def clean_default(monkeypatch):
    monkeypatch.delenv(FigureView.ENV_PIXEL_RATIO, raising=False)
    monkeypatch.setattr(FigureView, "_default_ratio", None)


@pytest.fixture(scope="module")
def digits():
    split = capstone.split_digits()
    return split, capstone.train_digits(split=split, epochs=2)


def matplotlib_background(view):
    """What matplotlib's own canvas.draw() draws now (the still part: animated artists left out),
    with titles and x labels placed afresh (nnlesson's draws leave matplotlib's placing on)."""
    # the network diagram draws its text unhinted (DiagramView.draw)
    hinting = {"text.hinting": "no_hinting"} if isinstance(view, DiagramView) else {}
    with matplotlib.rc_context(hinting):
        view.canvas.draw()
    return np.asarray(view.canvas.buffer_rgba()).copy()


def background(view):
    """The still part FigureView keeps (what its last full or per-axes redraw drew)."""
    view.canvas.restore_region(view._background)
    return np.asarray(view.canvas.buffer_rgba()).copy()


def builders(digits_fixture):
    X, Y = lesson3.lesson_data()
    return {
        "WeightExplorer": WeightExplorer,
        "DescentPlayer": DescentPlayer,
        "BackpropStepper": lambda: BackpropStepper(lesson3.lesson_network(), X, Y, lr=lesson3.LR),
        "GradCheckExplorer": lambda: GradCheckExplorer(lesson3.lesson_network(), X, Y),
        "TrainingExplorer": TrainingExplorer,
        "ResidualExplorer": ResidualExplorer,
        "SoftmaxExplorer": SoftmaxExplorer,
        "SaturationExplorer": SaturationExplorer,
        "TwoClassExplorer": TwoClassExplorer,
        "ClassifierPlayground": ClassifierPlayground,
        "TrainingMonitor": lambda: TrainingMonitor(epochs=5),
        "DigitExplorer": lambda: DigitExplorer(digits_fixture[1].net, digits_fixture[0], index=3),
    }


NAMES = ["WeightExplorer", "DescentPlayer", "BackpropStepper", "GradCheckExplorer", "TrainingExplorer",
         "ResidualExplorer", "SoftmaxExplorer", "SaturationExplorer", "TwoClassExplorer",
         "ClassifierPlayground", "TrainingMonitor", "DigitExplorer"]


@pytest.mark.parametrize("name", NAMES)
def test_every_explorers_full_redraw_is_matplotlibs(name, digits):
    """The first frame and a later full redraw (titles and x labels kept from the first) draw
    exactly what canvas.draw() draws."""
    explorer = builders(digits)[name]()
    view = explorer.view
    first = background(view)
    assert np.array_equal(first, matplotlib_background(view))
    view.render(full=True)       # a second full redraw: the places kept from the first are used
    places = view.figure._nnl_places
    assert all(id(ax) in places.kept for ax in view.figure.axes)
    # outside nnlesson's own draws matplotlib places them as usual (savefig at another dpi, say)
    assert all(ax._autotitlepos is not False and ax.xaxis._autolabelpos for ax in view.figure.axes)
    assert np.array_equal(background(view), matplotlib_background(view))
    assert np.array_equal(background(view), first)


def test_places_are_measured_again_when_the_layout_changes():
    view = FigureView(figsize=(6, 3))
    ax = view.figure.add_subplot(1, 1, 1)
    ax.plot([0, 1], [0, 1])
    ax.set(title="A title", xlabel="epoch", ylabel="loss")
    view.render()
    view.figure.subplots_adjust(bottom=0.3, top=0.7)   # moves the axes: the kept places are stale
    view.render(full=True)
    assert np.array_equal(background(view), matplotlib_background(view))
    view.figure.set_size_inches(7, 3)
    view.render(full=True)
    assert np.array_equal(background(view), matplotlib_background(view))


def test_draw_figure_alone_is_canvas_draw():
    fig = Figure(figsize=(5, 3), dpi=160)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 2, 1)
    ax.plot([1, 2, 3], [3, 1, 2], marker="o")
    ax.set(title="Loss: lower is better", xlabel="epoch", ylabel="MSE", yscale="log")
    ax2 = fig.add_subplot(1, 2, 2)
    ax2.bar([1, 2], [0.5, 0.25])
    ax2.text(1, 0.3, "0.250", bbox=dict(fc="white"))
    for _ in range(2):  # the second time with the places kept
        draw_figure(canvas)
        ours = np.asarray(canvas.buffer_rgba()).copy()
        canvas.draw()
        assert np.array_equal(ours, np.asarray(canvas.buffer_rgba()))


def test_residual_explorer_redraws_only_its_squared_errors_panel_when_its_axis_grows(monkeypatch):
    e = ResidualExplorer()
    view = e.view
    full = []
    monkeypatch.setattr(base, "draw_figure", lambda canvas: (full.append(1), draw_figure(canvas)))
    tops = {e._sq_top}
    value = e.low + 0.3
    while len(tops) < 4 and value < e.high:   # walk the prediction until the axis top changed 3 times
        e.pred_slider.value = value
        tops.add(e._sq_top)
        assert np.array_equal(background(view), matplotlib_background(view)), f"prediction {value}"
        value += 0.05
    assert len(tops) == 4
    assert full == []          # not one full redraw: the panel alone each time


def test_training_monitor_redraws_only_the_panel_whose_axis_widened(digits, monkeypatch):
    split, _ = digits
    monitor = TrainingMonitor(epochs=3)
    full = []
    monkeypatch.setattr(base, "draw_figure", lambda canvas: (full.append(1), draw_figure(canvas)))
    widened = []

    def callback(event):
        before = monitor.ax_acc.get_ylim()
        monitor.callback(event)
        widened.append(monitor.ax_acc.get_ylim() != before)
        assert np.array_equal(background(monitor.view), matplotlib_background(monitor.view))

    capstone.train_digits(split=split, epochs=3, batch_size=32, callback=callback)
    assert widened[0]          # epoch 1's accuracy (about 70 %) is below the axis's 80 %
    assert full == []


def test_region_of_two_panels_ends_where_the_neighbours_labels_begin():
    view = FigureView(figsize=(8, 3), pixel_ratio=1)
    fig = view.figure
    fig.subplots_adjust(left=0.1, right=0.9, wspace=0.6)   # a gap wider than the right panel's labels
    left, right = fig.add_subplot(1, 2, 1), fig.add_subplot(1, 2, 2)
    right.set_ylim(0, 1000)
    right.set_ylabel("squared error")
    view.render()
    view.canvas.restore_region(view._background)
    pixels = np.asarray(view.canvas.buffer_rgba())
    white = np.array([255, 255, 255, 255], dtype=np.uint8)
    a, b = region_of(left, pixels, white), region_of(right, pixels, white)
    assert a[:2] == (0, 0) and b[2:] == (640, 240) and a[3] == b[3] == 240
    assert a[2] == b[0]                                 # they meet, at a column of plain background
    label = right.yaxis.label.get_window_extent()
    assert left.bbox.x1 < a[2] < label.x0               # the right panel's label is on its side
    assert (pixels[:, a[2]] == white).all()


def test_draw_axes_declines_where_it_could_not_match_a_full_redraw():
    view = FigureView(figsize=(6, 3), pixel_ratio=1)
    fig = view.figure
    fig.subplots_adjust(wspace=0.5)   # room between the panels (see the crowded case at the end)
    ax = fig.add_subplot(1, 2, 1)
    other = fig.add_subplot(1, 2, 2)
    assert not draw_axes(view.canvas, [ax])          # no full redraw yet: nothing kept to draw over
    view.render()
    assert draw_axes(view.canvas, ax)
    twin = ax.twinx()                                  # another axes over ax's box
    view.render(full=True)
    assert not draw_axes(view.canvas, [ax])
    twin.remove()
    fig.suptitle("over both panels")                   # a figure-level text
    view.render(full=True)
    assert not draw_axes(view.canvas, [other])
    fig.texts.clear()
    fig.patch.set_alpha(0.5)                           # a see-through background
    view.render(full=True)
    assert not draw_axes(view.canvas, [other])
    fig.patch.set_alpha(1)
    view.render(full=True)
    fig.subplots_adjust(left=0.2)                      # moved since the last full redraw
    assert not draw_axes(view.canvas, [other])
    assert fastfigure.draw_axes(view.canvas, []) is False
    fig.subplots_adjust(left=0.125, wspace=0.2)        # crowded: ax's last tick label reaches the
    view.render(full=True)                             # other panel's numbers, no plain strip between
    assert not draw_axes(view.canvas, [ax])


def test_figure_view_falls_back_to_a_full_redraw(monkeypatch):
    view = FigureView(figsize=(6, 3), pixel_ratio=1)
    ax = view.figure.add_subplot(1, 1, 1)
    ax.twinx()
    view.render()
    ax.set_ylim(0, 5)
    view.render(axes=[ax])     # cannot be done alone (a twin): the whole figure instead
    assert np.array_equal(background(view), matplotlib_background(view))


def history_of(n):
    """A made-up History of n epochs: the loss falling, the accuracy rising."""
    h = History(initial_loss=2.3, initial_val_loss=2.3, initial_metrics={"accuracy": 0.1},
                initial_val_metrics={"accuracy": 0.1})
    h.loss, h.val_loss = list(np.geomspace(1.0, 10 ** (-n / 8), n)), list(np.geomspace(1.1, 10 ** (-n / 9), n))
    accuracy = list(1 - np.geomspace(0.3, 0.3 * 10 ** (-n / 20), n))
    h.metrics, h.val_metrics, h.epochs_run = {"accuracy": accuracy}, {"accuracy": accuracy}, n
    return h


@pytest.mark.parametrize("ratio", [1.0, 1.5, 2.0])
def test_a_monitor_run_longer_than_planned_matches_a_full_redraw(ratio):
    """Both panels' x axes grow (0-1 to 0-3.5): the last tick label "3.5" reaches past the middle
    of the gap between the panels, so the panels are not redrawn alone; what is drawn is always
    a full redraw's pixels (a review found "3." cut off here before)."""
    FigureView.set_default_pixel_ratio(ratio)
    monitor = TrainingMonitor(epochs=1)
    for n in range(1, 12):
        monitor.history = history_of(n)
        monitor.redraw()
        assert np.array_equal(background(monitor.view), matplotlib_background(monitor.view)), (ratio, n)


def test_draw_axes_declines_when_a_neighbours_text_lies_in_the_region():
    view = FigureView(figsize=(8, 3))
    fig = view.figure
    fig.subplots_adjust(wspace=0.45)
    a, b = fig.add_subplot(1, 2, 1), fig.add_subplot(1, 2, 2)
    a.plot([0, 1], [0, 1])
    b.plot([0, 1], [0, 10])
    a.text(1.22, 0.5, "note", transform=a.transAxes, ha="left", va="center")   # right of a, near b's labels
    b.set_ylabel("value")
    view.render()
    b.set_ylim(0, 1000)
    view.canvas.restore_region(view._background)
    assert not draw_axes(view.canvas, [b])
    view.render(axes=[b])
    assert np.array_equal(background(view), matplotlib_background(view))


def test_draw_axes_declines_for_an_axis_shared_with_an_axes_left_out():
    view = FigureView(figsize=(8, 3), pixel_ratio=1)
    a = view.figure.add_subplot(1, 2, 1)
    b = view.figure.add_subplot(1, 2, 2, sharey=a)
    a.plot([0, 1], [0, 1])
    view.render()
    a.set_ylim(0, 5)   # b's ticks change too
    view.canvas.restore_region(view._background)
    assert not draw_axes(view.canvas, [a])
    assert draw_axes(view.canvas, [a, b])
    view.render(axes=[a])
    assert np.array_equal(background(view), matplotlib_background(view))


def test_savefig_at_another_dpi_places_titles_and_labels_afresh():
    """The places kept for nnlesson's own draws are not left on the figure: a savefig at another
    dpi gives the same picture as the same figure never drawn by nnlesson."""
    import io

    def build(view):
        ax = view.figure.add_subplot(1, 1, 1)
        ax.plot([0, 1], [0, 2])
        ax.set(title="Loss", xlabel="epoch", ylabel="MSE")
        return view.figure

    def saved(fig):
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=60)
        return np.asarray(PIL.Image.open(buffer))

    drawn = FigureView(figsize=(5, 3))
    fig = build(drawn)
    drawn.render()
    drawn.render(full=True)
    assert np.array_equal(saved(fig), saved(build(FigureView(figsize=(5, 3)))))


def test_kept_layouts_puts_matplotlibs_method_back_however_it_ends():
    original = Text._get_layout
    with kept_layouts():
        with kept_layouts():
            assert Text._get_layout is not original
        assert Text._get_layout is not original      # still inside the outer one
    assert Text._get_layout is original
    with pytest.raises(KeyboardInterrupt):
        with kept_layouts():
            raise KeyboardInterrupt
    assert Text._get_layout is original

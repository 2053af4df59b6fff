"""The classifier playground's loss choice, its starts, its hidden-neuron pictures, and how a
diverged run's curves end (issue 11: items 1, 5 and 7)."""

import io

import matplotlib.image as mpimg
import matplotlib.pyplot as plt
import numpy as np
import pytest

import nnlesson as nl
from nnlesson.lessons.lesson5 import epochs_to_reach, penguin_split, starting_network, train_classifier
from nnlesson.lessons.lesson5_playground import (STARTS, activation_colours, confidently_wrong_network,
                                                 hidden_activation_grids, playground_network)
from nnlesson.widgets import ClassifierPlayground
from nnlesson.widgets.curves import TrainingCurves


@pytest.fixture(scope="module")
def split():
    return penguin_split()


# -- the confidently wrong start ---------------------------------------------------------------------
def test_confidently_wrong_start_is_wrong_and_sure(split):
    net = confidently_wrong_network(split)
    P = net.forward(split.X_train)
    assert nl.accuracy(P, split.Y_train) < 1 / 3                    # below chance
    assert nl.accuracy(P, split.Y_train) == pytest.approx(4 / 256)  # measured: 4 of 256 rows right
    assert P.max(axis=1).mean() > 0.9
    assert P.max(axis=1).mean() == pytest.approx(0.9953, abs=1e-4)
    # the hidden layer is the seeded starting network's; only the output layer is set
    start = starting_network(split)
    np.testing.assert_array_equal(net.layers[0].W, start.layers[0].W)
    # the class it is sure of is the next one (k → k+1) for most rows
    wrong = (split.labels_train + 1) % split.n_classes
    assert np.mean(P.argmax(axis=1) == wrong) > 0.9


def test_the_wrong_start_is_wrong_but_unsure(split):
    net = playground_network(split, start="wrong")
    P = net.forward(split.X_train)
    assert nl.accuracy(P, split.Y_train) < 0.1
    assert 0.4 < P.max(axis=1).mean() < 0.7


def test_cross_entropy_recovers_from_confidently_wrong_and_squared_error_does_not(split):
    runs = {loss: train_classifier(split, net=confidently_wrong_network(split), loss=loss, epochs=60)[1]
            for loss in ("cross_entropy", "mse")}
    ce = runs["cross_entropy"].curve("accuracy", validation=True)
    mse = runs["mse"].curve("accuracy", validation=True)
    assert ce[0] == mse[0] == pytest.approx(4 / 86)             # the same start: 4 of 86 test penguins right
    assert ce[-1] > 0.9 and ce[-1] == pytest.approx(79 / 86)   # 91.86% after 60 epochs
    assert epochs_to_reach(ce, 0.9) == 11
    assert max(mse) == pytest.approx(32 / 86)                  # squared error: stuck at 37.21% for 60 epochs
    assert epochs_to_reach(mse, 0.5) is None
    assert not runs["cross_entropy"].diverged and not runs["mse"].diverged


def test_playground_network_checks_start(split):
    with pytest.raises(ValueError, match="unknown start 'sideways'"):
        playground_network(split, start="sideways")
    assert STARTS[0] == "wrong"
    with pytest.raises(ValueError, match="scale must be"):
        confidently_wrong_network(split, scale=-1)


# -- the playground ---------------------------------------------------------------------------------
def test_default_first_frame_is_visibly_wrong_then_train_forms_the_regions():
    play = ClassifierPlayground()
    r = play.readouts()
    assert r["test_accuracy"] == pytest.approx(4 / 86)   # 4.65%: the regions lie over the wrong species
    assert r["train_accuracy"] == pytest.approx(4 / 256)
    assert "wrong on purpose" in play.status_html.value
    scores = play.train()
    assert scores["test_accuracy"] == pytest.approx(80 / 86)   # 93.02% after one Train (60 epochs)


def test_loss_choice_trains_with_the_chosen_loss(split):
    play = ClassifierPlayground(loss="mse", start="confidently wrong", epochs=20)
    assert play.ax_loss.get_ylabel() == "squared error"
    assert "squared error" in play._readout_html["loss"].value
    assert play.readouts()["loss"] == pytest.approx(play.net.loss(split.X_train, split.Y_train, "mse"))
    scores = play.train()
    _, twin = train_classifier(split, net=confidently_wrong_network(split), loss="mse", epochs=20)
    assert scores["test_accuracy"] == pytest.approx(twin.curve("accuracy", validation=True)[-1])
    assert play.readouts()["loss"] == pytest.approx(twin.final_loss)
    assert "MSE on the test rows" in play.history.message
    play.loss_buttons.value = "cross_entropy"   # a new network, trained with cross-entropy
    assert play.history.epochs_run == 0 and play.ax_loss.get_ylabel() == "cross-entropy"
    assert play.train()["test_accuracy"] > 0.9


def test_confidently_wrong_button_sets_the_start():
    play = ClassifierPlayground()
    play.train(epochs=3)
    play.wrong_button.click()
    assert play.settings()["start"] == "confidently wrong"
    assert play.history.epochs_run == 0
    assert play.readouts()["loss"] > 30     # cross-entropy of a sure, wrong network: 42.1
    play.train(epochs=2)
    play.wrong_button.click()               # again: back to the same confidently wrong network
    assert play.history.epochs_run == 0 and play.readouts()["loss"] == pytest.approx(42.1439, abs=1e-3)


def test_settings_round_trip_holds_loss_and_start():
    play = ClassifierPlayground(loss="mse", start="random", n_hidden=3)
    s = play.settings()
    assert s["loss"] == "mse" and s["start"] == "random"
    again = ClassifierPlayground(**s)
    assert again.settings() == s
    assert again.readouts() == play.readouts()
    assert "loss='mse'" in play.code() and "start='random'" in play.code()
    for bad, match in (({"loss": "hinge"}, "unknown loss 'hinge'"), ({"start": "sure"}, "unknown start 'sure'")):
        with pytest.raises(ValueError, match=match):
            ClassifierPlayground(**bad)


# -- hidden-neuron pictures -----------------------------------------------------------------------
def test_hidden_activation_grids_are_the_hidden_layer(split):
    net = starting_network(split, n_hidden=5, activation="relu", seed=3)
    xs, ys = np.linspace(-2, 2, 7), np.linspace(-1, 3, 7)
    gx, gy = np.meshgrid(xs, ys)
    points = np.column_stack([gx.ravel(), gy.ravel()])
    grids = hidden_activation_grids(net, points, 7)
    assert grids.shape == (5, 7, 7)
    A = net.layers[0].forward(points)
    for j in range(5):
        np.testing.assert_allclose(grids[j], A[:, j].reshape(7, 7))
    # row i is the grid row at ys[i]: neuron j at (xs[2], ys[4])
    W, b = net.layers[0].W, net.layers[0].b
    assert grids[1, 4, 2] == pytest.approx(max(0.0, xs[2] * W[0, 1] + ys[4] * W[1, 1] + b[1]))
    with pytest.raises(ValueError, match="points must have shape"):
        hidden_activation_grids(net, points[:-1], 7)
    with pytest.raises(ValueError, match="hidden layer"):
        hidden_activation_grids(nl.Network([2, 3], output="softmax"), points, 7)


def test_activation_colours_diverge_around_zero():
    rgba = activation_colours(np.array([[-1.0, 0.0], [1.0, 5.0]]))
    assert rgba.shape == (2, 2, 4) and rgba.dtype == np.uint8
    # top row of the picture = last grid row: 1 (purple) and 5 (clipped to purple too)
    np.testing.assert_array_equal(rgba[0, 0], rgba[0, 1])
    assert rgba[0, 0, 2] > rgba[0, 0, 1]              # purple: more blue than green
    assert rgba[1, 0, 0] > rgba[1, 0, 2]              # −1: orange, more red than blue
    assert np.all(rgba[1, 1, :3] > 240)               # 0: near white
    assert activation_colours(np.zeros((3, 4, 4))).shape == (3, 4, 4, 4)
    with pytest.raises(ValueError, match="low must be below high"):
        activation_colours(np.zeros((2, 2)), low=1, high=1)


def test_playground_shows_each_hidden_neuron_as_it_trains():
    play = ClassifierPlayground(n_hidden=12, start="random", epochs=2)
    shown = [box.layout.display != "none" for box in play.hidden_boxes]
    assert shown == [True] * 8 and play.more_html.value == "+4 more"
    assert [t.value for t in play.hidden_titles] == [f"h{j}" for j in range(1, 9)]
    before = play.hidden_images[0].value
    play.train()
    expected = hidden_activation_grids(play.net, play.hidden_grid, 40)
    assert expected.shape == (12, 40, 40)
    np.testing.assert_allclose(play.hidden_pictures, expected)
    assert play.hidden_images[0].value != before          # redrawn after training
    picture = mpimg.imread(io.BytesIO(play.hidden_images[2].value), format="png")
    assert picture.shape[:2] == (120, 120)                # each of the 40×40 cells as 3×3 pixels
    np.testing.assert_allclose(picture[1::3, 1::3], activation_colours(expected[2]) / 255, atol=1 / 255)
    play.hidden_slider.value = 3
    assert [box.layout.display != "none" for box in play.hidden_boxes] == [True] * 3 + [False] * 5
    assert play.more_html.value == ""


# -- a diverged run's curves ------------------------------------------------------------------------
def _diverged_history():
    X = np.linspace(-1, 1, 20).reshape(-1, 1)
    net = nl.Network([1, 1], seed=0)
    # the whole batch, lr 3: each step overshoots the bowl's bottom by more; blows up at epoch 7
    history = nl.train(net, X, 3 * X, lr=3, epochs=60, batch_size=20, warn=False)
    assert history.diverged and history.epochs_run == 6 and "epoch 7" in history.message
    return history


def test_diverged_curves_end_at_the_last_finite_value_with_a_marker():
    history = _diverged_history()
    fig, ax = plt.subplots()
    curves = TrainingCurves(ax, "loss", epochs=history.epochs_run + 1)
    curves.update(history)
    xs, ys = curves.train_line.get_data()
    last = history.epochs_run
    assert list(xs) == list(range(last + 1)) and ys[-1] == history.loss[-1]
    mx, my = curves.diverged_marker.get_data()
    assert list(mx) == [last] and list(my) == [history.loss[-1]]
    assert curves.diverged_text.get_visible() and curves.diverged_text.get_text() == "diverged"
    assert curves.diverged_text.xy == (last, history.loss[-1])
    # a run that did not blow up: no marker
    history.diverged = False
    curves.update(history)
    assert len(curves.diverged_marker.get_data()[0]) == 0 and not curves.diverged_text.get_visible()
    plt.close(fig)


def test_playground_marks_a_diverged_run():
    play = ClassifierPlayground(start="random", lr=100, epochs=5)
    play.train()
    assert play.history.diverged and play.history.epochs_run == 0
    for curves in (play.loss_curves, play.accuracy_curves):
        mx, my = curves.diverged_marker.get_data()
        assert list(mx) == [0] and curves.diverged_text.get_visible()
    assert list(play.loss_curves.diverged_marker.get_data()[1]) == [pytest.approx(play.readouts()["loss"])]
    play.reset()
    assert not play.loss_curves.diverged_text.get_visible()


def test_default_start_is_wrong_for_the_penguins_and_random_for_own_data():
    from nnlesson.data import load_wine
    play = ClassifierPlayground()
    assert play.settings()["start"] == "wrong" and play.code() == (
        "ClassifierPlayground(features=('bill_length_mm', 'bill_depth_mm'))")
    assert "start='random'" in ClassifierPlayground(start="random").code()
    wine = ClassifierPlayground(data=load_wine())
    assert wine.settings()["start"] == "random" and "start=" not in wine.code()
    assert "start='wrong'" in ClassifierPlayground(data=load_wine(), start="wrong").code()


def test_hidden_pictures_are_indexed_pngs_with_the_pixels_of_a_fresh_rgba_encode():
    from matplotlib import colormaps

    from nnlesson.lessons.lesson5_playground import activation_indices, activation_palette
    from nnlesson.widgets.png import encode_png

    play = ClassifierPlayground(n_hidden=4, start="random", epochs=3)
    play.train()
    pictures = activation_colours(play.hidden_pictures[:4])
    for image, rgba in zip(play.hidden_images, pictures):
        assert image.value[25] == 3                      # IHDR colour type 3: indexed colour, a byte a pixel
        fresh = encode_png(rgba.repeat(3, axis=0).repeat(3, axis=1))
        assert np.array_equal(mpimg.imread(io.BytesIO(image.value), format="png"),
                              mpimg.imread(io.BytesIO(fresh), format="png"))
    # the table and its indices are the colour map's own colours, cell for cell
    grid = np.array([[-2.0, -1.0, -0.5], [0.0, 0.999, 1.0], [1.0 / 3, 5.0, -1e-9]])
    t = np.clip((grid[::-1] + 1) / 2, 0, 1)
    np.testing.assert_array_equal(activation_palette()[activation_indices(grid)], colormaps["PuOr"](t, bytes=True))
    np.testing.assert_array_equal(activation_indices(grid)[::-1][1], [128, 255, 255])
    before = [image.value for image in play.hidden_images]
    play.redraw_regions()                               # the same network again: no picture is sent again
    assert all(image.value is value for image, value in zip(play.hidden_images, before))

"""Classifier playground: plain functions and the widget, without a browser."""

import numpy as np
import pytest

import nnlesson as nl
from nnlesson.data import Split
from nnlesson.lessons.lesson5 import (COMPARE, DEFAULTS, compare_losses, confusion_on_test_rows, decision_grid,
                                      epochs_to_reach, evaluate, grid_points, penguin_split, region_colours,
                                      train_classifier)
from nnlesson.lessons.lesson5_playground import playground_network
from nnlesson.metrics import confusion_matrix
from nnlesson.network import make_network
from nnlesson.training import DIVERGE_FACTOR
from nnlesson.widgets.classifier import ClassifierPlayground


def make_classifier(n_hidden=DEFAULTS["n_hidden"], activation=DEFAULTS["activation"], seed=DEFAULTS["seed"]):
    """The lesson's network, as the playground builds it: 2 → n_hidden → 3, softmax output."""
    return make_network(2, n_hidden, 3, hidden=activation, output="softmax", seed=seed)


@pytest.fixture(scope="module")
def split():
    return penguin_split()


def test_split_is_seeded_standardised_and_stratified(split):
    again = penguin_split()
    np.testing.assert_array_equal(split.X_train, again.X_train)
    assert split.classes == ["Adelie", "Chinstrap", "Gentoo"]
    np.testing.assert_allclose(split.X_train.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(split.X_train.std(axis=0), 1, atol=1e-12)
    np.testing.assert_allclose(split.x_scaler.inverse_transform(split.X_test), split.X_test_raw)
    assert len(split.X_train) + len(split.X_test) == 342  # 344 penguins, 2 with missing bills
    share_train = split.Y_train.mean(axis=0)
    share_test = split.Y_test.mean(axis=0)
    np.testing.assert_allclose(share_train, share_test, atol=0.02)


def test_default_settings_reach_95_percent_test_accuracy(split):
    net, history = train_classifier(split)  # every setting from DEFAULTS
    assert history.epochs_run == DEFAULTS["epochs"] and not history.diverged
    test_accuracy = history.curve("accuracy", validation=True)
    assert test_accuracy[-1] >= 0.95
    assert nl.accuracy(net.forward(split.X_test), split.Y_test) == test_accuracy[-1]
    assert history.curve("loss")[-1] == pytest.approx(history.final_loss)
    assert history.curve("loss")[-1] < history.curve("loss")[0] / 5


def test_cross_entropy_learns_faster_than_squared_error(split):
    runs = compare_losses(split)
    ce, mse = runs["cross_entropy"], runs["mse"]
    assert ce.epochs_run == mse.epochs_run == COMPARE["epochs"]
    ce_test, mse_test = ce.curve("accuracy", validation=True), mse.curve("accuracy", validation=True)
    # the same starting network: same accuracy before the first update
    assert ce_test[0] == mse_test[0]
    reach_ce = epochs_to_reach(ce_test, 0.9)
    reach_mse = epochs_to_reach(mse_test, 0.9)
    assert reach_ce is not None and reach_mse is not None
    assert reach_ce + 8 <= reach_mse
    # over the first 30 epochs cross-entropy is ahead on training accuracy on average
    assert np.mean(ce.curve("accuracy")[1:31]) > np.mean(mse.curve("accuracy")[1:31]) + 0.02


def test_train_classifier_records_match_evaluate(split):
    seen = []
    net, history = train_classifier(split, n_hidden=3, activation="relu", lr=0.05, epochs=4, batch_size=8,
                                    callback=lambda event: seen.append(event.history.epochs_run))
    assert seen == [1, 2, 3, 4]
    e = evaluate(net, split)
    assert history.curve("accuracy", validation=True)[-1] == e["test_accuracy"]
    assert history.curve("loss", validation=True)[-1] == pytest.approx(e["test_loss"])
    assert len(history.curve("loss")) == 5


def test_a_huge_learning_rate_stops_with_a_message(split):
    for activation in ("tanh", "relu", "sigmoid"):
        net, history = train_classifier(split, activation=activation, lr=100.0, epochs=20)
        assert history.diverged
        assert "learning rate" in history.message
        assert all(np.isfinite(v) for v in history.curve("loss") + history.curve("loss", validation=True))
        # the weights left in the network are the last good ones
        assert net.loss(split.X_train, split.Y_train, "cross_entropy") <= DIVERGE_FACTOR * history.curve("loss")[0]
        for W, b in net.parameters():
            assert np.all(np.isfinite(W)) and np.all(np.isfinite(b))


def test_grid_and_decision_regions(split):
    xs, ys, pts = grid_points((0, 1), (10, 20), 100)
    assert pts.shape == (10_000, 2)
    assert pts[0].tolist() == [0, 10] and pts[1].tolist() == [xs[1], 10] and pts[100].tolist() == [0, ys[1]]
    net = make_classifier(seed=1)
    classes, conf = decision_grid(net, pts, 100)
    P = net.forward(pts)
    assert classes.shape == conf.shape == (100, 100)
    # row i is the grid row at ys[i]
    assert classes[3, 7] == P[3 * 100 + 7].argmax()
    assert conf[3, 7] == pytest.approx(P[3 * 100 + 7].max())
    rgba = region_colours(classes, conf)
    assert rgba.shape == (100, 100, 4) and rgba.dtype == np.uint8 and np.all(rgba[..., 3] == 255)
    with pytest.raises(ValueError, match="n·n"):
        decision_grid(net, pts[:50], 100)
    with pytest.raises(ValueError, match="x_range"):
        grid_points((1, 0), (0, 1))


def test_confusion_on_test_rows_counts_every_test_penguin(split):
    # (nl.confusion_matrix and the ConfusionMatrixArt picture are tested in test_engine_shared.py)
    net = make_classifier(seed=1)
    C = confusion_on_test_rows(net, split)
    assert C.shape == (3, 3) and C.sum() == len(split.X_test)
    np.testing.assert_array_equal(C.sum(axis=1), split.Y_test.sum(axis=0))  # row i: the test penguins of class i
    assert np.trace(C) / C.sum() == pytest.approx(nl.accuracy(net.forward(split.X_test), split.Y_test))
    np.testing.assert_array_equal(C, confusion_matrix(split.labels_test, net.forward(split.X_test).argmax(axis=1), 3))


def test_input_checks(split):
    with pytest.raises(ValueError, match="two different"):
        penguin_split(("bill_length_mm", "bill_length_mm"))
    with pytest.raises(ValueError, match="feature"):
        penguin_split(("bill_length_mm", "beak"))
    with pytest.raises(ValueError, match="two penguin columns"):
        penguin_split("bill_length_mm")
    with pytest.raises(TypeError, match="Split"):
        train_classifier("data")
    with pytest.raises(ValueError, match="loss"):
        train_classifier(split, loss="hinge")
    with pytest.raises(ValueError, match="lr"):
        train_classifier(split, lr=-1)
    with pytest.raises(ValueError, match="unknown settings"):
        compare_losses(split, momentum=0.9)
    with pytest.raises(TypeError, match="momentum"):
        ClassifierPlayground(momentum=0.9)
    assert isinstance(split, Split) and "training rows" in repr(split)


# -- the widget ------------------------------------------------------------------------------
def test_playground_training_matches_train_classifier():
    play = ClassifierPlayground()
    image = play.image
    play.hidden_slider.value = 5
    play.activation_dropdown.value = "relu"
    play.lr_slider.value = 0.05
    play.epochs_slider.value = 6
    renders = play.view.renders
    play.train_button.click()
    assert play.view.renders >= renders + 6  # one live redraw per epoch
    split = penguin_split()   # the playground starts "wrong" on purpose (lesson5_playground.playground_network)
    net, history = train_classifier(split, net=playground_network(split, 5, "relu", start="wrong"), lr=0.05, epochs=6)
    r = play.readouts()
    assert r["epoch"] == 6
    assert r["loss"] == pytest.approx(history.curve("loss")[-1])
    assert r["train_accuracy"] == history.curve("accuracy")[-1]
    test_accuracy = history.curve("accuracy", validation=True)[-1]
    assert r["test_accuracy"] == test_accuracy
    assert nl.plots.fmt(100 * test_accuracy) in play._readout_html["test-accuracy"].value
    assert "trained 6 epochs" in play.status_html.value
    # the region image is updated in place, never re-created
    assert play.image is image and list(play.ax_regions.images) == [image]
    shown = np.asarray(play.image.get_array())
    np.testing.assert_array_equal(shown, region_colours(*decision_grid(net, play.grid, 100)))
    # the confusion matrix shows the test rows
    C = play.confusion
    assert C.sum() == len(play.split.X_test)
    assert np.trace(C) / C.sum() == pytest.approx(r["test_accuracy"])
    np.testing.assert_array_equal(C, confusion_on_test_rows(net, play.split))
    shown = [[t.get_text() for t in row] for row in play.confusion_art.texts]
    assert shown == [[str(c) if c else "" for c in row] for row in C.tolist()]
    assert "after epoch 6" in play.confusion_html.value


def test_playground_train_twice_continues_and_reset_restores():
    play = ClassifierPlayground(epochs=3)
    start = play.readouts()
    play.train()
    play.train()
    assert play.readouts()["epoch"] == 6
    assert len(play.history.curve("loss")) == 7
    play.reset_button.click()
    assert play.readouts() == start
    assert "Reset" in play.status_html.value


def test_playground_defaults_go_from_wrong_to_93_percent():
    play = ClassifierPlayground()
    assert play.readouts()["test_accuracy"] < 0.1      # the first frame is visibly wrong: 4.65%
    play.train()
    assert play.readouts()["test_accuracy"] == pytest.approx(80 / 86)   # 93.02%, as lesson 5's answer says


def test_playground_random_start_reaches_95_percent():
    play = ClassifierPlayground(start="random")
    assert play.readouts()["test_accuracy"] == pytest.approx(76 / 86)   # by luck 88.37% right before training
    play.train()
    assert play.readouts()["test_accuracy"] >= 0.95


def test_playground_huge_learning_rate_gives_words_not_nan():
    play = ClassifierPlayground(epochs=5)
    play.lr_slider.value = 100
    play.train()
    r = play.readouts()
    assert all(np.isfinite(v) for v in r.values())
    assert "too large" in play.status_html.value or "smaller learning rate" in play.status_html.value
    for h in play._readout_html.values():
        assert "nan" not in h.value.lower() and "not a number" not in h.value


def test_playground_feature_change_and_network_change():
    play = ClassifierPlayground()
    play.x_dropdown.value = "flipper_length_mm"
    assert play.split.feature_names == ["flipper_length_mm", "bill_depth_mm"]
    lo, hi = play.ax_regions.get_xlim()
    assert lo < play.split.X_train_raw[:, 0].min() and hi > play.split.X_train_raw[:, 0].max()
    assert play.ax_regions.get_xlabel() == "flipper length (mm)"
    expected = evaluate(playground_network(play.split, start="wrong"), play.split)
    assert play.readouts()["test_accuracy"] == expected["test_accuracy"]
    play.y_dropdown.value = "flipper_length_mm"  # the same feature twice: a message, no crash
    assert "two different" in play.status_html.value
    play.y_dropdown.value = "body_mass_g"
    play.hidden_slider.value = 2
    assert play.net.layer_sizes == [2, 2, 3]
    assert "untrained" in play.status_html.value


def test_playground_css_classes():
    play = ClassifierPlayground()
    assert "nnl-classifier" in play.widget._dom_classes
    for w, part in ((play.train_button, "train"), (play.reset_button, "reset"), (play.lr_slider, "lr"),
                    (play.x_dropdown, "x"), (play.view.image, "figure"), (play.status_html, "status")):
        assert f"nnl-classifier-{part}" in w._dom_classes
    assert "nnl-classifier-test-accuracy" in play._readout_html["test-accuracy"]._dom_classes

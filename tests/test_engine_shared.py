"""The concepts defined once in the engine: metrics in History, the divergence rule, the
confusion matrix (and its one picture), the training callbacks the widgets provide."""

import numpy as np
import pytest

import nnlesson as nl
from nnlesson import training
from nnlesson.plots import ConfusionMatrixArt, draw_confusion


def tiny(seed=0, n=12):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    Y, _ = nl.one_hot((X[:, 0] > 0).astype(int) + (X[:, 1] > 0).astype(int))
    return X, Y


def test_train_records_metrics_per_epoch_for_both_parts():
    X, Y = tiny()
    net = nl.Network([2, 4, 3], hidden="tanh", output="softmax", seed=0)
    probe = net.copy()
    history = nl.train(net, X[:8], Y[:8], loss="cross_entropy", lr=0.5, epochs=4, batch_size=4,
                       validation=(X[8:], Y[8:]), metrics=[nl.accuracy])
    assert list(history.metrics) == ["accuracy"] and len(history.metrics["accuracy"]) == 4
    assert history.initial_metrics["accuracy"] == nl.accuracy(probe.forward(X[:8]), Y[:8])
    assert history.initial_val_metrics["accuracy"] == nl.accuracy(probe.forward(X[8:]), Y[8:])
    assert history.metrics["accuracy"][-1] == nl.accuracy(net.forward(X[:8]), Y[:8])
    assert history.val_metrics["accuracy"][-1] == nl.accuracy(net.forward(X[8:]), Y[8:])
    assert history.curve("loss") == [history.initial_loss] + history.loss
    assert history.curve("accuracy", validation=True)[1:] == history.val_metrics["accuracy"]
    with pytest.raises(ValueError, match="no curve called 'f1'"):
        history.curve("f1")


def test_metrics_by_name_and_bad_metrics():
    X, Y = tiny()
    net = nl.Network([2, 3, 3], output="softmax", seed=0)
    h = nl.train(net, X, Y, loss="cross_entropy", epochs=2, metrics={"hits": nl.accuracy})
    assert len(h.curve("hits")) == 3
    with pytest.raises(TypeError, match="metrics must be a list of functions"):
        nl.train(net, X, Y, loss="cross_entropy", metrics="accuracy")
    with pytest.raises(TypeError, match="each metric must be a named function"):
        nl.train(net, X, Y, loss="cross_entropy", metrics=[3])


@pytest.mark.parametrize("loss, start, expected", [
    (5.0, 1.0, False), (10.0, 1.0, False), (10.01, 1.0, True), (5.0, 0.01, False), (11.0, 0.01, True),
    (float("nan"), 1.0, True), (float("inf"), 1.0, True), (30.0, 4.0, False), (41.0, 4.0, True)])
def test_the_one_divergence_rule(loss, start, expected):
    assert training.DIVERGE_FACTOR == 10.0
    assert training.has_diverged(loss, start) is expected


def test_divergence_message_says_from_what_to_what():
    assert training.divergence_message("epoch 3", 0.52, 1.8e7, 2.0) == (
        "diverged at epoch 3: the loss rose from 0.52 to 1.8e+07. Try a smaller learning rate than 2.")
    assert "to infinity" in training.divergence_message("step 2", 1.0, float("inf"), 1.0)
    assert "to not a number" in training.divergence_message("step 2", 1.0, float("nan"), 1.0)


def test_a_loss_infinite_before_training_is_a_data_problem():
    net = nl.Network([1, 1], output="identity", seed=0)
    with pytest.raises(ValueError, match="standardise X"):
        nl.train(net, [[1e200], [2e200]], [[0.0], [1.0]], lr=0.1, epochs=1)


def test_confusion_matrix_counts_and_refuses_bad_labels():
    C = nl.confusion_matrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3)
    np.testing.assert_array_equal(C, [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    assert C.dtype == np.int64 and np.trace(C) / C.sum() == pytest.approx(4 / 6)
    with pytest.raises(ValueError, match=r"true_labels must hold class indices 0 to 2"):
        nl.confusion_matrix([0, 3], [0, 1], 3)
    with pytest.raises(ValueError, match=r"predicted_labels must hold class indices"):
        nl.confusion_matrix([0, 1], [0.5, 1], 3)
    with pytest.raises(ValueError, match="one label per row each"):
        nl.confusion_matrix([0, 1], [0], 3)


def test_rmse_is_the_root_of_the_mse():
    assert nl.rmse([1.0, 2.0, 4.0], [1.0, 2.0, 1.0]) == pytest.approx(np.sqrt(3.0))


def test_confusion_picture_prints_every_count_and_updates_in_place():
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    art = draw_confusion(ax, [[3, 1], [0, 5]], ["cat", "dog"])
    assert [[t.get_text() for t in row] for row in art.texts] == [["3", "1"], ["", "5"]]
    assert art.texts[0][1].get_fontweight() == "bold"  # a mistake stands out
    image = art.image
    art.update(np.array([[2, 2], [2, 2]]))
    assert art.image is image and art.texts[1][0].get_text() == "2"
    with pytest.raises(ValueError, match="C must be a 2×2 matrix"):
        art.update(np.zeros((3, 3)))
    assert isinstance(art, ConfusionMatrixArt)


def test_progress_bar_is_a_callback_and_train_has_no_ui():
    from nnlesson.widgets.progress import ProgressBar, chain

    X, Y = tiny()
    bar = ProgressBar(3, display=False)
    seen = []
    net = nl.Network([2, 3, 3], output="softmax", seed=0)
    history = nl.train(net, X, Y, loss="cross_entropy", epochs=3, callback=chain(bar, lambda e: seen.append(e.epoch)))
    assert bar.bar.value == 3 and bar.label.value == f"epoch 3/3 · loss {history.final_loss:.4g}"
    assert seen == [1, 2, 3]
    bar.finish(history)
    assert bar.bar.bar_style == "success" and bar.label.value == history.message
    with pytest.raises(TypeError):
        nl.train(net, X, Y, loss="cross_entropy", epochs=1, progress=True)


def test_training_curves_follow_the_history_in_place():
    from matplotlib.figure import Figure

    from nnlesson.widgets.curves import TrainingCurves

    X, Y = tiny()
    ax = Figure().add_subplot()
    curves = TrainingCurves(ax, "accuracy", percent=True, epochs=2)
    net = nl.Network([2, 3, 3], output="softmax", seed=0)
    h = nl.train(net, X[:8], Y[:8], loss="cross_entropy", epochs=5, validation=(X[8:], Y[8:]), metrics=[nl.accuracy])
    line = curves.train_line
    assert curves.update(h) is True  # 5 epochs do not fit an axis made for 2
    assert curves.train_line is line
    np.testing.assert_allclose(line.get_ydata(), 100 * np.array(h.curve("accuracy")))
    assert list(curves.test_line.get_xdata()) == list(range(6))
    assert ax.get_xlim()[1] >= 5


def test_training_curves_keep_their_axes_while_the_loss_falls():
    """A falling loss stays inside the axis: no full redraw every epoch (only the lines move)."""
    from matplotlib.figure import Figure

    from nnlesson.widgets.curves import TrainingCurves

    X, Y = tiny(n=40)
    ax = Figure().add_subplot()
    curves = TrainingCurves(ax, "loss", epochs=30)
    net = nl.Network([2, 6, 3], output="softmax", seed=0)
    changes = []
    h = nl.train(net, X, Y, loss="cross_entropy", lr=0.05, epochs=30,
                 callback=lambda e: changes.append(curves.update(e.history, validation=False)))
    assert all(np.diff(h.loss) < 0)  # the loss falls every epoch ...
    assert changes[0] is True and not any(changes[1:])  # ... and the axis set at the start holds it


def test_start_history_is_trains_epoch_zero_and_then_continues_a_run():
    X, Y = tiny(n=20)
    kwargs = dict(loss="cross_entropy", validation=(X[15:], Y[15:]), metrics=[nl.accuracy])
    net = nl.Network([2, 4, 3], output="softmax", seed=0)
    start = training.start_history(net.copy(), X[:15], Y[:15], **kwargs)
    first = nl.train(net, X[:15], Y[:15], lr=0.2, epochs=3, **kwargs)
    assert start.curve("loss") == first.curve("loss")[:1] and start.epochs_run == 0
    assert start.curve("accuracy", validation=True) == first.curve("accuracy", validation=True)[:1]
    second = nl.train(net, X[:15], Y[:15], lr=0.2, epochs=2, **kwargs)
    joined = start.then(first).then(second)
    assert joined.curve("loss") == first.curve("loss") + second.loss
    assert joined.curve("accuracy") == first.curve("accuracy") + second.metrics["accuracy"]
    assert joined.epochs_run == 5 and joined.message == second.message
    with pytest.raises(TypeError, match=r"net must be a Network \(from nnlesson.Network\(...\)\), got "):
        training.start_history("net", X, Y)


def test_merged_settings_names_the_unknown_ones():
    from nnlesson._validate import merged_settings

    assert merged_settings({"lr": 0.1, "epochs": 5}, {"lr": 0.3}) == {"lr": 0.3, "epochs": 5}
    with pytest.raises(ValueError, match=r"unknown settings \['hiden'\]: expected some of \['epochs', 'lr'\]"):
        merged_settings({"lr": 0.1, "epochs": 5}, {"hiden": 3})
    with pytest.raises(TypeError, match="settings must be a dict"):
        merged_settings({"lr": 0.1}, [1, 2])

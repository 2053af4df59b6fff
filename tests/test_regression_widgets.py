"""Lesson 4's explorers, headless: readouts equal numbers computed with nnlesson directly."""

import math

import numpy as np
import pytest

import nnlesson as nl
from nnlesson.lessons import lesson4
from nnlesson.widgets import regression as reg


@pytest.fixture(scope="module")
def data():
    return lesson4.penguin_regression_data()


def manual_split():
    """The lesson's steps written out with the public API, as the notebook does them."""
    penguins = nl.load_penguins(features=["bill_length_mm", "bill_depth_mm", "flipper_length_mm"],
                                target="body_mass_g")
    X_train, X_test, y_train, y_test = nl.train_test_split(penguins.X, penguins.y, test_fraction=0.25, seed=0)
    x_scaler = nl.Standardizer().fit(X_train)
    y_scaler = nl.Standardizer().fit(y_train.reshape(-1, 1))
    return (penguins, x_scaler.transform(X_train), x_scaler.transform(X_test),
            y_scaler.transform(y_train.reshape(-1, 1)), y_scaler.transform(y_test.reshape(-1, 1)), y_scaler)


def fit(sizes, hidden, lr, epochs, batch_size, seed=0):
    _, X_train, X_test, Y_train, Y_test, y_scaler = manual_split()
    net = nl.Network(sizes, hidden=hidden, output="identity", seed=seed)
    history = nl.train(net, X_train, Y_train, lr=lr, epochs=epochs, batch_size=batch_size, seed=seed,
                       validation=(X_test, Y_test))
    return net, history, y_scaler


# -- data and scores --------------------------------------------------------------------------
def test_data_matches_the_public_steps(data):
    penguins, X_train, X_test, Y_train, Y_test, y_scaler = manual_split()
    assert penguins.n_dropped == data.n_dropped == 2
    assert len(data.X_train) + len(data.X_test) == 342
    np.testing.assert_array_equal(data.X_train, X_train)
    np.testing.assert_array_equal(data.Y_test, Y_test)
    assert data.y_std == y_scaler.std[0]
    # fitted on the training rows only: the training part has mean 0 and std 1, the test part not exactly
    np.testing.assert_allclose(data.X_train.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(data.X_train.std(axis=0), 1)
    assert abs(data.X_test.mean()) > 1e-6


def test_the_penguin_split_is_the_shared_split(data):
    from nnlesson.lessons import capstone

    assert isinstance(data, nl.Split) and not data.is_classification
    assert data.feature_names == list(lesson4.FEATURES) and data.target_name == lesson4.TARGET
    with pytest.raises(ValueError, match="regression"):
        lesson4.check_regression_split(capstone.split_digits())


def test_rmse_in_grams_equals_the_rmse_of_predictions_in_grams(data):
    net, _ = lesson4.train_regression(data, **lesson4.NETWORK_SETTINGS)
    scores = lesson4.regression_scores(net, data)
    y_pred = lesson4.predictions_in_grams(net, data.X_test, data.y_scaler)
    direct = math.sqrt(np.mean((y_pred - data.y_test) ** 2))
    assert scores["test_rmse_g"] == pytest.approx(direct, rel=1e-10)
    assert scores["test_mse_g2"] == pytest.approx(direct ** 2, rel=1e-10)


def test_network_beats_linear_model_with_the_lesson_defaults():
    """The notebook's default settings, computed with nnlesson directly: the network wins on test rows."""
    lin, lin_hist, y_scaler = fit([3, 1], "tanh", lr=0.05, epochs=50, batch_size=16)
    net, net_hist, _ = fit([3, 8, 1], "tanh", lr=0.05, epochs=50, batch_size=16)
    lin_rmse = math.sqrt(lin_hist.val_loss[-1]) * y_scaler.std[0]
    net_rmse = math.sqrt(net_hist.val_loss[-1]) * y_scaler.std[0]
    assert not lin_hist.diverged and not net_hist.diverged
    assert net_rmse < lin_rmse - 30, (net_rmse, lin_rmse)
    assert 300 < net_rmse < 340 and 370 < lin_rmse < 400
    # and the settings the module holds are those same defaults
    assert lesson4.NETWORK_SETTINGS == dict(n_hidden=8, activation="tanh", lr=0.05, epochs=50, batch_size=16, seed=0)
    assert lesson4.LINEAR_SETTINGS["n_hidden"] == 0


def test_starting_network_shapes_and_errors(data):
    """The lesson's network comes from nl.make_network: n_hidden=0 is the linear model."""
    assert lesson4.starting_network(data, 0).layer_sizes == [3, 1]
    assert lesson4.starting_network(data, 5, "relu").layer_sizes == [3, 5, 1]
    assert lesson4.starting_network(data, 5).output == "identity"
    same = nl.make_network(3, 5, 1, hidden="relu", output="identity", seed=2)
    assert np.array_equal(lesson4.starting_network(data, 5, "relu", seed=2).layers[0].W, same.layers[0].W)
    with pytest.raises(ValueError, match="activation"):
        lesson4.starting_network(data, 4, "softmax")
    with pytest.raises(TypeError, match="n_hidden"):
        lesson4.starting_network(data, 2.5)
    with pytest.raises(ValueError, match="n_hidden"):
        lesson4.starting_network(data, -1)


def test_rmse_in_grams_checks_inputs():
    assert lesson4.rmse_in_grams(0.25, 800.0) == pytest.approx(400.0)
    with pytest.raises(ValueError, match="mse_standardised"):
        lesson4.rmse_in_grams(-0.1, 800.0)
    with pytest.raises(ValueError, match="y_std"):
        lesson4.rmse_in_grams(0.1, 0.0)


def test_render_every_caps_the_frames():
    assert lesson4.render_every(10) == 1
    assert lesson4.render_every(200) == 5
    assert 200 / lesson4.render_every(200) <= lesson4.MAX_FRAMES


# -- residuals --------------------------------------------------------------------------------
def test_residual_table_numbers():
    t = lesson4.residual_table([4.0, 3.0, 4.0], [3.0, 5.0, 4.0])
    np.testing.assert_allclose(t["residual"], [1, -2, 0])
    np.testing.assert_allclose(t["squared"], [1, 4, 0])
    np.testing.assert_allclose(t["share"], [0.2, 0.8, 0])
    assert t["mse"] == pytest.approx(5 / 3)
    assert t["mse"] == pytest.approx(nl.mse([4.0, 3.0, 4.0], [3.0, 5.0, 4.0]))
    assert t["rmse"] == pytest.approx(math.sqrt(5 / 3))
    assert t["mae"] == pytest.approx(1.0)
    # all predictions right: shares are 0, not NaN
    assert np.all(lesson4.residual_table([1.0, 2.0], [1.0, 2.0])["share"] == 0)
    with pytest.raises(ValueError, match="same shape"):
        lesson4.residual_table([1.0, 2.0], [1.0, 2.0, 3.0])


def test_residual_example_rows(data):
    x, Y, Y_pred = lesson4.residual_example(data)
    assert len(x) == 8 and np.all(np.diff(x) >= 3)       # sorted, distinct flipper lengths
    lin, _ = lesson4.train_regression(data, **lesson4.LINEAR_SETTINGS)
    rows = [int(np.flatnonzero((data.X_test_raw[:, 2] == xi) & (data.y_test / 1000 == yi))[0])
            for xi, yi in zip(x, Y)]
    expected = lesson4.predictions_in_grams(lin, data.X_test[rows], data.y_scaler) / 1000
    np.testing.assert_allclose(Y_pred, np.round(expected, 2))


def test_residual_explorer_drag_one_prediction():
    x = np.array([180.0, 190.0, 200.0, 210.0])
    Y = np.array([3.5, 4.0, 4.5, 5.0])
    Y_pred = np.array([3.7, 3.9, 4.5, 5.3])
    ex = reg.ResidualExplorer(x, Y, Y_pred)
    r = ex.readouts()
    assert r["mse"] == pytest.approx(nl.mse(Y_pred, Y))
    assert r["residual"] == pytest.approx(0.2) and r["squared_error"] == pytest.approx(0.04)

    ex.row_dropdown.value = 3
    assert ex.pred_slider.value == pytest.approx(5.3)
    ex.pred_slider.value = 6.0                       # a miss of 1 kg: squared 1 kg²
    moved = Y_pred.copy()
    moved[3] = 6.0
    r = ex.readouts()
    assert r["row"] == 3 and r["prediction"] == pytest.approx(6.0)
    assert r["squared_error"] == pytest.approx(1.0)
    assert r["mse"] == pytest.approx(nl.mse(moved, Y))
    assert r["share"] == pytest.approx(1.0 / np.sum((moved - Y) ** 2))
    assert "1 kg above" in ex.status_line.value
    assert "1 kg²" in ex.readout_html["squared"].value
    assert "nnl-residual-mse" in ex.readout_html["mse"]._dom_classes

    # doubling the miss quadruples its squared error
    ex.pred_slider.value = 5.5
    assert ex.readouts()["squared_error"] == pytest.approx(0.25)
    ex.pred_slider.value = 6.0
    assert ex.readouts()["squared_error"] == pytest.approx(4 * 0.25)

    ex.row_dropdown.value = 0                       # other rows keep their own predictions
    assert ex.pred_slider.value == pytest.approx(3.7)
    assert ex.readouts()["mse"] == pytest.approx(nl.mse(moved, Y))
    ex.reset()
    assert ex.readouts()["mse"] == pytest.approx(nl.mse(Y_pred, Y))


def test_residual_explorer_extremes_and_errors():
    ex = reg.ResidualExplorer(np.array([180.0, 190.0]), np.array([3.5, 4.0]), np.array([3.5, 4.0]))
    r = ex.readouts()
    assert r["mse"] == 0 and r["share"] == 0
    assert "no error" in ex.status_line.value
    ex.pred_slider.value = ex.pred_slider.max
    ex.pred_slider.value = ex.pred_slider.min
    assert all(np.isfinite(v) for v in ex.readouts().values())
    assert "not a number" not in ex.status_line.value
    with pytest.raises(ValueError, match="shapes"):
        reg.ResidualExplorer(np.array([1.0, 2.0]), np.array([1.0, 2.0]), np.array([1.0]))
    with pytest.raises(ValueError, match="2 to 20"):
        reg.ResidualExplorer(np.array([1.0]), np.array([1.0]), np.array([1.0]))


def test_residual_explorer_default_figure_renders():
    ex = reg.ResidualExplorer()
    assert ex.view.renders >= 1 and ex.view.image.value[:4] == b"\x89PNG"


# -- training explorer ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def explorer(data):
    return reg.TrainingExplorer(data)


def test_training_explorer_start_readouts(explorer, data):
    explorer.reset()
    start = nl.make_network(3, 8, 1, hidden="tanh", output="identity", seed=0)
    r = explorer.readouts()
    assert r["epoch"] == 0
    assert r["test_mse"] == pytest.approx(start.loss(data.X_test, data.Y_test), rel=1e-12)
    assert explorer.progress.value == 0
    assert "Ready" in explorer.status_line.value


def test_training_explorer_train_matches_nnlesson(explorer):
    explorer.hidden_slider.value = 5
    explorer.activation_dropdown.value = "sigmoid"
    explorer.lr_slider.value = 0.1
    explorer.epochs_slider.value = 20
    explorer.batch_dropdown.value = 8
    explorer.train()
    history = explorer.history
    net, ref, y_scaler = fit([3, 5, 1], "sigmoid", lr=0.1, epochs=20, batch_size=8)
    r = explorer.readouts()
    assert r["epoch"] == 20 and explorer.progress.value == 20
    assert r["train_mse"] == pytest.approx(ref.loss[-1], rel=1e-12)
    assert r["test_mse"] == pytest.approx(ref.val_loss[-1], rel=1e-12)
    assert r["test_rmse_g"] == pytest.approx(math.sqrt(ref.val_loss[-1]) * y_scaler.std[0], rel=1e-12)
    assert history.loss == ref.loss
    # the curves hold the start and every epoch
    xs, ys = explorer.test_curve.get_data()
    assert list(xs) == list(range(21)) and ys[-1] == pytest.approx(ref.val_loss[-1])
    assert "Done: 20 epochs" in explorer.status_line.value
    assert f"Test RMSE {r['test_rmse_g']:,.0f} g" in explorer.status_line.value
    assert f"{r['test_rmse_g']:.4g}" in explorer.readout_html["test_rmse_g"].value
    # the predicted-against-actual plot shows the test predictions in grams
    px, py = explorer.pred_points.get_data()
    np.testing.assert_allclose(py, y_scaler.inverse_transform(net.forward(explorer.split.X_test))[:, 0])


def test_training_explorer_train_then_reset_restores_start(explorer):
    explorer.hidden_slider.value = 8
    explorer.activation_dropdown.value = "tanh"
    explorer.epochs_slider.value = 10
    explorer.reset()
    start = explorer.readouts()
    start_png = explorer.view.png()
    explorer.train()
    assert explorer.readouts()["test_mse"] < start["test_mse"]
    explorer.reset()
    assert explorer.readouts() == start
    assert explorer.progress.value == 0
    assert explorer.view.png() == start_png
    assert len(explorer.train_curve.get_data()[0]) == 1


def test_training_explorer_linear_model_is_the_reference(explorer, data):
    explorer.hidden_slider.value = 0
    explorer.lr_slider.value = 0.05
    explorer.epochs_slider.value = 50
    explorer.batch_dropdown.value = 16
    explorer.train()
    assert explorer.readouts()["test_rmse_g"] == pytest.approx(explorer.linear_scores["test_rmse_g"], rel=1e-12)
    assert "not better than" in explorer.status_line.value


@pytest.mark.parametrize("hidden, lr, epochs, batch", [
    (32, max(lesson4.LEARNING_RATES), 50, 1),     # largest learning rate, per-row updates
    (8, max(lesson4.LEARNING_RATES), 50, None),   # largest learning rate, full batch
    (0, max(lesson4.LEARNING_RATES), 50, 16),     # a linear model diverges too
])
def test_training_explorer_divergence_is_a_message(explorer, hidden, lr, epochs, batch):
    explorer.hidden_slider.value = hidden
    explorer.lr_slider.value = lr
    explorer.epochs_slider.value = epochs
    explorer.batch_dropdown.value = batch
    explorer.train()
    history = explorer.history
    assert history.diverged
    assert explorer.status_line.value.endswith(history.message)
    assert "diverged" in explorer.status_line.value and "smaller learning rate" in explorer.status_line.value
    assert explorer.progress.bar_style == "danger"
    assert all(np.isfinite(v) for v in explorer.readouts().values())
    for curve in (explorer.train_curve, explorer.test_curve, explorer.pred_points):
        assert np.all(np.isfinite(np.asarray(curve.get_data(), dtype=float)))
    assert not any("not a number" in h.value for h in explorer.readout_html.values())


@pytest.mark.parametrize("hidden, lr, epochs, batch", [
    (1, min(lesson4.LEARNING_RATES), lesson4.MAX_EPOCHS, None),   # smallest lr, most epochs, full batch
    (32, 0.01, 5, 1),                              # biggest network, per-row updates
])
def test_training_explorer_extremes_stay_finite(explorer, hidden, lr, epochs, batch):
    explorer.hidden_slider.value = hidden
    explorer.lr_slider.value = lr
    explorer.epochs_slider.value = epochs
    explorer.batch_dropdown.value = batch
    renders = explorer.view.renders
    explorer.train()
    history = explorer.history
    assert not history.diverged and history.epochs_run == epochs
    assert explorer.view.renders - renders <= lesson4.MAX_FRAMES + 3
    assert all(np.isfinite(v) for v in explorer.readouts().values())


def test_training_explorer_rejects_bad_settings(data):
    with pytest.raises(ValueError, match="batch_size"):
        reg.TrainingExplorer(data, batch_size=7)
    with pytest.raises(ValueError, match="epochs"):
        reg.TrainingExplorer(data, epochs=10_000)
    with pytest.raises(ValueError, match="lr"):
        reg.TrainingExplorer(data, lr=0.07)
    with pytest.raises(TypeError, match="split"):
        reg.TrainingExplorer(split="penguins")


def test_residual_explorer_moves_only_the_chosen_row_and_the_frame_stays_whole():
    """A slider move sets only row i's artists (the others are cached background), yet every frame
    equals the one a fresh explorer with the same predictions draws in full."""
    x = np.array([180.0, 190.0, 200.0, 210.0])
    Y = np.array([3.5, 4.0, 4.5, 5.0])
    ex = reg.ResidualExplorer(x, Y, np.array([3.7, 3.9, 4.5, 5.3]))
    ex.pred_slider.value = 3.2                       # row 0
    ex.row_dropdown.value = 2
    ex.pred_slider.value = 4.9                       # row 2
    ex.pred_slider.value = 4.8
    set_rows = [line.get_ydata()[1] for line in ex.resid_lines]
    np.testing.assert_allclose(set_rows, ex.Y_pred)  # row 0 set by the full redraw when row 2 was chosen
    np.testing.assert_allclose(ex.Y_pred, [3.2, 3.9, 4.8, 5.3])
    fresh = reg.ResidualExplorer(x, Y, ex.Y_pred.copy(), row=2)
    np.testing.assert_array_equal(np.asarray(ex.view.canvas.buffer_rgba()), np.asarray(fresh.view.canvas.buffer_rgba()))

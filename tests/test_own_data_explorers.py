"""The classifier playground and the regression explorers on a dataset of one's own (UCI wine),
scripted: train(), scores(), settings() and code(); bad controls, bad data and an interrupted run."""

import csv
import math

import numpy as np
import pytest

import nnlesson as nl
from nnlesson.data import data_path
from nnlesson.lessons import lesson4, lesson5
from nnlesson.lessons.own_data import MAX_CLASSES, preparation_line
from nnlesson.widgets import classifier as cls_mod
from nnlesson.widgets import regression as reg
from nnlesson.widgets.classifier import ClassifierPlayground
from nnlesson.widgets.regression import ResidualExplorer, TrainingExplorer

WINE_FEATURES = ("alcohol", "flavanoids")


def _read_wine():
    """data/wine.csv (178 wines, 13 measurements, 3 cultivars): with nl.load_csv once it exists."""
    if hasattr(nl, "load_csv"):
        return nl.load_csv(data_path("wine.csv"), target="cultivar")
    with open(data_path("wine.csv"), newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    y = np.array([r[0] for r in body])
    X = np.array([[float(v) for v in r[1:]] for r in body])
    return nl.Dataset(X, y, header[1:], header[0], sorted(set(y.tolist())))


@pytest.fixture(scope="module")
def wine():
    return _read_wine()


@pytest.fixture(scope="module")
def wine_alcohol(wine):
    """Regression: a wine's alcohol (% vol) from its other 12 measurements."""
    k = list(wine.feature_names).index("alcohol")
    keep = [i for i in range(wine.X.shape[1]) if i != k]
    return nl.Dataset(wine.X[:, keep], wine.X[:, k].astype(float), [wine.feature_names[i] for i in keep], "alcohol")


def toy(n_rows=40, n_classes=3, n_features=2, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_rows, n_features))
    y = np.array([f"c{k % n_classes}" for k in range(n_rows)])
    return nl.Dataset(X, y, [f"x{j}" for j in range(n_features)], "kind", sorted(set(y.tolist())))


# -- training on the wine, against the trivial baselines --------------------------------------
def test_playground_on_wine_beats_the_majority_class(wine):
    play = ClassifierPlayground(data=wine, features=WINE_FEATURES, epochs=30)
    assert [v for _, v in play.x_dropdown.options] == list(wine.feature_names)
    assert play.class_names == ["cultivar_1", "cultivar_2", "cultivar_3"]
    assert play.ax_regions.get_xlabel() == "alcohol" and play.ax_regions.get_ylabel() == "flavanoids"
    assert len(play.scatters) == 3 and play.confusion_art.class_names == play.class_names
    assert play.data_html.value == ("Scaled each feature to mean 0, sd 1 (on the training rows); 75% of 178 rows "
                                    "to train, 25% to test; cultivar one-hot over 3 classes")
    assert play.data_html in play.widget.children
    scores = play.train()
    split = play.split
    majority = float(split.Y_test.mean(axis=0).max())          # always guessing the biggest cultivar
    assert majority == pytest.approx(18 / 45)                 # 18 of the 45 test wines are cultivar_2
    direct = nl.accuracy(play.net.forward(split.X_test), split.Y_test)
    assert scores == {"train_accuracy": play.readouts()["train_accuracy"], "test_accuracy": direct}
    assert scores["test_accuracy"] >= majority + 0.4, (scores, majority)   # about 0.93 against 0.42
    assert scores["train_accuracy"] >= 0.85
    C = play.confusion
    assert C.shape == (3, 3) and C.sum() == len(split.X_test) == 45
    assert np.trace(C) / C.sum() == pytest.approx(direct)
    assert "45 test rows" in play.confusion_html.value and "true cultivar" in play.confusion_html.value


def test_training_explorer_on_wine_beats_predicting_the_mean(wine_alcohol):
    trainer = TrainingExplorer(data=wine_alcohol)
    assert trainer.title == "Training explorer: alcohol"
    assert trainer.ax_pred.get_xlabel() == "actual alcohol"
    scores = trainer.train()
    split = trainer.split
    baseline = math.sqrt(np.mean((split.y_test - split.y_train.mean()) ** 2))   # the training mean for every wine
    y_pred = lesson4.predictions_in_grams(trainer.net, split.X_test, split.y_scaler)   # back in % vol
    direct = math.sqrt(np.mean((y_pred - split.y_test) ** 2))
    assert scores["test_rmse"] == pytest.approx(direct, rel=1e-9)
    assert scores["test_rmse"] < 0.75 * baseline, (scores, baseline)
    assert scores["train_rmse"] < 0.75 * math.sqrt(np.mean((split.y_train - split.y_train.mean()) ** 2))
    assert 11 < split.y_test.mean() < 15                        # in % vol, not standardised
    shown = trainer.readout_html["test_rmse_g"].value
    assert "alcohol" in shown and nl.plots.fmt(direct, 4) in shown and " g" not in shown
    assert "Test RMSE" in trainer.status_line.value and "g," not in trainer.status_line.value
    assert trainer.data_line.value == preparation_line(split) and "alcohol scaled the same way" in \
        trainer.data_line.value


# -- settings round trips and the line of code -----------------------------------------------
def test_playground_settings_round_trip_and_code(wine):
    play = ClassifierPlayground(data=wine, features=WINE_FEATURES, split_seed=3, batch_size=8)
    play.y_dropdown.value = "proline"
    play.hidden_slider.value = 5
    play.activation_dropdown.value = "relu"
    play.lr_slider.value = 10 ** -1.3
    play.epochs_slider.value = 12
    s = play.settings()
    assert s == {"features": ("alcohol", "proline"), "n_hidden": 5, "activation": "relu", "loss": "cross_entropy",
                 "start": "random", "lr": 10 ** -1.3,
                 "epochs": 12, "batch_size": 8, "seed": 0, "test_fraction": 0.25, "split_seed": 3}
    again = ClassifierPlayground(data=wine, **s)
    assert again.settings() == s
    np.testing.assert_array_equal(again.split.X_test, play.split.X_test)
    assert again.readouts() == play.readouts()
    code = play.code()
    assert code.startswith("ClassifierPlayground(data=ds, features=('alcohol', 'proline'), n_hidden=5")
    assert "seed=" not in code.replace("split_seed", "")          # defaults are left out
    built = eval(code, {"ClassifierPlayground": ClassifierPlayground, "ds": wine})
    assert built.settings() == s
    assert code in play._code_html.value.replace("&#x27;", "'")


def test_penguin_defaults_round_trip():
    play = ClassifierPlayground()
    assert play.code() == "ClassifierPlayground(features=('bill_length_mm', 'bill_depth_mm'))"
    assert play.settings()["features"] == lesson5.DEFAULTS["features"]
    assert ClassifierPlayground(**play.settings()).readouts() == play.readouts()
    trainer = TrainingExplorer(n_hidden=4, epochs=20)
    assert trainer.code() == "TrainingExplorer(n_hidden=4, epochs=20)"
    assert eval(trainer.code(), {"TrainingExplorer": TrainingExplorer}).settings() == trainer.settings()


def test_training_explorer_settings_round_trip(wine_alcohol):
    trainer = TrainingExplorer(data=wine_alcohol, test_fraction=0.3, split_seed=2)
    trainer.hidden_slider.value = 0
    trainer.lr_slider.value = 0.02
    trainer.batch_dropdown.value = None
    trainer.epochs_slider.value = 35
    s = trainer.settings()
    assert s == {"n_hidden": 0, "activation": "tanh", "lr": 0.02, "epochs": 35, "batch_size": None, "seed": 0,
                 "test_fraction": 0.3, "split_seed": 2}
    again = TrainingExplorer(data=wine_alcohol, **s)
    assert again.settings() == s and again.readouts() == trainer.readouts()
    assert trainer.code() == ("TrainingExplorer(data=ds, n_hidden=0, lr=0.02, epochs=35, batch_size=None, "
                              "test_fraction=0.3, split_seed=2)")
    built = eval(trainer.code(), {"TrainingExplorer": TrainingExplorer, "ds": wine_alcohol})
    assert built.settings() == s
    assert built.train() == again.train()


def test_residual_explorer_settings_round_trip():
    ex = ResidualExplorer()
    assert ex.settings() == {"row": 0} and ex.code() == "ResidualExplorer()"
    ex.row_dropdown.value = 2
    ex.pred_slider.value = ex.Y_pred[2] + 0.37
    s = ex.settings()
    assert s["row"] == 2 and s["Y_pred"][2] == pytest.approx(ex.Y_pred[2]) and set(s) == {"Y_pred", "row"}
    again = eval(ex.code(), {"ResidualExplorer": ResidualExplorer})
    assert again.settings() == s and again.readouts() == ex.readouts()
    own = ResidualExplorer([1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [2.5, 3.5, 6.0], row=1)
    again = ResidualExplorer(**own.settings())
    assert again.settings() == own.settings() == {"x": [1.0, 2.0, 3.0], "Y": [2.0, 4.0, 6.0],
                                                  "Y_pred": [2.5, 3.5, 6.0], "row": 1}
    assert again.readouts() == own.readouts()


# -- a control holding a value it cannot use ---------------------------------------------------
def _playground():
    return ClassifierPlayground(epochs=3)


def _trainer():
    return TrainingExplorer(epochs=10)


def _residuals():
    return ResidualExplorer([180.0, 190.0, 200.0], [3.5, 4.0, 4.5], [3.6, 4.0, 4.4])


BAD_CONTROLS = [  # (explorer, control, value typed, value kept, words in the status line)
    (_playground, "lr_slider", float("nan"), 0.1, "not a number"),
    (_playground, "lr_slider", float("inf"), 100.0, "outside"),
    (_playground, "lr_slider", -5.0, 0.001, "outside"),
    (_playground, "lr_slider", 1e9, 100.0, "outside"),
    (_playground, "hidden_slider", 1000, 32, "outside"),
    (_playground, "hidden_slider", -3, 1, "outside"),
    (_playground, "epochs_slider", 10 ** 6, 200, "outside"),
    (_playground, "epochs_slider", 0, 1, "outside"),
    (_trainer, "hidden_slider", 99, 32, "outside"),
    (_trainer, "hidden_slider", -1, 0, "outside"),
    (_trainer, "epochs_slider", 10 ** 5, 200, "outside"),
    (_trainer, "epochs_slider", 0, 5, "outside"),
    (_residuals, "pred_slider", float("nan"), 3.6, "not a number"),
    (_residuals, "pred_slider", float("inf"), 5.5, "outside"),
    (_residuals, "pred_slider", float("-inf"), 2.5, "outside"),
    (_residuals, "pred_slider", 1e6, 5.5, "outside"),
]


@pytest.mark.parametrize("make, control, value, kept, words", BAD_CONTROLS)
def test_bad_control_values_are_refused_or_clamped_and_said(make, control, value, kept, words):
    explorer = make()
    getattr(explorer, control).value = value
    assert getattr(explorer, control).value == pytest.approx(kept)
    status = (explorer.status_html if make is _playground else explorer.status_line).value
    assert words in status and "⚠" in status
    if make is _residuals:
        numbers = explorer.readouts()
    else:  # train with what the control now holds (a short run when the control is the epochs)
        numbers = explorer.train(epochs=3 if control == "epochs_slider" else None)
    assert all(np.isfinite(v) for v in numbers.values())
    settings = explorer.settings()
    assert type(explorer)(**settings).settings() == settings   # what it holds is a valid setup


@pytest.mark.parametrize("make, control", [(_playground, "hidden_slider"), (_trainer, "epochs_slider")])
@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_whole_number_controls_refuse_what_is_not_a_whole_number(make, control, value):
    explorer = make()
    before = getattr(explorer, control).value
    with pytest.raises(Exception, match="expected an int"):   # traitlets' TraitError, from Python only
        getattr(explorer, control).value = value
    assert getattr(explorer, control).value == before


# -- bad data and bad settings fail when the explorer is built ---------------------------------
def _with_nan():
    ds = toy()
    ds.X[3, 1] = np.nan
    return ds


BAD_PLAYGROUND = [  # (arguments, error, words)
    (dict(data=toy(n_classes=1)), ValueError, "2 to 10 classes"),
    (dict(data=toy(n_rows=60, n_classes=MAX_CLASSES + 1)), ValueError, "got 11"),
    (dict(data=toy(n_features=1)), ValueError, "at least 2 feature columns"),
    (dict(data=_with_nan()), ValueError, "NaN"),
    (dict(data=toy(n_rows=5)), ValueError, "too few to split"),
    (dict(data=toy(n_rows=11, n_classes=10)), ValueError, "at least 2 rows"),
    (dict(data=nl.Dataset(np.ones((20, 2)), np.arange(20.0), ["a", "b"], "size")), ValueError, "regression"),
    (dict(data=[[1, 2], [3, 4]]), TypeError, "Dataset"),
    (dict(data=toy(), features=("x0", "x9")), ValueError, "feature"),
    (dict(data=toy(), features=("x0", "x0")), ValueError, "two different"),
    (dict(data=toy(), features="x0"), ValueError, "two columns"),
    (dict(features=("bill_length_mm", "island")), ValueError, "feature"),
    (dict(n_hidden=0), ValueError, "n_hidden"),
    (dict(n_hidden=2.5), TypeError, "n_hidden"),
    (dict(lr=float("nan")), ValueError, "lr"),
    (dict(lr=1000.0), ValueError, "lr"),
    (dict(epochs=0), ValueError, "epochs"),
    (dict(activation="softmax"), ValueError, "activation"),
    (dict(batch_size=0), ValueError, "batch_size"),
    (dict(seed=-1), TypeError, "seed"),
    (dict(test_fraction=1.5), ValueError, "test_fraction"),
    (dict(split_seed="a"), TypeError, "split_seed"),
]


@pytest.mark.parametrize("kwargs, error, words", BAD_PLAYGROUND)
def test_playground_refuses_bad_data_and_settings_when_built(kwargs, error, words):
    with pytest.raises(error, match=words):
        ClassifierPlayground(**kwargs)


BAD_TRAINER = [
    (dict(data=toy()), ValueError, "classifier playground"),
    (dict(data=nl.Dataset(np.ones((20, 2)), np.full(20, 3.0), ["a", "b"], "size")), ValueError, "nothing to predict"),
    (dict(data=nl.Dataset(np.full((20, 2), np.inf), np.arange(20.0), ["a", "b"], "size")), ValueError, "infinite"),
    (dict(data=nl.Dataset(np.ones((4, 2)), np.arange(4.0), ["a", "b"], "size")), ValueError, "too few"),
    (dict(data=nl.Dataset(np.ones((20, 2)), np.arange(20.0), ["a"], "size")), ValueError, "feature_names"),
    (dict(data="wine.csv"), TypeError, "Dataset"),
    (dict(data=nl.Dataset(np.ones((20, 2)), np.arange(20.0), ["a", "b"], "size"),
          split=lesson4.penguin_regression_data()), ValueError, "not both"),
    (dict(lr=float("nan")), ValueError, "lr"),
    (dict(lr=0.07), ValueError, "lr"),
    (dict(n_hidden=-1), ValueError, "n_hidden"),
    (dict(epochs=float("inf")), TypeError, "epochs"),
    (dict(batch_size=True), ValueError, "batch_size"),
    (dict(test_fraction=0.0), ValueError, "test_fraction"),
]


@pytest.mark.parametrize("kwargs, error, words", BAD_TRAINER)
def test_training_explorer_refuses_bad_data_and_settings_when_built(kwargs, error, words):
    with pytest.raises(error, match=words):
        TrainingExplorer(**kwargs)


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(x=[1.0, 2.0], Y=[1.0, float("nan")], Y_pred=[1.0, 2.0]), ValueError, "NaN"),
    (dict(x=[1.0, 2.0], Y=[1.0, 2.0]), ValueError, "together"),
    (dict(Y_pred=[4.0, 4.0]), ValueError, "shapes"),
    (dict(row=99), ValueError, "row"),
])
def test_residual_explorer_refuses_bad_rows_when_built(kwargs, error, words):
    with pytest.raises(error, match=words):
        ResidualExplorer(**kwargs)


def test_train_refuses_a_bad_number_of_epochs():
    play = ClassifierPlayground(epochs=2)
    for bad, error in ((0, ValueError), (2.5, TypeError), (float("nan"), TypeError), (10 ** 9, ValueError)):
        with pytest.raises(error, match="epochs"):
            play.train(epochs=bad)
    assert play.readouts()["epoch"] == 0


# -- the kernel's stop button, and a run longer than planned --------------------------------------
def _stop_after(real, epoch):
    """The training function, with a KeyboardInterrupt (the stop button) right after `epoch`'s callback."""
    def wrapper(*args, callback=None, **kwargs):
        def stop(event):
            callback(event)
            if event.epoch == epoch:
                raise KeyboardInterrupt
        return real(*args, callback=stop, **kwargs)
    return wrapper


def test_playground_interrupted_run_says_where_it_stopped(monkeypatch, wine):
    play = ClassifierPlayground(data=wine, features=WINE_FEATURES, epochs=50)
    monkeypatch.setattr(cls_mod, "train_classifier", _stop_after(lesson5.train_classifier, 7))
    with pytest.raises(KeyboardInterrupt):
        play.train()
    assert play.status_html.value.startswith("Stopped at epoch 7 of 50")
    assert "training" not in play.status_html.value.lower().replace("training was", "")
    _, ref = lesson5.train_classifier(play.split, n_hidden=8, activation="tanh", lr=0.1, epochs=7)
    assert play.readouts()["epoch"] == 7
    assert play.scores()["test_accuracy"] == ref.curve("accuracy", validation=True)[-1]
    assert play.readouts()["loss"] == pytest.approx(ref.curve("loss")[-1], rel=1e-12)
    monkeypatch.undo()
    play.train(epochs=3)                                  # goes on from there
    assert play.readouts()["epoch"] == 10 and "trained 3 epochs" in play.status_html.value


def test_training_explorer_interrupted_run_says_where_it_stopped(monkeypatch):
    trainer = TrainingExplorer(epochs=50)
    monkeypatch.setattr(reg, "train_regression", _stop_after(lesson4.train_regression, 7))
    with pytest.raises(KeyboardInterrupt):
        trainer.train()
    assert trainer.status_line.value.startswith("Stopped at epoch 7 of 50")
    assert "Training the" not in trainer.status_line.value
    assert trainer.progress.value == 7 and trainer.progress_label.value == "epoch 7 of 50"
    assert not trainer.train_button.disabled
    _, ref = lesson4.train_regression(trainer.split, epochs=7)
    assert trainer.readouts()["epoch"] == 7
    assert trainer.readouts()["test_mse"] == pytest.approx(ref.val_loss[-1], rel=1e-12)
    assert trainer.net.loss(trainer.split.X_test, trainer.split.Y_test) == pytest.approx(ref.val_loss[-1])


def test_a_run_longer_than_planned_draws_whole():
    trainer = TrainingExplorer(epochs=20)
    trainer.train(epochs=260)                           # past the slider's 200
    xs, _ = trainer.test_curve.get_data()
    assert list(xs) == list(range(261)) and trainer.ax_loss.get_xlim()[1] >= 260
    assert trainer.progress.max == 260 and trainer.progress.value == 260
    assert "Done: 260 epochs" in trainer.status_line.value
    assert trainer.settings()["epochs"] == 20              # a one-off run: the slider keeps its setting
    play = ClassifierPlayground(epochs=2)
    play.train(epochs=6)
    for curves in (play.loss_curves, play.accuracy_curves):
        assert list(curves.train_line.get_data()[0]) == list(range(7))
        assert curves.ax.get_xlim()[1] >= 6

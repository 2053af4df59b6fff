"""The explorers' shared contract (issue 13 items 3 and 5; issue 12 item 4), headless.

For WarmUp, WeightExplorer, DescentPlayer, BackpropStepper, SoftmaxExplorer, TrainingMonitor and
DigitExplorer: settings() rebuilds the same setup, code() is a line that evaluates to it,
train()/scores() give the lesson's numbers, every value a control can be given is refused or
clamped and said, an interrupted run says where it stopped, bad settings fail when built.
(ClassifierPlayground and the regression explorers are tested in their own files.)
"""

import importlib
import inspect
import math
import pkgutil

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from traitlets import TraitError

import nnlesson as nl
import nnlesson.widgets as nw
from nnlesson.lessons import capstone, lesson1, lesson2, lesson3
from nnlesson.widgets import (BackpropStepper, DescentPlayer, DigitExplorer, Explorer, SoftmaxExplorer,
                              TrainingMonitor, WarmUp, WeightExplorer)
from nnlesson.widgets.base import GuardedFloatSlider, python_literal, tidy
from nnlesson.widgets.progress import ProgressBar

NAMESPACE = {name: getattr(nw, name) for name in nw.__all__}


@pytest.fixture(scope="module")
def digits():
    """A digit reader trained for one epoch (quick), with its split."""
    result = capstone.train_digits(epochs=1)
    return result.net, result.split


@pytest.fixture
def walk_data():
    X, Y = lesson3.lesson_data()
    return lesson3.lesson_network(), X, Y


def rebuilt(e, **data):
    """type(e)(**data, **e.settings()), and the same from e.code() evaluated."""
    again = type(e)(**data, **e.settings())
    line = e.code(data={k: k for k in data} if data else None)
    from_code = eval(line, {**NAMESPACE, **data})
    return again, from_code, line


# -- the base class's pieces ------------------------------------------------------------------
@pytest.mark.parametrize("value, text", [
    (0.1, "0.1"), (np.float64(0.30000000000000004), "0.30000000000000004"), (-2.0, "-2.0"), (3, "3"),
    (np.int64(7), "7"), (True, "True"), (None, "None"), ("relu", "'relu'"), ((1.5, -2.0), "(1.5, -2.0)"),
    ((4,), "(4,)"), ([0.01, 0.3], "[0.01, 0.3]"), (("a", ("b", 2)), "('a', ('b', 2))"),
])
def test_python_literal_is_short_and_round_trips(value, text):
    assert python_literal(value) == text
    assert eval(text) == (value.item() if isinstance(value, np.generic) else value)


@pytest.mark.parametrize("value, error", [(float("nan"), ValueError), (float("inf"), ValueError),
                                          (np.zeros(2), TypeError), ({1: 2}, TypeError), (1j, TypeError)])
def test_python_literal_refuses_what_cannot_be_code(value, error):
    with pytest.raises(error, match="setting w"):
        python_literal(value, "w")


def test_tidy_removes_keyboard_step_noise_only():
    assert tidy(0.1 + 0.2) == 0.3
    assert tidy(-10 + 123 * 0.1) == 2.3
    assert tidy(1 / 3) == 1 / 3          # not noise: kept exactly
    assert tidy(1e-12) == 1e-12


def test_base_class_says_what_an_explorer_lacks():
    class Bare(Explorer):
        pass

    with pytest.raises(NotImplementedError, match="Bare does not report its settings"):
        Bare().settings()
    with pytest.raises(NotImplementedError, match="Bare does not train"):
        Bare().train(3)
    with pytest.raises(NotImplementedError, match="Bare does not train"):
        Bare().scores()
    with pytest.raises(NotImplementedError, match="WeightExplorer does not train"):
        WeightExplorer().train()


def test_code_data_argument_forms(walk_data):
    net, X, Y = walk_data
    st = BackpropStepper(net, X, Y, lr=0.25)
    assert st.code() == "BackpropStepper(net=net, X=X, Y=Y, lr=0.25)"
    assert st.code({"net": "my_net"}) == "BackpropStepper(net=my_net, X=X, Y=Y, lr=0.25)"
    with pytest.raises(ValueError, match="data must be a dict"):
        st.code("ds")                              # three data arguments: a string cannot say which
    with pytest.raises(ValueError, match="unknown data arguments"):
        st.code({"data": "ds"})
    with pytest.raises(TypeError, match="data must be None, a string or a dict"):
        st.code(3)
    with pytest.raises(TypeError, match="expression as a string"):
        st.code({"net": 3})
    assert WeightExplorer().code() == "WeightExplorer()"     # the lesson's data, the defaults


def test_guarded_slider_refuses_nan_and_says_clamps():
    notes = []
    s = GuardedFloatSlider(value=1.0, min=-3, max=3, step=0.5, description="W")
    s.on_adjust(lambda message, will_change: notes.append((message, will_change)))
    s.value = float("nan")
    assert s.value == 1.0 and notes[-1] == ("W cannot be NaN (not a number): it stays at 1.", False)
    s.value = -float("inf")
    assert s.value == -3.0 and notes[-1] == ("W = −∞ is outside its range −3 to 3: set to −3.", True)
    s.value = 2.5
    assert len(notes) == 2


# -- settings round trips, one per explorer ------------------------------------------------------
def test_warmup_round_trip():
    e = WarmUp(X=2.0, Y=-1.0)
    e.W_slider.value = -1.5
    assert e.settings() == {"W": -1.5, "X": 2.0, "Y": -1.0}
    again, from_code, line = rebuilt(e)
    assert line == "WarmUp(W=-1.5, X=2.0, Y=-1.0)"
    for other in (again, from_code):
        assert other.W_slider.value == -1.5
        assert other.readouts() == e.readouts() == {"W": -1.5, "Y_pred": -3.0, "miss": -2.0}
    assert "nnl-warmup-code" in e._code_html._dom_classes and "WarmUp(W=-1.5" in e._code_html.value


def test_weight_explorer_round_trip_with_the_lesson_data():
    e = WeightExplorer(step=0.25)
    e.W1_slider.value = 1.0 + 3 * 0.25 + 1e-15          # keyboard-step noise from the browser
    e.W2_slider.value = -0.5
    assert e.settings() == {"W1": 1.75, "W2": -0.5, "W1_range": (-4.0, 4.0), "W2_range": (-4.0, 4.0), "step": 0.25}
    again, from_code, line = rebuilt(e)
    assert line == "WeightExplorer(W1=1.75, W2=-0.5, step=0.25)"
    X, Y = lesson1.lesson_data()
    for other in (again, from_code):
        assert (other.W1_slider.value, other.W2_slider.value, other.W1_slider.step) == (1.75, -0.5, 0.25)
        assert other.readouts()["error"] == e.readouts()["error"] == pytest.approx(lesson1.error(1.75, -0.5, X, Y))
    # the code line follows the sliders
    e.W2_slider.value = 2.0
    assert "WeightExplorer(W1=1.75, step=0.25)" in e._code_html.value


def test_weight_explorer_round_trip_with_its_own_data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(10, 2))
    Y = X @ [1.0, -2.0]
    e = WeightExplorer(X, Y, W1_range=(-3, 3))
    e.W1_slider.value = 1.0
    again, from_code, line = rebuilt(e, X=X, Y=Y)
    assert line == "WeightExplorer(X=X, Y=Y, W1=1.0, W1_range=(-3.0, 3.0))"
    assert from_code.readouts() == again.readouts() == e.readouts()
    assert e.readouts()["error"] == pytest.approx(np.mean((X @ [1.0, 2.0] - Y) ** 2))


def test_descent_player_round_trip():
    e = DescentPlayer(start=(-2.0, 1.0))
    e.lr_slider.value = 0.3
    e.steps_box.value = 25
    e.step(4)                                            # progress is not a setting
    assert e.settings() == {"start": (-2.0, 1.0), "lr": 0.3, "learning_rates": lesson2.LEARNING_RATES,
                            "run_steps": 25, "W1_range": (-4.0, 4.0), "W2_range": (-4.0, 4.0)}
    again, from_code, line = rebuilt(e)
    assert line == "DescentPlayer(start=(-2.0, 1.0), lr=0.3, run_steps=25)"
    for other in (again, from_code):
        assert (other.lr_slider.value, other.steps_box.value, other.run_button.description) == (0.3, 25, "Run 25")
        assert other.readouts()["step"] == 0.0
        other.step(4)
        assert other.readouts() == e.readouts()


def test_softmax_explorer_round_trip():
    e = SoftmaxExplorer(class_names=("cat", "dog", "fox"))
    e.z_sliders[0].value = -10 + 123 * 0.1              # 2.3000000000000007, as a browser sends it
    e.z_sliders[2].value = 4.0
    e.true_buttons.value = 2
    assert e.settings() == {"class_names": ("cat", "dog", "fox"), "scores": (2.3, 1.0, 4.0), "true_class": 2}
    again, from_code, line = rebuilt(e)
    assert line == "SoftmaxExplorer(class_names=('cat', 'dog', 'fox'), scores=(2.3, 1.0, 4.0), true_class=2)"
    ce = -np.log(nl.softmax(np.array([[2.3, 1.0, 4.0]]))[0, 2])
    for other in (again, from_code):
        assert [s.value for s in other.z_sliders] == [2.3, 1.0, 4.0] and other.true_buttons.value == 2
        assert other.readouts()["cross_entropy"] == pytest.approx(ce, rel=1e-9)
        assert other.readouts()["cross_entropy"] == pytest.approx(e.readouts()["cross_entropy"], rel=1e-12)


def test_backprop_stepper_round_trip(walk_data):
    net, X, Y = walk_data
    e = BackpropStepper(net, X, Y, lr=0.2, shuffle=True, seed=3, feature_names=["a", "b", "c"], target_name="mass")
    e.next_row()
    e.next_row()
    assert e.settings() == {"lr": 0.2, "shuffle": True, "seed": 3, "feature_names": ("a", "b", "c"),
                            "target_name": "mass", "figsize": (9.4, 4.6), "dpi": 90.0}
    again, from_code, line = rebuilt(e, net=net, X=X, Y=Y)
    assert line == ("BackpropStepper(net=net, X=X, Y=Y, lr=0.2, shuffle=True, seed=3, feature_names=('a', 'b', 'c'), "
                    "target_name='mass')")
    for other in (again, from_code):
        assert other.readouts()["epoch"] == 1.0 and other.readouts()["row"] == 1.0
        other.next_row()
        other.next_row()
        assert other.readouts() == e.readouts()       # the same shuffled rows, the same numbers


def test_training_monitor_round_trip():
    e = TrainingMonitor(epochs=7)
    again, from_code, line = rebuilt(e)
    assert line == "TrainingMonitor(epochs=7)"
    assert again.settings() == from_code.settings() == {"epochs": 7}
    assert from_code.progress.bar.max == 7


def test_digit_explorer_round_trip(digits):
    net, split = digits
    e = DigitExplorer(net, split, index=5)
    assert e.settings() == {"index": 5, "pixels": None}
    again, from_code, line = rebuilt(e, net=net, split=split)
    assert line == "DigitExplorer(net=net, split=split, index=5)"
    e.click_pixel(0, 0)
    e.click_pixel(0, 0)
    settings = e.settings()
    assert settings["index"] == 5 and len(settings["pixels"]) == 64
    assert settings["pixels"][0] == int(capstone.next_intensity(capstone.next_intensity(split.X_test_raw[5][0])))
    again, from_code, line = rebuilt(e, net=net, split=split)
    for other in (again, from_code):
        assert np.array_equal(other.pixels, e.pixels) and other.edited
        assert other.readouts() == e.readouts()
        assert other.readouts()["p3"] == pytest.approx(capstone.digit_probabilities(net, split.x_scaler, e.pixels)[3])


# -- train() and scores() -------------------------------------------------------------------------
def test_descent_player_train_runs_the_lessons_steps():
    e = DescentPlayer()
    X, Y = lesson1.lesson_data()
    before = e.scores()["error"]
    assert before == pytest.approx(lesson1.error(-3.0, 3.0, X, Y))
    after = e.train(10)["error"]
    expected = lesson2.run_descent(-3.0, 3.0, 0.1, 10, X, Y)
    assert after == expected.errors[-1]
    assert after < before / 5                            # 20.48 → 4.2 at lr 0.1
    assert e.readouts()["step"] == 10.0
    assert e.train()["error"] == lesson2.run_descent(-3.0, 3.0, 0.1, 20, X, Y).errors[-1]   # the box says 10
    with pytest.raises(ValueError, match="epochs must be a whole number from 1 to 2000"):
        e.train(0)


def test_backprop_stepper_train_matches_nl_train(walk_data):
    net, X, Y = walk_data
    e = BackpropStepper(net, X, Y, lr=0.3)
    assert e.scores()["error"] == pytest.approx(net.loss(X, Y, "mse"))
    twin = net.copy()
    history = nl.train(twin, X, Y, loss="mse", lr=0.3, epochs=2, batch_size=1, shuffle=False)
    e.next_row()                                         # partway through epoch 1: train() finishes it
    assert e.train()["error"] == pytest.approx(history.loss[0], rel=1e-12)
    assert e.train(1)["error"] == pytest.approx(history.loss[1], rel=1e-12)
    assert e.readouts()["epoch"] == 3.0 and e.readouts()["row"] == 1.0
    assert e.scores()["error"] < net.loss(X, Y, "mse")
    with pytest.raises(ValueError, match="epochs must be a whole number from 1 to 1000"):
        e.train(0)


def test_training_monitor_scores_are_the_watched_runs(digits):
    net, split = digits
    monitor = TrainingMonitor(epochs=2)
    with pytest.raises(ValueError, match="no epoch has finished yet"):
        monitor.scores()
    with pytest.raises(NotImplementedError, match="only watches"):
        monitor.train()
    result = capstone.train_digits(epochs=2, split=split, callback=monitor.callback)
    assert monitor.scores() == {"train_accuracy": pytest.approx(result.train_accuracy),
                                "test_accuracy": pytest.approx(result.test_accuracy)}
    assert 0.8 < monitor.scores()["test_accuracy"] <= 1.0


# -- every value a control can hold ---------------------------------------------------------------
def _weights():
    e = WeightExplorer()
    return e, e.W1_slider, e.status_line, lambda: e.readouts()["error"]


def _warmup():
    e = WarmUp()
    return e, e.W_slider, e.status_line, lambda: e.readouts()["Y_pred"]


def _descent():
    e = DescentPlayer()
    return e, e.steps_box, e.status_line, lambda: e.train()["error"]


def _softmax():
    e = SoftmaxExplorer()
    return e, e.z_sliders[1], e.status_html, lambda: e.readouts()["cross_entropy"]


def _digits_explorer(net, split):
    e = DigitExplorer(net, split)
    return e, e.index_slider, e.status_html, lambda: e.readouts()["confidence"]


CONTROLS = {"weights": _weights, "warmup": _warmup, "descent": _descent, "softmax": _softmax,
            "digits": _digits_explorer}
BAD_VALUES = [float("nan"), float("inf"), -float("inf"), 1e300, -1e300, 10 ** 9, -(10 ** 9)]


@pytest.mark.parametrize("value", BAD_VALUES, ids=repr)
@pytest.mark.parametrize("explorer", sorted(CONTROLS))
def test_a_bad_control_value_is_refused_or_clamped_and_said(explorer, value, request):
    if explorer == "digits":
        e, control, status, number = CONTROLS[explorer](*request.getfixturevalue("digits"))
    else:
        e, control, status, number = CONTROLS[explorer]()
    before = control.value
    if isinstance(value, float) and not math.isfinite(value) and isinstance(control.value, int):
        with pytest.raises(TraitError):      # an integer control cannot hold NaN or ±inf: refused by the widget
            control.value = value
        assert control.value == before and math.isfinite(number())
        return
    control.value = value
    assert math.isfinite(control.value) and control.min <= control.value <= control.max
    if isinstance(value, float) and math.isnan(value):
        assert control.value == before and "cannot be NaN" in status.value
    else:
        assert control.value == (control.max if value > 0 else control.min)
        assert "is outside its range" in status.value and "set to" in status.value
    assert math.isfinite(number())
    assert "nan" not in status.value.replace("NaN (not a number)", "").lower()
    # the next ordinary move clears the note; settings() stay plain and rebuild
    control.value = control.min if control.value != control.min else control.max
    assert "outside its range" not in status.value and "cannot be NaN" not in status.value
    assert math.isfinite(number())


# -- bad settings fail when the explorer is built -------------------------------------------------
BAD_SETTINGS = [
    (WarmUp, {"W": 5.0}, ValueError, "W must be a finite number from -3 to 3"),
    (WarmUp, {"W": float("nan")}, ValueError, "W must be"),
    (WarmUp, {"X": "3"}, TypeError, "X must be"),
    (WeightExplorer, {"W1": 9.0}, ValueError, "W1 must lie in its slider range"),
    (WeightExplorer, {"step": 0}, ValueError, "step must be a positive number"),
    (WeightExplorer, {"W2_range": (2, 1)}, ValueError, "W2_range must be a pair"),
    (WeightExplorer, {"X": np.ones((3, 2))}, ValueError, "give both X and Y"),
    (DescentPlayer, {"lr": 0.5}, ValueError, "lr must be one of learning_rates"),
    (DescentPlayer, {"run_steps": 501}, ValueError, "run_steps must be a whole number from 1 to 500"),
    (DescentPlayer, {"run_steps": 2.5}, TypeError, "run_steps must be a positive whole number"),
    (DescentPlayer, {"learning_rates": "0.1"}, TypeError, "learning_rates must be a list"),
    (DescentPlayer, {"learning_rates": [0.1, float("inf")]}, ValueError, r"learning_rates\[1\]"),
    (DescentPlayer, {"start": (float("nan"), 1.0)}, ValueError, "W1 must be"),
    (SoftmaxExplorer, {"scores": (11.0, 0.0, 0.0)}, ValueError, r"scores\[0\] must be a finite number from -10 to 10"),
    (SoftmaxExplorer, {"true_class": 3}, ValueError, "true_class must be"),
    (SoftmaxExplorer, {"class_names": ("a", "a", "b")}, ValueError, "3 different names"),
    (TrainingMonitor, {"epochs": 0}, ValueError, "epochs must be"),
    (TrainingMonitor, {"epochs": 2.5}, TypeError, "epochs must be"),
    (ProgressBar, {"epochs": float("inf"), "display": False}, TypeError, "epochs must be"),
    (ProgressBar, {"epochs": 3, "display": "no"}, TypeError, "display must be True or False"),
]


@pytest.mark.parametrize("cls, kwargs, error, match", BAD_SETTINGS,
                         ids=[f"{c.__name__}-{next(iter(k))}-{i}" for i, (c, k, _, _) in enumerate(BAD_SETTINGS)])
def test_bad_settings_fail_when_built(cls, kwargs, error, match):
    with pytest.raises(error, match=match):
        cls(**kwargs)


STEPPER_BAD = [({"lr": -1}, ValueError, "lr must be"), ({"shuffle": "yes"}, TypeError, "shuffle must be"),
               ({"feature_names": "abc"}, TypeError, "feature_names must be a list"),
               ({"feature_names": ["a", "b"]}, ValueError, "one name per input column"),
               ({"feature_names": [1, 2, 3]}, TypeError, "feature_names must be names"),
               ({"target_name": 5}, TypeError, "target_name must be"),
               ({"figsize": (1e6, 4)}, ValueError, r"figsize\[0\] must be"),
               ({"dpi": float("nan")}, ValueError, "dpi must be")]


@pytest.mark.parametrize("kwargs, error, match", STEPPER_BAD, ids=[next(iter(k)) for k, _, _ in STEPPER_BAD])
def test_stepper_bad_settings_fail_when_built(walk_data, kwargs, error, match):
    with pytest.raises(error, match=match):
        BackpropStepper(*walk_data, **kwargs)


@pytest.mark.parametrize("kwargs, error, match", [({"index": 10 ** 6}, ValueError, "index must be"),
                                                   ({"pixels": [20] * 64}, ValueError, "pixel intensities"),
                                                   ({"pixels": [1] * 10}, ValueError, "one 8×8 digit")])
def test_digit_explorer_bad_settings_fail_when_built(digits, kwargs, error, match):
    with pytest.raises(error, match=match):
        DigitExplorer(*digits, **kwargs)


# -- interrupted runs -------------------------------------------------------------------------------
def interrupt_after(n_calls, fn):
    """fn, but its (n_calls + 1)-th call raises KeyboardInterrupt (the kernel's stop button, once)."""
    calls = {"n": 0}

    def wrapped(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == n_calls + 1:
            raise KeyboardInterrupt
        return fn(*args, **kwargs)

    return wrapped


def test_descent_player_interrupted_says_where_it_stopped(monkeypatch):
    X, Y = lesson1.lesson_data()
    expected = lesson2.run_descent(-3.0, 3.0, 0.1, 9, X, Y).errors[-1]
    e = DescentPlayer()
    e.step(2)
    monkeypatch.setattr(lesson2, "_gradient", interrupt_after(7, lesson2._gradient))
    with pytest.raises(KeyboardInterrupt):
        e.train(20)
    assert "stopped at step 7 of 20 (interrupted; step 9 since the start)" in e.status_line.value
    assert e.readouts()["step"] == 9.0 and len(e.run.path) == len(e.run.errors) == 10
    assert e.scores()["error"] == expected
    # the Run button swallows the interrupt (no traceback in a callback), and says it too
    monkeypatch.setattr(lesson2, "_gradient", interrupt_after(1, lesson1._gradient))
    e.run_button.click()
    assert "stopped at step 1 of 10" in e.status_line.value and e.readouts()["step"] == 10.0
    monkeypatch.undo()
    e.train(5)
    assert "interrupted" not in e.status_line.value and e.readouts()["step"] == 15.0


def test_backprop_stepper_interrupted_says_where_it_stopped(walk_data, monkeypatch):
    net, X, Y = walk_data
    e = BackpropStepper(net, X, Y, lr=0.3)
    monkeypatch.setattr(e, "finish_row", interrupt_after(4, e.finish_row))
    with pytest.raises(KeyboardInterrupt):
        e.train(2)
    # four rows (epoch 1) finished, the fifth row was stopped
    assert e.readouts()["epoch"] == 2.0 and e.readouts()["row"] == 1.0
    assert "Stopped at epoch 2, row 1 of 4 (interrupted, 4 of 8 rows done)" in e.status_html.value
    monkeypatch.undo()
    twin = net.copy()
    history = nl.train(twin, X, Y, loss="mse", lr=0.3, epochs=2, batch_size=1, shuffle=False)
    assert e.epoch_losses == [pytest.approx(history.loss[0], rel=1e-12)]
    assert e.train()["error"] == pytest.approx(history.loss[1], rel=1e-12)   # it goes on where it stopped
    assert "Stopped" not in e.status_html.value


def test_stepper_walk_repairs_a_half_committed_row(walk_data):
    net, X, Y = walk_data
    walk = lesson3.BackpropWalk(net, X, Y, lr=0.3)
    walk.finish_row()
    walk._snapshots.append(walk._snapshots[-1])         # as if stopped between two appends of next_stage
    walk._repair()
    assert len(walk._snapshots) == 2 and len(walk._row_errors) == 1 and walk.k == 1
    walk.finish_epochs(1)
    assert walk.epoch_losses == [pytest.approx(nl.train(net.copy(), X, Y, lr=0.3, epochs=1, shuffle=False).loss[0])]


def test_training_monitor_interrupted_says_where_it_stopped(digits):
    _, split = digits
    monitor = TrainingMonitor(epochs=5)

    def stop_after_three(event):
        monitor.callback(event)
        if event.epoch == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        with monitor:
            capstone.train_digits(epochs=5, split=split, callback=stop_after_three)
    assert "Stopped at epoch <b>3</b> of 5 (interrupted)" in monitor.status_html.value
    assert monitor.progress.label.value == "stopped at epoch 3 of 5 (interrupted)"
    assert len(monitor.loss_curves.train_line.get_xdata()) == 4          # epochs 0–3 drawn


# -- a run longer than planned draws correctly ----------------------------------------------------
def test_descent_player_axis_grows_with_a_long_run():
    e = DescentPlayer(lr=0.01)
    assert e.ax_loss.get_xlim() == (0, 50)
    e.train(120)
    assert e.ax_loss.get_xlim() == (0, 200)
    assert len(e.loss_line.get_xdata()) == 121


def test_training_monitor_and_progress_bar_grow_with_a_long_run(digits):
    _, split = digits
    monitor = TrainingMonitor(epochs=2)
    capstone.train_digits(epochs=4, split=split, callback=monitor.callback)
    assert monitor.loss_curves.epoch_limit >= 4 and monitor.ax_loss.get_xlim()[1] >= 4
    assert list(monitor.loss_curves.train_line.get_xdata()) == [0, 1, 2, 3, 4]
    assert "Epoch <b>4</b> (2 planned)" in monitor.status_html.value
    assert monitor.progress.bar.max == 4 and monitor.progress.bar.value == 4
    assert monitor.progress.label.value.startswith("epoch 4 (2 planned) · loss ")


def test_training_curves_keep_each_value_at_its_epoch():
    from matplotlib.figure import Figure

    from nnlesson.widgets.curves import TrainingCurves

    ax = Figure().add_subplot()
    curves = TrainingCurves(ax, "loss", epochs=3)
    history = nl.training.History(loss=[1.0, float("nan"), 0.5], initial_loss=2.0, epochs_run=3)
    curves.update(history, validation=False)
    assert list(curves.train_line.get_xdata()) == [0, 1, 3]          # the gap stays a gap
    with pytest.raises(TypeError, match="history must be a History"):
        curves.update({"loss": [1.0]})


def test_progress_bar_says_not_a_number_in_words():
    bar = ProgressBar(3, display=False)
    bar(nl.training.TrainingEvent(net=None, history=None, epoch=1, step=1, loss=float("nan")))
    assert bar.label.value == "epoch 1/3 · loss not a number"


# -- every explorer importable from nnlesson.widgets ---------------------------------------------
@pytest.mark.parametrize("name", nw.__all__)
def test_every_listed_name_imports(name):
    assert getattr(nw, name) is not None
    assert name in dir(nw)


def test_every_explorer_in_the_widgets_modules_is_listed():
    found = {}
    for info in pkgutil.iter_modules(nw.__path__):
        module = importlib.import_module(f"nnlesson.widgets.{info.name}")
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and issubclass(obj, Explorer) and obj is not Explorer \
                    and obj.__module__ == module.__name__:
                found[name] = info.name
    assert found == nw.EXPLORERS
    assert set(nw.EXPLORERS) <= set(nw.__all__)


@pytest.mark.parametrize("name", sorted(nw.EXPLORERS))
def test_every_explorer_has_the_contract(name):
    cls = getattr(nw, name)
    for method in ("settings", "code", "train", "scores"):
        assert callable(getattr(cls, method))
    assert cls.settings is not Explorer.settings, f"{name} must define settings()"
    params = inspect.signature(cls.__init__).parameters
    assert set(cls.data_arguments) <= set(params)

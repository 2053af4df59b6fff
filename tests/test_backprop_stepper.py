"""The backpropagation stepper: its numbers are nnlesson's, stage by stage, row by row."""

import re

import numpy as np
import pytest

import nnlesson as nl
from nnlesson.lessons import backprop_steps as steps
from nnlesson.lessons import lesson3
from nnlesson.lessons.backprop_steps import STAGES, backprop_row, stage_formulas, stage_readouts
from nnlesson.widgets import backprop as bp
from nnlesson.widgets.backprop import BackpropStepper

TIGHT = dict(rtol=0, atol=1e-12)


@pytest.fixture
def data():
    return lesson3.lesson_data()


def _reference(net, x, y):
    """forward and backward on a separate copy, read the way a learner would."""
    twin = net.copy()
    Y_pred = twin.forward(x[None, :])
    hidden, out = twin.layers
    values = dict(z_h=hidden.Z[0].copy(), a_h=hidden.A[0].copy(), z_out=out.Z[0, 0], y_pred=Y_pred[0, 0])
    (dW1, db1), (dW2, db2) = twin.backward(x[None, :], np.atleast_1d(y)[None, :], loss="mse")
    values.update(dW1=dW1, db1=db1, dW2=dW2, db2=db2)
    return values


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu"])
def test_backprop_row_holds_the_packages_forward_and_backward_values(hidden):
    rng = np.random.default_rng(5)
    net = nl.Network([3, 3, 1], hidden=hidden, seed=4)
    for layer in net.layers:
        layer.b = rng.normal(size=layer.b.shape)
    x, y = rng.normal(size=3), 0.7
    ref = _reference(net, x, y)
    step = backprop_row(net, x, y, lr=0.3)
    for name in ("z_h", "a_h", "dW1", "db1", "dW2", "db2"):
        np.testing.assert_allclose(getattr(step, name), ref[name], **TIGHT)
    assert step.z_out == pytest.approx(ref["z_out"], abs=1e-12)
    assert step.y_pred == pytest.approx(ref["y_pred"], abs=1e-12)
    assert step.E == pytest.approx(nl.mse(np.array([step.y_pred]), np.array([y])), abs=1e-12)
    # the chain rule, factor by factor, multiplies out to backward's numbers
    deriv = {"sigmoid": step.a_h * (1 - step.a_h), "tanh": 1 - step.a_h ** 2,
             "relu": (step.z_h > 0).astype(float)}[hidden]
    assert step.dE_dy_pred == pytest.approx(2 * (step.y_pred - y), abs=1e-12)
    np.testing.assert_allclose(step.dW2[:, 0], step.dE_dy_pred * 1 * step.a_h, **TIGHT)
    np.testing.assert_allclose(step.da_h, step.dz_out * net.layers[1].W[:, 0], **TIGHT)
    np.testing.assert_allclose(step.dz_h, step.da_h * deriv, **TIGHT)
    np.testing.assert_allclose(step.dW1, np.outer(x, step.dz_out * net.layers[1].W[:, 0] * deriv), **TIGHT)
    # the update is net.update's: W − lr·dW, and the given network is untouched
    np.testing.assert_allclose(step.W1_after, step.W1 - 0.3 * step.dW1, **TIGHT)
    np.testing.assert_allclose(step.b2_after, step.b2 - 0.3 * step.db2, **TIGHT)
    np.testing.assert_array_equal(net.layers[0].W, step.W1)


def test_each_stage_shows_the_packages_numbers(data):
    X, Y = data
    stepper = BackpropStepper(lesson3.lesson_network(), X, Y, lr=lesson3.LR)
    ref = _reference(lesson3.lesson_network(), X[0], Y[0, 0])
    shown = {}
    for s, name in enumerate(STAGES):
        r = stepper.readouts()
        assert r["stage"] == s and r["epoch"] == 1 and r["row"] == 1
        new = set(r) - set(shown)
        shown = r
        assert r["X1"] == X[0, 0] and r["Y"] == Y[0, 0]
        assert r["w(X2→h1)"] == lesson3.lesson_network().layers[0].W[1, 0]
        if name == "input":
            assert "a(h1)" not in r and "Y_pred" not in r
        if name == "hidden":
            assert {"z(h1)", "a(h1)", "z(h2)", "a(h2)"} <= new and "Y_pred" not in r
            assert r["a(h2)"] == pytest.approx(ref["a_h"][1], abs=1e-12)
            assert r["z(h1)"] == pytest.approx(ref["z_h"][0], abs=1e-12)
        if name == "output":
            assert r["Y_pred"] == pytest.approx(ref["y_pred"], abs=1e-12)
        if name == "error":
            assert r["E"] == pytest.approx((ref["y_pred"] - Y[0, 0]) ** 2, abs=1e-12)
            assert r["running epoch loss"] == pytest.approx(r["E"], abs=1e-15)
        if name == "output_gradients":
            assert r["∂E/∂w(h2→Y_pred)"] == pytest.approx(ref["dW2"][1, 0], abs=1e-12)
            assert r["∂E/∂b(Y_pred)"] == pytest.approx(ref["db2"][0], abs=1e-12)
            assert "∂E/∂w(X1→h1)" not in r
        if name == "hidden_gradients":
            for i in range(3):
                for j in range(2):
                    assert r[f"∂E/∂w(X{i + 1}→h{j + 1})"] == pytest.approx(ref["dW1"][i, j], abs=1e-12)
            assert r["∂E/∂b(h2)"] == pytest.approx(ref["db1"][1], abs=1e-12)
            assert r["∂E/∂z(h1)"] == pytest.approx(ref["db1"][0], abs=1e-12)
        if name == "update":
            twin = lesson3.lesson_network()
            twin.update(twin.backward(X[:1], Y[:1]), lesson3.LR)
            assert r["w(X3→h2) after"] == pytest.approx(twin.layers[0].W[2, 1], abs=1e-12)
            assert r["w(h1→Y_pred) after"] == pytest.approx(twin.layers[1].W[0, 0], abs=1e-12)
        # the formulas' results are the readouts' numbers, and they are on screen
        for line in stage_formulas(stepper.current_step(), s):
            assert np.isfinite(line.value)
            assert nl.plots.fmt(line.value) in stepper.formulas.value
        stepper.next()
    assert stepper.readouts()["row"] == 2


def _evaluate(numbers):
    """Evaluate a formula's number string such as '(−0.9) · 1 · 0.25' or '0.2 − 0.1 · 0.3'."""
    expr = numbers.replace("−", "-").replace("·", "*").replace("²", "**2").replace("e^", "exp")
    return eval(expr, {"exp": np.exp, "max": max, "tanh": np.tanh})  # noqa: S307 (our own strings)


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu"])
def test_plugged_in_numbers_give_the_result(hidden):
    """Every formula with its rounded numbers evaluates to the shown result (to rounding)."""
    net = nl.Network([3, 2, 1], hidden=hidden, seed=3)
    step = backprop_row(net, [0.5, -1.2, 0.3], -0.4, 0.1)
    for stage in STAGES[1:]:
        for line in stage_formulas(step, stage):
            if "if" in line.numbers:
                continue
            got = _evaluate(line.numbers)
            assert got == pytest.approx(line.value, rel=5e-3, abs=5e-4), (stage, line)


def test_output_gradient_formula_reads_factor_by_factor():
    step = lesson3.first_row_step()
    line = [f for f in stage_formulas(step, "output_gradients") if f.lhs == "∂E/∂w(h1→Y_pred)"][0]
    assert line.symbols.endswith("= 2·(Y_pred − Y) · 1 · a(h1)")
    assert "∂E/∂Y_pred · ∂Y_pred/∂z(Y_pred) · ∂z(Y_pred)/∂w(h1→Y_pred)" in line.symbols
    assert line.numbers == f"{steps._n(step.dE_dy_pred)} · 1 · {steps._n(step.a_h[0])}"
    hidden = [f for f in stage_formulas(step, "hidden_gradients") if f.lhs == "∂E/∂w(X2→h1)"][0]
    assert hidden.symbols == "∂E/∂z(Y_pred) · w(h1→Y_pred) · a(h1)·(1 − a(h1)) · X2"


@pytest.mark.parametrize("shuffle", [False, True])
def test_one_epoch_of_steps_leaves_the_weights_train_leaves(data, shuffle):
    X, Y = data
    net = lesson3.lesson_network()
    stepper = BackpropStepper(net, X, Y, lr=0.3, shuffle=shuffle, seed=7)
    for _ in range(len(X) * len(STAGES)):
        assert stepper.next()
    assert stepper.epoch == 2 and stepper.s == 0
    twin = net.copy()
    history = nl.train(twin, X, Y, loss="mse", lr=0.3, epochs=1, batch_size=1, shuffle=shuffle, seed=7)
    for (W, b), (Wt, bt) in zip(stepper.weights(), twin.get_weights()):
        np.testing.assert_allclose(W, Wt, **TIGHT)
        np.testing.assert_allclose(b, bt, **TIGHT)
    assert stepper.epoch_losses[0] == pytest.approx(history.loss[0], abs=1e-12)
    # and the learner's own network was not trained
    np.testing.assert_array_equal(net.layers[0].W, lesson3.lesson_network().layers[0].W)


def test_three_epochs_with_next_row_match_train(data):
    X, Y = data
    stepper = BackpropStepper(lesson3.lesson_network(), X, Y, lr=0.2, shuffle=True, seed=3)
    for _ in range(3 * len(X)):
        assert stepper.next_row()
    twin = lesson3.lesson_network()
    history = nl.train(twin, X, Y, lr=0.2, epochs=3, batch_size=1, shuffle=True, seed=3)
    np.testing.assert_allclose(stepper.epoch_losses, history.loss, rtol=0, atol=1e-12)
    for (W, b), (Wt, bt) in zip(stepper.weights(), twin.get_weights()):
        np.testing.assert_allclose(W, Wt, **TIGHT)
    assert stepper.epoch == 4
    assert "epoch 3: " + nl.plots.fmt(history.loss[2]) in stepper.loss_html.value


def test_running_epoch_loss_is_the_mean_of_the_rows_errors(data):
    X, Y = data
    stepper = BackpropStepper(lesson3.lesson_network(), X, Y, lr=0.1)
    errors = []
    for row in range(len(X)):
        while stepper.stage != "error":
            stepper.next()
        errors.append(stepper.readouts()["E"])
        assert stepper.readouts()["running epoch loss"] == pytest.approx(np.mean(errors), abs=1e-15)
        stepper.next_row()
    assert "running epoch loss" not in stepper.readouts()   # a new epoch: no error yet


def test_back_then_next_returns_to_identical_numbers(data):
    X, Y = data
    stepper = BackpropStepper(lesson3.lesson_network(), X, Y, lr=0.5)
    for clicks in (1, 3, 7, 8, 15):
        for _ in range(clicks):
            stepper.next()
        before = (stepper.readouts(), stepper.formulas.value, stepper.loss_html.value, stepper.position_html.value)
        for _ in range(clicks):
            assert stepper.back()
        for _ in range(clicks):
            assert stepper.next()
        after = (stepper.readouts(), stepper.formulas.value, stepper.loss_html.value, stepper.position_html.value)
        assert after == before
    # back across a row boundary lands on the previous row's update
    stepper.reset()
    stepper.next_row()
    stepper.back()
    r = stepper.readouts()
    assert r["row"] == 1 and r["stage"] == len(STAGES) - 1 and "w(X1→h1) after" in r


def test_back_at_the_very_start_says_so(data):
    X, Y = data
    stepper = BackpropStepper(lesson3.lesson_network(), X, Y)
    assert stepper.back_button.disabled
    assert stepper.back() is False
    assert "very first stage" in stepper.status_html.value


def _no_nan_on_screen(stepper):
    text = " ".join(w.value for w in (stepper.formulas, stepper.loss_html, stepper.position_html,
                                      stepper.status_html, stepper.legend_html))
    assert "nan" not in text.lower() and "not a number" not in text
    assert all(np.isfinite(v) for v in stepper.readouts().values())


def test_hundreds_of_clicks_across_epochs(data):
    X, Y = data
    stepper = BackpropStepper(lesson3.lesson_network(), X, Y, lr=0.5)
    for _ in range(250):
        assert stepper.next()
    assert stepper.epoch == 250 // (len(X) * len(STAGES)) + 1
    _no_nan_on_screen(stepper)
    assert len(stepper.epoch_losses) == stepper.epoch - 1
    for _ in range(50):
        stepper.back()
    _no_nan_on_screen(stepper)


@pytest.mark.parametrize("lr", [50.0, 1e6, 1e300])
def test_a_huge_learning_rate_stops_with_a_message_never_nan(data, lr):
    X, Y = data
    stepper = BackpropStepper(lesson3.lesson_network(), X, Y, lr=lr)
    stopped = False
    for _ in range(300):
        if not stepper.next():
            stopped = True
            break
        _no_nan_on_screen(stepper)
    _no_nan_on_screen(stepper)
    if lr >= 1e6:
        assert stopped
    if stopped:
        assert stepper.stage == "update"
        stepper.back()
        stepper.next()                           # back at the update that would blow up: a warning
        assert "Careful" in stepper.status_html.value and "too large" in stepper.status_html.value
        assert stepper.next() is False
        assert "learning rate" in stepper.status_html.value and "smaller lr" in stepper.status_html.value
        assert stepper.next() is False           # it stays stopped ...
        assert stepper.back() is True            # ... and Back still works
        assert stepper.status_html.value == ""


def test_widget_parts_carry_css_classes(data):
    X, Y = data
    stepper = BackpropStepper(lesson3.lesson_network(), X, Y)
    classes = {c for w in (stepper.back_button, stepper.next_button, stepper.next_row_button, stepper.reset_button,
                           stepper.position_html, stepper.legend_html, stepper.view.image, stepper.formulas,
                           stepper.loss_html, stepper.status_html, stepper.widget) for c in w._dom_classes}
    assert {"nnl-backprop", "nnl-backprop-next", "nnl-backprop-back", "nnl-backprop-next-row", "nnl-backprop-reset",
            "nnl-backprop-position", "nnl-backprop-figure", "nnl-backprop-formulas", "nnl-backprop-loss",
            "nnl-backprop-status", "nnl-backprop-legend"} <= classes
    stepper.next_button.click()
    assert stepper.s == 1
    stepper.back_button.click()
    assert stepper.s == 0
    assert stepper.view.image.value[:4] == b"\x89PNG"
    assert "Epoch 1" in stepper.position_html.value and "stage 1 of 7" in stepper.position_html.value


def test_feature_names_are_shown_on_the_first_stage(data):
    X, Y = data
    stepper = BackpropStepper(lesson3.lesson_network(), X, Y, feature_names=list(lesson3.FEATURES),
                              target_name="body mass")
    assert "X1 = bill_length_mm" in stepper.formulas.value and "body mass" in stepper.formulas.value


def test_bad_arguments_raise_clear_errors(data):
    X, Y = data
    net = lesson3.lesson_network()
    with pytest.raises(TypeError, match="net must be a Network"):
        BackpropStepper("net", X, Y)
    with pytest.raises(ValueError, match="one hidden layer"):
        BackpropStepper(nl.Network([3, 2, 2, 1]), X, Y)
    with pytest.raises(ValueError, match="identity output"):
        BackpropStepper(nl.Network([3, 2, 1], output="sigmoid"), X, Y)
    with pytest.raises(ValueError, match="lr must be a positive number"):
        BackpropStepper(net, X, Y, lr=-1)
    with pytest.raises(ValueError, match="3 inputs per row"):
        BackpropStepper(net, X[:, :2], Y)
    with pytest.raises(ValueError, match="same number of rows"):
        BackpropStepper(net, X, Y[:2])
    with pytest.raises(TypeError, match="shuffle"):
        BackpropStepper(net, X, Y, shuffle="yes")
    with pytest.raises(ValueError, match="feature_names"):
        BackpropStepper(net, X, Y, feature_names=["a"])
    with pytest.raises(ValueError, match=r"one row of 3 inputs, got shape \(2,\)"):
        backprop_row(net, [1.0, 2.0], 0.0, 0.1)
    with pytest.raises(ValueError, match="single target"):
        backprop_row(net, [1.0, 2.0, 3.0], [0.0, 1.0], 0.1)
    with pytest.raises(ValueError, match="unknown stage"):
        stage_readouts(lesson3.first_row_step(), "backward")
    with pytest.raises(TypeError, match="RowStep"):
        stage_formulas({}, 0)


def test_static_stage_image_is_a_png():
    picture = bp.stage_image(lesson3.first_row_step(), "output_gradients")
    assert picture.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert picture.width == 9.4 * 90                        # shown at its CSS width, drawn at 2× for HiDPI


def test_no_formula_shows_a_python_artifact():
    step = lesson3.first_row_step()
    for stage in STAGES:
        html = bp.formulas_html(step, stage)
        assert not re.search(r"\d-\d|e[+-]\d\d|None|array", html)


def test_pictures_after_back_and_next_are_the_pictures_drawn_the_first_time(data):
    X, Y = data
    a = BackpropStepper(lesson3.lesson_network(), X, Y, lr=0.5)
    b = BackpropStepper(lesson3.lesson_network(), X, Y, lr=0.5)
    for _ in range(10):
        a.next()
    for _ in range(12):
        b.next()
    b.back()
    b.back()
    assert (a.k, a.s) == (b.k, b.s)
    assert a.png() == b.png()
    assert a.png() != BackpropStepper(lesson3.lesson_network(), X, Y, lr=0.5).png()


def test_clicks_from_two_threads_never_mix(data):
    """ipykernel may deliver clicks on another thread: moves are serialised, none is lost."""
    import threading

    X, Y = data
    stepper = BackpropStepper(lesson3.lesson_network(), X, Y, lr=0.1)
    threads = [threading.Thread(target=lambda: [stepper.next() for _ in range(10)]) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    reference = BackpropStepper(lesson3.lesson_network(), X, Y, lr=0.1)
    for _ in range(20):
        reference.next_stage()
    assert (stepper.k, stepper.s) == (reference.k, reference.s)
    assert stepper.readouts() == reference.readouts()

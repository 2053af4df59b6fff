"""Two classes, one sigmoid (lesson 5, section 5): plain functions and the widget, without a browser."""

import math

import numpy as np
import pytest

import nnlesson as nl
from nnlesson.lessons import lesson5_binary as lb
from nnlesson.lessons.lesson5 import region_grid
from nnlesson.plots import fmt
from nnlesson.widgets import TwoClassExplorer


@pytest.fixture(scope="module")
def split():
    return lb.binary_split()


@pytest.fixture(scope="module")
def explorer():
    return TwoClassExplorer()


def _by_hand(w, b, split):
    """Binary cross-entropy and accuracy computed here, without the package's losses."""
    out = {}
    for part, X, Y in (("train", split.X_train, split.Y_train[:, 1]), ("test", split.X_test, split.Y_test[:, 1])):
        z = X[:, 0] * w[0] + X[:, 1] * w[1] + b
        P = 1.0 / (1.0 + np.exp(-z))
        out[f"{part}_loss"] = float(-np.mean(Y * np.log(P) + (1 - Y) * np.log(1 - P)))
        out[f"{part}_accuracy"] = float(np.mean((P >= 0.5) == (Y == 1)))
    return out


# -- the computation ---------------------------------------------------------------------------------
def test_split_is_adelie_against_chinstrap(split):
    assert split.classes == ["Adelie", "Chinstrap"]
    assert (len(split.X_train), len(split.X_test)) == (164, 55)
    Y_train, Y_test = lb.binary_targets(split)
    assert Y_train.shape == (164, 1) and set(np.unique(Y_train)) == {0.0, 1.0}
    assert np.all(Y_test[:, 0] == (split.y_test == "Chinstrap"))


def test_sigmoid_equals_two_class_softmax_for_many_z():
    z = np.linspace(-30, 30, 601)
    sig, soft = lb.sigmoid_as_softmax(z)
    np.testing.assert_allclose(sig, 1 / (1 + np.exp(-z)), rtol=1e-12)
    np.testing.assert_allclose(soft, np.exp(z) / (np.exp(0) + np.exp(z)), rtol=1e-12)
    np.testing.assert_allclose(sig, soft, rtol=1e-12, atol=1e-300)


def test_readouts_equal_the_loss_and_accuracy_computed_by_hand(split):
    for w, b in (((-1.0, 1.0), 0.0), ((2.0, -0.5), -0.9), ((0.3, 4.0), 1.5)):
        r = lb.binary_readouts(w, b, split)
        expected = _by_hand(w, b, split)
        for key, value in expected.items():
            assert r[key] == pytest.approx(value, rel=1e-10), key
        P = 1 / (1 + np.exp(-(split.X_train @ np.array(w) + b)))
        assert r["train_loss"] == pytest.approx(nl.binary_cross_entropy(P, split.Y_train[:, 1]), rel=1e-12)


def test_start_is_wrong_and_zero_weights_give_ln2(split):
    r = lb.binary_readouts((-1.0, 1.0), 0.0, split)
    assert r["train_loss"] == pytest.approx(1.249844, abs=1e-6)
    assert r["test_accuracy"] == pytest.approx(18 / 55)
    r0 = lb.binary_readouts((0.0, 0.0), 0.0, split)
    assert r0["train_loss"] == pytest.approx(math.log(2)) and r0["test_loss"] == pytest.approx(math.log(2))
    assert r0["test_accuracy"] == pytest.approx(17 / 55)   # P = 0.5 reads as class 1 (Chinstrap) for every row


def test_gradient_readouts_match_backpropagation(split):
    w, b = np.array([-1.0, 1.0]), 0.0
    r = lb.binary_readouts(w, b, split)
    (dW, db), = lb.neuron_network(w, b).backward(split.X_train, split.Y_train[:, 1:], "binary_cross_entropy")
    assert (r["dw1"], r["dw2"], r["db"]) == pytest.approx((dW[0, 0], dW[1, 0], db[0]), rel=1e-10)
    assert r["dw1"] < 0   # raising w1 lowers the error: long bills should count towards Chinstrap


def test_row_readout_is_z_sigmoid_and_softmax(split):
    w, b = (1.5, -0.5), 0.25
    r = lb.binary_readouts(w, b, split, row=7)
    z = split.X_train[7, 0] * 1.5 - 0.5 * split.X_train[7, 1] + 0.25
    assert r["z"] == pytest.approx(z) and r["sigmoid"] == pytest.approx(1 / (1 + math.exp(-z)))
    assert r["softmax"] == pytest.approx(r["sigmoid"], rel=1e-12)
    assert r["row_class"] == split.y_train[7]
    np.testing.assert_array_equal(r["row_raw"], split.X_train_raw[7])


def test_boundary_is_where_z_is_zero(split):
    w, b = np.array([2.0, -0.7]), -0.9
    x_range, y_range, points = region_grid(split, 60)
    xs, ys = lb.boundary_segment(w, b, split.x_scaler, x_range, y_range)
    ends = split.x_scaler.transform(np.column_stack([xs, ys]))
    np.testing.assert_allclose(ends @ w + b, 0.0, atol=1e-9)
    z, P = lb.neuron_output(w, b, ends)
    np.testing.assert_allclose(P, 0.5, atol=1e-12)
    # On the grid, P ≥ 0.5 exactly where w·x + b ≥ 0, and the line really crosses the box.
    grid = lb.probability_grid(w, b, points, 60)
    np.testing.assert_array_equal(grid.ravel() >= 0.5, points @ w + b >= 0)
    assert 0 < np.mean(grid >= 0.5) < 1
    assert xs.min() >= x_range[0] - 1e-9 and xs.max() <= x_range[1] + 1e-9
    assert lb.boundary_segment((0.0, 0.0), 0.3, split.x_scaler, x_range, y_range) is None
    assert lb.boundary_segment((1.0, 0.0), 100.0, split.x_scaler, x_range, y_range) is None   # off the box


def test_majority_baseline(split):
    # 113 of 164 training rows are Adelie; 38 of the 55 test rows are Adelie.
    assert int(split.Y_train[:, 0].sum()) == 113
    assert lb.majority_baseline(split) == pytest.approx(38 / 55)


def test_training_lowers_the_loss_and_beats_the_majority_guess(split):
    start = _by_hand((-1.0, 1.0), 0.0, split)
    w, b, history = lb.train_binary(split, (-1.0, 1.0), 0.0, lr=0.1, epochs=10)
    after = _by_hand(w, b, split)
    assert after["train_loss"] < 0.5 * start["train_loss"]
    assert after["test_loss"] < start["test_loss"]
    assert after["test_accuracy"] > 38 / 55 + 0.1
    assert history.epochs_run == 10 and history.final_loss == pytest.approx(after["train_loss"], rel=1e-10)
    assert w[0] > 0   # long bills count towards Chinstrap


def test_bad_inputs_are_refused(split):
    with pytest.raises(ValueError, match="species"):
        lb.binary_split(species=("Adelie", "Adelie"))
    with pytest.raises(ValueError, match="species"):
        lb.binary_split(species=("Adelie", "Emperor"))
    with pytest.raises(ValueError, match="w must be"):
        lb.binary_readouts((1.0, 2.0, 3.0), 0.0, split)
    with pytest.raises(ValueError, match="b must be"):
        lb.binary_readouts((1.0, 2.0), float("nan"), split)
    with pytest.raises(ValueError, match="row"):
        lb.binary_readouts((1.0, 2.0), 0.0, split, row=164)
    with pytest.raises(TypeError, match="split"):
        lb.binary_readouts((1.0, 2.0), 0.0, "penguins")
    with pytest.raises(ValueError, match="points"):
        lb.probability_grid((1.0, 2.0), 0.0, np.zeros((10, 2)), 5)


# -- the self-check ----------------------------------------------------------------------------------
def test_checker_accepts_the_formula():
    assert lb.check_binary_cross_entropy(lambda P, Y: -np.mean(Y * np.log(P) + (1 - Y) * np.log(1 - P)))


@pytest.mark.parametrize("wrong, words", [
    (lambda P, Y: -np.mean(Y * np.log(P)), "(1 − Y)"),
    (lambda P, Y: -np.mean(Y * np.log10(P) + (1 - Y) * np.log10(1 - P)), "natural logarithm"),
    (lambda P, Y: np.mean(Y * np.log(P) + (1 - Y) * np.log(1 - P)), "sign is flipped"),
    (lambda P, Y: -np.sum(Y * np.log(P) + (1 - Y) * np.log(1 - P)), "mean over the N rows"),
    (lambda P, Y: -np.mean((1 - Y) * np.log(P) + Y * np.log(1 - P)), "swapped"),
])
def test_checker_names_each_slip(wrong, words):
    feedback = lb.check_binary_cross_entropy(wrong)
    assert not feedback and words in feedback.hint


def test_checker_gives_no_slip_hint_to_an_unrelated_mistake():
    feedback = lb.check_binary_cross_entropy(lambda P, Y: np.mean((P - Y) ** 2))
    assert not feedback
    assert not any(slip.hint == feedback.hint for slip in lb.BCE_HINTS)


# -- the widget --------------------------------------------------------------------------------------
def test_widget_readouts_are_the_lesson_numbers(explorer):
    explorer.reset()
    explorer.w1_slider.value = 1.25
    explorer.row_slider.value = 3
    r = lb.binary_readouts((1.25, explorer.w2_slider.value), explorer.b_slider.value, explorer.split, 3)
    html = {k: h.value for k, h in explorer._html.items()}
    assert f"<b>{fmt(r['train_loss'])}</b>" in html["train-loss"]
    assert f"<b>{fmt(r['test_loss'])}</b>" in html["test-loss"]
    assert f"<b>{fmt(100 * r['test_accuracy'])}%</b>" in html["test-accuracy"]
    assert f"<b>{fmt(100 * r['baseline'])}%</b>" in html["baseline"]
    assert f"∂E/∂w1 = <b>{fmt(r['dw1'])}</b>" in html["gradient"]
    assert (f"σ(z) = <b>{fmt(r['sigmoid'])}</b> and softmax([0, z])[1] = <b>{fmt(r['softmax'])}</b>: equal"
            in html["softmax"])
    assert explorer.readouts()["train_loss"] == pytest.approx(r["train_loss"])
    explorer.row_slider.value = 0


def test_region_picture_shows_the_probability(explorer):
    explorer.reset()
    explorer.w1_slider.value, explorer.w2_slider.value, explorer.b_slider.value = 3.0, 0.0, 0.0
    canvas = np.asarray(explorer.view.canvas.buffer_rgba())
    x0, y0, x1, y1 = explorer.ax_plane.bbox.extents
    top = canvas.shape[0]
    row = top - int((y0 + y1) / 2)
    left, right = canvas[row, int(x0) + 3, :3], canvas[row, int(x1) - 3, :3]
    colours = explorer._colours
    # far left P ≈ 0 (Adelie's tint), far right P ≈ 1 (Chinstrap's tint), as the colour table says
    P = lb.probability_grid((3.0, 0.0), 0.0, explorer.points, explorer.n)
    np.testing.assert_array_equal(left, colours[min(int(P[explorer.n // 2, 0] * 256), 255), :3])
    np.testing.assert_array_equal(right, colours[min(int(P[explorer.n // 2, -1] * 256), 255), :3])
    assert explorer.boundary.get_xdata().size == 2
    explorer.reset()


def test_settings_round_trip(explorer):
    explorer.reset()
    explorer.w1_slider.value, explorer.b_slider.value, explorer.lr_slider.value = 0.7, -0.3, 0.5
    explorer.epochs_slider.value = 25
    s = explorer.settings()
    assert s["w1"] == 0.7 and s["b"] == -0.3 and s["lr"] == 0.5 and s["epochs"] == 25
    twin = TwoClassExplorer(**s)
    assert twin.settings() == s
    assert twin.readouts() == explorer.readouts()
    assert explorer.code() == "TwoClassExplorer(w1=0.7, b=-0.3, lr=0.5, epochs=25)"
    assert explorer.train_button.description == "Train 25 epochs"
    explorer.lr_slider.value, explorer.epochs_slider.value = 0.1, 10
    explorer.reset()


def test_train_moves_the_sliders_and_scores(explorer):
    explorer.reset()
    w, b, _ = lb.train_binary(explorer.split, (-1.0, 1.0), 0.0, lr=0.1, epochs=10)
    scores = explorer.train()
    assert (explorer.w1_slider.value, explorer.w2_slider.value, explorer.b_slider.value) == pytest.approx(
        (w[0], w[1], b), rel=1e-12)
    expected = _by_hand(w, b, explorer.split)
    assert scores == pytest.approx({"train_accuracy": expected["train_accuracy"],
                                    "test_accuracy": expected["test_accuracy"]})
    assert scores["test_accuracy"] > lb.majority_baseline(explorer.split)
    assert "Trained 10 epochs" in explorer.status_html.value
    assert fmt(expected["train_loss"]) in explorer.status_html.value
    explorer.train(epochs=5)
    assert explorer.epochs_trained == 15
    explorer.reset()
    assert explorer.w1_slider.value == -1.0 and explorer.epochs_trained == 0


def test_nan_and_inf_are_clamped_and_said(explorer):
    explorer.reset()
    explorer.w1_slider.value = float("nan")
    assert explorer.w1_slider.value == -1.0 and "cannot be NaN" in explorer.status_html.value
    explorer.w2_slider.value = float("inf")
    assert explorer.w2_slider.value == 10.0 and "outside its range" in explorer.status_html.value
    assert explorer.readouts()["train_loss"] == pytest.approx(
        lb.binary_readouts((-1.0, 10.0), 0.0, explorer.split)["train_loss"])
    explorer.lr_slider.value = -5
    assert explorer.lr_slider.value == 0.01 and "lr" in explorer.status_html.value
    explorer.lr_slider.value = 0.1
    explorer.reset()


@pytest.mark.parametrize("kwargs, error, words", [
    ({"w1": 11}, ValueError, "w1"), ({"b": float("nan")}, ValueError, "b"), ({"w2": "1"}, TypeError, "w2"),
    ({"lr": 0}, ValueError, "lr"), ({"epochs": 2.5}, TypeError, "epochs"), ({"row": 500}, ValueError, "row"),
    ({"species": ("Adelie",)}, ValueError, "species"), ({"features": ("bill_length_mm",)}, ValueError, "features"),
])
def test_bad_constructor_arguments_raise(kwargs, error, words):
    with pytest.raises(error, match=words):
        TwoClassExplorer(**kwargs)


def test_other_species_pair():
    e = TwoClassExplorer(species=("Adelie", "Gentoo"), features=("bill_length_mm", "flipper_length_mm"))
    assert e.classes == ["Adelie", "Gentoo"]
    assert e.train(epochs=20)["test_accuracy"] > 0.95


def test_numbers_quoted_in_the_lessons_answers():
    """The answers under section 5's "Try this" quote these readouts (notebooks/05_classification_softmax.md)."""
    def shown(**weights):
        r = TwoClassExplorer(**weights).readouts()
        return {k: fmt(100 * v) if "accuracy" in k or k == "baseline" else fmt(v) for k, v in r.items()}

    zero = shown(w1=0, w2=0, b=0)
    assert (zero["train_loss"], zero["train_accuracy"], zero["test_accuracy"]) == ("0.6931", "31.1", "30.91")
    start = shown()
    assert (start["dw1"], start["dw2"], start["db"], start["train_loss"], start["test_loss"]) == (
        "−0.5593", "0.129", "0.1883", "1.25", "1.111")
    hand = shown(w1=2, w2=0, b=-1)
    assert (hand["train_loss"], hand["test_loss"], hand["test_accuracy"], hand["dw1"]) == (
        "0.183", "0.2857", "90.91", "−0.08382")
    e = TwoClassExplorer()
    losses = []
    for _ in range(3):
        e.train()
        losses.append((fmt(e.readouts()["train_loss"]), fmt(100 * e.scores()["test_accuracy"])))
    assert losses == [("0.2134", "90.91"), ("0.1335", "90.91"), ("0.105", "92.73")]
    doubled = [shown(w1=w1, w2=w2, b=b) for w1, w2, b in ((1.71, 0.01, -0.89), (3.43, 0.02, -1.78), (6.86, 0.03, -3.55))]
    assert [d["train_loss"] for d in doubled] == ["0.2139", "0.1048", "0.07321"]
    assert [d["test_loss"] for d in doubled] == ["0.3082", "0.2451", "0.2965"]
    assert {(d["train_accuracy"], d["test_accuracy"]) for d in doubled} == {("97.56", "90.91")}


def test_checker_survives_the_unfinished_exercise():
    def my_binary_cross_entropy(P, Y):
        raise NotImplementedError

    feedback = lb.check_binary_cross_entropy(my_binary_cross_entropy)
    assert not feedback and "NotImplementedError" in str(feedback)


def test_readouts_carry_every_training_rows_z():
    """The explorer plots z of every training row from binary_readouts (not a second forward pass)."""
    split = lb.binary_split()
    w, b = (0.7, -1.2), 0.3
    r = lb.binary_readouts(w, b, split, row=5)
    z, _ = lb.neuron_output(np.array(w), b, split.X_train)
    np.testing.assert_allclose(r["z_train"], z)
    assert r["z"] == float(z[5])

"""Lesson 2's gradient-descent player: the plain functions (nnlesson.lessons.lesson2) and the widget driven
from Python."""

import math

import numpy as np
import pytest

from nnlesson.lessons import lesson1, lesson2
from nnlesson.plots import fmt
from nnlesson.training import DIVERGE_FACTOR, divergence_message, has_diverged
from nnlesson.widgets.descent import DescentPlayer

X, Y = lesson1.two_weight_data()
BEST = lesson1.lowest_error(X, Y)


def test_gradient_step_is_the_update_rule():
    g1, g2 = lesson1.gradient(-3, 3, X, Y)
    assert lesson2.gradient_step(-3, 3, 0.1, X, Y) == (-3 - 0.1 * g1, 3 - 0.1 * g2)
    # a small step lowers the error
    assert lesson1.error(*lesson2.gradient_step(-3, 3, 0.1, X, Y), X, Y) < lesson1.error(-3, 3, X, Y)


def test_run_descent_path_and_errors():
    run = lesson2.run_descent(-3, 3, 0.3, 5, X, Y)
    assert run.steps == 5 and len(run.errors) == 6
    W = (-3.0, 3.0)
    for k in range(5):
        W = lesson2.gradient_step(*W, 0.3, X, Y)
        assert run.path[k + 1] == W
        assert run.errors[k + 1] == lesson1.error(*W, X, Y)
    assert np.all(np.diff(run.errors) < 0)


@pytest.mark.parametrize("lr, steps, word", [
    (0.01, 20, "crawling"), (0.3, 60, "converged"), (1.2, 11, "oscillating"), (1.4, 3, "overshooting"),
    (1.4, 100, "diverged at step"), (2.0, 100, "diverged at step 2")])
def test_regimes_are_described_in_words(lr, steps, word):
    run = lesson2.run_descent(-3, 3, lr, steps, X, Y)
    assert word in run.message
    assert all(math.isfinite(e) for e in run.errors)
    assert np.all(np.isfinite(run.path))


def test_divergence_stops_keeps_finite_points_and_says_when():
    # the package's one divergence rule (nl.training.has_diverged) and its message
    run = lesson2.run_descent(-3, 3, 2.0, 1000, X, Y)
    assert run.diverged and run.diverged_at == 2 and run.steps == 2
    assert run.message == divergence_message("step 2", run.errors[0], run.errors[-1], 2.0)
    assert run.message.startswith("diverged at step 2: ") and "smaller learning rate" in run.message
    assert has_diverged(run.errors[-1], run.errors[0]) and not has_diverged(run.errors[-2], run.errors[0])
    assert run.errors[-1] > DIVERGE_FACTOR * run.errors[0] and run.errors[-2] <= DIVERGE_FACTOR * run.errors[0]
    again = lesson2.continue_descent(run, 2.0, 10, X, Y)
    assert again.steps == 2  # a diverged run takes no more steps
    huge = lesson2.run_descent(-3, 3, 1e6, 50, X, Y)  # absurd learning rate: still finite, still words
    assert huge.diverged and huge.diverged_at == 1 and np.all(np.isfinite(huge.path))


def test_max_steps_stops_with_a_message():
    run = lesson2.continue_descent(lesson2.start_descent(-3, 3, X, Y), 0.01, 50, X, Y, max_steps=30)
    assert run.steps == 30 and "stopped after 30 steps" in run.message


def test_per_row_epoch_is_one_update_per_row_in_order():
    W = (-3.0, 3.0)
    for i in range(len(X)):
        W = lesson2.per_row_step(*W, 0.05, X[i], Y[i])
    assert lesson2.epoch_per_row(-3, 3, 0.05, X, Y) == pytest.approx(W, rel=1e-14)
    # a row's update is gradient descent on that row's own squared error
    r = lesson2.per_row_step(-3, 3, 0.05, X[0], Y[0])
    miss = -3 * X[0, 0] + 3 * X[0, 1] - Y[0]
    assert r == pytest.approx((-3 - 0.05 * 2 * miss * X[0, 0], 3 - 0.05 * 2 * miss * X[0, 1]))
    assert lesson2.epoch_full_batch(-3, 3, 0.05, X, Y) == lesson2.gradient_step(-3, 3, 0.05, X, Y)


def test_train_epochs_per_row_vs_full_batch():
    per_row = lesson2.train_epochs(-3, 3, 0.05, 10, X, Y, mode="per_row")
    full = lesson2.train_epochs(-3, 3, 0.05, 10, X, Y, mode="full_batch")
    assert per_row.epochs == full.epochs == 10
    assert per_row.updates == 200 and full.updates == 10
    assert per_row.errors[0] == full.errors[0] == lesson1.error(-3, 3, X, Y)
    assert per_row.errors[-1] < full.errors[-1]  # 20 updates per epoch get further per epoch
    W = (-3.0, 3.0)
    for _ in range(3):
        W = lesson2.gradient_step(*W, 0.05, X, Y)
    assert full.path[3] == W
    shuffled = lesson2.train_epochs(-3, 3, 0.05, 3, X, Y, shuffle=True, seed=4)
    assert shuffled.errors == lesson2.train_epochs(-3, 3, 0.05, 3, X, Y, shuffle=True, seed=4).errors
    assert shuffled.errors != lesson2.train_epochs(-3, 3, 0.05, 3, X, Y).errors
    blown = lesson2.train_epochs(-3, 3, 5.0, 50, X, Y, mode="per_row")
    assert blown.diverged and "diverged at epoch 1" in blown.message
    assert all(math.isfinite(e) for e in blown.errors)


def test_inputs_are_checked():
    with pytest.raises(ValueError, match="lr must be a positive number"):
        lesson2.gradient_step(0, 0, -0.1, X, Y)
    with pytest.raises(TypeError, match="steps must be a positive whole number"):
        lesson2.run_descent(0, 0, 0.1, 2.5, X, Y)
    with pytest.raises(ValueError, match="mode must be 'per_row' or 'full_batch'"):
        lesson2.train_epochs(0, 0, 0.1, 2, X, Y, mode="batch")
    with pytest.raises(ValueError, match="lr must be one of learning_rates"):
        DescentPlayer(lr=0.5)


# -- the widget -----------------------------------------------------------------------------------
def expected(lr, steps, start=(-3.0, 3.0)):
    run = lesson2.run_descent(*start, lr, steps, X, Y) if steps else lesson2.start_descent(*start, X, Y)
    W1, W2 = run.path[-1]
    return {"lr": lr, "step": float(run.steps), "W1": W1, "W2": W2, "error": run.errors[-1]}, run


def test_player_start_and_css_classes():
    p = DescentPlayer()
    assert p.readouts() == expected(0.1, 0)[0]
    assert "nnl-descent" in p.widget._dom_classes
    for widget, css in [(p.lr_slider, "lr"), (p.step_button, "step"), (p.run_button, "run"),
                        (p.reset_button, "reset"), (p.steps_box, "nsteps"), (p.error_html, "error"),
                        (p.step_html, "step-count"), (p.weights_html, "W"), (p.status_line, "status"),
                        (p.view.image, "figure")]:
        assert f"nnl-descent-{css}" in widget._dom_classes
    assert "press Step or Run" in p.status_line.value


def test_step_run_reset_buttons():
    p = DescentPlayer()
    p.lr_slider.value = 0.3
    p.step_button.click()
    assert p.readouts() == expected(0.3, 1)[0]
    p.run_button.click()  # 10 more
    want, run = expected(0.3, 11)
    assert p.readouts() == want
    assert fmt(want["error"]) in p.error_html.value
    assert p.status_line.value == run.message
    assert p.path_line.get_xydata().shape == (12, 2)
    np.testing.assert_allclose(p.loss_line.get_ydata(), run.errors)
    p.steps_box.value = 45
    assert p.run_button.description == "Run 45"
    p.run_button.click()
    assert p.readouts() == expected(0.3, 56)[0]
    assert p.ax_loss.get_xlim() == (0.0, 100.0)  # widened to fit 56 steps
    p.reset_button.click()
    assert p.readouts() == expected(0.3, 0)[0]
    assert p.ax_loss.get_xlim() == (0.0, 50.0)
    assert p.path_line.get_xydata().shape == (1, 2)


def test_changing_the_learning_rate_restarts():
    p = DescentPlayer()
    p.run_button.click()
    p.lr_slider.value = 0.6
    assert p.readouts() == expected(0.6, 0)[0]
    assert "learning rate 0.6" in p.status_line.value
    p.step_button.click()
    assert p.readouts() == expected(0.6, 1)[0]


def test_largest_learning_rate_many_steps_and_rapid_clicks():
    p = DescentPlayer()
    p.lr_slider.value = max(lesson2.LEARNING_RATES)
    p.steps_box.value = 500
    for _ in range(5):
        p.run_button.click()
    for _ in range(50):
        p.step_button.click()
    r = p.readouts()
    want, run = expected(2.0, 500)
    assert r == want and r["step"] == 2
    assert all(math.isfinite(v) for v in r.values())
    assert p.status_line.value == f"⚠ {run.message} Press Reset."
    assert "diverged at step 2" in p.status_line.value and "smaller learning rate" in p.status_line.value
    for artist in (p.path_line, p.point, p.loss_line):
        xy = artist.get_xydata()
        assert np.all(np.isfinite(xy))
    # drawn inside the axes: the last point is clamped to the map's edge
    (x, y), = p.point.get_xydata()
    assert -4 <= x <= 4 and -4 <= y <= 4
    assert p.loss_line.get_ydata().max() <= p.ax_loss.get_ylim()[1]
    p.reset_button.click()
    assert p.readouts() == expected(2.0, 0)[0]
    # a good rate for many rapid steps: converges, stays finite, axis grows by doubling
    p.lr_slider.value = 0.6
    for _ in range(100):
        p.step_button.click()
    assert p.readouts() == expected(0.6, 100)[0]
    assert "converged" in p.status_line.value
    assert p.ax_loss.get_xlim() == (0.0, 100.0)
    assert p.view.png()[:4] == b"\x89PNG"


def test_every_learning_rate_on_the_slider_keeps_the_widget_alive():
    p = DescentPlayer()
    p.steps_box.value = 200
    for lr in lesson2.LEARNING_RATES:
        p.lr_slider.value = lr
        p.run_button.click()
        r = p.readouts()
        assert all(math.isfinite(v) for v in r.values())
        assert p.status_line.value and "not a number" not in p.status_line.value + p.error_html.value


def test_max_stable_lr_separates_converging_from_diverging():
    limit = lesson2.max_stable_lr(X)
    assert 1.2 < limit < 1.4  # between the player's 1.2 (oscillates) and 1.4 (diverges)
    below = lesson2.run_descent(-3, 3, 0.97 * limit, 600, X, Y)
    above = lesson2.run_descent(-3, 3, 1.03 * limit, 600, X, Y)
    assert not below.diverged and below.errors[-1] < below.errors[0]
    assert above.diverged
    with pytest.raises(ValueError, match="X must have 2 columns"):
        lesson2.max_stable_lr(np.ones((4, 3)))


def test_error_axis_leaves_room_up_to_the_divergence_rule():
    lo, hi = lesson2.error_axis_limits(-3.0, 3.0, X, Y)
    assert lo == 0.5 * BEST[2]
    assert hi == 2 * DIVERGE_FACTOR * lesson1.error(-3.0, 3.0, X, Y)
    p = DescentPlayer()
    assert p.ax_loss.get_ylim() == pytest.approx((lo, hi))
    assert lesson2.check_weights(1, -2) == (1.0, -2.0)
    with pytest.raises(TypeError, match="start must be a pair"):
        DescentPlayer(start=(1.0, "2"))

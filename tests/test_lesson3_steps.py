"""Lesson 3's stepper computation without a browser: one source for the gradients (Network.backward),
the formulas (the activations table) and the blow-up rule (training.has_diverged)."""

import numpy as np
import pytest

import nnlesson as nl
from nnlesson.activations import ACTIVATIONS, HIDDEN_CHOICES
from nnlesson.lessons import backprop_steps as steps
from nnlesson.lessons import lesson3
from nnlesson.training import divergence_message, has_diverged


@pytest.mark.parametrize("hidden", HIDDEN_CHOICES)
@pytest.mark.parametrize("seed", range(4))
def test_the_row_step_gradients_are_network_backward(hidden, seed):
    rng = np.random.default_rng(seed)
    net = nl.Network([3, int(rng.integers(1, 6)), 1], hidden=hidden, seed=seed)
    for layer in net.layers:
        layer.b = rng.normal(size=layer.b.shape)
    x, y = rng.normal(size=3), float(rng.normal())
    step = steps.backprop_row(net, x, y, lr=0.2)
    (dW1, db1), (dW2, db2) = net.copy().backward(x[None, :], [[y]], loss="mse")
    for got, want in ((step.dW1, dW1), (step.db1, db1), (step.dW2, dW2), (step.db2, db2), (step.dz_h, db1)):
        np.testing.assert_array_equal(got, want)          # the very numbers, not a re-derivation
    assert step.dz_out == db2[0]
    assert step.E == nl.mse([[step.y_pred]], [[y]])
    assert step.dE_dy_pred == nl.losses.mse_gradient([[step.y_pred]], [[y]])[0, 0]
    # the one product backward does not return, ∂E/∂a_h, times f′(z_h) gives backward's ∂E/∂z_h
    slope = ACTIVATIONS[hidden].derivative(step.z_h)
    np.testing.assert_allclose(step.da_h * slope, step.dz_h, rtol=1e-12, atol=1e-15)


def test_formulas_on_screen_are_the_activations_table_s():
    for name in HIDDEN_CHOICES:
        f, rhs, _ = steps.activation_formulas(name, "z", "a")
        assert f"{f} = {rhs}" == ACTIVATIONS[name].formula
    assert steps.activation_formulas("sigmoid", "z(h1)", "a(h1)") == (
        "σ(z(h1))", "1 / (1 + e^(−z(h1)))", "a(h1)·(1 − a(h1))")
    assert steps.activation_formulas("tanh", "z(h1)", "a(h1)")[2] == "(1 − a(h1)²)"
    assert steps.activation_formulas("relu", "z(h1)", "a(h1)")[2] == "(1 if z(h1) > 0, else 0)"


def _evaluate(text):
    expr = (text.replace("−", "-").replace("·", "*").replace("²", "**2").replace("e^", "exp")
            .replace(", else", " else"))
    return eval(expr, {"exp": np.exp, "max": max})  # noqa: S307 (our own strings)


@pytest.mark.parametrize("name", HIDDEN_CHOICES)
@pytest.mark.parametrize("z", [-2.5, -0.3, 0.7, 1.9])
def test_formulas_with_numbers_give_the_activation_and_its_slope(name, z):
    a = float(ACTIVATIONS[name].function(np.array(z)))
    _, rhs, slope = steps.activation_formulas(name, steps._n(z), steps._n(a))
    assert _evaluate(rhs) == pytest.approx(a, rel=1e-3, abs=1e-4)
    assert _evaluate(slope) == pytest.approx(float(ACTIVATIONS[name].derivative(np.array(z))), rel=2e-3, abs=1e-4)
    assert steps.activation_slope(name, z, a) == pytest.approx(float(ACTIVATIONS[name].derivative(np.array(z))),
                                                               rel=1e-12, abs=1e-15)


def _to_update(walk):
    while walk.stage != "update":
        assert walk.next_stage()


def test_a_blow_up_is_caught_by_the_one_divergence_rule():
    X, Y = lesson3.lesson_data()
    walk = lesson3.BackpropWalk(lesson3.lesson_network(), X, Y, lr=1e6)
    _to_update(walk)
    step = walk.current_step()
    twin = lesson3.lesson_network()
    twin.set_weights(step.weights_after)
    assert step.loss_after == twin.loss(X, Y) and has_diverged(step.loss_after, walk.start_loss)
    assert step.diverged
    assert step.problem == divergence_message("this row's update", walk.start_loss, step.loss_after, 1e6)
    assert "too large" in walk.warning() and step.problem in walk.warning()
    assert walk.next_stage() is False and walk.k == 0
    assert step.problem in walk.message and "smaller lr" in walk.message


def test_a_sensible_learning_rate_never_trips_the_rule_and_the_walk_matches_train():
    X, Y = lesson3.lesson_data()
    walk = lesson3.BackpropWalk(lesson3.lesson_network(), X, Y, lr=lesson3.LR)
    for _ in range(3 * len(X)):
        step = walk.current_step()
        assert not step.diverged and step.problem == ""
        assert walk.finish_row()
    history = nl.train(lesson3.lesson_network(), X, Y, lr=lesson3.LR, epochs=3, batch_size=1, shuffle=False)
    np.testing.assert_allclose(walk.epoch_losses, history.loss, rtol=0, atol=1e-12)
    assert walk.start_loss == history.initial_loss


def test_walk_moves_and_messages():
    X, Y = lesson3.lesson_data()
    walk = lesson3.BackpropWalk(lesson3.lesson_network(), X, Y)
    assert walk.previous_stage() is False and "very first stage" in walk.warning()
    assert walk.next_stage() and walk.warning() == "" and walk.stage == "hidden"
    assert walk.restart() and (walk.k, walk.s) == (0, 0)
    with pytest.raises(TypeError, match="shuffle"):
        lesson3.BackpropWalk(lesson3.lesson_network(), X, Y, shuffle=1)


def test_stage_and_layout_arguments_use_the_shared_messages():
    with pytest.raises(ValueError, match="unknown stage"):
        steps.stage_index("backward")
    with pytest.raises(ValueError, match="stage must be a whole number from 0 to 6"):
        steps.stage_index(7)
    with pytest.raises(ValueError, match=r"layer_sizes\[1\] must be a whole number ≥ 1"):
        steps.node_positions([3, 0, 1])

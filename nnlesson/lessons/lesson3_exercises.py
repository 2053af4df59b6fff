"""Lesson 3's by-hand exercise on the hidden layer: one hidden weight's gradient, factor by factor.

Exercise 3 of `notebooks/03_backpropagation.md`: for row 1 with the starting weights, the learner
computes ∂E/∂w(X3→h2) from the numbers of the stepper's stage 4 (and checks them against stage 6):

    ∂E/∂w(X3→h2) = ∂E/∂Y_pred · w(h2→Y_pred) · f′(z_h2) · X3,   f′(z_h2) = a_h2·(1 − a_h2) (sigmoid)

The expected value comes from the package (`lesson3.first_row_step()`, i.e. `Network.backward`),
never typed in. `lesson3` re-exports `check_hidden_gradient`.
"""

from __future__ import annotations

from ..exercises import Feedback, Slip, check_value

HIDDEN_INPUT, HIDDEN_NEURON = 2, 1          # the weight of the exercise: w(X3→h2), i.e. dW1[2, 1]
HIDDEN_RTOL = 1e-2                          # numbers read off a picture (4 digits), four factors multiplied


def _step():
    from .lesson3 import first_row_step     # here, not at the top: lesson3 imports this module
    return first_row_step()


def hidden_gradient_factors(step=None):
    """The four factors of ∂E/∂w(X3→h2) for row 1 with the starting weights, as a dict:
    ∂E/∂Y_pred = 2·(Y_pred − Y), w(h2→Y_pred), f′(z_h2) = a_h2·(1 − a_h2) and X3."""
    step = _step() if step is None else step
    i, j = HIDDEN_INPUT, HIDDEN_NEURON
    a = float(step.a_h[j])
    return {"∂E/∂Y_pred": float(step.dE_dy_pred), "w(h2→Y_pred)": float(step.W2[j, 0]),
            "f′(z_h2)": a * (1 - a), "X3": float(step.x[i])}


def check_hidden_gradient(value):
    """Exercise 3: ∂E/∂w(X3→h2) for the first row with the starting weights, by hand.

    Expected: `first_row_step().dW1[2, 1]`, which the tests check equals the product of the four
    factors of `hidden_gradient_factors()`. Within 1 % passes (numbers read off the screen).
    """
    if value is None or value is ...:
        return Feedback(False, "your answer is not written yet.",
                        "Replace the `...` with the number you computed, e.g. answer = 0.25.")
    step = _step()
    i, j = HIDDEN_INPUT, HIDDEN_NEURON
    expected = float(step.dW1[i, j])
    g, w, w_after, w_other = step.dE_dy_pred, step.W2[j, 0], step.W2_after[j, 0], step.W2[1 - j, 0]
    a, z, x = step.a_h[j], step.z_h[j], step.x[i]
    slope = a * (1 - a)
    hints = [
        Slip(-expected, "The sign is flipped: start from ∂E/∂Y_pred = 2·(Y_pred − Y), the prediction minus the truth."),
        Slip(expected / 2, "Did you include the factor 2? ∂E/∂Y_pred = 2·(Y_pred − Y)."),
        Slip(g * w * x, "You forgot the slope of h2's sigmoid: on the way back through h2, multiply by "
                        "f′(z_h2) = a(h2)·(1 − a(h2))."),
        Slip(g * w * a * x, "f′(z_h2) for a sigmoid is a(h2)·(1 − a(h2)), not a(h2) alone."),
        Slip(g * w * (1 - a) * x, "f′(z_h2) for a sigmoid is a(h2)·(1 − a(h2)): you left out the a(h2)."),
        Slip(g * w * z * (1 - z) * x, "Use the neuron's output a(h2) in a·(1 − a), not its weighted sum z(h2)."),
        Slip(g * w_after * slope * x, "You used w(h2→Y_pred) after this row's update (stage 7). Every gradient "
                                      "uses the weights as they were when the row went forward."),
        Slip(g * w * slope, "That is ∂E/∂z(h2) (and ∂E/∂b(h2)). One more factor: ∂z(h2)/∂w(X3→h2) = X3, "
                            "the input on that edge."),
        Slip(g * w_other * slope * x, "Use the weight on h2's own way to the output, w(h2→Y_pred), "
                                      "not w(h1→Y_pred)."),
        Slip(-step.lr * expected, "That is −lr times the gradient, the change of the weight at stage 7; "
                                    "the exercise asks for the gradient itself."),
    ]
    return check_value(value, expected, hints=hints, rtol=HIDDEN_RTOL, atol=1e-4, name="∂E/∂w(X3→h2)")

"""Lesson 3's data, network and exercise checkers: right answers pass, typical slips get a fitting hint."""

import numpy as np
import pytest

import nnlesson as nl
from nnlesson.lessons import lesson3


def test_lesson_data_are_real_penguins_standardised():
    X, Y = lesson3.lesson_data()
    X_raw, Y_raw = lesson3.lesson_data(raw=True)
    assert X.shape == (4, 3) and Y.shape == (4, 1)
    data = nl.load_penguins(lesson3.FEATURES, lesson3.TARGET)
    rows = lesson3.lesson_rows()
    np.testing.assert_array_equal(X_raw, data.X[rows])
    np.testing.assert_allclose(X, (X_raw - data.X.mean(axis=0)) / data.X.std(axis=0), rtol=0, atol=1e-12)
    np.testing.assert_allclose(Y[:, 0], (Y_raw[:, 0] - data.y.mean()) / data.y.std(), rtol=0, atol=1e-12)
    assert np.all(np.abs(X) < 3) and np.all(np.abs(Y) < 3)   # readable numbers


def test_lesson_network_and_first_row():
    net = lesson3.lesson_network()
    assert net.layer_sizes == [3, 2, 1] and net.hidden == "sigmoid" and net.output == "identity"
    step = lesson3.first_row_step()
    X, Y = lesson3.lesson_data()
    (dW1, db1), (dW2, db2) = net.backward(X[:1], Y[:1])
    np.testing.assert_allclose(step.dW2, dW2, rtol=0, atol=1e-15)
    np.testing.assert_allclose(step.dW1, dW1, rtol=0, atol=1e-15)


# -- exercise 1 ---------------------------------------------------------------------------
@pytest.fixture
def step():
    return lesson3.first_row_step()


def test_output_gradient_accepts_the_exact_and_the_rounded_answer(step):
    exact = step.dW2[1, 0]
    assert lesson3.check_output_gradient(exact).passed
    assert lesson3.check_output_gradient(float(f"{exact:.3g}")).passed
    # computed by hand from the 3-digit numbers on the diagram
    by_hand = 2 * (float(f"{step.y_pred:.3g}") - float(f"{step.y:.3g}")) * 1 * float(f"{step.a_h[1]:.3g}")
    assert lesson3.check_output_gradient(by_hand).passed


def test_output_gradient_not_written_yet():
    feedback = lesson3.check_output_gradient(...)
    assert not feedback.passed and "not written yet" in feedback.title


@pytest.mark.parametrize("mistake, hint", [
    (lambda s: (s.y_pred - s.y) * s.a_h[1], "factor 2"),
    (lambda s: 2 * (s.y - s.y_pred) * s.a_h[1], "sign is flipped"),
    (lambda s: 2 * (s.y_pred - s.y) * s.z_h[1], "output a(h2), not its weighted sum"),
    (lambda s: 2 * (s.y_pred - s.y) * s.W2[1, 0], "not the weight itself"),
    (lambda s: 2 * (s.y_pred - s.y) * s.a_h[0], "other edge"),
    (lambda s: 2 * (s.y_pred - s.y), "One more factor"),
    (lambda s: (s.y_pred - s.y) ** 2, "error E itself"),
])
def test_output_gradient_mistakes_get_a_fitting_hint(step, mistake, hint):
    feedback = lesson3.check_output_gradient(mistake(step))
    assert not feedback.passed
    assert hint in feedback.hint


def test_output_gradient_rejects_non_numbers():
    feedback = lesson3.check_output_gradient([1.0, 2.0])
    assert not feedback.passed and "single number" in feedback.hint
    assert not lesson3.check_output_gradient(12345.0).passed


# -- exercise 2 ---------------------------------------------------------------------------
def sigmoid(Z):
    return 1 / (1 + np.exp(-Z))


def backward_solution(X, Y, W1, b1, W2, b2):
    N = len(X)
    A1 = sigmoid(X @ W1 + b1)
    Y_pred = A1 @ W2 + b2
    dZ2 = 2 * (Y_pred - Y) / N
    dW2 = A1.T @ dZ2
    db2 = dZ2.sum(axis=0)
    dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)
    return X.T @ dZ1, dZ1.sum(axis=0), dW2, db2


def test_backward_accepts_a_correct_solution():
    feedback = lesson3.check_backward(backward_solution)
    assert feedback.passed, feedback
    assert "numerical gradients" in feedback.title


def test_backward_matches_the_reference_and_numerical_gradients():
    rng = np.random.default_rng(9)
    for trial in range(3):
        args = lesson3._inputs(rng, trial)
        ref = lesson3.reference_backward(*args)
        mine = backward_solution(*args)
        for a, b in zip(ref, mine):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)
        net = lesson3._network(*args[2:])
        assert nl.gradient_check(net, args[0], args[1]).passed


def test_backward_not_written_yet():
    def backward(X, Y, W1, b1, W2, b2):
        raise NotImplementedError
    feedback = lesson3.check_backward(backward)
    assert not feedback.passed and "not written yet" in feedback.title


def _variant(**change):
    """The solution with one typical slip."""
    def backward(X, Y, W1, b1, W2, b2):
        N = 1 if change.get("no_mean") else len(X)
        Z1 = X @ W1 + b1
        A1 = sigmoid(Z1)
        Y_pred = A1 @ W2 + b2
        two = 1 if change.get("no_two") else 2
        diff = (Y - Y_pred) if change.get("sign") else (Y_pred - Y)
        dZ2 = two * diff / N
        dW2 = (Z1 if change.get("z_not_a") else A1).T @ dZ2
        db2 = dZ2.mean(axis=0) if change.get("db_mean") else dZ2.sum(axis=0)
        dA1 = dZ2 @ W2.T
        if change.get("no_sigma_prime"):
            dZ1 = dA1
        elif change.get("sigma_prime_of_z"):
            dZ1 = dA1 * Z1 * (1 - Z1)
        elif change.get("half_sigma_prime"):
            dZ1 = dA1 * A1
        else:
            dZ1 = dA1 * A1 * (1 - A1)
        dW1 = dZ1.T @ X if change.get("transposed") else X.T @ dZ1
        db1 = dZ1.mean(axis=0) if change.get("db1_mean") else dZ1.sum(axis=0)
        return dW1, db1, dW2, db2
    return backward


@pytest.mark.parametrize("change, where, hint", [
    ({"no_two": True}, "dW2", "factor 2"),
    ({"sign": True}, "dW2", "sign is flipped"),
    ({"no_mean": True}, "dW2", "Divide by N"),
    ({"z_not_a": True}, "dW2", "not the weighted sums Z1"),
    ({"db_mean": True}, "db2", "do not average"),
    ({"no_sigma_prime": True}, "dW1", "Go through the activation"),
    ({"sigma_prime_of_z": True}, "dW1", "not Z1"),
    ({"half_sigma_prime": True}, "dW1", "(1 − A1) is missing"),
    ({"transposed": True}, "dW1", "shape"),
    ({"db1_mean": True}, "db1", "do not average"),
])
def test_backward_mistakes_get_a_fitting_hint(change, where, hint):
    feedback = lesson3.check_backward(_variant(**change))
    assert not feedback.passed
    assert feedback.title.startswith(where)
    assert hint in feedback.hint, feedback


def test_backward_other_failures_answer_in_words():
    assert "should be a function" in lesson3.check_backward(3).title
    assert "returned nothing" in lesson3.check_backward(lambda *a: None).title
    assert "four arrays" in lesson3.check_backward(lambda *a: (1, 2)).title
    feedback = lesson3.check_backward(lambda X, Y, W1, b1, W2, b2: X @ W2)
    assert "raised ValueError" in feedback.title
    bad = lesson3.check_backward(lambda X, Y, W1, b1, W2, b2: tuple(np.zeros_like(a) for a in (W1, b1, W2, b2)))
    assert not bad.passed and bad.title.startswith("dW2")


def test_gradient_table_pairs_backprop_with_central_differences():
    X, Y = lesson3.lesson_data()
    rows = lesson3.gradient_table(lesson3.lesson_network(), X[:1], Y[:1])
    assert len(rows) == lesson3.lesson_network().n_parameters == 11
    names = [r[0] for r in rows]
    assert names[:4] == ["w(X1→h1)", "w(X2→h1)", "w(X3→h1)", "b(h1)"] and names[-1] == "b(Y_pred)"
    for name, backprop, numeric in rows:
        assert backprop == pytest.approx(numeric, abs=1e-8), name
    step = lesson3.first_row_step()
    assert dict((r[0], r[1]) for r in rows)["w(h2→Y_pred)"] == step.dW2[1, 0]


# -- issue 11/12: slips tied to wrong-answer functions, in-place changes, time limit -----------
def _backward_with(all_elements=False, W2_lr=None, in_place=False):
    def backward(X, Y, W1, b1, W2, b2):
        N = len(X)
        A1 = sigmoid(X @ W1 + b1)
        dZ2 = 2 * (A1 @ W2 + b2 - Y) / (Y.size if all_elements else N)
        dW2, db2 = A1.T @ dZ2, dZ2.sum(axis=0)
        if in_place:
            W2 -= 0.1 * dW2
        W2_back = W2 if W2_lr is None else W2 - W2_lr * dW2
        dZ1 = (dZ2 @ W2_back.T) * A1 * (1 - A1)
        return X.T @ dZ1, dZ1.sum(axis=0), dW2, db2
    return backward


def test_averaging_over_all_elements_is_named_and_not_called_a_missing_factor_2():
    feedback = lesson3.check_backward(_backward_with(all_elements=True))
    assert not feedback.passed and feedback.title.startswith("dW2")
    assert "2 output(s)" in feedback.title            # the first network with two outputs
    assert "sums the squared errors over the outputs and averages over the rows" in feedback.hint
    assert "factor 2" not in feedback.hint


@pytest.mark.parametrize("lr", [lesson3.LR, 0.01, 1.0])
def test_using_the_updated_W2_for_the_hidden_layer_gets_its_hint(lr):
    feedback = lesson3.check_backward(_backward_with(W2_lr=lr))
    assert feedback.title.startswith("dW1") and "(dW2 and db2 are right)" in feedback.title
    assert "W2 after its update" in feedback.hint


def test_changing_W2_in_place_is_named():
    feedback = lesson3.check_backward(_backward_with(in_place=True))
    assert feedback.title == "your backward changed its input W2 in place."


def test_backward_failure_shows_the_learners_gradient_not_the_answer():
    feedback = lesson3.check_backward(_variant(no_two=True))
    args = lesson3._inputs(np.random.default_rng(0), 0)
    mine = _variant(no_two=True)(*args)[2]
    right = backward_solution(*args)[2]
    assert nl.plots.fmt(mine[0, 0]) in feedback.title
    assert nl.plots.fmt(right[0, 0]) not in str(feedback)
    assert "expected an array of shape (2, 1)" in feedback.title


def test_backward_time_limit(monkeypatch):
    from nnlesson import exercises
    monkeypatch.setattr(exercises, "TIME_LIMIT", 0.3)

    def forever(X, Y, W1, b1, W2, b2):
        while True:
            pass
    assert "took longer than 0.3 s" in lesson3.check_backward(forever).title
    bad = lesson3.check_backward(lambda *a: ("dW1", None, [1, 2], 3))
    assert not bad.passed and "Traceback" not in str(bad)


def test_output_gradient_rounded_to_four_digits_and_bad_values():
    exact = lesson3.first_row_step().dW2[1, 0]
    assert lesson3.check_output_gradient(float(f"{exact:.4g}")).passed
    for bad in (float("nan"), float("inf"), "0.1", True, [exact]):
        feedback = lesson3.check_output_gradient(bad)
        assert isinstance(feedback.passed, bool)
    assert not lesson3.check_output_gradient(float("nan")).passed
    assert not lesson3.check_output_gradient("0.1").passed


# -- exercise 3: a hidden-layer gradient by hand ---------------------------------------------------
def test_hidden_gradient_is_the_product_of_its_four_factors():
    step = lesson3.first_row_step()
    factors = lesson3.hidden_gradient_factors()
    product = np.prod(list(factors.values()))
    assert product == pytest.approx(step.dW1[2, 1], rel=1e-12)
    assert step.dW1[2, 1] == pytest.approx(-0.3747, abs=5e-5)      # the number stage 6 prints
    assert factors["X3"] == step.x[2] and factors["w(h2→Y_pred)"] == step.W2[1, 0]


@pytest.mark.parametrize("right", [
    2.466 * 0.4109 * 0.3468 * (1 - 0.3468) * (-1.632),   # the numbers of the picture, 4 digits each
    -0.3747, -0.375, float(lesson3.first_row_step().dW1[2, 1]),
])
def test_hidden_gradient_checker_accepts_the_answer_as_read_off_the_screen(right):
    fb = lesson3.check_hidden_gradient(right)
    assert fb.passed, str(fb)


def _hidden_slips():
    s = lesson3.first_row_step()
    g, w, a, x = s.dE_dy_pred, s.W2[1, 0], s.a_h[1], s.x[2]
    return [
        (-s.dW1[2, 1], "sign is flipped"),
        (s.dW1[2, 1] / 2, "factor 2"),
        (round(g * w * x, 4), "forgot the slope of h2's sigmoid"),
        (round(g * w * a * x, 4), "not a(h2) alone"),
        (round(g * s.W2_after[1, 0] * a * (1 - a) * x, 4), "after this row's update"),
        (round(g * w * a * (1 - a), 4), "One more factor: ∂z(h2)/∂w(X3→h2) = X3"),
        (round(g * s.W2[0, 0] * a * (1 - a) * x, 4), "not w(h1→Y_pred)"),
        (round(-0.1 * s.dW1[2, 1], 5), "−lr times the gradient"),
    ]


@pytest.mark.parametrize("k", range(8))
def test_hidden_gradient_checker_names_each_slip(k):
    value, hint = _hidden_slips()[k]
    fb = lesson3.check_hidden_gradient(value)
    assert not fb.passed and hint in fb.hint, str(fb)
    assert "0.3747" not in fb.hint and "−0.3747" not in fb.title      # the answer is never shown


@pytest.mark.parametrize("junk, words", [
    (None, "not written yet"), (..., "not written yet"), ("-0.37", "the text"), (float("nan"), "not a number"),
    ([1.0, 2.0], "2 numbers"), (True, "yes/no"), (1.0, "expected a negative number"),
])
def test_hidden_gradient_checker_never_raises_on_junk(junk, words):
    fb = lesson3.check_hidden_gradient(junk)
    assert not fb.passed and words in fb.title, str(fb)

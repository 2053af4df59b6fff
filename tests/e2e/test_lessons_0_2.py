"""Lessons 0–2 in JupyterLab: every notebook runs clean; the warm-up slider, the weight explorer
and the gradient-descent player answer the keyboard and the mouse with the numbers nnlesson computes.

Screenshots go to test-artifacts/screenshots/lesson0-warmup.png, lesson1-weights*.png,
lesson2-descent*.png.
"""

import pytest
from harness import (assert_no_errors, click_button, image_src, open_notebook, read_text, run_all, screenshot,
                     set_readout, slider_press, slider_value, wait_for_image_change, wait_for_text, widget)
from harness import assert_figures_sharp

from nnlesson.plots import fmt
from nnlesson.lessons import lesson1, lesson2

pytestmark = pytest.mark.e2e

X, Y = lesson1.two_weight_data()


def sign_text(name, d):
    sign = "positive" if d > 0 else "negative" if d < 0 else "zero"
    return f"∂E/∂{name} = {fmt(d)} ({sign}): {lesson1.advice(name, d).split(': ', 1)[1]}"


def expected_weights(W1, W2):
    d1, d2 = lesson1.gradient(W1, W2, X, Y)
    return {"nnl-weights-error": f"Error E (mean squared error) = {fmt(lesson1.error(W1, W2, X, Y))}",
            "nnl-weights-dW1": sign_text("W1", d1), "nnl-weights-dW2": sign_text("W2", d2)}


def assert_weights_readouts(page, W1, W2):
    for css, text in expected_weights(W1, W2).items():
        wait_for_text(page, css, text)


def expected_player(run):
    W1, W2 = run.path[-1]
    return {"nnl-descent-step-count": f"step {run.steps}", "nnl-descent-W": f"W1 = {fmt(W1)}, W2 = {fmt(W2)}",
            "nnl-descent-error": f"error E = {fmt(run.errors[-1])}"}


def assert_player_readouts(page, run):
    for css, text in expected_player(run).items():
        wait_for_text(page, css, text)


def assert_solutions_hidden_but_reachable(page):
    """Answers and solutions sit in collapsed <details> blocks: out of view until the learner opens
    one. Every block in the lesson's text is rendered, all closed; the solutions' code and an
    answer's words appear when their summary is clicked."""
    details = page.locator(".jp-RenderedMarkdown details")
    assert details.count() >= 2                       # at least one answer to a Try this, and the solutions
    assert all(d.evaluate("d => d.open") is False for d in details.all())
    solution = details.filter(has=page.locator("pre")).first
    assert not solution.locator("pre").first.is_visible()
    solution.locator("summary").click()
    assert solution.locator("pre").first.is_visible()
    answer = details.filter(has_text="Answer to 1").first
    words = answer.locator("p").first
    assert not words.is_visible()
    answer.locator("summary").click()
    assert words.is_visible()


def test_lesson0_start_here(lab, page):
    open_notebook(page, "00_start_here.ipynb")
    run_all(page)
    assert_no_errors(page, allow_stderr=False)
    W0 = slider_value(page, "nnl-warmup-W")
    assert W0 == 0.5
    slider_press(page, "nnl-warmup-W", "ArrowRight", 3)  # 3 steps of 0.5: W = 2, an exact prediction
    W = lesson1.snap(slider_value(page, "nnl-warmup-W"), 0.5)  # the browser may send 2.000000000000001
    assert W == 2.0
    Y_pred, miss = lesson1.one_weight_readout(W)
    wait_for_text(page, "nnl-warmup-readout",
                  f"Y_pred = W · X = {fmt(W)} · 3 = {fmt(Y_pred)}; the true Y is 6, so the miss Y_pred − Y = "
                  f"{fmt(miss)} (exact!)")
    set_readout(page, "nnl-warmup-W", "-1.5")
    Y_pred, miss = lesson1.one_weight_readout(-1.5)
    wait_for_text(page, "nnl-warmup-readout",
                  f"Y_pred = W · X = {fmt(-1.5)} · 3 = {fmt(Y_pred)}; the true Y is 6, so the miss Y_pred − Y = "
                  f"{fmt(miss)} (too low)")
    screenshot(page, "lesson0-warmup", widget(page, "nnl-warmup"))
    assert_no_errors(page)


def test_lesson1_weight_explorer(lab, page):
    open_notebook(page, "01_error_and_derivatives.ipynb")
    run_all(page)
    assert_no_errors(page, allow_stderr=False)
    screenshot(page, "lesson1-weights-start", widget(page, "nnl-weights"))
    assert_weights_readouts(page, -2.0, 2.0)

    # keyboard: three steps right on W1 (step 0.1)
    src = image_src(page, "nnl-weights-figure")
    slider_press(page, "nnl-weights-W1", "ArrowRight", 3)
    W1 = lesson1.snap(slider_value(page, "nnl-weights-W1"), 0.1)
    assert W1 == -1.7
    assert_weights_readouts(page, W1, 2.0)
    src = wait_for_image_change(page, "nnl-weights-figure", src)

    # keyboard on W2, then the ends of the range
    slider_press(page, "nnl-weights-W2", "ArrowLeft", 5)
    W2 = lesson1.snap(slider_value(page, "nnl-weights-W2"), 0.1)
    assert W2 == 1.5
    assert_weights_readouts(page, W1, W2)
    slider_press(page, "nnl-weights-W1", "End")
    assert slider_value(page, "nnl-weights-W1") == 4.0
    assert_weights_readouts(page, 4.0, W2)
    slider_press(page, "nnl-weights-W2", "Home")
    assert_weights_readouts(page, 4.0, -4.0)
    screenshot(page, "lesson1-weights-corner", widget(page, "nnl-weights"))

    # typing into the readouts: near the lowest error both derivatives are small
    set_readout(page, "nnl-weights-W1", "2")
    set_readout(page, "nnl-weights-W2", "-1")
    assert_weights_readouts(page, 2.0, -1.0)
    wait_for_image_change(page, "nnl-weights-figure", src)
    assert_figures_sharp(page, expected=("nnl-weights-figure",))  # 2 image px per CSS px at scale 2
    screenshot(page, "lesson1-weights-bottom", widget(page, "nnl-weights"))
    text = read_text(page, "nnl-weights-error")
    assert "not a number" not in text and "nan" not in text.lower()
    # the exercises' stubs show "not written yet", and the solutions are hidden
    feedback = page.locator(".nnl-feedback")
    assert feedback.count() == 3                      # exercises 1, 2 and 3 (the sign rule), none written yet
    assert all("not written yet" in feedback.nth(k).inner_text() for k in range(3))
    assert_solutions_hidden_but_reachable(page)
    assert_no_errors(page)


def test_lesson2_descent_player(lab, page):
    open_notebook(page, "02_gradient_descent.ipynb")
    run_all(page)
    assert_no_errors(page, allow_stderr=False)
    start = lesson2.start_descent(-3.0, 3.0, X, Y)
    assert_player_readouts(page, start)
    screenshot(page, "lesson2-descent-start", widget(page, "nnl-descent"))

    # learning rate 0.1 → 0.3 with the keyboard, then Step and Run 10
    slider_press(page, "nnl-descent-lr", "ArrowRight")
    wait_for_text(page, "nnl-descent-status", "learning rate 0.3, back at the start: press Step or Run")
    src = image_src(page, "nnl-descent-figure")
    click_button(page, "nnl-descent-step")
    run = lesson2.run_descent(-3.0, 3.0, 0.3, 1, X, Y)
    assert_player_readouts(page, run)
    wait_for_text(page, "nnl-descent-status", run.message)
    src = wait_for_image_change(page, "nnl-descent-figure", src)
    click_button(page, "nnl-descent-run")
    run = lesson2.run_descent(-3.0, 3.0, 0.3, 11, X, Y)
    assert_player_readouts(page, run)
    screenshot(page, "lesson2-descent-converging", widget(page, "nnl-descent"))

    click_button(page, "nnl-descent-reset")
    assert_player_readouts(page, start)

    # the largest learning rate: diverges, says so in words, and many more clicks change nothing
    slider_press(page, "nnl-descent-lr", "End")
    wait_for_text(page, "nnl-descent-status", "learning rate 2, back at the start: press Step or Run")
    for _ in range(3):
        click_button(page, "nnl-descent-run")
    run = lesson2.run_descent(-3.0, 3.0, 2.0, 30, X, Y)
    assert run.diverged
    assert_player_readouts(page, run)
    wait_for_text(page, "nnl-descent-status", f"⚠ {run.message} Press Reset.")
    for _ in range(5):
        click_button(page, "nnl-descent-step")
    assert_player_readouts(page, run)
    assert_figures_sharp(page, expected=("nnl-descent-figure",))
    screenshot(page, "lesson2-descent-diverged", widget(page, "nnl-descent"))
    for css in ("nnl-descent-W", "nnl-descent-error"):
        assert "not a number" not in read_text(page, css)
    click_button(page, "nnl-descent-reset")
    assert_player_readouts(page, start)
    assert page.locator(".nnl-feedback").count() == 4   # exercises 1, 2, 3a and 3b
    assert_solutions_hidden_but_reachable(page)
    assert_no_errors(page)

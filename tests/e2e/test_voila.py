"""App mode: the lessons run standalone under Voilà (code hidden), for a projector.

- The capstone's digit explorer and lesson 1's weight explorer answer the keyboard under Voilà with
  nnlesson's own numbers.
- Every lesson notebook renders under Voilà without an error (cells that show "not written yet"
  feedback for the exercises do not raise, so they are fine).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from harness import (assert_no_errors, click_button, open_voila, read_text, repo_notebooks, screenshot,
                     slider_press, slider_value, wait_for_text, widget)
from harness import assert_figures_sharp

pytestmark = pytest.mark.e2e

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def assert_code_hidden(page):
    """Voilà strips the code cells: no code editor on the page (Markdown also sits in .jp-InputArea,
    so look for the editors) and no line of code from the capstone."""
    assert page.locator(".jp-InputArea-editor, .jp-CodeMirrorEditor, .cm-editor, .CodeMirror").count() == 0
    body = page.inner_text("body")
    assert "%matplotlib inline" not in body and "nl.plots.use_style()" not in body


def test_capstone_in_app_mode(voila_server, page):
    from nnlesson.lessons import capstone
    from nnlesson.lessons.capstone import guess_in_words, next_intensity, percent

    trained = capstone.train_digits()
    net, split = trained.net, trained.split

    def guess(pixels):
        P = net.forward(split.x_scaler.transform(np.asarray(pixels, dtype=float)[None, :]))[0]
        g, d2, d3 = (int(d) for d in np.argsort(-P, kind="stable")[:3])
        return (f"Top guess: {g} ({percent(P[g])}) — {guess_in_words(P)}. "
                f"Next: {d2} ({percent(P[d2])}), {d3} ({percent(P[d3])})")

    server = voila_server("06_capstone_digits.ipynb")
    open_voila(page, server)
    assert_no_errors(page, allow_stderr=False)
    assert_code_hidden(page)
    assert page.get_by_text(f"test accuracy:     {trained.test_accuracy:.2%}").count() >= 1

    wait_for_text(page, "nnl-digits-guess", guess(split.X_test_raw[3]))
    slider_press(page, "nnl-digits-index", "ArrowLeft", 1)
    assert slider_value(page, "nnl-digits-index") == 2
    label = split.labels_test[2]
    wait_for_text(page, "nnl-digits-truth", f"Test digit #2, labelled {label} (thick outline): the network is right.")
    assert read_text(page, "nnl-digits-guess") == guess(split.X_test_raw[2])
    pixels = split.X_test_raw[2].copy()
    click_button(page, "nnl-digits-pixel-4-4")
    pixels[36] = next_intensity(pixels[36])
    wait_for_text(page, "nnl-digits-truth", f"Test digit #2 (labelled {label}), edited by you: 1 pixel changed.")
    assert read_text(page, "nnl-digits-guess") == guess(pixels)
    screenshot(page, "voila-06-capstone", widget(page, "nnl-digits"))


@pytest.mark.skipif(not (NOTEBOOKS / "01_error_and_derivatives.ipynb").is_file(),
                    reason="lesson 1's notebook is not there yet")
def test_weight_explorer_in_app_mode(voila_server, page):
    from nnlesson.plots import fmt
    from nnlesson.lessons import lesson1

    X, Y = lesson1.two_weight_data()
    server = voila_server("01_error_and_derivatives.ipynb")
    open_voila(page, server)
    assert_no_errors(page, allow_stderr=False)
    assert_code_hidden(page)
    start = slider_value(page, "nnl-weights-W1")
    W2 = slider_value(page, "nnl-weights-W2")
    slider_press(page, "nnl-weights-W1", "ArrowRight", 5)      # five steps of 0.1
    W1 = round(start + 0.5, 10)
    assert slider_value(page, "nnl-weights-W1") == pytest.approx(W1)
    expected = lesson1.weight_readouts(W1, W2, X, Y)
    wait_for_text(page, "nnl-weights-error", f"Error E (mean squared error) = {fmt(expected['error'])}")
    assert fmt(expected["dE_dW1"]) in read_text(page, "nnl-weights-dW1")
    assert_figures_sharp(page, expected=("nnl-weights-figure",))  # sharp in app mode too
    screenshot(page, "voila-01-weights", widget(page, "nnl-weights"))


@pytest.mark.parametrize("name", repo_notebooks() or ["(no notebooks yet)"])
def test_every_lesson_renders_in_app_mode(voila_server, page, name):
    if not name.endswith(".ipynb"):
        pytest.skip("no lesson notebooks in notebooks/ yet")
    server = voila_server(name)
    open_voila(page, server)
    assert_no_errors(page, allow_stderr=False)
    assert_code_hidden(page)
    # every explorer's outer box rendered as a widget, not as text
    assert page.get_by_text("Error displaying widget").count() == 0
    assert page.locator(".jupyter-widgets").count() > 0 or "widget-view" not in (NOTEBOOKS / name).read_text()

"""Lesson 6 in JupyterLab: the capstone runs clean, and the digit explorer answers the keyboard and
the mouse with nnlesson's own numbers.

The expected readouts are computed here, in the test process, by training the same network with the
same seeds (capstone.DEFAULTS) and running its forward pass on the same pixels.
"""

from __future__ import annotations

import numpy as np
import pytest

from harness import (assert_no_errors, click_button, image_src, open_notebook, read_text, run_all, screenshot,
                     slider_press, slider_value, wait_for_image_change, wait_for_text, widget)
from harness import assert_figures_sharp

pytestmark = pytest.mark.e2e

NOTEBOOK = "06_capstone_digits.ipynb"
START_INDEX = 3  # the notebook builds DigitExplorer(result.net, split, index=3)


@pytest.fixture(scope="module")
def trained():
    from nnlesson.lessons import capstone

    return capstone.train_digits()


def guess_text(net, split, pixels):
    """The explorer's top-guess readout for these raw pixels, from the package's forward pass."""
    from nnlesson.lessons.capstone import guess_in_words, percent

    P = net.forward(split.x_scaler.transform(np.asarray(pixels, dtype=float)[None, :]))[0]
    order = np.argsort(-P, kind="stable")
    g, d2, d3 = (int(d) for d in order[:3])
    return (f"Top guess: {g} ({percent(P[g])}) — {guess_in_words(P)}. "
            f"Next: {d2} ({percent(P[d2])}), {d3} ({percent(P[d3])})")


def truth_text(net, split, index):
    from nnlesson.lessons.capstone import a

    label = int(split.labels_test[index])
    guess = int(net.forward(split.X_test[index:index + 1]).argmax())
    verdict = "right" if guess == label else f"wrong: it reads {a(guess)}"
    return f"Test digit #{index}, labelled {label} (thick outline): the network is {verdict}."


def test_capstone_in_jupyterlab(lab, page, trained):
    net, split = trained.net, trained.split
    open_notebook(page, NOTEBOOK)
    run_all(page, NOTEBOOK)
    assert_no_errors(page, allow_stderr=False)

    # the accuracy printed by the notebook is the one the same seeds give here
    assert page.get_by_text(f"test accuracy:     {trained.test_accuracy:.2%}").count() >= 1
    assert "Epoch 20 of 20" in read_text(page, "nnl-monitor-status")
    screenshot(page, "06-capstone-monitor", widget(page, "nnl-monitor"))

    # the explorer starts on test digit #3
    wait_for_text(page, "nnl-digits-guess", guess_text(net, split, split.X_test_raw[START_INDEX]))
    assert read_text(page, "nnl-digits-truth") == truth_text(net, split, START_INDEX)

    # keyboard: one step right on the index slider → test digit #4 (the truth line names the index,
    # so waiting for it first means the explorer has caught up before the guess is compared)
    src = image_src(page, "nnl-digits-figure")
    slider_press(page, "nnl-digits-index", "ArrowRight", 1)
    index = START_INDEX + 1
    assert slider_value(page, "nnl-digits-index") == index
    wait_for_text(page, "nnl-digits-truth", truth_text(net, split, index))
    assert read_text(page, "nnl-digits-guess") == guess_text(net, split, split.X_test_raw[index])
    src = wait_for_image_change(page, "nnl-digits-figure", src)

    # mouse: click the pixel at row 3, column 4 (0 → 8 → 16 → 0)
    from nnlesson.lessons.capstone import next_intensity

    pixels = split.X_test_raw[index].copy()
    click_button(page, "nnl-digits-pixel-3-4")
    pixels[8 * 3 + 4] = next_intensity(pixels[8 * 3 + 4])
    label = split.labels_test[index]
    wait_for_text(page, "nnl-digits-truth", f"Test digit #{index} (labelled {label}), edited by you: 1 pixel changed.")
    assert read_text(page, "nnl-digits-guess") == guess_text(net, split, pixels)
    # the pixel buttons follow the readouts (the explorer sends the answer first), so wait for them
    wait_for_text(page, "nnl-digits-pixel-3-4", str(int(pixels[28])) if pixels[28] else "")

    # keyboard on a pixel: Tab focus + Enter cycles it too
    page.locator("button.nnl-digits-pixel-2-2").focus()
    page.keyboard.press("Enter")
    pixels[8 * 2 + 2] = next_intensity(pixels[8 * 2 + 2])
    wait_for_text(page, "nnl-digits-truth", f"Test digit #{index} (labelled {label}), edited by you: 2 pixels changed.")
    assert read_text(page, "nnl-digits-guess") == guess_text(net, split, pixels)
    wait_for_image_change(page, "nnl-digits-figure", src)
    screenshot(page, "06-capstone-explorer-edited", widget(page, "nnl-digits"))

    # reset puts the digit back
    click_button(page, "nnl-digits-reset")
    wait_for_text(page, "nnl-digits-truth", truth_text(net, split, index))
    assert read_text(page, "nnl-digits-guess") == guess_text(net, split, split.X_test_raw[index])

    # clear: an empty grid still gets ten probabilities, and a message in words
    click_button(page, "nnl-digits-clear")
    inked = int(np.count_nonzero(split.X_test_raw[index]))
    wait_for_text(page, "nnl-digits-truth",
                  f"Test digit #{index} (labelled {label}), edited by you: {inked} pixels changed.")
    assert read_text(page, "nnl-digits-guess") == guess_text(net, split, np.zeros(64))
    assert "The grid is empty" in read_text(page, "nnl-digits-status")
    # every pixel button is blank on screen (no number left over from the digit)
    page.wait_for_function(
        """() => { const b = [...document.querySelectorAll('button.nnl-digits-pixel')];
                   return b.length === 64 && b.every(x => x.innerText.trim() === ''); }""",
        timeout=30_000, polling=100)
    assert_no_errors(page, allow_stderr=False)
    assert_figures_sharp(page, expected=("nnl-monitor-figure", "nnl-digits-figure"))
    screenshot(page, "06-capstone-explorer-cleared", widget(page, "nnl-digits"))

"""Lesson 5 in JupyterLab: the notebook runs clean, the softmax explorer answers the keyboard with
nnlesson's own numbers, and Train in the classifier playground runs a real training.

Expected readouts are computed here with the package's functions (same seeds), not pasted.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from harness import (ARTIFACTS, assert_no_errors, click_button, image_src, open_notebook, read_text, run_all, screenshot,
                     slider_press, slider_value, wait_for_image_change, wait_for_text, wait_kernel_idle, widget)
from harness import assert_figures_sharp

pytestmark = pytest.mark.e2e

NOTEBOOK = "05_classification_softmax.ipynb"


def softmax_texts(scores, true_class):
    """The readout texts the softmax explorer shows for these scores (from nl.softmax & co.)."""
    import nnlesson as nl
    from nnlesson.plots import fmt

    P = nl.softmax(np.array(scores, dtype=float))
    names = ["Adelie", "Chinstrap", "Gentoo"]
    Y, _ = nl.one_hot([names[true_class]], classes=names)
    return {"onehot": f"Y (one-hot) = [{', '.join(str(int(y)) for y in Y[0])}] (for Adelie, Chinstrap, Gentoo)",
            "p1": f"P(Adelie) = {fmt(P[0])}", "p2": f"P(Chinstrap) = {fmt(P[1])}",
            "p3": f"P(Gentoo) = {fmt(P[2])}", "sum": f"sum of the probabilities = {fmt(P.sum())}",
            "ce": f"cross-entropy −ln P({names[true_class]}) = {fmt(nl.cross_entropy(P[None], Y))}",
            "se": f"squared error Σ(P − Y)² = {fmt(nl.mse(P[None], Y))}"}


def assert_softmax_readouts(page, scores, true_class):
    expected = softmax_texts(scores, true_class)
    wait_for_text(page, "nnl-softmax-ce", expected["ce"])
    for part, text in expected.items():
        assert read_text(page, f"nnl-softmax-{part}") == text


IMAGE_BYTES = """async (el) => {
  const img = el.tagName === 'IMG' ? el : el.querySelector('img');
  const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
  let text = '';
  for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
  return btoa(text);
}"""


def shown_png(page, css_class):
    """The PNG bytes the browser is showing in that image widget."""
    import base64

    return base64.b64decode(widget(page, css_class).evaluate(IMAGE_BYTES))


def test_lesson05_in_jupyterlab(lab, page):
    from nnlesson.plots import fmt
    from nnlesson.widgets import ClassifierPlayground

    open_notebook(page, NOTEBOOK)
    run_all(page, NOTEBOOK)
    assert_no_errors(page, allow_stderr=False)

    # -- softmax explorer: arrow keys on a score slider --------------------------------------------
    assert_softmax_readouts(page, [2.0, 1.0, -1.0], 0)
    src = image_src(page, "nnl-softmax-figure")
    slider_press(page, "nnl-softmax-z1", "ArrowRight", 5)          # z1: 2.0 → 2.5
    assert slider_value(page, "nnl-softmax-z1") == pytest.approx(2.5)
    assert_softmax_readouts(page, [2.5, 1.0, -1.0], 0)
    slider_press(page, "nnl-softmax-z3", "ArrowLeft", 10)          # z3: −1.0 → −2.0
    assert_softmax_readouts(page, [2.5, 1.0, -2.0], 0)
    src = wait_for_image_change(page, "nnl-softmax-figure", src)

    # the true class from the keyboard: focus Chinstrap's button and press Space; the one-hot
    # target and the surviving cross-entropy term follow
    assert read_text(page, "nnl-softmax-onehot").startswith("Y (one-hot) = [1, 0, 0]")
    widget(page, "nnl-softmax-true").get_by_role("button", name="Chinstrap").focus()
    page.keyboard.press("Space")
    wait_for_text(page, "nnl-softmax-onehot", softmax_texts([2.5, 1.0, -2.0], 1)["onehot"])
    assert_softmax_readouts(page, [2.5, 1.0, -2.0], 1)
    assert "only Chinstrap's term is left (Y = 0 for the others)" in read_text(page, "nnl-softmax-ce-term")
    src = wait_for_image_change(page, "nnl-softmax-figure", src)   # the dashed target moved
    screenshot(page, "05-softmax-onehot", widget(page, "nnl-softmax"))

    # choose Gentoo as the true class: a confident wrong answer
    widget(page, "nnl-softmax-true").get_by_role("button", name="Gentoo").click()
    assert_softmax_readouts(page, [2.5, 1.0, -2.0], 2)
    assert "Wrong" in read_text(page, "nnl-softmax-status")
    slider_press(page, "nnl-softmax-z1", "End")                    # z1 to its maximum, 10
    assert_softmax_readouts(page, [10.0, 1.0, -2.0], 2)
    assert read_text(page, "nnl-softmax-status").startswith("Confident and wrong")
    wait_for_image_change(page, "nnl-softmax-figure", src)
    wait_kernel_idle(page)
    page.wait_for_timeout(500)  # let the browser paint the last frame before the screenshot
    screenshot(page, "05-softmax-explorer", widget(page, "nnl-softmax"))
    # The picture is one clean frame: the same PNG as an explorer driven to this state in one thread.
    # (JupyterLab can deliver widget messages on a kernel subshell thread, concurrently; without the
    # explorer's lock, stale labels from an earlier frame were baked into the cached background.)
    import nnlesson as nl
    from nnlesson.widgets import SoftmaxExplorer

    nl.plots.use_style()  # as the notebook does
    twin = SoftmaxExplorer(scores=[2.5, 1.0, -2.0], true_class=2)
    twin.z_sliders[0].value = 10.0
    shown = shown_png(page, "nnl-softmax-figure")
    (ARTIFACTS / "05-softmax-shown.png").write_bytes(shown)
    (ARTIFACTS / "05-softmax-twin.png").write_bytes(twin.view.png())
    assert shown == twin.view.png()

    # -- classifier playground: Train ---------------------------------------------------------------
    expected = ClassifierPlayground()
    start = expected.readouts()
    assert read_text(page, "nnl-classifier-epoch") == "epochs trained: 0"
    assert read_text(page, "nnl-classifier-test-accuracy") == f"test accuracy: {fmt(100 * start['test_accuracy'])}%"
    expected.train()
    r = expected.readouts()
    src = image_src(page, "nnl-classifier-figure")
    click_button(page, "nnl-classifier-train")
    wait_for_text(page, "nnl-classifier-status", expected.status_html.value, timeout=120)
    wait_kernel_idle(page)
    assert all(np.isfinite(list(r.values())))
    assert r["test_accuracy"] >= 0.9          # from the visibly wrong start: 93.02% after 60 epochs
    assert read_text(page, "nnl-classifier-epoch") == "epochs trained: 60"
    assert read_text(page, "nnl-classifier-test-accuracy") == f"test accuracy: {fmt(100 * r['test_accuracy'])}%"
    assert read_text(page, "nnl-classifier-train-accuracy") == f"training accuracy: {fmt(100 * r['train_accuracy'])}%"
    assert read_text(page, "nnl-classifier-loss") == f"training loss (cross-entropy): {fmt(r['loss'])}"
    confusion = read_text(page, "nnl-classifier-confusion")
    assert f"{expected.confusion.sum()} test penguins after epoch 60" in confusion
    # the matrix itself (counts printed in its cells) is the same picture as the twin's
    assert shown_png(page, "nnl-classifier-confusion-figure") == expected.confusion_view.png()
    wait_for_image_change(page, "nnl-classifier-figure", src)

    # a huge learning rate: stopped with a message in words, no NaN anywhere
    click_button(page, "nnl-classifier-reset")
    wait_for_text(page, "nnl-classifier-epoch", "epochs trained: 0")
    widget(page, "nnl-classifier-lr").locator(".widget-readout").first.fill("100")
    widget(page, "nnl-classifier-lr").locator(".widget-readout").first.press("Enter")
    click_button(page, "nnl-classifier-train")
    # The kernel may not have turned busy yet when the click returns: wait for the message itself.
    deadline = time.monotonic() + 120
    status = read_text(page, "nnl-classifier-status")
    while "smaller" not in status and time.monotonic() < deadline:
        page.wait_for_timeout(100)
        status = read_text(page, "nnl-classifier-status")
    wait_kernel_idle(page)
    assert "smaller" in status and "learning rate" in status, status
    for part in ("loss", "train-accuracy", "test-accuracy"):
        assert "nan" not in read_text(page, f"nnl-classifier-{part}").lower()
    assert_no_errors(page, allow_stderr=False)
    page.wait_for_timeout(500)
    assert_figures_sharp(page, expected=("nnl-softmax-figure", "nnl-classifier-figure",
                                         "nnl-classifier-confusion-figure"))
    screenshot(page, "05-classifier-playground", widget(page, "nnl-classifier"))

    # -- one sigmoid neuron for two classes: w1 from the keyboard, then Train from the keyboard ----------
    from nnlesson.widgets import SaturationExplorer, TwoClassExplorer

    neuron = TwoClassExplorer()
    widget(page, "nnl-binary").scroll_into_view_if_needed()
    slider_press(page, "nnl-binary-w1", "ArrowRight", 10)              # w1: −1 → −0.9 (steps of 0.01)
    neuron.w1_slider.value = round(neuron.w1_slider.value + 0.1, 2)
    for part in ("train-loss", "test-loss", "test-accuracy", "softmax"):
        wait_for_text(page, f"nnl-binary-{part}", visible_text(neuron._html[part].value))
    press_enter(page, "nnl-binary-train")
    neuron.train()
    wait_for_text(page, "nnl-binary-test-accuracy", visible_text(neuron._html["test-accuracy"].value), timeout=60)
    wait_kernel_idle(page)
    # Training moves the weight sliders after every epoch, and the browser sends each slider's value back
    # on its 0.01 grid, so the page's run and the twin's part in the last digits: losses and accuracies
    # agree to 1%, the small gradients only in sign and size.
    for part in ("train-loss", "test-loss", "train-accuracy"):
        shown, expected_text = read_text(page, f"nnl-binary-{part}"), visible_text(neuron._html[part].value)
        assert numbers_in(shown) == pytest.approx(numbers_in(expected_text), rel=1e-2), (shown, expected_text)
    shown = numbers_in(read_text(page, "nnl-binary-gradient"))
    assert shown == pytest.approx(numbers_in(visible_text(neuron._html["gradient"].value)), rel=0.1, abs=0.01)
    assert neuron.scores()["test_accuracy"] > 38 / 55                   # beats always guessing Adelie

    # -- squared error against cross-entropy: a preset and a slider, from the keyboard ------------------
    race = SaturationExplorer()
    widget(page, "nnl-saturation").scroll_into_view_if_needed()
    press_enter(page, "nnl-saturation-preset-wrong")
    race.preset("confidently wrong")
    for part in ("start", "cross-entropy", "squared-error"):
        wait_for_text(page, f"nnl-saturation-{part}", visible_text(race._html[part.replace("-", "_")].value))
    slider_press(page, "nnl-saturation-w", "ArrowRight", 5)             # start w: +0.5 (steps of 0.1)
    race.w_slider.value = round(race.w_slider.value + 0.5, 2)
    for part in ("start", "cross-entropy", "squared-error"):
        wait_for_text(page, f"nnl-saturation-{part}", visible_text(race._html[part.replace("-", "_")].value))
    wait_kernel_idle(page)
    assert_no_errors(page, allow_stderr=False)
    page.wait_for_timeout(500)
    assert_figures_sharp(page, expected=("nnl-binary-figure", "nnl-saturation-figure"))
    screenshot(page, "05-two-class-explorer", widget(page, "nnl-binary"))
    screenshot(page, "05-saturation-explorer", widget(page, "nnl-saturation"))


def visible_text(value):
    """What the browser shows for an HTML widget's value: tags dropped, entities decoded, spaces collapsed."""
    import html
    import re

    text = re.sub(r"<br\s*/?>", " ", value)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())


def numbers_in(text):
    """The numbers written in a readout, in order (−0.5 written with a minus sign counts)."""
    import re

    return [float(m.replace("−", "-")) for m in re.findall(r"[−-]?\d+(?:\.\d+)?(?:e[−+-]?\d+)?", text)]


def press_enter(page, css_class):
    """Focus a button and press Enter, as a keyboard user does."""
    button = widget(page, css_class)
    button.scroll_into_view_if_needed()
    button.focus()
    page.keyboard.press("Enter")

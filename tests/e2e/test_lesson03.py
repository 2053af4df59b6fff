"""Lesson 3 in JupyterLab: the notebook runs clean, and the backpropagation stepper's Next, Back and
Next row buttons (mouse and keyboard) show, stage by stage, the numbers nnlesson computes.

The expected text comes from a BackpropStepper built here with the notebook's arguments: its numbers
are the package's (tests/test_backprop_stepper.py checks them against Network.forward/backward).
"""

from __future__ import annotations

import html
import re
import time

import pytest

from harness import (assert_no_errors, click_button, image_src, open_notebook, read_text, run_all, screenshot,
                     wait_for_image_change, wait_for_text, widget)
from harness import assert_figures_sharp

pytestmark = pytest.mark.e2e

NOTEBOOK = "03_backpropagation.ipynb"


def _text(markup):
    """What a browser shows of our HTML, with all whitespace removed (layout-independent)."""
    return "".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _expected():
    from nnlesson.lessons import lesson3
    from nnlesson.widgets.backprop import BackpropStepper

    X, Y = lesson3.lesson_data()
    return BackpropStepper(lesson3.lesson_network(), X, Y, lr=lesson3.LR,
                           feature_names=["bill length", "bill depth", "flipper length"], target_name="body mass")


def _assert_same(page, local):
    """The page shows exactly the local stepper's position, formulas and loss line."""
    from nnlesson.lessons.backprop_steps import stage_formulas
    from nnlesson.plots import fmt

    position = " ".join(html.unescape(re.sub(r"<[^>]+>", "", local.position_html.value)).split())
    wait_for_text(page, "nnl-backprop-position", position)
    assert "".join(read_text(page, "nnl-backprop-formulas").split()) == _text(local.formulas.value)
    assert "".join(read_text(page, "nnl-backprop-loss").split()) == _text(local.loss_html.value)
    shown = read_text(page, "nnl-backprop-formulas")
    for line in stage_formulas(local.current_step(), local.s):
        assert f"= {fmt(line.value)}" in shown, (line.lhs, shown)


def test_lesson03_in_jupyterlab(lab, page):
    open_notebook(page, NOTEBOOK)
    run_all(page, NOTEBOOK)
    assert_no_errors(page, allow_stderr=False)

    local = _expected()
    assert widget(page, "nnl-backprop").is_visible()
    _assert_same(page, local)
    assert read_text(page, "nnl-backprop-status") == ""

    # Next through every stage of row 1 and into row 2; the diagram redraws every time
    texts = []
    for k in range(8):
        src = image_src(page, "nnl-backprop-figure")
        if k == 3:   # from the keyboard: focus the button, press Enter
            page.locator("button.nnl-backprop-next").focus()
            page.keyboard.press("Enter")
        else:
            click_button(page, "nnl-backprop-next")
        local.next()
        _assert_same(page, local)
        wait_for_image_change(page, "nnl-backprop-figure", src)
        texts.append(read_text(page, "nnl-backprop-formulas"))
        if local.stage == "output_gradients":
            screenshot(page, "03-backprop-output-gradients", widget(page, "nnl-backprop"))
    assert local.readouts()["row"] == 2 and local.stage == "hidden"

    # Back twice: row 2's first stage, then row 1's update, with the same numbers as before
    for expected_stage in ("input", "update"):
        src = image_src(page, "nnl-backprop-figure")
        click_button(page, "nnl-backprop-back")
        local.back()
        assert local.stage == expected_stage
        _assert_same(page, local)
        wait_for_image_change(page, "nnl-backprop-figure", src)
    assert read_text(page, "nnl-backprop-formulas") == texts[-3]
    screenshot(page, "03-backprop-update-after-back", widget(page, "nnl-backprop"))

    # Next row twice: into row 3, with the running epoch loss of rows 1 and 2
    for _ in range(2):
        click_button(page, "nnl-backprop-next-row")
        local.next_row()
        _assert_same(page, local)
    assert local.readouts()["row"] == 3
    assert "Running epoch loss" in read_text(page, "nnl-backprop-loss")
    assert_no_errors(page, allow_stderr=False)
    assert_figures_sharp(page, expected=("nnl-backprop-figure",))
    screenshot(page, "03-backprop-stepper", widget(page, "nnl-backprop"))


# -- §7: the gradient-check explorer, from the keyboard ------------------------------------------------
def _gradcheck_expected():
    from nnlesson.lessons import lesson3
    from nnlesson.widgets import GradCheckExplorer

    X, Y = lesson3.lesson_data()
    return GradCheckExplorer(lesson3.lesson_network(), X, Y)


GRADCHECK_READOUTS = ("nudged", "numerical", "backprop", "agreement")


def _assert_gradcheck_same(page, local):
    """The page shows the local explorer's readouts (the package's numbers) to every digit."""
    for part in GRADCHECK_READOUTS:
        want = _text(getattr(local, f"{part}_html").value)
        deadline = time.monotonic() + 30
        while "".join(read_text(page, f"nnl-gradcheck-{part}").split()) != want and time.monotonic() < deadline:
            page.wait_for_timeout(50)
        assert "".join(read_text(page, f"nnl-gradcheck-{part}").split()) == want, part


def test_lesson03_gradcheck_explorer_by_keyboard(lab, page):
    from harness import slider_press

    open_notebook(page, NOTEBOOK)
    run_all(page, NOTEBOOK)
    assert_no_errors(page, allow_stderr=False)
    local = _gradcheck_expected()
    box = widget(page, "nnl-gradcheck")
    box.scroll_into_view_if_needed()
    assert box.is_visible()
    _assert_gradcheck_same(page, local)
    assert "agree to 10 digits" in read_text(page, "nnl-gradcheck-agreement")
    screenshot(page, "03-gradcheck-start", box)

    # arrow keys on ε: ten steps of √10 from 1e-5 up to 1, the secant tilts away from the tangent
    src = image_src(page, "nnl-gradcheck-figure")
    slider_press(page, "nnl-gradcheck-eps", "ArrowRight", 10, delay_ms=60)
    local.eps_slider.value = 1.0
    _assert_gradcheck_same(page, local)
    assert "only 1 digit" in read_text(page, "nnl-gradcheck-agreement")
    src = wait_for_image_change(page, "nnl-gradcheck-figure", src)
    screenshot(page, "03-gradcheck-large-eps", box)

    # Home: the smallest nudge, where rounding error wins
    slider_press(page, "nnl-gradcheck-eps", "Home")
    local.eps_slider.value = 1e-12
    _assert_gradcheck_same(page, local)
    assert "agree to 4 digits" in read_text(page, "nnl-gradcheck-agreement")
    src = wait_for_image_change(page, "nnl-gradcheck-figure", src)

    # the weight menu from the keyboard: three down from w(X3→h2) is w(h2→Y_pred), a last-layer weight
    # (JupyterLab takes a bare arrow key on a closed menu to move between cells: Space opens it first)
    menu = page.locator(".nnl-gradcheck-weight select").first
    menu.focus()
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    local.weight_menu.value = "w(h2→Y_pred)"
    _assert_gradcheck_same(page, local)
    wait_for_image_change(page, "nnl-gradcheck-figure", src)
    slider_press(page, "nnl-gradcheck-eps", "End")
    local.eps_slider.value = 1.0
    _assert_gradcheck_same(page, local)
    assert "agree to 15 digits" in read_text(page, "nnl-gradcheck-agreement")
    assert read_text(page, "nnl-gradcheck-status") == ""
    assert "weight='w(h2→Y_pred)', eps=1.0" in read_text(page, "nnl-gradcheck-code")
    assert_no_errors(page, allow_stderr=False)
    assert_figures_sharp(page, expected=("nnl-gradcheck-figure",))
    screenshot(page, "03-gradcheck-output-weight", box)

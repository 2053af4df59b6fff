"""Lesson 7 in JupyterLab: a CSV file uploaded through the upload control, the task detected, and a
classifier playground opened on it and trained, driven from the keyboard.

The expected readouts are computed here by the same DataUploader in this process (same seeds), not pasted.
"""

from __future__ import annotations

import html
import re

import pytest

from harness import (assert_figures_sharp, assert_no_errors, open_notebook, read_text, run_all, screenshot,
                     wait_for_text)

pytestmark = pytest.mark.e2e

NOTEBOOK = "07_your_own_data.ipynb"


def two_groups_csv():
    """40 fruit, two kinds told apart by their size: a file that is not penguins, digits or wine."""
    import numpy as np

    rng = np.random.default_rng(7)
    lines = ["length_cm;width_cm;kind"]          # semicolons: the delimiter must be detected
    for i in range(40):
        kind = ("lemon", "plum")[i % 2]
        centre = (8.0, 5.5) if kind == "lemon" else (5.0, 4.8)
        length, width = rng.normal(centre, 0.5)
        lines.append(f"{length:.2f};{width:.2f};{kind}")
    return ("\n".join(lines) + "\n").encode()


def test_upload_a_csv_and_train_on_it(lab, page, tmp_path):
    from nnlesson.plots import fmt
    from nnlesson.widgets import DataUploader

    content = two_groups_csv()
    path = tmp_path / "fruit.csv"
    path.write_bytes(content)
    expected = DataUploader(source=content, name="fruit.csv")
    expected_playground = expected.open("ClassifierPlayground")
    before = expected_playground.scores()
    after = expected_playground.train()

    open_notebook(page, NOTEBOOK)
    run_all(page, NOTEBOOK)
    assert_no_errors(page, allow_stderr=False)

    # The upload control is a button that opens the browser's file chooser (its <input type=file> is
    # never put in the page): click it and answer the chooser, as a student does.
    button = page.locator(".nnl-upload-file").first
    button.scroll_into_view_if_needed()
    with page.expect_file_chooser() as chooser:
        button.click()
    chooser.value.set_files(str(path))
    status = wait_for_text(page, "nnl-upload-status", html.unescape(re.sub("<[^>]+>", "", expected.status_html.value)),
                           timeout=30)
    assert "Task: classification" in status and "40 rows to learn from" in status
    assert "fruit.csv" in read_text(page, "nnl-upload-fileinfo") and "semicolons" in read_text(page, "nnl-upload-fileinfo")
    assert "lemon" in read_text(page, "nnl-upload-preview")

    # open the playground from the keyboard: focus the button, press Enter
    opener = page.locator(".nnl-upload-open-classifier").first
    opener.focus()
    page.keyboard.press("Enter")
    output = page.locator(".nnl-upload-output")
    test_accuracy = output.locator(".nnl-classifier-test-accuracy").first
    test_accuracy.wait_for(state="visible", timeout=60_000)
    page.wait_for_function("(el) => el.innerText.includes('test accuracy')", arg=test_accuracy.element_handle())
    assert test_accuracy.inner_text().strip() == f"test accuracy: {fmt(100 * before['test_accuracy'])}%"

    train = output.locator(".nnl-classifier-train").first
    train.focus()
    page.keyboard.press("Enter")
    want = f"test accuracy: {fmt(100 * after['test_accuracy'])}%"
    page.wait_for_function("([el, want]) => el.innerText.trim() === want", arg=[test_accuracy.element_handle(), want],
                           timeout=120_000)
    # the run is over when the status line says how it ended (the second playground on the page is ours)
    wait_for_text(page, "nnl-classifier-status", html.unescape(re.sub("<[^>]+>", "", expected_playground.status_html.value)),
                  timeout=120, index=1)
    assert read_text(page, "nnl-classifier-epoch", index=1) == f"epochs trained: {expected_playground.history.epochs_run}"
    assert after["test_accuracy"] > 0.5      # better than always guessing one of the two kinds
    assert_no_errors(page, allow_stderr=False)
    output.locator(".nnl-classifier").first.scroll_into_view_if_needed()
    assert_figures_sharp(page)
    screenshot(page, "lesson07-uploaded-playground", page.locator(".nnl-upload").first)

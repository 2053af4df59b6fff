"""Lesson 4 in JupyterLab: the notebook runs clean, the residual slider answers the keyboard, and
Train runs a real training with live curves and the expected readouts.

Expected readouts are computed here with the package's own functions (same seeds), not pasted.
"""

from __future__ import annotations

import pytest

from harness import (assert_no_errors, click_button, image_src, open_notebook, read_text, run_all, screenshot,
                     slider_press, wait_for_image_change, wait_for_text, wait_kernel_idle, widget)
from harness import assert_figures_sharp

pytestmark = pytest.mark.e2e

NOTEBOOK = "04_regression_mse.ipynb"


def slider_readout(page, css_class):
    """The slider's own readout text (aria-valuenow rounds a 0.01-step slider to one decimal)."""
    return widget(page, css_class).locator(".widget-readout").first.inner_text().strip()


def expected_training():
    """What the training explorer shows after Train with the notebook's settings."""
    from nnlesson.widgets import TrainingExplorer

    explorer = TrainingExplorer(n_hidden=8, activation="tanh", lr=0.05, epochs=50, batch_size=16, seed=0)
    explorer.train()
    return explorer


def test_lesson04_in_jupyterlab(lab, page):
    import numpy as np

    from nnlesson.plots import fmt
    from nnlesson.lessons.lesson4 import residual_example, residual_table

    open_notebook(page, NOTEBOOK)
    run_all(page, NOTEBOOK)
    assert_no_errors(page, allow_stderr=False)

    # -- residual explorer: keyboard on the prediction slider -----------------------------------
    x, Y, Y_pred = residual_example()
    assert slider_readout(page, "nnl-residual-prediction") == f"{Y_pred[0]:.2f}"
    assert read_text(page, "nnl-residual-mse") == f"MSE {fmt(residual_table(Y_pred, Y)['mse'], 4)} kg²"
    src = image_src(page, "nnl-residual-figure")
    slider_press(page, "nnl-residual-prediction", "ArrowRight", 5)  # +0.05 kg
    moved = Y_pred.copy()
    moved[0] = round(Y_pred[0] + 0.05, 2)
    table = residual_table(moved, Y)
    wait_for_text(page, "nnl-residual-mse", f"MSE {fmt(table['mse'], 4)} kg²")
    assert slider_readout(page, "nnl-residual-prediction") == f"{moved[0]:.2f}"
    assert read_text(page, "nnl-residual-squared") == f"its squared error {fmt(table['squared'][0], 3)} kg²"
    assert read_text(page, "nnl-residual-residual") == f"residual {fmt(table['residual'][0], 3)} kg"
    wait_for_image_change(page, "nnl-residual-figure", src)
    screenshot(page, "04-residual-explorer", widget(page, "nnl-residual"))

    # -- training explorer: click Train, curves and readouts update ------------------------------
    assert read_text(page, "nnl-regtrain-epoch") == "epoch 0"
    assert "Ready" in read_text(page, "nnl-regtrain-status")
    src = image_src(page, "nnl-regtrain-figure")
    expected = expected_training()
    click_button(page, "nnl-regtrain-train")
    wait_for_text(page, "nnl-regtrain-status", expected.status_line.value, timeout=60)
    wait_kernel_idle(page)
    r = expected.readouts()
    assert np.isfinite(list(r.values())).all()
    assert read_text(page, "nnl-regtrain-epoch") == "epoch 50"
    assert read_text(page, "nnl-regtrain-test-rmse-g") == f"test RMSE {fmt(r['test_rmse_g'], 4)} g"
    assert read_text(page, "nnl-regtrain-test-mse") == f"test MSE {fmt(r['test_mse'], 4)}"
    assert "better than the linear model" in read_text(page, "nnl-regtrain-status")
    wait_for_image_change(page, "nnl-regtrain-figure", src)
    assert widget(page, "nnl-regtrain-progress").locator(".progress-bar-success").count() == 1
    assert_no_errors(page, allow_stderr=False)
    assert_figures_sharp(page, expected=("nnl-residual-figure", "nnl-regtrain-figure"))
    screenshot(page, "04-training-explorer", widget(page, "nnl-regtrain"))

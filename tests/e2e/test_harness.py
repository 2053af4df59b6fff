"""Self-test of the browser harness: a tiny notebook made at test time, driven in JupyterLab.

Proves, before any lesson exists, that the server starts, the kernel imports nnlesson and finds
the data, run_all waits correctly, and the slider / readout / button / figure helpers work.
"""

from __future__ import annotations

import pytest

from harness import (HarnessError, assert_no_errors, click_button, close_notebook, image_src, make_demo_notebook, open_notebook, open_voila,
                     read_text, run_all, screenshot, set_readout, slider_bounds, slider_press, slider_value, visible_errors,
                     wait_for_image_change, wait_for_text, widget)
from harness import assert_figures_sharp

pytestmark = pytest.mark.e2e


def test_demo_notebook_in_jupyterlab(lab, page, demo_notebook):
    import nnlesson as nl

    open_notebook(page, demo_notebook)
    report = run_all(page)
    # every non-empty code cell ran, in order
    counts = [c["count"] for c in report if not c["empty"]]
    assert counts == list(range(1, len(counts) + 1))
    assert_no_errors(page, allow_stderr=False)

    # the kernel imported nnlesson and found the repo's data
    assert f"penguins: {len(nl.load_penguins().y)}" in page.locator(".jp-OutputArea-output").all_inner_texts()[0]

    assert read_text(page, "nnl-demo-readout") == "w = 3, w² = 9"
    assert slider_value(page, "nnl-demo-slider") == 3
    screenshot(page, "harness-demo-before", widget(page, "nnl-demo"))

    # keyboard: two presses right
    src = image_src(page, "nnl-demo-figure")
    slider_press(page, "nnl-demo-slider", "ArrowRight", 2)
    assert wait_for_text(page, "nnl-demo-readout", "w = 5, w² = 25") == "w = 5, w² = 25"
    src = wait_for_image_change(page, "nnl-demo-figure", src)
    assert slider_value(page, "nnl-demo-slider") == 5

    # keyboard: End jumps to the maximum
    slider_press(page, "nnl-demo-slider", "End")
    wait_for_text(page, "nnl-demo-readout", "w = 10, w² = 100")
    src = wait_for_image_change(page, "nnl-demo-figure", src)

    # typed value in the slider's readout
    set_readout(page, "nnl-demo-slider", "8")
    wait_for_text(page, "nnl-demo-readout", "w = 8, w² = 64")
    src = wait_for_image_change(page, "nnl-demo-figure", src)
    assert slider_value(page, "nnl-demo-slider") == 8
    shown = assert_figures_sharp(page, expected=("nnl-demo-figure",))
    assert [(f["natural"], round(f["css"])) for f in shown] == [(640, 320)]  # FigureView 4 in × 80 dpi, ratio 2
    with pytest.raises(AssertionError, match="fewer than 2.5 image pixels per CSS pixel"):
        assert_figures_sharp(page, min_ratio=2.5)                             # the check can fail
    with pytest.raises(AssertionError, match="no explorer figure on screen with class"):
        assert_figures_sharp(page, expected=("nnl-missing-figure",))
    screenshot(page, "harness-demo-after", widget(page, "nnl-demo"))

    # a float slider: keyboard steps of 0.01, a typed value rounded to the step
    from nnlesson.plots import fmt

    assert read_text(page, "nnl-demo-scaled") == f"scale × w² = {fmt(0.5 * 64)}"
    slider_press(page, "nnl-demo-scale", "ArrowRight", 3)
    wait_for_text(page, "nnl-demo-scaled", f"scale × w² = {fmt(0.53 * 64)}")
    assert slider_value(page, "nnl-demo-scale") == 0.53
    assert slider_bounds(page, "nnl-demo-scale") == (0.0, 2.0)
    set_readout(page, "nnl-demo-scale", "1.237")
    wait_for_text(page, "nnl-demo-scaled", f"scale × w² = {fmt(1.24 * 64)}")
    assert slider_value(page, "nnl-demo-scale") == 1.24

    # a button
    click_button(page, "nnl-demo-reset")
    wait_for_text(page, "nnl-demo-readout", "w = 0, w² = 0")
    wait_for_image_change(page, "nnl-demo-figure", src)
    assert_no_errors(page, allow_stderr=False)
    screenshot(page, "harness-demo-page")


def test_harness_reports_errors(lab, page, tmp_path):
    """The checks can fail: a cell that raises is reported by run_all and by assert_no_errors."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(cells=[new_code_cell("x = 1"), new_code_cell("1 / 0"), new_code_cell("y = 2")],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                               "language": "python"}})
    path = tmp_path / "nnl_broken.ipynb"
    nbformat.write(nb, path)
    name = lab.add_notebook(path)
    open_notebook(page, name)
    with pytest.raises(AssertionError, match=r"cell 1 raised \['ZeroDivisionError: division by zero'\]"):
        run_all(page)
    errors = visible_errors(page)
    assert any("ZeroDivisionError" in e for e in errors), errors
    with pytest.raises(AssertionError, match="ZeroDivisionError"):
        assert_no_errors(page)


def _write(path, sources, kernelspec=True):
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}} \
        if kernelspec else {}
    nbformat.write(new_notebook(cells=[new_code_cell(src) for src in sources], metadata=metadata), path)
    return path


def test_harness_waits_are_bounded(lab, page, tmp_path):
    """A cell that never finishes makes run_all fail after its timeout, not hang; a notebook
    without a kernel (JupyterLab's 'Select Kernel' dialog) fails open_notebook at once."""
    import time

    name = lab.add_notebook(_write(tmp_path / "nnl_slow.ipynb", ["import time", "time.sleep(600)"]))
    open_notebook(page, name)
    start = time.monotonic()
    with pytest.raises(HarnessError, match="did not finish within 5 s"):
        run_all(page, timeout=5)
    assert time.monotonic() - start < 30
    close_notebook(page)  # shuts the busy kernel down through the REST API
    assert [x for x in lab.api("GET", "api/sessions") if x["path"] == name] == []

    name = lab.add_notebook(_write(tmp_path / "nnl_nokernel.ipynb", ["1 + 1"], kernelspec=False))
    start = time.monotonic()
    with pytest.raises(HarnessError, match="dialog is open: Select Kernel"):
        open_notebook(page, name)
    assert time.monotonic() - start < 60


def test_helpers_check_their_arguments(page):
    with pytest.raises(ValueError, match="css_class"):
        widget(page, "not a class")
    with pytest.raises(ValueError, match="times"):
        slider_press(page, "nnl-demo-slider", "ArrowRight", 0)
    with pytest.raises(ValueError, match="name"):
        screenshot(page, "../escape")


def test_demo_notebook_in_voila(voila_server, page, tmp_path):
    """The Voilà factory serves a notebook as an app; the widget helpers work there too."""
    server = voila_server(make_demo_notebook(tmp_path / "nnl_demo_app.ipynb"))
    open_voila(page, server)
    assert_no_errors(page, allow_stderr=False)
    assert read_text(page, "nnl-demo-readout") == "w = 3, w² = 9"
    src = image_src(page, "nnl-demo-figure")
    slider_press(page, "nnl-demo-slider", "ArrowLeft", 3)
    wait_for_text(page, "nnl-demo-readout", "w = 0, w² = 0")
    wait_for_image_change(page, "nnl-demo-figure", src)
    screenshot(page, "harness-demo-voila")

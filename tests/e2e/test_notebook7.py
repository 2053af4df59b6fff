"""Smoke test: every lesson opens and runs in Jupyter Notebook 7, and its widgets render there.

Parametrized over the notebooks in notebooks/ at collection time; while there are none, the
harness demo notebook (written at test time) stands in, so the Notebook 7 path is always tested.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness import (DEMO_NOTEBOOK, JS_WIDGET_OUTPUTS, NOTEBOOKS, assert_no_errors, make_demo_notebook, open_notebook,
                     repo_notebooks, run_all, screenshot)

pytestmark = pytest.mark.e2e

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
NAMES = repo_notebooks() or [DEMO_NOTEBOOK]


def stored_widget_views(path: Path) -> int:
    """How many widget views the stored (executed) notebook displays."""
    nb = json.loads(path.read_text())
    return sum(1 for cell in nb.get("cells", []) if cell.get("cell_type") == "code"
               for out in cell.get("outputs", []) if WIDGET_MIME in out.get("data", {}))


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_in_notebook7(notebook7, page, name, tmp_path):
    if name == DEMO_NOTEBOOK and not (notebook7.root / name).exists():
        notebook7.add_notebook(make_demo_notebook(tmp_path / name))
        expected_views = 2  # the explorer box and the reset button
    else:
        expected_views = stored_widget_views(NOTEBOOKS / name)

    open_notebook(page, name, server=notebook7)
    assert page.url.startswith(notebook7.url + "notebooks/"), page.url  # really Notebook 7, not Lab
    run_all(page, name)
    assert_no_errors(page)
    found = page.evaluate(JS_WIDGET_OUTPUTS)
    assert found["errors"] == 0, f"{name}: 'Error displaying widget' in Notebook 7 ({found})"
    if expected_views:
        assert found["widgetElements"] >= 1, f"{name}: no widget element rendered in Notebook 7 ({found})"
        assert found["rendered"] == expected_views, (
            f"{name}: {expected_views} widget views stored in the notebook, but Notebook 7 rendered "
            f"{found['rendered']}")
    first_widget = page.locator(".jp-OutputArea-output:has(> .jupyter-widgets)").first
    screenshot(page, f"nb7-{Path(name).stem}", first_widget if found["rendered"] else None)

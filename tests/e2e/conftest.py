"""Pytest fixtures for the browser tests (JupyterLab, Notebook 7, Voilà in headless Chromium).

The machinery is in harness.py (importable without pytest); this file wraps it in fixtures and
re-exports the helpers, so a test can write:

    import pytest
    from conftest import open_notebook, run_all, assert_no_errors, slider_press, read_text

    pytestmark = pytest.mark.e2e

    def test_weights(lab, page):
        open_notebook(page, "01_error_and_derivatives.ipynb")
        run_all(page)
        assert_no_errors(page)

See tests/e2e/README.md for every fixture and helper.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402
from harness import (  # noqa: E402,F401  (re-exported for the tests)
    ARTIFACTS, DEMO_NOTEBOOK, OPEN_TIMEOUT, REPO, RUN_TIMEOUT, SCREENSHOTS, UI_TIMEOUT, HarnessError,
    JupyterServer, assert_figures_sharp, assert_no_errors, click_button, close_notebook, figure_images,
    find_chromium, image_src, kernel_idle, make_demo_notebook, open_notebook, open_voila, read_text,
    repo_notebooks, run_all, screenshot, set_readout, slider_bounds, slider_handle, slider_press, slider_value,
    visible_errors, wait_for_image_change, wait_for_text, wait_for_text_change, wait_kernel_idle,
    wait_widgets_rendered, widget)

E2E_DIR = Path(__file__).resolve().parent


def _in_ci() -> bool:
    return bool(os.environ.get("CI"))


def pytest_report_header(config):
    chromium = find_chromium()
    return (f"e2e: chromium={chromium or 'NOT FOUND'}; CI={'set' if _in_ci() else 'unset'}; "
            f"artifacts in {ARTIFACTS}")


def pytest_collection_modifyitems(config, items):
    """Everything under tests/e2e is marked e2e (so `-m "not e2e"` deselects the browser tests)."""
    for item in items:
        if E2E_DIR in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


def pytest_terminal_summary(terminalreporter):
    """Say plainly when the browser tests were skipped for want of Chromium."""
    skipped = [r for r in terminalreporter.stats.get("skipped", [])
               if "e2e" in getattr(r, "keywords", {}) and "Chromium" in str(r.longrepr)]
    if skipped:
        terminalreporter.write_line(f"e2e: {len(skipped)} browser tests SKIPPED: {str(skipped[0].longrepr[-1])}",
                                    yellow=True, bold=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Remember each phase's result on the item, so the page fixture can screenshot failures."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


# ----------------------------------------------------------------------------- browser

@pytest.fixture(scope="session")
def chromium_path():
    """Path of Debian's Chromium. Without it: skip (reason printed) unless CI is set, then fail."""
    path = find_chromium()
    if path:
        return path
    reason = ("browser tests need Chromium: none found on PATH as 'chromium' "
              "(install it: apt-get install -y chromium)" if not os.environ.get("NNL_CHROMIUM") else
              f"browser tests need Chromium: NNL_CHROMIUM={os.environ['NNL_CHROMIUM']} is not a file")
    if _in_ci():
        pytest.fail(f"CI is set, so the browser tests must run, but {reason}", pytrace=False)
    print(f"\nSKIP e2e: {reason}", file=sys.stderr)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright_instance(chromium_path):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # requirements-dev.txt has playwright
        if _in_ci():
            pytest.fail(f"CI is set but Playwright cannot be imported: {exc}", pytrace=False)
        pytest.skip(f"Playwright not installed: {exc}")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance, chromium_path):
    """One headless Chromium for the whole session (launched with the closed-network flags)."""
    browser = harness.launch_chromium(playwright_instance, chromium_path)
    yield browser
    browser.close()


@pytest.fixture
def page(browser, request):
    """A fresh context + page per test (1280×900 CSS px at device scale factor 2, as on a HiDPI
    laptop: harness.DEVICE_SCALE_FACTOR). On failure: screenshot to
    test-artifacts/screenshots/FAILED-<test>.png and the browser console printed."""
    page = harness.new_page(browser)
    yield page
    failed = any(getattr(getattr(request.node, f"rep_{when}", None), "failed", False)
                 for when in ("setup", "call"))
    if failed:
        stem = "FAILED-" + "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in request.node.name)
        try:
            print(f"\nscreenshot: {screenshot(page, stem[:120])}")
        except Exception as exc:  # a crashed page must not hide the real failure
            print(f"\n(no failure screenshot: {exc})")
        if getattr(page, "nnl_console", None):
            print("browser console (errors/warnings):\n  " + "\n  ".join(page.nnl_console[-30:]))
    page.context.close()
    harness.close_notebook(page)  # shut its kernel down (REST), so kernels do not pile up


# ----------------------------------------------------------------------------- servers

def _start(server: JupyterServer) -> JupyterServer:
    try:
        return server.start()
    except HarnessError as exc:
        server.cleanup()
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def lab(chromium_path):
    """JupyterLab on 127.0.0.1 (free port, no token) over a temp copy of notebooks/.

    Attributes: .url, .root (the served folder), .log_path, .add_notebook(path[, name]).
    It becomes the default server of open_notebook()."""
    server = _start(JupyterServer("lab", name="jupyterlab"))
    harness.set_default_server(server)
    yield server
    harness.set_default_server(None)
    server.cleanup()


@pytest.fixture(scope="session")
def notebook7(chromium_path):
    """Jupyter Notebook 7 over its own temp copy of notebooks/ (pass server=notebook7 to open_notebook)."""
    server = _start(JupyterServer("notebook", name="notebook7"))
    yield server
    server.cleanup()


@pytest.fixture
def voila_server(chromium_path, tmp_path):
    """Factory: voila_server("03_backpropagation.ipynb") → a running Voilà server (.url) serving that
    notebook from a temp copy of notebooks/. A path to a notebook file elsewhere (e.g. one made in
    tmp_path) is copied in first. Stopped at the end of the test."""
    started = []

    def start(notebook) -> JupyterServer:
        source = Path(notebook)
        name = source.name
        if not name.endswith(".ipynb"):
            raise ValueError(f"notebook must be a .ipynb name or path, got {notebook!r}")
        server = JupyterServer("voila", notebook=name, name=f"voila-{source.stem}")
        if source.is_file():
            server.add_notebook(source, name)
        started.append(server)
        return _start(server)

    yield start
    for server in started:
        server.cleanup()


@pytest.fixture(scope="session")
def demo_notebook(lab, tmp_path_factory):
    """The harness's demo notebook (slider + readout + figure), written at test time and copied into
    the lab's served folder; returns its name."""
    path = make_demo_notebook(tmp_path_factory.mktemp("demo") / DEMO_NOTEBOOK)
    return lab.add_notebook(path)

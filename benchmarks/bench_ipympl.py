"""FigureView against ipympl, side by side: lesson 1's two-panel weight explorer in JupyterLab.

    .venv/bin/pip install -r benchmarks/requirements.txt   # ipympl (a benchmark peer only)
    .venv/bin/python benchmarks/bench_ipympl.py [--presses 40] [--rounds 2] [--scale 2]

One notebook shows the same explorer twice (nnlesson.widgets.WeightExplorer: its sliders, its
readouts, its figure), driven the same way, by arrow-key presses on the W1 slider's handle:

- FigureView, as the lessons ship it: the moving artists blitted over a cached background, the
  frame sent as a PNG to an ipywidgets.Image (drawn at the page's pixel ratio, FigureView's default 2).
- ipympl (matplotlib's interactive Jupyter widget, `ipympl.backend_nbagg.Canvas`): the same
  Figure object put on an ipympl canvas; on every change the explorer's `update()` moves the
  artists as before and then calls `canvas.draw_idle()`, ipympl's way to redraw. ipympl asks the
  browser for its device pixel ratio and draws at dpi × ratio, then sends a PNG of the pixels that
  changed (its "diff" image mode) over the widget's comm, and paints it onto a <canvas>.

For each press, inside the page: performance.now() at the keydown, and at the first animation
frame after the new picture is on the page (FigureView: the <img> has loaded and decoded the new
src; ipympl: drawImage onto its visible <canvas>). Bytes per update: every WebSocket frame the
page receives from the key press until the picture is painted. Sharpness: the picture's pixels
per device pixel (naturalWidth or canvas.width / (CSS width × devicePixelRatio)). The two
explorers take turns, `--presses` presses each per round, so load from other processes hits both.

Without ipympl installed the benchmark says so and stops (exit status 0): it is not a dependency
of nnlesson.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

NOTEBOOK = "nnl_bench_ipympl.ipynb"
PEERS = {"figureview": "nnl-bench-figureview", "ipympl": "nnl-bench-ipympl"}

CELLS = [
    "import ipywidgets as widgets\nfrom nnlesson.widgets import WeightExplorer\n"
    "from nnlesson.widgets.base import FigureView",
    # FigureView: the explorer exactly as lesson 1 shows it
    "fv = WeightExplorer()\nfv.widget.add_class('nnl-bench-figureview')\nfv",
    # ipympl: the same explorer; its Figure (built at dpi 80, ratio 1: ipympl applies the page's
    # ratio itself) goes on an ipympl canvas, and every change calls draw_idle()
    "from ipympl.backend_nbagg import Canvas, FigureManager\n"
    "FigureView.set_default_pixel_ratio(1)\n"
    "mpl = WeightExplorer()\n"
    "FigureView.set_default_pixel_ratio(None)\n"
    "for artist in mpl.view._animated:\n"
    "    artist.set_animated(False)          # ipympl draws the whole figure\n"
    "canvas = Canvas(mpl.view.figure)\n"
    "manager = FigureManager(canvas, 14)\n"
    "canvas.toolbar_visible = False\n"
    "canvas.header_visible = False\n"
    "canvas.footer_visible = False\n"
    "canvas.resizable = False\n"
    "mpl.view.render = lambda full=False: canvas.draw_idle()\n"
    "mpl.widget.children = (mpl.widget.children[0], canvas)\n"
    "mpl.widget.add_class('nnl-bench-ipympl')\n"
    "canvas._closed = False\n"
    "mpl.widget",
]

# Patch drawImage before the page loads: ipympl paints its frames onto a <canvas> with it.
JS_INIT = """
(() => {
  const draw = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (...args) {
    const result = draw.apply(this, args);
    if (window.__nnlOnDraw) window.__nnlOnDraw(this.canvas);
    return result;
  };
})();
"""

JS_INSTALL = """
([box, kind]) => {
  const root = document.querySelector('.' + box);
  if (!root) return 'missing: .' + box;
  const handle = root.querySelector('.nnl-weights-W1 .noUi-handle');
  const ro = root.querySelector('.nnl-weights-error');
  const img = root.querySelector('img');
  const canvases = [...root.querySelectorAll('canvas')];
  if (!handle || !ro || (kind === 'figureview' ? !img : !canvases.length))
    return 'missing parts of .' + box;
  const s = window.__nnlLat = {t0: null, text: null, textFrame: null, fig: null, figFrame: null};
  document.addEventListener('keydown', (event) => {
    if (event.target !== handle || window.__nnlLat !== s) return;
    s.t0 = performance.now(); s.text = s.textFrame = s.fig = s.figFrame = null;
  }, true);
  new MutationObserver(() => {
    if (s.t0 === null || s.text !== null) return;
    s.text = performance.now();
    requestAnimationFrame(() => { s.textFrame = performance.now(); });
  }).observe(ro, {subtree: true, childList: true, characterData: true});
  const shown = () => {
    if (s.fig !== null) return;
    s.fig = performance.now();
    requestAnimationFrame(() => { s.figFrame = performance.now(); });
  };
  if (kind === 'figureview') {
    new MutationObserver(() => {
      if (s.t0 === null || s.fig !== null) return;
      if (img.complete && img.naturalWidth) img.decode().then(shown, shown);
      else img.addEventListener('load', shown, {once: true});
    }).observe(img, {attributes: true, attributeFilter: ['src']});
  } else {
    window.__nnlOnDraw = (canvas) => {
      if (s.t0 !== null && root.contains(canvas) && canvas.isConnected) shown();
    };
  }
  return 'ok';
}
"""
JS_DONE = "() => { const s = window.__nnlLat; return s.textFrame !== null && s.figFrame !== null; }"
JS_SAMPLE = "() => Object.assign({}, window.__nnlLat)"
JS_SHARPNESS = """
([box, kind]) => {
  const root = document.querySelector('.' + box);
  let pixels, width;
  if (kind === 'figureview') {
    const img = root.querySelector('img');
    pixels = img.naturalWidth; width = img.getBoundingClientRect().width;
  } else {  // ipympl's picture: its widest canvas
    const canvas = [...root.querySelectorAll('canvas')].sort((a, b) => b.width - a.width)[0];
    pixels = canvas.width; width = canvas.getBoundingClientRect().width;
  }
  return {pixels, width, dpr: window.devicePixelRatio, sharpness: pixels / (width * window.devicePixelRatio)};
}
"""


def write_notebook(path):
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(cells=[new_code_cell(source) for source in CELLS], metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
        "language_info": {"name": "python"}})
    nbformat.write(nb, path)
    return path


def measure(page, kind, presses, warmup, timeout=10.0):
    """`presses` arrow-key presses on the W1 slider of one explorer: (figure ms, readout ms, bytes, timeouts).
    The page counts the bytes it receives in page.nnl_bytes (bench_browser_latency.count_bytes)."""
    box = PEERS[kind]
    status = page.evaluate(JS_INSTALL, [box, kind])
    if status != "ok":
        raise RuntimeError(f"{kind}: explorer not found in the page ({status})")
    handle = page.locator(f".{box} .nnl-weights-W1 .noUi-handle").first
    handle.focus()
    figure_ms, readout_ms, sent, timeouts = [], [], [], 0
    for i in range(warmup + presses):
        value = float(handle.get_attribute("aria-valuetext") or handle.get_attribute("aria-valuenow"))
        key = "ArrowLeft" if value >= float(handle.get_attribute("aria-valuemax")) - 1e-9 else "ArrowRight"
        received = page.nnl_bytes
        handle.press(key)
        try:
            page.wait_for_function(JS_DONE, timeout=timeout * 1000, polling="raf")
        except Exception:
            timeouts += 1
            if timeouts >= 3 and not figure_ms:
                raise RuntimeError(f"{kind}: no new picture seen after 3 key presses") from None
            continue
        s = page.evaluate(JS_SAMPLE)
        if i >= warmup:
            figure_ms.append(s["figFrame"] - s["t0"])
            readout_ms.append(s["textFrame"] - s["t0"])
            page.wait_for_timeout(60)  # frames that arrive just after the paint count for this press
            sent.append(page.nnl_bytes - received)
        page.wait_for_timeout(30)
    return figure_ms, readout_ms, sent, timeouts


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=40, help="measured presses per explorer per round (default 40)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds, the explorers taking turns (default 2)")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured presses before each block (default 3)")
    parser.add_argument("--scale", type=float, default=2.0, help="device scale factor of the page (default 2)")
    args = parser.parse_args(argv)
    if args.presses < 2 or args.rounds < 1 or args.warmup < 0 or not 0.5 <= args.scale <= 4:
        parser.error("need --presses >= 2, --rounds >= 1, --warmup >= 0 and --scale from 0.5 to 4")
    if importlib.util.find_spec("ipympl") is None:
        print("SKIPPED: ipympl is not installed, so there is no peer to compare FigureView with. It is a "
              "benchmark peer only, not a dependency of nnlesson: .venv/bin/pip install -r benchmarks/requirements.txt")
        return 0
    import ipympl
    import harness
    from bench_browser_latency import count_bytes, percentile
    from playwright.sync_api import sync_playwright

    results = {kind: {"figure": [], "readout": [], "bytes": [], "timeouts": 0} for kind in PEERS}
    sharpness = {}
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, harness.JupyterServer("lab", name="bench-ipympl") as server, \
            sync_playwright() as p:
        server.add_notebook(write_notebook(Path(tmp) / NOTEBOOK))
        browser = harness.launch_chromium(p)
        page = harness.new_page(browser, device_scale_factor=args.scale)
        page.add_init_script(JS_INIT)
        count_bytes(page)
        harness.open_notebook(page, NOTEBOOK, server=server)
        harness.run_all(page, NOTEBOOK)
        page.wait_for_function("() => [...document.querySelectorAll('.nnl-bench-ipympl canvas')]"
                               ".some(c => c.width > 100)", timeout=30_000)
        harness.assert_no_errors(page)  # e.g. "Failed to load model class 'MPLCanvasModel'": no labextension
        for round_ in range(args.rounds):
            order = list(PEERS) if round_ % 2 == 0 else list(PEERS)[::-1]
            for kind in order:
                f, r, b, t = measure(page, kind, args.presses, args.warmup)
                results[kind]["figure"] += f
                results[kind]["readout"] += r
                results[kind]["bytes"] += b
                results[kind]["timeouts"] += t
        for kind, box in PEERS.items():
            sharpness[kind] = page.evaluate(JS_SHARPNESS, [box, kind])
        for kind, box in PEERS.items():
            harness.screenshot(page, f"bench-{kind}-scale{args.scale:g}", page.locator(f".{box}"))
        harness.close_notebook(page)
        page.context.close()
        browser.close()

    load = os.getloadavg()
    print(f"\nFigureView against ipympl {ipympl.__version__}: lesson 1's weight explorer, W1 slider, JupyterLab in "
          f"headless Chromium at device scale factor {args.scale:g}; {args.rounds} rounds × {args.presses} presses "
          f"each, taking turns; load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}; "
          f"{time.perf_counter() - start:.0f} s\n")
    print("| figure widget | presses | key → picture painted, median ms | p95 ms | key → readout, median ms "
          "| kB per update, median | sharpness (image px per device px) | picture px | timeouts |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |")
    names = {"figureview": "nnlesson FigureView", "ipympl": f"ipympl {ipympl.__version__}"}
    for kind in PEERS:
        res, sharp = results[kind], sharpness[kind]
        f = res["figure"]
        print(f"| {names[kind]} | {len(f)} | {statistics.median(f):.0f} | {percentile(f, 95):.0f} | "
              f"{statistics.median(res['readout']):.0f} | {statistics.median(res['bytes']) / 1000:.0f} | "
              f"{sharp['sharpness']:.2f} | {sharp['pixels']} for {sharp['width']:.0f} CSS px | {res['timeouts']} |")
    fv, mp = (statistics.median(results[k]["figure"]) for k in PEERS)
    verdict = "no slower" if fv <= mp else "SLOWER"
    print(f"\nFigureView / ipympl, median key → picture: {fv / mp:.2f} ({verdict}); sharpness "
          f"{sharpness['figureview']['sharpness']:.2f} vs {sharpness['ipympl']['sharpness']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

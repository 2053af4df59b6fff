"""Browser latency of the explorers: key press on a slider → readout and figure updated on screen.

    .venv/bin/python benchmarks/bench_browser_latency.py                 # every explorer below
    .venv/bin/python benchmarks/bench_browser_latency.py --only demo 01  # notebooks starting so
    .venv/bin/python benchmarks/bench_browser_latency.py --presses 30 --warmup 3
    .venv/bin/python benchmarks/bench_browser_latency.py --scale 1 2     # device scale factors, alternating

Starts JupyterLab over a temp copy of notebooks/ (the e2e harness, tests/e2e/harness.py), opens
each notebook in headless Chromium, runs all cells, then for each explorer presses an arrow key on
the slider's handle `--presses` times (right, or left once the slider is at its maximum). Inside
the page, performance.now() is taken at the keydown, when a MutationObserver sees the readout's
text change and the image's src change, and at the first animation frame after each change (the
readout) or after the new image has loaded (the figure): that frame is when the change is on
screen. Presses are sequential: the next one starts after both updates have landed.

Each notebook is run once per device scale factor (`--scale`, default 2: a HiDPI laptop), the
scales alternating notebook by notebook. Beside the times: bytes per update (every WebSocket frame
the page receives between the key press and the figure on screen: the readout, the new picture
and the messages around them) and sharpness (the figure's image pixels per device pixel:
naturalWidth / (on-screen CSS width × devicePixelRatio); 1.0 is one image pixel per device pixel).
The figure's time is split in three: key press → the image's new src (the kernel's work and the
messages both ways), src → the new picture loaded and decoded, decoded → the next frame painted.

Goal (issue 6): median ≤ 100 ms, 95th percentile ≤ 200 ms, for both readout and figure.
Goal (issue 14), at scale 2: figure median ≤ 50 ms, p95 ≤ 100 ms, sharpness ≥ 1.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

# Explorers to measure. Add a row for yours: the notebook (a file in notebooks/, or "demo" for the
# harness's demo notebook written at run time), the CSS classes of the slider, of a readout that
# changes on every step, and of the FigureView image (None if the explorer has no figure).
EXPLORERS = [
    # notebook                           slider class               readout class          image class
    ("demo",                             "nnl-demo-slider",         "nnl-demo-readout",    "nnl-demo-figure"),
    ("00_start_here.ipynb",              "nnl-warmup-W",            "nnl-warmup-readout",  None),
    ("01_error_and_derivatives.ipynb",   "nnl-weights-W1",          "nnl-weights-error",   "nnl-weights-figure"),
    ("01_error_and_derivatives.ipynb",   "nnl-weights-W2",          "nnl-weights-error",   "nnl-weights-figure"),
    ("02_gradient_descent.ipynb",        "nnl-descent-lr",          "nnl-descent-status",  None),
    ("04_regression_mse.ipynb",          "nnl-residual-prediction", "nnl-residual-mse",    "nnl-residual-figure"),
    ("05_classification_softmax.ipynb",  "nnl-softmax-z1",          "nnl-softmax-ce",      "nnl-softmax-figure"),
    ("06_capstone_digits.ipynb",         "nnl-digits-index",        "nnl-digits-truth",    "nnl-digits-figure"),
]

GOAL_MEDIAN_MS = 100.0
GOAL_P95_MS = 200.0
GOAL_FIGURE_MEDIAN_MS = 50.0   # issue 14, at device scale factor 2
GOAL_FIGURE_P95_MS = 100.0

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

import harness  # noqa: E402

# Installs the observers for one explorer; window.__nnlLat collects one sample per key press.
JS_INSTALL = """
([slider, readout, image]) => {
  const handle = document.querySelector('.' + slider + ' .noUi-handle');
  const ro = document.querySelector('.' + readout);
  const img = image ? document.querySelector('img.' + image + ', .' + image + ' img') : null;
  if (!handle || !ro || (image && !img))
    return 'missing: ' + [!handle && slider, !ro && readout, image && !img && image].filter(Boolean).join(', ');
  const s = window.__nnlLat = {t0: null, text: null, textFrame: null, src: null, load: null, imgFrame: null};
  // capture phase on the document: runs before any handler of the slider itself
  document.addEventListener('keydown', (event) => {
    if (event.target !== handle) return;
    s.t0 = performance.now(); s.text = s.textFrame = s.src = s.load = s.imgFrame = null;
  }, true);
  new MutationObserver(() => {
    if (s.t0 === null || s.text !== null) return;
    s.text = performance.now();
    requestAnimationFrame(() => { s.textFrame = performance.now(); });
  }).observe(ro, {subtree: true, childList: true, characterData: true});
  s.noImage = !img;
  if (img) new MutationObserver(() => {
    if (s.t0 === null || s.src !== null) return;
    s.src = performance.now();
    const done = () => {
      if (s.load !== null) return;
      s.load = performance.now();
      requestAnimationFrame(() => { s.imgFrame = performance.now(); });
    };
    if (img.complete && img.naturalWidth) img.decode().then(done, done); else img.addEventListener('load', done, {once: true});
  }).observe(img, {attributes: true, attributeFilter: ['src']});
  return 'ok';
}
"""

JS_DONE = "() => { const s = window.__nnlLat; return s.textFrame !== null && (s.noImage || s.imgFrame !== null); }"
JS_SAMPLE = "() => Object.assign({}, window.__nnlLat)"
# Image pixels per device pixel of the figure (naturalWidth / (CSS width × devicePixelRatio)).
JS_SHARPNESS = """
(image) => {
  const img = document.querySelector('img.' + image + ', .' + image + ' img');
  const width = img.getBoundingClientRect().width;
  return {natural: img.naturalWidth, css: width, dpr: window.devicePixelRatio,
          sharpness: img.naturalWidth / (width * window.devicePixelRatio)};
}
"""


def count_bytes(page):
    """Count the bytes of every WebSocket frame the page receives (kernel → browser) in page.nnl_bytes."""
    page.nnl_bytes = 0

    def on_socket(ws):
        def received(payload):
            page.nnl_bytes += len(payload)

        ws.on("framereceived", received)

    page.on("websocket", on_socket)


def percentile(values, q):
    """The q-th percentile (0..100) by linear interpolation between closest ranks."""
    if not values:
        raise ValueError("values: need at least one number, got none")
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def measure(page, slider, readout, image, presses, warmup, timeout=10.0):
    """Press keys on `slider`; return (readout ms list, figure ms list, failures)."""
    status = page.evaluate(JS_INSTALL, [slider, readout, image])
    if status != "ok":
        raise RuntimeError(f"explorer not found in the page ({status})")
    handle = harness.slider_handle(page, slider)
    handle.focus()
    readout_ms, figure_ms, sent, stages, failures = [], [], [], [], 0
    for i in range(warmup + presses):
        key = "ArrowLeft" if harness.slider_value(page, slider) >= harness.slider_bounds(page, slider)[1] \
            else "ArrowRight"
        received = getattr(page, "nnl_bytes", 0)
        handle.press(key)
        try:
            page.wait_for_function(JS_DONE, timeout=timeout * 1000, polling="raf")
        except Exception:
            failures += 1
            if failures >= 3 and not readout_ms:
                raise RuntimeError(f"no update of .{readout}" + (f" / .{image}" if image else "")
                                   + " seen after 3 key presses") from None
            continue
        s = page.evaluate(JS_SAMPLE)
        if i >= warmup:
            readout_ms.append(s["textFrame"] - s["t0"])
            if image:
                figure_ms.append(s["imgFrame"] - s["t0"])
                stages.append((s["src"] - s["t0"], s["load"] - s["src"], s["imgFrame"] - s["load"]))
            sent.append(getattr(page, "nnl_bytes", 0) - received)
        page.wait_for_timeout(30)  # let the kernel settle before the next press
    page.nnl_sent = sent  # bytes received per update (see count_bytes)
    # per press: (key → new src: kernel and network; src → decoded; decoded → painted), ms
    page.nnl_stages = stages
    return readout_ms, figure_ms, failures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=30, help="measured key presses per explorer (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured presses first (default 3)")
    parser.add_argument("--only", nargs="*", default=None, help="notebook name prefixes to measure")
    parser.add_argument("--scale", type=float, nargs="+", default=[2.0],
                        help="device scale factors of the page (default 2; e.g. --scale 1 2)")
    args = parser.parse_args(argv)
    if args.presses < 2:
        parser.error(f"--presses must be >= 2, got {args.presses}")
    if args.warmup < 0:
        parser.error(f"--warmup must be >= 0, got {args.warmup}")
    if any(not 0.5 <= x <= 4 for x in args.scale):
        parser.error(f"--scale takes device scale factors from 0.5 to 4, got {args.scale}")

    explorers = [e for e in EXPLORERS if not args.only or any(e[0].startswith(p) for p in args.only)]
    available = set(harness.repo_notebooks()) | {"demo"}
    skipped = [e for e in explorers if e[0] not in available]
    explorers = [e for e in explorers if e[0] in available]
    if not explorers:
        print("no explorer to measure (notebooks missing?)", skipped)
        return 1

    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, harness.JupyterServer("lab", name="bench-latency") as server, \
            sync_playwright() as p:
        if any(e[0] == "demo" for e in explorers):
            server.add_notebook(harness.make_demo_notebook(Path(tmp) / harness.DEMO_NOTEBOOK))
        browser = harness.launch_chromium(p)
        by_notebook: dict[str, list] = {}
        for e in explorers:
            by_notebook.setdefault(e[0], []).append(e)
        for k, (notebook, group) in enumerate(by_notebook.items()):
            scales = args.scale if k % 2 == 0 else args.scale[::-1]  # alternate the order notebook by notebook
            for scale in scales:
                name = harness.DEMO_NOTEBOOK if notebook == "demo" else notebook
                page = harness.new_page(browser, device_scale_factor=scale)
                count_bytes(page)
                start = time.perf_counter()
                try:
                    harness.open_notebook(page, name, server=server)
                    harness.run_all(page, name)
                except (AssertionError, harness.HarnessError) as exc:  # say so, go on with the other notebooks
                    print(f"{name} at scale {scale:g}: could not run it: {str(exc)[:300]}", file=sys.stderr)
                    rows += [(notebook, e[1], scale, 0, None, None, None, None, None, None, 0, None) for e in group]
                    harness.close_notebook(page)
                    page.context.close()
                    continue
                print(f"{name} at scale {scale:g}: opened and ran in {time.perf_counter() - start:.1f} s",
                      file=sys.stderr)
                for _, slider, readout, image in group:
                    try:
                        r, f, failures = measure(page, slider, readout, image, args.presses, args.warmup)
                        sharp = page.evaluate(JS_SHARPNESS, image)["sharpness"] if image else None
                    except Exception as exc:  # report and go on with the other explorers
                        print(f"{name} {slider}: {exc}", file=sys.stderr)
                        rows.append((notebook, slider, scale, 0, None, None, None, None, None, None,
                                     args.presses + args.warmup, None))
                        continue
                    rows.append((notebook, slider, scale, len(r),
                                 statistics.median(r) if r else None, percentile(r, 95) if r else None,
                                 statistics.median(f) if f else None, percentile(f, 95) if f else None,
                                 statistics.median(page.nnl_sent), sharp, failures,
                                 [statistics.median(x) for x in zip(*page.nnl_stages)] if image else None))
                harness.close_notebook(page)
                page.context.close()
        browser.close()

    def ms(x):
        return "—" if x is None else f"{x:.0f}"

    load = os.getloadavg()
    print(f"\nBrowser latency, key press → on screen (JupyterLab, headless Chromium; load average "
          f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}; goal median ≤ {GOAL_MEDIAN_MS:.0f} ms, "
          f"p95 ≤ {GOAL_P95_MS:.0f} ms; figure at scale 2: median ≤ {GOAL_FIGURE_MEDIAN_MS:.0f} ms, "
          f"p95 ≤ {GOAL_FIGURE_P95_MS:.0f} ms)\n")
    print("| notebook | slider | scale | presses | readout median ms | readout p95 ms | figure median ms "
          "| figure p95 ms | figure: key → src / decode / paint, medians ms | kB per update | sharpness | timeouts "
          "| goal |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for notebook, slider, scale, n, rmed, rp95, fmed, fp95, sent, sharp, failures, stages in sorted(
            rows, key=lambda row: (EXPLORERS.index(next(e for e in EXPLORERS if e[:2] == row[:2])), row[2])):
        medians = [x for x in (rmed, fmed) if x is not None]
        p95s = [x for x in (rp95, fp95) if x is not None]
        ok = (n > 0 and failures == 0 and bool(medians) and max(medians) <= GOAL_MEDIAN_MS
              and max(p95s) <= GOAL_P95_MS)
        if ok and scale >= 2 and fmed is not None:
            ok = fmed <= GOAL_FIGURE_MEDIAN_MS and fp95 <= GOAL_FIGURE_P95_MS and sharp >= 0.999
        kb = "—" if sent is None else f"{sent / 1000:.0f}"
        sharpness = "—" if sharp is None else f"{sharp:.2f}"
        split = "—" if not stages else " / ".join(f"{x:.0f}" for x in stages)
        print(f"| {notebook} | {slider} | {scale:g} | {n} | {ms(rmed)} | {ms(rp95)} | {ms(fmed)} | {ms(fp95)} "
              f"| {split} | {kb} | {sharpness} | {failures} | {'met' if ok else 'MISSED'} |")
    for e in skipped:
        print(f"\n(skipped {e[0]} {e[1]}: notebook not in notebooks/)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Browser latency of the explorers: key press on a slider → readout and figure on screen, and where
every millisecond goes.

    .venv/bin/python benchmarks/bench_browser_latency.py                 # every explorer below
    .venv/bin/python benchmarks/bench_browser_latency.py --only demo 01  # notebooks starting so
    .venv/bin/python benchmarks/bench_browser_latency.py --presses 30 --warmup 3
    .venv/bin/python benchmarks/bench_browser_latency.py --scale 1 2     # device scale factors, alternating
    .venv/bin/python benchmarks/bench_browser_latency.py --only floor    # JupyterLab's own round trip
    .venv/bin/python benchmarks/bench_browser_latency.py --decoding async  # try <img decoding="async">
    .venv/bin/python benchmarks/bench_browser_latency.py --transport data blob  # frames as data: URLs vs
                                                                         # blobs, press by press
    .venv/bin/python benchmarks/bench_browser_latency.py --ab "a=CODE" "b=CODE"  # kernel-side variants
    .venv/bin/python benchmarks/bench_browser_latency.py --nagle --network  # without nnlesson.server
                                                                         # (Nagle on); network-stack times

Starts JupyterLab over a temp copy of notebooks/ (the e2e harness, tests/e2e/harness.py), opens
each notebook in headless Chromium, runs all cells, then for each explorer presses an arrow key on
the slider's handle `--presses` times (right, or left once the slider is at its maximum). Presses
are sequential: the next one starts after both updates have landed and the kernel is idle.

What is timed, all in the page's clock (performance.now(); the kernel's message dates, wall clock
on the same machine, are turned into it with performance.timeOrigin):

- key: the keydown event's timeStamp (when Chromium took the key press in);
- send: the widget's comm message leaving through the WebSocket (WebSocket.send, hooked by an
  init script before JupyterLab loads); busy / idle: the kernel's status messages for it (their
  header dates: when the kernel started and finished handling it); echo, readout, image: the
  kernel's echo_update and update messages (header date = when the kernel sent it; and when the
  page received it, the WebSocket's message event);
- render: FigureView.render's start and end in the kernel (timed by a wrapper installed in the
  kernel for the benchmark only);
- text: a MutationObserver sees the readout's text change; src: the image's src changes (the
  ipywidgets Image view swaps in a new blob: URL); load: the img's load event; frame: the next
  animation frame after text / load; painted: the Element Timing API's renderTime for the new
  image (when the frame with the new picture was painted), else the frame.

Tables: latency (median / p95 per explorer and device scale factor, bytes received per update,
sharpness = image pixels per device pixel, naturalWidth / (CSS width × devicePixelRatio)), and the
split of the figure's latency into those stages (medians). The "floor" notebook, generated here,
is a bare ipywidgets IntSlider whose observer sets a Label: JupyterLab's and ipywidgets' own round
trip, which no change in nnlesson can shorten.

Goal (issue 6): median ≤ 100 ms, 95th percentile ≤ 200 ms, for both readout and figure.
Goal (issue 14), at scale 2: figure median ≤ 50 ms, p95 ≤ 100 ms, sharpness ≥ 1.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

# Explorers to measure. Add a row for yours: the notebook (a file in notebooks/, or "demo" / "floor"
# for the notebooks written at run time), the CSS classes of the slider, of a readout that changes on
# every step, and of the FigureView image (None if the explorer has no figure).
EXPLORERS = [
    # notebook                           slider class               readout class          image class
    ("floor",                            "nnl-floor-slider",        "nnl-floor-readout",   None),
    ("demo",                             "nnl-demo-slider",         "nnl-demo-readout",    "nnl-demo-figure"),
    ("00_start_here.ipynb",              "nnl-warmup-W",            "nnl-warmup-readout",  None),
    ("01_error_and_derivatives.ipynb",   "nnl-weights-W1",          "nnl-weights-error",   "nnl-weights-figure"),
    ("01_error_and_derivatives.ipynb",   "nnl-weights-W2",          "nnl-weights-error",   "nnl-weights-figure"),
    ("02_gradient_descent.ipynb",        "nnl-descent-lr",          "nnl-descent-status",  None),
    ("04_regression_mse.ipynb",          "nnl-residual-prediction", "nnl-residual-mse",    "nnl-residual-figure"),
    ("05_classification_softmax.ipynb",  "nnl-softmax-z1",          "nnl-softmax-ce",      "nnl-softmax-figure"),
    ("06_capstone_digits.ipynb",         "nnl-digits-index",        "nnl-digits-truth",    "nnl-digits-figure"),
]
GENERATED = ("demo", "floor")
FLOOR_NOTEBOOK = "nnl_floor.ipynb"

GOAL_MEDIAN_MS = 100.0
GOAL_P95_MS = 200.0
GOAL_FIGURE_MEDIAN_MS = 50.0   # issue 14, at device scale factor 2
GOAL_FIGURE_P95_MS = 100.0

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

import harness  # noqa: E402

# Runs before JupyterLab's own scripts: logs every WebSocket message both ways (time, channel, type,
# ids, the kernel's header date, the comm method and state keys, size) while window.__nnlT.on, and
# the keydown's timeStamp; Element Timing entries of the figure go to window.__nnlT.paints.
JS_INIT = r"""
(() => {
  const T = window.__nnlT = {on: false, log: [], paints: [], key: null};
  const dec = new TextDecoder();
  function info(data) {
    let channel, header, parent, content, size;
    if (typeof data === 'string') {
      size = data.length;
      const m = JSON.parse(data);
      channel = m.channel; header = m.header; parent = m.parent_header; content = m.content;
    } else {
      const buf = data instanceof ArrayBuffer ? data
        : data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
      size = buf.byteLength;
      const dv = new DataView(buf);
      const n = Number(dv.getBigUint64(0, true));
      const off = [];
      for (let i = 0; i < n; i++) off.push(Number(dv.getBigUint64(8 * (i + 1), true)));
      const part = (i) => dec.decode(new Uint8Array(buf, off[i], off[i + 1] - off[i]));
      channel = part(0); header = JSON.parse(part(1)); parent = JSON.parse(part(2)); content = JSON.parse(part(4));
    }
    const d = content && content.data;
    return {channel, type: header.msg_type, id: header.msg_id, parent: parent && parent.msg_id, date: header.date,
            comm: content && content.comm_id, method: d && d.method,
            keys: d && d.state ? Object.keys(d.state).join(',') : null,
            buffers: d && d.buffer_paths ? d.buffer_paths.length : 0,
            state: content && content.execution_state, size};
  }
  function record(dir, data) {
    const t = performance.now();
    try { T.log.push(Object.assign({t, dir}, info(data))); }
    catch (err) { T.log.push({t, dir, err: String(err)}); }
  }
  const Native = window.WebSocket;
  class Hooked extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => { if (T.on) record('in', event.data); });
    }
    send(data) { if (T.on) record('out', data); return super.send(data); }
  }
  window.WebSocket = Hooked;
  document.addEventListener('keydown', (event) => {
    if (T.on) { T.key = event.timeStamp; T.log = []; }
  }, true);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) T.paints.push({url: e.url, renderTime: e.renderTime, loadTime: e.loadTime});
    }).observe({type: 'element', buffered: false});
  } catch (err) { T.noElementTiming = String(err); }
})();
"""

# Installs the observers for one explorer; window.__nnlLat collects one sample per key press.
JS_INSTALL = """
([slider, readout, image, decoding]) => {
  const handle = document.querySelector('.' + slider + ' .noUi-handle');
  const ro = document.querySelector('.' + readout);
  const img = image ? document.querySelector('img.' + image + ', .' + image + ' img') : null;
  if (!handle || !ro || (image && !img))
    return 'missing: ' + [!handle && slider, !ro && readout, image && !img && image].filter(Boolean).join(', ');
  const T = window.__nnlT;
  if (!T) return 'missing: the init script (window.__nnlT)';
  const s = window.__nnlLat = {t0: null, text: null, textFrame: null, src: null, url: null, load: null,
                               imgFrame: null, noImage: !img};
  if (img) {
    img.setAttribute('elementtiming', 'nnl-figure');   // Element Timing: report when it is painted
    if (decoding) img.setAttribute('decoding', decoding);
  }
  T.on = true;
  // capture phase on the document: runs before any handler of the slider itself
  document.addEventListener('keydown', (event) => {
    if (event.target !== handle) return;
    s.t0 = performance.now(); s.text = s.textFrame = s.src = s.url = s.load = s.imgFrame = null;
  }, true);
  new MutationObserver(() => {
    if (s.t0 === null || s.text !== null) return;
    s.text = performance.now();
    requestAnimationFrame(() => { s.textFrame = performance.now(); });
  }).observe(ro, {subtree: true, childList: true, characterData: true});
  if (img) {
    img.addEventListener('load', () => {
      if (s.src === null || s.load !== null) return;
      s.load = performance.now();
      requestAnimationFrame(() => { s.imgFrame = performance.now(); });
    });
    new MutationObserver(() => {
      if (s.t0 === null || s.src !== null) return;
      s.src = performance.now(); s.url = img.src;
    }).observe(img, {attributes: true, attributeFilter: ['src']});
  }
  return 'ok';
}
"""

# Done: the readout's frame, and the figure's frame and its Element Timing entry (or 300 ms after that frame).
JS_DONE = """() => { const s = window.__nnlLat, T = window.__nnlT;
  return s.textFrame !== null && (s.noImage || s.imgFrame !== null && (performance.now() - s.imgFrame > 300
    || T.paints.some(p => p.renderTime >= s.src && s.url.startsWith(p.url)))); }"""
JS_SAMPLE = """() => {
  const T = window.__nnlT, s = window.__nnlLat;
  // the first paint of the figure after its src changed (Element Timing cuts data: URLs to 100 characters)
  const paint = s.src === null ? null : T.paints.find(p => p.renderTime >= s.src && s.url.startsWith(p.url));
  T.paints = [];
  return Object.assign({}, s, {key: T.key, log: T.log, painted: paint ? paint.renderTime : null,
                               timeOrigin: performance.timeOrigin, noElementTiming: T.noElementTiming || null});
}"""
# Image pixels per device pixel of the figure (naturalWidth / (CSS width × devicePixelRatio)).
JS_SHARPNESS = """
(image) => {
  const img = document.querySelector('img.' + image + ', .' + image + ' img');
  const width = img.getBoundingClientRect().width;
  return {natural: img.naturalWidth, css: width, dpr: window.devicePixelRatio,
          sharpness: img.naturalWidth / (width * window.devicePixelRatio)};
}
"""
# Runs `code` in the notebook's kernel (silently) and returns the repr of `expr`, if given.
JS_KERNEL = """
async ([code, expr]) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const wasOn = window.__nnlT.on;
  window.__nnlT.on = false;
  try {
    const future = kernel.requestExecute({code, silent: true, store_history: false,
                                          user_expressions: expr ? {x: expr} : {}});
    const reply = await future.done;
    const c = reply.content;
    if (c.status !== 'ok') return {error: c.ename + ': ' + c.evalue};
    return expr ? c.user_expressions.x : null;
  } finally { window.__nnlT.on = wasOn; }
}
"""
# In the kernel, for the benchmark only: FigureView.render's start and end (wall clock, s).
KERNEL_TIMER = """
import time as _nnl_time
from nnlesson.widgets import base as _nnl_base
if not hasattr(_nnl_base.FigureView, '_nnl_bench_render'):
    _nnl_base.FigureView._nnl_bench_render = _nnl_base.FigureView.render
    _nnl_base.FigureView._nnl_bench_times = []
    def _nnl_timed_render(self, *args, **kwargs):
        start = _nnl_time.time()
        try:
            return self._nnl_bench_render(*args, **kwargs)
        finally:
            _nnl_base.FigureView._nnl_bench_times.append((start, _nnl_time.time()))
            del _nnl_base.FigureView._nnl_bench_times[:-200]
    _nnl_base.FigureView.render = _nnl_timed_render
"""
KERNEL_TIMES = "__import__('json').dumps(__import__('nnlesson.widgets.base', fromlist=['x']).FigureView.__dict__.get('_nnl_bench_times', []))"

# The stages of one update (columns of the split table): (name, start event, end event).
STAGES = [
    ("key → send", "key", "send"),
    ("send → kernel busy", "send", "busy_k"),
    ("busy → echo sent", "busy_k", "echo_k"),
    ("busy → readout sent", "busy_k", "readout_k"),
    ("busy → render start", "busy_k", "render0"),
    ("render", "render0", "render1"),
    ("render end → image sent", "render1", "image_k"),
    ("image sent → idle", "image_k", "idle_k"),
    ("busy sent → network", "busy_k", "busy_n"),
    ("busy network → page", "busy_n", "busy_b"),
    ("readout sent → network", "readout_k", "readout_n"),
    ("readout network → page", "readout_n", "readout_b"),
    ("received → text", "readout_b", "text"),
    ("text → frame", "text", "textFrame"),
    ("image sent → network", "image_k", "image_n"),
    ("image network → page", "image_n", "image_b"),
    ("received → src", "image_b", "src"),
    ("src → load", "src", "load"),
    ("load → frame", "load", "imgFrame"),
    ("frame → painted", "imgFrame", "painted"),
]


def kernel_ms(date, time_origin):
    """A kernel message's header date (ISO 8601, UTC) in the page's clock (ms since timeOrigin)."""
    return datetime.fromisoformat(date.replace("Z", "+00:00")).timestamp() * 1000 - time_origin


def events(sample, renders=(), arrivals=None):
    """The named moments of one key press (ms, page clock) from a JS_SAMPLE and the kernel's
    render times [(start, end) s]; moments not seen are left out."""
    origin = sample["timeOrigin"]
    ev = {k: sample[k] for k in ("key", "text", "textFrame", "src", "load", "imgFrame", "painted")
          if sample.get(k) is not None}
    if sample.get("painted") is None and sample.get("imgFrame") is not None:
        ev["painted"] = sample["imgFrame"]
    log = sample["log"]
    sent = next((m for m in log if m["dir"] == "out" and m.get("type") == "comm_msg"), None)
    if sent is None:
        return ev, log
    ev["send"] = sent["t"]
    mine = [m for m in log if m["dir"] == "in" and m.get("parent") == sent["id"]]
    for m in mine:
        name = None
        if m.get("type") == "status":
            name = {"busy": "busy", "idle": "idle"}.get(m.get("state"))
        elif m.get("type") == "comm_msg" and m.get("method") == "echo_update":
            name = "echo"
        elif m.get("type") == "comm_msg" and m.get("method") == "update":
            name = "image" if m.get("buffers") else "readout"
        if name and name + "_k" not in ev:
            ev[name + "_k"] = kernel_ms(m["date"], origin)
            ev[name + "_b"] = m["t"]
            if arrivals and m.get("id") in arrivals:
                ev[name + "_n"] = arrivals[m["id"]] - origin
    busy, image = ev.get("busy_k"), ev.get("image_k")
    for start, end in renders:
        r0, r1 = start * 1000 - origin, end * 1000 - origin
        if busy is not None and image is not None and busy - 1 <= r0 and r1 <= image + 1:
            ev["render0"], ev["render1"] = r0, r1
    return ev, mine


def watch_network(page):
    """Record when Chromium's network stack received each kernel message (before the page's main
    thread sees it): CDP's WebSocket frame events, their monotonic clock turned into wall-clock ms
    with the handshake's (timestamp, wallTime) pair. page.nnl_arrivals: {msg_id: wall-clock ms}."""
    import base64

    cdp = page.context.new_cdp_session(page)
    page.nnl_arrivals, clock = {}, {}

    def handshake(event):
        clock.setdefault("offset", event["wallTime"] - event["timestamp"])

    def frame(event):
        if "offset" not in clock or event["response"].get("opcode") != 2:
            return
        try:
            head = base64.b64decode(event["response"]["payloadData"][:8192])
            n = int.from_bytes(head[:8], "little")
            offsets = [int.from_bytes(head[8 * (i + 1):8 * (i + 2)], "little") for i in range(n)]
            header = json.loads(head[offsets[1]:offsets[2]])
        except (ValueError, IndexError, KeyError):
            return
        page.nnl_arrivals[header["msg_id"]] = (event["timestamp"] + clock["offset"]) * 1000

    cdp.on("Network.webSocketWillSendHandshakeRequest", handshake)
    cdp.on("Network.webSocketFrameReceived", frame)
    cdp.send("Network.enable")


def kernel_call(page, code, expr=None):
    result = page.evaluate(JS_KERNEL, [code, expr])
    if isinstance(result, dict) and result.get("error"):
        raise RuntimeError(f"in the kernel: {result['error']}")
    return result


def count_bytes(page):
    """Count the bytes of every WebSocket frame the page receives (kernel → browser) in page.nnl_bytes
    (Playwright's view; used by bench_ipympl.py, whose peer is not an ipywidgets comm)."""
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


# Sends the explorer's frames as data: URLs (True) or as blobs (False) from the next render on.
KERNEL_TRANSPORT = """
import ipywidgets as _nnl_w
from nnlesson.widgets.png import PNGImage as _nnl_P
for _nnl_i in [w for w in list(_nnl_w.Widget.widgets.values()) if isinstance(w, _nnl_P) and {css!r} in w._dom_classes]:
    _nnl_i.as_data_url = {flag}
    _nnl_i.send_state(['format', 'value'])   # the same picture, sent the new way
"""


def measure(page, slider, readout, image, presses, warmup, timeout=10.0, decoding=None, variants=(("", None),)):
    """Press keys on `slider`; return {variant: (readout ms list, figure ms list, [(bytes, messages)
    received per press], [moments per press, see `events`])} and the number of presses that timed out.
    `variants`: [(name, Python code run in the kernel before each of its presses, or None)]; with
    several, the presses take turns (e.g. frames as data: URLs, then as blobs, press by press)."""
    status = page.evaluate(JS_INSTALL, [slider, readout, image, decoding])
    if status != "ok":
        raise RuntimeError(f"explorer not found in the page ({status})")
    if image:
        kernel_call(page, KERNEL_TIMER)
    handle = harness.slider_handle(page, slider)
    handle.focus()
    samples, failures = [], 0
    for i in range(warmup + presses * len(variants)):
        transport, code = variants[i % len(variants)]
        if code:
            kernel_call(page, code)
            page.wait_for_timeout(30)
        key = "ArrowLeft" if harness.slider_value(page, slider) >= harness.slider_bounds(page, slider)[1] \
            else "ArrowRight"
        handle.press(key)
        try:
            page.wait_for_function(JS_DONE, timeout=timeout * 1000, polling="raf")
        except Exception:
            failures += 1
            if failures >= 3 and not samples:
                raise RuntimeError(f"no update of .{readout}" + (f" / .{image}" if image else "")
                                   + " seen after 3 key presses") from None
            continue
        page.wait_for_timeout(30)  # let the kernel settle (its idle message, the painted entry)
        if i >= warmup:
            samples.append((transport, page.evaluate(JS_SAMPLE)))
    renders = json.loads(ast.literal_eval(kernel_call(page, "", KERNEL_TIMES)["data"]["text/plain"])) \
        if image else []
    out = {}
    for transport, _ in variants:
        mine = [s for t, s in samples if t == transport]
        incoming = [[m for m in s["log"] if m["dir"] == "in"] for s in mine]   # key press → kernel idle
        outgoing = [sum(1 for m in s["log"] if m["dir"] == "out" and m.get("type") == "comm_msg") for s in mine]
        out[transport] = ([s["textFrame"] - s["t0"] for s in mine],
                          [(s["painted"] or s["imgFrame"]) - s["t0"] for s in mine] if image else [],
                          [(sum(m.get("size", 0) for m in ms), len(ms), n) for ms, n in zip(incoming, outgoing)],
                          [events(s, renders, getattr(page, "nnl_arrivals", None))[0] for s in mine])
    return out, failures


# --nagle: the server as it was before nnlesson.server (Nagle's algorithm on the kernel WebSockets,
# tornado's default): a small message written while the previous one is not yet acknowledged waits for
# the browser's delayed ACK (up to 40 ms on Linux). This server option turns the extension off.
NAGLE_OPTION = "--ServerApp.jpserver_extensions=nnlesson.server=False"


def make_floor_notebook(path):
    """A notebook with only a bare ipywidgets IntSlider (class nnl-floor-slider) whose observer sets
    a Label (nnl-floor-readout): the round trip every explorer pays, whatever it draws."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    cells = [new_code_cell(
        "import ipywidgets as widgets\n"
        "slider = widgets.IntSlider(value=3, min=0, max=100, description='w')\n"
        "slider.add_class('nnl-floor-slider')\n"
        "label = widgets.Label('w = 3')\n"
        "label.add_class('nnl-floor-readout')\n"
        "slider.observe(lambda change: setattr(label, 'value', f'w = {change.new}'), names='value')\n"
        "widgets.VBox([slider, label])")]
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
        "language_info": {"name": "python"}})
    nbformat.write(nb, path)
    return path


def stage_medians(evs):
    """{stage name: median ms} over the presses where both of its moments were seen."""
    out = {}
    for name, a, b in STAGES:
        xs = [e[b] - e[a] for e in evs if a in e and b in e]
        out[name] = statistics.median(xs) if xs else None
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=30, help="measured key presses per explorer (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured presses first (default 3)")
    parser.add_argument("--only", nargs="*", default=None, help="notebook name prefixes to measure")
    parser.add_argument("--scale", type=float, nargs="+", default=[2.0],
                        help="device scale factors of the page (default 2; e.g. --scale 1 2)")
    parser.add_argument("--decoding", choices=["async", "sync", "auto"], default=None,
                        help="set the figure's <img decoding=...> in the page (an experiment; default: as shipped)")
    parser.add_argument("--transport", nargs="+", choices=["data", "blob"], default=["data"],
                        help="how FigureView's frames reach the page: data: URLs (as shipped) or blobs "
                             "(ipywidgets' default, FigureView.DATA_URL = False); both: alternating press by press")
    parser.add_argument("--windowing", choices=["contentVisibility", "none", "defer", "full"],
                        default="contentVisibility",
                        help="JupyterLab's notebook windowing mode (default: JupyterLab's own default; the "
                             "browser tests use none)")
    parser.add_argument("--ab", nargs="+", default=None, metavar="NAME=CODE",
                        help="variants taking turns press by press: before each press of a variant, its "
                             "Python CODE runs in the kernel (an experiment; e.g. a module setting)")
    parser.add_argument("--nagle", action="store_true",
                        help="without nnlesson.server: Nagle's algorithm on the kernel WebSockets (see NAGLE_OPTION)")
    parser.add_argument("--network", action="store_true",
                        help="also time each message's arrival in Chromium's network stack (CDP; adds some load)")
    parser.add_argument("--json", default=None, help="also write every press's moments to this JSON file")
    args = parser.parse_args(argv)
    if args.presses < 2:
        parser.error(f"--presses must be >= 2, got {args.presses}")
    if args.warmup < 0:
        parser.error(f"--warmup must be >= 0, got {args.warmup}")
    if any(not 0.5 <= x <= 4 for x in args.scale):
        parser.error(f"--scale takes device scale factors from 0.5 to 4, got {args.scale}")

    explorers = [e for e in EXPLORERS if not args.only or any(e[0].startswith(p) for p in args.only)]
    available = set(harness.repo_notebooks()) | set(GENERATED)
    skipped = [e for e in explorers if e[0] not in available]
    explorers = [e for e in explorers if e[0] in available]
    if not explorers:
        print("no explorer to measure (notebooks missing?)", skipped)
        return 1

    from playwright.sync_api import sync_playwright

    rows, dump = [], []
    load_before = os.getloadavg()
    server = harness.JupyterServer("lab", name="bench-latency")
    if args.nagle:
        command = server._command
        server._command = lambda port: [*command(port), NAGLE_OPTION]
    with tempfile.TemporaryDirectory() as tmp, server, sync_playwright() as p:
        # JupyterLab's own default windowing (content-visibility: off-screen cells are not laid out
        # or painted), as learners have it; the browser tests render every cell (harness.QUIET_SETTINGS)
        harness.write_settings(server._tmp / "settings", {"@jupyterlab/notebook-extension/tracker": {
            "windowingMode": args.windowing}})
        names = {"demo": harness.DEMO_NOTEBOOK, "floor": FLOOR_NOTEBOOK}
        if any(e[0] == "demo" for e in explorers):
            server.add_notebook(harness.make_demo_notebook(Path(tmp) / harness.DEMO_NOTEBOOK))
        if any(e[0] == "floor" for e in explorers):
            server.add_notebook(make_floor_notebook(Path(tmp) / FLOOR_NOTEBOOK))
        browser = harness.launch_chromium(p)
        by_notebook: dict[str, list] = {}
        for e in explorers:
            by_notebook.setdefault(e[0], []).append(e)
        for k, (notebook, group) in enumerate(by_notebook.items()):
            for scale in (args.scale if k % 2 == 0 else args.scale[::-1]):  # the order alternates notebook by notebook
                name = names.get(notebook, notebook)
                page = harness.new_page(browser, device_scale_factor=scale)
                page.add_init_script(JS_INIT)
                if args.network:
                    watch_network(page)
                start = time.perf_counter()
                try:
                    harness.open_notebook(page, name, server=server)
                    if args.transport == ["blob"]:
                        kernel_call(page, "from nnlesson.widgets.base import FigureView; FigureView.DATA_URL = False")
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
                    variants = [(t, KERNEL_TRANSPORT.format(css=image, flag=t == "data") if len(args.transport) > 1
                                 else None) for t in (args.transport if image else args.transport[:1])]
                    if args.ab:
                        variants = [tuple(v.split("=", 1)) for v in args.ab]
                    try:
                        results, failures = measure(page, slider, readout, image, args.presses, args.warmup,
                                                    decoding=args.decoding, variants=variants)
                        sharp = page.evaluate(JS_SHARPNESS, image)["sharpness"] if image else None
                    except Exception as exc:  # report and go on with the other explorers
                        print(f"{name} {slider}: {exc}", file=sys.stderr)
                        rows.append((notebook, slider, scale, 0, None, None, None, None, None, None,
                                     args.presses + args.warmup, None))
                        continue
                    for transport, (r, f, sent, evs) in results.items():
                        label = notebook if len(variants) == 1 else f"{notebook} ({transport})"
                        rows.append((label, slider, scale, len(r),
                                     statistics.median(r) if r else None, percentile(r, 95) if r else None,
                                     statistics.median(f) if f else None, percentile(f, 95) if f else None,
                                     sent, sharp, failures, evs))
                        dump.append({"notebook": label, "slider": slider, "scale": scale, "readout_ms": r,
                                     "figure_ms": f, "sent": sent, "events": evs})
                harness.close_notebook(page)
                page.context.close()
        browser.close()
    if args.json:
        Path(args.json).write_text(json.dumps(dump))

    def ms(x):
        return "—" if x is None else f"{x:.0f}"

    def order(row):
        notebook = row[0].split(" (")[0]
        return EXPLORERS.index(next(e for e in EXPLORERS if e[:2] == (notebook, row[1]))), row[2], row[0]

    load = os.getloadavg()
    print(f"\nBrowser latency, key press → on screen (JupyterLab, headless Chromium; load average before "
          f"{load_before[0]:.1f} / {load_before[1]:.1f} / {load_before[2]:.1f}, after {load[0]:.1f} / "
          f"{load[1]:.1f} / {load[2]:.1f}; windowing: {args.windowing}; decoding: {args.decoding or 'as shipped'}; "
          f"Nagle on the kernel WebSocket: {'on (--nagle: nnlesson.server off)' if args.nagle else 'off (nnlesson.server, as shipped)'}; goal median ≤ "
          f"{GOAL_MEDIAN_MS:.0f} ms, p95 ≤ {GOAL_P95_MS:.0f} ms; figure at scale 2: median ≤ "
          f"{GOAL_FIGURE_MEDIAN_MS:.0f} ms, p95 ≤ {GOAL_FIGURE_P95_MS:.0f} ms)\n")
    print("| notebook | slider | scale | presses | readout median ms | readout p95 ms | figure median ms "
          "| figure p95 ms | kB per update | messages per update | sharpness | timeouts | goal |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for notebook, slider, scale, n, rmed, rp95, fmed, fp95, sent, sharp, failures, _ in sorted(rows, key=order):
        medians = [x for x in (rmed, fmed) if x is not None]
        p95s = [x for x in (rp95, fp95) if x is not None]
        ok = (n > 0 and failures == 0 and bool(medians) and max(medians) <= GOAL_MEDIAN_MS
              and max(p95s) <= GOAL_P95_MS)
        if ok and scale >= 2 and fmed is not None:
            ok = fmed <= GOAL_FIGURE_MEDIAN_MS and fp95 <= GOAL_FIGURE_P95_MS and sharp >= 0.999
        kb = "—" if not sent else f"{statistics.median(x[0] for x in sent) / 1000:.1f}"
        count = "—" if not sent else (f"{statistics.median(x[1] for x in sent):.0f} in, "
                                      f"{statistics.median(x[2] for x in sent):.0f} out")
        sharpness = "—" if sharp is None else f"{sharp:.2f}"
        print(f"| {notebook} | {slider} | {scale:g} | {n} | {ms(rmed)} | {ms(rp95)} | {ms(fmed)} | {ms(fp95)} "
              f"| {kb} | {count} | {sharpness} | {failures} | {'met' if ok else 'MISSED'} |")

    print("\nWhere the time goes (medians over the presses, ms; page clock, kernel dates aligned by the "
          "wall clock). Readout: the text on screen; figure: the new picture painted.\n")
    print("| notebook | slider | scale | " + " | ".join(name for name, _, _ in STAGES) + " | key → text frame "
          "| key → painted |")
    print("| --- | --- | ---: | " + " | ".join("---:" for _ in STAGES) + " | ---: | ---: |")
    for notebook, slider, scale, n, *_, evs in sorted(rows, key=order):
        if not evs:
            continue
        st = stage_medians(evs)
        whole = [e["textFrame"] - e["key"] for e in evs if "textFrame" in e and "key" in e]
        paint = [e["painted"] - e["key"] for e in evs if "painted" in e and "key" in e]
        print(f"| {notebook} | {slider} | {scale:g} | " + " | ".join(
            "—" if st[name] is None else f"{st[name]:.1f}" for name, _, _ in STAGES)
            + f" | {ms(statistics.median(whole)) if whole else '—'} | {ms(statistics.median(paint)) if paint else '—'} |")
    for e in skipped:
        print(f"\n(skipped {e[0]} {e[1]}: notebook not in notebooks/)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Browser-test harness for nnlesson: Jupyter servers, headless Chromium and page helpers.

Importable without pytest (benchmarks/bench_browser_latency.py uses it). The pytest fixtures that
wrap it live in tests/e2e/conftest.py; the API is described in tests/e2e/README.md.

    from harness import JupyterServer, launch_chromium, open_notebook, run_all, ...

Every wait here has a timeout (seconds in the Python API), so nothing can hang a test run.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
ARTIFACTS = REPO / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
LOGS = ARTIFACTS / "logs"

# Chromium in a closed network: no sandbox (we run as root in a container), no GPU, and nothing
# that phones home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Timeouts in seconds: generous (2 shared cores, several engineers) but bounded.
SERVER_START_TIMEOUT = 120.0
SERVER_STOP_TIMEOUT = 20.0
OPEN_TIMEOUT = 150.0      # page load + kernel start
RUN_TIMEOUT = 300.0       # run all cells of one notebook
UI_TIMEOUT = 30.0         # one widget reaction (a readout changing, a widget appearing)

VIEWPORT = {"width": 1280, "height": 900}
# Device pixels per CSS pixel of every page (as on most learners' HiDPI laptops): figures must carry
# that many image pixels per CSS pixel to look sharp (assert_figures_sharp).
DEVICE_SCALE_FACTOR = 2

# Console messages JupyterLab prints in normal operation (left out of failure reports).
CONSOLE_NOISE = ("Not same Y.Doc", "Disabling terminals plugin")

# User settings that make JupyterLab / Notebook 7 quiet and deterministic in tests.
QUIET_SETTINGS = {
    # Render every cell (no virtualisation), so every output and widget is in the DOM.
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    # No news feed, no update checks, no toasts.
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false", "checkForUpdates": False, "doNotDisturbMode": True},
    # No extension manager (it would query PyPI).
    "@jupyterlab/extensionmanager-extension/plugin": {"enabled": False},
    # Do not write the served copy behind the test's back.
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
}


class HarnessError(RuntimeError):
    """A server or browser step of the harness failed (the message says which and where the log is)."""


# ----------------------------------------------------------------------------- chromium

def find_chromium() -> str | None:
    """Path of the system Chromium: $NNL_CHROMIUM if set, else `chromium` (or `chromium-browser`) on PATH."""
    env = os.environ.get("NNL_CHROMIUM")
    if env:
        return env if Path(env).is_file() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def launch_chromium(playwright, executable: str | None = None, headless: bool = True):
    """Launch Debian's Chromium through Playwright (which cannot download its own browser here)."""
    executable = executable or find_chromium()
    if not executable:
        raise HarnessError("no Chromium found: install it (apt-get install -y chromium) or set NNL_CHROMIUM")
    return playwright.chromium.launch(executable_path=executable, headless=headless, args=CHROMIUM_ARGS,
                                      timeout=60_000)


def new_page(browser, default_timeout: float = UI_TIMEOUT, device_scale_factor: float | None = None):
    """A fresh browser context and page with the harness's viewport and default timeout, at
    `device_scale_factor` device pixels per CSS pixel (default DEVICE_SCALE_FACTOR: 2, a HiDPI
    laptop screen, so figures are checked for sharpness where learners see them)."""
    scale = DEVICE_SCALE_FACTOR if device_scale_factor is None else device_scale_factor
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not 0.5 <= scale <= 4:
        raise ValueError(f"device_scale_factor must be a number from 0.5 to 4, got {scale!r}")
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=scale)
    context.set_default_timeout(default_timeout * 1000)
    context.set_default_navigation_timeout(OPEN_TIMEOUT * 1000)
    page = context.new_page()
    page.nnl_console = []  # browser console errors, for debugging failures
    page.on("console", lambda msg: page.nnl_console.append(f"{msg.type}: {msg.text}")
            if msg.type in ("error", "warning") and not any(n in msg.text for n in CONSOLE_NOISE) else None)
    page.on("pageerror", lambda exc: page.nnl_console.append(f"pageerror: {exc}"))
    return page


# ----------------------------------------------------------------------------- servers

def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_notebooks(dest: Path, source: Path = NOTEBOOKS) -> Path:
    """Copy the repo's notebooks/ (all files, not checkpoints) into `dest`; return `dest`."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, dest, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return dest


def repo_notebooks() -> list[str]:
    """Names of the lesson notebooks in the repo's notebooks/ folder, sorted."""
    return sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) if NOTEBOOKS.is_dir() else []


def write_settings(settings_dir: Path, settings: dict = QUIET_SETTINGS) -> None:
    """Write JupyterLab user settings files (<dir>/<package>/<plugin>.jupyterlab-settings)."""
    for key, value in settings.items():
        path = Path(settings_dir) / f"{key}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value, indent=2))


def _prune_logs(directory: Path, max_age_hours: float = 24.0) -> None:
    """Delete server logs older than `max_age_hours` (each run writes its own)."""
    cutoff = time.time() - max_age_hours * 3600
    for path in Path(directory).glob("*.log"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass


def _descendants(pid: int) -> list[int]:
    """PIDs of all processes below `pid` (read from /proc), children first."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _die_with_parent() -> None:
    """In the child before exec: get SIGTERM if the process that started us dies (Linux), so a
    killed test run does not leave Jupyter servers behind."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:  # not Linux: the fixtures' teardown and atexit still stop the servers
        pass


_running: set = set()


@atexit.register
def _stop_all() -> None:
    for server in list(_running):
        server.stop()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie is as good as gone
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class JupyterServer:
    """A JupyterLab, Notebook 7 or Voilà server on 127.0.0.1, isolated in a temp directory.

        server = JupyterServer("lab").start()      # or "notebook", or JupyterServer("voila", notebook=...)
        server.url                                 # e.g. http://127.0.0.1:41234/
        server.add_notebook(path)                  # copy a notebook into the served folder
        server.stop()

    The served folder (`server.root`) is a temporary copy of the repo's notebooks/ (pass `copy=False`
    for an empty folder). Config, runtime, settings and workspaces dirs are private to the server,
    so nothing from ~/.jupyter leaks in. The kernel runs this venv's Python with the repo on
    PYTHONPATH and NNLESSON_DATA pointing at the repo's data/. The log goes to
    test-artifacts/logs/<name>-<pid>.log.
    """

    KINDS = ("lab", "notebook", "voila")

    def __init__(self, kind: str = "lab", *, root: Path | None = None, notebook: str | None = None,
                 copy: bool = True, name: str | None = None, log_dir: Path = LOGS):
        if kind not in self.KINDS:
            raise ValueError(f"kind must be one of {self.KINDS}, got {kind!r}")
        if kind == "voila" and not notebook:
            raise ValueError("notebook: a Voilà server needs the name of the notebook to serve, got None")
        if notebook is not None and not isinstance(notebook, str):
            raise TypeError(f"notebook must be a file name (str), got {type(notebook).__name__}")
        self.kind = kind
        self.notebook = notebook
        self._tmp = Path(tempfile.mkdtemp(prefix=f"nnl-e2e-{kind}-"))
        self.root = Path(root) if root is not None else self._tmp / "notebooks"
        if root is None:
            if copy:
                copy_notebooks(self.root)
            else:
                self.root.mkdir(parents=True)
        self.name = name or kind
        # one log per server and process: several people may run the browser tests at once
        self.log_path = Path(log_dir) / f"{self.name}-{os.getpid()}.log"
        self.port: int | None = None
        self.process: subprocess.Popen | None = None
        self._log = None

    # -- paths and URLs
    @property
    def url(self) -> str:
        if self.port is None:
            raise HarnessError(f"{self.name} server is not started")
        return f"http://127.0.0.1:{self.port}/"

    def notebook_url(self, name: str, workspace: str | None = None) -> str:
        """The URL that opens notebook `name` (relative to the served folder) in this server."""
        if self.kind == "lab":
            ws = workspace or f"nnl-{uuid.uuid4().hex[:12]}"  # fresh: only this notebook open
            return f"{self.url}lab/workspaces/{ws}/tree/{name}"
        if self.kind == "notebook":
            return f"{self.url}notebooks/{name}"
        return self.url  # Voilà serves its one notebook at /

    def add_notebook(self, source: Path | str, name: str | None = None) -> str:
        """Copy a notebook file into the served folder (works while the server runs); return its name."""
        source = Path(source)
        if not source.is_file():
            raise ValueError(f"source: no notebook file at {source}")
        name = name or source.name
        shutil.copyfile(source, self.root / name)
        return name

    # -- lifecycle
    def _env(self) -> dict:
        env = dict(os.environ)
        venv_bin = str(Path(sys.executable).parent)
        env["PATH"] = venv_bin + os.pathsep + env.get("PATH", "")
        env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        env.setdefault("NNLESSON_DATA", str(REPO / "data"))
        env["JUPYTER_CONFIG_DIR"] = str(self._tmp / "config")
        env["JUPYTER_DATA_DIR"] = str(self._tmp / "data")
        env["JUPYTER_RUNTIME_DIR"] = str(self._tmp / "runtime")
        env["JUPYTER_PLATFORM_DIRS"] = "1"
        env["JUPYTERLAB_SETTINGS_DIR"] = str(self._tmp / "settings")
        env["JUPYTERLAB_WORKSPACES_DIR"] = str(self._tmp / "workspaces")
        env["IPYTHONDIR"] = str(self._tmp / "ipython")
        env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
        env["MPLBACKEND"] = "agg"
        env.pop("JUPYTER_TOKEN", None)
        return env

    def _command(self, port: int) -> list[str]:
        common = [
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            "--IdentityProvider.token=",
            "--ServerApp.password=",
            "--ServerApp.disable_check_xsrf=True",
            "--ServerApp.allow_root=True",
            f"--ServerApp.root_dir={self.root}",
            "--ServerApp.terminals_enabled=False",
            "--LanguageServerManager.autodetect=False",
            # server extensions the tests do not use (language servers; Voilà's preview inside Lab)
            "--ServerApp.jpserver_extensions=jupyter_lsp=False",
            "--ServerApp.jpserver_extensions=voila.server_extension=False",
        ]
        settings = str(self._tmp / "settings")
        workspaces = str(self._tmp / "workspaces")
        if self.kind == "lab":
            return [sys.executable, "-m", "jupyter", "lab", *common,
                    "--LabApp.news_url=None",
                    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                    "--LabApp.extension_manager=readonly",
                    "--LabApp.expose_app_in_browser=True",
                    f"--LabApp.user_settings_dir={settings}",
                    f"--LabApp.workspaces_dir={workspaces}"]
        if self.kind == "notebook":
            return [sys.executable, "-m", "jupyter", "notebook", *common,
                    "--JupyterNotebookApp.expose_app_in_browser=True",
                    f"--JupyterNotebookApp.user_settings_dir={settings}",
                    f"--JupyterNotebookApp.workspaces_dir={workspaces}"]
        return [sys.executable, "-m", "voila", str(self.root / self.notebook), "--no-browser",
                f"--port={port}", "--Voila.ip=127.0.0.1", "--Voila.port_retries=0",
                "--show_tracebacks=True", f"--Voila.root_dir={self.root}", "--ServerApp.allow_root=True"]

    def start(self, timeout: float = SERVER_START_TIMEOUT, attempts: int = 3) -> "JupyterServer":
        """Start the server and wait until it answers HTTP; retry on a port clash. Returns self."""
        if self.process is not None:
            raise HarnessError(f"{self.name} server already started at {self.url}")
        if self.kind == "voila" and not (self.root / self.notebook).is_file():
            raise ValueError(f"notebook: {self.notebook!r} is not in the served folder {self.root}")
        write_settings(self._tmp / "settings")
        (self._tmp / "workspaces").mkdir(exist_ok=True)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        _prune_logs(self.log_path.parent)
        last_error = None
        for attempt in range(attempts):
            self.port = free_port()
            self._log = open(self.log_path, "ab" if attempt else "wb")
            self.process = subprocess.Popen(self._command(self.port), cwd=self.root, env=self._env(),
                                            stdin=subprocess.DEVNULL, stdout=self._log,
                                            stderr=subprocess.STDOUT, start_new_session=True,
                                            preexec_fn=_die_with_parent if sys.platform == "linux" else None)
            _running.add(self)
            try:
                self._wait_ready(timeout)
                return self
            except HarnessError as exc:
                last_error = exc
                self.stop()
                if "already in use" not in str(exc) and "Errno 98" not in str(exc):
                    break  # only a port clash is worth another try
        raise last_error

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        # Voilà would execute the notebook on GET /, so probe a path that only answers an error.
        probe = "api/status" if self.kind != "voila" else "nnl-readiness-probe"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise HarnessError(f"{self.name} server exited with code {self.process.returncode} "
                                   f"before answering; log: {self.log_path}\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + probe, timeout=5) as response:
                    if response.status == 200:
                        return
            except urllib.error.HTTPError:
                if self.kind == "voila":  # any HTTP answer (404, 403) means it is serving
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.25)
        raise HarnessError(f"{self.name} server did not answer within {timeout:.0f} s; log: {self.log_path}\n"
                           f"{self.log_tail()}")

    def api(self, method: str, path: str, timeout: float = 10.0):
        """Call the server's REST API (e.g. api("GET", "api/sessions")); returns the decoded JSON or None."""
        request = urllib.request.Request(self.url + path.lstrip("/"), method=method)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self, path: str | None = None) -> int:
        """Shut down the kernels of open notebooks (only those of `path` if given); return how many."""
        if self.kind == "voila" or self.process is None:
            return 0
        count = 0
        for session in self.api("GET", "api/sessions") or []:
            if path is None or session.get("path") == path:
                self.api("DELETE", f"api/sessions/{session['id']}")
                count += 1
        return count

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self, timeout: float = SERVER_STOP_TIMEOUT) -> None:
        """Stop the server: SIGTERM its process group (it shuts its kernels down), then SIGKILL
        whatever it started that is still alive. Only PIDs this server started are signalled."""
        if self.process is None:
            return
        proc = self.process
        pids = set(_descendants(proc.pid)) if proc.poll() is None else set()
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait(timeout=10)
        deadline = time.monotonic() + 5
        while any(_alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.1)
        for pid in pids:  # kernels run in their own session: end any left behind
            if _alive(pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self.process = None
        _running.discard(self)
        if self._log:
            self._log.close()
            self._log = None

    def cleanup(self) -> None:
        """Stop the server and delete its temporary directory."""
        self.stop()
        shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self):
        return self.start() if self.process is None else self

    def __exit__(self, *exc):
        self.cleanup()


# Default server for open_notebook(page, name) when none is given: the last JupyterLab started
# by the `lab` fixture (or set by a script with set_default_server).
_default_server: JupyterServer | None = None


def set_default_server(server: JupyterServer | None) -> None:
    global _default_server
    _default_server = server


# ----------------------------------------------------------------------------- page helpers
# JavaScript run in the page. `window.jupyterapp` exists because the servers are started with
# expose_app_in_browser; it is the same object in JupyterLab and Notebook 7.

_JS_PANEL = """
function __nnlPanel(path) {
  const app = window.jupyterapp;
  if (!app || !app.shell) return null;
  for (const w of app.shell.widgets('main')) {
    if (w.context && w.content && w.context.path === path) return w;
  }
  return null;
}
function __nnlCodeCells(panel) {
  return panel.content.widgets.filter(c => c.model.type === 'code');
}
function __nnlTrouble(panel) {  // a reason to stop waiting at once, or null
  const dialog = document.querySelector('.jp-Dialog');
  if (dialog) return 'a dialog is open: ' + (dialog.innerText || '').replace(/\\s+/g, ' ').slice(0, 300);
  const k = panel && panel.sessionContext.session && panel.sessionContext.session.kernel;
  if (k && (k.status === 'dead' || k.connectionStatus === 'disconnected' && k.status !== 'starting'))
    return 'the kernel is ' + (k.status === 'dead' ? 'dead' : 'disconnected');
  return null;
}
"""

_JS_KERNEL_IDLE = "(path) => {" + _JS_PANEL + """
  const p = __nnlPanel(path);
  const trouble = __nnlTrouble(p);
  if (trouble) return trouble;
  if (!p || !p.context.isReady) return false;
  const sc = p.sessionContext;
  const k = sc.session && sc.session.kernel;
  return (sc.isReady && k && k.status === 'idle' && k.connectionStatus === 'connected') ? 'ok' : false;
}
"""

_JS_START_RUN_ALL = "(path) => {" + _JS_PANEL + """
  const app = window.jupyterapp;
  const p = __nnlPanel(path);
  if (!p) throw new Error('notebook ' + path + ' is not open');
  app.shell.activateById(p.id);
  window.__nnlRun = {done: false, ok: null, error: null};
  app.commands.execute('notebook:run-all-cells').then(
    ok => { window.__nnlRun.done = true; window.__nnlRun.ok = ok; },
    err => { window.__nnlRun.done = true; window.__nnlRun.error = String(err); });
  return true;
}
"""

_JS_RUN_SETTLED = "(path) => {" + _JS_PANEL + """
  const p = __nnlPanel(path);
  const trouble = __nnlTrouble(p);
  if (trouble) return trouble;
  const r = window.__nnlRun;
  if (!r || !r.done) return false;
  const k = p.sessionContext.session && p.sessionContext.session.kernel;
  if (!k || k.status !== 'idle') return false;
  for (const c of __nnlCodeCells(p)) {
    if (c.model.executionState === 'running') return false;
    const prompt = c.node.querySelector('.jp-InputPrompt');
    if (prompt && prompt.textContent.includes('*')) return false;
  }
  return 'ok';
}
"""

_JS_CELL_REPORT = "(path) => {" + _JS_PANEL + """
  const p = __nnlPanel(path);
  const out = [];
  __nnlCodeCells(p).forEach((c, i) => {
    const source = c.model.sharedModel.getSource();
    const outputs = c.model.outputs.toJSON();
    out.push({index: p.content.widgets.indexOf(c), source: source.slice(0, 200),
              empty: source.trim() === '', count: c.model.executionCount,
              errors: outputs.filter(o => o.output_type === 'error')
                             .map(o => o.ename + ': ' + o.evalue),
              stderr: outputs.filter(o => o.output_type === 'stream' && o.name === 'stderr')
                             .map(o => String(o.text).slice(0, 500))});
  });
  return out;
}
"""

# Every widget-view output has rendered (into widget DOM or an error message). A widget output is a
# `.jp-OutputArea-output` without data-mime-type whose child is the widget's `.jupyter-widgets` node;
# until the view exists it is an empty element. With window.jupyterapp, the number of widget
# outputs in the notebook model must also be matched by rendered ones.
_JS_WIDGETS_SETTLED = """
() => {
  const MIME = 'application/vnd.jupyter.widget-view+json';
  const outs = [...document.querySelectorAll('.jp-OutputArea-output')];
  if (outs.some(o => !o.getAttribute('data-mime-type') && o.childElementCount === 0)) return false;
  const rendered = outs.filter(o => o.querySelector(':scope > .jupyter-widgets')
                                  || (o.textContent || '').includes('Error displaying widget')).length;
  const app = window.jupyterapp;
  const panel = app && app.shell && app.shell.currentWidget;
  if (panel && panel.content && panel.content.widgets) {
    let expected = 0;
    for (const c of panel.content.widgets) {
      if (c.model.type !== 'code') continue;
      for (const o of c.model.outputs.toJSON()) if (o.data && o.data[MIME]) expected += 1;
    }
    if (rendered < expected) return false;
  }
  return true;
}
"""

# Widget outputs in the page: how many, and how many show a widget (not an error).
JS_WIDGET_OUTPUTS = """
() => {
  const outs = [...document.querySelectorAll('.jp-OutputArea-output')];
  return {
    rendered: outs.filter(o => o.querySelector(':scope > .jupyter-widgets')).length,
    errors: outs.filter(o => (o.textContent || '').includes('Error displaying widget')).length,
    widgetElements: document.querySelectorAll('.jupyter-widgets').length,
  };
}
"""


# Errors visible in the page, in any front end (JupyterLab, Notebook 7, Voilà). Only outputs are
# searched (a lesson's prose may well mention "Traceback"), plus widget error views and dialogs.
_JS_VISIBLE_ERRORS = """
() => {
  const found = [];
  const clip = (t, i) => t.slice(Math.max(0, i - 80), i + 240).replace(/\\s+/g, ' ');
  const needles = ['Error displaying widget', 'Failed to load model class', 'Traceback (most recent call last)',
                   'Error rendering'];
  for (const o of document.querySelectorAll('.jp-OutputArea-output')) {
    const text = o.innerText || '';
    for (const n of needles) { const i = text.indexOf(n); if (i >= 0) found.push(clip(text, i)); }
    if (o.getAttribute('data-mime-type') === 'application/vnd.jupyter.stderr') {
      const m = text.match(/^\\w*(Error|Exception|Interrupt)\\b.*$/m);   // 'ValueError: ...' as a traceback ends
      if (m && !needles.some(n => text.includes(n))) found.push('error output: ' + m[0].slice(0, 240));
    }
  }
  for (const el of document.querySelectorAll('.jupyter-widgets-error-widget')) {
    found.push('widget error: ' + (el.innerText || '').slice(0, 240));
  }
  const dialog = document.querySelector('.jp-Dialog');
  if (dialog) found.push('dialog: ' + (dialog.innerText || '').replace(/\\s+/g, ' ').slice(0, 240));
  return found;
}
"""


def _server(server: JupyterServer | None) -> JupyterServer:
    server = server or _default_server
    if server is None:
        raise HarnessError("no server given and no default JupyterLab started: use the `lab` fixture "
                           "or pass server=")
    return server


def _check_name(css_class: str, arg: str = "css_class") -> str:
    if not isinstance(css_class, str) or not re.fullmatch(r"-?[A-Za-z_][\w-]*", css_class):
        raise ValueError(f"{arg} must be one CSS class name such as 'nnl-weights-W1', got {css_class!r}")
    return css_class


def open_notebook(page, name: str, server: JupyterServer | None = None, timeout: float = OPEN_TIMEOUT) -> None:
    """Open notebook `name` (relative to the served folder) and wait until its kernel is idle.

    In JupyterLab each call uses a fresh workspace, so only this notebook is open. `server`
    defaults to the session's JupyterLab (the `lab` fixture); pass `notebook7` for Notebook 7.
    """
    if not isinstance(name, str) or not name.endswith(".ipynb"):
        raise ValueError(f"name must be a notebook file name ending in .ipynb, got {name!r}")
    server = _server(server)
    if server.kind == "voila":
        raise ValueError("server: open_notebook drives JupyterLab or Notebook 7; for Voilà use open_voila")
    if not (server.root / name).is_file():
        raise ValueError(f"name: {name!r} is not in the served folder {server.root} "
                         f"(has: {sorted(p.name for p in server.root.glob('*.ipynb'))})")
    page.nnl_notebook = name
    page.nnl_server = server
    if not hasattr(page, "nnl_opened"):
        page.nnl_opened = []
    page.nnl_opened.append((server, name))
    page.goto(server.notebook_url(name), wait_until="domcontentloaded", timeout=timeout * 1000)
    try:
        state = page.wait_for_function(_JS_KERNEL_IDLE, arg=name, timeout=timeout * 1000, polling=250).json_value()
    except Exception as exc:
        raise HarnessError(f"{name}: kernel not idle within {timeout:.0f} s in {server.name}; "
                           f"server log {server.log_path}:\n{server.log_tail(15)}") from exc
    if state != "ok":
        raise HarnessError(f"{name} in {server.name}: {state}")


def run_all(page, name: str | None = None, timeout: float = RUN_TIMEOUT) -> list[dict]:
    """Run all cells of the open notebook; wait until the kernel is idle and every non-empty code
    cell has an execution count, then until every widget output has rendered.

    Raises AssertionError naming the cells that did not run (with their errors) if a cell failed.
    Returns the per-cell report: [{index, source, count, errors, stderr}, ...].
    """
    name = name or getattr(page, "nnl_notebook", None)
    if not name:
        raise ValueError("name: no notebook given and none opened with open_notebook on this page")
    page.evaluate(_JS_START_RUN_ALL, name)
    try:
        state = page.wait_for_function(_JS_RUN_SETTLED, arg=name, timeout=timeout * 1000, polling=250).json_value()
    except Exception as exc:
        report = page.evaluate(_JS_CELL_REPORT, name)
        pending = [c["index"] for c in report if not c["empty"] and c["count"] is None]
        raise HarnessError(f"{name}: run-all did not finish within {timeout:.0f} s "
                           f"(cells without execution count: {pending})") from exc
    if state != "ok":
        raise HarnessError(f"{name}: while running all cells, {state}")
    report = page.evaluate(_JS_CELL_REPORT, name)
    missing = [c for c in report if not c["empty"] and c["count"] is None]
    errors = [c for c in report if c["errors"]]
    if missing or errors:
        lines = [f"{name}: not every code cell ran cleanly"]
        for c in errors:
            lines.append(f"  cell {c['index']} raised {c['errors']}: {c['source'][:120]!r}")
        for c in missing:
            lines.append(f"  cell {c['index']} has no execution count: {c['source'][:120]!r}")
        raise AssertionError("\n".join(lines))
    wait_widgets_rendered(page)
    return report


def wait_widgets_rendered(page, timeout: float = UI_TIMEOUT) -> None:
    """Wait until every widget output in the page has rendered (or shows its error)."""
    page.wait_for_function(_JS_WIDGETS_SETTLED, timeout=timeout * 1000, polling=100)


def close_notebook(page) -> None:
    """Shut down the kernels of the notebooks opened on this page (the `page` fixture does this at
    the end of every test, so kernels do not pile up on a shared machine)."""
    for server, name in getattr(page, "nnl_opened", []):
        if server.process is not None:
            try:
                server.shutdown_kernels(name)
            except (urllib.error.URLError, OSError):
                pass
    page.nnl_opened = []
    page.nnl_notebook = None


def kernel_idle(page, name: str | None = None) -> bool:
    """True if the kernel of the open notebook is connected and idle."""
    name = name or getattr(page, "nnl_notebook", None)
    return page.evaluate(_JS_KERNEL_IDLE, name) == "ok"


def wait_kernel_idle(page, name: str | None = None, timeout: float = RUN_TIMEOUT) -> None:
    """Wait until the kernel of the open notebook is idle (e.g. after clicking a 'train' button)."""
    name = name or getattr(page, "nnl_notebook", None)
    state = page.wait_for_function(_JS_KERNEL_IDLE, arg=name, timeout=timeout * 1000, polling=100).json_value()
    if state != "ok":
        raise HarnessError(f"{name}: {state}")


def visible_errors(page, allow_stderr: bool = True) -> list[str]:
    """Errors a person would see: error outputs, tracebacks, 'Error displaying widget', (stderr)."""
    found = list(page.evaluate(_JS_VISIBLE_ERRORS))
    name = getattr(page, "nnl_notebook", None)
    if name and page.evaluate("() => !!window.jupyterapp"):
        report = page.evaluate(_JS_CELL_REPORT, name)
        for c in report:
            found += [f"cell {c['index']}: {e}" for e in c["errors"]]
            if not allow_stderr:
                found += [f"cell {c['index']} stderr: {s}" for s in c["stderr"]]
    elif not allow_stderr:
        for el in page.locator('[data-mime-type="application/vnd.jupyter.stderr"]').all():
            found.append("stderr: " + el.inner_text()[:300])
    return found


def assert_no_errors(page, allow_stderr: bool = True) -> None:
    """Fail if the page shows an error output, a traceback or 'Error displaying widget'.
    With allow_stderr=False, any stderr output (warnings) fails too."""
    found = visible_errors(page, allow_stderr=allow_stderr)
    assert not found, "errors visible in the page:\n  " + "\n  ".join(found)


def widget(page, css_class: str, index: int = 0):
    """Locator of the element carrying `css_class` (the `index`-th if several; default first)."""
    _check_name(css_class)
    if not isinstance(index, int) or index < 0:
        raise ValueError(f"index must be an int >= 0, got {index!r}")
    return page.locator(f".{css_class}").nth(index)


def slider_handle(page, css_class: str, index: int = 0):
    """Locator of the draggable handle (.noUi-handle) of the ipywidgets slider with `css_class`."""
    return widget(page, css_class, index).locator(".noUi-handle").first


def slider_value(page, css_class: str, index: int = 0) -> float:
    """The slider's current value as the browser shows it, as a float: the handle's aria-valuetext
    (formatted like the readout, e.g. '0.53'), else its aria-valuenow (which noUiSlider rounds
    to one decimal, so it is only a fallback)."""
    handle = slider_handle(page, css_class, index)
    handle.wait_for(state="attached")
    text = handle.get_attribute("aria-valuetext") or handle.get_attribute("aria-valuenow")
    try:
        return float(str(text).replace("\u2212", "-"))
    except ValueError:
        raise AssertionError(f".{css_class}: slider shows {text!r}, not a number") from None


def slider_bounds(page, css_class: str, index: int = 0) -> tuple[float, float]:
    """(min, max) of the slider as the browser has them (aria-valuemin / aria-valuemax)."""
    handle = slider_handle(page, css_class, index)
    handle.wait_for(state="attached")
    return float(handle.get_attribute("aria-valuemin")), float(handle.get_attribute("aria-valuemax"))


def slider_press(page, css_class: str, key: str = "ArrowRight", times: int = 1, index: int = 0,
                 delay_ms: float = 0) -> None:
    """Focus the slider's handle and press `key` (e.g. 'ArrowRight', 'ArrowLeft', 'PageUp', 'Home')
    `times` times, as a student using the keyboard would."""
    if not isinstance(key, str) or not key:
        raise ValueError(f"key must be a Playwright key name such as 'ArrowRight', got {key!r}")
    if not isinstance(times, int) or times < 1:
        raise ValueError(f"times must be an int >= 1, got {times!r}")
    handle = slider_handle(page, css_class, index)
    handle.wait_for(state="visible")
    handle.focus()
    for _ in range(times):
        handle.press(key)
        if delay_ms:
            page.wait_for_timeout(delay_ms)


def set_readout(page, css_class: str, text, index: int = 0) -> None:
    """Type `text` into the editable readout of the slider with `css_class` and press Enter."""
    readout = widget(page, css_class, index).locator(".widget-readout").first
    readout.wait_for(state="visible")
    readout.click()
    readout.fill(str(text))
    readout.press("Enter")


def click_button(page, css_class: str, index: int = 0) -> None:
    """Click the button carrying `css_class` (the class may be on the <button> or on a box around it)."""
    _check_name(css_class)
    target = page.locator(f"button.{css_class}, .{css_class} button").nth(index)
    target.wait_for(state="visible")
    target.click()


def read_text(page, css_class: str, index: int = 0) -> str:
    """The visible text of the element with `css_class`, whitespace collapsed to single spaces."""
    el = widget(page, css_class, index)
    el.wait_for(state="attached")
    return " ".join(el.inner_text().split())


def image_src(page, css_class: str, index: int = 0) -> str:
    """The `src` of the image with `css_class` (a FigureView's image): it changes on every render."""
    _check_name(css_class)
    img = page.locator(f"img.{css_class}, .{css_class} img").nth(index)
    img.wait_for(state="attached")
    return img.get_attribute("src") or ""


def wait_for_text_change(page, css_class: str, old: str, timeout: float = UI_TIMEOUT, index: int = 0) -> str:
    """Wait until read_text(page, css_class) differs from `old`; return the new text."""
    return _wait_change(page, css_class, old, timeout, index, "text")


def wait_for_image_change(page, css_class: str, old: str, timeout: float = UI_TIMEOUT, index: int = 0) -> str:
    """Wait until image_src(page, css_class) differs from `old`; return the new src."""
    return _wait_change(page, css_class, old, timeout, index, "src")


def wait_for_text(page, css_class: str, expected: str, timeout: float = UI_TIMEOUT, index: int = 0) -> str:
    """Wait until read_text(page, css_class) equals `expected` (whitespace-collapsed); return it.
    On timeout, AssertionError shows the last text seen."""
    _check_name(css_class)
    want = " ".join(str(expected).split())
    deadline = time.monotonic() + timeout
    text = None
    while time.monotonic() < deadline:
        text = read_text(page, css_class, index)
        if text == want:
            return text
        page.wait_for_timeout(50)
    raise AssertionError(f".{css_class}: expected text {want!r} within {timeout:.0f} s, last seen {text!r}")


def _wait_change(page, css_class, old, timeout, index, what):
    _check_name(css_class)
    getter = read_text if what == "text" else image_src
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = getter(page, css_class, index)
        if now != old:
            return now
        page.wait_for_timeout(25)
    raise AssertionError(f".{css_class}: {what} did not change within {timeout:.0f} s "
                         f"(still {str(old)[:80]!r})")


# Every figure image of an explorer (a FigureView's ipywidgets.Image), loaded, with its pixel and CSS sizes.
_JS_FIGURES = """
() => [...document.querySelectorAll('img.widget-image')].map(img => {
  const rect = img.getBoundingClientRect();
  return {classes: [...img.classList].filter(c => c.startsWith('nnl-')).join(' ') || '(no nnl- class)',
          natural: img.naturalWidth, naturalHeight: img.naturalHeight, loaded: img.complete && img.naturalWidth > 0,
          css: rect.width, cssHeight: rect.height, dpr: window.devicePixelRatio};
})
"""


def figure_images(page, timeout: float = UI_TIMEOUT) -> list[dict]:
    """Every explorer figure in the page (the <img> of each FigureView), once all have loaded:
    [{classes, natural, naturalHeight, css, cssHeight, dpr}], natural* in image pixels, css* in CSS
    pixels as laid out on screen (0 for a figure that is hidden)."""
    page.wait_for_function(f"() => ({_JS_FIGURES})().every(f => f.loaded)", timeout=timeout * 1000, polling=100)
    return page.evaluate(_JS_FIGURES)


def assert_figures_sharp(page, min_ratio: float | None = None, expected: tuple[str, ...] = ()) -> list[dict]:
    """Fail unless every explorer figure on screen has at least `min_ratio` image pixels per CSS pixel
    of its on-screen width (default: the page's devicePixelRatio, 2 in these tests: one image pixel
    per device pixel, so text and lines are crisp on a HiDPI screen). `expected`: CSS classes of
    figures that must be among them (e.g. ("nnl-weights-figure",)). Returns the measurements."""
    figures = figure_images(page)
    shown = [f for f in figures if f["css"] > 0]
    ratio = float(min_ratio if min_ratio is not None else page.evaluate("() => window.devicePixelRatio"))
    missing = [c for c in expected if not any(c in f["classes"].split() for f in shown)]
    assert not missing, f"no explorer figure on screen with class {missing}; figures: {figures}"
    assert shown, "no explorer figure on screen"
    blurry = [f"{f['classes']}: {f['natural']} image px for {f['css']:.0f} CSS px "
              f"({f['natural'] / f['css']:.2f} per CSS px)" for f in shown if f["natural"] < ratio * f["css"] - 0.5]
    assert not blurry, (f"figures with fewer than {ratio:g} image pixels per CSS pixel (blurry at device scale "
                        f"factor {shown[0]['dpr']:g}):\n  " + "\n  ".join(blurry))
    flat = [f["classes"] for f in shown if f["cssHeight"] < 20 or abs(
        f["cssHeight"] / f["css"] - f["naturalHeight"] / f["natural"]) > 0.02]
    assert not flat, f"figures drawn out of proportion or squashed: {flat}"
    return shown


def screenshot(page, name: str, locator=None, directory: Path = SCREENSHOTS) -> Path:
    """Save a PNG to test-artifacts/screenshots/<name>.png (of `locator` if given, else the page)."""
    if not isinstance(name, str) or not re.fullmatch(r"[\w.-]+", name):
        raise ValueError(f"name must be a file stem of letters, digits, '.', '_' or '-', got {name!r}")
    path = Path(directory) / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    if locator is not None:
        locator.scroll_into_view_if_needed()
        locator.screenshot(path=str(path))
    else:
        page.screenshot(path=str(path), full_page=False)
    return path


def open_voila(page, server: JupyterServer, timeout: float = RUN_TIMEOUT) -> None:
    """Load a Voilà app (its notebook runs on load) and wait until it is rendered and its widgets are up."""
    if not isinstance(server, JupyterServer) or server.kind != "voila":
        raise ValueError(f"server must be a running Voilà JupyterServer, got {server!r}")
    page.goto(server.url, wait_until="domcontentloaded", timeout=timeout * 1000)
    page.wait_for_function(
        """() => document.readyState === 'complete' && !document.querySelector('#loading:not([style*="none"])')
                 && document.querySelector('.jp-OutputArea-output, .jupyter-widgets') !== null""",
        timeout=timeout * 1000, polling=250)
    # Voilà fills the page as the outputs arrive: wait until as many widgets are on screen as the
    # stored notebook displays (its widget-view outputs), not just the first few.
    expected = stored_widget_views(server.root / server.notebook)
    page.wait_for_function(
        """(n) => [...document.querySelectorAll('.jp-OutputArea-output')].filter(
                     o => o.querySelector(':scope > .jupyter-widgets')
                          || (o.textContent || '').includes('Error displaying widget')).length >= n""",
        arg=expected, timeout=timeout * 1000, polling=250)
    wait_widgets_rendered(page, timeout=UI_TIMEOUT)


def stored_widget_views(path: Path) -> int:
    """How many widget views a stored notebook displays (its outputs of the widget-view type)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    return sum(1 for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
               if "application/vnd.jupyter.widget-view+json" in o.get("data", {}))


# ----------------------------------------------------------------------------- demo notebook

DEMO_NOTEBOOK = "nnl_demo.ipynb"


def make_demo_notebook(path: Path) -> Path:
    """Write a small notebook that exercises the harness: an IntSlider (class nnl-demo-slider, 0..10,
    starting at 3), an HTML readout (nnl-demo-readout: 'w = 3, w² = 9') updated by observe, and a
    FigureView image (nnl-demo-figure) whose point moves with the slider. It also prints the number
    of penguins, proving the kernel imports nnlesson and finds the repo's data."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    cells = [
        new_markdown_cell("# Harness demo\nA slider, a readout and a figure, for the browser-test harness.\n\n"
                          "Prose may mention a *Traceback (most recent call last)* or an *Error displaying "
                          "widget* message without the error checks firing: they read outputs only."),
        new_code_cell("import ipywidgets as widgets\nimport numpy as np\nimport nnlesson as nl\n"
                      "from nnlesson.widgets.base import FigureView"),
        new_code_cell("print('penguins:', len(nl.load_penguins().y))"),
        new_code_cell(
            "view = FigureView(figsize=(4, 2.5), dpi=80, css_class='nnl-demo-figure')\n"
            "ax = view.figure.add_subplot(111)\n"
            "xs = np.linspace(0, 10, 101)\n"
            "ax.plot(xs, xs ** 2, color=nl.plots.OKABE_ITO['blue'])\n"
            "ax.set_xlabel('w'); ax.set_ylabel('w²')\n"
            "view.figure.tight_layout()\n"
            "(point,) = ax.plot([3], [9], 'o', color=nl.plots.OKABE_ITO['vermillion'], markersize=10)\n"
            "view.animate(point)\n"
            "slider = widgets.IntSlider(value=3, min=0, max=10, description='w', continuous_update=True)\n"
            "slider.add_class('nnl-demo-slider')\n"
            "readout = widgets.HTML('w = 3, w² = 9')\n"
            "readout.add_class('nnl-demo-readout')\n"
            "def update(change=None):\n"
            "    w = slider.value\n"
            "    readout.value = f'w = {w}, w² = {w * w}'\n"
            "    point.set_data([w], [w * w])\n"
            "    view.render()\n"
            "slider.observe(update, names='value')\n"
            "view.render(full=True)\n"
            "scale = widgets.FloatSlider(value=0.5, min=0, max=2, step=0.01, description='scale')\n"
            "scale.add_class('nnl-demo-scale')\n"
            "scaled = widgets.HTML()\n"
            "scaled.add_class('nnl-demo-scaled')\n"
            "def update_scaled(change=None):\n"
            "    scaled.value = f'scale × w² = {nl.plots.fmt(scale.value * slider.value ** 2)}'\n"
            "scale.observe(update_scaled, names='value')\n"
            "slider.observe(update_scaled, names='value')\n"
            "update_scaled()\n"
            "box = widgets.VBox([slider, readout, view.image, scale, scaled])\n"
            "box.add_class('nnl-demo')\n"
            "box"),
        new_code_cell("button = widgets.Button(description='Reset')\nbutton.add_class('nnl-demo-reset')\n"
                      "button.on_click(lambda b: setattr(slider, 'value', 0))\nbutton"),
    ]
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
        "language_info": {"name": "python"}})
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path

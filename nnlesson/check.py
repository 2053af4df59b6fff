"""`python -m nnlesson check`: is this computer ready for the lessons?

Checks, in order, and prints a checklist with what to fix:

1. Python is 3.10 or newer.
2. The packages the lessons need are installed, in the version ranges pyproject.toml declares
   (read back from nnlesson's installed metadata: the runtime dependencies and the `lessons`
   extra). numpy, matplotlib, pillow, ipywidgets, packaging, ipykernel, jupyterlab and jupytext
   are required; notebook and voila are optional: a warning only.
3. The widget front-end for JupyterLab is installed (the @jupyter-widgets/jupyterlab-manager
   lab extension, shipped by the jupyterlab_widgets package) and a python3 kernel is registered;
   nnlesson.server (kernel messages without Nagle's delay) is enabled: a warning only.
4. The data files are present and intact: their SHA-256 checksums match data/SHA256SUMS (an
   installed wheel carries both as nnlesson/datasets/).
5. nnlesson's own quick self-test passes: backpropagation agrees with numerical gradients on
   a tiny network, and one gradient-descent step lowers the error.

Exit code 0 when everything needed is fine (warnings allowed), 1 when something must be fixed.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

MIN_PYTHON = (3, 10)
PACKAGE = Path(__file__).resolve().parent
REPO = PACKAGE.parent
DIST = "nnlesson"
# The extra of pyproject.toml whose packages the lessons need (the `dev` extra is for the tests).
LESSON_EXTRA = "lessons"
# jupytext is required: every lesson is a jupytext pair (NN_name.ipynb + NN_name.md, see the
# notebooks' `formats: ipynb,md:myst`). Without it, saving a notebook in JupyterLab updates only the
# .ipynb, and its .md twin, where the lesson text is edited, silently falls out of step.
REQUIRED = ("numpy", "matplotlib", "pillow", "ipywidgets", "packaging", "ipykernel", "jupyterlab", "jupytext")
OPTIONAL = {"notebook": "only needed to use Jupyter Notebook 7 instead of JupyterLab",
            "voila": "only needed for app mode on a projector (voila notebooks/<lesson>.ipynb)"}
DATA_FILES = ("penguins.csv", "digits.csv", "wine.csv")
CHECKOUT_DATA = REPO / "data"  # a checkout or an editable install
PACKAGED_DATA = PACKAGE / "datasets"  # the copy of data/ a built wheel carries
WIDGET_EXTENSION = ("@jupyter-widgets", "jupyterlab-manager")


@dataclass
class Check:
    """One line of the checklist: `ok`, what was found, and how to fix it if not."""

    name: str
    ok: bool
    detail: str
    fix: str = ""
    required: bool = True

    @property
    def problem(self):
        return self.required and not self.ok


# -- versions -------------------------------------------------------------------------------------
def tested_ranges(requires=None, extras=(LESSON_EXTRA,)):
    """{package: SpecifierSet}: the version ranges the lessons are tested with.

    They are read from nnlesson's installed metadata (pyproject.toml is their one home):
    `requires` defaults to importlib.metadata.requires("nnlesson"), strings such as
    'numpy<3,>=1.26' and 'jupyterlab<5,>=4.2; extra == "lessons"'. Kept: the runtime
    dependencies and those of `extras` whose environment markers hold here; the `dev` extra (the
    test tools) is left out. Names are normalised ('Pillow' → 'pillow').
    Raises metadata.PackageNotFoundError when nnlesson is not installed, and
    packaging's InvalidRequirement (a ValueError) for a line that is not a requirement.
    """
    if requires is None:
        requires = metadata.requires(DIST) or []
    environments = [{"extra": ""}] + [{"extra": extra} for extra in extras]
    ranges = {}
    for line in requires:
        req = Requirement(line)
        name = canonicalize_name(req.name)
        if name == DIST:  # nnlesson[lessons] inside the dev extra
            continue
        if req.marker is not None and not any(req.marker.evaluate(env) for env in environments):
            continue
        ranges[name] = ranges.get(name, SpecifierSet()) & req.specifier
    return ranges


def in_range(version, spec, prereleases=True):
    """Whether an installed `version` lies in `spec` (a SpecifierSet or text such as '>=1.26,<3').

    PEP 440 ordering, as `pip check` does it: a pre-release sorts before its release, so 8.1.0rc1
    is *not* in '>=8.1,<9' and 9.0.0rc1 is not in '<9'; a pre-release that lies inside the range
    (8.2.0rc1) counts unless prereleases=False. Raises ValueError (packaging's InvalidSpecifier or
    InvalidVersion) for text that is not a PEP 440 specifier or version.
    """
    spec = spec if isinstance(spec, SpecifierSet) else SpecifierSet(spec)
    return spec.contains(Version(str(version)), prereleases=prereleases)


def show_range(spec):
    """'>=1.26,<3': a specifier set written lower bound first (packaging sorts it '<3,>=1.26')."""
    order = {">": 0, ">=": 0, "~=": 1, "==": 1, "===": 1, "!=": 2, "<=": 3, "<": 3}
    spec = spec if isinstance(spec, SpecifierSet) else SpecifierSet(spec)
    return ",".join(str(s) for s in sorted(spec, key=lambda s: (order.get(s.operator, 1), str(s))))


def check_python(version_info=None):
    v = tuple(version_info or sys.version_info[:3])
    text = ".".join(str(p) for p in v[:3])
    ok = v[:2] >= MIN_PYTHON
    return Check("Python", ok, f"Python {text} (the lessons need {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer)",
                 "" if ok else "install Python 3.10 or newer, then recreate the virtual environment: "
                 "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt")


def check_package(name, spec="", required=True, why=""):
    """One package: installed, and in `spec` (a SpecifierSet or text; empty: any version)."""
    spec = show_range(spec)
    try:
        version = metadata.version(name)
    except metadata.PackageNotFoundError:
        return Check(name, False, f"{name} is not installed" + (f" ({why})" if why else ""),
                     f"pip install '{name}{spec}'  (or: pip install -r requirements.txt)", required)
    try:
        ok = in_range(version, spec)
    except InvalidVersion:
        return Check(name, False, f"{name} {version}: not a version number pip understands, so its range "
                     f"cannot be checked (the lessons are tested with {name}{spec})",
                     f"pip install --force-reinstall '{name}{spec}'", required)
    tested = f" (tested range {spec})" if spec else ""
    detail = f"{name} {version}" + (tested if ok else f", but the lessons are tested with {name}{spec}")
    return Check(name, ok, detail, "" if ok else f"pip install '{name}{spec}'", required)


def check_packages(ranges=None):
    """REQUIRED, then anything else nnlesson's metadata lists (as required), then OPTIONAL."""
    checks = []
    if ranges is None:
        try:
            ranges = tested_ranges()
        except metadata.PackageNotFoundError:
            checks.append(Check(DIST, False, "nnlesson itself is not installed, so the notebooks cannot import it "
                                "and its tested version ranges are unknown",
                                "pip install -r requirements.txt  (in the repository folder)"))
            ranges = {}
    extra = [name for name in ranges if name not in REQUIRED and name not in OPTIONAL]
    for name in (*REQUIRED, *extra):
        checks.append(check_package(name, ranges.get(name, "")))
    for name, why in OPTIONAL.items():
        checks.append(check_package(name, ranges.get(name, ""), required=False, why=why))
    return checks


# -- the widget front-end ---------------------------------------------------------------------------
def labextension_dirs():
    """Folders where JupyterLab looks for pre-built extensions (sys.prefix first)."""
    dirs = [Path(sys.prefix) / "share" / "jupyter" / "labextensions"]
    try:
        from jupyter_core.paths import jupyter_path
        dirs += [Path(p) for p in jupyter_path("labextensions")]
    except ImportError:
        pass
    seen, unique = set(), []
    for d in dirs:
        if d not in seen:
            seen.add(d)
            unique.append(d)
    return unique


def check_widget_frontend(dirs=None):
    """The @jupyter-widgets/jupyterlab-manager lab extension, matching ipywidgets 8 (its version 5)."""
    for d in dirs if dirs is not None else labextension_dirs():
        package = Path(d).joinpath(*WIDGET_EXTENSION) / "package.json"
        if package.is_file():
            try:
                version = json.loads(package.read_text()).get("version", "?")
            except (OSError, ValueError):
                version = "?"
            try:
                ok = Version(version).major >= 5
            except InvalidVersion:
                ok = False
            return Check("widget front-end", ok,
                         f"JupyterLab widget extension {'/'.join(WIDGET_EXTENSION)} {version} in {d}",
                         "" if ok else "pip install -U 'jupyterlab_widgets>=3' 'ipywidgets>=8.1,<9' "
                         "(the extension must match ipywidgets 8), then restart JupyterLab")
    return Check("widget front-end", False,
                 "the JupyterLab widget extension @jupyter-widgets/jupyterlab-manager is not installed: "
                 "sliders and figures would show as text such as 'IntSlider(value=0)'",
                 "pip install 'ipywidgets>=8.1,<9' (it brings jupyterlab_widgets), then restart JupyterLab; "
                 "`jupyter labextension list` should then show @jupyter-widgets/jupyterlab-manager")


def check_kernel():
    try:
        from jupyter_client.kernelspec import find_kernel_specs
        specs = find_kernel_specs()
    except Exception as exc:  # jupyter_client missing or broken
        return Check("python3 kernel", False, f"cannot list Jupyter kernels: {exc}",
                     "pip install -r requirements.txt")
    ok = "python3" in specs
    return Check("python3 kernel", ok,
                 "a python3 kernel is registered" if ok else "no python3 kernel is registered for Jupyter",
                 "" if ok else "python -m ipykernel install --sys-prefix")


def check_server_extension(config_path=None):
    """nnlesson.server (kernel messages without Nagle's delay) enabled in Jupyter's server config:
    optional, a warning only; without it every control answers 15–25 ms later."""
    name = "nnlesson.server"
    try:
        from jupyter_core.paths import jupyter_config_path
        from jupyter_server.extension.config import ExtensionConfigManager
        paths = jupyter_config_path() if config_path is None else list(config_path)
        enabled = ExtensionConfigManager(read_config_path=paths).enabled(name)
    except Exception as exc:  # jupyter_server missing or its config unreadable
        return Check("server extension", False, f"cannot read Jupyter's server config: {exc}",
                     "pip install -r requirements.txt", required=False)
    return Check("server extension", enabled,
                 f"{name} is enabled: kernel messages reach the browser without delay" if enabled else
                 f"{name} is not enabled: the controls still work, each answer 15–25 ms later",
                 "" if enabled else "pip install ./jupyter-config (from the repository), or "
                 f"jupyter server extension enable --sys-prefix {name}", required=False)


# -- data ---------------------------------------------------------------------------------------------
def sha256(path, chunk=1 << 16):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(chunk), b""):
            digest.update(block)
    return digest.hexdigest()


def read_sums(path):
    """{file name: sha256} from a SHA256SUMS file (lines 'hexdigest  name')."""
    sums = {}
    for line in Path(path).read_text().splitlines():
        parts = line.strip().split()
        if len(parts) == 2 and re.fullmatch(r"[0-9a-f]{64}", parts[0]):
            sums[parts[1].lstrip("*")] = parts[0]
    return sums


def check_data(folder=None):
    """Every data file present, with the checksum data/SHA256SUMS lists.

    `folder` defaults to nnlesson.data.data_dir(): $NNLESSON_DATA, else the copy an installed wheel
    carries (nnlesson/datasets/), else the repository's data/.
    """
    from .data import data_dir

    folder = Path(folder) if folder is not None else data_dir()
    checkout = folder.resolve() == CHECKOUT_DATA
    packaged = folder.resolve() == PACKAGED_DATA
    where = f"{folder}" + ("" if checkout or packaged else " (set by NNLESSON_DATA)")
    reinstall = ("reinstall nnlesson: pip install --force-reinstall --no-deps <the wheel or folder it was "
                 "installed from>")
    sums_path = folder / "SHA256SUMS"
    if not sums_path.is_file():
        sums_path = next((d / "SHA256SUMS" for d in (PACKAGED_DATA, CHECKOUT_DATA) if (d / "SHA256SUMS").is_file()),
                         sums_path)
    if not sums_path.is_file():
        return [Check("data checksums", False,
                      f"no SHA256SUMS list found in {where} or in the repository or the installed package",
                      reinstall if packaged else
                      "restore data/SHA256SUMS from the repository (git checkout data/SHA256SUMS)")]
    sums = read_sums(sums_path)
    checks = []
    for name in sorted(set(DATA_FILES) | set(sums)):
        path = folder / name
        restore = (f"restore it: git checkout data/{name}" if checkout else reinstall if packaged else
                   f"copy data/{name} from the repository into {folder}, or unset NNLESSON_DATA")
        if not path.is_file():
            checks.append(Check(f"data/{name}", False, f"data file {name} is missing from {where}", restore))
        elif name not in sums:
            checks.append(Check(f"data/{name}", False, f"{name} has no checksum in {sums_path}",
                                reinstall if packaged else "restore data/SHA256SUMS from the repository"))
        elif sha256(path) != sums[name]:
            checks.append(Check(f"data/{name}", False,
                                f"data file {name} in {where} is damaged or changed: its SHA-256 checksum does "
                                f"not match {sums_path.name}", restore))
        else:
            checks.append(Check(f"data/{name}", True, f"{name} present and intact (SHA-256 matches)"))
    return checks


# -- self-test ------------------------------------------------------------------------------------------
def check_self_test():
    """A tiny gradient check and one training step: the engine computes what the lessons say."""
    try:
        import numpy as np

        from . import gradient_check, one_hot
        from .network import Network

        rng = np.random.default_rng(0)
        net = Network([3, 4, 3], hidden="tanh", output="softmax", seed=0)
        X = rng.normal(size=(5, 3))
        Y, _ = one_hot([0, 1, 2, 1, 0])
        result = gradient_check(net, X, Y, loss="cross_entropy")
        before = net.loss(X, Y, "cross_entropy")
        net.update(net.backward(X, Y, "cross_entropy"), lr=0.1)
        after = net.loss(X, Y, "cross_entropy")
    except Exception as exc:  # a broken install shows up here
        return Check("self-test", False, f"nnlesson's self-test raised {type(exc).__name__}: {exc}",
                     "reinstall: pip install -r requirements.txt (it installs nnlesson in editable mode)")
    ok = result.passed and after < before
    detail = (f"backpropagation matches numerical gradients (largest relative error {result.max_error:.1e}); "
              f"one step lowers the error {before:.4f} → {after:.4f}")
    return Check("self-test", ok, detail, "" if ok else "nnlesson's engine is broken: reinstall it from the repository")


# -- all together ---------------------------------------------------------------------------------------
def run_checks():
    checks = [check_python()]
    checks += check_packages()
    checks.append(check_widget_frontend())
    checks.append(check_kernel())
    checks.append(check_server_extension())
    checks += check_data()
    checks.append(check_self_test())
    return checks


def _marks(stream):
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        "✔✘⚠".encode(encoding)
        return "✔", "✘", "⚠"
    except (UnicodeEncodeError, LookupError):
        return "OK", "XX", "!!"


def report(checks, stream=None):
    """Print the checklist; return the exit code (0 healthy, 1 something to fix)."""
    stream = stream or sys.stdout
    good, bad, warn = _marks(stream)
    print("nnlesson environment check", file=stream)
    for c in checks:
        mark = good if c.ok else (bad if c.required else warn)
        print(f"  {mark} {c.detail}", file=stream)
        if not c.ok and c.fix:
            print(f"      fix: {c.fix}", file=stream)
    problems = [c for c in checks if c.problem]
    warnings = [c for c in checks if not c.ok and not c.required]
    if problems:
        print(f"\n{bad} {len(problems)} problem{'s' if len(problems) != 1 else ''} to fix before the lessons will "
              "work (see 'fix:' above).", file=stream)
        return 1
    extra = f" ({len(warnings)} optional item{'s' if len(warnings) != 1 else ''} missing)" if warnings else ""
    print(f"\n{good} Ready: everything the lessons need is in place{extra}.", file=stream)
    return 0


def main(argv=None):
    return report(run_checks())

"""Packaging: the sdist and wheel carry the datasets, so a plain (non-editable) install works anywhere.

The data lives once in git, in data/; pyproject.toml maps it into the package as nnlesson.datasets
(`[tool.setuptools.package-dir]`), so a built wheel holds nnlesson/datasets/*.csv and SHA256SUMS.
The build runs offline (`python -m build --no-isolation`, with build and setuptools from the `dev`
extra): first the sdist, then the wheel from the sdist, exactly as pip would install an sdist.
"""

import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA_FILES = ("penguins.csv", "digits.csv", "wine.csv", "SHA256SUMS", "README.md")
# What the copy of the repository leaves out: environments, caches and earlier build output.
IGNORE = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
                                ".hypothesis", ".ipynb_checkpoints", "test-artifacts")


def env_without_nnlesson_data(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("NNLESSON_DATA", "PYTHONPATH")}
    env.update(extra)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(sdist, wheel, tmp): built from a copy of the repository, since a setuptools build writes
    build/ and nnlesson.egg-info/ into the folder it builds from (others may be working in it)."""
    tmp = tmp_path_factory.mktemp("packaging")
    source = tmp / "source"
    shutil.copytree(REPO, source, ignore=IGNORE)
    out = tmp / "dist"
    result = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(source)],
                            capture_output=True, text=True, timeout=600, env=env_without_nnlesson_data())
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    (sdist,), (wheel,) = list(out.glob("*.tar.gz")), list(out.glob("*.whl"))
    return sdist, wheel, tmp


def test_wheel_carries_the_datasets_and_every_module(built):
    _, wheel, _ = built
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        for name in DATA_FILES:
            assert f"nnlesson/datasets/{name}" in names, name
            assert zf.read(f"nnlesson/datasets/{name}") == (REPO / "data" / name).read_bytes(), name
    # pyproject.toml lists the packages by hand: a new subpackage must not be left out of the wheel
    modules = {p.relative_to(REPO).as_posix() for p in (REPO / "nnlesson").rglob("*.py")}
    assert modules <= names, sorted(modules - names)
    assert not any(n.startswith("data/") for n in names)  # inside the package, not a top-level data/


def test_sdist_carries_the_data_folder(built):
    sdist, _, _ = built
    with tarfile.open(sdist) as tf:
        names = {n.split("/", 1)[1] for n in tf.getnames() if "/" in n}
    for name in DATA_FILES:
        assert f"data/{name}" in names, name
    assert "pyproject.toml" in names


def test_installed_wheel_loads_the_data_from_any_folder(built):
    _, wheel, tmp = built
    site = tmp / "site"
    result = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                             "--target", str(site), str(wheel)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    script = """if True:
        import json, os, tempfile
        import nnlesson as nl
        from nnlesson.check import check_data
        from nnlesson.data import data_dir
        found = {"file": nl.__file__, "data_dir": str(data_dir()),
                 "penguins": len(nl.load_penguins().X), "digits": len(nl.load_digits().X),
                 "check_data": [c.ok for c in check_data()]}
        with tempfile.TemporaryDirectory() as empty:  # NNLESSON_DATA still wins
            os.environ["NNLESSON_DATA"] = empty
            found["override"] = str(data_dir()) == empty
            try:
                nl.load_digits()
            except FileNotFoundError as exc:
                found["error"] = str(exc)
        print(json.dumps(found))
    """
    env = env_without_nnlesson_data(PYTHONPATH=str(site))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=elsewhere,
                            env=env, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert Path(found["file"]).is_relative_to(site), found["file"]  # the wheel's copy, not the repository
    assert Path(found["data_dir"]) == site / "nnlesson" / "datasets"
    assert found["penguins"] == 342 and found["digits"] == 1797
    assert found["check_data"] == [True, True, True]
    assert found["override"] and "dataset 'digits.csv' not found" in found["error"]

    # the whole checklist from the installed wheel: ranges from its metadata, data checksums from its copy
    result = subprocess.run([sys.executable, "-m", "nnlesson", "check"], capture_output=True, text=True,
                            cwd=elsewhere, env=env, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "digits.csv present and intact" in result.stdout and "penguins.csv present and intact" in result.stdout
    assert "numpy" in result.stdout and "tested range >=1.26,<3" in result.stdout

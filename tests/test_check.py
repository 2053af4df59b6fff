"""`python -m nnlesson check`: a healthy setup passes, a broken one says what to fix and exits 1."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nnlesson import check

REPO = Path(__file__).resolve().parent.parent


def run_check(env_extra=None):
    env = dict(os.environ)
    env.pop("NNLESSON_DATA", None)
    env.update(env_extra or {})
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run([sys.executable, "-m", "nnlesson", "check"], capture_output=True, text=True,
                          env=env, cwd=REPO, timeout=120)


def test_healthy_setup_exits_0():
    result = run_check()
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "✘" not in out
    for item in ("Python 3.", "numpy", "matplotlib", "ipywidgets", "ipykernel", "jupyterlab",
                 "@jupyter-widgets/jupyterlab-manager", "digits.csv present and intact",
                 "penguins.csv present and intact", "backpropagation matches numerical gradients"):
        assert item in out, item
    assert "Ready" in out


def test_missing_and_damaged_data_exit_1_with_a_clear_message(tmp_path):
    shutil.copy(REPO / "data" / "SHA256SUMS", tmp_path / "SHA256SUMS")
    damaged = (REPO / "data" / "penguins.csv").read_bytes().replace(b"Adelie", b"Adelia", 1)
    (tmp_path / "penguins.csv").write_bytes(damaged)
    # digits.csv is left out on purpose
    result = run_check({"NNLESSON_DATA": str(tmp_path)})
    assert result.returncode == 1, result.stdout
    out = result.stdout
    assert f"✘ data file digits.csv is missing from {tmp_path} (set by NNLESSON_DATA)" in out
    assert "✘ data file penguins.csv" in out and "damaged or changed" in out
    assert f"fix: copy data/digits.csv from the repository into {tmp_path}, or unset NNLESSON_DATA" in out
    assert "2 problems to fix" in out
    # the rest of the checklist still ran
    assert "backpropagation matches numerical gradients" in out


def test_data_without_checksum_list_uses_the_repository_list(tmp_path):
    shutil.copy(REPO / "data" / "digits.csv", tmp_path / "digits.csv")
    shutil.copy(REPO / "data" / "penguins.csv", tmp_path / "penguins.csv")
    checks = check.check_data(tmp_path)
    assert all(c.ok for c in checks) and len(checks) == 2


def test_no_arguments_prints_help():
    result = subprocess.run([sys.executable, "-m", "nnlesson"], capture_output=True, text=True, cwd=REPO,
                            timeout=60)
    assert result.returncode == 2
    assert "check" in result.stdout


def test_versions_and_requirements():
    assert check.version_tuple("8.1.0rc1") == (8, 1, 0)
    assert check.satisfies("1.26.4", ">=1.26,<3")
    assert not check.satisfies("3.0", ">=1.26,<3")
    assert not check.satisfies("1.25.9", ">=1.26,<3")
    assert check.satisfies("0.5.8", ">=0.5.8,<0.6") and not check.satisfies("0.6.0", ">=0.5.8,<0.6")
    with pytest.raises(ValueError, match="cannot read"):
        check.satisfies("1.0", "about 1")
    reqs = check.read_requirements()
    assert reqs["numpy"] == ">=1.26,<3" and "voila" in reqs and "-e" not in reqs
    assert check.read_requirements("/nonexistent/requirements.txt") == check.FALLBACK_REQUIREMENTS


def test_python_and_package_checks():
    assert check.check_python((3, 11, 2)).ok
    old = check.check_python((3, 9, 18))
    assert not old.ok and "3.9.18" in old.detail and "3.10" in old.fix
    missing = check.check_package("surely-not-installed-pkg", ">=1")
    assert not missing.ok and missing.problem and "not installed" in missing.detail
    optional = check.check_package("surely-not-installed-pkg", ">=1", required=False)
    assert not optional.ok and not optional.problem
    too_new = check.check_package("numpy", "<1")
    assert not too_new.ok and "tested with numpy<1" in too_new.detail


def test_widget_frontend_found_missing_or_too_old(tmp_path):
    assert not check.check_widget_frontend([tmp_path]).ok
    ext = tmp_path.joinpath("@jupyter-widgets", "jupyterlab-manager")
    ext.mkdir(parents=True)
    (ext / "package.json").write_text(json.dumps({"version": "3.1.0"}))
    old = check.check_widget_frontend([tmp_path])
    assert not old.ok and "must match ipywidgets 8" in old.fix
    (ext / "package.json").write_text(json.dumps({"version": "5.0.16"}))
    assert check.check_widget_frontend([tmp_path]).ok


def test_report_exit_codes(capsys):
    good = check.Check("a", True, "fine")
    optional = check.Check("b", False, "voila missing", "pip install voila", required=False)
    bad = check.Check("c", False, "broken", "fix it")
    assert check.report([good, optional]) == 0
    out = capsys.readouterr().out
    assert "⚠ voila missing" in out and "1 optional item missing" in out
    assert check.report([good, bad]) == 1
    out = capsys.readouterr().out
    assert "✘ broken" in out and "fix: fix it" in out and "1 problem to fix" in out


def test_self_test_passes():
    result = check.check_self_test()
    assert result.ok, result.detail

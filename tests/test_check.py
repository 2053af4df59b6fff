"""`python -m nnlesson check`: a healthy setup passes, a broken one says what to fix and exits 1."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

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
                 "penguins.csv present and intact", "wine.csv present and intact", "backpropagation matches numerical gradients"):
        assert item in out, item
    assert "Ready" in out


def test_missing_and_damaged_data_exit_1_with_a_clear_message(tmp_path):
    shutil.copy(REPO / "data" / "SHA256SUMS", tmp_path / "SHA256SUMS")
    damaged = (REPO / "data" / "penguins.csv").read_bytes().replace(b"Adelie", b"Adelia", 1)
    (tmp_path / "penguins.csv").write_bytes(damaged)
    shutil.copy(REPO / "data" / "wine.csv", tmp_path / "wine.csv")
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
    shutil.copy(REPO / "data" / "wine.csv", tmp_path / "wine.csv")
    checks = check.check_data(tmp_path)
    assert all(c.ok for c in checks) and len(checks) == 3


def test_no_arguments_prints_help():
    result = subprocess.run([sys.executable, "-m", "nnlesson"], capture_output=True, text=True, cwd=REPO,
                            timeout=60)
    assert result.returncode == 2
    assert "check" in result.stdout


def test_tested_ranges_come_from_the_installed_metadata():
    ranges = check.tested_ranges()
    assert ranges["numpy"] == SpecifierSet(">=1.26,<3")
    assert ranges["voila"] == SpecifierSet(">=0.5.8,<0.6")  # the lessons extra
    assert ranges["jupytext"] == SpecifierSet(">=1.16,<2")
    assert set(check.REQUIRED) | set(check.OPTIONAL) <= set(ranges)
    assert "pytest" not in ranges and "nnlesson" not in ranges  # the dev extra is for the tests


def test_installed_metadata_matches_pyproject():
    """A stale install (pyproject.toml edited, not reinstalled) would make `check` use old ranges."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["lessons"]
    ranges = check.tested_ranges()
    for line in declared:
        req = Requirement(line)
        assert ranges[req.name] == req.specifier, f"{line}: reinstall with pip install -r requirements-dev.txt"


def test_tested_ranges_read_markers_and_extras():
    lines = ["numpy<3,>=1.26", "Pillow>=10", "pillow<14",
             'jupyterlab<5,>=4.2; extra == "lessons"', 'pytest<10,>=8; extra == "dev"',
             'nnlesson[lessons]; extra == "dev"', 'tomli>=2; python_version < "3.0"',
             'voila<0.6,>=0.5.8; extra == "lessons" and python_version >= "3.0"']
    ranges = check.tested_ranges(lines)
    assert ranges == {"numpy": SpecifierSet(">=1.26,<3"), "pillow": SpecifierSet(">=10,<14"),
                      "jupyterlab": SpecifierSet(">=4.2,<5"), "voila": SpecifierSet(">=0.5.8,<0.6")}
    assert set(check.tested_ranges(lines, extras=())) == {"numpy", "pillow"}
    assert "pytest" in check.tested_ranges(lines, extras=("dev",))
    with pytest.raises(ValueError):
        check.tested_ranges(["numpy >=> 1"])


def test_in_range_follows_pep440_with_prereleases():
    assert check.in_range("1.26.4", ">=1.26,<3")
    assert not check.in_range("3.0", ">=1.26,<3") and not check.in_range("1.25.9", ">=1.26,<3")
    assert check.in_range("0.5.8", ">=0.5.8,<0.6") and not check.in_range("0.6.0", ">=0.5.8,<0.6")
    # a pre-release comes before its release: 8.1.0rc1 is older than 8.1, 9.0.0rc1 is not below 9
    assert not check.in_range("8.1.0rc1", ">=8.1,<9")
    assert not check.in_range("8.1.0.dev3", ">=8.1,<9")
    assert not check.in_range("9.0.0rc1", ">=8.1,<9")
    # inside the range, an installed pre-release counts (as with `pip check`), unless asked not to
    assert check.in_range("8.2.0rc1", ">=8.1,<9")
    assert not check.in_range("8.2.0rc1", ">=8.1,<9", prereleases=False)
    assert check.in_range("8.1.9", SpecifierSet(">=8.1,<9"))
    assert check.in_range("1.0", "")  # no range: any version
    with pytest.raises(ValueError):
        check.in_range("1.0", "about 1")  # a malformed specifier
    with pytest.raises(ValueError):
        check.in_range("1.0", "=>1.26,<3")  # operator back to front
    with pytest.raises(ValueError):
        check.in_range("one point two", ">=1")


def test_show_range_puts_the_lower_bound_first():
    assert check.show_range(SpecifierSet("<3,>=1.26")) == ">=1.26,<3"
    assert check.show_range("!=2.0,<3,>=1") == ">=1,!=2.0,<3"
    assert check.show_range("") == ""


def test_prerelease_and_unreadable_versions_in_the_checklist(monkeypatch):
    monkeypatch.setattr(check.metadata, "version", lambda name: "8.1.0rc1")
    early = check.check_package("ipywidgets", ">=8.1,<9")
    assert not early.ok and "ipywidgets 8.1.0rc1, but the lessons are tested with ipywidgets>=8.1,<9" in early.detail
    assert early.fix == "pip install 'ipywidgets>=8.1,<9'"
    monkeypatch.setattr(check.metadata, "version", lambda name: "custom-build")
    odd = check.check_package("ipywidgets", ">=8.1,<9")
    assert not odd.ok and "not a version number" in odd.detail


def test_without_nnlesson_metadata_the_checklist_says_install_it(monkeypatch):
    def not_installed(name):
        raise check.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(check.metadata, "requires", not_installed)
    checks = check.check_packages()
    assert checks[0].problem and "nnlesson itself is not installed" in checks[0].detail
    assert "requirements.txt" in checks[0].fix
    numpy = next(c for c in checks if c.name == "numpy")
    assert numpy.ok and "tested range" not in numpy.detail  # still checked, any version
    assert [c.name for c in checks if not c.required] == list(check.OPTIONAL)


def test_a_new_dependency_in_pyproject_is_checked_too():
    ranges = check.tested_ranges(["numpy>=1.26,<3", 'surely-not-installed-pkg>=1; extra == "lessons"'])
    checks = check.check_packages(ranges)
    new = next(c for c in checks if c.name == "surely-not-installed-pkg")
    assert new.problem and new.fix.startswith("pip install 'surely-not-installed-pkg>=1'")


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


def test_server_extension_enabled_or_missing_is_a_warning_only(tmp_path):
    """nnlesson.server read from Jupyter's config: enabled here (requirements-dev.txt installed
    jupyter-config/); from an empty config folder it is missing, which warns but is no problem."""
    enabled = check.check_server_extension()
    assert enabled.ok and "nnlesson.server is enabled" in enabled.detail
    missing = check.check_server_extension(config_path=[str(tmp_path)])
    assert not missing.ok and not missing.required and not missing.problem
    assert "15–25 ms later" in missing.detail and "jupyter-config" in missing.fix
    config = tmp_path / "jupyter_server_config.d"
    config.mkdir()
    (config / "nnlesson.json").write_text('{"ServerApp": {"jpserver_extensions": {"nnlesson.server": true}}}')
    assert check.check_server_extension(config_path=[str(tmp_path)]).ok

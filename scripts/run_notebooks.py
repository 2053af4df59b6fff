"""Sync each lesson's text source with its notebook, then re-execute the notebook in place.

    .venv/bin/python scripts/run_notebooks.py            # all notebooks in notebooks/
    .venv/bin/python scripts/run_notebooks.py 01 03      # only those whose name starts so

Each lesson is a pair (jupytext): `NN_name.md` (MyST Markdown, the text you edit) and
`NN_name.ipynb` (the same cells, executed, with outputs). First `jupytext --sync` carries the
newer file's cells into the other; then the notebook runs top to bottom in a fresh kernel and
its outputs (and widget state, so widgets render without a kernel) are stored.
Run it after changing a lesson or the package so that nbval's stored outputs stay current.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


def sync(path: Path) -> None:
    """Carry the newer file of the pair (.md or .ipynb) into the other, keeping the outputs."""
    subprocess.run([sys.executable, "-m", "jupytext", "--sync", "--quiet", str(path)], check=True)


def run(path: Path) -> None:
    sync(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}},
                            store_widget_state=True)
    start = time.perf_counter()
    client.execute()
    nbformat.write(nb, path)
    print(f"{path.relative_to(ROOT)}: executed in {time.perf_counter() - start:.1f} s")


def main(prefixes: list[str]) -> int:
    paths = sorted(NOTEBOOKS.glob("*.ipynb"))
    if prefixes:
        paths = [p for p in paths if any(p.name.startswith(x) for x in prefixes)]
    if not paths:
        print("no notebooks matched", prefixes or "")
        return 1
    for path in paths:
        run(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Re-execute every lesson notebook in place, top to bottom in a fresh kernel.

    .venv/bin/python scripts/run_notebooks.py            # all notebooks in notebooks/
    .venv/bin/python scripts/run_notebooks.py 01 03      # only those whose name starts so

Outputs (and widget state, so widgets render without a kernel) are stored in the files.
Run it after changing a notebook or the package so that nbval's stored outputs stay current.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


def run(path: Path) -> None:
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

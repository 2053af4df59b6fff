"""What every notebook generator shares: collect cells, then write the notebook.

    from builder import Notebook
    nb = Notebook("04_regression_mse.ipynb")
    md, code = nb.md, nb.code
    md(r\"\"\"# Lesson 4 ...\"\"\")
    code(r\"\"\"import nnlesson as nl\"\"\")
    if __name__ == "__main__":
        nb.write()

Notebooks are written without outputs; `scripts/run_notebooks.py` executes them and stores them.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"


class Notebook:
    """Cells in order, and where they go."""

    def __init__(self, filename):
        self.path = NOTEBOOKS / filename
        self.cells = []

    def md(self, text):
        self.cells.append(new_markdown_cell(text.strip("\n")))

    def code(self, text):
        self.cells.append(new_code_cell(text.strip("\n")))

    def write(self):
        nb = new_notebook(cells=self.cells)
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
        nb.metadata["language_info"] = {"name": "python"}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, self.path)
        print(f"wrote {self.path.relative_to(ROOT)} ({len(self.cells)} cells)")

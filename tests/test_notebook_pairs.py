"""Each lesson is a MyST Markdown file paired with its executed notebook (jupytext).

The .md file is the text a teacher edits (in JupyterLab or any editor); the .ipynb keeps the
outputs and widget state that nbval and kernel-less readers need. The two must say the same
thing, cell by cell: after editing either, run `scripts/run_notebooks.py` (it syncs, then
re-executes) or `jupytext --sync notebooks/*.ipynb`.
"""

from pathlib import Path

import jupytext
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
IPYNBS = sorted(NOTEBOOKS.glob("*.ipynb"))
MDS = sorted(NOTEBOOKS.glob("*.md"))


def _cells(nb):
    """What a lesson says: each cell's type, source and tags (outputs and ids aside)."""
    return [(c.cell_type, c.source.strip(), tuple(c.metadata.get("tags", ()))) for c in nb.cells]


def test_every_notebook_has_its_text_source_and_back():
    assert len(IPYNBS) >= 7
    assert {p.stem for p in IPYNBS} == {p.stem for p in MDS}


@pytest.mark.parametrize("ipynb", IPYNBS, ids=lambda p: p.stem)
def test_pair_is_in_sync(ipynb):
    md = ipynb.with_suffix(".md")
    nb_ipynb = jupytext.read(ipynb)
    nb_md = jupytext.read(md)
    assert nb_ipynb.metadata.get("jupytext", {}).get("formats") == "ipynb,md:myst", \
        f"{ipynb.name} is not paired: run jupytext --set-formats ipynb,md:myst {ipynb.name}"
    a, b = _cells(nb_ipynb), _cells(nb_md)
    for k, (x, y) in enumerate(zip(a, b)):
        assert x == y, (f"{ipynb.name} and {md.name} differ at cell {k}: run "
                        f"`python scripts/run_notebooks.py {ipynb.stem[:2]}` to sync and re-execute\n"
                        f"ipynb: {x[1][:200]!r}\nmd:    {y[1][:200]!r}")
    assert len(a) == len(b), f"{ipynb.name} has {len(a)} cells, {md.name} has {len(b)}"


def test_the_check_catches_a_difference(tmp_path):
    """The comparison above is not vacuous: an edited .md no longer matches its notebook."""
    ipynb = IPYNBS[1]
    nb = jupytext.read(ipynb.with_suffix(".md"))
    nb.cells[0].source += "\nA teacher's new sentence."
    edited = tmp_path / "edited.md"
    jupytext.write(nb, edited, fmt="md:myst")
    assert _cells(jupytext.read(edited)) != _cells(jupytext.read(ipynb))

"""Every lesson notebook, stored with its outputs and sharp (2×) explorer frames, stays under 4 MB:
quick to download, open and diff (issue 14). benchmarks/notebook_sizes.py prints each size and
estimates the growth from the 2× frames before the notebooks are re-executed."""

from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
LIMIT_BYTES = 4_000_000


def test_the_lessons_are_there():
    names = [path.name[:2] for path in NOTEBOOKS]
    assert names[:7] == ["00", "01", "02", "03", "04", "05", "06"], names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_notebook_under_4_mb(path):
    size = path.stat().st_size
    assert size < LIMIT_BYTES, (f"{path.name} is {size / 1e6:.2f} MB, over the {LIMIT_BYTES / 1e6:g} MB limit: "
                                "store smaller outputs (fewer or smaller pictures)")

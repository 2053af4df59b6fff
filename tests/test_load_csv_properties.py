"""Property tests (hypothesis): whatever bytes or text a learner uploads, nl.load_csv and nl.read_csv
answer with a Dataset or a ValueError/TypeError, never with anything else; and a Dataset they
return keeps its promises (finite X, one target per row, every row either kept or counted).
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nnlesson as nl

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CSVISH = ",;\t\n\r\" 0123456789.-+eE naNAinf?xyé"
CELLS = st.one_of(
    st.integers(-1000, 1000).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["", "NA", "nan", "NaN", "N/A", "?", "null", "inf", "-Infinity", "1e999", "3,5", "x", "cat",
                     '"quoted, comma"', '"open', " 7 ", "١٢"]),
)


def answer(call):
    """Call; a Dataset or a CSVTable is a fine answer, and so is a ValueError or TypeError."""
    try:
        return call()
    except (ValueError, TypeError) as exc:
        assert str(exc), "an error must say what was wrong"
        return None


def check_dataset(ds, n_rows=None):
    assert isinstance(ds, nl.Dataset)
    assert ds.X.ndim == 2 and ds.X.dtype == np.float64 and np.isfinite(ds.X).all()
    assert ds.y.shape == (len(ds.X),) and len(ds.X) >= 10
    assert len(ds.feature_names) == ds.X.shape[1]
    if n_rows is not None:
        assert len(ds.X) + ds.n_dropped == n_rows
    if ds.task == "classification":
        assert ds.class_names == sorted(set(ds.y.tolist())) and 2 <= len(ds.class_names) <= 20
    else:
        assert ds.y.dtype == np.float64 and np.isfinite(ds.y).all()
    assert len(ds.summary()) == len(ds.feature_names) + 1 and len(ds.head(3)) == 3


@SETTINGS
@given(raw=st.binary(max_size=3000), target=st.sampled_from(["a", "b", "label", ""]))
def test_random_bytes(raw, target):
    ds = answer(lambda: nl.load_csv(raw, target, name="junk.csv"))
    if ds is not None:
        check_dataset(ds)


@SETTINGS
@given(text=st.text(alphabet=CSVISH, max_size=800), task=st.sampled_from([None, "classification", "regression"]))
def test_random_csv_like_text(text, task):
    table = answer(lambda: nl.read_csv(text.encode(), name="junk.csv"))
    if table is not None:
        assert len(table.summary()) == len(table.columns) and len(table.head(2)) <= 2
        ds = answer(lambda: table.dataset(table.columns[-1], task=task))
        if ds is not None:
            check_dataset(ds, table.n_rows)


@st.composite
def tables(draw):
    n_columns = draw(st.integers(2, 5))
    n_rows = draw(st.integers(0, 30))
    sep = draw(st.sampled_from([",", ";", "\t"]))
    header = [f"c{k}" for k in range(n_columns)]
    rows = [[draw(CELLS) for _ in range(n_columns)] for _ in range(n_rows)]
    lines = [sep.join(header)] + [sep.join(r) for r in rows]
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\r\n"])), n_columns


@SETTINGS
@given(table=tables(), task=st.sampled_from([None, "classification", "regression"]), data=st.data())
def test_random_tables_of_messy_cells(table, task, data):
    text, n_columns = table
    target = f"c{data.draw(st.integers(0, n_columns - 1))}"
    encoding = data.draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    raw = text.encode(encoding, errors="replace")  # latin-1 has no ١
    ds = answer(lambda: nl.load_csv(raw, target, task=task, name="messy.csv"))
    if ds is not None:
        check_dataset(ds)
        assert ds.source == "messy.csv" and ds.target_name == target


@SETTINGS
@given(n_rows=st.integers(10, 40), n_classes=st.integers(2, 4), seed=st.integers(0, 10_000))
def test_clean_random_tables_always_load(n_rows, n_classes, seed):
    """A clean numeric file with a label column loads, with every value where it was written."""
    rng = np.random.default_rng(seed)
    X = np.round(rng.normal(size=(n_rows, 3)) * 100, 3)
    labels = [f"k{i % n_classes}" for i in range(n_rows)]
    text = "x0,x1,x2,label\n" + "".join(f"{a!r},{b!r},{c!r},{lab}\n" for (a, b, c), lab in zip(X.tolist(), labels))
    ds = nl.load_csv(text.encode(), "label")
    np.testing.assert_array_equal(ds.X, X)
    assert ds.y.tolist() == labels and ds.class_names == [f"k{i}" for i in range(n_classes)]
    regression = nl.load_csv(text.encode(), "x2", ["x0", "x1"])
    np.testing.assert_array_equal(regression.y, X[:, 2])


@pytest.mark.parametrize("junk", [b"\x00" * 10, b"\xff" * 10, "é,ü\n1,2\n".encode("utf-16-le"), b"\r\r\r", b'"' * 9])
def test_known_junk(junk):
    assert answer(lambda: nl.load_csv(junk, "a")) is None

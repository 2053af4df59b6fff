"""nl.load_csv and nl.read_csv: any CSV file into a Dataset, good files and messy ones.

Every messy file gets a clear ValueError/TypeError (naming the file, and the row and column where
it can) or a documented handling (missing values dropped and counted, a BOM or UTF-16 read, a
decimal comma with a ; delimiter).
"""

import io
from pathlib import Path

import numpy as np
import pytest

import nnlesson as nl
from nnlesson import tables

WINE = Path(__file__).resolve().parent.parent / "data" / "wine.csv"


def table_text(n=12, sep=",", label=lambda i: "yes" if i % 3 else "no"):
    """A small file: two numeric features, a numeric target `score`, a text label `kind`."""
    rows = [sep.join(["height", "weight", "score", "kind"])]
    rows += [sep.join([str(150 + i), f"{50 + i / 2:g}", f"{i * 1.5:g}", label(i)]) for i in range(n)]
    return "\n".join(rows) + "\n"


def write(tmp_path, text, name="my.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


# -- good files ------------------------------------------------------------------------------------
def test_classification_from_a_text_label(tmp_path):
    path = write(tmp_path, table_text())
    ds = nl.load_csv(path, target="kind", features=["height", "weight"])
    assert isinstance(ds, nl.Dataset) and ds.task == "classification"
    assert ds.class_names == ["no", "yes"] and ds.y.tolist()[:4] == ["no", "yes", "yes", "no"]
    assert ds.X.shape == (12, 2) and ds.X.dtype == np.float64
    np.testing.assert_array_equal(ds.X[3], [153.0, 51.5])
    assert ds.feature_names == ["height", "weight"] and ds.target_name == "kind"
    assert ds.n_dropped == 0 and ds.source == "my.csv"
    assert "text labels" in ds.task_reason
    assert ds.n_missing == {"height": 0, "weight": 0, "kind": 0}


def test_regression_from_a_number_and_default_features(tmp_path):
    path = write(tmp_path, table_text().replace(",kind", "").replace(",yes", "").replace(",no", ""))
    ds = nl.load_csv(str(path), "score")  # a str path; features default to every other column
    assert ds.task == "regression" and ds.class_names is None
    assert ds.feature_names == ["height", "weight"]
    np.testing.assert_array_equal(ds.y, np.arange(12) * 1.5)
    assert "fractions" in ds.task_reason and "task='classification'" in ds.task_reason


def test_the_same_file_as_bytes_as_an_open_file_and_as_text(tmp_path):
    text = table_text()
    from_path = nl.load_csv(write(tmp_path, text), "kind", ["height", "weight"])
    for source in (text.encode(), bytearray(text.encode()), memoryview(text.encode()), io.BytesIO(text.encode()),
                   io.StringIO(text)):
        ds = nl.load_csv(source, "kind", ["height", "weight"], name="upload.csv")
        np.testing.assert_array_equal(ds.X, from_path.X)
        np.testing.assert_array_equal(ds.y, from_path.y)
        assert ds.source == "upload.csv"
    assert nl.load_csv(text.encode(), "kind", ["height"]).source == "the CSV data"
    with open(write(tmp_path, text, "opened.csv"), "rb") as f:
        assert nl.load_csv(f, "kind", ["height"]).source == "opened.csv"  # an open file names itself


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_the_delimiter_is_detected(sep):
    ds = nl.load_csv(table_text(sep=sep).encode(), "kind", ["height", "weight"])
    assert ds.X.shape == (12, 2)
    assert nl.read_csv(table_text(sep=sep).encode()).delimiter == sep


def test_decimal_commas_with_a_semicolon_delimiter():
    text = "length;width;label\n" + "".join(f"{i},5;{i};{'a' if i % 2 else 'b'}\n" for i in range(12))
    ds = nl.load_csv(text.encode(), "label")
    np.testing.assert_array_equal(ds.X[:3], [[0.5, 0], [1.5, 1], [2.5, 2]])


def test_missing_values_are_dropped_and_counted():
    lines = table_text(20).splitlines()
    for k, gap in zip((2, 4, 6, 8, 10, 12, 14), ("", "NA", "nan", "NaN", "N/A", "?", "null")):
        cells = lines[k].split(",")
        cells[1] = gap
        lines[k] = ",".join(cells)
    lines[16] = lines[16].replace(",no", ",NA").replace(",yes", ",NA")  # a missing label
    ds = nl.load_csv("\n".join(lines).encode(), "kind", ["height", "weight"])
    assert ds.n_dropped == 8 and len(ds.X) == 12
    assert ds.n_missing == {"height": 0, "weight": 7, "kind": 1}
    assert not np.isnan(ds.X).any()
    # a column that is not chosen does not drop rows
    assert nl.load_csv("\n".join(lines).encode(), "kind", ["height"]).n_dropped == 1
    assert set(tables.MISSING_VALUES) == {"", "NA", "N/A", "#N/A", "NaN", "null", "?"}


def test_whole_number_targets_with_few_values_are_classes():
    text = "x1,x2,grade\n" + "".join(f"{i},{i % 5},{i % 3 + 1}\n" for i in range(15))
    ds = nl.load_csv(text.encode(), "grade")
    assert ds.task == "classification" and ds.class_names == [1, 2, 3] and ds.y.dtype == np.int64
    assert "3 different values" in ds.task_reason
    forced = nl.load_csv(text.encode(), "grade", task="regression")
    assert forced.task == "regression" and forced.y.dtype == np.float64
    assert forced.task_reason == "regression: task='regression' was chosen"
    many = "x,count\n" + "".join(f"{i},{i * 7}\n" for i in range(15))  # 15 different whole numbers
    assert nl.load_csv(many.encode(), "count").task == "regression"
    assert nl.load_csv(many.encode().replace(b"0,0\n", b"0,7\n"), "count", task="regression").y[0] == 7.0


def test_labels_sort_as_numbers_and_text_labels_stay_as_written():
    text = "x,label\n" + "".join(f"{i},{(2, 10, 1)[i % 3]}\n" for i in range(12))
    assert nl.load_csv(text.encode(), "label").class_names == [1, 2, 10]  # not "1", "10", "2"
    words = "x,city\n" + "".join(f"{i}, {('New York', 'Boston')[i % 2]} \n" for i in range(12))
    assert nl.load_csv(words.encode(), "city").class_names == ["Boston", "New York"]  # spaces trimmed


def test_utf8_bom_utf16_and_latin1_on_request():
    text = table_text().replace("kind", "catégorie")
    for raw in (text.encode("utf-8-sig"), text.encode("utf-16")):
        assert nl.load_csv(raw, "catégorie", ["height"]).target_name == "catégorie"
    ds = nl.load_csv(text.encode("latin-1"), "catégorie", ["height"], encoding="latin-1")
    assert ds.class_names == ["no", "yes"]


def test_blank_lines_and_trailing_delimiters_are_fine():
    text = table_text().replace("\n", ",\n").replace("kind,\n", "kind\n") + "\n\n"
    text = text.replace("\n150", "\n\n150")
    ds = nl.load_csv(text.encode(), "kind", ["height"])
    assert len(ds.X) == 12 and ds.n_dropped == 0


def test_quoted_values_may_hold_the_delimiter():
    text = 'x,y,name\n' + "".join(f'{i},{i},"Smith, {"AB"[i % 2]}"\n' for i in range(12))
    assert nl.load_csv(text.encode(), "name").class_names == ["Smith, A", "Smith, B"]


def test_dataset_head_and_summary_are_plain_data():
    ds = nl.load_csv(table_text().encode(), "kind", ["height", "weight"])
    assert ds.head(2) == [{"height": 150.0, "weight": 50.0, "kind": "no"},
                          {"height": 151.0, "weight": 50.5, "kind": "yes"}]
    assert ds.head(0) == []
    rows = {r["column"]: r for r in ds.summary()}
    assert rows["height"] == {"column": "height", "role": "feature", "kind": "number", "missing": 0, "min": 150.0,
                              "max": 161.0, "mean": 155.5, "std": pytest.approx(np.std(np.arange(12))),
                              "counts": None}
    assert rows["kind"]["kind"] == "label" and rows["kind"]["counts"] == {"no": 4, "yes": 8}
    reg = nl.load_csv(table_text().encode(), "score", ["height"])
    assert reg.summary()[-1]["max"] == 16.5 and reg.summary()[-1]["role"] == "target"
    with pytest.raises(ValueError, match=r"n must be a whole number ≥ 0, got -1"):
        ds.head(-1)


def test_read_csv_previews_before_choosing():
    table = nl.read_csv(table_text().replace("150,", "NA,", 1).encode(), name="look.csv")
    assert isinstance(table, nl.CSVTable) and table.columns == ["height", "weight", "score", "kind"]
    assert table.n_rows == 12 and table.row_numbers[:2] == [2, 3]
    assert table.head(1) == [{"height": "NA", "weight": "50", "score": "0", "kind": "no"}]
    summary = {r["column"]: r for r in table.summary()}
    assert summary["height"] == {"column": "height", "kind": "number", "missing": 1, "distinct": 11,
                                 "min": 151.0, "max": 161.0, "mean": 156.0}
    assert summary["kind"] == {"column": "kind", "kind": "text", "missing": 0, "distinct": 2, "min": None,
                               "max": None, "mean": None}
    assert "CSVTable('look.csv', 12 rows, 4 columns" in repr(table)


def test_wine_for_classification_and_regression():
    ds = nl.load_csv(WINE, "cultivar")
    assert ds.X.shape == (178, 13) and ds.class_names == ["cultivar_1", "cultivar_2", "cultivar_3"]
    assert [int(np.sum(ds.y == c)) for c in ds.class_names] == [59, 71, 48]
    np.testing.assert_array_equal(ds.X[0, :3], [14.23, 1.71, 2.43])
    assert ds.X[:, ds.feature_names.index("proline")].max() == 1680
    alcohol = nl.load_wine("alcohol")
    assert alcohol.task == "regression" and "cultivar" not in alcohol.feature_names and len(alcohol.feature_names) == 12
    assert alcohol.y.min() == 11.03 and alcohol.y.max() == 14.83
    same = nl.load_wine()
    np.testing.assert_array_equal(same.X, ds.X)
    np.testing.assert_array_equal(same.y, ds.y)


# -- messy files: each a clear error ---------------------------------------------------------------
GOOD = table_text()
MESSY = [
    # (what, file contents, the error's words)
    ("text in a feature", GOOD.replace("153,51.5", "153,heavy"),
     r"my.csv, row 5 \(the header is row 1\), column 'weight': 'heavy' is not a number \(the only one in this "
     r"column: a typo\?\); a feature must be numeric: leave it out of features, or encode it"),
    ("inf in a feature", GOOD.replace("153,51.5", "153,inf"),
     r"my.csv, row 5 \(the header is row 1\), column 'weight': 'inf' is not a finite number"),
    ("-Infinity in a feature", GOOD.replace("153,51.5", "153,-Infinity"), r"row 5 .*'-Infinity' is not a finite"),
    ("an overflowing number", GOOD.replace("153,51.5", "153,1e999"), r"row 5 .*'1e999' is beyond ±1e\+100"),
    ("a huge number", GOOD.replace("153,51.5", "1e200,51.5"), r"row 5 .*column 'height': '1e200' is beyond"),
    ("a truncated file", GOOD[:-6], r"my.csv, row 13 \(the header is row 1\): 3 values, but the header has 4 "
                                    r"columns: is the row cut short \(a truncated or damaged file\)\?"),
    ("a row too long", GOOD.replace("153,51.5", "153,51,5"),
     r"row 5 \(the header is row 1\): 5 values, but the header has 4 columns: does a value contain a comma\?"),
    ("an open quote", GOOD.replace("153,51.5", '153,"51.5'), r"my.csv, row 5: cannot be read as CSV"),
    ("no header", GOOD.split("\n", 1)[1], r"my.csv: row 1 holds numbers \(150, 50, 0, no, …\), not column names: "
                                          r"is the header row missing\?"),
    ("a header of numbers", "1,2,3\n" + GOOD.split("\n", 1)[1], r"row 1 holds numbers \(1, 2, 3, …\), not column names"),
    ("a single column", "score\n1\n2\n", r"row 1 holds a single column \('score'\)"),
    ("a column without a name", GOOD.replace("weight", "", 1), r"row 1 \(the header\): column 2 has no name"),
    ("two columns with one name", GOOD.replace("weight", "height", 1), r"column names must be distinct, \['height'\]"),
    ("only a header", "a,b,kind\n", r"my.csv has a header row but no rows of data"),
    ("an empty file", "", r"my.csv is empty"),
    ("only blank lines", "\n\n  \n", r"my.csv is empty"),
    ("latin-1 text", GOOD.replace("kind", "catégorie").encode("latin-1"),
     r"my.csv is not utf-8 text: byte 0xe9 on row 1 cannot be read. Save it as 'CSV UTF-8' .* encoding='latin-1'"),
    ("an Excel file", b"PK\x03\x04" + bytes(40), r"my.csv is a zip or Excel \(.xlsx\) file, not CSV text"),
    ("a binary file", b"a,b\x00,c\n1,2,3\n", r"my.csv contains NUL characters: it is a binary file"),
    ("too few complete rows", table_text(9), r"my.csv: only 9 rows have every chosen column filled in \(0 dropped "
                                             r"for a missing value\): at least 10 are needed"),
    ("one class", table_text(label=lambda i: "same"), r"the target 'kind' has 1 classes \['same'\]: classification "
                                                      r"needs 2 to 20"),
    ("too many classes", table_text(30, label=lambda i: f"c{i}"), r"has 30 classes .*needs 2 to 20"),
    ("a class of one row", table_text(label=lambda i: "rare" if i == 0 else "common"),
     r"class 'rare' of the target 'kind' has only 1 row: each class needs at least 2"),
]


@pytest.mark.parametrize("what, contents, message", MESSY, ids=[m[0] for m in MESSY])
def test_messy_files_give_a_clear_error(tmp_path, what, contents, message):
    path = write(tmp_path, contents)
    with pytest.raises(ValueError, match=message):
        nl.load_csv(path, "kind", ["height", "weight"])


def test_too_many_classes_suggests_regression():
    text = "x,size\n" + "".join(f"{i},{i % 25}\n" for i in range(60))
    with pytest.raises(ValueError, match=r"has 25 classes .*if 'size' is a quantity, use task='regression'"):
        nl.load_csv(text.encode(), "size", task="classification")


def test_a_text_target_cannot_be_a_regression():
    with pytest.raises(ValueError, match=r"row 2 \(the header is row 1\), column 'kind': 'no' is not a number .*"
                                         r"a regression target must be a number: use task='classification'"):
        nl.load_csv(GOOD.encode(), "kind", ["height"], task="regression")


def test_default_features_refuse_a_text_column_and_say_which_to_choose():
    with pytest.raises(ValueError, match=r"the CSV data: column 'kind' holds text \('no' in row 2\), and features "
                                         r"must be numeric: choose them, e.g. features=\['height', 'weight'\]"):
        nl.load_csv(GOOD.encode(), "score")


# -- limits: refused before reading ----------------------------------------------------------------
def test_a_file_too_large_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.csv"
    with open(path, "wb") as f:  # a sparse file: 30 GB on paper, nothing on disk
        f.truncate(30_000_000_000)
    read = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self))
    with pytest.raises(ValueError, match=r"huge.csv is 30,000,000,000 bytes: too large \(at most 20 MB, 100,000 "
                                         r"rows, 100 columns .*nothing was read"):
        nl.load_csv(path, "x")
    assert read == []
    with pytest.raises(ValueError, match=r"the CSV data is 20,000,001 bytes: too large"):
        nl.load_csv(b" " * 20_000_001, "x")
    with pytest.raises(ValueError, match=r"stream.csv is larger than 20,000,000 bytes"):
        nl.load_csv(io.BytesIO(b" " * 20_000_001), "x", name="stream.csv")


def test_row_and_column_limits(monkeypatch):
    wide = ",".join(f"c{k}" for k in range(101)) + "\n" + ",".join("1" * 101) + "\n"
    with pytest.raises(ValueError, match=r"has 101 columns: too many \(at most 20 MB, 100,000 rows, 100 columns"):
        nl.load_csv(wide.encode(), "c0")
    monkeypatch.setattr(tables, "MAX_ROWS", 50)
    with pytest.raises(ValueError, match=r"has more than 50 rows of 4 columns: too large"):
        nl.load_csv(table_text(51).encode(), "kind")
    assert len(nl.load_csv(table_text(50).encode(), "kind", ["height"]).X) == 50
    monkeypatch.setattr(tables, "MAX_VALUES", 100)
    with pytest.raises(ValueError, match=r"more than 25 rows of 4 columns"):
        nl.load_csv(table_text(26).encode(), "kind")


# -- bad arguments ---------------------------------------------------------------------------------
BAD_ARGUMENTS = [
    (dict(target="colour"), ValueError, r"the CSV data has no column 'colour': its columns are \['height', 'weight', "
                                        r"'score', 'kind'\]"),
    (dict(target="kinds"), ValueError, r"no column 'kinds' \(did you mean 'kind'\?\)"),
    (dict(target=None), TypeError, r"target must be a column name \(a str\), got None"),
    (dict(target=3), TypeError, r"target must be a column name \(a str\), got 3 of type int"),
    (dict(target="kind", features={"height", "weight"}), TypeError, r"a set has no order"),
    (dict(target="kind", features=[]), ValueError, r"features must name at least one column"),
    (dict(target="kind", features=["height", "height"]), ValueError, r"features lists \['height'\] twice"),
    (dict(target="kind", features=["height", 2]), TypeError, r"features must be column names \(str\), got 2"),
    (dict(target="kind", features=["kind"]), ValueError, r"target 'kind' is also listed in features"),
    (dict(target="kind", features=["heigth"]), ValueError, r"no column 'heigth' \(did you mean 'height'\?\)"),
    (dict(target="kind", features=np.array(["height"])), TypeError, r"features must be a list of column names"),
    (dict(target="kind", features=["height"], task="classify"), ValueError,
     r"unknown task 'classify': expected one of \['classification', 'regression'\]"),
    (dict(target="kind", features=["height"], task=True), TypeError, r"task must be one of"),
    (dict(target="kind", features=["height"], name=5), TypeError, r"name must be a str such as 'my.csv', got int"),
    (dict(target="kind", features=["height"], encoding="klingon"), ValueError, r"unknown encoding 'klingon'"),
    (dict(target="kind", features=["height"], encoding=None), TypeError, r"encoding must be a str"),
]


@pytest.mark.parametrize("kwargs, error, message", BAD_ARGUMENTS, ids=[str(k) for k, _, _ in BAD_ARGUMENTS])
def test_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        nl.load_csv(GOOD.encode(), **kwargs)


BAD_SOURCES = [
    (None, TypeError, r"source must be a file name \(str or pathlib.Path\), the file's bytes or an open file, got "
                      r"NoneType"),
    (123, TypeError, r"got int"),
    (["a,b"], TypeError, r"got list"),
    (GOOD, TypeError, r"got a string that looks like CSV text: pass io.StringIO\(text\) or text.encode\(\)"),
]


@pytest.mark.parametrize("source, error, message", BAD_SOURCES, ids=["None", "int", "list", "csv text"])
def test_bad_sources(source, error, message):
    with pytest.raises(error, match=message):
        nl.load_csv(source, "kind")


def test_a_missing_file_and_a_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"no file '.*nothere.csv' \(looked in .*\): check the name"):
        nl.load_csv(tmp_path / "nothere.csv", "kind")
    with pytest.raises(ValueError, match=r"is a folder, not a CSV file"):
        nl.load_csv(tmp_path, "kind")

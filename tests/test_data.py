"""Data: the loaders, one-hot encoding, standardisation and the seeded train/test split."""

import csv
import hashlib
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

import nnlesson as nl
from nnlesson import data

DATA = Path(__file__).resolve().parent.parent / "data"
DEFAULT_FEATURES = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm"]


def csv_rows():
    with open(DATA / "penguins.csv", newline="") as f:
        return list(csv.DictReader(f))


def count_missing(columns, rows=None):
    rows = csv_rows() if rows is None else rows
    return sum(any(r[c] == "NA" for c in columns) for r in rows)


# -- files ---------------------------------------------------------------------------------
def test_data_files_match_their_checksums():
    sums = dict(reversed(line.split()) for line in (DATA / "SHA256SUMS").read_text().splitlines() if line.strip())
    assert set(sums) == {"penguins.csv", "digits.csv", "wine.csv"}
    for name, digest in sums.items():
        assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == digest, name


# -- penguins ------------------------------------------------------------------------------
def test_penguins_regression_default():
    d = nl.load_penguins()
    rows = csv_rows()
    assert len(rows) == 344
    # the real count of rows missing one of the three default features (or the target)
    assert d.n_dropped == count_missing(DEFAULT_FEATURES + ["body_mass_g"]) == 2
    assert d.X.shape == (342, 3) and d.y.shape == (342,)
    assert d.X.dtype == np.float64 and d.y.dtype == np.float64
    assert d.feature_names == DEFAULT_FEATURES and d.target_name == "body_mass_g"
    assert d.class_names is None
    # first row of the file, in the file's units
    np.testing.assert_array_equal(d.X[0], [39.1, 18.7, 181.0])
    assert d.y[0] == 3750.0
    assert 2700 <= d.y.min() and d.y.max() <= 6300
    assert "2 rows with missing values dropped" in repr(d) and "regression" in repr(d)


def test_penguins_species_returns_class_names():
    features = DEFAULT_FEATURES + ["body_mass_g"]
    d = nl.load_penguins(features=features, target="species")
    assert d.class_names == ["Adelie", "Chinstrap", "Gentoo"]
    assert d.X.shape == (342, 4) and d.feature_names == features
    assert sorted(set(d.y.tolist())) == d.class_names
    assert [int(np.sum(d.y == c)) for c in d.class_names] == [151, 68, 123]
    assert d.n_dropped == 2


def test_penguins_dropping_depends_on_the_chosen_columns():
    d = nl.load_penguins(target="sex")
    assert d.n_dropped == count_missing(DEFAULT_FEATURES + ["sex"]) == 11
    assert d.class_names == ["female", "male"] and len(d.X) == 344 - 11
    two = nl.load_penguins(target="species", species=("Adelie", "Gentoo"))
    adelie_gentoo = [r for r in csv_rows() if r["species"] in ("Adelie", "Gentoo")]
    assert len(two.X) + two.n_dropped == len(adelie_gentoo)
    assert two.class_names == ["Adelie", "Gentoo"]
    assert nl.load_penguins(features="flipper_length_mm").X.shape == (342, 1)


def test_penguins_bad_arguments():
    with pytest.raises(ValueError, match=r"unknown penguin feature 'wing_span'"):
        nl.load_penguins(features=["wing_span"])
    with pytest.raises(ValueError, match=r"unknown penguin target 'colour'"):
        nl.load_penguins(target="colour")
    with pytest.raises(ValueError, match=r"target 'body_mass_g' is also listed in features"):
        nl.load_penguins(features=["body_mass_g"], target="body_mass_g")
    with pytest.raises(ValueError, match=r"unknown species 'Emperor'"):
        nl.load_penguins(target="species", species="Emperor")
    with pytest.raises(ValueError, match=r"features must name at least one column"):
        nl.load_penguins(features=[])


def test_missing_data_folder_gives_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("NNLESSON_DATA", str(tmp_path))
    with pytest.raises(FileNotFoundError, match=r"dataset 'digits.csv' not found at .*NNLESSON_DATA"):
        nl.load_digits()


def test_malformed_penguins_file(monkeypatch, tmp_path):
    (tmp_path / "penguins.csv").write_text("a,b\n1,2\n")
    monkeypatch.setenv("NNLESSON_DATA", str(tmp_path))
    with pytest.raises(ValueError, match=r"penguins.csv does not have the expected columns"):
        nl.load_penguins()


# -- digits --------------------------------------------------------------------------------
def test_digits():
    d = nl.load_digits()
    assert d.X.shape == (1797, 64) and d.y.shape == (1797,)
    assert d.X.min() == 0 and d.X.max() == 16
    assert d.class_names == [str(k) for k in range(10)]
    assert d.feature_names[0] == "pixel_0_0" and d.feature_names[63] == "pixel_7_7"
    assert d.n_dropped == 0
    assert d.y[:10].tolist() == list(range(10))
    assert np.bincount(d.y).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


# -- one-hot -------------------------------------------------------------------------------
def test_one_hot_with_strings():
    Y, classes = nl.one_hot(["San Francisco", "New York", "Boston", "New York"])
    assert classes == ["Boston", "New York", "San Francisco"]
    np.testing.assert_array_equal(Y, [[0, 0, 1], [0, 1, 0], [1, 0, 0], [0, 1, 0]])
    assert Y.dtype == np.float64
    np.testing.assert_array_equal(Y.sum(axis=1), 1.0)


def test_one_hot_reuses_classes_for_new_data():
    _, classes = nl.one_hot(["San Francisco", "New York", "Boston"])
    Y, same = nl.one_hot(["Boston", "Boston"], classes=classes)
    assert same == classes
    np.testing.assert_array_equal(Y, [[1, 0, 0], [1, 0, 0]])  # three columns although one label is used
    # a fixed order of your choice
    Y, order = nl.one_hot(["cat", "dog"], classes=["dog", "cat"])
    np.testing.assert_array_equal(Y, [[0, 1], [1, 0]])
    assert order == ["dog", "cat"]


def test_one_hot_numbers_and_numpy_labels():
    Y, classes = nl.one_hot(np.array([2, 0, 2, 1]))
    assert classes == [0, 1, 2]
    np.testing.assert_array_equal(Y.argmax(axis=1), [2, 0, 2, 1])
    d = nl.load_penguins(target="species")
    Y, classes = nl.one_hot(d.y)
    assert classes == d.class_names and Y.shape == (342, 3)


def test_one_hot_bad_input():
    _, classes = nl.one_hot(["San Francisco", "New York", "Boston"])
    with pytest.raises(ValueError, match=r"labels \['Chicago'\] were not seen when the encoder was fitted; "
                                         r"known classes are \['Boston', 'New York', 'San Francisco'\]"):
        nl.one_hot(["Boston", "Chicago"], classes=classes)
    with pytest.raises(TypeError, match=r"labels must be a list or array of labels, got the single string 'Boston'"):
        nl.one_hot("Boston")
    with pytest.raises(ValueError, match=r"labels must be 1-D, one label per row, got shape \(2, 2\)"):
        nl.one_hot([["a", "b"], ["c", "d"]])
    with pytest.raises(ValueError, match=r"labels is empty"):
        nl.one_hot([])
    with pytest.raises(ValueError, match=r"classes must be distinct, got \['a', 'a'\]"):
        nl.one_hot(["a"], classes=["a", "a"])


# -- standardisation -----------------------------------------------------------------------
def test_standardizer_keeps_mean_and_std_and_round_trips():
    X = nl.load_penguins().X
    s = nl.Standardizer()
    assert repr(s) == "Standardizer(not fitted)"
    Xs = s.fit_transform(X)
    np.testing.assert_allclose(s.mean, X.mean(axis=0), rtol=1e-15)
    np.testing.assert_allclose(s.std, X.std(axis=0), rtol=1e-15)
    np.testing.assert_allclose(Xs.mean(axis=0), 0.0, atol=1e-14)
    np.testing.assert_allclose(Xs.std(axis=0), 1.0, rtol=1e-14)
    np.testing.assert_allclose(s.inverse_transform(Xs), X, rtol=1e-14)
    assert repr(s).startswith("Standardizer(mean=[43.92")


def test_standardizer_uses_training_statistics_on_test_data():
    train = np.array([[0.0, 10.0], [2.0, 10.0]])
    s = nl.Standardizer().fit(train)
    np.testing.assert_array_equal(s.std, [1.0, 1.0])  # a constant column is only centred
    np.testing.assert_array_equal(s.transform([[4.0, 12.0]]), [[3.0, 2.0]])
    y = nl.Standardizer().fit(np.array([1.0, 3.0]))  # 1-D targets work too
    np.testing.assert_array_equal(y.transform([5.0]), [3.0])
    np.testing.assert_array_equal(y.inverse_transform([3.0]), [5.0])


def test_standardizer_bad_input():
    with pytest.raises(ValueError, match=r"not fitted yet: call .fit\(X_train\) first"):
        nl.Standardizer().transform([[1.0]])
    s = nl.Standardizer().fit(np.zeros((3, 2)))
    with pytest.raises(ValueError, match=r"X has shape \(3, 3\) but the Standardizer was fitted on rows "
                                         r"of shape \(2,\)"):
        s.transform(np.zeros((3, 3)))
    with pytest.raises(ValueError, match=r"X contains 1 NaN"):
        nl.Standardizer().fit([[1.0], [np.nan]])


# -- train/test split ----------------------------------------------------------------------
def test_split_is_seeded_and_keeps_rows_together():
    X = np.arange(40.0).reshape(20, 2)
    y = np.arange(20) * 10
    a = nl.train_test_split(X, y, test_fraction=0.25, seed=3)
    b = nl.train_test_split(X, y, test_fraction=0.25, seed=3)
    c = nl.train_test_split(X, y, test_fraction=0.25, seed=4)
    for p, q in zip(a, b):
        np.testing.assert_array_equal(p, q)
    assert not np.array_equal(a[1], c[1])
    X_train, X_test, y_train, y_test = a
    assert X_train.shape == (15, 2) and X_test.shape == (5, 2)
    np.testing.assert_array_equal(X_train[:, 0] * 5, y_train)  # each row keeps its target
    np.testing.assert_array_equal(X_test[:, 0] * 5, y_test)
    assert sorted(np.concatenate([y_train, y_test]).tolist()) == y.tolist()  # nothing lost or repeated


def test_split_with_stratify_keeps_class_shares():
    d = nl.load_penguins(target="species")
    X_train, X_test, y_train, y_test = nl.train_test_split(d.X, d.y, test_fraction=0.25, seed=0, stratify=d.y)
    for c, n in zip(d.class_names, [151, 68, 123]):
        assert np.sum(y_test == c) == round(0.25 * n)
        assert np.sum(y_train == c) == n - round(0.25 * n)
    again = nl.train_test_split(d.X, d.y, test_fraction=0.25, seed=0, stratify=d.y)
    np.testing.assert_array_equal(again[3], y_test)


def test_split_bad_input():
    X = np.zeros((10, 2))
    with pytest.raises(ValueError, match=r"X and Y must have the same number of rows, got X of shape \(10, 2\) "
                                         r"and Y of shape \(9,\)"):
        nl.train_test_split(X, np.zeros(9))
    with pytest.raises(ValueError, match=r"test_fraction must be between 0 and 1, got 1.5"):
        nl.train_test_split(X, np.zeros(10), test_fraction=1.5)
    with pytest.raises(ValueError, match=r"test_fraction must be a positive number, got 0"):
        nl.train_test_split(X, np.zeros(10), test_fraction=0)
    with pytest.raises(ValueError, match=r"need at least 2 rows to split, got 1"):
        nl.train_test_split(X[:1], np.zeros(1))
    with pytest.raises(ValueError, match=r"stratify needs one label per row \(10\), got shape \(3,\)"):
        nl.train_test_split(X, np.zeros(10), stratify=["a", "b", "c"])
    with pytest.raises(TypeError, match=r"seed must be a non-negative integer or None, got -1"):
        nl.train_test_split(X, np.zeros(10), seed=-1)


# -- one reader for every dataset -------------------------------------------------------------------
def test_penguins_and_digits_are_read_by_load_csvs_reader():
    ds = nl.load_penguins(target="species")
    same = nl.load_csv(DATA / "penguins.csv", "species", DEFAULT_FEATURES)
    np.testing.assert_array_equal(ds.X, same.X)
    np.testing.assert_array_equal(ds.y, same.y)
    assert (ds.class_names, ds.n_dropped, ds.source) == (same.class_names, same.n_dropped, "penguins.csv")
    assert ds.task == "classification" and nl.load_penguins().task == "regression"
    assert nl.load_penguins(target="year").task == "regression"  # 3 whole numbers, but the loader says regression
    digits = nl.load_digits()
    assert digits.y.dtype == np.int64 and digits.source == "digits.csv"


def test_wine_is_shipped_with_its_checksum_and_readme():
    readme = (DATA / "README.md").read_text()
    assert "## wine.csv" in readme and "CC BY 4.0" in readme and "10.24432/C5PC7J" in readme
    ds = nl.load_wine()
    assert ds.X.shape == (178, 13) and ds.class_names == ["cultivar_1", "cultivar_2", "cultivar_3"]
    assert ds.feature_names == list(data.WINE_MEASUREMENTS)


# -- bad input to the data functions: a table ------------------------------------------------------
X10 = np.arange(20.0).reshape(10, 2)
Y10 = np.arange(10)
MASKED = np.ma.masked_array([[1.0], [2.0]], mask=[[0], [1]])


def penguins_species():
    return nl.load_penguins(target="species")


BAD_INPUTS = [
    # (name, call, error, message)
    ("one_hot: NaN labels", lambda: nl.one_hot([1.0, np.nan, np.nan]), ValueError,
     r"labels contains 2 missing or infinite label\(s\) \(nan at row 1\): a missing label is not a class"),
    ("one_hot: None label", lambda: nl.one_hot(["a", None]), ValueError, r"\(None at row 1\)"),
    ("one_hot: inf label", lambda: nl.one_hot([1.0, np.inf]), ValueError, r"\(inf at row 1\)"),
    ("one_hot: a set", lambda: nl.one_hot({"a", "b"}), TypeError, r"labels must be a list .* got set \(a set has no order"),
    ("one_hot: None", lambda: nl.one_hot(None), TypeError, r"labels must be a list or array of labels .*got NoneType"),
    ("one_hot: masked", lambda: nl.one_hot(np.ma.masked_array([1, 2], mask=[0, 1])), TypeError, r"masked array"),
    ("one_hot: complex", lambda: nl.one_hot([1j, 2j]), TypeError, r"got complex numbers"),
    ("one_hot: dicts", lambda: nl.one_hot([{}, {}]), TypeError, r"got \{\} of type dict at row 0"),
    ("one_hot: ragged", lambda: nl.one_hot([[1], [1, 2]]), ValueError, r"nested lists of different lengths"),
    ("one_hot: text and numbers", lambda: nl.one_hot(["a", 1]), TypeError, r"mixes text and numbers \(such as 'a' and 1\)"),
    ("one_hot: classes a set", lambda: nl.one_hot(["a"], classes={"a"}), TypeError, r"classes must be .*no order"),
    ("one_hot: classes a str", lambda: nl.one_hot(["a"], classes="a"), TypeError, r"classes must be .*single string"),
    ("one_hot: classes empty", lambda: nl.one_hot(["a"], classes=[]), ValueError, r"classes is empty"),
    ("one_hot: classes with NaN", lambda: nl.one_hot([1.0], classes=[1.0, np.nan]), ValueError, r"classes contains 1"),
    ("Standardizer: None", lambda: nl.Standardizer().fit(None), TypeError, r"X must be numeric data"),
    ("Standardizer: a set", lambda: nl.Standardizer().fit({1, 2}), TypeError, r"X must be numeric data"),
    ("Standardizer: a string", lambda: nl.Standardizer().fit("abc"), TypeError, r"got a string 'abc'"),
    ("Standardizer: complex", lambda: nl.Standardizer().fit([[1j]]), TypeError, r"must contain real numbers"),
    ("Standardizer: Fractions", lambda: nl.Standardizer().fit([[Fraction(1, 2)]]), TypeError, r"Fraction"),
    ("Standardizer: masked", lambda: nl.Standardizer().fit(MASKED), ValueError, r"1 masked value"),
    ("Standardizer: empty", lambda: nl.Standardizer().fit(np.zeros((0, 2))), ValueError, r"X is empty"),
    ("Standardizer: inf", lambda: nl.Standardizer().fit([[1.0], [np.inf]]), ValueError, r"1 infinite value"),
    ("Standardizer: NaN", lambda: nl.Standardizer().fit([[1.0], [np.nan]]), ValueError, r"X contains 1 NaN"),
    ("Standardizer: overflowing spread", lambda: nl.Standardizer().fit([[1e200], [-1e200]]), ValueError,
     r"X holds values too large to scale \(largest size 1e\+200\)"),
    ("Standardizer: 3-D", lambda: nl.Standardizer().fit(np.zeros((2, 2, 2))), ValueError, r"1-D or 2-D array, got a 3-D"),
    ("Standardizer: transform overflows", lambda: nl.Standardizer().fit([[0.0], [1e-100]]).transform([[1e300]]),
     ValueError, r"the scaled values overflow"),
    ("Standardizer: other columns", lambda: nl.Standardizer().fit(X10).transform(np.zeros((2, 3))), ValueError,
     r"X has shape \(2, 3\) but the Standardizer was fitted on rows of shape \(2,\)"),
    ("PixelScaler: overflowing spread", lambda: data.PixelScaler().fit([[1e200, -1e200]]), ValueError, r"too large"),
    ("PixelScaler: mean without std", lambda: data.PixelScaler(mean=1.0), ValueError, r"needs both mean and std"),
    ("PixelScaler: a text mean", lambda: data.PixelScaler(mean="a", std=1), TypeError, r"mean must be a finite number"),
    ("PixelScaler: std 0", lambda: data.PixelScaler(mean=0, std=0), ValueError, r"std must be a positive number"),
    ("PixelScaler: NaN std", lambda: data.PixelScaler(mean=0, std=np.nan), ValueError, r"std must be a finite number"),
    ("PixelScaler: 1-D", lambda: data.PixelScaler().fit([1.0, 2.0]), ValueError, r"X must be a 2-D array"),
    ("PixelScaler: not fitted", lambda: data.PixelScaler().inverse_transform([[1.0]]), ValueError, r"not fitted"),
    ("train_test_split: None", lambda: nl.train_test_split(None, Y10), TypeError, r"X must be an array or list .*NoneType"),
    ("train_test_split: a set", lambda: nl.train_test_split({1, 2}, [1, 2]), TypeError, r"got set"),
    ("train_test_split: a string", lambda: nl.train_test_split("abc", Y10), TypeError, r"got str"),
    ("train_test_split: a single number", lambda: nl.train_test_split(3.0, Y10), ValueError, r"got a single value 3.0"),
    ("train_test_split: ragged", lambda: nl.train_test_split([[1], [1, 2]], [1, 2]), ValueError, r"rows of equal length"),
    ("train_test_split: masked", lambda: nl.train_test_split(np.ma.masked_array(X10, mask=X10 > 18), Y10), ValueError,
     r"X is a masked array with 1 masked value"),
    ("train_test_split: Y masked", lambda: nl.train_test_split(X10, np.ma.masked_array(Y10, mask=Y10 > 8)), ValueError,
     r"Y is a masked array"),
    ("train_test_split: NaN fraction", lambda: nl.train_test_split(X10, Y10, test_fraction=float("nan")), ValueError,
     r"test_fraction must be a positive number, got nan"),
    ("train_test_split: text fraction", lambda: nl.train_test_split(X10, Y10, test_fraction="0.2"), TypeError,
     r"test_fraction must be a positive number, got '0.2' of type str"),
    ("train_test_split: bool fraction", lambda: nl.train_test_split(X10, Y10, test_fraction=True), TypeError, r"bool"),
    ("train_test_split: complex fraction", lambda: nl.train_test_split(X10, Y10, test_fraction=0.2j), TypeError,
     r"of type complex"),
    ("train_test_split: fraction 1", lambda: nl.train_test_split(X10, Y10, test_fraction=1), ValueError,
     r"between 0 and 1, got 1.0"),
    ("train_test_split: negative fraction", lambda: nl.train_test_split(X10, Y10, test_fraction=-0.2), ValueError,
     r"positive number, got -0.2"),
    ("train_test_split: float seed", lambda: nl.train_test_split(X10, Y10, seed=1.5), TypeError, r"seed must be"),
    ("train_test_split: text seed", lambda: nl.train_test_split(X10, Y10, seed="1"), TypeError, r"seed must be"),
    ("train_test_split: empty", lambda: nl.train_test_split(np.zeros((0, 2)), np.zeros(0)), ValueError,
     r"need at least 2 rows to split, got 0"),
    ("train_test_split: NaN in stratify", lambda: nl.train_test_split(X10, Y10, stratify=[1.0] * 9 + [np.nan]),
     ValueError, r"stratify contains 1 missing or infinite label\(s\) \(nan at row 9\)"),
    ("train_test_split: None in stratify", lambda: nl.train_test_split(X10, Y10, stratify=["a"] * 9 + [None]),
     ValueError, r"\(None at row 9\)"),
    ("train_test_split: mixed stratify", lambda: nl.train_test_split(X10, Y10, stratify=["a"] * 9 + [1]), TypeError,
     r"stratify mixes text and numbers"),
    ("train_test_split: no test rows", lambda: nl.train_test_split(X10[:4], Y10[:4], 0.1, stratify=[0, 0, 1, 1]),
     ValueError, r"test_fraction 0.1 of 4 rows leaves no test rows \(each class is split on its own\)"),
    ("train_test_split: no training rows", lambda: nl.train_test_split(X10[:4], Y10[:4], 0.9, stratify=[0, 0, 1, 1]),
     ValueError, r"leaves no training rows"),
    ("split_dataset: test_fraction 2", lambda: data.split_dataset(penguins_species(), test_fraction=2), ValueError,
     r"test_fraction must be between 0 and 1, got 2.0"),
    ("split_dataset: negative seed", lambda: data.split_dataset(penguins_species(), seed=-3), TypeError, r"got -3"),
    ("split_dataset: None", lambda: data.split_dataset(None), TypeError, r"ds must be an nnlesson Dataset .*NoneType"),
    ("split_dataset: arrays", lambda: data.split_dataset((X10, Y10)), TypeError, r"ds must be an nnlesson Dataset"),
    ("split_dataset: scaler None", lambda: data.split_dataset(penguins_species(), scaler=None), TypeError,
     r"scaler must be one of \['pixels', 'standard'\], got None"),
    ("split_dataset: NaN in a hand-made Dataset", lambda: data.split_dataset(
        nl.Dataset(np.where(X10 == 4, np.nan, X10), Y10.astype(float), ["a", "b"], "y")), ValueError, r"X contains 1 NaN"),
    ("Split.labels_train of a regression", lambda: data.split_dataset(nl.load_penguins()).labels_train, ValueError,
     r"labels_train is for classification splits: this split's target 'body_mass_g' is a number"),
    ("Split.labels_test of a regression", lambda: data.split_dataset(nl.load_penguins()).labels_test, ValueError,
     r"labels_test is for classification"),
    ("load_penguins: features None", lambda: nl.load_penguins(features=None), TypeError, r"features must name penguin"),
    ("load_penguins: features a set", lambda: nl.load_penguins(features={"bill_length_mm"}), TypeError, r"no order"),
    ("load_penguins: features complex", lambda: nl.load_penguins(features=[1j]), TypeError, r"got 1j of type complex"),
    ("load_penguins: a feature twice", lambda: nl.load_penguins(features=["year", "year"]), ValueError, r"twice"),
    ("load_penguins: target None", lambda: nl.load_penguins(target=None), TypeError, r"target must be a column name"),
    ("load_penguins: target a list", lambda: nl.load_penguins(target=["species"]), TypeError, r"got \['species'\]"),
    ("load_penguins: no species", lambda: nl.load_penguins(target="species", species=[]), ValueError,
     r"species must name at least one species"),
    ("load_penguins: one species as classes", lambda: nl.load_penguins(target="species", species="Adelie"), ValueError,
     r"penguins.csv: the target 'species' has 1 classes \['Adelie'\]: classification needs 2 to 20"),
    ("load_penguins: species a number", lambda: nl.load_penguins(species=3), TypeError, r"species must be a species"),
    ("load_penguins: unknown name", lambda: nl.load_penguins(features=["wing"]), ValueError, r"unknown penguin feature"),
    ("load_wine: target None", lambda: nl.load_wine(target=None), TypeError, r"target must be a column name"),
    ("load_wine: unknown target", lambda: nl.load_wine(target="colour"), ValueError, r"wine.csv has no column 'colour'"),
    ("load_wine: a feature twice", lambda: nl.load_wine(features=["hue", "hue"]), ValueError, r"\['hue'\] twice"),
]


@pytest.mark.parametrize("name, call, error, message", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_to_the_data_functions(name, call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_fractions_and_sets_that_are_fine():
    """Documented handling: a Fraction test_fraction is a number; species may be a set (it only filters)."""
    a = nl.train_test_split(X10, Y10, test_fraction=Fraction(1, 5), seed=1)
    b = nl.train_test_split(X10, Y10, test_fraction=0.2, seed=1)
    for p, q in zip(a, b):
        np.testing.assert_array_equal(p, q)
    assert nl.load_penguins(target="species", species={"Gentoo", "Adelie"}).class_names == ["Adelie", "Gentoo"]

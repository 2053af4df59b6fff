"""Data: the loaders, one-hot encoding, standardisation and the seeded train/test split."""

import csv
import hashlib
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
    assert set(sums) == {"penguins.csv", "digits.csv"}
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

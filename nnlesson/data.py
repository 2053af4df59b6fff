"""Data: the lessons' datasets, one-hot encoding, standardisation and a train/test split.

Datasets ship in the repository's `data/` folder (sources and licences in data/README.md):
- penguins.csv: 344 penguins from Palmer Station, Antarctica (CC0).
- digits.csv: 1,797 handwritten digits, 8×8 pixels (UCI, CC BY 4.0).
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ._validate import as_array, check_rows_match, choice, positive_number, seed_value

PENGUIN_NUMERIC = ("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "year")
PENGUIN_COLUMNS = ("species", "island") + PENGUIN_NUMERIC[:4] + ("sex", "year")
PENGUIN_SPECIES = ("Adelie", "Chinstrap", "Gentoo")


def data_dir():
    """The folder holding the datasets, the first of:

    1. $NNLESSON_DATA, if set;
    2. nnlesson/datasets/, the copy of data/ that a built wheel carries (a non-editable install);
    3. the repository's data/ next to the package (a checkout or an editable install).
    """
    from importlib import resources

    env = os.environ.get("NNLESSON_DATA")
    if env:
        return Path(env)
    packaged = resources.files(__package__) / "datasets"
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"


def data_path(name):
    """Path of a dataset file, with a clear error if it is missing."""
    path = data_dir() / name
    if not path.is_file():
        raise FileNotFoundError(
            f"dataset {name!r} not found at {path}: the lessons expect the repository's data/ folder "
            "or the copy an installed nnlesson carries (or set NNLESSON_DATA to a folder holding it)"
        )
    return path


@dataclass
class Dataset:
    """Arrays plus the names that say what they mean.

    X              inputs, shape (N, n_features), float
    y              targets: numbers (regression) or class labels (classification), shape (N,)
    feature_names  a name per column of X
    target_name    what y is
    class_names    the classes, for classification (None for regression)
    n_dropped      rows left out because a value was missing
    """

    X: np.ndarray
    y: np.ndarray
    feature_names: list
    target_name: str
    class_names: list | None = None
    n_dropped: int = 0

    def __repr__(self):
        kind = f"{len(self.class_names)} classes {self.class_names}" if self.class_names else "regression"
        return (f"Dataset({len(self.X)} rows, features {self.feature_names}, target {self.target_name!r}, "
                f"{kind}, {self.n_dropped} rows with missing values dropped)")


def _read_penguins():
    with open(data_path("penguins.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or list(rows[0]) != list(PENGUIN_COLUMNS):
        raise ValueError(f"penguins.csv does not have the expected columns {list(PENGUIN_COLUMNS)}")
    return rows


def load_penguins(features=("bill_length_mm", "bill_depth_mm", "flipper_length_mm"),
                  target="body_mass_g", species=None):
    """The Palmer penguins as arrays.

    features  numeric columns for X, any of bill_length_mm, bill_depth_mm, flipper_length_mm,
              body_mass_g, year
    target    a numeric column (regression, y is float) or "species", "island" or "sex"
              (classification, y holds the names as strings)
    species   keep only these species, e.g. ("Adelie", "Gentoo") for a two-class task

    Rows with a missing value in any chosen column are dropped; `n_dropped` counts them.
    """
    if isinstance(features, str):
        features = (features,)
    features = list(features)
    if not features:
        raise ValueError("features must name at least one column")
    for name in features:
        if name not in PENGUIN_NUMERIC:
            raise ValueError(f"unknown penguin feature {name!r}: expected some of {list(PENGUIN_NUMERIC)}")
    if target not in PENGUIN_COLUMNS:
        raise ValueError(f"unknown penguin target {target!r}: expected one of {list(PENGUIN_COLUMNS)}")
    if target in features:
        raise ValueError(f"target {target!r} is also listed in features: a network cannot predict its own input")
    if species is not None:
        species = [species] if isinstance(species, str) else list(species)
        for s in species:
            if s not in PENGUIN_SPECIES:
                raise ValueError(f"unknown species {s!r}: expected some of {list(PENGUIN_SPECIES)}")
    rows = _read_penguins()
    if species is not None:
        rows = [r for r in rows if r["species"] in species]
    keep = [r for r in rows if all(r[c] not in ("NA", "") for c in features + [target])]
    X = np.array([[float(r[c]) for c in features] for r in keep])
    if target in PENGUIN_NUMERIC:
        y, classes = np.array([float(r[target]) for r in keep]), None
    else:
        y = np.array([r[target] for r in keep])
        classes = sorted(set(y.tolist()))
    return Dataset(X, y, features, target, classes, n_dropped=len(rows) - len(keep))


def load_digits():
    """The 8×8 handwritten digits: X holds 64 pixel values 0–16 per row, y the digit 0–9."""
    raw = np.loadtxt(data_path("digits.csv"), delimiter=",", dtype=np.int64)
    if raw.ndim != 2 or raw.shape[1] != 65:
        raise ValueError(f"digits.csv must have 65 columns (64 pixels and a label), got shape {raw.shape}")
    X, y = raw[:, :64].astype(np.float64), raw[:, 64]
    names = [f"pixel_{r}_{c}" for r in range(8) for c in range(8)]
    return Dataset(X, y, names, "digit", [str(d) for d in range(10)], n_dropped=0)


def one_hot(labels, classes=None):
    """Encode class labels as one-hot rows; return (Y, classes).

    >>> Y, classes = one_hot(["Boston", "New York", "San Francisco", "Boston"])
    >>> classes
    ['Boston', 'New York', 'San Francisco']
    >>> Y[0]
    array([1., 0., 0.])

    Without `classes`, they are the distinct labels, sorted. Pass the `classes` found on the
    training data to encode test data the same way; a label not among them is an error.
    """
    if isinstance(labels, (str, bytes)):
        raise TypeError(f"labels must be a list or array of labels, got the single string {labels!r}")
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(f"labels must be 1-D, one label per row, got shape {labels.shape}")
    if labels.size == 0:
        raise ValueError("labels is empty: it needs at least one label")
    values = labels.tolist()
    if classes is None:
        try:
            classes = sorted(set(values))
        except TypeError:
            raise TypeError("labels mix types that cannot be sorted; pass classes=[...] to fix their order") from None
    else:
        classes = list(np.asarray(classes).tolist())
        if len(set(classes)) != len(classes):
            raise ValueError(f"classes must be distinct, got {classes}")
    index = {c: k for k, c in enumerate(classes)}
    unseen = sorted({str(v) for v in values if v not in index})
    if unseen:
        raise ValueError(f"labels {unseen} were not seen when the encoder was fitted; known classes are {classes}")
    Y = np.zeros((len(values), len(classes)))
    Y[np.arange(len(values)), [index[v] for v in values]] = 1.0
    return Y, classes


class Standardizer:
    """Standardise each column: (X − mean) / std, so every feature has mean 0 and spread 1.

    Fit on the training data only, then apply the same mean and std to the test data.
    A column that never changes (std 0) is only centred.
    """

    def __init__(self):
        self.mean = None
        self.std = None

    def fit(self, X):
        X = as_array("X", X, ndim=(1, 2))
        self.mean = X.mean(axis=0)
        std = X.std(axis=0)
        self.std = np.where(std > 0, std, 1.0)
        return self

    def _check(self, X):
        if self.mean is None:
            raise ValueError("this Standardizer is not fitted yet: call .fit(X_train) first")
        X = as_array("X", X, ndim=(1, 2))
        if X.shape[1:] != self.mean.shape:
            raise ValueError(f"X has shape {X.shape} but the Standardizer was fitted on rows of shape {self.mean.shape}")
        return X

    def transform(self, X):
        return (self._check(X) - self.mean) / self.std

    def fit_transform(self, X):
        return self.fit(X).transform(X)

    def inverse_transform(self, X_std):
        """Back to the data's own units: X_std·std + mean."""
        return self._check(X_std) * self.std + self.mean

    def __repr__(self):
        if self.mean is None:
            return "Standardizer(not fitted)"
        return f"Standardizer(mean={np.round(self.mean, 4).tolist()}, std={np.round(self.std, 4).tolist()})"


def train_test_split(X, Y, test_fraction=0.2, seed=0, stratify=None):
    """Shuffle the rows (seeded) and split them: returns X_train, X_test, Y_train, Y_test.

    `stratify` (class labels, one per row) keeps each class's share the same in both parts.
    """
    X = np.asarray(X)
    Y = np.asarray(Y)
    if X.ndim == 0 or Y.ndim == 0:
        raise ValueError(f"X and Y must have one row per example, got shapes {X.shape} and {Y.shape}")
    check_rows_match("X", X, "Y", Y)
    if len(X) < 2:
        raise ValueError(f"need at least 2 rows to split, got {len(X)}")
    test_fraction = positive_number("test_fraction", test_fraction)
    if test_fraction >= 1:
        raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction}")
    rng = np.random.default_rng(seed_value("seed", seed))
    if stratify is None:
        order = rng.permutation(len(X))
        n_test = min(max(1, int(round(test_fraction * len(X)))), len(X) - 1)
        test, train = order[:n_test], order[n_test:]
    else:
        labels = np.asarray(stratify)
        if labels.shape[:1] != X.shape[:1]:
            raise ValueError(f"stratify needs one label per row ({len(X)}), got shape {labels.shape}")
        test_parts, train_parts = [], []
        for c in sorted(set(labels.tolist())):
            idx = rng.permutation(np.flatnonzero(labels == c))
            n_test = int(round(test_fraction * len(idx)))
            test_parts.append(idx[:n_test])
            train_parts.append(idx[n_test:])
        test = rng.permutation(np.concatenate(test_parts))
        train = rng.permutation(np.concatenate(train_parts))
    return X[train], X[test], Y[train], Y[test]


class PixelScaler:
    """One ruler for every pixel: X_scaled = (X − mean) / std, with a single mean and std.

    Why not divide by 16? That puts pixels between 0 and 1, but their spread is then only
    about 0.4, while the starting weights assume inputs with a spread near 1: the first layer
    learns slowly. Why not `Standardizer` (a mean and std per column)? A pixel near the edge
    is almost always blank, so its std is tiny; one stroke there would become an input of
    several hundred and drown out every other pixel. One mean and one std for all pixels
    gives inputs with mean 0 and spread 1 while keeping every pixel on the same scale.
    """

    def __init__(self, mean=None, std=None):
        self.mean, self.std = mean, std

    def fit(self, X):
        """The mean and std of every pixel value of the training images together."""
        X = as_array("X", X, ndim=2)
        std = float(X.std())
        self.mean, self.std = float(X.mean()), (std if std > 0 else 1.0)
        return self

    def _check(self, name, X):
        if self.mean is None:
            raise ValueError("this PixelScaler is not fitted yet: call .fit(X_train) first")
        return as_array(name, X, ndim=(1, 2))

    def transform(self, X):
        return (self._check("X", X) - self.mean) / self.std

    def fit_transform(self, X):
        return self.fit(X).transform(X)

    def inverse_transform(self, X_scaled):
        """Back to pixel intensities: X_scaled·std + mean."""
        return self._check("X_scaled", X_scaled) * self.std + self.mean

    def __repr__(self):
        if self.mean is None:
            return "PixelScaler(not fitted)"
        return f"PixelScaler(mean={self.mean:.4f}, std={self.std:.4f})"


SCALERS = {"standard": Standardizer, "pixels": PixelScaler}


@dataclass(eq=False)
class Split:
    """A dataset split into training and test rows, in the data's own terms and as the network sees them.

    X_train_raw, X_test_raw   inputs in the data's own units (mm, grams, pixel intensities)
    X_train, X_test           what the network sees: the inputs scaled by `x_scaler`, fitted on the
                              training rows only (the test rows stay unseen)
    y_train, y_test           the targets in their own terms: class labels, or numbers in units
    Y_train, Y_test           the targets as the network sees them: one-hot rows (classification)
                              or standardised by `y_scaler`, one column (regression)
    classes                   the class labels in column order of Y (None for regression)
    """

    feature_names: list
    target_name: str
    classes: list | None
    X_train_raw: np.ndarray
    X_test_raw: np.ndarray
    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray
    Y_train: np.ndarray
    Y_test: np.ndarray
    x_scaler: object
    y_scaler: Standardizer | None = None
    n_dropped: int = 0

    @property
    def is_classification(self):
        return self.classes is not None

    @property
    def n_classes(self):
        return len(self.classes) if self.classes is not None else 0

    @property
    def labels_train(self):
        """The training rows' classes as indices 0 … K−1 (classification)."""
        return self.Y_train.argmax(axis=1)

    @property
    def labels_test(self):
        return self.Y_test.argmax(axis=1)

    @property
    def y_std(self):
        """The training targets' standard deviation, in their own units (regression)."""
        if self.y_scaler is None:
            raise ValueError("y_std is for regression splits: this split's targets are classes")
        return float(self.y_scaler.std[0])

    def __repr__(self):
        kind = f"classes {self.classes}" if self.is_classification else f"target {self.target_name!r}"
        names = list(self.feature_names)
        features = names if len(names) <= 6 else names[:3] + ["…"] + names[-1:]
        return (f"Split({len(self.X_train)} training rows, {len(self.X_test)} test rows, "
                f"{len(names)} features [{', '.join(features)}], {kind})")


def split_dataset(ds, test_fraction=0.25, seed=0, scaler="standard"):
    """Split a `Dataset` into a `Split`: shuffled (seeded), scaled on the training rows only.

    Classification (ds.class_names set): stratified, so both parts keep each class's share;
    Y is one-hot in the order of the sorted labels. Regression: Y is standardised.
    The rows chosen are those of train_test_split(ds.X, ds.y, test_fraction, seed, stratify=...).
    `scaler` is "standard" (a mean and std per column) or "pixels" (one for all columns).
    """
    if not isinstance(ds, Dataset):
        raise TypeError(f"ds must be an nnlesson Dataset (from nl.load_penguins(), nl.load_digits(), ...), "
                        f"got {type(ds).__name__}")
    choice("scaler", scaler, tuple(SCALERS))
    classify = ds.class_names is not None
    X_train_raw, X_test_raw, y_train, y_test = train_test_split(
        ds.X, ds.y, test_fraction=test_fraction, seed=seed, stratify=ds.y if classify else None)
    x_scaler = SCALERS[scaler]().fit(X_train_raw)
    if classify:
        labels = sorted(set(np.asarray(ds.y).tolist()))
        Y_train, classes = one_hot(y_train, classes=labels)
        Y_test, _ = one_hot(y_test, classes=classes)
        y_scaler = None
    else:
        y_train, y_test = y_train.astype(np.float64), y_test.astype(np.float64)
        y_scaler = Standardizer().fit(y_train[:, None])
        Y_train, Y_test, classes = y_scaler.transform(y_train[:, None]), y_scaler.transform(y_test[:, None]), None
    return Split(list(ds.feature_names), ds.target_name, classes, X_train_raw, X_test_raw,
                 x_scaler.transform(X_train_raw), x_scaler.transform(X_test_raw), y_train, y_test,
                 Y_train, Y_test, x_scaler, y_scaler, ds.n_dropped)

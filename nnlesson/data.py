"""Data: the lessons' datasets, one-hot encoding, standardisation and a train/test split.

Datasets ship in the repository's `data/` folder (sources and licences in data/README.md):
- penguins.csv: 344 penguins from Palmer Station, Antarctica (CC0).
- digits.csv: 1,797 handwritten digits, 8×8 pixels (UCI, CC BY 4.0).
- wine.csv: 178 wines, 13 chemical measurements, 3 cultivars (UCI, CC BY 4.0).
Every file is read by nnlesson.tables, the reader behind nl.load_csv: one set of rules and errors.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ._validate import as_array, check_rows_match, choice, name_list, number, positive_number, seed_value
from .tables import Dataset, load_csv, read_csv  # noqa: F401  (Dataset lives in tables.py)

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


def load_penguins(features=("bill_length_mm", "bill_depth_mm", "flipper_length_mm"),
                  target="body_mass_g", species=None):
    """The Palmer penguins as arrays.

    features  numeric columns for X, any of bill_length_mm, bill_depth_mm, flipper_length_mm,
              body_mass_g, year
    target    a numeric column (regression, y is float) or "species", "island" or "sex"
              (classification, y holds the names as strings)
    species   keep only these species, e.g. ("Adelie", "Gentoo") for a two-class task

    Rows with a missing value in any chosen column are dropped; `n_dropped` counts them.
    The file is read by the same reader as nl.load_csv (nnlesson.tables).
    """
    if features is None:
        raise TypeError(f"features must name penguin columns, such as ['bill_length_mm'], got None: "
                        f"expected some of {list(PENGUIN_NUMERIC)}")
    features = name_list("features", features)
    for name in features:
        if name not in PENGUIN_NUMERIC:
            raise ValueError(f"unknown penguin feature {name!r}: expected some of {list(PENGUIN_NUMERIC)}")
    if not isinstance(target, str):
        raise TypeError(f"target must be a column name (a str), got {target!r} of type {type(target).__name__}")
    if target not in PENGUIN_COLUMNS:
        raise ValueError(f"unknown penguin target {target!r}: expected one of {list(PENGUIN_COLUMNS)}")
    if target in features:
        raise ValueError(f"target {target!r} is also listed in features: a network cannot predict its own input")
    if species is not None:
        species = [species] if isinstance(species, str) else species
        if isinstance(species, (list, tuple, set, frozenset)) and not species:
            raise ValueError(f"species must name at least one species, such as ('Adelie', 'Gentoo'), got {species!r}")
        if not isinstance(species, (list, tuple, set, frozenset)):
            raise TypeError(f"species must be a species name or a list of them, such as ('Adelie', 'Gentoo'), "
                            f"got {species!r}")
        for s in species:
            if s not in PENGUIN_SPECIES:
                raise ValueError(f"unknown species {s!r}: expected some of {list(PENGUIN_SPECIES)}")
    table = read_csv(data_path("penguins.csv"))
    if table.columns != list(PENGUIN_COLUMNS):
        raise ValueError(f"penguins.csv does not have the expected columns {list(PENGUIN_COLUMNS)}, "
                         f"got {table.columns}")
    if species is not None:
        table = table.where("species", species)
    return table.dataset(target, features, task="regression" if target in PENGUIN_NUMERIC else "classification")


DIGIT_PIXELS = tuple(f"pixel_{r}_{c}" for r in range(8) for c in range(8))


def load_digits():
    """The 8×8 handwritten digits: X holds 64 pixel values 0–16 per row, y the digit 0–9.

    digits.csv has no header: 64 pixel columns, row by row, then the label. A pixel outside
    0–16, a label outside 0–9, or a missing value is an error naming its row and column.
    """
    table = read_csv(data_path("digits.csv"), names=DIGIT_PIXELS + ("digit",))
    table.check_range(DIGIT_PIXELS, 0, 16, "pixel values")
    table.check_range(("digit",), 0, 9, "digit labels")
    missing = [c for c in table.columns if table.parsed(c)[1].any()]
    if missing:
        i = int(np.flatnonzero(table.parsed(missing[0])[1])[0])
        raise ValueError(f"{table._at(i, missing[0])}: a value is missing; digits.csv has no gaps: restore the file")
    ds = table.dataset("digit", list(DIGIT_PIXELS), task="classification")
    return Dataset(ds.X, ds.y, list(DIGIT_PIXELS), "digit", [str(d) for d in range(10)], n_dropped=0,
                   source=ds.source, task_reason=ds.task_reason, n_missing=ds.n_missing)


WINE_MEASUREMENTS = ("alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids",
                     "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue", "od280_od315", "proline")


def load_wine(target="cultivar", features=None, task=None):
    """The UCI wines (178 wines, 13 chemical measurements, 3 cultivars): nl.load_csv on data/wine.csv.

    target    "cultivar" (classification, 3 classes) or a measurement such as "alcohol" (regression)
    features  default: every measurement other than the target
    """
    if features is None and isinstance(target, str):
        features = [c for c in WINE_MEASUREMENTS if c != target]
    return load_csv(data_path("wine.csv"), target, features, task)


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
    values = _labels("labels", labels)
    if classes is None:
        try:
            classes = sorted(set(values))
        except TypeError:
            raise TypeError("labels mix types that cannot be sorted; pass classes=[...] to fix their order") from None
    else:
        classes = _labels("classes", classes)
        if len(set(classes)) != len(classes):
            raise ValueError(f"classes must be distinct, got {classes}")
    index = {c: k for k, c in enumerate(classes)}
    unseen = sorted({str(v) for v in values if v not in index})
    if unseen:
        raise ValueError(f"labels {unseen} were not seen when the encoder was fitted; known classes are {classes}")
    Y = np.zeros((len(values), len(classes)))
    Y[np.arange(len(values)), [index[v] for v in values]] = 1.0
    return Y, classes


def _labels(name, labels):
    """Class labels as a list (one per row), or a clear error: a missing label (NaN, None) is not a class."""
    if isinstance(labels, (str, bytes)):
        raise TypeError(f"{name} must be a list or array of labels, got the single string {labels!r}")
    if labels is None or isinstance(labels, (set, frozenset, dict)):
        raise TypeError(f"{name} must be a list or array of labels in row order, got {type(labels).__name__}"
                        + (" (a set has no order)" if isinstance(labels, (set, frozenset)) else ""))
    present = ([v for v in labels if v is not None and not (isinstance(v, float) and np.isnan(v))]
               if isinstance(labels, (list, tuple)) else [])
    if len({isinstance(v, str) for v in present}) > 1:  # numpy would silently turn 1 into "1"
        other = next(v for v in present if isinstance(v, str) != isinstance(present[0], str))
        raise TypeError(f"{name} mixes text and numbers (such as {present[0]!r} and {other!r}): write every label "
                        "the same way")
    if np.ma.isMaskedArray(labels):
        raise TypeError(f"{name} must be a plain list or array, got a masked array: drop the masked rows first "
                        "(labels.compressed()) or fill them")
    try:
        arr = np.asarray(labels)
    except ValueError:  # ragged nested lists
        raise ValueError(f"{name} must be 1-D, one label per row, got nested lists of different lengths") from None
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D, one label per row, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty: it needs at least one label")
    if arr.dtype.kind == "c":
        raise TypeError(f"{name} must be class names or whole numbers, got complex numbers ({arr.dtype})")
    values = arr.tolist()
    for k, v in enumerate(values):
        if v is None or (isinstance(v, float) and not np.isfinite(v)):
            n = sum(1 for u in values if u is None or (isinstance(u, float) and not np.isfinite(u)))
            raise ValueError(f"{name} contains {n} missing or infinite label(s) ({v!r} at row {k}): a missing "
                             "label is not a class; drop those rows first")
        if not isinstance(v, (str, int, float)):
            raise TypeError(f"{name} must be class names (str) or numbers, got {v!r} of type {type(v).__name__} "
                            f"at row {k}")
    return values


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
        with np.errstate(over="ignore", invalid="ignore"):
            mean, std = X.mean(axis=0), X.std(axis=0)
        _finite_scale("X", mean, std, X)
        self.mean, self.std = mean, np.where(std > 0, std, 1.0)
        return self

    def _check(self, X):
        if self.mean is None:
            raise ValueError("this Standardizer is not fitted yet: call .fit(X_train) first")
        X = as_array("X", X, ndim=(1, 2))
        if X.shape[1:] != self.mean.shape:
            raise ValueError(f"X has shape {X.shape} but the Standardizer was fitted on rows of shape {self.mean.shape}")
        return X

    def transform(self, X):
        return _scaled(lambda: (self._check(X) - self.mean) / self.std)

    def fit_transform(self, X):
        return self.fit(X).transform(X)

    def inverse_transform(self, X_std):
        """Back to the data's own units: X_std·std + mean."""
        return _scaled(lambda: self._check(X_std) * self.std + self.mean)

    def __repr__(self):
        if self.mean is None:
            return "Standardizer(not fitted)"
        return f"Standardizer(mean={np.round(self.mean, 4).tolist()}, std={np.round(self.std, 4).tolist()})"


def _finite_scale(name, mean, std, X):
    if not (np.all(np.isfinite(mean)) and np.all(np.isfinite(std))):
        raise ValueError(f"{name} holds values too large to scale (largest size {np.abs(X).max():.3g}): the mean and "
                         "spread overflow; rescale the data (other units) first")


def _scaled(compute):
    """compute(), unless the result overflows: then a ValueError instead of inf."""
    with np.errstate(over="ignore", invalid="ignore"):
        out = compute()
    if not np.all(np.isfinite(out)):
        raise ValueError("the scaled values overflow (they are too far from the mean, measured in spreads): "
                         "is this data in the same units as the data the scaler was fitted on?")
    return out


def _rows(name, value):
    """`value` as an array with one row per example, or a clear error."""
    if value is None or isinstance(value, (str, bytes, set, frozenset, dict)):
        raise TypeError(f"{name} must be an array or list with one row per example, got {type(value).__name__}")
    if np.ma.isMaskedArray(value) and np.ma.count_masked(value):
        raise ValueError(f"{name} is a masked array with {np.ma.count_masked(value)} masked value(s): drop or fill "
                         "them first")
    try:
        arr = np.asarray(np.ma.getdata(value))
    except ValueError:
        raise ValueError(f"{name} must have rows of equal length, got nested lists of different lengths") from None
    if arr.ndim == 0:
        raise ValueError(f"{name} must have one row per example, got a single value {value!r}")
    return arr


def train_test_split(X, Y, test_fraction=0.2, seed=0, stratify=None):
    """Shuffle the rows (seeded) and split them: returns X_train, X_test, Y_train, Y_test.

    `stratify` (class labels, one per row) keeps each class's share the same in both parts.
    """
    X, Y = _rows("X", X), _rows("Y", Y)
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
        values = _labels("stratify", stratify)
        try:
            classes = sorted(set(values))
        except TypeError:
            raise TypeError("stratify mixes labels that cannot be sorted (such as text and numbers)") from None
        test_parts, train_parts = [], []
        for c in classes:
            idx = rng.permutation(np.flatnonzero(labels == c))
            n_test = int(round(test_fraction * len(idx)))
            test_parts.append(idx[:n_test])
            train_parts.append(idx[n_test:])
        test = rng.permutation(np.concatenate(test_parts))
        train = rng.permutation(np.concatenate(train_parts))
    if len(test) == 0 or len(train) == 0:
        raise ValueError(f"test_fraction {test_fraction:g} of {len(X)} rows leaves no "
                         f"{'test' if len(test) == 0 else 'training'} rows (each class is split on its own): "
                         "choose a test_fraction nearer 0.25, or use more rows")
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
        if (mean is None) != (std is None):
            raise ValueError(f"PixelScaler needs both mean and std, or neither (then call .fit), got mean={mean!r}, "
                             f"std={std!r}")
        if mean is not None:
            mean, std = number("mean", mean), number("std", std)
            if std <= 0:
                raise ValueError(f"std must be a positive number, got {std!r}")
        self.mean, self.std = mean, std

    def fit(self, X):
        """The mean and std of every pixel value of the training images together."""
        X = as_array("X", X, ndim=2)
        with np.errstate(over="ignore", invalid="ignore"):
            mean, std = float(X.mean()), float(X.std())
        _finite_scale("X", mean, std, X)
        self.mean, self.std = mean, (std if std > 0 else 1.0)
        return self

    def _check(self, name, X):
        if self.mean is None:
            raise ValueError("this PixelScaler is not fitted yet: call .fit(X_train) first")
        return as_array(name, X, ndim=(1, 2))

    def transform(self, X):
        return _scaled(lambda: (self._check("X", X) - self.mean) / self.std)

    def fit_transform(self, X):
        return self.fit(X).transform(X)

    def inverse_transform(self, X_scaled):
        """Back to pixel intensities: X_scaled·std + mean."""
        return _scaled(lambda: self._check("X_scaled", X_scaled) * self.std + self.mean)

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
        return self._labels(self.Y_train, "labels_train")

    @property
    def labels_test(self):
        return self._labels(self.Y_test, "labels_test")

    def _labels(self, Y, name):
        if not self.is_classification:
            raise ValueError(f"{name} is for classification splits: this split's target {self.target_name!r} is a "
                             "number (use y_train / y_test)")
        return Y.argmax(axis=1)

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

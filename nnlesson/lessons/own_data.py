"""Your own data in the trainers: the checks, the split and the words the explorers show.

The classifier playground (lesson 5) and the regression trainer (lesson 4) accept any
`nl.Dataset` (from `nl.load_csv`, `nl.load_penguins`, or arrays). What the learner would
otherwise do by hand is done here, with the engine's own tools, and said in one line:

    check_dataset          a Dataset the explorers can train on, or a clear error saying what is wrong
    explorer_split         the chosen columns, split (seeded, stratified for classes) and scaled: nl.split_dataset
    preparation_line       "Scaled each feature to mean 0, sd 1; 75% of 178 rows to train, 25% to test; ..."
    class_names_of         the classes' names in the split's column order (for menus, legends, matrices)
    guarded_value          a control's value if it can be used, else the value to put instead and why

Limits: 2 to 10 classes (one colour each), at least MIN_ROWS rows and 2 rows per class.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from .._validate import as_array, check_instance, number, seed_value
from ..data import Dataset, split_dataset
from ..plots import fmt

MIN_CLASSES, MAX_CLASSES = 2, 10
MIN_ROWS = 10            # enough to keep some rows aside for testing and still train on the rest
HOW_TO_LOAD = "nl.load_csv(path, target) or nl.Dataset(X, y, feature_names, target_name, ...)"


def check_dataset(ds, task, min_features=1):
    """`ds` if the explorers can train on it, else a ValueError/TypeError naming what is wrong.

    task          "classification" (ds.class_names set, 2 to 10 classes) or "regression" (numbers)
    min_features  the fewest feature columns the explorer needs (the playground draws 2)
    """
    check_instance("data", ds, Dataset, HOW_TO_LOAD)
    if task not in ("classification", "regression"):
        raise ValueError(f"task must be 'classification' or 'regression', got {task!r}")
    X = as_array("data.X", ds.X, ndim=2)  # numbers only, no NaN or inf (the message says how many)
    names = list(ds.feature_names) if ds.feature_names is not None else []
    if len(names) != X.shape[1]:
        raise ValueError(f"data.feature_names must name each of the {X.shape[1]} columns of data.X, got {names}")
    if len(set(names)) != len(names):
        raise ValueError(f"data.feature_names must be distinct, got {names}")
    if X.shape[1] < min_features:
        raise ValueError(f"data must have at least {min_features} feature columns for this explorer, got "
                         f"{X.shape[1]} ({names})")
    y = np.asarray(ds.y)
    if y.shape != (len(X),):
        raise ValueError(f"data.y must hold one target per row of data.X ({len(X)}), got shape {y.shape}")
    if len(X) < MIN_ROWS:
        raise ValueError(f"data has {len(X)} rows: too few to split into training and test rows "
                         f"(at least {MIN_ROWS} needed)")
    if task == "classification":
        if ds.class_names is None:
            raise ValueError(f"data must be a classification dataset (classes to predict), but its target "
                             f"{ds.target_name!r} is a number: use the regression trainer, or load it with "
                             "task='classification'")
        labels, counts = np.unique(y, return_counts=True)
        if not MIN_CLASSES <= len(labels) <= MAX_CLASSES:
            raise ValueError(f"data must have {MIN_CLASSES} to {MAX_CLASSES} classes (one colour each), got "
                             f"{len(labels)}: {_some(labels.tolist())}")
        if counts.min() < 2:
            rare = [label for label, c in zip(labels.tolist(), counts) if c < 2]
            raise ValueError(f"each class needs at least 2 rows (one to train on, one to test on); "
                             f"{_some(rare)} has only 1")
    else:
        if ds.class_names is not None:
            raise ValueError(f"data must be a regression dataset (a number to predict), but its target "
                             f"{ds.target_name!r} has classes {_some(list(ds.class_names))}: use the classifier "
                             "playground")
        y = as_array("data.y", y, ndim=1)
        if np.ptp(y) == 0:
            raise ValueError(f"data.y ({ds.target_name}) is {y[0]:g} on every row: there is nothing to predict")
    return ds


def _some(values, n=12):
    shown = [str(v) for v in values[:n]]
    return "[" + ", ".join(shown) + (", …]" if len(values) > n else "]")


def columns(ds, features):
    """A Dataset with only the named feature columns of `ds` (in that order)."""
    names = list(ds.feature_names)
    index = []
    for f in features:
        if f not in names:
            raise ValueError(f"unknown feature {f!r}: expected one of {names}")
        index.append(names.index(f))
    return Dataset(np.asarray(ds.X, dtype=float)[:, index], np.asarray(ds.y), list(features), ds.target_name,
                   ds.class_names, ds.n_dropped)


def explorer_split(ds, features=None, test_fraction=0.25, seed=0):
    """The chosen columns of `ds` (all if None), split and scaled: an nl.Split from nl.split_dataset.

    Classification: stratified, one-hot Y. Regression: Y standardised (read back with split.y_scaler).
    Features are standardised on the training rows only.
    """
    test_fraction = number("test_fraction", test_fraction, 0.05, 0.9)
    seed = seed_value("split_seed", seed)
    if features is not None:
        ds = columns(ds, features)
    split = split_dataset(ds, test_fraction=test_fraction, seed=seed)
    if len(split.X_test) == 0 or len(split.X_train) < 2:
        raise ValueError(f"data has too few rows to keep {100 * test_fraction:.0f}% aside for testing: "
                         f"{len(split.X_train)} training and {len(split.X_test)} test rows")
    return split


def class_names_of(split, ds=None):
    """The classes' names in the order of the split's one-hot columns.

    Labels that are indices 0 … K−1 next to ds.class_names (as nl.load_digits gives) are named by
    them; any other label is its own name.
    """
    names = list(ds.class_names) if ds is not None and ds.class_names is not None else None
    out = []
    for label in split.classes:
        if (names is not None and isinstance(label, numbers.Integral) and not isinstance(label, bool)
                and 0 <= label < len(names) and label not in names):
            out.append(str(names[label]))
        else:
            out.append(str(label))
    return out


def preparation_line(split):
    """What was done for the learner, in one line: scaling, the split, one-hot (or the target's scaling)."""
    n_train, n_test = len(split.X_train), len(split.X_test)
    n = n_train + n_test
    words = [f"Scaled each feature to mean 0, sd 1 (on the training rows)",
             f"{100 * n_train / n:.0f}% of {n} rows to train, {100 * n_test / n:.0f}% to test"]
    if split.is_classification:
        words.append(f"{split.target_name} one-hot over {split.n_classes} classes")
    else:
        words.append(f"{split.target_name} scaled the same way to train; errors shown in its own units")
    if split.n_dropped:
        words.append(f"{split.n_dropped} rows with missing values left out")
    return "; ".join(words)


def guarded_value(name, value, low, high, current):
    """(value to use, message or None) for a control that was given `value`.

    NaN (or anything that is not a number) is refused: `current` is kept. ±inf and values
    outside [low, high] are clamped to the nearest end. The message says which, in words.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or math.isnan(value):
        return current, f"{name}: {value!r} is not a number, so it was refused; kept {fmt(current)}."
    if value < low or value > high:
        kept = low if value < low else high
        return kept, f"{name}: {fmt(value)} is outside {fmt(low)} to {fmt(high)}; set to {fmt(kept)}."
    return value, None

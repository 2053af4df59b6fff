"""Lesson 7 companion: your own data. From a CSV file to a network that trains on it.

What the lesson and its upload explorer compute, as plain functions (the widget only shows them):

    example_source()     the worked example, data/wine.csv (UCI Wine, CC BY 4.0), as bytes
    preview, summary     the first rows and a summary per column, as rows of text (for a table)
    text_table           such rows as an aligned plain-text table, for print()
    suggest(table)       a first guess at the target and the features of a table just read
    choose(...)          the chosen columns as a Dataset, or the reason they cannot be one, in words
    load_line(...)       the same choice as one line of code: ds = nl.load_csv(...)
    fitting_explorers    which explorer can train on a Dataset, and why (or why not)
    majority_share       the baseline a classifier must beat: always guess the most common class
    mean_rmse            the baseline a regression must beat: always predict the training mean
    check_majority_share, check_mean_rmse: the lesson's self-checks

A file goes from the learner's browser to this notebook's kernel and nowhere else: nothing here
opens a network connection.
"""

from __future__ import annotations

import numpy as np

from .._validate import as_array, check_instance, name_list
from ..data import Dataset, data_path
from ..exercises import Slip, check_value
from ..metrics import rmse
from ..plots import fmt
from ..tables import CSVTable, TASKS, read_csv
from .own_data import MAX_CLASSES as PLAYGROUND_MAX_CLASSES

EXAMPLE = "wine.csv"
EXAMPLE_TARGET = "cultivar"
EXAMPLE_FEATURES = ("flavanoids", "proline")            # the two the playground draws: they separate well
REGRESSION_TARGET = "alcohol"
AUTO = "detect"                                         # the task menu's first entry: let the file decide


def example_source():
    """The worked example's bytes (what the upload control would hand over) and its name."""
    path = data_path(EXAMPLE)
    return path.read_bytes(), EXAMPLE


def _table(table):
    return check_instance("table", table, CSVTable, "a table from nl.read_csv(...)")


SUMMARY_HEADER = ("column", "kind", "missing", "different values", "smallest", "largest", "mean")


def preview(table, n=5):
    """(header, rows): the first `n` rows as written in the file."""
    table = _table(table)
    return list(table.columns), [[r[c] for c in table.columns] for r in table.head(n)]


def summary(table):
    """(header, rows): one row per column: its kind (number, text or empty), how many values are
    missing, how many different values it holds, and its smallest, largest and mean value (numbers
    only, to 4 significant digits)."""
    def number(value):
        return "" if value is None else fmt(value, 4)

    rows = [[s["column"], s["kind"], str(s["missing"]), str(s["distinct"]), number(s["min"]), number(s["max"]),
             number(s["mean"])] for s in _table(table).summary()]
    return list(SUMMARY_HEADER), rows


def text_table(header, rows):
    """Rows of text as an aligned table for print(): numbers right-aligned, words left-aligned."""
    columns = list(zip(*([list(header)] + [list(r) for r in rows])))
    widths = [max(len(str(v)) for v in column) for column in columns]
    numeric = [all(_is_number(v) for v in column[1:] if v != "") for column in columns]

    def line(values):
        return "  ".join(str(v).rjust(w) if right else str(v).ljust(w)
                         for v, w, right in zip(values, widths, numeric)).rstrip()

    return "\n".join([line(header)] + [line(r) for r in rows])


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def suggest(table):
    """(target, features): a first guess the learner can change.

    The target is the last text column if there is one (a label to classify, e.g. a species),
    else the last column; the features are the other columns that hold numbers.
    """
    table = _table(table)
    kinds = {s["column"]: s["kind"] for s in table.summary()}
    text = [c for c in table.columns if kinds[c] == "text"]
    target = text[-1] if text else table.columns[-1]
    features = [c for c in table.columns if c != target and kinds[c] == "number"]
    return target, features


def choose(table, target, features, task=AUTO):
    """The chosen columns as a Dataset, or why not: a dict the explorer shows.

    {"dataset": Dataset or None, "error": a sentence or None, "task": "classification",
     "regression" or None, "reason": why that task (from load_csv), "rows": rows kept,
     "dropped": rows dropped for a missing value}
    """
    table = _table(table)
    if task not in (AUTO, *TASKS):
        raise ValueError(f"task must be one of {[AUTO, *TASKS]}, got {task!r}")
    features = name_list("features", features) if features else []
    if not features:
        return _refused("choose at least one feature: a column of numbers the network reads")
    try:
        ds = table.dataset(target, features, None if task == AUTO else task)
    except (ValueError, TypeError) as exc:
        return _refused(str(exc))
    return {"dataset": ds, "error": None, "task": ds.task, "reason": ds.task_reason, "rows": len(ds.X),
            "dropped": ds.n_dropped}


def _refused(message):
    return {"dataset": None, "error": message, "task": None, "reason": "", "rows": 0, "dropped": 0}


def load_line(name, target, features, task=AUTO, variable="ds"):
    """The choice as one line of code, e.g. ds = nl.load_csv("wine.csv", target="cultivar", features=[...])."""
    args = [repr(str(name)), f"target={target!r}", f"features={list(features)!r}"]
    if task != AUTO:
        args.append(f"task={task!r}")
    return f"{variable} = nl.load_csv({', '.join(args)})"


def fitting_explorers(ds):
    """{explorer name: None if it can train on `ds`, else the reason in words}."""
    check_instance("ds", ds, Dataset, "a Dataset from nl.load_csv(...)")
    out = {}
    if ds.task == "classification":
        n = len(ds.class_names)
        out["ClassifierPlayground"] = (
            "the playground draws two features, across and up: choose at least two" if ds.X.shape[1] < 2 else
            f"the playground colours at most {PLAYGROUND_MAX_CLASSES} classes; this target has {n}"
            if n > PLAYGROUND_MAX_CLASSES else None)
        out["TrainingExplorer"] = "the regression trainer predicts a number; this target is a class label"
    else:
        out["ClassifierPlayground"] = "the playground sorts rows into classes; this target is a number"
        out["TrainingExplorer"] = None
    return out


def majority_share(y):
    """The share of rows in the most common class: the accuracy of always guessing it."""
    y = np.asarray(y)
    if y.ndim != 1 or y.size == 0:
        raise ValueError(f"y must be a non-empty 1-D array of class labels, got shape {y.shape}")
    _, counts = np.unique(y, return_counts=True)
    return float(counts.max() / y.size)


def mean_rmse(y_train, y_test):
    """RMSE on the test rows of always predicting the training rows' mean: sqrt(mean((y − ȳ_train)²))."""
    y_train = as_array("y_train", y_train, ndim=1)
    y_test = as_array("y_test", y_test, ndim=1)
    return rmse(np.full_like(y_test, y_train.mean()), y_test)


def check_majority_share(value, ds):
    """Self-check: the accuracy of always guessing the most common class of `ds`."""
    check_instance("ds", ds, Dataset, "a Dataset from nl.load_csv(...)")
    if ds.task != "classification":
        raise ValueError("check_majority_share needs a classification Dataset (class labels as the target)")
    return check_value(value, majority_share(ds.y), name="your baseline accuracy", hints=[
        (lambda v, _: np.all(np.asarray(v) > 1), "An accuracy is a fraction between 0 and 1: divide by the number "
                                               "of rows."),
        (lambda v, _: np.all(np.asarray(v) < 1 / len(ds.class_names)),
         "Always guessing the most common class gets at least 1/(number of classes) right: count each "
         "class's rows and take the largest count."),
    ])


def check_mean_rmse(value, y_train, y_test):
    """Self-check: the test RMSE of always predicting the training mean."""
    expected = mean_rmse(y_train, y_test)
    return check_value(value, expected, name="your baseline RMSE", hints=[
        Slip(expected ** 2, "That is the mean squared error: the RMSE is its square root, in the target's own "
                            "units."),
        Slip(float(np.std(y_test)), "Predict the mean of the TRAINING rows (the network never sees the test "
                                    "rows), not the mean of the test rows."),
    ])

"""Tables: a CSV file read into a `Dataset`, with stated limits and errors a learner can act on.

    read_csv(source)                              the whole file as text: .columns, .head(), .summary()
    load_csv(source, target, features, task)      the chosen columns as numbers: a Dataset to train on

Every loader in nnlesson reads through here (penguins, digits, wine, a learner's own file), so a
damaged file gets one answer everywhere: a ValueError naming the file, the row (as a spreadsheet
counts: the header is row 1) and the column. The rules, in one place:
- `source`: a file name (str or pathlib.Path), the file's bytes (bytes, bytearray, memoryview:
  what an ipywidgets FileUpload gives), or an open file (io.BytesIO, io.StringIO, open(...)).
  `name=` says what to call it in messages ("scores.csv"); a path names itself.
- Text: UTF-8 (a byte-order mark is fine; UTF-16 with a byte-order mark too). Another encoding is
  an error that says how to fix it; pass `encoding="latin-1"` (or the file's own) to read it.
- A header row naming every column is required; the delimiter is the one of , ; or tab that
  splits the header into the most columns. Spaces around values are trimmed; blank lines skipped.
- Missing values: an empty cell or one of MISSING_VALUES, in any upper/lower case. A row missing
  a value in a chosen column is dropped and counted in `n_dropped`.
- Numbers are written as 12, -3.5, 1e-4 (with a ; or tab delimiter a decimal comma, 3,5, is read
  as 3.5 too). "inf" or a number beyond ±1e100 is refused: it cannot be computed with.
- Limits: LIMITS below; the file's size is checked before it is read.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ._validate import choice, name_list, whole_number

MISSING_VALUES = ("", "NA", "N/A", "#N/A", "NaN", "null", "?")  # compared in lower case: nan, NAN, Null, ...
_MISSING = {m.lower() for m in MISSING_VALUES}
DELIMITERS = (",", ";", "\t")
MAX_BYTES = 20_000_000        # 20 MB: refused before reading
MAX_ROWS = 100_000
MAX_COLUMNS = 100
MAX_VALUES = 2_000_000        # rows × columns
MIN_ROWS = 10                 # complete rows (after dropping missing values)
MIN_CLASSES, MAX_CLASSES = 2, 20
MIN_PER_CLASS = 2             # one to train on, one to test on
AUTO_CLASSES = 10             # a target of whole numbers with at most this many values is a class label
MAX_ABS = 1e100               # larger numbers overflow when squared (the loss, the standard deviation)
LIMITS = (f"at most {MAX_BYTES // 1_000_000} MB, {MAX_ROWS:,} rows, {MAX_COLUMNS} columns and {MAX_VALUES:,} "
          f"values; at least {MIN_ROWS} complete rows; {MIN_CLASSES} to {MAX_CLASSES} classes with at least "
          f"{MIN_PER_CLASS} rows each")
TASKS = ("classification", "regression")

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_NUMBERS = re.compile(rf"(?:{_NUMBER.pattern}\n)*{_NUMBER.pattern}", re.ASCII)  # a column of numbers, one a line
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+(?:[eE][+-]?\d+)?", re.ASCII)
_INFINITE = {"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}


@dataclass
class Dataset:
    """Arrays plus the names that say what they mean.

    X              inputs, shape (N, n_features), float
    y              targets: numbers (regression) or class labels (classification), shape (N,)
    feature_names  a name per column of X
    target_name    what y is
    class_names    the classes, for classification (None for regression)
    n_dropped      rows left out because a value was missing
    source         where the rows came from (a file name), or None
    task_reason    why the task is what it is, in words (set by load_csv)
    n_missing      {column: values missing in the file} for the chosen columns (set by load_csv)
    """

    X: np.ndarray
    y: np.ndarray
    feature_names: list
    target_name: str
    class_names: list | None = None
    n_dropped: int = 0
    source: str | None = None
    task_reason: str = ""
    n_missing: dict | None = None

    @property
    def task(self):
        """"classification" (class_names set) or "regression"."""
        return "regression" if self.class_names is None else "classification"

    def head(self, n=5):
        """The first `n` rows as plain data: a list of {column: value}, features then the target."""
        n = whole_number("n", n, 0)
        return [{**dict(zip(self.feature_names, x)), self.target_name: target}
                for x, target in zip(self.X[:n].tolist(), np.asarray(self.y)[:n].tolist())]

    def summary(self):
        """One dict per column (features, then the target): role, kind, missing, min, max, mean, std, counts.

        kind is "number" or "label"; `missing` counts the values missing in the file (their rows
        were dropped); `counts` gives the rows per class for a label target (else None).
        """
        missing = self.n_missing or {}
        out = [_column_summary(name, "feature", np.asarray(self.X)[:, k], missing.get(name, 0))
               for k, name in enumerate(self.feature_names)]
        y = np.asarray(self.y)
        if self.class_names is None:
            out.append(_column_summary(self.target_name, "target", y.astype(np.float64), missing.get(self.target_name, 0)))
        else:
            counts = {c: int(np.sum(y == c)) for c in self.class_names}
            out.append({"column": self.target_name, "role": "target", "kind": "label",
                        "missing": missing.get(self.target_name, 0), "min": None, "max": None, "mean": None,
                        "std": None, "counts": counts})
        return out

    def __repr__(self):
        kind = f"{len(self.class_names)} classes {self.class_names}" if self.class_names else "regression"
        return (f"Dataset({len(self.X)} rows, features {self.feature_names}, target {self.target_name!r}, "
                f"{kind}, {self.n_dropped} rows with missing values dropped)")


def _column_summary(name, role, values, missing):
    stats = ([float(values.min()), float(values.max()), float(values.mean()), float(values.std())] if len(values)
             else [None] * 4)
    return dict(zip(("column", "role", "kind", "missing", "min", "max", "mean", "std", "counts"),
                    [name, role, "number", missing, *stats, None]))


# -- reading the file -----------------------------------------------------------------------------
def _read_bytes(source, name):
    """(the file's bytes or text, the name to use in messages); the size is checked before reading."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        raw = bytes(source)
        label = name or "the CSV data"
        if len(raw) > MAX_BYTES:
            raise ValueError(f"{label} is {len(raw):,} bytes: too large ({LIMITS})")
        return raw, label
    if isinstance(source, str) and ("\n" in source or (len(source) > 300 and any(d in source for d in DELIMITERS))):
        raise TypeError("source must be a file name, the file's bytes or an open file; got a string that looks like "
                        "CSV text: pass io.StringIO(text) or text.encode() instead")
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        label = name or path.name or str(path)
        if not path.exists():
            raise FileNotFoundError(f"no file {str(path)!r} (looked in {path.resolve().parent}): check the name and "
                                    "the folder")
        if path.is_dir():
            raise ValueError(f"{str(path)!r} is a folder, not a CSV file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ValueError(f"{label} is {size:,} bytes: too large ({LIMITS}); nothing was read")
        return path.read_bytes(), label
    if hasattr(source, "read"):
        given = getattr(source, "name", None)
        label = name or (Path(given).name if isinstance(given, str) and given else "the uploaded file")
        raw = source.read(MAX_BYTES + 1)
        if not isinstance(raw, (str, bytes, bytearray)):
            raise TypeError(f"reading {label} gave {type(raw).__name__}, not bytes or text")
        if len(raw) > MAX_BYTES:
            raise ValueError(f"{label} is larger than {MAX_BYTES:,} bytes: too large ({LIMITS})")
        return raw, label
    raise TypeError(f"source must be a file name (str or pathlib.Path), the file's bytes or an open file, "
                    f"got {type(source).__name__}")


def _decode(raw, label, encoding):
    """The file's text: UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark, or `encoding`."""
    if isinstance(raw, str):
        text = raw
    else:
        raw = bytes(raw)
        if raw[:4] == b"PK\x03\x04":
            raise ValueError(f"{label} is a zip or Excel (.xlsx) file, not CSV text: in the spreadsheet program "
                             "choose Save As → CSV")
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            encoding = "utf-16"
        elif codecs.lookup(encoding).name == "utf-8":
            encoding = "utf-8-sig"
        try:
            text = raw.decode(encoding)
        except UnicodeError as exc:
            start = getattr(exc, "start", 0)
            line = raw[:start].count(b"\n") + 1
            bad = f"byte 0x{raw[start]:02x} on row {line}" if start < len(raw) else "its end"
            raise ValueError(f"{label} is not {encoding.replace('-sig', '')} text: {bad} cannot be read. Save it as "
                             "'CSV UTF-8' in the spreadsheet program, or pass encoding='latin-1' (or the file's own "
                             "encoding)") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        raise ValueError(f"{label} contains NUL characters: it is a binary file, not CSV text")
    if not text.strip():
        raise ValueError(f"{label} is empty: a CSV file needs a header row and rows of data")
    return text


def _delimiter(text, label):
    """The one of , ; tab that splits the first non-blank line into the most columns."""
    first = next(line for line in text.splitlines() if line.strip())
    counts = []
    for d in DELIMITERS:
        try:
            counts.append(len(next(csv.reader([first], delimiter=d))))
        except csv.Error:
            counts.append(0)
    best = max(range(len(DELIMITERS)), key=lambda k: (counts[k], -k))
    if counts[best] < 2:
        raise ValueError(f"{label}: row 1 holds a single column ({first[:60]!r}): a CSV file needs at least two "
                         "columns (the features and the target), separated by commas, semicolons or tabs")
    return DELIMITERS[best]


def read_csv(source, *, name=None, encoding="utf-8", names=None):
    """The whole file as a `CSVTable`: column names and rows as text, to look at before choosing.

    `names` is for the package's own files without a header (digits.csv): the column names,
    and then row 1 is data. A learner's file must have a header row (load_csv requires one).
    """
    if name is not None and not isinstance(name, str):
        raise TypeError(f"name must be a str such as 'my.csv', got {type(name).__name__}")
    if not isinstance(encoding, str):
        raise TypeError(f"encoding must be a str such as 'utf-8' or 'latin-1', got {type(encoding).__name__}")
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ValueError(f"unknown encoding {encoding!r}: expected a name such as 'utf-8' or 'latin-1'") from None
    raw, label = _read_bytes(source, name)
    text = _decode(raw, label, encoding)
    delimiter = _delimiter(text, label)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    columns = list(names) if names is not None else None
    rows, numbers = [], []
    row = 0
    try:
        for row, record in enumerate(reader, start=1):
            fields = [f.strip() for f in record]
            if not any(fields):
                continue  # a blank line
            if columns is None:
                columns = _check_header(fields, label)
                continue
            if len(fields) > len(columns) and not any(fields[len(columns):]):
                fields = fields[:len(columns)]  # a delimiter at the end of the row
            if len(fields) != len(columns):
                _wrong_count(label, row, len(fields), len(columns), delimiter, names is None)
            rows.append(fields)
            numbers.append(row)
            if len(rows) > MAX_ROWS or len(rows) * len(columns) > MAX_VALUES:
                raise ValueError(f"{label} has more than {min(MAX_ROWS, MAX_VALUES // len(columns)):,} rows of "
                                 f"{len(columns)} columns: too large ({LIMITS})")
    except csv.Error as exc:
        raise ValueError(f"{label}, row {row + 1}: cannot be read as CSV ({exc}): is a quote (\") left open, or is "
                         "this not a CSV file?") from None
    if not rows:
        raise ValueError(f"{label} has a header row but no rows of data")
    return CSVTable(label, columns, rows, numbers, delimiter, header=names is None)


def _check_header(fields, label):
    if len(fields) > MAX_COLUMNS:
        raise ValueError(f"{label} has {len(fields)} columns: too many ({LIMITS})")
    if 2 * sum(bool(_NUMBER.fullmatch(f)) for f in fields) > len(fields):  # most "names" are numbers: data
        raise ValueError(f"{label}: row 1 holds numbers ({', '.join(fields[:4])}, …), not column names: is the header "
                         "row missing? Add one naming each column (for example x1,x2,label)")
    for k, field in enumerate(fields, start=1):
        if not field:
            raise ValueError(f"{label}, row 1 (the header): column {k} has no name; every column needs one "
                             "(is there an extra delimiter at the end of the row?)")
    repeated = sorted({f for f in fields if fields.count(f) > 1})
    if repeated:
        raise ValueError(f"{label}, row 1 (the header): column names must be distinct, {repeated} appear twice")
    return fields


def _wrong_count(label, row, got, expected, delimiter, header):
    shown = {"\t": "a tab", ",": "a comma", ";": "a semicolon"}[delimiter]
    hint = ("is the row cut short (a truncated or damaged file)?" if got < expected else
            f"does a value contain {shown}? Put such a value in quotes")
    where, columns = (("(the header is row 1)", f"the header has {expected} columns") if header else
                      ("(the first line is row 1)", f"{expected} are expected"))
    raise ValueError(f"{label}, row {row} {where}: {got} values, but {columns}: {hint}")


class CSVTable:
    """A CSV file as text: the header's column names and every row, as written (spaces trimmed).

    columns        the column names, in file order
    rows           the data rows, lists of strings
    row_numbers    each row's number in the file as a spreadsheet counts (the header is row 1)
    """

    def __init__(self, name, columns, rows, row_numbers, delimiter, header=True):
        self.name, self.columns, self.rows = name, list(columns), rows
        self.row_numbers, self.delimiter, self.header = row_numbers, delimiter, header
        self._parsed = {}

    @property
    def n_rows(self):
        return len(self.rows)

    def __repr__(self):
        shown = ", ".join(self.columns[:8]) + (", …" if len(self.columns) > 8 else "")
        return f"CSVTable({self.name!r}, {self.n_rows} rows, {len(self.columns)} columns: {shown})"

    def _at(self, index, column):
        counting = "the header is row 1" if self.header else "the first line is row 1"
        return f"{self.name}, row {self.row_numbers[index]} ({counting}), column {column!r}"

    def _column(self, name, what="column"):
        if not isinstance(name, str):
            raise TypeError(f"{what} must be a column name (a str), got {name!r} of type {type(name).__name__}")
        if name not in self.columns:
            close = difflib.get_close_matches(name, self.columns, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ValueError(f"{self.name} has no column {name!r}{hint}: its columns are {self.columns}")
        return self.columns.index(name)

    def head(self, n=5):
        """The first `n` rows as a list of {column: text as written}."""
        n = whole_number("n", n, 0)
        return [dict(zip(self.columns, r)) for r in self.rows[:n]]

    def parsed(self, column):
        """(values, missing, bad): the column as floats (NaN where missing or not a number), a mask of
        missing values, and the indices of values that are neither numbers nor missing."""
        k = self._column(column)
        if k in self._parsed:
            return self._parsed[k]
        texts = [row[k] for row in self.rows]
        if _NUMBERS.fullmatch("\n".join(texts)):  # only numbers: convert them in one go
            self._parsed[k] = np.array(texts, dtype=np.float64), np.zeros(self.n_rows, dtype=bool), []
        else:
            values = np.full(self.n_rows, np.nan)
            missing = np.zeros(self.n_rows, dtype=bool)
            bad = []
            comma = self.delimiter != ","
            for i, text in enumerate(texts):
                if _NUMBER.fullmatch(text):
                    values[i] = float(text)
                elif text.lower() in _MISSING:
                    missing[i] = True
                elif comma and _DECIMAL_COMMA.fullmatch(text):
                    values[i] = float(text.replace(",", "."))
                else:
                    bad.append(i)
            self._parsed[k] = values, missing, bad
        return self._parsed[k]

    def _text(self, column):
        """Indices of the values of `column` that are text (neither numbers, nor missing, nor "inf")."""
        k = self._column(column)
        return [i for i in self.parsed(column)[2] if self.rows[i][k].lower() not in _INFINITE]

    def numbers(self, column, role="feature"):
        """The column as floats (NaN where missing), or a ValueError at the first value that is not a number."""
        values, _, bad = self.parsed(column)
        if bad:
            i, text = bad[0], self.rows[bad[0]][self._column(column)]
            if text.lower() in _INFINITE:
                raise ValueError(f"{self._at(i, column)}: {text!r} is not a finite number; write the value, or leave "
                                 "the cell empty if it is missing")
            few = f" (the only one in this column: a typo?)" if len(bad) == 1 else f" ({len(bad)} such values)"
            advice = ("a feature must be numeric: leave it out of features, or encode it as numbers (one 0/1 column "
                      "per category)" if role == "feature" else
                      "a regression target must be a number: use task='classification' to predict it as a class")
            raise ValueError(f"{self._at(i, column)}: {text!r} is not a number{few}; {advice}")
        big = np.flatnonzero(np.abs(np.nan_to_num(values)) > MAX_ABS)
        if big.size:
            i = int(big[0])
            raise ValueError(f"{self._at(i, column)}: {self.rows[i][self._column(column)]!r} is beyond ±{MAX_ABS:g}, "
                             "too large to compute with: rescale the column (other units)")
        return values

    def check_range(self, columns, low, high, what):
        """Refuse a value of `columns` that is not a whole number from `low` to `high`, naming its row."""
        for column in columns:
            values = self.numbers(column)
            wrong = np.flatnonzero(~np.isnan(values) & ((values < low) | (values > high) | (values % 1 != 0)))
            if wrong.size:
                i = int(wrong[0])
                raise ValueError(f"{self._at(i, column)}: {self.rows[i][self._column(column)]!r} is out of range: "
                                 f"{what} must be whole numbers from {low} to {high}")

    def where(self, column, values):
        """A table of only the rows whose `column` is one of `values` (kept as written)."""
        k = self._column(column)
        keep = [i for i, r in enumerate(self.rows) if r[k] in set(values)]
        return CSVTable(self.name, self.columns, [self.rows[i] for i in keep], [self.row_numbers[i] for i in keep],
                        self.delimiter, self.header)

    def summary(self):
        """One dict per column: column, kind ("number", "text" or "empty"), missing, distinct, min, max, mean."""
        out = []
        for column in self.columns:
            values, missing, bad = self.parsed(column)
            present = values[~np.isnan(values)]
            k = self.columns.index(column)
            distinct = len({r[k] for r, m in zip(self.rows, missing) if not m})
            kind = "empty" if missing.all() else "text" if bad else "number"
            stats = ([float(present.min()), float(present.max()), float(present.mean())]
                     if kind == "number" and np.all(np.abs(present) <= MAX_ABS) else [None] * 3)
            out.append(dict(zip(("column", "kind", "missing", "distinct", "min", "max", "mean"),
                                [column, kind, int(missing.sum()), distinct, *stats])))
        return out

    def dataset(self, target, features=None, task=None):
        """The chosen columns as a `Dataset` (see load_csv)."""
        self._column(target, "target")
        if task is not None:
            choice("task", task, TASKS)
        if features is None:
            others = [c for c in self.columns if c != target]
            text = [c for c in others if self._text(c)]
            if text:
                numeric = [c for c in others if c not in text]
                i = self._text(text[0])[0]
                first = f"{self.rows[i][self.columns.index(text[0])]!r} in row {self.row_numbers[i]}"
                holds = f"column {text[0]!r} holds" if len(text) == 1 else f"columns {text} hold"
                raise ValueError(f"{self.name}: {holds} text ({first}), and features must be numeric: choose "
                                 f"them, e.g. features={numeric}, or encode the text as numbers in the file")
        features = [c for c in self.columns if c != target] if features is None else name_list("features", features)
        for f in features:
            self._column(f, "each feature")
        if target in features:
            raise ValueError(f"target {target!r} is also listed in features: a network cannot predict its own input")
        X_all = np.column_stack([self.numbers(f) for f in features])
        missing = {c: int(self.parsed(c)[1].sum()) for c in features + [target]}
        complete = ~np.any([self.parsed(c)[1] for c in features + [target]], axis=0)
        n_dropped = int(self.n_rows - complete.sum())
        if complete.sum() < MIN_ROWS:
            raise ValueError(f"{self.name}: only {int(complete.sum())} rows have every chosen column filled in "
                             f"({n_dropped} dropped for a missing value): at least {MIN_ROWS} are needed")
        keep = np.flatnonzero(complete)
        X = X_all[keep]
        y, classes, reason = self._target(target, keep, task)
        return Dataset(X, y, features, target, classes, n_dropped, source=self.name, task_reason=reason,
                       n_missing=missing)

    def _target(self, target, keep, task):
        """(y, class_names or None, the reason for the task in words)."""
        values, k, bad = self.parsed(target)[0], self.columns.index(target), self._text(target)  # inf: refused
        if task == "regression" or (task is None and not bad and not _few_whole(values[keep])):
            y = self.numbers(target, role="target")[keep]
            what = ("numbers with fractions" if np.any(y % 1) else
                    f"whole numbers with {len(np.unique(y))} different values (more than {AUTO_CLASSES})")
            reason = ("regression: task='regression' was chosen" if task else f"regression: the target {target!r} "
                      f"holds {what}; pass task='classification' to predict it as a class")
            return y, None, reason
        if not bad and np.all(values[keep] % 1 == 0) and np.all(np.abs(values[keep]) < 2 ** 53):
            y = values[keep].astype(np.int64)  # whole numbers: labels 0, 1, 2 ... (1 and 1.0 are the same class)
        else:
            y = np.array([self.rows[i][k] for i in keep])
        classes = sorted(set(y.tolist()))
        reason = ("classification: task='classification' was chosen" if task else
                  f"classification: the target {target!r} holds text labels" if bad else
                  f"classification: the target {target!r} holds whole numbers with only {len(classes)} different "
                  f"values (at most {AUTO_CLASSES}); pass task='regression' to predict it as a number")
        if not MIN_CLASSES <= len(classes) <= MAX_CLASSES:
            shown = classes if len(classes) <= 12 else classes[:12] + ["…"]
            hint = (f"; if {target!r} is a quantity, use task='regression'" if len(classes) > MAX_CLASSES else "")
            raise ValueError(f"{self.name}: the target {target!r} has {len(classes)} classes {shown}: classification "
                             f"needs {MIN_CLASSES} to {MAX_CLASSES}{hint}")
        counts = {c: int(np.sum(y == c)) for c in classes}
        rare = [c for c, n in counts.items() if n < MIN_PER_CLASS]
        if rare:
            raise ValueError(f"{self.name}: class {rare[0]!r} of the target {target!r} has only {counts[rare[0]]} "
                             f"row: each class needs at least {MIN_PER_CLASS} (one to train on, one to test on)")
        return y, classes, reason


def _few_whole(values):
    return bool(np.all(values % 1 == 0)) and len(np.unique(values)) <= AUTO_CLASSES


def load_csv(source, target, features=None, task=None, *, name=None, encoding="utf-8"):
    """Read a CSV file with a header row into a `Dataset`: X from the feature columns, y from the target.

    source    a file name (str or pathlib.Path), the file's bytes (an ipywidgets FileUpload's content),
              or an open file (io.BytesIO, io.StringIO)
    target    the column to predict
    features  the input columns, a list in order (default: every other column; each must be numeric)
    task      "classification" or "regression"; by default a text target, or one of whole numbers with
              at most 10 different values, is a class label (classification), any other number regression
    name      what to call the file in messages (a path names itself)
    encoding  the text encoding when the file is not UTF-8, e.g. "latin-1"

    Rows with a missing value (an empty cell, or NA, N/A, #N/A, NaN, null, ?) in a chosen column
    are dropped and counted in `n_dropped`. Class names are the sorted distinct labels: text as
    written, or whole numbers as ints. Errors name the file, the row (the header is row 1) and the
    column. Limits: see nnlesson.tables.LIMITS.
    """
    return read_csv(source, name=name, encoding=encoding).dataset(target, features, task)

"""Input checks shared by the public functions.

Every public function in nnlesson checks what it is given and, when something is wrong,
raises a ValueError or TypeError that names the argument, says what it got (with shapes)
and what it expected. These helpers keep those messages consistent.
"""

from __future__ import annotations

import numbers
import os
from pathlib import Path

import numpy as np

# The largest network nnlesson builds or loads: 10 million weights and biases (80 MB of float64).
# Larger layer sizes are refused before any memory is allocated.
MAX_PARAMETERS = 10_000_000
MAX_LAYERS = 1000


def _short(value, width=60):
    """repr(value), cut to `width` characters (a huge number or list stays readable in a message)."""
    text = repr(value)
    return text if len(text) <= width else text[:width - 1] + "…"


def as_array(name, value, *, ndim=None, allow_empty=False):
    """Return `value` as a finite float64 numpy array, or raise a clear error.

    `ndim` may be an int or a tuple of allowed dimensions. Accepted: numpy arrays, lists (nested
    for 2-D) and numbers; booleans count as 0 and 1. Refused: strings, None, sets and dicts
    (TypeError); masked arrays with masked entries, NaN and ±inf (ValueError: they are missing
    values, fill or drop them first); arrays of other objects such as Fractions (TypeError).
    """
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be numeric data (a numpy array or list of numbers), got a string {_short(value)}")
    if value is None or isinstance(value, (set, frozenset, dict)):
        got = "None" if value is None else f"a {type(value).__name__} {_short(value)}"
        raise TypeError(f"{name} must be numeric data (a numpy array or list of numbers), got {got}")
    if np.ma.isMaskedArray(value):
        n_masked = int(np.ma.count_masked(value))
        if n_masked:
            raise ValueError(f"{name} must have no missing values, got a masked array with {n_masked} masked "
                             f"value(s) (shape {np.shape(value)}): fill them ({name}.filled(...)) or drop those rows")
        value = np.ma.getdata(value)
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged nested lists and the like
        raise TypeError(f"{name} must be numeric data (a numpy array or list of numbers): {exc}") from None
    if arr.dtype == object:
        odd = [v for v in arr.ravel().tolist() if isinstance(v, bool) or not isinstance(v, (int, float))][:1]
        if odd:
            odd = odd[0]
            raise TypeError(f"{name} must contain numbers, got an array of dtype object of shape {arr.shape} "
                            f"(first value {_short(odd)}, of type {type(odd).__name__})")
        try:  # only Python ints and floats, some beyond int64: as floats, unless beyond 1.8e308
            arr = arr.astype(np.float64)
        except OverflowError:
            raise ValueError(f"{name} must contain numbers that fit in a float (at most about 1.8e308), got an "
                             f"array of shape {arr.shape} holding "
                             f"{_short(next(x for x in arr.ravel().tolist() if _too_big(x)), 30)}") from None
    if arr.dtype.kind in "USVMm":
        first = f" (first value {_short(arr.ravel()[:1].tolist()[0])})" if arr.size else ""  # 'a', not np.str_('a')
        raise TypeError(f"{name} must contain numbers, got an array of dtype {arr.dtype} of shape {arr.shape}{first}")
    if arr.dtype.kind == "c":
        raise TypeError(f"{name} must contain real numbers, got complex dtype {arr.dtype} of shape {arr.shape}")
    arr = arr.astype(np.float64, copy=False)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            hint = ""
            if 2 in allowed and arr.ndim == 1:
                hint = " (for one feature use X.reshape(-1, 1); for one row use X.reshape(1, -1))"
            raise ValueError(f"{name} must be a {want} array, got a {arr.ndim}-D array of shape {arr.shape}{hint}")
    if not allow_empty and arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape}): it needs at least one row of data")
    if not np.all(np.isfinite(arr)):
        n_nan = int(np.isnan(arr).sum())
        n_inf = int(np.isinf(arr).sum())
        raise ValueError(
            f"{name} contains {n_nan} NaN and {n_inf} infinite value(s) (shape {arr.shape}): "
            "remove or fill missing values before using it"
        )
    return arr


def _too_big(x):
    """True for a Python int beyond the largest float (about 1.8e308)."""
    return isinstance(x, int) and abs(x).bit_length() > 1024


def check_rows_match(name_a, a, name_b, b):
    """Raise if two 2-D arrays have a different number of rows."""
    if a.shape[0] != b.shape[0]:
        raise ValueError(
            f"{name_a} and {name_b} must have the same number of rows, got {name_a} of shape {a.shape} "
            f"and {name_b} of shape {b.shape}"
        )


def check_same_shape(name_a, a, name_b, b):
    """Raise if two arrays have different shapes."""
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape, got {name_a} of shape {a.shape} "
            f"and {name_b} of shape {b.shape}"
        )


def positive_number(name, value, *, integer=False):
    """Return `value` if it is a finite number > 0 (an int if `integer`), else raise.

    Any real number is accepted (int, float, numpy scalar, Fraction) and returned as a float
    (or an int); bools, strings, None and complex numbers are refused.
    """
    kind = "a positive whole number" if integer else "a positive number"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be {kind}, got {_short(value)} of type {type(value).__name__}")
    if integer and isinstance(value, numbers.Integral):
        if value <= 0:
            raise ValueError(f"{name} must be {kind}, got {value!r}")
        return int(value)
    try:
        as_float = float(value)
    except OverflowError:  # a Fraction or int beyond 1.8e308
        raise ValueError(f"{name} must be {kind}, got {_short(value)} (too large for a float: at most about "
                         "1.8e308)") from None
    if integer and not as_float.is_integer():
        raise TypeError(f"{name} must be a positive whole number, got {value!r}")
    if not np.isfinite(as_float) or as_float <= 0:
        raise ValueError(f"{name} must be {kind}, got {value!r}")
    return int(as_float) if integer else as_float


def choice(name, value, options):
    """Return `value` if it is one of `options`, else raise naming the options."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {sorted(options)}, got {_short(value)} of type {type(value).__name__}")
    if value not in options:
        raise ValueError(f"unknown {name} {_short(value)}: expected one of {sorted(options)}")
    return value


def two_of(name, value, options, what, example):
    """`value` as a tuple of two different items of `options` (e.g. two penguin measurements), or a
    clear error: `what` names them in words ("penguin columns"), `example` is a good value."""
    if isinstance(value, str) or not hasattr(value, "__len__") or len(value) != 2:
        raise ValueError(f"{name} must name two {what}, such as {example}, got {_short(value)}")
    pair = tuple(value)
    for item in pair:
        choice(f"each of {name}", item, options)
    if pair[0] == pair[1]:
        raise ValueError(f"{name} must be two different {what}, got {pair[0]!r} twice")
    return pair


def flag(name, value):
    """Return `value` as a bool if it is True or False (numpy's too), else a TypeError.

    A string such as "no" or a number would otherwise count as true without a word.
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise TypeError(f"{name} must be True or False, got {_short(value)} of type {type(value).__name__}")


def file_path(name, value):
    """Return `value` as a Path if it is a file name (a str or a pathlib.Path), else a clear error."""
    if isinstance(value, bytes) or not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{name} must be a file name (a str or a pathlib.Path), got {_short(value)} of type "
                        f"{type(value).__name__}")
    path = Path(value)
    if str(value).strip() == "":
        raise ValueError(f"{name} must be a file name, got an empty name {value!r}")
    return path


def seed_value(name, seed):
    """Check a random seed: None or a non-negative integer."""
    if seed is None:
        return None
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise TypeError(f"{name} must be a non-negative integer or None, got {seed!r}")
    return int(seed)


def number(name, value, low=None, high=None):
    """Return `value` as a float if it is a finite real number within [low, high], else raise.

    Accepts ints, floats and numpy scalars; refuses bools, strings, None and complex numbers
    (TypeError) and NaN, ±inf or a value outside the range (ValueError).
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be {_range_words('a finite number', low, high)}, got {_short(value)} of type "
                        f"{type(value).__name__}")
    try:
        value = float(value)
    except OverflowError:  # an int or Fraction beyond 1.8e308
        raise ValueError(f"{name} must be {_range_words('a finite number', low, high)}, got {_short(value)}") from None
    if not np.isfinite(value) or (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{name} must be {_range_words('a finite number', low, high)}, got {value!r}")
    return value


def whole_number(name, value, low=None, high=None):
    """Return `value` as an int if it is a whole number within [low, high], else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be {_range_words('a whole number', low, high)}, got {_short(value)} of type "
                        f"{type(value).__name__}")
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{name} must be {_range_words('a whole number', low, high)}, got {_short(value)}")
    return value


def _range_words(kind, low, high):
    if low is not None and high is not None:
        return f"{kind} from {low:g} to {high:g}"
    if low is not None:
        return f"{kind} ≥ {low:g}"
    if high is not None:
        return f"{kind} ≤ {high:g}"
    return kind


def check_instance(name, value, cls, how_to_get=None):
    """Return `value` if it is an instance of `cls`, else a TypeError saying where to get one."""
    if not isinstance(value, cls):
        where = f" (from {how_to_get})" if how_to_get else ""
        raise TypeError(f"{name} must be a {cls.__name__}{where}, got {type(value).__name__}")
    return value


def check_network(net, name="net"):
    """Return `net` if it is an nnlesson Network, else a TypeError."""
    from .network import Network  # the network module imports this one

    return check_instance(name, net, Network, "nnlesson.Network(...)")


def merged_settings(defaults, settings, name="settings"):
    """`defaults` (a dict of settings) updated with `settings`; a name not among them is an error."""
    if not isinstance(settings, dict):
        raise TypeError(f"{name} must be a dict such as {{'lr': 0.1}}, got {type(settings).__name__}")
    unknown = set(settings) - set(defaults)
    if unknown:
        raise ValueError(f"unknown settings {sorted(unknown, key=str)}: expected some of {sorted(defaults)}")
    return {**defaults, **settings}


def check_layer_sizes(value, name="layer_sizes"):
    """Neurons per layer, inputs first: a list of at least two whole numbers ≥ 1, or a clear error.

    The order matters, so only ordered sequences are accepted (a list, a tuple, a range or a 1-D
    array): a set or a dict would build the layers in an arbitrary order. A network of more
    than MAX_PARAMETERS weights and biases is refused before anything is allocated.
    """
    if isinstance(value, (set, frozenset, dict)):
        raise TypeError(f"{name} must be a list of whole numbers such as [3, 4, 1], in order, inputs first; "
                        f"got a {type(value).__name__} {_short(value)}, which has no order")
    if not isinstance(value, (list, tuple, range, np.ndarray)) or (isinstance(value, np.ndarray) and value.ndim != 1):
        raise TypeError(f"{name} must be a list of whole numbers such as [3, 4, 1], got {_short(value)}")
    if len(value) > MAX_LAYERS:  # checked before the list is copied (range(10**12) has a length)
        raise ValueError(f"{name} must list at most {MAX_LAYERS} layer sizes, got {len(value):,}")
    sizes = list(value)
    if len(sizes) < 2:
        raise ValueError(f"{name} needs at least an input and an output size, such as [3, 1], got {sizes} "
                         "(at least two positive whole numbers)")
    for k, n in enumerate(sizes):
        try:
            whole_number(f"{name}[{k}]", n, 1)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{name} must hold positive whole numbers, got {_short(sizes)}: {exc}") from None
    sizes = [int(n) for n in sizes]
    n_parameters = sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))  # W and b per layer
    if n_parameters > MAX_PARAMETERS:
        count = f"{n_parameters:,}" if n_parameters < 10**18 else _short(n_parameters, 30)
        raise ValueError(f"{name} must describe a network of at most {MAX_PARAMETERS:,} weights and biases "
                         f"(80 MB), got {_short(sizes)}, which needs {count} ({_bytes_words(8 * n_parameters)}): "
                         "use smaller layers")
    return sizes


def _bytes_words(n_bytes):
    """A memory size in words: '75 GB', '120 MB'."""
    if n_bytes >= 10**18:
        return "far more memory than any computer has"
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n_bytes >= size:
            return f"about {n_bytes / size:,.0f} {unit}"
    return f"{n_bytes} bytes"


def name_list(name, value):
    """Column names as a list, in the order given: a single str is one name; a set or dict is refused
    (no order), and so are an empty list, a name that is not a str and a name listed twice."""
    if isinstance(value, str):
        return [value]
    if not isinstance(value, (list, tuple)):
        why = " (a set has no order)" if isinstance(value, (set, frozenset)) else ""
        raise TypeError(f"{name} must be a list of column names in the order you want them, got "
                        f"{type(value).__name__} {_short(value)}{why}")
    names = list(value)
    if not names:
        raise ValueError(f"{name} must name at least one column")
    for item in names:
        if not isinstance(item, str):
            raise TypeError(f"{name} must be column names (str), got {_short(item)} of type {type(item).__name__}")
    repeated = sorted({item for item in names if names.count(item) > 1})
    if repeated:
        raise ValueError(f"{name} lists {repeated} twice: name each column once")
    return names

"""Input checks shared by the public functions.

Every public function in nnlesson checks what it is given and, when something is wrong,
raises a ValueError or TypeError that names the argument, says what it got (with shapes)
and what it expected. These helpers keep those messages consistent.
"""

from __future__ import annotations

import numbers

import numpy as np


def as_array(name, value, *, ndim=None, allow_empty=False):
    """Return `value` as a finite float64 numpy array, or raise a clear error.

    `ndim` may be an int or a tuple of allowed dimensions.
    """
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be numeric data (a numpy array or list of numbers), got a string {value!r}")
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged nested lists and the like
        raise TypeError(f"{name} must be numeric data (a numpy array or list of numbers): {exc}") from None
    if arr.dtype == object or arr.dtype.kind in "USVMm":
        first = f" (first value {arr.ravel()[:1].tolist()[0]!r})" if arr.size else ""  # tolist: 'a', not np.str_('a')
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
    """Return `value` if it is a finite number > 0 (an int if `integer`), else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        kind = "a positive whole number" if integer else "a positive number"
        raise TypeError(f"{name} must be {kind}, got {value!r} of type {type(value).__name__}")
    if integer and not float(value).is_integer():
        raise TypeError(f"{name} must be a positive whole number, got {value!r}")
    if not np.isfinite(value) or value <= 0:
        kind = "a positive whole number" if integer else "a positive number"
        raise ValueError(f"{name} must be {kind}, got {value!r}")
    return int(value) if integer else float(value)


def choice(name, value, options):
    """Return `value` if it is one of `options`, else raise naming the options."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {sorted(options)}, got {value!r} of type {type(value).__name__}")
    if value not in options:
        raise ValueError(f"unknown {name} {value!r}: expected one of {sorted(options)}")
    return value


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
        raise TypeError(f"{name} must be {_range_words('a finite number', low, high)}, got {value!r} of type "
                        f"{type(value).__name__}")
    value = float(value)
    if not np.isfinite(value) or (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{name} must be {_range_words('a finite number', low, high)}, got {value!r}")
    return value


def whole_number(name, value, low=None, high=None):
    """Return `value` as an int if it is a whole number within [low, high], else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be {_range_words('a whole number', low, high)}, got {value!r} of type "
                        f"{type(value).__name__}")
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{name} must be {_range_words('a whole number', low, high)}, got {value!r}")
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
        raise ValueError(f"unknown settings {sorted(unknown)}: expected some of {sorted(defaults)}")
    return {**defaults, **settings}


def check_layer_sizes(value, name="layer_sizes"):
    """Neurons per layer, inputs first: a list of at least two whole numbers ≥ 1, or a clear error."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
        raise TypeError(f"{name} must be a list of whole numbers such as [3, 4, 1], got {value!r}")
    sizes = list(value)
    if len(sizes) < 2:
        raise ValueError(f"{name} needs at least an input and an output size, such as [3, 1], got {sizes} "
                         "(at least two positive whole numbers)")
    for k, n in enumerate(sizes):
        try:
            whole_number(f"{name}[{k}]", n, 1)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{name} must hold positive whole numbers, got {sizes}: {exc}") from None
    return [int(n) for n in sizes]

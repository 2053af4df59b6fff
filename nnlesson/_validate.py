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

"""Self-checking exercises: the machinery behind every lesson's checkers.

`check_function` runs a learner's function on several random inputs and compares its answer
with a reference (the package's own function or a numerical derivative); `check_value` checks
one number (or array) computed by hand. Both answer with a `Feedback`: a verdict, the learner's
own value beside what kind of value was expected (shape, sign, size: never the answer) and a
hint. They never raise because of what the learner wrote, and never show a raw traceback:

- Time limit. The learner's function runs for at most `TIME_LIMIT` (5 s) per call. On the main
  thread of a process with SIGALRM (a Jupyter kernel on Linux or macOS: a cell runs on the
  kernel's main thread) a `signal.setitimer` alarm interrupts it, even in `while True: pass`;
  the previous alarm handler and timer are restored afterwards. Elsewhere (Windows, or a
  checker called from another thread) the function runs in a daemon thread and the checker
  stops waiting after the limit: the answer is the same, but the runaway loop keeps running in
  the background until the kernel restarts (Python cannot stop a thread), and the feedback
  says so. A numpy call already inside C code is interrupted only when it returns.
- Errors. Whatever the function raises becomes one line: its type, its message and the line of
  the learner's code it came from.
- Inputs changed in place. Each argument is copied before the call and compared afterwards;
  a function that changed one (`W -= ...`, `X[0] = ...`) fails, with the argument named.
- Absurd values. None, text, True/False, complex numbers, ragged lists, a wrong shape, NaN
  or ±inf: each gets its own feedback.
- Slips. A `Slip(wrong, hint)` is a typical mistake given as its own wrong-answer function: its
  hint is shown only when the learner's answers equal that function's answers on every input
  tried (so "did you include the factor 2?" appears only for a missing factor 2). A plain pair
  `(test, hint)` is a property hint, shown when `test` is true of the learner's wrong value.
- Numbers typed by hand (`check_value`). A value passes when it is within the checker's
  tolerance (by default relative `BY_HAND_RTOL` = 5e-4: the answer rounded to 4 significant
  digits, as the lessons print numbers, e.g. 1.667 for 5/3) or when it agrees with the answer
  to every digit the learner typed, provided they typed at least `MIN_DIGITS` (3)
  significant digits (1.67 for 5/3 passes, 1.7 is asked for more digits).

Lessons define their exercises with them, e.g.

    def check_dE_dW1(fn):
        return check_function(fn, reference=..., make_inputs=..., hints=[Slip(half, "...")])
"""

from __future__ import annotations

import copy
import html
import inspect
import math
import numbers
import os
import signal
import threading
import time
import traceback
import warnings
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np

from ._validate import number, whole_number
from .plots import fmt

TIME_LIMIT = 5.0       # seconds a learner's function may run per call
BY_HAND_RTOL = 5e-4    # a number rounded to 4 significant digits is within this relative distance
MIN_DIGITS = 3         # significant digits a by-hand number needs for the "digits you typed" rule
SLIP_RTOL = 1e-4       # how closely a learner's answer must follow a slip's wrong answer

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_NUMPY_DIR = os.path.dirname(os.path.abspath(np.__file__))


@dataclass
class Feedback:
    """The verdict on an exercise: `passed`, a headline, a hint (when not passed) and a note."""

    passed: bool
    title: str
    hint: str = ""
    note: str = ""

    def __bool__(self):
        return self.passed

    def __str__(self):
        mark = "✅ Correct!" if self.passed else "❌ Not yet."
        return (f"{mark} {self.title}" + (f"\nHint: {self.hint}" if self.hint else "")
                + (f"\nNote: {self.note}" if self.note else ""))

    __repr__ = __str__

    def _repr_html_(self):
        colour = "#0072B2" if self.passed else "#D55E00"
        mark = "✅ Correct!" if self.passed else "❌ Not yet."
        hint = f"<br><b>Hint:</b> {html.escape(self.hint)}" if self.hint else ""
        note = f"<br><b>Note:</b> {html.escape(self.note)}" if self.note else ""
        return (f'<div class="nnl-feedback" style="border-left:4px solid {colour};padding:4px 10px">'
                f"<b>{mark}</b> {html.escape(self.title)}{hint}{note}</div>")


@dataclass(frozen=True)
class Slip:
    """A typical mistake: `wrong` computes what a learner who makes it gets, `hint` explains it.

    For `check_function`, wrong(*inputs) -> value; for `check_value`, a number or array (or a
    function of no arguments returning one).
    """

    wrong: Any
    hint: str


# -- describing values in words -------------------------------------------------------------
def describe_value(value):
    """The learner's value for a message: a number with 4 significant digits, a small array in
    full, a large one by its shape and first entries."""
    arr = np.asarray(value)
    if arr.ndim == 0:
        return fmt(arr.item())
    if arr.size <= 8:
        return "[" + ", ".join(fmt(v) for v in arr.ravel()) + "]" + (f" (shape {arr.shape})" if arr.ndim > 1 else "")
    first = ", ".join(fmt(v) for v in arr.ravel()[:3])
    return f"an array of shape {arr.shape} starting {first}, …"


def _decade(x):
    """'between 0.1 and 1' for 0.43: the size of x without its digits."""
    k = math.floor(math.log10(abs(x)))
    return f"between {fmt(10.0 ** k)} and {fmt(10.0 ** (k + 1))}"


def describe_expected(expected):
    """What kind of value is expected, in words: shape, sign, whole or not, size; never the value."""
    e = np.asarray(expected, dtype=np.float64)
    if e.size == 0:
        return f"an empty array of shape {e.shape}"
    whole = np.all(e == np.round(e))
    big = float(np.max(np.abs(e)))
    if e.ndim == 0:
        if big == 0:
            return "a number close to 0"
        sign = "positive" if e > 0 else "negative"
        return f"a {sign} {'whole number' if whole else 'number'} {_decade(big)} in size"
    signs = "all ≥ 0" if np.all(e >= 0) else "all ≤ 0" if np.all(e <= 0) else "some positive, some negative"
    kind = "0s and 1s" if np.all((e == 0) | (e == 1)) else "whole numbers" if whole else "numbers"
    size = "" if big == 0 or kind == "0s and 1s" else f", the largest {_decade(big)} in size"
    return f"an array of shape {e.shape} of {kind} ({signs}{size})"


def _describe_input(name, a):
    if isinstance(a, (list, tuple)) and not all(isinstance(v, numbers.Number) for v in a):
        return f"{name} = a list of {len(a)} items"
    arr = np.asarray(a) if not isinstance(a, (str, bytes)) else None
    if arr is not None and arr.dtype.kind in "biuf":
        return f"{name} = {fmt(arr.item())}" if arr.ndim == 0 else f"{name} (an array of shape {arr.shape})"
    return f"{name} (a {type(a).__name__})"


def describe_inputs(args, arg_names):
    return ", ".join(_describe_input(n, a) for n, a in zip(arg_names, args))


def argument_names(fn, n):
    """The names of fn's first n parameters (the learner's own words), or 'argument 1', ..."""
    try:
        params = [p for p in inspect.signature(fn).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        params = []
    names = [p.name for p in params[:n]]
    return tuple(names + [f"argument {k + 1}" for k in range(len(names), n)])


# -- running the learner's function ---------------------------------------------------------
class _TimeUp(BaseException):
    """Raised inside the learner's function when its time is up (a BaseException, so that a
    learner's `except Exception:` does not swallow it)."""


def _can_use_alarm():
    return (hasattr(signal, "SIGALRM") and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread())


def _call_with_alarm(fn, args, time_limit):
    def on_alarm(signum, frame):
        raise _TimeUp

    previous_handler = signal.signal(signal.SIGALRM, on_alarm)
    previous_timer = signal.setitimer(signal.ITIMER_REAL, time_limit)
    start = time.monotonic()
    try:
        try:
            return fn(*args)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    finally:  # runs even if the alarm fires while the inner finally switches the timer off
        signal.signal(signal.SIGALRM, signal.SIG_DFL if previous_handler is None else previous_handler)
        if previous_timer[0] > 0:   # someone else's alarm was pending: give back what is left of it
            left = max(previous_timer[0] - (time.monotonic() - start), 1e-3)
            signal.setitimer(signal.ITIMER_REAL, left, previous_timer[1])


def _call_in_thread(fn, args, time_limit):
    box = {}

    def target():
        try:
            box["value"] = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - handed over to the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=target, daemon=True, name="nnlesson-exercise")
    worker.start()
    worker.join(time_limit)
    if worker.is_alive():
        raise _TimeUp
    if "error" in box:
        raise box["error"]
    return box["value"]


def call_with_time_limit(fn, args, time_limit=None):
    """fn(*args), interrupted after `time_limit` seconds (default `TIME_LIMIT`) by raising
    `_TimeUp`: a SIGALRM timer on the main thread, else a daemon thread (see the module notes)."""
    time_limit = TIME_LIMIT if time_limit is None else number("time_limit", time_limit, low=1e-3)
    if _can_use_alarm():
        return _call_with_alarm(fn, args, time_limit)
    return _call_in_thread(fn, args, time_limit)


def _learner_line(exc):
    """' (line 3: `return x / 0`)': where in the learner's own code the error came from."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if not os.path.abspath(f.filename).startswith((_PACKAGE_DIR, _NUMPY_DIR))]
    if not frames:
        return ""
    line = (frames[-1].line or "").strip()
    return f" (line {frames[-1].lineno}" + (f": `{line[:80]}`)" if line else ")")


def _snapshot(value):
    try:
        return copy.deepcopy(value)
    except Exception:  # an object that cannot be copied is not checked for changes
        return value


def _same(a, b):
    """Whether `a` still equals its copy `b` (NaN equals NaN)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        if a.shape != b.shape or a.dtype != b.dtype:
            return False
        return bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    try:
        return bool(a == b) or (a != a and b != b)
    except Exception:
        return True


def run_learner(fn, args, name="your function", arg_names=None, time_limit=None):
    """Call the learner's fn(*args) under the time limit. Returns (value, None), or (None, Feedback)
    when it is not a function, is not written yet, raised, took too long or changed an input."""
    if not callable(fn):
        return None, Feedback(False, f"{name} should be a function, but it is a {type(fn).__name__}.",
                              "Define it with def ...(...): and return the value.")
    arg_names = argument_names(fn, len(args)) if arg_names is None else tuple(arg_names)
    before = [_snapshot(a) for a in args]
    limit = TIME_LIMIT if time_limit is None else time_limit
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = call_with_time_limit(fn, args, limit)
    except _TimeUp:
        background = "" if _can_use_alarm() else (" It may still be running in the background: restart the "
                                                  "kernel if the computer gets slow.")
        return None, Feedback(False, f"{name} took longer than {limit:g} s: is there a loop that never ends?",
                              "Check that every `while` loop changes what its condition tests; a `for` loop "
                              "over the rows (for i in range(len(Y))) ends by itself." + background)
    except NotImplementedError:
        return None, Feedback(False, f"{name} is not written yet.",
                              "Replace the `raise NotImplementedError` line with your code.")
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # the learner's bug, reported in one line  # noqa: BLE001
        message = str(exc)
        message = message if len(message) <= 300 else message[:300] + "…"
        return None, Feedback(
            False, f"{name} raised {type(exc).__name__}" + (f": {message}" if message else "") + _learner_line(exc),
            "Read the error above: which line of your function does it point to? Print the shapes "
            "(.shape) of the arrays on that line.")
    changed = [n for n, a, b in zip(arg_names, args, before) if not _same(a, b)]
    if changed:
        which = " and ".join(changed)
        return None, Feedback(
            False, f"{name} changed its input {which} in place.",
            f"Leave the inputs as they are and return a new array instead: `{changed[0]} = {changed[0]} - ...` "
            f"makes a new array, while `{changed[0]} -= ...` or `{changed[0]}[...] = ...` changes the one the "
            f"caller gave you (use {changed[0]}.copy() if you need a copy to change).")
    return value, None


# -- checking what came back ----------------------------------------------------------------
def as_learner_array(value, expected, name="your function", verb="returned"):
    """The learner's value as a float array shaped like `expected`, or a Feedback saying why not.

    Returns (array, None) or (None, Feedback). Shapes that differ only by axes of length 1
    (a (3, 1) column for a (3,) array, a 1-element array for a number) are accepted.
    """
    expected = np.asarray(expected, dtype=np.float64)
    want = describe_expected(expected)
    number_words = "a number" if expected.ndim == 0 else f"an array of shape {expected.shape}"

    def refuse(what, hint=f"Return {number_words}."):
        return None, Feedback(False, f"{name} {verb} {what}; expected {want}.", hint)

    if value is None:
        return refuse("nothing (None)", "Did you forget the `return` line?")
    if value is Ellipsis:
        return refuse("... (Ellipsis)", "Replace the `...` with your answer.")
    if isinstance(value, (bool, np.bool_)):
        return refuse(f"{value}, a yes/no value rather than a number")
    if isinstance(value, (str, bytes)):
        return refuse(f"the text {str(value)[:40]!r}", "Write the number itself, without quotes.")
    if isinstance(value, (dict, set, frozenset)):
        return refuse(f"a {type(value).__name__}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            raw = np.asarray(value)
            if raw.dtype.kind in "cUSV" or (raw.dtype == object and any(
                    isinstance(v, (complex, str, bytes, type(None))) for v in raw.ravel()[:1000])):
                return refuse(f"a complex number ({value!r:.40})" if raw.dtype.kind == "c" and raw.ndim == 0
                              else f"a {type(value).__name__} holding complex numbers, text or None")
            got = raw.astype(np.float64)
    except (TypeError, ValueError):
        return refuse(f"a {type(value).__name__} that is not a number or a rectangular array "
                      "(rows of different lengths?)")
    if got.shape != expected.shape:
        if got.size == expected.size and np.squeeze(got).shape == np.squeeze(expected).shape:
            got = got.reshape(expected.shape)
        elif expected.ndim == 0:
            return refuse(f"{describe_value(got)}, {got.size} numbers",
                          "Return a single number: did you forget to add up or average (np.sum, np.mean)?")
        else:
            turned = " (turned on its side?)" if got.shape == expected.shape[::-1] else ""
            return refuse(f"shape {got.shape}{turned}", "Check which axis you sum or average over, and the "
                                                        "order of the factors in a matrix product.")
    return got, None


def _matches(a, b, rtol, atol):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape and np.squeeze(a).shape == np.squeeze(b).shape:
        a = a.reshape(b.shape)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True))


def _non_finite_hint(got):
    if np.all(np.isfinite(got)):
        return ""
    return ("Your answer contains NaN (not a number) or infinity: look for a division by zero, the log "
            "of 0, or an overflow such as np.exp of a large number.")


def _validated_hints(hints):
    hints = list(hints)
    for h in hints:
        if not (isinstance(h, Slip) or (isinstance(h, tuple) and len(h) == 2 and callable(h[0]))):
            raise TypeError(f"hints must be Slip(wrong, hint) or (test, hint) pairs, got {h!r}")
    return hints


def check_function(fn, reference, make_inputs, hints=(), n_trials=5, seed=0, rtol=1e-6, atol=1e-9,
                   name="your function", arg_names=None, time_limit=None):
    """Compare the learner's `fn(*inputs)` with `reference(*inputs)` on `n_trials` random inputs.

    make_inputs(rng) -> tuple of arguments. `hints`: `Slip(wrong, hint)`s, shown when fn agrees
    with wrong(*inputs) on every input tried, and property hints `(test, hint)` with
    test(args, got, expected) -> bool on the first wrong answer; the first that applies is shown.
    `time_limit` (seconds, default `TIME_LIMIT`) bounds each call. Returns a `Feedback`.
    """
    if not callable(reference) or not callable(make_inputs):
        raise TypeError("reference and make_inputs must be functions")
    hints = _validated_hints(hints)
    n_trials = whole_number("n_trials", n_trials, low=1)
    rng = np.random.default_rng(seed)
    records, failed = [], None   # records: (inputs, learner's answer, expected answer)
    for trial in range(n_trials):
        args = tuple(make_inputs(rng))
        expected = np.asarray(reference(*_snapshot(args)), dtype=np.float64)
        names = argument_names(fn, len(args)) if arg_names is None else tuple(arg_names)
        value, problem = run_learner(fn, args, name=name, arg_names=names, time_limit=time_limit)
        if problem is None:
            got, problem = as_learner_array(value, expected, name)
            if problem is not None and failed is None:   # a wrong shape may still be a known slip
                problem.hint = _slip_hint(hints, [(args, value, expected)], rtol, atol, shape_only=True) or problem.hint
        if problem is not None:
            if failed is not None:
                break               # enough evidence already: report the wrong answer found earlier
            return problem
        records.append((args, got, expected))
        if failed is None and not _matches(got, expected, rtol, atol):
            failed = len(records) - 1
    if failed is None:
        return Feedback(True, f"{name} matches on {n_trials} random cases.")
    args, got, expected = records[failed]
    hint = (_slip_hint(hints, records, rtol, atol, first=failed) or _non_finite_hint(got)
            or "Write the formula out on paper for one row and compare term by term.")
    names = argument_names(fn, len(args)) if arg_names is None else tuple(arg_names)
    return Feedback(False, f"For {describe_inputs(args, names)}: {name} returned {describe_value(got)}; "
                           f"expected {describe_expected(expected)}.", hint)


def _slip_hint(hints, records, rtol, atol, first=0, shape_only=False):
    """The hint of the first slip that explains the learner's answers, or ''."""
    tol = dict(rtol=max(rtol, SLIP_RTOL), atol=max(atol, 1e-8))
    for h in hints:
        try:
            if isinstance(h, Slip):
                if all(_matches(got, np.asarray(h.wrong(*_snapshot(args)), dtype=np.float64), **tol)
                       for args, got, exp in records):
                    return h.hint
            elif not shape_only:
                args, got, exp = records[first]
                with np.errstate(all="ignore"):
                    if h[0](args, got, exp):
                        return h[1]
        except Exception:  # a slip that cannot be computed for these inputs does not apply
            continue
    return ""


# -- numbers computed by hand ---------------------------------------------------------------
def _digits_typed(x):
    """(significant digits, place of the last digit) of a float as typed, e.g. 1.667 -> (4, 0.001)."""
    d = Decimal(repr(float(x))).normalize()
    sign, digits, exponent = d.as_tuple()
    if float(x) == 0:
        return 1, 1.0
    return len(digits), 10.0 ** exponent


def agrees_by_hand(got, expected, rtol=BY_HAND_RTOL, atol=1e-9, min_digits=MIN_DIGITS):
    """True where `got` equals `expected` within rtol/atol, or to every digit typed in `got`
    (half a unit in its last digit) when at least `min_digits` significant digits were typed."""
    got, expected = np.broadcast_arrays(np.asarray(got, dtype=np.float64), np.asarray(expected, dtype=np.float64))
    ok = np.isclose(got, expected, rtol=rtol, atol=atol).ravel()
    for k, (g, e) in enumerate(zip(got.ravel(), expected.ravel())):
        if not ok[k] and np.isfinite(g):
            n, place = _digits_typed(g)
            ok[k] = n >= min_digits and abs(g - e) <= 0.5 * place * (1 + 1e-9)
    return ok.reshape(got.shape)


def check_value(value, expected, hints=(), rtol=BY_HAND_RTOL, atol=1e-9, name="your answer"):
    """Check a number (or array) the learner computed by hand. Returns a `Feedback`, never raises
    because of `value`.

    Passes when every entry agrees with `expected` within rtol/atol (default: rounded to 4
    significant digits) or to every digit the learner typed (at least `MIN_DIGITS`). `hints`:
    `Slip(wrong_value, hint)`s, matched by the same rule, and property hints (test(got, expected), hint).
    """
    expected = np.asarray(expected, dtype=np.float64)
    if not np.all(np.isfinite(expected)):
        raise ValueError(f"expected must be finite numbers, got {expected}")
    hints = _validated_hints(hints)
    single = "a single number" if expected.ndim == 0 else f"an array of shape {expected.shape}"
    if isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_)):
        value = float(value)   # fractions.Fraction, decimal.Decimal, numpy scalars
    got, problem = as_learner_array(value, expected, name, verb="is")
    if problem is not None:
        problem.hint = (f"Check that you wrote {single}" + (", such as 0.25 (a fraction such as 5 / 3 is fine)."
                                                          if expected.ndim == 0 else "."))
        return problem
    if not np.all(np.isfinite(got)):
        return Feedback(False, f"{name} is {describe_value(got)}; expected {describe_expected(expected)}.",
                        "NaN or infinity: look for a division by zero or an overflow in your calculation.")
    if np.all(agrees_by_hand(got, expected, rtol, atol)):
        return Feedback(True, f"{name} is right.")
    title = f"{name} is {describe_value(got)}; expected {describe_expected(expected)}."
    for h in hints:
        try:
            if isinstance(h, Slip):
                wrong = h.wrong() if callable(h.wrong) else h.wrong
                if np.shape(wrong) == expected.shape and np.all(agrees_by_hand(got, wrong, max(rtol, SLIP_RTOL), atol)):
                    return Feedback(False, title, h.hint)
            elif h[0](got, expected):
                return Feedback(False, title, h[1])
        except Exception:
            continue
    if np.all(agrees_by_hand(got, expected, rtol, atol, min_digits=1)):
        return Feedback(False, f"{name} is {describe_value(got)}: right as far as it goes, but too rounded to check.",
                        f"Give at least {MIN_DIGITS} significant digits (the lesson prints 4), or type the "
                        "calculation itself, such as 5 / 3.")
    return Feedback(False, title, "Plug the numbers into the formula one factor at a time.")

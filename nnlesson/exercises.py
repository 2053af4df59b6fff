"""Self-checking exercises.

`check_function` runs a learner's function on several random inputs and compares its answer
with a reference (the package's own function or a numerical derivative). It answers with a
verdict and a hint, never with the solution, and never with a raw traceback: if the learner's
code raises, the feedback names the error in one line.

Lessons define their exercises with it, e.g.

    def check_dE_dW1(fn):
        return check_function(fn, reference=..., make_inputs=..., hints=[...])
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np


@dataclass
class Feedback:
    """The verdict on an exercise: `passed`, a headline and (when not passed) a hint."""

    passed: bool
    title: str
    hint: str = ""

    def __bool__(self):
        return self.passed

    def __str__(self):
        mark = "✅ Correct!" if self.passed else "❌ Not yet."
        return f"{mark} {self.title}" + (f"\nHint: {self.hint}" if self.hint else "")

    __repr__ = __str__

    def _repr_html_(self):
        colour = "#0072B2" if self.passed else "#D55E00"
        mark = "✅ Correct!" if self.passed else "❌ Not yet."
        hint = f"<br><b>Hint:</b> {html.escape(self.hint)}" if self.hint else ""
        return (f'<div class="nnl-feedback" style="border-left:4px solid {colour};padding:4px 10px">'
                f"<b>{mark}</b> {html.escape(self.title)}{hint}</div>")


def _describe(args):
    parts = []
    for a in args:
        a = np.asarray(a)
        parts.append(f"{a.item():.4g}" if a.ndim == 0 else f"array of shape {a.shape}")
    return ", ".join(parts)


def check_function(fn, reference, make_inputs, hints=(), n_trials=5, seed=0, rtol=1e-6, atol=1e-9,
                   name="your function"):
    """Compare `fn(*inputs)` with `reference(*inputs)` on `n_trials` random inputs.

    make_inputs(rng) -> tuple of arguments. `hints` is a list of (test, hint) pairs, where
    test(args, got, expected) returns True if that hint explains the mismatch; the first
    matching hint is shown, else a generic one. Returns a `Feedback`.
    """
    if not callable(fn):
        return Feedback(False, f"{name} should be a function, but it is a {type(fn).__name__}.",
                        "Define it with def ...(...): and return the value.")
    rng = np.random.default_rng(seed)
    for trial in range(n_trials):
        args = make_inputs(rng)
        expected = np.asarray(reference(*args), dtype=np.float64)
        try:
            got = fn(*args)
        except NotImplementedError:
            return Feedback(False, f"{name} is not written yet.", "Replace the `raise NotImplementedError` line with your code.")
        except Exception as exc:  # the learner's bug, reported in one line
            return Feedback(False, f"{name} raised {type(exc).__name__}: {exc}",
                            "Read the error above: which line of your function does it point to?")
        if got is None:
            return Feedback(False, f"{name} returned nothing (None).", "Did you forget the `return` line?")
        try:
            got = np.asarray(got, dtype=np.float64)
        except (TypeError, ValueError):
            return Feedback(False, f"{name} returned {type(got).__name__}, not a number or array.",
                            "Return a number (or a numpy array).")
        if got.shape != expected.shape:
            if got.size == expected.size:
                got = got.reshape(expected.shape)
            else:
                return Feedback(False, f"{name} returned shape {got.shape}, expected {expected.shape}.",
                                "Check which axis you sum or average over.")
        if not np.allclose(got, expected, rtol=rtol, atol=atol):
            for test, hint in hints:
                try:
                    if test(args, got, expected):
                        return Feedback(False, f"For inputs ({_describe(args)}) your answer differs from the expected one.", hint)
                except Exception:
                    continue
            return Feedback(False, f"For inputs ({_describe(args)}) your answer differs from the expected one.",
                            "Write the formula out on paper for one row and compare term by term.")
    return Feedback(True, f"{name} matches on {n_trials} random cases.")


def check_value(value, expected, hints=(), rtol=1e-4, atol=1e-9, name="your answer"):
    """Check a single number or array the learner computed by hand. Returns a `Feedback`."""
    try:
        got = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return Feedback(False, f"{name} should be a number, got {type(value).__name__}.", "Write a number such as 0.25.")
    expected = np.asarray(expected, dtype=np.float64)
    if got.shape != expected.shape or not np.all(np.isfinite(got)):
        return Feedback(False, f"{name} should be a finite value of shape {expected.shape}, got shape {got.shape}.",
                        "Check that you wrote a single number.")
    if np.allclose(got, expected, rtol=rtol, atol=atol):
        return Feedback(True, f"{name} is right.")
    for test, hint in hints:
        try:
            if test(got, expected):
                return Feedback(False, f"{name} is not right yet.", hint)
        except Exception:
            continue
    return Feedback(False, f"{name} is not right yet.", "Plug the numbers into the formula one factor at a time.")

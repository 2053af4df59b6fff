"""Lesson 2's exercise 3, "too small, good, too large": choosing a learning rate on a bowl.

Lesson 2 §3 ("Why too large a step diverges"): near the bottom, along one direction, the error is a
bowl E = a·(W − W*)², so ∂E/∂W = 2a·(W − W*) and one step of gradient descent gives

    W − W* ← (1 − 2a·lr)·(W − W*)          the factor r = 1 − 2a·lr, every step

|r| < 1: the steps close in (0 < r < 1 from one side, −1 < r < 0 crossing the bottom each time);
r = 0 (lr = 1/(2a)): one step lands on the bottom; r < −1 (lr > 1/a): every step lands further
away on the other side, and the run diverges. A learning rate is *too small* when after
`STEPS` (20) steps more than a tenth of the distance to the bottom is left (|r|²⁰ > 0.1).

The exercise's bowl is E = 2.5·(W − 3)² (`BOWL_A`, `BOWL_BOTTOM`). The learner

    lr_limit = ...                       the learning rate above which descent diverges: 1/a
    verdicts = {0.01: "...", 0.15: "...", 0.3: "...", 0.5: "..."}     "too small", "good" or "diverges"

and `check_lr_limit(lr_limit)`, `check_lr_verdicts(verdicts)` answer with a hint, never with the
solution. The expected answers come from `diverging_lr` and `lr_verdict`, which the tests check
against runs of gradient descent judged by the package's divergence rule
(`nnlesson.training.has_diverged`). `lesson2` re-exports the checkers.
"""

from __future__ import annotations

import numbers

import numpy as np

from .._validate import number, positive_number, whole_number
from ..exercises import Feedback, Slip, check_value
from ..plots import fmt

BOWL_A = 2.5                              # E = a·(W − W*)² with a = 2.5 ...
BOWL_BOTTOM = 3.0                         # ... and its bottom at W* = 3
BOWL_START = 0.0                          # where the runs start
EXERCISE_RATES = (0.01, 0.15, 0.3, 0.5)   # the learning rates the learner judges
STEPS = 20                                # "too small": after 20 steps ...
LEFT = 0.1                                # ... more than a tenth of the distance is still left
VERDICTS = ("too small", "good", "diverges")
SYNONYMS = {"too large": "diverges", "too big": "diverges", "diverge": "diverges", "diverging": "diverges",
            "too slow": "too small", "small": "too small", "ok": "good", "converges": "good"}


def bowl_error(W, a=BOWL_A, W_star=BOWL_BOTTOM):
    """E = a·(W − W*)², the bowl of lesson 2 §3 (a > 0)."""
    a, W_star = positive_number("a", a), number("W_star", W_star)
    return a * (number("W", W) - W_star) ** 2


def bowl_factor(a, lr):
    """r = 1 − 2a·lr: what one step W ← W − lr·2a·(W − W*) multiplies the distance W − W* by."""
    return 1.0 - 2.0 * positive_number("a", a) * positive_number("lr", lr)


def bowl_descent(lr, steps=STEPS, a=BOWL_A, W_star=BOWL_BOTTOM, W=BOWL_START):
    """`steps` steps of gradient descent W ← W − lr·∂E/∂W on E = a·(W − W*)²; returns the
    weights [W0, W1, ...], all `steps` + 1 of them (they may grow very large when lr is too big)."""
    lr, a = positive_number("lr", lr), positive_number("a", a)
    steps = whole_number("steps", steps, 1, 10_000)
    W_star, W = number("W_star", W_star), number("W", W)
    path = [W]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            W = W - lr * 2 * a * (W - W_star)
            path.append(W)
    return path


def diverging_lr(a=BOWL_A):
    """The learning rate above which gradient descent on E = a·(W − W*)² diverges: where the
    factor 1 − 2a·lr reaches −1, i.e. lr = 1/a."""
    return 1.0 / positive_number("a", a)


def best_lr(a=BOWL_A):
    """The learning rate whose first step lands exactly on the bottom: 1 − 2a·lr = 0, lr = 1/(2a)."""
    return 1.0 / (2.0 * positive_number("a", a))


def lr_verdict(lr, a=BOWL_A, steps=STEPS, left=LEFT):
    """"diverges" if |1 − 2a·lr| > 1 (at exactly 1 the distance never shrinks: "diverges" too, it
    never converges); "too small" if more than `left` of the distance remains after `steps` steps;
    else "good"."""
    r = abs(bowl_factor(a, lr))
    steps = whole_number("steps", steps, 1, 10_000)
    left = number("left", left, 0, 1)
    if r >= 1:
        return "diverges"
    return "too small" if r ** steps > left else "good"


# -- exercise 3a: the limit ------------------------------------------------------------------
def check_lr_limit(value):
    """Exercise 3a: the learning rate above which gradient descent on E = 2.5·(W − 3)² diverges."""
    if value is None or value is ...:
        return Feedback(False, "your answer is not written yet.",
                        "Replace the `...` with the number you found, e.g. lr_limit = 0.25.")
    a = BOWL_A
    expected = diverging_lr(a)
    hints = [
        Slip(best_lr(a), "That is where the factor 1 − 2a·lr is 0: one step lands exactly on the bottom, the best "
                         "learning rate. Above it the steps cross the bottom but still close in; descent diverges "
                         "only where the factor goes below −1."),
        Slip(2 / a, "The derivative of a·(W − W*)² is 2a·(W − W*): the factor is 1 − 2a·lr, with the 2."),
        Slip(1 / (4 * a), "Solve 1 − 2a·lr = −1: the factor must reach −1, not 1/2."),
        Slip(a, "That is the bowl's a itself: solve 1 − 2a·lr = −1 for lr."),
        Slip(2 * a, "That is 2a, the curvature of the bowl; the limit is where 1 − 2a·lr = −1: solve for lr."),
        Slip(-expected, "A learning rate is positive: solve 1 − 2a·lr = −1, so 2a·lr = 2."),
    ]
    return check_value(value, expected, hints=hints, name="lr_limit")


# -- exercise 3b: too small, good or diverges ------------------------------------------------
def _label(text):
    if not isinstance(text, str):
        return None
    word = " ".join(text.lower().replace("-", " ").replace("_", " ").split())
    word = SYNONYMS.get(word, word)
    return word if word in VERDICTS else None


def _rate(key):
    """The learning rate a key of the learner's dict stands for, or None."""
    if isinstance(key, bool):
        return None
    if isinstance(key, str):
        try:
            key = float(key)
        except ValueError:
            return None
    if not isinstance(key, numbers.Real):
        return None
    return next((r for r in EXERCISE_RATES if np.isclose(float(key), r, rtol=1e-9, atol=0)), None)


def _why(lr, given):
    """The hint for one wrong verdict: which fact about the factor r = 1 − 2a·lr was missed (the
    rule, never the verdict itself)."""
    r = bowl_factor(BOWL_A, lr)
    truth = lr_verdict(lr)
    rate = f"lr = {fmt(lr)}"
    if truth == "diverges":
        return (f"For {rate}, compute the factor r = 1 − 2a·lr with a = {fmt(BOWL_A)} and compare its size with 1: "
                "when r is below −1, each step lands on the other side, further from the bottom than before.")
    if given == "diverges" and r < 0:
        return (f"For {rate} the factor 1 − 2a·lr is negative, so each step crosses the bottom. That alone does not "
                "make descent diverge: is the factor below −1, or between −1 and 0 (the steps still close in)?")
    if given == "diverges":
        return f"For {rate} the factor 1 − 2a·lr is between 0 and 1: every step keeps only a fraction of the distance."
    return (f"For {rate}, how much of the distance to the bottom is left after {STEPS} steps? It is "
            f"|1 − 2a·lr|^{STEPS}: more than a tenth means too small.")


def check_lr_verdicts(verdicts):
    """Exercise 3b: {lr: "too small" | "good" | "diverges"} for each of EXERCISE_RATES on
    E = 2.5·(W − 3)², with "too small" meaning more than a tenth of the distance left after 20
    steps ("too large" is accepted for "diverges")."""
    rates = ", ".join(fmt(r) for r in EXERCISE_RATES)
    if verdicts is None or verdicts is ...:
        return Feedback(False, "your verdicts are not written yet.",
                        f"Fill in the dict: one of {', '.join(repr(v) for v in VERDICTS)} for each of {rates}.")
    if not isinstance(verdicts, dict):
        return Feedback(False, f"verdicts is a {type(verdicts).__name__}; expected a dict with the learning rates "
                               f"{rates} as keys.",
                        'Write it as {0.01: "too small", ...}: a learning rate, a colon, the verdict in quotes.')
    given, strays = {}, []
    for key, text in verdicts.items():
        lr = _rate(key)
        if lr is None:
            strays.append(key)
        else:
            given[lr] = text
    if strays:
        return Feedback(False, f"verdicts has the key {strays[0]!r:.40}, which is not one of the learning rates "
                               f"{rates}.",
                        "Keep the keys as the exercise wrote them and change only the verdicts.")
    missing = [r for r in EXERCISE_RATES if r not in given]
    if missing:
        return Feedback(False, f"verdicts has no verdict for lr = {fmt(missing[0])}; expected one for each of {rates}.",
                        "Give each learning rate its verdict.")
    wrong = []
    for lr in EXERCISE_RATES:
        label = _label(given[lr])
        if given[lr] is ...:
            return Feedback(False, f"the verdict for lr = {fmt(lr)} is not written yet.",
                            f"Replace each `...` with one of {', '.join(repr(v) for v in VERDICTS)}.")
        if label is None:
            shown = repr(given[lr]) if isinstance(given[lr], str) else f"{given[lr]!r} (not text)"
            return Feedback(False, f"for lr = {fmt(lr)} the verdict is {shown}; expected one of "
                                   f"{', '.join(repr(v) for v in VERDICTS)}.",
                            'Write the verdict as text in quotes, e.g. "good".')
        if label != lr_verdict(lr):
            wrong.append((lr, label))
    if not wrong:
        return Feedback(True, f"all {len(EXERCISE_RATES)} verdicts are right.")
    lr, label = wrong[0]
    count = (f"{len(wrong)} of {len(EXERCISE_RATES)} verdicts " + ("is" if len(wrong) == 1 else "are")
             + " not right yet")
    return Feedback(False, f"{count}; the first: for lr = {fmt(lr)} you wrote {label!r}.", _why(lr, label))

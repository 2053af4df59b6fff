"""Lesson 1: the error of the two-weight model, its partial derivatives, and the exercises.

The simplest model with two weights and no bias:

    Y_pred = W1·X1 + W2·X2
    E      = (1/N) Σ (Y_pred − Y)²                      the mean squared error (nl.mse)
    ∂E/∂W1 = (2/N) Σ (Y_pred − Y)·X1                    the partial derivative of the error
    ∂E/∂W2 = (2/N) Σ (Y_pred − Y)·X2                    with respect to W1 (and to W2)

Here are the lesson's data (`two_weight_data`), the model and its error (`predict`, `error`,
`gradient`, `lowest_error`), the sign rule in words (`advice`), what the weight explorer and the
notebook's figures draw (`error_curve`, `tangent_line`, `error_grid`, `draw_error_map`, ...),
lesson 0's one-weight warm-up (`one_weight_readout`), and the exercises' checkers. The error is
always the package's mean squared error (`nnlesson.losses`), never a second formula.

The learner writes, for Y_pred = W1·X1 + W2·X2,

    error(W1, W2, X1, X2, Y)   the mean squared error  E = (1/N) Σ (Y_pred − Y)²
    dE_dW1(W1, W2, X1, X2, Y)  the partial derivative of the error with respect to W1

and the checkers compare their functions, on random inputs, with nl.mse and with a numerical
derivative (nudge W1 a little each way and watch the error). Feedback gives a hint, never
the answer.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from .._validate import as_array, number, positive_number, seed_value
from ..exercises import Slip, check_function
from ..losses import _mse, _mse_gradient, mse
from ..plots import OKABE_ITO, fmt

# The weights that made the synthetic data, and the range the explorers' sliders cover.
TRUE_W1, TRUE_W2 = 2.0, -1.0
W1_RANGE = (-4.0, 4.0)
W2_RANGE = (-4.0, 4.0)
# |∂E/∂W| below this is reported as "almost zero" (the sliders move in steps of 0.1).
FLAT = 0.05


# -- checks -------------------------------------------------------------------------------
def check_two_weight_data(X, Y):
    """Return (X, Y) as float arrays of shapes (N, 2) and (N,), or raise a clear error."""
    X = _two_columns(X)
    Y = as_array("Y", Y, ndim=(1, 2))
    if Y.ndim == 2:
        if Y.shape[1] != 1:
            raise ValueError(f"Y must hold one target per row, shape (N,) or (N, 1), got shape {Y.shape}")
        Y = Y[:, 0]
    if len(Y) != len(X):
        raise ValueError(f"X and Y must have the same number of rows, got X of shape {X.shape} "
                         f"and Y of shape {Y.shape}")
    return X, Y


def _two_columns(X):
    X = as_array("X", X, ndim=2)
    if X.shape[1] != 2:
        raise ValueError(f"X must have 2 columns (X1 and X2), got shape {X.shape}")
    return X


def check_weight_range(name, value):
    """Return a slider range (low, high) as two floats with low < high, or raise."""
    try:
        lo, hi = (float(v) for v in value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a pair (low, high) of numbers, got {value!r}") from None
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ValueError(f"{name} must be a pair (low, high) with low < high, got {value!r}")
    return lo, hi


# -- the data -----------------------------------------------------------------------------
def lesson_data(X=None, Y=None):
    """The given (X, Y), checked (see `check_two_weight_data`), or the lesson's data if both are None."""
    if (X is None) != (Y is None):
        raise ValueError("give both X and Y, or neither (then the lesson's data is used)")
    if X is None:
        X, Y = two_weight_data()
    return check_two_weight_data(X, Y)


def two_weight_data(n=20, W1=TRUE_W1, W2=TRUE_W2, noise=0.3, seed=1):
    """A small synthetic dataset for Y = W1·X1 + W2·X2, plus a little noise.

    X1 is drawn from a standard normal distribution; X2 is partly correlated with X1
    (X2 = 0.6·X1 + 0.8·noise), so the error's valley over (W1, W2) is a tilted ellipse.
    Values are rounded to 2 decimals so a learner can read them. Returns X of shape (n, 2)
    and Y of shape (n,).
    """
    n = positive_number("n", n, integer=True)
    W1, W2 = number("W1", W1), number("W2", W2)
    noise = number("noise", noise, low=0)
    seed = seed_value("seed", seed)
    rng = np.random.default_rng(seed)
    X1 = rng.normal(0.0, 1.0, n)
    X2 = 0.6 * X1 + 0.8 * rng.normal(0.0, 1.0, n)
    X = np.round(np.column_stack([X1, X2]), 2)
    Y = np.round(W1 * X[:, 0] + W2 * X[:, 1] + rng.normal(0.0, noise, n), 2)
    return X, Y


# -- the model, its error and the error's partial derivatives ------------------------------
def predict(W1, W2, X):
    """Y_pred = W1·X1 + W2·X2 for every row of X (shape (N, 2)); returns shape (N,)."""
    W1, W2 = number("W1", W1), number("W2", W2)
    return _predict(W1, W2, _two_columns(X))


def _predict(W1, W2, X):
    return W1 * X[:, 0] + W2 * X[:, 1]


def _error(W1, W2, X, Y):
    # E on checked data: nl.mse's own computation (losses._mse), on column arrays.
    return _mse(_predict(W1, W2, X)[:, None], Y[:, None])


def error(W1, W2, X, Y):
    """The mean squared error E = (1/N) Σ (W1·X1 + W2·X2 − Y)², computed with nl.mse."""
    W1, W2 = number("W1", W1), number("W2", W2)
    X, Y = check_two_weight_data(X, Y)
    return _error(W1, W2, X, Y)


def gradient(W1, W2, X, Y):
    """(∂E/∂W1, ∂E/∂W2): the partial derivatives of the error with respect to each weight.

    Chain rule: ∂E/∂W1 = Σ_rows ∂E/∂Y_pred · ∂Y_pred/∂W1, with ∂E/∂Y_pred = 2·(Y_pred − Y)/N
    (nl.mse_gradient) and ∂Y_pred/∂W1 = X1. The same with X2 for W2.
    """
    W1, W2 = number("W1", W1), number("W2", W2)
    X, Y = check_two_weight_data(X, Y)
    return _gradient(W1, W2, X, Y)


def _gradient(W1, W2, X, Y):
    # (∂E/∂W1, ∂E/∂W2) on checked data; ∂E/∂Y_pred is nl.mse_gradient's own computation.
    dE_dY_pred = _mse_gradient(_predict(W1, W2, X)[:, None], Y[:, None])[:, 0]
    return float(np.sum(dE_dY_pred * X[:, 0])), float(np.sum(dE_dY_pred * X[:, 1]))


def lowest_error(X, Y):
    """The best weights (W1, W2) and the smallest error they reach (least squares)."""
    X, Y = check_two_weight_data(X, Y)
    W, *_ = np.linalg.lstsq(X, Y, rcond=None)
    return float(W[0]), float(W[1]), error(W[0], W[1], X, Y)


def advice(name, derivative):
    """The sign rule in words for one weight, e.g. '∂E/∂W1 is positive: decrease W1 to lower the error'."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a weight's name such as 'W1', got {name!r}")
    derivative = number("derivative", derivative)
    if abs(derivative) < FLAT:
        return f"∂E/∂{name} is almost zero: {name} is near its best value (with the other weight as it is)"
    if derivative > 0:
        return f"∂E/∂{name} is positive: decrease {name} to lower the error"
    return f"∂E/∂{name} is negative: increase {name} to lower the error"


def weight_readouts(W1, W2, X, Y):
    """Everything the weight explorer shows for one setting of the weights, as a dict."""
    W1, W2 = number("W1", W1), number("W2", W2)
    X, Y = check_two_weight_data(X, Y)
    return _weight_readouts(W1, W2, X, Y)


def _weight_readouts(W1, W2, X, Y):
    # weight_readouts on checked numbers and data
    dE_dW1, dE_dW2 = _gradient(W1, W2, X, Y)
    return {"W1": W1, "W2": W2, "error": _error(W1, W2, X, Y), "dE_dW1": dE_dW1, "dE_dW2": dE_dW2,
            "advice_W1": advice("W1", dE_dW1), "advice_W2": advice("W2", dE_dW2)}


def weight_explorer_frame(W1, W2, X, Y, W1_values, W1_range=W1_RANGE):
    """All the weight explorer draws for one slider move, its inputs checked once: the
    `weight_readouts` dict plus "curve" (`error_curve(W1_values, W2, X, Y)`), "tangent"
    (`tangent_line(W1, W2, X, Y, W1_values)`) and "arrow" (`map_arrow(W1, W2, X, Y, W1_range)`)."""
    lo, hi = check_weight_range("W1_range", W1_range)
    W1, W2 = number("W1", W1), number("W2", W2)
    W1_values = as_array("W1_values", W1_values, ndim=1)
    X, Y = check_two_weight_data(X, Y)
    r = _weight_readouts(W1, W2, X, Y)
    Y_pred = W1_values[:, None] * X[:, 0] + W2 * X[:, 1]   # as error_curve: one row of predictions per W1
    r["curve"] = np.atleast_1d(_mse(Y_pred[..., None], Y[:, None]))
    r["tangent"] = r["error"] + r["dE_dW1"] * (W1_values - W1)
    g = np.array([r["dE_dW1"], r["dE_dW2"]])
    steepness = float(np.hypot(*g))   # as map_arrow: its length sets the arrow's
    r["arrow"] = None if steepness < FLAT else _arrow(W1, W2, g, min(0.15 * (hi - lo), max(0.5, 0.4 * steepness)))
    return r


def snap(value, step):
    """A slider value rounded to its step: keyboard steps in the browser add float noise
    (3 × 0.1 gives 0.30000000000000004), which must not reach the readouts."""
    return round(round(float(value) / step) * step, 10)


# -- what the figures draw -----------------------------------------------------------------
def error_curve(W1_values, W2, X, Y):
    """E at each W1 in `W1_values` with W2 held fixed: the slice of the error along W1."""
    W1_values = as_array("W1_values", W1_values, ndim=1)
    W2 = number("W2", W2)
    X, Y = check_two_weight_data(X, Y)
    Y_pred = W1_values[:, None] * X[:, 0] + W2 * X[:, 1]  # one row of predictions per W1
    return np.atleast_1d(_mse(Y_pred[..., None], Y[:, None]))


def tangent_line(W1, W2, X, Y, W1_values):
    """The tangent to the error curve at W1: E(W1) + ∂E/∂W1 · (w − W1) at each w in W1_values."""
    W1 = number("W1", W1)
    W1_values = as_array("W1_values", W1_values, ndim=1)
    slope, _ = gradient(W1, W2, X, Y)
    return error(W1, W2, X, Y) + slope * (W1_values - W1)


def error_grid(W1_values, W2_values, X, Y):
    """E over a grid: entry [i, j] is the error at W1 = W1_values[j], W2 = W2_values[i] (for contour)."""
    W1_values = as_array("W1_values", W1_values, ndim=1)
    W2_values = as_array("W2_values", W2_values, ndim=1)
    X, Y = check_two_weight_data(X, Y)
    # every (W2, W1) pair's predictions at once, shape (len(W2_values), len(W1_values), N, 1)
    Y_pred = W1_values[None, :, None] * X[:, 0] + W2_values[:, None, None] * X[:, 1]
    return _mse(Y_pred[..., None], Y[:, None])


def curve_limits(X, Y, W1_range=W1_RANGE, W2_range=W2_RANGE):
    """Fixed y-limits for the error-vs-W1 plot that hold for every slider position.

    E is a convex bowl, so over a rectangle of weights its largest value is at a corner.
    """
    (lo1, hi1), (lo2, hi2) = check_weight_range("W1_range", W1_range), check_weight_range("W2_range", W2_range)
    top = max(error(w1, w2, X, Y) for w1 in (lo1, hi1) for w2 in (lo2, hi2))
    return -0.03 * top, 1.05 * top


def downhill_arrow(W1, W2, X, Y, length=1.0):
    """Start and end of an arrow of the given length pointing along −gradient (steepest descent).

    Returns None where the gradient is almost zero (no downhill direction to show).
    """
    W1, W2 = number("W1", W1), number("W2", W2)
    length = positive_number("length", length)
    return _arrow(W1, W2, np.array(gradient(W1, W2, X, Y)), length)


def _arrow(W1, W2, g, length):
    # from (W1, W2), `length` along −g; None where g is almost zero
    norm = float(np.hypot(*g))
    if norm < 1e-9:
        return None
    end = np.array([W1, W2]) - length * g / norm
    return (W1, W2), (float(end[0]), float(end[1]))


def map_arrow(W1, W2, X, Y, W1_range=W1_RANGE):
    """The weight explorer's downhill arrow, its length growing with the steepness |∇E|.

    |∇E| = √((∂E/∂W1)² + (∂E/∂W2)²) is the length of the gradient. The arrow is 0.4·|∇E| long,
    at least 0.5 and at most 15% of the map's width; None where the error is flat
    (|∇E| < FLAT): there is no downhill direction worth an arrow.
    """
    lo, hi = check_weight_range("W1_range", W1_range)
    W1, W2 = number("W1", W1), number("W2", W2)
    g = np.array(gradient(W1, W2, X, Y))  # once: its length sets the arrow's, its direction the arrow's way
    steepness = float(np.hypot(*g))
    if steepness < FLAT:
        return None
    return _arrow(W1, W2, g, min(0.15 * (hi - lo), max(0.5, 0.4 * steepness)))


def contour_levels(grid, n=12):
    """Contour levels packed near the bottom of the bowl (the error grows like a square)."""
    grid = as_array("grid", grid, ndim=2)
    lo, hi = float(grid.min()), float(grid.max())
    return lo + (hi - lo) * np.linspace(0.0, 1.0, n + 1)[1:] ** 2


def draw_error_map(ax, X, Y, W1_range=W1_RANGE, W2_range=W2_RANGE, n=121, label=True):
    """Draw the contour map of E over (W1, W2) on a matplotlib Axes (static background).

    A ★ marks the lowest error; `label=False` leaves out the contour values and the ★'s caption
    (for small maps). Returns the grid of errors (see `error_grid`).
    """
    (lo1, hi1), (lo2, hi2) = check_weight_range("W1_range", W1_range), check_weight_range("W2_range", W2_range)
    w1 = np.linspace(lo1, hi1, n)
    w2 = np.linspace(lo2, hi2, n)
    grid = error_grid(w1, w2, X, Y)
    levels = contour_levels(grid)
    ax.contourf(w1, w2, grid, levels=np.concatenate([[grid.min()], levels]), cmap="viridis_r", alpha=0.35)
    lines = ax.contour(w1, w2, grid, levels=levels, colors="0.35", linewidths=0.8)
    if label:
        ax.clabel(lines, levels=levels[2::3], fmt=lambda v: fmt(v, 2), fontsize=9)
    best1, best2, _ = lowest_error(X, Y)
    ax.plot([best1], [best2], marker="*", ms=13, color=OKABE_ITO["yellow"], mec="black", mew=0.8, zorder=3)
    if label:
        ax.annotate("lowest error", (best1, best2), xytext=(0, -11), textcoords="offset points", fontsize=10,
                    ha="center", va="top")
    ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(5, integer=True))
    ax.set_xlim(lo1, hi1)
    ax.set_ylim(lo2, hi2)
    ax.set_aspect("equal", adjustable="box")  # so the downhill arrow looks square to the contour lines
    ax.set_xlabel("W1")
    ax.set_ylabel("W2")
    return grid


# -- lesson 0's warm-up: one weight, one row ---------------------------------------------------
def one_weight_readout(W, X=3.0, Y=6.0):
    """For the one-weight model Y_pred = W·X on a single row: (Y_pred, miss = Y_pred − Y)."""
    W, X, Y = number("W", W), number("X", X), number("Y", Y)
    Y_pred = W * X
    return Y_pred, Y_pred - Y


# -- the exercises ------------------------------------------------------------------------------
H = 1e-5  # the nudge for numerical derivatives


def _inputs(rng):
    """Random weights and a few rows of data: (W1, W2, X1, X2, Y)."""
    n = int(rng.integers(3, 9))
    W1, W2 = (float(w) for w in np.round(rng.uniform(-3, 3, 2), 2))
    X1, X2 = rng.normal(0, 1, n).round(2), rng.normal(0, 1, n).round(2)
    Y = rng.normal(0, 2, n).round(2)
    return W1, W2, X1, X2, Y


def mse_of_weights(W1, W2, X1, X2, Y):
    """The reference error: nl.mse of Y_pred = W1·X1 + W2·X2 against Y."""
    return mse(W1 * np.asarray(X1) + W2 * np.asarray(X2), np.asarray(Y))


def numerical_dE_dW1(W1, W2, X1, X2, Y, h=H):
    """(E(W1 + h) − E(W1 − h)) / 2h: how the error moves when only W1 moves."""
    return (mse_of_weights(W1 + h, W2, X1, X2, Y) - mse_of_weights(W1 - h, W2, X1, X2, Y)) / (2 * h)


def numerical_dE_dW2(W1, W2, X1, X2, Y, h=H):
    """(E(W2 + h) − E(W2 − h)) / 2h: how the error moves when only W2 moves."""
    return (mse_of_weights(W1, W2 + h, X1, X2, Y) - mse_of_weights(W1, W2 - h, X1, X2, Y)) / (2 * h)


def _residual(args):
    W1, W2, X1, X2, Y = args
    return W1 * X1 + W2 * X2 - Y


def check_error(fn):
    """Check error(W1, W2, X1, X2, Y) = mean of (W1·X1 + W2·X2 − Y)² against nl.mse."""
    hints = [
        Slip(lambda *a: np.mean(_residual(a)),
             "You averaged the differences without squaring them: positive and negative misses cancel out."),
        Slip(lambda *a: np.mean(np.abs(_residual(a))),
             "That is the mean absolute difference; this lesson's error squares each difference."),
        Slip(lambda *a: np.sqrt(mse_of_weights(*a)),
             "You took a square root at the end; the mean squared error stops at the mean."),
        Slip(lambda *a: len(a[4]) * mse_of_weights(*a),
             "Your answer is N times too big: did you sum where you should average?"),
        Slip(lambda *a: np.mean(_residual(a)) ** 2,
             "Square each row's difference first, then average (not the other way round)."),
        Slip(lambda *a: mse_of_weights(*a) / 2,
             "That is half the mean squared error: some books put ½ in front of it; this lesson's error has no ½."),
        Slip(lambda *a: mse_of_weights(*a) / len(a[4]),
             "You divided by N twice (once in each row, then again in the mean): divide the sum once."),
    ]
    return check_function(fn, reference=mse_of_weights, make_inputs=_inputs, hints=hints, rtol=1e-6,
                          name="error")


def check_dE_dW1(fn):
    """Check dE_dW1(W1, W2, X1, X2, Y) against a numerical derivative of the error."""
    hints = [
        Slip(lambda *a: -numerical_dE_dW1(*a),
             "The size is right but the sign is flipped: write Y_pred − Y (prediction minus truth), "
             "not Y − Y_pred."),
        Slip(lambda *a: numerical_dE_dW1(*a) / 2,
             "Half of the expected value: the derivative of a square (u²) is 2·u. Did you include the factor 2?"),
        Slip(lambda *a: len(a[4]) * numerical_dE_dW1(*a),
             "N times too big: the error is a mean over the N rows, so its derivative is a mean too."),
        Slip(lambda *a: len(a[4]) * numerical_dE_dW1(*a) / 2,
             "You summed instead of averaging and lost the factor 2 of the square: check both."),
        Slip(lambda *a: numerical_dE_dW1(*a) / len(a[4]),
             "N times too small: you divided by N twice (in each row and again in the mean)."),
        Slip(numerical_dE_dW2,
             "That is the derivative with respect to W2: for W1, multiply each row's miss by X1."),
        Slip(lambda *a: 2 * np.mean(_residual(a)),
             "Chain rule: ∂Y_pred/∂W1 = X1, so each row's 2·(Y_pred − Y) must be multiplied by its X1."),
    ]
    return check_function(fn, reference=numerical_dE_dW1, make_inputs=_inputs, hints=hints, rtol=1e-5,
                          atol=1e-7, name="dE_dW1")


# -- exercise 3: the sign rule --------------------------------------------------------------------
SIGN_RULE_CASES = (-2.4, 0.8, -0.05, 13.0, 0.003, -7.5)   # ∂E/∂W values the checker tries, both signs


def sign_rule_direction(dE_dW):
    """The sign rule as a number: +1 (increase W) when ∂E/∂W < 0, −1 (decrease W) when ∂E/∂W > 0."""
    dE_dW = number("dE_dW", dE_dW)
    if dE_dW == 0:
        raise ValueError("dE_dW must be a positive or negative number, got 0 (at 0 the sign rule gives no direction)")
    return -1.0 if dE_dW > 0 else 1.0


DIRECTION_WORDS = {"increase": 1.0, "decrease": -1.0, "up": 1.0, "down": -1.0}


def _words_as_numbers(fn):
    """fn, answering "increase"/"decrease" (or "up"/"down") as +1/−1; anything else unchanged."""
    def direction(dE_dW):
        value = fn(dE_dW)
        if isinstance(value, str) and value.strip().lower() in DIRECTION_WORDS:
            return DIRECTION_WORDS[value.strip().lower()]
        return value
    return direction


def check_direction(fn):
    """Exercise 3: direction(dE_dW) returns +1 (increase the weight) or −1 (decrease it), the way
    that lowers the error: the opposite sign of ∂E/∂W. Tried on `SIGN_RULE_CASES`."""
    cases = iter(SIGN_RULE_CASES * 2)
    hints = [
        Slip(lambda g: np.sign(g),
             "Your function moves the weight WITH the derivative, which goes uphill: a positive ∂E/∂W means "
             "the error rises as W rises, so W must go the other way."),
        Slip(lambda g: -g, "You returned −∂E/∂W itself, the whole step. Return only the way to move: +1 or −1."),
        Slip(lambda g: g, "You returned ∂E/∂W itself. Return only the way to move the weight: +1 or −1."),
        Slip(lambda g: 1.0, "Your function always says +1 (increase): the answer depends on the sign of dE_dW."),
        Slip(lambda g: -1.0, "Your function always says −1 (decrease): the answer depends on the sign of dE_dW."),
        (lambda args, got, expected: True,
         "The sign rule: ∂E/∂W positive → decrease W (−1); ∂E/∂W negative → increase W (+1)."),
    ]
    if callable(fn):
        fn = _words_as_numbers(fn)
    return check_function(fn, reference=sign_rule_direction, make_inputs=lambda rng: (next(cases),), hints=hints,
                          n_trials=len(SIGN_RULE_CASES), name="direction", arg_names=("dE_dW",))

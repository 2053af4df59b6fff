"""Lesson 4, regression and mean squared error: the lesson's data, settings, computations and checkers.

The task: predict a penguin's body mass (grams) from its bill length, bill depth and flipper
length (X1, X2, X3). Inputs and target are standardised on the training rows, so the network
learns in standardised units; every error shown to the learner is read back in grams.

    from nnlesson.lessons import lesson4
    split = lesson4.penguin_regression_data()        # a seeded nl.Split, standardised
    net, history = lesson4.train_regression(split, **lesson4.NETWORK_SETTINGS)
    lesson4.regression_scores(net, split)            # MSE (standardised), RMSE and MSE in grams

    penguin_regression_data   load, split (seeded) and standardise the penguins
    starting_network          the lesson's network before training (nl.make_network, seeded)
    train_regression          nl.train with the lesson's settings: (net, history)
    regression_scores         MSE (standardised) and RMSE / MSE read back in grams
    scores_from_losses        the same numbers from two MSEs that nl.train already recorded
    rmse_in_grams             √MSE_standardised · σ_Y
    predictions_in_grams      the network's predictions in grams
    residual_table            residuals, squared errors, their shares of the total, MSE
    residual_example          a handful of test penguins and a model's predictions (kg)

and the exercise checkers, each returning a Feedback: "Correct!" or a hint that names the likely
slip (a sum instead of a mean, a missing square, a standardisation not undone), never the solution:

    lesson4.check_mse_by_hand(my_value)     the MSE of three predictions, worked out by hand
    lesson4.check_mse(my_mse)               write mse(Y_pred, Y)
    lesson4.check_rmse_in_grams(my_fn)      from a standardised MSE to an RMSE in grams
"""

from __future__ import annotations

import math

import numpy as np

from .._validate import (as_array, check_instance, check_network, check_same_shape, choice, number, positive_number,
                         seed_value, whole_number)
from ..activations import HIDDEN_CHOICES
from ..data import Split, load_penguins, split_dataset
from ..exercises import Feedback, Slip, check_function, check_value, run_learner
from ..losses import _mse, mse
from ..network import make_network
from ..plots import fmt
from ..training import train

FEATURES = ("bill_length_mm", "bill_depth_mm", "flipper_length_mm")
TARGET = "body_mass_g"
BATCH_SIZES = (1, 8, 16, 32, 64, None)  # None: all training rows at once (full batch)
MAX_HIDDEN = 32
MAX_EPOCHS = 200
LEARNING_RATES = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 3.0)
MAX_FRAMES = 40  # a Train click redraws the figure at most this many times

# The lesson's default settings: the small network must beat the linear model on the test rows.
LINEAR_SETTINGS = dict(n_hidden=0, activation="tanh", lr=0.05, epochs=50, batch_size=16, seed=0)
NETWORK_SETTINGS = dict(n_hidden=8, activation="tanh", lr=0.05, epochs=50, batch_size=16, seed=0)

# The three penguins of the by-hand exercise (body mass in kg).
HAND_Y = np.array([3.0, 5.0, 4.0])
HAND_Y_PRED = np.array([4.0, 3.0, 4.0])


# -- data -----------------------------------------------------------------------------------
def penguin_regression_data(test_fraction=0.25, seed=0):
    """Penguin body mass from bill length, bill depth and flipper length, as an `nl.Split`.

    The rows are those of `nl.train_test_split(..., seed=seed)`; both Standardizers are fitted on
    the training rows only (the test rows stay unseen). split.X_train is what the network sees
    (standardised), split.X_train_raw the millimetres; split.y_train is in grams.
    """
    seed = seed_value("seed", seed)
    return split_dataset(load_penguins(features=FEATURES, target=TARGET), test_fraction=test_fraction, seed=seed,
                         scaler="standard")


def check_regression_split(split):
    """`split` if it is a regression Split (from penguin_regression_data()), else a clear error."""
    check_instance("split", split, Split, "lesson4.penguin_regression_data()")
    if split.is_classification:
        raise ValueError(f"split must be a regression split (a number to predict), got one with classes "
                         f"{split.classes}")
    return split


# -- models and scores ----------------------------------------------------------------------
def starting_network(split, n_hidden=8, activation="tanh", seed=0):
    """The lesson's network before training: nl.make_network(3, n_hidden, 1), seeded.

    n_hidden=0 gives the linear model Y_pred = X·W + b; the output is "identity" (a regression
    output can be any number).
    """
    check_regression_split(split)
    return make_network(split.X_train.shape[1], n_hidden, 1, hidden=choice("activation", activation, HIDDEN_CHOICES),
                        output="identity", seed=seed)


def train_regression(split, n_hidden=8, activation="tanh", lr=0.05, epochs=50, batch_size=16, seed=0,
                     callback=None):
    """Train the `starting_network` with nl.train on the standardised penguins.

    The test rows are passed as `validation`, so history.val_loss is the test MSE per epoch.
    Returns (net, history).
    """
    net = starting_network(split, n_hidden, activation, seed)
    history = train(net, split.X_train, split.Y_train, loss="mse", lr=lr, epochs=epochs, batch_size=batch_size,
                    seed=seed, validation=(split.X_test, split.Y_test), callback=callback,
                    warn=False)   # the trainer's status line says it (history.message)
    return net, history


def rmse_in_grams(mse_standardised, y_std):
    """Root mean squared error in grams from an MSE on standardised targets.

    A standardised error is an error in grams divided by y_std, so its square is divided by
    y_std²: RMSE (g) = √MSE_standardised · y_std.
    """
    mse_standardised = number("mse_standardised", mse_standardised, low=0)
    return math.sqrt(mse_standardised) * positive_number("y_std", y_std)


def predictions_in_grams(net, X, y_scaler):
    """The network's predictions for standardised inputs X, read back in grams (1-D)."""
    return y_scaler.inverse_transform(net.forward(X))[:, 0]


def scores_from_losses(train_mse, test_mse, y_std):
    """The readouts from the two standardised MSEs (as nl.train's History records them) and σ_Y."""
    train_mse, test_mse = float(train_mse), float(test_mse)
    return {
        "train_mse": train_mse,
        "test_mse": test_mse,
        "train_rmse_g": rmse_in_grams(train_mse, y_std),
        "test_rmse_g": rmse_in_grams(test_mse, y_std),
        "test_mse_g2": test_mse * y_std ** 2,
    }


def regression_scores(net, split):
    """The numbers the lesson reads out: MSE on standardised targets and RMSE / MSE in grams."""
    check_regression_split(split)
    check_network(net)
    return scores_from_losses(net.loss(split.X_train, split.Y_train), net.loss(split.X_test, split.Y_test),
                              split.y_std)


def render_every(epochs, max_frames=MAX_FRAMES):
    """Redraw every k epochs so that one training run draws at most `max_frames` pictures."""
    epochs = whole_number("epochs", epochs, 1)
    max_frames = whole_number("max_frames", max_frames, 1)
    return max(1, math.ceil(epochs / max_frames))


# -- residuals ------------------------------------------------------------------------------
def residual_table(Y_pred, Y):
    """Residuals Y_pred − Y, their squares, each square's share of the total, and the MSE.

    Squaring makes both signs count and makes big misses weigh more: a miss twice as big
    adds four times as much to the MSE.
    """
    Y_pred = as_array("Y_pred", Y_pred, ndim=1)
    Y = as_array("Y", Y, ndim=1)
    check_same_shape("Y_pred", Y_pred, "Y", Y)
    residual = Y_pred - Y
    squared = residual ** 2
    total = squared.sum()
    share = squared / total if total > 0 else np.zeros_like(squared)
    error = _mse(Y_pred[:, None], Y[:, None])  # nl.mse's computation, on the rows checked above
    return {"residual": residual, "squared": squared, "share": share, "mse": error, "rmse": math.sqrt(error),
            "mae": float(np.mean(np.abs(residual)))}


def residual_example(split=None, net=None, n_rows=8, seed=0):
    """A few test penguins for the residual explorer: flipper length (mm), true and predicted mass (kg).

    `net` defaults to the lesson's linear model (LINEAR_SETTINGS). Rows are drawn at random
    (seeded) from the test rows and sorted by flipper length.
    """
    split = penguin_regression_data() if split is None else check_regression_split(split)
    if net is None:
        net, _ = train_regression(split, **LINEAR_SETTINGS)
    n_rows = whole_number("n_rows", n_rows, 2, len(split.X_test))
    rng = np.random.default_rng(seed_value("seed", seed))
    flipper = split.X_test_raw[:, 2]
    rows = []
    for r in rng.permutation(len(split.X_test)):  # distinct flipper lengths, so no two residuals overlap
        if all(abs(flipper[r] - flipper[k]) >= 3 for k in rows):
            rows.append(r)
        if len(rows) == n_rows:
            break
    if len(rows) < n_rows:
        raise ValueError(f"n_rows={n_rows}: the test rows do not have that many distinct flipper lengths")
    rows = np.array(sorted(rows, key=lambda r: flipper[r]))
    y_pred = predictions_in_grams(net, split.X_test[rows], split.y_scaler)
    return split.X_test_raw[rows, 2], split.y_test[rows] / 1000.0, np.round(y_pred / 1000.0, 2)


def nice_limit(value):
    """The smallest of 0.25, 0.5, 1, 2, 4, ... that is at least `value` (an axis top)."""
    top = 0.25
    while top < value:
        top *= 2
    return top


# -- self-check in §1: regression or classification ------------------------------------------
TASK_KINDS = {   # task described in words -> (its kind, why, in words)
    "a house's price": ("regression", "a price is a number on a scale: 1 000 off is better than 100 000 off"),
    "which digit (0 to 9) a handwritten picture shows": (
        "classification", "the digits are labels here: a 7 mistaken for a 1 is no 'closer' than one mistaken for "
        "an 8, so the answer is one of ten classes"),
    "tomorrow's temperature": ("regression", "a temperature is a number on a scale: 1° off is better than 10° off"),
    "whether an email is spam or not": ("classification", "the answer is one of two classes, spam or not spam"),
}
TASK_WORDS = ("regression", "classification")


def _task_kind(answer):
    """'regression' or 'classification' for the learner's answer (any case, extra spaces), else None."""
    if not isinstance(answer, str):
        return None
    word = answer.strip().lower()
    return next((kind for kind in TASK_WORDS if word.startswith(kind[:7])), None)   # "regress…", "classif…"


def check_task_kinds(answers):
    """§1 self-check: `answers` maps each task of `TASK_KINDS` to "regression" or "classification".

    Feedback for every task: right, wrong (with the reason in words), not answered yet, or not one
    of the two words. Never raises because of `answers`.
    """
    if not isinstance(answers, dict):
        return Feedback(False, f"answers should be a dict of tasks and kinds, got {type(answers).__name__}.",
                        "Keep the dict of the cell above and replace each `...` with \"regression\" or "
                        "\"classification\".")
    lines, right = [], 0
    for task, (kind, why) in TASK_KINDS.items():
        if task not in answers:
            lines.append(f"{task}: missing from your dict (keep the task as it is written).")
            continue
        answer = answers[task]
        got = _task_kind(answer)
        if answer is None or answer is Ellipsis:
            lines.append(f"{task}: not answered yet.")
        elif got is None:
            lines.append(f"{task}: {answer!r} is not one of the two words, \"regression\" or \"classification\".")
        elif got == kind:
            right += 1
        else:
            lines.append(f"{task}: not {got}. {why[0].upper() + why[1:]}.")
    extra = [t for t in answers if t not in TASK_KINDS]
    note = f"Not one of the tasks, ignored: {', '.join(map(repr, extra))}." if extra else ""
    n = len(TASK_KINDS)
    if right == n:
        return Feedback(True, f"all {n} tasks are right.",
                        note=note or "Regression predicts a number on a scale; classification picks one of "
                                     "a fixed set of classes.")
    return Feedback(False, f"{right} of {n} tasks right.", "\n".join(lines), note)


# -- exercises ------------------------------------------------------------------------------
def check_mse_by_hand(value):
    """The MSE of predictions 4, 3, 4 kg for penguins that weigh 3, 5, 4 kg."""
    if value is None or value is Ellipsis:
        return Feedback(False, "Your MSE of the three penguins is not written yet.",
                        "Replace `None` with your number (a fraction such as 7 / 4 is fine).")
    expected = mse(HAND_Y_PRED, HAND_Y)
    diff = HAND_Y_PRED - HAND_Y
    cancel = "The misses +1 and −2 partly cancel when you average them as they are: square each one first."
    hints = [
        Slip(np.sum(diff ** 2),
             "You added the squared errors. The mean divides that sum by the number of rows, N = 3."),
        Slip(np.mean(diff), cancel), Slip(-np.mean(diff), cancel),
        Slip(np.mean(np.abs(diff)), "That is the mean absolute error. Square each miss instead of taking its size."),
        Slip(math.sqrt(expected),
             "You took a square root at the end: that is the RMSE. The MSE stops before the root."),
        Slip(expected / 2, HALF_MSE),
        Slip(expected / len(diff), "You divided by N = 3 twice (in each row and again in the mean): divide the "
                                   "sum of the squared misses by 3 once."),
    ]
    # rule (exercises.check_value): within 5e-4 relative, e.g. 1.667 for 5/3, or right to every digit typed (≥ 3)
    return check_value(value, expected, hints=hints, name="Your MSE of the three penguins")


def _mse_inputs(rng):
    N = int(rng.integers(4, 12))
    Y = rng.normal(4.2, 0.8, size=N)
    return (Y + rng.normal(0.0, 0.5, size=N), Y)


def check_mse(fn):
    """Check a learner's mse(Y_pred, Y) against nl.mse on random predictions and targets."""
    cancel = "Positive and negative misses cancel in your answer: square each difference before averaging."
    hints = [
        Slip(lambda P, Y: mse(P, Y) * len(Y), "Your answer is N times too big: you summed the squared errors. "
                                              "Divide by the number of rows (np.mean does both steps)."),
        Slip(lambda P, Y: np.mean(P - Y), cancel), Slip(lambda P, Y: np.mean(Y - P), cancel),
        Slip(lambda P, Y: np.mean(np.abs(P - Y)),
             "That is the mean absolute error. Square each difference instead of taking its absolute value."),
        Slip(lambda P, Y: math.sqrt(mse(P, Y)),
             "You took the square root: that is the RMSE. The MSE is the mean of the squares, without a root."),
        Slip(lambda P, Y: np.mean(P - Y) ** 2,
             "You squared the mean difference. Square each row's difference first, then take the mean."),
        Slip(lambda P, Y: mse(P, Y) / 2, HALF_MSE),
        Slip(lambda P, Y: mse(P, Y) / len(Y), "Your answer is N times too small: you divided each row's squared "
                                              "miss by N and then averaged (divided by N) again. Divide once."),
    ]
    feedback = check_function(fn, mse, _mse_inputs, hints=hints, name="mse")
    if feedback.passed:
        feedback.note = _multi_output_note(fn)
    return feedback


HALF_MSE = ("That is half the MSE: some books put ½ in front of it to tidy its derivative; this lesson's MSE "
            "(and nl.mse) has no ½.")


def _multi_output_note(fn):
    """The convention for several outputs per row (sum over the outputs, mean over the rows), said
    when the learner's mse, right for one output, would differ from nl.mse there."""
    rng = np.random.default_rng(1)
    Y = rng.normal(4.2, 0.8, size=(5, 2))
    Y_pred = Y + rng.normal(0.0, 0.5, size=(5, 2))
    value, problem = run_learner(fn, (Y_pred, Y), name="mse")
    try:
        value = float(value)
    except (TypeError, ValueError):
        value = math.nan
    if problem is None and math.isclose(value, mse(Y_pred, Y), rel_tol=1e-6):
        return ""
    halved = "; yours averages over all N·2 numbers, which gives half of that" if math.isclose(
        value, float(np.mean((Y_pred - Y) ** 2)), rel_tol=1e-6) else ""
    return ("With several outputs per row (Y of shape (N, 2)), nl.mse adds the squared errors over the outputs "
            f"and averages over the rows{halved}. With one output, as here, the two agree.")


def _rmse_inputs(rng):
    return (float(rng.uniform(0.05, 0.9)), float(rng.uniform(300.0, 1200.0)))


def check_rmse_in_grams(fn):
    """Check a learner's rmse_in_grams(mse_standardised, y_std)."""
    no_root = "You forgot the square root: the MSE is in squared units, the RMSE in the data's own units."
    order = ("Check the order: take the root of the standardised MSE first, then scale by y_std once "
             "(or scale the MSE by y_std² and then take the root).")
    hints = [
        Slip(lambda m, s: math.sqrt(m), "That is still in standardised units. A standardised error is an error in "
                                        "grams divided by y_std: undo that division."),
        Slip(lambda m, s: m * s, no_root), Slip(lambda m, s: m * s ** 2, no_root),
        Slip(lambda m, s: math.sqrt(m) / s,
             "You divided by y_std. Standardising divided by it, so going back to grams multiplies."),
        Slip(lambda m, s: math.sqrt(m) * s ** 2, order), Slip(lambda m, s: math.sqrt(m * s), order),
    ]
    return check_function(fn, rmse_in_grams, _rmse_inputs, hints=hints, name="rmse_in_grams")


# -- the training explorer's settings and words (nnlesson.widgets.regression shows them) ------
MAX_RUN = 10_000  # the most epochs one TrainingExplorer.train(epochs=...) call may run


def batch_label(batch_size):
    """A batch size in words: "all rows" for None (full batch)."""
    return "all rows" if batch_size is None else str(batch_size)


def check_trainer_settings(n_hidden=8, activation="tanh", lr=0.05, epochs=50, batch_size=16, seed=0):
    """The training explorer's settings as a dict, or a clear error naming the bad one (the sliders'
    values only: lr one of LEARNING_RATES, batch_size one of BATCH_SIZES, epochs 1 to MAX_EPOCHS)."""
    n_hidden = whole_number("n_hidden", n_hidden, 0, MAX_HIDDEN)
    choice("activation", activation, HIDDEN_CHOICES)
    if isinstance(lr, bool) or lr not in LEARNING_RATES:
        raise ValueError(f"lr must be one of the slider's learning rates {list(LEARNING_RATES)}, got {lr!r}")
    epochs = whole_number("epochs", epochs, 1, MAX_EPOCHS)
    if isinstance(batch_size, bool) or batch_size not in BATCH_SIZES:
        raise ValueError(f"batch_size must be one of {[batch_label(b) for b in BATCH_SIZES]}, got {batch_size!r}")
    return dict(n_hidden=n_hidden, activation=activation, lr=float(lr), epochs=epochs, batch_size=batch_size,
                seed=seed_value("seed", seed))


def in_units(value, target=None, digits=4):
    """An error in the target's own units: "312 g" for the penguins' grams (target None), else the
    number alone (a dataset's units are its own: an RMSE of alcohol is in % vol if alcohol is)."""
    return f"{value:,.0f} g" if target is None else fmt(value, digits)


def trainer_readouts(epoch, scores, target=None):
    """The training explorer's readouts (HTML) from scores_from_losses: MSEs on the standardised
    target, RMSEs and the MSE back in the target's units (grams for the penguins, target None)."""
    of = "" if target is None else f" of {target}"
    texts = {"epoch": f"<b>epoch</b> {epoch}",
             "train_mse": f"<b>training MSE</b> {fmt(scores['train_mse'], 4)}",
             "test_mse": f"<b>test MSE</b> {fmt(scores['test_mse'], 4)}"}
    if target is None:
        texts.update(train_rmse_g=f"<b>training RMSE</b> {fmt(scores['train_rmse_g'], 4)} g",
                     test_rmse_g=f"<b>test RMSE</b> {fmt(scores['test_rmse_g'], 4)} g",
                     test_mse_g2=f"<b>test MSE in grams²</b> {scores['test_mse_g2']:,.0f} g²")
    else:
        texts.update(train_rmse_g=f"<b>training RMSE{of}</b> {fmt(scores['train_rmse_g'], 4)}",
                     test_rmse_g=f"<b>test RMSE{of}</b> {fmt(scores['test_rmse_g'], 4)}",
                     test_mse_g2=f"<b>test MSE{of}, in its units²</b> {fmt(scores['test_mse_g2'], 4)}")
    texts["figure"] = f"test RMSE{of} {in_units(scores['test_rmse_g'], target, 3)}"
    return texts


def prediction_limits(y, target=None):
    """The predicted-against-actual axes: whole 500 g for the penguins (target None), else 5% margins."""
    y = as_array("y", y, ndim=1)
    if target is None:
        return 500 * math.floor(y.min() / 500), 500 * math.ceil(y.max() / 500)
    pad = 0.05 * (y.max() - y.min()) or 1.0
    return float(y.min() - pad), float(y.max() + pad)


def finished_message(history, test_rmse, linear_rmse, target=None):
    """How a training run ended, in words: nl.train's divergence message, or the test RMSE against
    the linear model's."""
    if history.diverged:
        return f"⚠ {history.message}"
    compare = "better than" if test_rmse < linear_rmse else "not better than"
    return (f"Done: {history.epochs_run} epochs. Test RMSE {in_units(test_rmse, target)}, {compare} the linear "
            f"model's {in_units(linear_rmse, target)}.")


def stopped_message(epoch, epochs, test_rmse, target=None):
    """What the status says after the kernel's stop button: where the run stopped."""
    return (f"Stopped at epoch {epoch} of {epochs}: training was interrupted. The model keeps its weights from "
            f"that epoch (test RMSE {in_units(test_rmse, target)}).")


def residual_rows(x=None, Y=None, Y_pred=None):
    """The residual explorer's rows as three 1-D float arrays (x, Y, Y_pred), or a clear error.

    All three None: residual_example(). Only Y_pred given: the example's penguins with those
    predictions (a shared setup). Else all three, one value per penguin, 2 to 20 penguins.
    """
    if x is None and Y is None:
        ex, eY, epred = residual_example()
        x, Y, Y_pred = ex, eY, epred if Y_pred is None else Y_pred
    if x is None or Y is None or Y_pred is None:
        raise ValueError("give x, Y and Y_pred together (or only Y_pred, for the lesson's penguins)")
    x, Y, Y_pred = (as_array(name, v, ndim=1) for name, v in (("x", x), ("Y", Y), ("Y_pred", Y_pred)))
    if not (x.shape == Y.shape == Y_pred.shape):
        raise ValueError(f"x, Y and Y_pred need one value per penguin, got shapes {x.shape}, {Y.shape}, "
                         f"{Y_pred.shape}")
    if not 2 <= len(Y) <= 20:
        raise ValueError(f"the explorer shows 2 to 20 penguins, got {len(Y)}")
    return x, Y, Y_pred

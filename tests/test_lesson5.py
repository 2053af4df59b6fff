"""Lesson 5 exercise checkers accept correct answers and catch the usual mistakes."""

import math

import numpy as np

from nnlesson.lessons import lesson5


# -- softmax ---------------------------------------------------------------------------------
def good_softmax(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()


def naive_softmax(z):  # forgot to subtract the max: overflows for big scores
    e = np.exp(z)
    return e / e.sum()


def math_softmax(z):  # math.exp raises OverflowError instead of giving inf
    e = [math.exp(v) for v in z]
    return [v / sum(e) for v in e]


def unnormalised(z):
    return np.exp(z - np.max(z))


def no_exp(z):
    return z / z.sum()


def not_written(z):
    raise NotImplementedError


def test_softmax_checker_accepts_a_correct_softmax():
    fb = lesson5.check_softmax(good_softmax)
    assert fb.passed, str(fb)


def test_softmax_checker_catches_overflow():
    for fn in (naive_softmax, math_softmax):
        fb = lesson5.check_softmax(fn)
        assert not fb.passed
        assert "overflow" in fb.hint and "largest score" in fb.hint


def test_softmax_checker_catches_other_mistakes():
    fb = lesson5.check_softmax(unnormalised)
    assert not fb.passed and "add up to 1" in fb.hint
    fb = lesson5.check_softmax(no_exp)
    assert not fb.passed and "exponential" in fb.hint
    fb = lesson5.check_softmax(not_written)
    assert not fb.passed and "not written yet" in fb.title


# -- cross-entropy of one row ----------------------------------------------------------------
def good_ce(P, Y):
    return -np.sum(Y * np.log(P))


def test_cross_entropy_checker_accepts_correct_versions():
    assert lesson5.check_cross_entropy(good_ce).passed
    assert lesson5.check_cross_entropy(lambda P, Y: -np.log(P[np.argmax(Y)])).passed


def test_cross_entropy_checker_catches_mean_instead_of_sum():
    fb = lesson5.check_cross_entropy(lambda P, Y: -np.mean(Y * np.log(P)))
    assert not fb.passed and "sum" in fb.hint


def test_cross_entropy_checker_catches_log_of_the_wrong_class():
    fb = lesson5.check_cross_entropy(lambda P, Y: -np.log(P[np.argmin(Y)]))
    assert not fb.passed and "wrong class" in fb.hint
    fb = lesson5.check_cross_entropy(lambda P, Y: -np.sum((1 - Y) * np.log(P)))
    assert not fb.passed and "wrong class" in fb.hint


def test_cross_entropy_checker_catches_sign_log10_and_missing_Y():
    fb = lesson5.check_cross_entropy(lambda P, Y: np.sum(Y * np.log(P)))
    assert not fb.passed and "minus sign" in fb.hint
    fb = lesson5.check_cross_entropy(lambda P, Y: -np.sum(Y * np.log10(P)))
    assert not fb.passed and "natural logarithm" in fb.hint
    fb = lesson5.check_cross_entropy(lambda P, Y: -np.sum(np.log(P)))
    assert not fb.passed and "Multiply each term by Y_k" in fb.hint


# -- one-hot ---------------------------------------------------------------------------------
def good_one_hot(labels, classes):
    Y = np.zeros((len(labels), len(classes)))
    for i, label in enumerate(labels):
        Y[i, classes.index(label)] = 1
    return Y


def test_one_hot_checker_accepts_a_correct_encoding():
    assert lesson5.check_one_hot(good_one_hot).passed


def test_one_hot_checker_catches_transposed_sorted_and_index_mistakes():
    fb = lesson5.check_one_hot(lambda labels, classes: good_one_hot(labels, classes).T)
    assert not fb.passed and "side" in fb.hint
    fb = lesson5.check_one_hot(lambda labels, classes: good_one_hot(labels, sorted(classes)))
    assert not fb.passed and "order of `classes`" in fb.hint

    def counts(labels, classes):  # class indices instead of one-hot rows, shaped like them
        Y = np.zeros((len(labels), len(classes)))
        for i, label in enumerate(labels):
            Y[i, :] = classes.index(label)
        return Y

    fb = lesson5.check_one_hot(counts)
    assert not fb.passed and "single 1" in fb.hint
    fb = lesson5.check_one_hot(lambda labels, classes: [classes.index(x) for x in labels])
    assert not fb.passed and "shape" in fb.title


def test_checkers_report_non_functions():
    for check in (lesson5.check_softmax, lesson5.check_cross_entropy, lesson5.check_one_hot):
        fb = check(3)
        assert not fb.passed and "should be a function" in fb.title


def test_naive_softmax_slip_and_values_shown():
    fb = lesson5.check_softmax(lambda z: np.exp(z) / np.exp(z).sum())
    assert not fb.passed and "Subtract the row's largest score" in fb.hint
    assert "your softmax returned [not a number" in fb.title


def test_cross_entropy_in_place_and_bad_values():
    def sneaky(P, Y):
        P[P < 1e-12] = 1e-12
        P /= 1.0
        np.log(P, out=P)
        return -np.sum(Y * P)
    assert "changed its input P in place" in lesson5.check_cross_entropy(sneaky).title
    for bad in (None, "0.5", [0.1, 0.2], float("nan")):
        fb = lesson5.check_cross_entropy(lambda P, Y, bad=bad: bad)
        assert not fb.passed and "Traceback" not in str(fb)

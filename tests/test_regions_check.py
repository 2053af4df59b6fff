"""The decision-regions self-check (lesson 5 §6): the marked penguins come from the network's own
argmax, the checker's verdicts and hints, and bad input."""

import numpy as np
import pytest

import nnlesson as nl
from nnlesson.lessons import lesson5
from nnlesson.lessons.lesson5_exercises import check_regions, plot_regions_quiz, regions_quiz


@pytest.fixture(scope="module")
def trained():
    split = lesson5.penguin_split()
    settings = {k: lesson5.DEFAULTS[k] for k in ("n_hidden", "activation", "lr", "epochs", "batch_size", "seed")}
    return lesson5.train_classifier(split, **settings)[0], split


def test_the_quiz_is_the_networks_own_argmax(trained):
    net, split = trained
    q = regions_quiz()
    assert q["classes"] == ["Adelie", "Chinstrap", "Gentoo"]
    assert q["X_raw"].shape == (4, 2)
    assert np.all(np.diff(q["X_raw"][:, 0]) > 0)                       # numbered left to right
    X = split.x_scaler.transform(q["X_raw"])
    predicted = [q["classes"][k] for k in net.forward(X).argmax(axis=1)]
    assert q["predicted"] == predicted
    wrong = [i + 1 for i in range(4) if q["predicted"][i] != q["true"][i]]
    assert wrong == [q["misclassified"]]                                # exactly one mistake among the four
    assert set(q["predicted"]) == {"Adelie", "Chinstrap", "Gentoo"}     # every region is read at least once
    # the same answers whether the network is given or the lesson's own is trained
    assert regions_quiz(net, split)["predicted"] == q["predicted"]
    # this seeded network: a Chinstrap (ring 2) in the Adelie region
    assert q["predicted"] == ["Adelie", "Adelie", "Gentoo", "Chinstrap"] and q["misclassified"] == 2
    np.testing.assert_allclose(q["X_raw"][1], [40.9, 16.6])


def test_a_right_reading_passes():
    q = regions_quiz()
    feedback = check_regions(q["predicted"], q["misclassified"])
    assert feedback.passed
    assert check_regions([s.upper() + " " for s in q["predicted"]], q["misclassified"]).passed


def test_reading_the_penguins_own_species_gets_its_own_hint():
    q = regions_quiz()
    feedback = check_regions(q["true"], q["misclassified"])
    assert not feedback.passed
    assert f"point {q['misclassified']} ({q['true'][q['misclassified'] - 1]})" in feedback.title
    assert "penguin's own species" in feedback.hint
    assert q["predicted"][q["misclassified"] - 1] not in feedback.title + feedback.hint   # never the answer


def test_other_misreadings_say_which_rings_without_the_answer():
    q = regions_quiz()
    reading = list(q["predicted"])
    reading[2] = "Adelie" if reading[2] != "Adelie" else "Gentoo"
    feedback = check_regions(reading, q["misclassified"])
    assert not feedback.passed and feedback.title.startswith("3 of 4 right: your reading of point 3")
    assert "colour of the region" in feedback.hint


def test_a_wrong_ring_number_for_the_mistake():
    q = regions_quiz()
    other = 1 if q["misclassified"] != 1 else 3
    feedback = check_regions(q["predicted"], other)
    assert not feedback.passed and f"right about point {other}" in feedback.title
    for bad, words in (("2", "whole number"), (7, "from 1 to 4"), (True, "whole number"), (None, "whole number")):
        feedback = check_regions(q["predicted"], bad)
        assert not feedback.passed and words in feedback.title


@pytest.mark.parametrize("species, words", [("Adelie", "a list of 4"), (3, "a list of 4"), (["Adelie"], "1 name;"),
                                            ([None] * 4, "not written yet"),
                                            (["Adelie", "Gentu", "Gentoo", "Adelie"], "Not a species here: 2: 'Gentu'")])
def test_learner_slips_give_feedback_not_errors(species, words):
    feedback = check_regions(species, 2)
    assert not feedback.passed and words in feedback.title


def test_bad_arguments_raise_clear_errors(trained):
    net, split = trained
    with pytest.raises(ValueError, match="net and split must be given together"):
        regions_quiz(net)
    with pytest.raises(TypeError, match="split"):
        regions_quiz(net, "penguins")
    with pytest.raises(TypeError, match="net"):
        regions_quiz("net", split)


def test_a_network_without_mistakes_is_refused(trained):
    _, split = trained

    net = nl.make_network(2, 0, 3, output="softmax", seed=0)
    net.forward = lambda X: split.Y_test if len(X) == len(split.Y_test) else np.zeros((len(X), 3))
    with pytest.raises(ValueError, match="every test penguin correctly"):
        regions_quiz(net, split)


def test_the_picture_rings_and_numbers_the_four_penguins():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    plot_regions_quiz(ax)
    labels = [t.get_text() for t in ax.texts]
    assert labels == ["1", "2", "3", "4"]
    q = regions_quiz()
    np.testing.assert_allclose([t.xy for t in ax.texts], q["X_raw"])
    assert len(ax.images) == 1
    plt.close(fig)

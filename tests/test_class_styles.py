"""Each penguin species keeps one colour and one marker in every lesson (issue 11, item 8)."""

import re
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.markers import MarkerStyle

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from nnlesson.plots import CLASS_COLOURS, MARKERS, class_styles  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ADELIE = ("#0072B2", "o")
CHINSTRAP = ("#E69F00", "s")
GENTOO = ("#009E73", "^")


def marker_of(collection):
    """Which of MARKERS a scatter's path is."""
    vertices = collection.get_paths()[0].vertices
    for m in MARKERS:
        style = MarkerStyle(m)
        path = style.get_path().transformed(style.get_transform())
        if path.vertices.shape == vertices.shape and np.allclose(path.vertices, vertices):
            return m
    raise AssertionError("not one of the lessons' markers")


def style_of(collection):
    return to_hex(collection.get_facecolor()[0]).upper(), marker_of(collection)


def test_the_three_species_in_their_usual_order():
    assert class_styles(["Adelie", "Chinstrap", "Gentoo"]) == [ADELIE, CHINSTRAP, GENTOO]


@pytest.mark.parametrize("pair, expected", [(("Adelie", "Gentoo"), [ADELIE, GENTOO]),
                                            (("Chinstrap", "Gentoo"), [CHINSTRAP, GENTOO]),
                                            (("Gentoo", "Adelie"), [GENTOO, ADELIE])])
def test_a_species_keeps_its_style_when_others_are_missing(pair, expected):
    assert class_styles(pair) == expected


def test_other_classes_take_colours_and_markers_in_order():
    assert class_styles(["class 0", "class 1", "class 2", "class 3"]) == list(zip(CLASS_COLOURS[:4], MARKERS[:4]))
    assert class_styles(["Adelie", "Emperor"]) == [ADELIE, CHINSTRAP]   # not all species: by position
    assert len(class_styles([str(d) for d in range(10)])) == 10


@pytest.mark.parametrize("bad, error", [("Adelie", TypeError), (None, TypeError), (7, TypeError),
                                         ([], ValueError), ([str(d) for d in range(11)], ValueError),
                                         (["a", "a"], ValueError)])
def test_bad_classes_are_refused(bad, error):
    with pytest.raises(error, match="classes must"):
        class_styles(bad)


def test_lesson5_scatter_of_two_species():
    from nnlesson.lessons.lesson5 import plot_species

    fig, ax = plt.subplots()
    X = np.array([[1.0, 2.0], [2.0, 3.0], [3.0, 1.0]])
    plot_species(ax, X, ["Adelie", "Gentoo", "Gentoo"], ("bill_length_mm", "bill_depth_mm"), ["Adelie", "Gentoo"])
    assert [style_of(c) for c in ax.collections] == [ADELIE, GENTOO]
    plt.close(fig)


def test_the_two_class_explorer_draws_gentoo_as_the_other_lessons_do():
    from nnlesson.widgets import TwoClassExplorer

    e = TwoClassExplorer(species=("Adelie", "Gentoo"))
    assert [style_of(c) for c in e.row_dots] == [ADELIE, GENTOO]
    # the P picture's tint at P = 1 is Gentoo's green, lightened; at P = 0 Adelie's blue
    top, bottom = e._colours[-1, :3] / 255, e._colours[0, :3] / 255
    green, blue = np.array(matplotlib.colors.to_rgb(GENTOO[0])), np.array(matplotlib.colors.to_rgb(ADELIE[0]))
    assert np.allclose(top, 1 - 0.55 * (1 - green), atol=1 / 255)
    assert np.allclose(bottom, 1 - 0.55 * (1 - blue), atol=1 / 255)


def test_the_playground_draws_each_species_in_its_style():
    from nnlesson.widgets import ClassifierPlayground

    e = ClassifierPlayground()
    assert e.class_names == ["Adelie", "Chinstrap", "Gentoo"]
    assert [style_of(c) for c in e.scatters] == [ADELIE, CHINSTRAP, GENTOO]


def test_notebooks_take_species_styles_from_the_package():
    """No notebook keeps its own list of markers or indexes the colours by position for species."""
    for md in sorted((ROOT / "notebooks").glob("*.md")):
        text = md.read_text()
        assert not re.search(r"markers\s*=\s*\[", text), f"{md.name} defines its own marker list"
        if "species" in text:
            assert "CLASS_COLOURS[k]" not in text, f"{md.name} colours species by position: use nl.plots.class_styles"

"""Lesson 7 (your own data): the companion's computations and the upload explorer, without a browser."""

from __future__ import annotations

import datetime

import numpy as np
import pytest

import nnlesson as nl
from nnlesson.lessons import lesson7
from nnlesson.widgets import ClassifierPlayground, DataUploader, TrainingExplorer

WINE = nl.data.data_path("wine.csv")
NUMERIC = ["alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids",
           "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue", "od280_od315", "proline"]
SMALL = (b"height,weight,shoe,team\n" + b"".join(f"{150 + 3 * i},{50 + 2 * i},{36 + i % 9},{'ab'[i % 2]}\n".encode()
                                                    for i in range(30)))


@pytest.fixture(scope="module")
def wine_table():
    return nl.read_csv(WINE)


def test_suggest_takes_the_text_column_as_target(wine_table):
    target, features = lesson7.suggest(wine_table)
    assert target == "cultivar"
    assert features == NUMERIC


def test_suggest_without_text_takes_the_last_column():
    table = nl.read_csv(b"a,b,c\n" + b"".join(f"{i},{i * i},{i % 3 + 0.5}\n".encode() for i in range(12)),
                        name="n.csv")
    assert lesson7.suggest(table) == ("c", ["a", "b"])


def test_choose_gives_the_dataset_and_why(wine_table):
    chosen = lesson7.choose(wine_table, "cultivar", ["flavanoids", "proline"])
    ds = chosen["dataset"]
    assert chosen["error"] is None and chosen["task"] == "classification"
    assert ds.X.shape == (178, 2) and ds.class_names == ["cultivar_1", "cultivar_2", "cultivar_3"]
    assert "text labels" in chosen["reason"]
    regression = lesson7.choose(wine_table, "alcohol", ["proline"])
    assert regression["task"] == "regression" and regression["dataset"].y[0] == pytest.approx(14.23)
    forced = lesson7.choose(wine_table, "magnesium", ["proline"], task="regression")
    assert forced["task"] == "regression"


@pytest.mark.parametrize("target, features, words", [
    ("cultivar", [], "at least one feature"),
    ("alcohol", ["cultivar"], "is not a number"),
    ("cultivar", ["nonsense"], "no column 'nonsense'"),
    ("proline", ["alcohol"], "classes"),          # forced classification of a number with 121 values: too many
])
def test_choose_says_why_not(wine_table, target, features, words):
    task = "classification" if target == "proline" else lesson7.AUTO
    chosen = lesson7.choose(wine_table, target, features, task)
    assert chosen["dataset"] is None
    assert words in chosen["error"]


def test_choose_refuses_an_unknown_task(wine_table):
    with pytest.raises(ValueError, match="task must be one of"):
        lesson7.choose(wine_table, "cultivar", ["proline"], task="clustering")


def test_load_line_is_the_same_dataset(wine_table):
    line = lesson7.load_line(str(WINE), "alcohol", ["proline", "hue"], "regression")
    assert line.startswith("ds = nl.load_csv(") and "task='regression'" in line
    scope = {"nl": nl}
    exec(line, scope)
    expected = lesson7.choose(wine_table, "alcohol", ["proline", "hue"], "regression")["dataset"]
    np.testing.assert_array_equal(scope["ds"].X, expected.X)
    np.testing.assert_array_equal(scope["ds"].y, expected.y)


def test_fitting_explorers(wine_table):
    two = lesson7.choose(wine_table, "cultivar", ["flavanoids", "proline"])["dataset"]
    one = lesson7.choose(wine_table, "cultivar", ["proline"])["dataset"]
    number = lesson7.choose(wine_table, "alcohol", ["proline"])["dataset"]
    assert lesson7.fitting_explorers(two) == {"ClassifierPlayground": None,
                                              "TrainingExplorer": pytest.approx(
                                                  "the regression trainer predicts a number; this target is a "
                                                  "class label")}
    assert "at least two" in lesson7.fitting_explorers(one)["ClassifierPlayground"]
    assert lesson7.fitting_explorers(number)["TrainingExplorer"] is None
    with pytest.raises(TypeError):
        lesson7.fitting_explorers("wine")


def test_baselines():
    y = np.array(["a", "b", "b", "c", "b"])
    assert lesson7.majority_share(y) == pytest.approx(0.6)
    wine = nl.load_csv(WINE, target="cultivar", features=["proline"])
    assert lesson7.majority_share(wine.y) == pytest.approx(71 / 178)
    y_train, y_test = np.array([1.0, 2.0, 3.0]), np.array([2.0, 4.0])
    assert lesson7.mean_rmse(y_train, y_test) == pytest.approx(np.sqrt((0 + 4) / 2))
    with pytest.raises(ValueError, match="non-empty"):
        lesson7.majority_share([])
    with pytest.raises(ValueError, match="finite"):
        lesson7.mean_rmse([1.0, np.nan], [1.0])


def test_check_majority_share():
    wine = nl.load_csv(WINE, target="cultivar", features=["proline"])
    assert lesson7.check_majority_share(71 / 178, wine)
    assert lesson7.check_majority_share(0.399, wine)          # rounded as the lesson rounds
    wrong = lesson7.check_majority_share(71, wine)
    assert not wrong and "fraction between 0 and 1" in str(wrong)
    assert "0.399" not in str(wrong)                          # never the answer
    assert not lesson7.check_majority_share(None, wine)       # feedback, not an exception
    assert "at least 1/(number of classes)" in str(lesson7.check_majority_share(0.2, wine))


def test_check_mean_rmse_names_the_slips():
    y_train, y_test = np.array([1.0, 2.0, 3.0, 6.0]), np.array([2.0, 5.0, 0.0])
    expected = lesson7.mean_rmse(y_train, y_test)
    assert lesson7.check_mean_rmse(expected, y_train, y_test)
    assert "square root" in str(lesson7.check_mean_rmse(expected ** 2, y_train, y_test))
    assert "TRAINING rows" in str(lesson7.check_mean_rmse(np.std(y_test), y_train, y_test))


# -- the upload explorer ----------------------------------------------------------------------------
def test_uploader_starts_empty_and_takes_the_example():
    u = DataUploader()
    assert u.dataset is None and "Upload a CSV file" in u.status_html.value
    assert all(b.disabled for b in u.buttons.values())
    u.use_example()
    assert u.settings() == {"target": "cultivar", "features": NUMERIC, "task": "detect"}
    assert "Task: classification" in u.status_html.value and "178 rows" in u.status_html.value
    assert "wine.csv: 178 rows, 14 columns" in u.file_html.value.replace("<b>", "").replace("</b>", "")
    assert u.preview_html.value.count("<tr>") == 1 + 5     # the header and five rows
    assert u.summary_html.value.count("<tr>") == 1 + 14    # the header and one row per column
    assert not u.buttons["ClassifierPlayground"].disabled and u.buttons["TrainingExplorer"].disabled
    assert "nl.load_csv(&#x27;wine.csv&#x27;, target=&#x27;cultivar&#x27;" in u.load_html.value


def test_uploader_reads_an_uploaded_file_and_trains_on_it():
    u = DataUploader()
    u.upload.value = ({"name": "team.csv", "type": "text/csv", "size": len(SMALL), "content": memoryview(SMALL),
                       "last_modified": datetime.datetime(2026, 11, 30)},)
    assert u.table.name == "team.csv" and u.settings()["target"] == "team"
    assert u.settings()["features"] == ["height", "weight", "shoe"]
    playground = u.open("ClassifierPlayground")
    assert isinstance(playground, ClassifierPlayground) and playground is u.explorer
    scores = playground.train(30)
    assert scores["train_accuracy"] > 0.5


def test_uploader_switches_to_regression():
    u = DataUploader(source=WINE, target="alcohol", features=["color_intensity", "proline", "flavanoids"])
    assert "Task: regression" in u.status_html.value
    assert u.buttons["ClassifierPlayground"].disabled and not u.buttons["TrainingExplorer"].disabled
    assert u.open("ClassifierPlayground") is None and "sorts rows into classes" in u.status_html.value
    trainer = u.open("TrainingExplorer")
    assert isinstance(trainer, TrainingExplorer)
    assert trainer.split.target_name == "alcohol"


def test_uploader_target_change_updates_the_choice():
    u = DataUploader(source=WINE)
    u.target_menu.value = "alcohol"
    assert u._checkboxes["cultivar"].disabled and u._checkboxes["alcohol"].disabled
    assert "alcohol" not in u.features() and "Task: regression" in u.status_html.value
    u.task_menu.value = "classification"                     # alcohol as classes: too many of them
    assert u.dataset is None and "classes" in u.status_html.value
    assert all(b.disabled for b in u.buttons.values())


@pytest.mark.parametrize("content, words", [
    (b"", "empty"),
    (b"just one column\n1\n2\n", "single column"),
    (b"a,b\n1,2\n", "at least 10"),
    (b"a,b\n" + b"1,2\n" * 5 + b"1,2,3\n", "row 7"),
])
def test_uploader_says_what_is_wrong_with_a_file(content, words):
    u = DataUploader()
    u.load(content, name="bad.csv")
    assert words in u.status_html.value
    assert "Traceback" not in u.status_html.value
    assert all(b.disabled for b in u.buttons.values())


def test_uploader_settings_round_trip():
    u = DataUploader(source=WINE)
    u._checkboxes["ash"].value = False
    u.task_menu.value = "classification"
    again = DataUploader(source=WINE, **u.settings())
    assert again.settings() == u.settings()
    np.testing.assert_array_equal(again.dataset.X, u.dataset.X)
    assert u.code(data={"source": "path"}).startswith("DataUploader(source=path, target='cultivar'")


def test_uploader_refuses_bad_arguments():
    with pytest.raises(ValueError, match="task must be one of"):
        DataUploader(task="guess")
    with pytest.raises(ValueError, match="not a column"):
        DataUploader(source=WINE, target="colour")
    with pytest.raises(ValueError, match="explorer must be one of"):
        DataUploader(source=WINE).open("Playground")


def test_preview_and_summary_rows(wine_table):
    header, rows = lesson7.preview(wine_table, 2)
    assert header[:3] == ["cultivar", "alcohol", "malic_acid"] and rows[1][:3] == ["cultivar_1", "13.2", "1.78"]
    header, rows = lesson7.summary(wine_table)
    assert header == list(lesson7.SUMMARY_HEADER) and len(rows) == 14
    assert rows[0] == ["cultivar", "text", "0", "3", "", "", ""]
    proline = rows[-1]
    assert proline[:6] == ["proline", "number", "0", "121", "278", "1680"]
    assert float(proline[6]) == pytest.approx(nl.load_csv(WINE, "cultivar", ["proline"]).X.mean(), rel=5e-4)


def test_text_table_aligns_numbers_right():
    text = lesson7.text_table(["name", "n"], [["a", "5"], ["bbb", "120"]])
    assert text.splitlines() == ["name    n", "a       5", "bbb   120"]

"""Lesson 7's upload explorer: a CSV file from the learner's computer into a trainer.

Upload a file (or take the worked example), look at its first rows and a summary of each
column, choose the target and the features, see which task that makes and why, then open the
classifier playground or the regression trainer on it. Every number and sentence comes from
nnlesson.lessons.lesson7 and nnlesson.tables (read_csv, load_csv); this module only shows them.

The file goes from the browser to this notebook's kernel and nowhere else.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..lessons.lesson7 import (AUTO, EXAMPLE, choose, example_source, fitting_explorers, load_line, preview, suggest,
                               summary)
from ..plots import fmt
from ..tables import TASKS, read_csv
from .base import Explorer, serialized

PREVIEW_ROWS = 5
EXPLORER_LABELS = {"ClassifierPlayground": "Open the classifier playground",
                   "TrainingExplorer": "Open the regression trainer"}


def table_html(header, rows, css_class):
    """An HTML table (escaped), scrolling sideways when the file is wide."""
    head = "".join(f"<th style='padding:2px 8px;text-align:left'>{html.escape(str(h))}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td style='padding:2px 8px'>{html.escape(str(v))}</td>" for v in row) + "</tr>"
                   for row in rows)
    return (f"<div class='{css_class}' style='overflow-x:auto;max-width:100%'><table style='border-collapse:collapse;"
            f"font-size:0.9em'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


class DataUploader(Explorer):
    """Upload a CSV file, choose the target and features, and open a trainer on it.

    uploader = DataUploader()                          # empty: upload a file or press "Use the example"
    uploader = DataUploader(source=path_or_bytes, name="my.csv", target="species")
    uploader.dataset                                   # the chosen columns as an nl.Dataset (or None)
    uploader.open("ClassifierPlayground")              # what the buttons do

    Data arguments: source (a path or the file's bytes) and name. settings() gives target,
    features and task, so DataUploader(source=..., name=..., **settings) rebuilds the choice.
    """

    title = "Your own data: upload a CSV file"
    data_arguments = {"source": "source", "name": "name"}

    def __init__(self, source=None, name=None, target=None, features=None, task=AUTO):
        if task not in (AUTO, *TASKS):
            raise ValueError(f"task must be one of {[AUTO, *TASKS]}, got {task!r}")
        self.table = None
        self.dataset = None
        self.explorer = None
        self._source_given = source is not None
        self._name_given = name is not None

        self.upload = widgets.FileUpload(accept=".csv,.tsv,.txt", multiple=False, description="Upload a CSV file",
                                         layout=widgets.Layout(width="220px"))
        self.upload.add_class("nnl-upload-file")
        self.example_button = widgets.Button(description=f"Use the example ({EXAMPLE})",
                                             layout=widgets.Layout(width="220px"))
        self.example_button.add_class("nnl-upload-example")
        privacy = widgets.HTML("<span style='color:#555'>Your file stays on this computer: it goes from the browser "
                               "to this notebook's Python kernel only.</span>")
        self.file_html = widgets.HTML()
        self.file_html.add_class("nnl-upload-fileinfo")
        self.preview_html = widgets.HTML()
        self.summary_html = widgets.HTML()
        self.target_menu = widgets.Dropdown(description="Predict:", options=[], style={"description_width": "90px"},
                                            layout=widgets.Layout(width="340px"))
        self.target_menu.add_class("nnl-upload-target")
        self.task_menu = widgets.ToggleButtons(options=[("detect from the data", AUTO),
                                                        ("classification", "classification"),
                                                        ("regression", "regression")],
                                               value=task, description="Task:", style={"button_width": "150px"})
        self.task_menu.add_class("nnl-upload-task")
        self.feature_boxes = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap", max_width="900px"))
        self.feature_boxes.add_class("nnl-upload-features")
        self._checkboxes = {}
        self.status_html = self.status("nnl-upload-status")
        self.load_html = widgets.HTML()
        self.load_html.add_class("nnl-upload-code")
        self.buttons = {}
        for key, label in EXPLORER_LABELS.items():
            b = widgets.Button(description=label, layout=widgets.Layout(width="260px"), disabled=True)
            b.add_class(f"nnl-upload-open-{'classifier' if key == 'ClassifierPlayground' else 'regression'}")
            b.on_click(lambda _, key=key: self.open(key))
            self.buttons[key] = b
        self.output = widgets.Output()
        self.output.add_class("nnl-upload-output")

        self.upload.observe(self._on_upload, names="value")
        self.example_button.on_click(lambda _: self.use_example())
        self.target_menu.observe(self._on_target, names="value")
        self.task_menu.observe(lambda _: self.update(), names="value")

        choices = widgets.VBox([self.target_menu, self.task_menu,
                                widgets.HTML("<b>Features</b> (the columns the network reads; only columns of "
                                             "numbers can be ticked):"),
                                self.feature_boxes])
        self.widget = widgets.VBox([widgets.HBox([self.upload, self.example_button]), privacy, self.file_html,
                                    self.preview_html, self.summary_html, choices, self.status_html, self.load_html,
                                    widgets.HBox(list(self.buttons.values())), self.output])
        self.widget.add_class("nnl-upload")
        if source is None:
            self.status_html.value = "Upload a CSV file with a header row, or use the example."
        else:
            self.load(source, name=name, target=target, features=features)

    # -- loading --------------------------------------------------------------------------------
    def _on_upload(self, change):
        files = change["new"]
        if not files:
            return
        f = files[0]
        self.load(bytes(f["content"]), name=f["name"])

    def use_example(self):
        """Load the worked example (data/wine.csv) with its suggested target and features."""
        source, name = example_source()
        self.load(source, name=name)

    @serialized
    def load(self, source, name=None, target=None, features=None):
        """Read a file (a path or its bytes) and show it; a file that cannot be read is said in words."""
        self.source, self.name = source, name
        self.output.clear_output()
        self.explorer = None
        try:
            table = read_csv(source, name=name)
        except (ValueError, TypeError) as exc:
            self.table = self.dataset = None
            self.file_html.value = self.preview_html.value = self.summary_html.value = ""
            self._set_columns([], None, [])
            self.status_html.value = f"⚠ This file cannot be used: {html.escape(str(exc))}"
            self._enable_buttons()
            return
        self.table = table
        self.name = table.name
        guess_target, guess_features = suggest(table)
        target = guess_target if target is None else target
        if target not in table.columns:
            raise ValueError(f"target {target!r} is not a column of {table.name}: its columns are {table.columns}")
        features = guess_features if features is None else list(features)
        delimiter = {",": "commas", ";": "semicolons", "\t": "tabs"}[table.delimiter]
        self.file_html.value = (f"<b>{html.escape(table.name)}</b>: {table.n_rows} rows, {len(table.columns)} "
                                f"columns, separated by {delimiter}. The first {min(PREVIEW_ROWS, table.n_rows)} "
                                "rows, then a summary of each column:")
        self.preview_html.value = table_html(*preview(table, PREVIEW_ROWS), "nnl-upload-preview")
        self.summary_html.value = table_html(*summary(table), "nnl-upload-summary")
        self._set_columns(table.columns, target, features)
        self.update()

    def _set_columns(self, columns, target, features):
        kinds = {s["column"]: s["kind"] for s in self.table.summary()} if self.table else {}
        self._quiet = True
        try:
            self.target_menu.options = list(columns)
            self.target_menu.value = target
        finally:
            self._quiet = False
        self._checkboxes = {}
        for column in columns:
            box = widgets.Checkbox(value=column in features and column != target, description=column, indent=False,
                                   disabled=kinds.get(column) != "number" or column == target,
                                   layout=widgets.Layout(width="210px"))
            box.add_class("nnl-upload-feature")
            box.observe(lambda _: self.update(), names="value")
            self._checkboxes[column] = box
        self.feature_boxes.children = list(self._checkboxes.values())

    def _on_target(self, change):
        if getattr(self, "_quiet", False) or self.table is None:
            return
        target = change["new"]
        kinds = {s["column"]: s["kind"] for s in self.table.summary()}
        for column, box in self._checkboxes.items():
            box.disabled = kinds[column] != "number" or column == target
            if column == target:
                box.value = False
        self.update()

    # -- the choice -----------------------------------------------------------------------------
    def features(self):
        """The ticked feature columns, in file order."""
        return [c for c, box in self._checkboxes.items() if box.value and not box.disabled]

    def settings(self):
        """target, features and task: DataUploader(source=..., name=..., **settings) rebuilds the choice."""
        return {"target": self.target_menu.value, "features": self.features(), "task": self.task_menu.value}

    def data_given(self):
        return (("source",) if self._source_given else ()) + (("name",) if self._name_given else ())

    @serialized
    def update(self):
        """Recompute the Dataset from the choice and say what it is."""
        if self.table is None:
            return
        chosen = choose(self.table, self.target_menu.value, self.features(), self.task_menu.value)
        self.dataset = chosen["dataset"]
        if chosen["error"]:
            self.status_html.value = f"⚠ {html.escape(chosen['error'])}"
            self.load_html.value = ""
        else:
            ds = self.dataset
            what = (f"{len(ds.class_names)} classes: {', '.join(map(str, ds.class_names))}" if ds.class_names
                    else f"a number from {fmt(float(ds.y.min()))} to {fmt(float(ds.y.max()))}")
            dropped = (f"; {ds.n_dropped} rows dropped for a missing value" if ds.n_dropped else "")
            self.status_html.value = (f"<b>Task: {ds.task}</b> ({what}). Why: {html.escape(ds.task_reason)}. "
                                      f"{len(ds.X)} rows to learn from{dropped}.")
            line = load_line(self.table.name, self.target_menu.value, self.features(), self.task_menu.value)
            self.load_html.value = ("<div style='color:#666;font-size:0.85em'>The same in code: <code "
                                    f"style='user-select:all'>{html.escape(line)}</code></div>")
        self._enable_buttons()

    def _enable_buttons(self):
        fits = fitting_explorers(self.dataset) if self.dataset is not None else {}
        for key, button in self.buttons.items():
            reason = fits.get(key, "load a file and choose a target first")
            button.disabled = reason is not None
            button.tooltip = reason or ""

    def open(self, explorer):
        """Open an explorer on the chosen Dataset below ("ClassifierPlayground" or "TrainingExplorer");
        returns it, or None with the reason in the status line."""
        if explorer not in EXPLORER_LABELS:
            raise ValueError(f"explorer must be one of {list(EXPLORER_LABELS)}, got {explorer!r}")
        if self.dataset is None:
            self.status_html.value = "⚠ Load a file and choose a target and features first."
            return None
        reason = fitting_explorers(self.dataset)[explorer]
        if reason:
            self.status_html.value = f"⚠ {html.escape(reason)}."
            return None
        from . import ClassifierPlayground, TrainingExplorer

        self.output.clear_output()
        try:
            if explorer == "ClassifierPlayground":
                self.explorer = ClassifierPlayground(data=self.dataset, features=tuple(self.dataset.feature_names[:2]))
            else:
                self.explorer = TrainingExplorer(data=self.dataset)
        except (ValueError, TypeError) as exc:
            self.status_html.value = f"⚠ The explorer cannot train on this choice: {html.escape(str(exc))}"
            return None
        with self.output:
            from IPython.display import display

            display(self.explorer)
        return self.explorer

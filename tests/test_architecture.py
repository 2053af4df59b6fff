"""The house rules, checked by reading the imports: engine ← lessons ← widgets, arrows one way.

    engine   activations, losses, network, training, metrics, gradcheck, data, tables, plots, _validate:
             imports nothing from lessons or widgets, and no UI (ipywidgets, IPython)
    lessons  nnlesson/lessons/* and exercises.py (the checkers' machinery): the engine only,
             no widgets and no UI
    widgets  nnlesson/widgets/*: views over lessons and engine

Every import counts, including those inside functions. See docs/development.md, "Architecture".
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "nnlesson"
ENGINE = {"activations", "losses", "network", "training", "metrics", "gradcheck", "data", "tables", "plots",
          "_validate"}
UI = ("ipywidgets", "IPython")
MAX_LINES = 500


def module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(source, name, is_package=False):
    """Absolute names of every module imported anywhere in `source` (module `name`)."""
    found = set()
    package = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                root = ".".join(base + ([node.module] if node.module else []))
            else:
                root = node.module
            found.add(root)
            found.update(f"{root}.{alias.name}" for alias in node.names)  # `from . import lessons`
    return found


def layer_of(name):
    parts = name.split(".")
    if parts[0] != "nnlesson" or len(parts) == 1:
        return None
    if parts[1] in ENGINE:
        return "engine"
    if parts[1] in ("lessons", "exercises"):
        return "lessons"
    if parts[1] == "widgets":
        return "widgets"
    return None


FORBIDDEN = {  # layer -> what it may not import
    "engine": ("nnlesson.lessons", "nnlesson.exercises", "nnlesson.widgets", "nnlesson.check") + UI,
    "lessons": ("nnlesson.widgets", "nnlesson.check") + UI,
}


def violations(name, imported):
    layer = layer_of(name)
    bad = FORBIDDEN.get(layer, ())
    return sorted(m for m in imported if any(m == b or m.startswith(b + ".") for b in bad))


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_point_one_way(path):
    name = module_name(path)
    found = imports_of(path.read_text(encoding="utf-8"), name, is_package=path.name == "__init__.py")
    assert not violations(name, found), f"{name} ({layer_of(name)} layer) imports {violations(name, found)}"


def test_every_module_has_a_layer():
    """A new module must be placed in a layer (or be a tool: __init__, __main__, check, server)."""
    tools = {"nnlesson", "nnlesson.__main__", "nnlesson.check", "nnlesson.server"}
    unplaced = [module_name(p) for p in MODULES if layer_of(module_name(p)) is None and module_name(p) not in tools]
    assert not unplaced, f"modules in no layer: {unplaced}; add them to ENGINE or put them under lessons/ or widgets/"


def test_the_rule_catches_a_wrong_way_import():
    """The checks above are not vacuous: a lesson importing a widget, an engine module importing
    ipywidgets (even inside a function) and a relative import reaching the widgets are all caught."""
    lesson = imports_of("from ..widgets.backprop import row_step\n", "nnlesson.lessons.lesson3")
    assert violations("nnlesson.lessons.lesson3", lesson) == ["nnlesson.widgets.backprop",
                                                              "nnlesson.widgets.backprop.row_step"]
    engine = imports_of("def bar():\n    import ipywidgets as w\n", "nnlesson.training")
    assert violations("nnlesson.training", engine) == ["ipywidgets"]
    pkg = imports_of("from . import widgets\n", "nnlesson.data")
    assert violations("nnlesson.data", pkg) == ["nnlesson.widgets"]
    assert violations("nnlesson.widgets.digits", {"nnlesson.lessons.capstone", "ipywidgets"}) == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_every_module_reads_in_one_sitting(path):
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{module_name(path)} has {n} lines; split it by concept (at most {MAX_LINES})"

"""Interactive explorers for the lessons: views only.

Each explorer is a thin view: the numbers it shows come from plain functions in the lesson
companions (nnlesson.lessons), tested without a browser, and its figure is drawn once and then
updated in place. Import any explorer from here:

    from nnlesson.widgets import WeightExplorer

Every explorer keeps one contract (see `Explorer`): `settings()` (a plain dict that rebuilds the
setup: `type(e)(**data, **e.settings())`), `code()` (the same as one line of Python, shown under
its controls), and, for those that train or step, `train(epochs=None)` and `scores()`.
"""

from __future__ import annotations

import importlib

from .base import Explorer, FigureView

# explorer -> the module that holds it (imported on first use, so `import nnlesson.widgets` stays light)
EXPLORERS = {
    "WarmUp": "weights",
    "WeightExplorer": "weights",
    "DescentPlayer": "descent",
    "BackpropStepper": "backprop",
    "GradCheckExplorer": "gradcheck",
    "TrainingExplorer": "regression",
    "ResidualExplorer": "regression",
    "SoftmaxExplorer": "softmax",
    "SaturationExplorer": "neuron",
    "TwoClassExplorer": "binary",
    "ClassifierPlayground": "classifier",
    "TrainingMonitor": "digits",
    "DigitExplorer": "digits",
    "DataUploader": "upload",
}
OTHERS = {"TrainingCurves": "curves", "ProgressBar": "progress"}

__all__ = ["Explorer", "FigureView", *EXPLORERS, *OTHERS]


def __getattr__(name):
    module = EXPLORERS.get(name) or OTHERS.get(name)
    if module is None:
        raise AttributeError(f"module 'nnlesson.widgets' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)


def __dir__():
    return sorted(__all__)

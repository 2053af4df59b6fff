"""nnlesson: how a neural network learns, in code a learner can read.

The package behind the lessons in notebooks/. Read it in this order:

    activations.py   sigmoid, tanh, relu, softmax and their derivatives
    losses.py        mean squared error and the cross-entropies, with their gradients
    network.py       dense layers, the forward pass and backpropagation (Network.backward)
    training.py      train(): per-row, mini-batch and full-batch updates over epochs
    metrics.py       accuracy, the confusion matrix, RMSE: how good the predictions are
    gradcheck.py     numerical gradients, to check backpropagation
    data.py          the datasets, one-hot encoding, scalers, the train/test split
    tables.py        reading a CSV file: load_csv (any CSV into a Dataset), read_csv (look first)
    plots.py         shared drawing helpers and the colour-blind-safe palette
    lessons/         one companion per notebook: its data, settings, computations, self-checks
    exercises.py     the machinery behind the lessons' self-checks
    widgets/         the interactive explorers (thin views over the lessons' functions)
    check.py         `python -m nnlesson check`: is this machine ready for the lessons?

Simple and exact (float64), not optimised for big data: that is what frameworks are for.
"""

from . import plots  # noqa: F401  (nl.plots: the palette and fmt the notebooks use)
from .activations import identity, relu, sigmoid, softmax, tanh
from .data import (Dataset, PixelScaler, Split, Standardizer, load_digits, load_penguins, load_wine, one_hot,
                   split_dataset, train_test_split)
from .tables import CSVTable, load_csv, read_csv
from .gradcheck import GradientCheck, gradient_check, numerical_gradients, relative_error
from .losses import (binary_cross_entropy, binary_cross_entropy_gradient, cross_entropy,
                     cross_entropy_gradient, mse, mse_gradient)
from .metrics import accuracy, confusion_matrix, rmse
from .network import Dense, Network, load_network, make_network, save_network
from .training import DivergenceWarning, History, TrainingEvent, train

__version__ = "0.1.0"

__all__ = [
    "identity", "sigmoid", "tanh", "relu", "softmax",
    "mse", "mse_gradient", "binary_cross_entropy", "binary_cross_entropy_gradient",
    "cross_entropy", "cross_entropy_gradient",
    "Dense", "Network", "make_network", "save_network", "load_network",
    "train", "History", "TrainingEvent", "DivergenceWarning", "accuracy", "confusion_matrix", "rmse",
    "numerical_gradients", "gradient_check", "GradientCheck", "relative_error",
    "Dataset", "load_penguins", "load_digits", "one_hot", "Standardizer", "PixelScaler", "train_test_split",
    "Split", "split_dataset", "load_csv", "read_csv", "CSVTable", "load_wine",
]

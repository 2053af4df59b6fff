"""nnlesson: how a neural network learns, in code a learner can read.

The package behind the lessons in notebooks/. Read it in this order:

    activations.py   sigmoid, tanh, relu, softmax and their derivatives
    losses.py        mean squared error and the cross-entropies, with their gradients
    network.py       dense layers, the forward pass and backpropagation (Network.backward)
    training.py      train(): per-row, mini-batch and full-batch updates over epochs
    gradcheck.py     numerical gradients, to check backpropagation
    data.py          the datasets, one-hot encoding, standardisation, train/test split
    exercises.py     the self-checks behind the lessons' exercises
    plots.py         shared plotting helpers and the colour-blind-safe palette
    widgets/         the interactive explorers (thin views over plain functions)
    lessons/         per-lesson exercise checkers and settings
    check.py         `python -m nnlesson check`: is this machine ready for the lessons?

Simple and exact (float64), not optimised for big data: that is what frameworks are for.
"""

from .activations import identity, relu, sigmoid, softmax, tanh
from .data import Dataset, Standardizer, load_digits, load_penguins, one_hot, train_test_split
from .gradcheck import GradientCheck, gradient_check, numerical_gradients, relative_error
from .losses import (binary_cross_entropy, binary_cross_entropy_gradient, cross_entropy,
                     cross_entropy_gradient, mse, mse_gradient)
from .network import Dense, Network, load_network, save_network
from .training import History, TrainingEvent, accuracy, train

__version__ = "0.1.0"

__all__ = [
    "identity", "sigmoid", "tanh", "relu", "softmax",
    "mse", "mse_gradient", "binary_cross_entropy", "binary_cross_entropy_gradient",
    "cross_entropy", "cross_entropy_gradient",
    "Dense", "Network", "save_network", "load_network",
    "train", "History", "TrainingEvent", "accuracy",
    "numerical_gradients", "gradient_check", "GradientCheck", "relative_error",
    "Dataset", "load_penguins", "load_digits", "one_hot", "Standardizer", "train_test_split",
]

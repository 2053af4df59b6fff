"""The one split story: nl.split_dataset gives every lesson its training and test rows."""

import numpy as np
import pytest

import nnlesson as nl
from nnlesson.data import PixelScaler, Split, split_dataset


def test_classification_split_matches_train_test_split_and_one_hot():
    ds = nl.load_penguins(features=("bill_length_mm", "bill_depth_mm"), target="species")
    s = split_dataset(ds, test_fraction=0.25, seed=0)
    X_tr, X_te, y_tr, y_te = nl.train_test_split(ds.X, ds.y, test_fraction=0.25, seed=0, stratify=ds.y)
    np.testing.assert_array_equal(s.X_train_raw, X_tr)
    np.testing.assert_array_equal(s.X_test_raw, X_te)
    np.testing.assert_array_equal(s.y_test, y_te)
    scaler = nl.Standardizer().fit(X_tr)
    np.testing.assert_allclose(s.X_train, scaler.transform(X_tr))
    np.testing.assert_allclose(s.X_test, scaler.transform(X_te))
    assert s.classes == ["Adelie", "Chinstrap", "Gentoo"] and s.is_classification and s.n_classes == 3
    np.testing.assert_array_equal(s.Y_train, nl.one_hot(y_tr, classes=s.classes)[0])
    assert [s.classes[k] for k in s.labels_test] == list(y_te)
    assert s.y_scaler is None
    with pytest.raises(ValueError, match="y_std is for regression"):
        s.y_std


def test_regression_split_standardises_the_target():
    ds = nl.load_penguins()
    s = split_dataset(ds, test_fraction=0.25, seed=0)
    assert not s.is_classification and s.classes is None
    assert s.Y_train.shape == (len(s.X_train), 1)
    assert s.Y_train.mean() == pytest.approx(0, abs=1e-12) and s.Y_train.std() == pytest.approx(1)
    np.testing.assert_allclose(s.y_scaler.inverse_transform(s.Y_test)[:, 0], s.y_test)
    assert s.y_std == pytest.approx(s.y_train.std())
    assert s.X_train.mean(axis=0) == pytest.approx(np.zeros(3), abs=1e-12)


def test_pixel_split_uses_one_scale_for_every_pixel():
    s = split_dataset(nl.load_digits(), test_fraction=0.25, seed=0, scaler="pixels")
    assert isinstance(s.x_scaler, PixelScaler)
    assert s.X_train.mean() == pytest.approx(0, abs=1e-12) and s.X_train.std() == pytest.approx(1)
    assert s.classes == list(range(10))
    np.testing.assert_allclose(s.x_scaler.inverse_transform(s.X_test), s.X_test_raw)
    assert "10 " not in repr(s) and "Split(" in repr(s)


def test_split_refuses_what_it_cannot_split():
    with pytest.raises(TypeError, match="ds must be an nnlesson Dataset"):
        split_dataset(np.zeros((4, 2)))
    with pytest.raises(ValueError, match="unknown scaler 'minmax'"):
        split_dataset(nl.load_penguins(), scaler="minmax")
    with pytest.raises(ValueError, match="not fitted yet"):
        PixelScaler().transform(np.zeros((2, 2)))
    assert isinstance(split_dataset(nl.load_penguins()), Split)


def test_make_network_is_the_one_builder():
    linear = nl.make_network(3, 0, 1, seed=0)
    assert linear.layer_sizes == [3, 1] and linear.output == "identity"
    net = nl.make_network(2, 8, 3, hidden="relu", output="softmax", seed=4)
    assert net.layer_sizes == [2, 8, 3] and net.hidden == "relu"
    np.testing.assert_array_equal(net.layers[0].W, nl.Network([2, 8, 3], hidden="relu", output="softmax", seed=4).layers[0].W)
    with pytest.raises(ValueError, match="n_hidden must be a whole number ≥ 0, got -1"):
        nl.make_network(2, -1, 3)
    with pytest.raises(TypeError, match="n_hidden must be a whole number"):
        nl.make_network(2, 2.5, 3)

"""Saving and loading a network as .npz: exact round trip, no pickle, clear errors."""

import numpy as np
import pytest

import nnlesson as nl


def trained_net():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 3))
    Y = np.eye(3)[rng.integers(0, 3, size=20)]
    net = nl.Network([3, 5, 4, 3], hidden="relu", output="softmax", seed=7)
    nl.train(net, X, Y, loss="cross_entropy", lr=0.1, epochs=3, batch_size=4)
    return net, X


def test_round_trip_is_exact(tmp_path):
    net, X = trained_net()
    path = nl.save_network(net, tmp_path / "net.npz")
    assert path == tmp_path / "net.npz" and path.is_file()
    twin = nl.load_network(path)
    assert isinstance(twin, nl.Network) and twin is not net
    assert twin.layer_sizes == [3, 5, 4, 3] and twin.hidden == "relu" and twin.output == "softmax"
    for (W0, b0), (W1, b1) in zip(net.get_weights(), twin.get_weights()):
        np.testing.assert_array_equal(W0, W1)
        np.testing.assert_array_equal(b0, b1)
        assert W1.dtype == np.float64
    np.testing.assert_array_equal(twin.forward(X), net.forward(X))
    # the method forms do the same
    net.save(tmp_path / "again.npz")
    np.testing.assert_array_equal(nl.Network.load(tmp_path / "again.npz").forward(X), net.forward(X))


def test_suffix_is_added_and_returned(tmp_path):
    net, _ = trained_net()
    path = net.save(tmp_path / "weights")
    assert path == tmp_path / "weights.npz" and path.is_file()
    assert nl.load_network(path).layer_sizes == net.layer_sizes
    assert nl.load_network(str(path)).layer_sizes == net.layer_sizes  # a str path works too


def test_file_holds_plain_arrays_only(tmp_path):
    net, _ = trained_net()
    path = net.save(tmp_path / "net.npz")
    with np.load(path, allow_pickle=False) as data:  # would raise if anything needed pickle
        assert sorted(data.files) == sorted(["layer_sizes", "hidden", "output", "W0", "b0", "W1", "b1", "W2", "b2"])
        assert all(data[k].dtype != object for k in data.files)
        assert str(data["hidden"]) == "relu" and data["layer_sizes"].tolist() == [3, 5, 4, 3]


def write(path, **arrays):
    np.savez(path, **arrays)
    return path


def good_arrays():
    net = nl.Network([2, 3, 1], hidden="tanh", seed=0)
    arrays = {"layer_sizes": np.array([2, 3, 1]), "hidden": np.array("tanh"), "output": np.array("identity")}
    for i, layer in enumerate(net.layers):
        arrays[f"W{i}"], arrays[f"b{i}"] = layer.W, layer.b
    return arrays


def test_hand_written_file_loads(tmp_path):
    net = nl.load_network(write(tmp_path / "ok.npz", **good_arrays()))
    assert net.layer_sizes == [2, 3, 1] and net.hidden == "tanh"


def test_missing_file(tmp_path):
    with pytest.raises(ValueError, match=r"no network file at '.*nothing.npz'"):
        nl.load_network(tmp_path / "nothing.npz")


def test_not_an_npz_file(tmp_path):
    bad = tmp_path / "text.npz"
    bad.write_text("these are not weights")
    with pytest.raises(ValueError, match=r"'.*text.npz' is not a network file saved by Network.save"):
        nl.load_network(bad)


def test_npz_with_other_contents(tmp_path):
    path = write(tmp_path / "other.npz", x=np.arange(3))
    with pytest.raises(ValueError, match=r"is not a network file saved by Network.save: "
                                         r"missing \['layer_sizes', 'hidden', 'output'\]"):
        nl.load_network(path)


def test_pickled_objects_are_refused(tmp_path):
    arrays = good_arrays()
    arrays["hidden"] = np.array([{"evil": "object"}], dtype=object)  # needs pickle to load
    path = write(tmp_path / "pickled.npz", **arrays)
    with pytest.raises(ValueError, match=r"is not a network file saved by Network.save: .*allow_pickle=False"):
        nl.load_network(path)


def test_mismatched_weight_shapes(tmp_path):
    arrays = good_arrays()
    arrays["W1"] = np.zeros((4, 1))
    path = write(tmp_path / "mismatch.npz", **arrays)
    with pytest.raises(ValueError, match=r"does not match its own layer sizes: layer 1 expects W of shape \(3, 1\) "
                                         r"and b of shape \(1,\), got W \(4, 1\) and b \(1,\)"):
        nl.load_network(path)
    arrays = good_arrays()
    arrays["b0"] = np.zeros(5)
    with pytest.raises(ValueError, match=r"layer 0 expects W of shape \(2, 3\) and b of shape \(3,\), "
                                         r"got W \(2, 3\) and b \(5,\)"):
        nl.load_network(write(tmp_path / "mismatch_b.npz", **arrays))


def test_missing_layer_weights(tmp_path):
    arrays = good_arrays()
    del arrays["b1"]
    with pytest.raises(ValueError, match=r"is missing the weights of layer 1 \(W1, b1\)"):
        nl.load_network(write(tmp_path / "missing.npz", **arrays))


def test_bad_architecture_in_file(tmp_path):
    arrays = good_arrays()
    arrays["layer_sizes"] = np.array([2.0, 3.0, 1.0])
    with pytest.raises(ValueError, match=r"layer_sizes must be a list of whole numbers"):
        nl.load_network(write(tmp_path / "floats.npz", **arrays))
    arrays = good_arrays()
    arrays["hidden"] = np.array("swish")
    with pytest.raises(ValueError, match=r"unknown hidden activation 'swish'"):
        nl.load_network(write(tmp_path / "swish.npz", **arrays))
    arrays = good_arrays()
    arrays["W0"] = np.full((2, 3), np.nan)
    with pytest.raises(ValueError, match=r"W of layer 0 contains 6 NaN"):
        nl.load_network(write(tmp_path / "nan.npz", **arrays))


def test_save_needs_a_network(tmp_path):
    with pytest.raises(TypeError, match=r"net must be an nnlesson Network, got dict"):
        nl.save_network({}, tmp_path / "x.npz")

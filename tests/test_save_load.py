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
    with pytest.raises(ValueError, match=r"'.*text.npz' is not an .npz file: a network file saved by Network.save "
                                         r"is an .npz \(zip\) archive of plain arrays"):
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
    with pytest.raises(ValueError, match=r"'.*pickled.npz' holds Python objects in hidden \(pickled data\), which "
                                         r"nnlesson never loads: a network file saved by Network.save holds plain "
                                         r"arrays only$") as info:
        nl.load_network(path)
    assert "allow_pickle" not in str(info.value)  # no advice to switch pickles on


def test_mismatched_weight_shapes(tmp_path):
    arrays = good_arrays()
    arrays["W1"] = np.zeros((4, 1))
    path = write(tmp_path / "mismatch.npz", **arrays)
    with pytest.raises(ValueError, match=r"does not match its own layer sizes: layer 1 expects W of shape \(3, 1\), "
                                         r"got W1 of shape \(4, 1\)"):
        nl.load_network(path)
    arrays = good_arrays()
    arrays["b0"] = np.zeros(5)
    with pytest.raises(ValueError, match=r"layer 0 expects b of shape \(3,\), got b0 of shape \(5,\)"):
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
    with pytest.raises(TypeError, match=r"net must be a Network \(from nnlesson.Network\(...\)\), got dict"):
        nl.save_network({}, tmp_path / "x.npz")


# -- files that are not what they claim (issue 12, item 7) ---------------------------------------
def npy_bytes(shape, payload=b"", descr="<f8"):
    """The bytes of an .npy member whose header claims `shape`, followed by `payload` only."""
    import io

    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, {"descr": descr, "fortran_order": False, "shape": shape})
    return buffer.getvalue() + payload


def zip_with(path, members):
    import zipfile

    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name + ".npy", data)
    return path


def test_a_folder_is_refused_for_loading_and_saving(tmp_path):
    with pytest.raises(ValueError, match=r"^path must be a network file \(.npz\), got the folder '.*'$"):
        nl.load_network(tmp_path)
    (tmp_path / "weights.npz").mkdir()
    with pytest.raises(ValueError, match=r"^path must be a network file \(.npz\), got the folder '.*weights.npz'$"):
        nl.load_network(tmp_path / "weights.npz")
    net = nl.Network([2, 1], seed=0)
    with pytest.raises(ValueError, match=r"^path must be a file name such as 'net.npz', got the folder '.*'$"):
        net.save(tmp_path)
    with pytest.raises(ValueError, match=r"^path must be in a folder that exists, got '.*no_such_folder/net.npz': "
                                         r"there is no folder '.*no_such_folder'$"):
        net.save(tmp_path / "no_such_folder" / "net.npz")


@pytest.mark.parametrize("path, error, pattern", [
    (None, TypeError, r"^path must be a file name \(a str or a pathlib.Path\), got None of type NoneType$"),
    (3, TypeError, r"^path must be a file name \(a str or a pathlib.Path\), got 3 of type int$"),
    (b"net.npz", TypeError, r"^path must be a file name \(a str or a pathlib.Path\), got b'net.npz' of type bytes$"),
    ({"net.npz"}, TypeError, r"^path must be a file name .* of type set$"),
    ("", ValueError, r"^path must be a file name, got an empty name ''$"),
])
def test_path_must_be_a_file_name(tmp_path, path, error, pattern):
    with pytest.raises(error, match=pattern):
        nl.load_network(path)
    with pytest.raises(error, match=pattern):
        nl.save_network(nl.Network([2, 1]), path)


def test_a_single_npy_array_is_not_a_network_file(tmp_path):
    np.save(tmp_path / "W.npy", np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"'.*W.npy' holds a single numpy array \(.npy\), not a network file \(.npz\)"):
        nl.load_network(tmp_path / "W.npy")


def test_a_pickle_file_is_refused_without_unpickling(tmp_path):
    import pickle

    path = tmp_path / "net.npz"
    path.write_bytes(pickle.dumps({"layer_sizes": [2, 1]}))
    with pytest.raises(ValueError, match=r"is not an .npz file: a network file saved by Network.save is an .npz "
                                         r"\(zip\) archive of plain arrays$") as info:
        nl.load_network(path)
    assert "allow_pickle" not in str(info.value)  # no advice to switch pickles on


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_a_truncated_file_is_damaged(tmp_path, cut):
    net = nl.Network([3, 5, 2], seed=0)
    data = net.save(tmp_path / "net.npz").read_bytes()
    path = tmp_path / "cut.npz"
    path.write_bytes(data[:int(len(data) * cut)])
    with pytest.raises(ValueError, match=r"'.*cut.npz' (is not an .npz file|is damaged)"):
        nl.load_network(path)


def test_a_damaged_member_is_reported(tmp_path):
    arrays = good_arrays()
    path = zip_with(tmp_path / "bad_member.npz", {
        "layer_sizes": npy_bytes((3,), np.array([2, 3, 1], dtype="<i8").tobytes(), "<i8"),
        "hidden": b"garbage, not an array", "output": b"garbage"})
    with pytest.raises(ValueError, match=r"'.*bad_member.npz' is damaged: the array hidden cannot be read"):
        nl.load_network(path)
    assert arrays  # the good arrays are untouched


def test_a_file_claiming_huge_layers_is_refused_before_allocating(tmp_path):
    import tracemalloc

    arrays = good_arrays()
    arrays["layer_sizes"] = np.array([100_000, 100_000, 1])  # would be 80 GB of weights
    path = write(tmp_path / "huge.npz", **arrays)
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=r"'.*huge.npz': layer_sizes must describe a network of at most "
                                             r"10,000,000 weights and biases \(80 MB\), got \[100000, 100000, 1\], "
                                             r"which needs 10,000,200,001 \(about 80 GB\): use smaller layers"):
            nl.load_network(path)
        assert tracemalloc.get_traced_memory()[1] < 10_000_000  # the peak: nothing near the claimed size
    finally:
        tracemalloc.stop()


def test_an_array_whose_header_claims_gigabytes_is_refused_before_reading(tmp_path):
    import tracemalloc

    arrays = good_arrays()
    members = {key: (lambda a: npy_bytes(a.shape, np.ascontiguousarray(a).tobytes(), a.dtype.str))(np.asarray(a))
               for key, a in arrays.items() if key not in ("hidden", "output")}
    members["hidden"] = npy_bytes((), "tanh".encode("utf-32-le"), "<U4")
    members["output"] = npy_bytes((), "identity".encode("utf-32-le"), "<U8")
    members["W0"] = npy_bytes((200_000, 100_000), b"\0" * 64)  # claims 160 GB, holds 64 bytes
    path = zip_with(tmp_path / "liar.npz", members)
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=r"does not match its own layer sizes: layer 0 expects W of shape \(2, 3\), "
                                             r"got W0 of shape \(200000, 100000\)"):
            nl.load_network(path)
        assert tracemalloc.get_traced_memory()[1] < 10_000_000
    finally:
        tracemalloc.stop()


def test_layer_sizes_array_must_be_short(tmp_path):
    arrays = good_arrays()
    arrays["layer_sizes"] = np.ones(20_000, dtype=np.int64)
    with pytest.raises(ValueError, match=r"layer_sizes must be a short list or name, got an array of shape \(20000,\) "
                                         r"and dtype int64$"):
        nl.load_network(write(tmp_path / "long.npz", **arrays))


def test_a_name_claiming_a_huge_string_is_refused_before_reading(tmp_path):
    arrays = good_arrays()
    members = {key: npy_bytes(np.asarray(a).shape, np.ascontiguousarray(a).tobytes(), np.asarray(a).dtype.str)
               for key, a in arrays.items() if key != "hidden"}
    members["hidden"] = npy_bytes((), b"t\0\0\0", "<U100000000")  # claims a 400 MB name
    with pytest.raises(ValueError, match=r"'.*big_name.npz': hidden must be a short list or name, got an array of "
                                         r"shape \(\) and dtype <U100000000$"):
        nl.load_network(zip_with(tmp_path / "big_name.npz", members))


def test_weights_must_be_numbers(tmp_path):
    arrays = good_arrays()
    arrays["W0"] = np.array([["a", "b", "c"], ["d", "e", "f"]])
    with pytest.raises(ValueError, match=r"'.*words.npz': W0 must hold numbers, got dtype <U1$"):
        nl.load_network(write(tmp_path / "words.npz", **arrays))

"""train(): it learns the penguins, its three batching paths do what they say, it is seeded,
it stops safely when the loss blows up, and its callbacks and records work."""

import math

import numpy as np
import pytest

import nnlesson as nl
from nnlesson import training


# -- data ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def regression():
    """Penguins: bill length, bill depth, flipper length → body mass, standardised."""
    d = nl.load_penguins()
    X_train, X_test, y_train, y_test = nl.train_test_split(d.X, d.y, test_fraction=0.25, seed=0)
    sx, sy = nl.Standardizer().fit(X_train), nl.Standardizer().fit(y_train)
    return dict(X=sx.transform(X_train), Y=sy.transform(y_train)[:, None],
                X_test=sx.transform(X_test), Y_test=sy.transform(y_test)[:, None],
                y_test_grams=y_test, sy=sy)


@pytest.fixture(scope="module")
def species():
    """Penguins: four measurements → species (3 classes), standardised, one-hot."""
    d = nl.load_penguins(features=("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"),
                         target="species")
    X_train, X_test, y_train, y_test = nl.train_test_split(d.X, d.y, test_fraction=0.25, seed=0, stratify=d.y)
    s = nl.Standardizer().fit(X_train)
    Y_train, classes = nl.one_hot(y_train)
    Y_test, _ = nl.one_hot(y_test, classes=classes)
    majority = max(np.mean(y_test == c) for c in classes)
    return dict(X=s.transform(X_train), Y=Y_train, X_test=s.transform(X_test), Y_test=Y_test, majority=majority)


def tiny(seed=0, n=10):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    Y = np.tanh(X @ [[0.5], [-1.0], [0.3]]) + 0.1 * rng.normal(size=(n, 1))
    return X, Y


def same_weights(a, b):
    return all(np.array_equal(Wa, Wb) and np.array_equal(ba, bb) for (Wa, ba), (Wb, bb) in zip(a, b))


# -- learning real data -------------------------------------------------------------------
@pytest.mark.parametrize("batch_size, lr, epochs", [(1, 0.01, 20), (16, 0.1, 60), (None, 0.3, 300)],
                         ids=["per-row", "mini-batch", "full-batch"])
def test_penguin_regression_learns(regression, batch_size, lr, epochs):
    r = regression
    net = nl.Network([3, 8, 1], hidden="sigmoid", output="identity", seed=0)
    history = nl.train(net, r["X"], r["Y"], loss="mse", lr=lr, epochs=epochs, batch_size=batch_size, seed=0,
                       validation=(r["X_test"], r["Y_test"]))
    assert not history.diverged and history.epochs_run == epochs and len(history.loss) == epochs
    # predicting the mean gives loss 1 on standardised targets; the network explains ~80 % of the variance
    assert history.initial_loss > 1.0
    assert history.final_loss < 0.21
    assert history.val_loss[-1] < 0.21
    assert history.loss[-1] < history.loss[0]
    # in grams: typical error under 360 g, against a spread (std) of about 800 g
    grams = r["sy"].inverse_transform(net.forward(r["X_test"])[:, 0])
    rmse = float(np.sqrt(np.mean((grams - r["y_test_grams"]) ** 2)))
    assert rmse < 360 and np.std(r["y_test_grams"]) > 750
    assert history.message.startswith(f"trained {epochs} epochs: loss ")


@pytest.mark.parametrize("batch_size, lr, epochs", [(1, 0.01, 10), (32, 0.1, 30), (None, 0.5, 200)],
                         ids=["per-row", "mini-batch", "full-batch"])
def test_penguin_species_classification_learns(species, batch_size, lr, epochs):
    s = species
    net = nl.Network([4, 16, 3], hidden="tanh", output="softmax", seed=0)
    history = nl.train(net, s["X"], s["Y"], loss="cross_entropy", lr=lr, epochs=epochs, batch_size=batch_size,
                       seed=0)
    assert not history.diverged
    assert history.initial_loss > 1.0  # about log 3 ≈ 1.1 or worse: no better than guessing
    assert history.final_loss < 0.05
    test_accuracy = nl.accuracy(net.forward(s["X_test"]), s["Y_test"])
    assert s["majority"] < 0.45  # always guessing the commonest species would be right < 45 % of the time
    assert test_accuracy > 0.94
    assert nl.accuracy(net.forward(s["X"]), s["Y"]) > 0.98


def test_binary_classification_with_sigmoid_output(species):
    """Adelie or not, one sigmoid output and binary cross-entropy."""
    s = species
    y = s["Y"][:, :1]  # column 0 is Adelie (classes are sorted)
    net = nl.Network([4, 5, 1], hidden="relu", output="sigmoid", seed=1)
    history = nl.train(net, s["X"], y, loss="binary_cross_entropy", lr=0.1, epochs=20, batch_size=8, seed=0)
    assert history.final_loss < 0.1 < history.initial_loss
    assert nl.accuracy(net.forward(s["X_test"]), s["Y_test"][:, :1]) > 0.95


# -- the three batching paths, step by step -------------------------------------------------
def test_per_row_training_is_backward_then_update_for_each_row():
    X, Y = tiny()
    net, manual = nl.Network([3, 4, 1], hidden="tanh", seed=0), nl.Network([3, 4, 1], hidden="tanh", seed=0)
    history = nl.train(net, X, Y, lr=0.05, epochs=2, batch_size=1, shuffle=False)
    for _ in range(2):
        for i in range(len(X)):
            manual.update(manual.backward(X[i:i + 1], Y[i:i + 1]), lr=0.05)
    assert same_weights(net.get_weights(), manual.get_weights())
    assert history.steps_run == 20
    assert history.loss[-1] == manual.loss(X, Y)


def test_mini_batches_include_the_last_short_batch():
    X, Y = tiny(n=10)
    net, manual = nl.Network([3, 4, 1], seed=0), nl.Network([3, 4, 1], seed=0)
    history = nl.train(net, X, Y, lr=0.1, epochs=1, batch_size=4, shuffle=False, record_steps=True)
    for start in (0, 4, 8):  # batches of 4, 4 and 2 rows
        manual.update(manual.backward(X[start:start + 4], Y[start:start + 4]), lr=0.1)
    assert history.steps_run == 3 and len(history.step_loss) == 3
    assert same_weights(net.get_weights(), manual.get_weights())


@pytest.mark.parametrize("batch_size", [None, "full", 10, 1000])
def test_full_batch_is_one_step_per_epoch(batch_size):
    X, Y = tiny(n=10)
    net, manual = nl.Network([3, 4, 1], seed=0), nl.Network([3, 4, 1], seed=0)
    history = nl.train(net, X, Y, lr=0.3, epochs=3, batch_size=batch_size, seed=5)
    for _ in range(3):  # shuffling does not matter for a full batch
        manual.update(manual.backward(X, Y), lr=0.3)
    assert history.steps_run == 3
    for (W, b), (Wm, bm) in zip(net.get_weights(), manual.get_weights()):
        np.testing.assert_allclose(W, Wm, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(b, bm, rtol=1e-12, atol=1e-15)


def test_shuffling_is_seeded_per_epoch():
    X, Y = tiny(n=12)
    net, manual = nl.Network([3, 4, 1], seed=0), nl.Network([3, 4, 1], seed=0)
    nl.train(net, X, Y, lr=0.05, epochs=3, batch_size=5, seed=7)
    rng = np.random.default_rng(7)
    for _ in range(3):
        order = rng.permutation(len(X))
        for start in range(0, len(X), 5):
            rows = order[start:start + 5]
            manual.update(manual.backward(X[rows], Y[rows]), lr=0.05)
    assert same_weights(net.get_weights(), manual.get_weights())


# -- determinism -----------------------------------------------------------------------------
def test_same_seed_gives_identical_history_and_weights(regression):
    r = regression
    runs = []
    for _ in range(2):
        net = nl.Network([3, 8, 1], hidden="sigmoid", seed=3)
        history = nl.train(net, r["X"], r["Y"], lr=0.02, epochs=4, batch_size=1, seed=11, record_steps=True,
                           validation=(r["X_test"], r["Y_test"]))
        runs.append((history, net.get_weights()))
    (h1, w1), (h2, w2) = runs
    assert h1.loss == h2.loss and h1.val_loss == h2.val_loss and h1.step_loss == h2.step_loss
    assert same_weights(w1, w2)
    other = nl.train(nl.Network([3, 8, 1], hidden="sigmoid", seed=3), r["X"], r["Y"], lr=0.02, epochs=4,
                     batch_size=1, seed=12)
    assert other.loss != h1.loss  # a different shuffling seed gives a different path


# -- divergence ------------------------------------------------------------------------------
@pytest.mark.parametrize("record_steps", [False, True])
@pytest.mark.parametrize("lr", [1e3, 1e300])
def test_huge_learning_rate_stops_with_a_message(regression, lr, record_steps):
    r = regression
    net = nl.Network([3, 8, 1], hidden="sigmoid", seed=0)
    start = net.get_weights()
    with pytest.warns(nl.DivergenceWarning) as caught:
        history = nl.train(net, r["X"], r["Y"], lr=lr, epochs=5, batch_size=1, record_steps=record_steps)
    assert [str(w.message) for w in caught] == [history.message]  # one warning, History's words
    assert history.diverged and not history.stopped
    assert history.message.startswith("diverged at epoch 1:")
    assert "smaller learning rate" in history.message and f"{lr:g}" in history.message
    assert history.epochs_run == 0 and history.loss == []
    assert all(math.isfinite(v) for v in history.step_loss)
    assert all(v < 1000 * history.initial_loss for v in history.step_loss)
    assert math.isfinite(history.final_loss)
    # the weights are back where they were before the failing epoch: the start
    assert same_weights(net.get_weights(), start)
    assert all(np.all(np.isfinite(W)) and np.all(np.isfinite(b)) for W, b in net.get_weights())
    assert math.isfinite(net.loss(r["X"], r["Y"]))
    assert "diverged" in repr(history)


def test_divergence_after_some_epochs_restores_the_last_good_epoch(regression):
    """A linear model with a learning rate just past the stable limit: the loss grows ~1.4× per epoch."""
    r = regression
    X1 = np.hstack([r["X"], np.ones((len(r["X"]), 1))])
    lr_limit = 2 / np.linalg.eigvalsh(2 / len(X1) * X1.T @ X1).max()  # gradient descent on MSE is stable below
    net = nl.Network([3, 1], output="identity", seed=0)
    snapshots = []
    with pytest.warns(nl.DivergenceWarning, match=r"^diverged at epoch \d+: the loss rose from 0.4206 to "):
        history = nl.train(net, r["X"], r["Y"], lr=1.1 * lr_limit, epochs=200, batch_size=None,
                           callback=lambda event: snapshots.append(event.net.get_weights()))
    assert history.diverged
    n_good = len(history.loss)
    assert 5 < n_good < 200 and history.epochs_run == n_good
    assert history.message.startswith(f"diverged at epoch {n_good + 1}:")
    # the message says where the loss started and what it rose to (not the last good value)
    assert f"the loss rose from {history.initial_loss:.4g} to " in history.message
    assert f"to {history.loss[-1]:.4g}." not in history.message
    assert all(math.isfinite(v) for v in history.loss)
    assert history.loss[-1] > 10 * history.loss[0]  # it was growing
    assert same_weights(net.get_weights(), snapshots[-1])


# -- callbacks, validation, steps -----------------------------------------------------------
def test_epoch_callback_sees_every_epoch():
    X, Y = tiny()
    events = []
    history = nl.train(nl.Network([3, 4, 1], seed=0), X, Y, lr=0.05, epochs=4, batch_size=3,
                       validation=(X[:4], Y[:4]), callback=events.append)
    assert [e.epoch for e in events] == [1, 2, 3, 4]
    assert [e.step for e in events] == [4, 8, 12, 16]  # 10 rows in batches of 3: 4 steps per epoch
    assert [e.loss for e in events] == history.loss
    assert [e.val_loss for e in events] == history.val_loss
    assert all(isinstance(e, nl.TrainingEvent) and e.history is history for e in events)


def test_epoch_callback_returning_false_stops():
    X, Y = tiny()
    history = nl.train(nl.Network([3, 4, 1], seed=0), X, Y, lr=0.05, epochs=10,
                       callback=lambda e: e.epoch < 3)
    assert history.stopped and not history.diverged
    assert history.epochs_run == 3 and len(history.loss) == 3
    assert history.message == "stopped after epoch 3 of 10"
    # returning None (no return statement) does not stop
    assert nl.train(nl.Network([3, 4, 1], seed=0), X, Y, epochs=3, callback=lambda e: None).epochs_run == 3


def test_step_callback_sees_every_step_and_can_stop():
    X, Y = tiny(n=10)
    events = []
    history = nl.train(nl.Network([3, 4, 1], seed=0), X, Y, lr=0.05, epochs=2, batch_size=1,
                       callback=events.append, callback_every="step")
    assert [e.step for e in events] == list(range(1, 21))
    assert [e.epoch for e in events] == [1] * 10 + [2] * 10
    assert all(math.isfinite(e.loss) for e in events)

    stop = nl.train(nl.Network([3, 4, 1], seed=0), X, Y, lr=0.05, epochs=5, batch_size=1,
                    callback=lambda e: e.step < 13, callback_every="step")
    assert stop.stopped and stop.steps_run == 13
    assert stop.message == "stopped during epoch 2 after 13 steps"
    assert len(stop.loss) == 1  # only the first epoch finished


def test_validation_loss_is_recorded():
    X, Y = tiny(n=20)
    X_val, Y_val = tiny(seed=1, n=8)
    net = nl.Network([3, 4, 1], seed=0)
    before = net.loss(X_val, Y_val)
    history = nl.train(net, X, Y, lr=0.05, epochs=5, validation=(X_val, Y_val))
    assert history.initial_val_loss == before
    assert len(history.val_loss) == 5 and history.val_loss[-1] == net.loss(X_val, Y_val)
    assert history.val_loss[-1] < before
    plain = nl.train(nl.Network([3, 4, 1], seed=0), X, Y, lr=0.05, epochs=5)
    assert plain.val_loss == [] and plain.initial_val_loss is None
    assert plain.loss == history.loss  # validation only watches


def test_record_steps_records_each_batch_loss_before_its_update():
    X, Y = tiny(n=10)
    net = nl.Network([3, 4, 1], seed=0)
    probe = net.copy()
    history = nl.train(net, X, Y, lr=0.05, epochs=2, batch_size=1, shuffle=False, record_steps=True)
    assert len(history.step_loss) == history.steps_run == 20
    assert history.step_loss[0] == probe.loss(X[:1], Y[:1])
    probe.update(probe.backward(X[:1], Y[:1]), lr=0.05)
    assert history.step_loss[1] == pytest.approx(probe.loss(X[1:2], Y[1:2]), rel=1e-14)
    assert nl.train(nl.Network([3, 4, 1], seed=0), X, Y, epochs=2).step_loss == []


def test_record_steps_for_classification_uses_the_cross_entropy(species):
    s = species
    net = nl.Network([4, 6, 3], hidden="tanh", output="softmax", seed=0)
    probe = net.copy()
    history = nl.train(net, s["X"], s["Y"], loss="cross_entropy", lr=0.1, epochs=1, batch_size=32,
                       shuffle=False, record_steps=True)
    assert history.step_loss[0] == pytest.approx(probe.loss(s["X"][:32], s["Y"][:32], "cross_entropy"), rel=1e-14)
    assert len(history.step_loss) == math.ceil(len(s["X"]) / 32)


def test_history_reads_well():
    X, Y = tiny()
    history = nl.train(nl.Network([3, 4, 1], seed=0), X, Y, lr=0.05, epochs=3)
    assert repr(history) == f"History(3 epochs, loss {history.initial_loss:.4g} → {history.final_loss:.4g})"
    assert nl.History().final_loss != nl.History().final_loss  # NaN before any training


def test_accuracy():
    assert nl.accuracy([[0.9, 0.1], [0.4, 0.6], [0.2, 0.8]], [[1, 0], [1, 0], [0, 1]]) == pytest.approx(2 / 3)
    assert nl.accuracy([0.7, 0.2, 0.5], [1, 0, 0]) == pytest.approx(2 / 3)  # one sigmoid output, 0.5 is class 1
    with pytest.raises(ValueError, match=r"Y_pred and Y must have the same shape, got \(2, 2\) and \(2, 3\)"):
        nl.accuracy(np.zeros((2, 2)), np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"Y_pred and Y must have the same number of rows"):
        nl.accuracy(np.zeros((2, 2)), np.zeros((3, 2)))


# -- the DivergenceWarning (issue 12, item 5) ----------------------------------------------------
def test_divergence_warning_is_a_user_warning_exported_by_the_package():
    assert issubclass(nl.DivergenceWarning, UserWarning) and nl.DivergenceWarning is training.DivergenceWarning
    assert "DivergenceWarning" in nl.__all__


def test_divergence_is_announced_with_the_blown_up_value_at_a_fixed_location():
    X, Y = tiny()
    net = nl.Network([3, 4, 1], seed=0)
    start = net.loss(X, Y)
    with pytest.warns(nl.DivergenceWarning) as caught:
        history = nl.train(net, X, Y, lr=50.0, epochs=3, batch_size=None)
    (warning,) = caught
    assert str(warning.message) == history.message
    assert history.message.startswith(f"diverged at epoch 1: the loss rose from {start:.4g} to ")
    # the value it rose to is past the divergence limit, not the last good (starting) value
    rose_to = float(history.message.split(" to ")[1].split(". ")[0])
    assert rose_to > training.divergence_limit(start)
    # a fixed location, the same in every kernel: stored notebook outputs repeat exactly
    assert (warning.filename, warning.lineno) == ("nnlesson.train", 0)


def test_step_divergence_warns_too():
    X, Y = tiny()
    with pytest.warns(nl.DivergenceWarning, match=r"^diverged at epoch 1: the loss rose from .* Try a smaller "
                                                  r"learning rate than 1e\+06\. The weights were put back"):
        history = nl.train(nl.Network([3, 4, 1], seed=0), X, Y, lr=1e6, epochs=2, callback=lambda e: None,
                           callback_every="step")
    assert history.diverged


def test_no_warning_when_training_goes_well():
    import warnings

    X, Y = tiny()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = nl.train(nl.Network([3, 4, 1], seed=0), X, Y, lr=0.1, epochs=5)
    assert not history.diverged


def test_divergence_warning_can_be_silenced_by_its_class():
    import warnings

    X, Y = tiny()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.filterwarnings("ignore", category=nl.DivergenceWarning)
        history = nl.train(nl.Network([3, 4, 1], seed=0), X, Y, lr=50.0, epochs=3)
    assert history.diverged and history.message.startswith("diverged at epoch 1")


@pytest.mark.parametrize("scale", [1e160, 1e300])
def test_an_already_infinite_loss_is_a_data_problem_not_a_learning_rate_problem(scale):
    import warnings

    X, Y = tiny()
    net = nl.Network([3, 1], output="identity", seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # neither a DivergenceWarning nor an overflow warning
        with pytest.raises(ValueError, match=r"^the loss is already infinite before training, so no learning rate "
                                             r"can help: the data's numbers are too large for this network; scale "
                                             r"the data: standardise X \(nl.Standardizer\)") as info:
            nl.train(net, X * scale, Y * scale, lr=0.1, epochs=3)
    assert "learning rate than" not in str(info.value)
    with pytest.raises(ValueError, match=r"^validation \(X_val, Y_val\): the validation loss is already infinite "
                                         r"before training.*scale the data"):
        nl.train(net, X, Y, validation=(X * 1e300, Y * 1e300))


def test_epochs_has_an_upper_limit():
    X, Y = tiny()
    with pytest.raises(ValueError, match=r"^epochs must be a whole number from 1 to 1,000,000, got 1,000,000,000$"):
        nl.train(nl.Network([3, 1]), X, Y, epochs=10**9)


def test_divergence_warning_can_be_left_to_the_caller():
    """warn=False: the same stop and message, no DivergenceWarning (an explorer shows the message)."""
    import warnings

    def run(warn):
        net = nl.Network([1, 1], output="identity", seed=0)
        X = np.linspace(-1, 1, 8)[:, None]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            history = nl.train(net, X, 3 * X, lr=50.0, epochs=5, warn=warn)
        return history, [w for w in caught if issubclass(w.category, nl.DivergenceWarning)]

    loud, said = run(True)
    quiet, unsaid = run(False)
    assert loud.diverged and quiet.diverged and loud.message == quiet.message
    assert len(said) == 1 and str(said[0].message) == loud.message
    assert unsaid == []
    with pytest.raises(TypeError, match="warn"):
        nl.train(nl.Network([1, 1]), np.ones((2, 1)), np.ones((2, 1)), warn="no")

"""Lesson 3, backpropagation: the lesson's data and network, the stepper's walk through the
rows, and the exercise checkers.

    from nnlesson.lessons import lesson3
    X, Y = lesson3.lesson_data()              # 4 penguins, standardised
    net = lesson3.lesson_network()            # 3 inputs → 2 sigmoid neurons → 1 output
    step = lesson3.first_row_step()           # every number of row 1 (a RowStep)
    walk = lesson3.BackpropWalk(net, X, Y, lr=lesson3.LR)   # the stepper's numbers, without a screen
    lesson3.check_output_gradient(0.123)      # exercise 1: a gradient computed by hand
    lesson3.check_backward(my_backward)       # exercise 2: backward for one hidden layer

One row, stage by stage (`backprop_row`, `stage_readouts`, `stage_formulas`) is computed in
`nnlesson.lessons.backprop_steps`; its names are available here too.
"""

from __future__ import annotations

import numpy as np

from .._validate import flag, positive_number, seed_value, whole_number
from ..activations import sigmoid
from ..data import Standardizer, load_penguins
from ..exercises import Feedback, Slip, as_learner_array, check_value, describe_expected, describe_value, run_learner
from ..gradcheck import numerical_gradients, relative_error
from ..losses import _mse_gradient
from ..network import make_network
from .backprop_steps import STAGES, backprop_row, check_stepper_network, node_names, stage_readouts

FEATURES = ("bill_length_mm", "bill_depth_mm", "flipper_length_mm")
TARGET = "body_mass_g"
ROWS_SEED = 3        # which penguins the lesson uses (4 rows picked with this seed)
N_ROWS = 4
NETWORK_SEED = 1
LAYER_SIZES = (3, 2, 1)
LR = 0.1


def lesson_rows():
    """Indices (into `load_penguins()`'s rows) of the lesson's penguins, sorted."""
    data = load_penguins(FEATURES, TARGET)
    rng = np.random.default_rng(ROWS_SEED)
    return np.sort(rng.choice(len(data.X), N_ROWS, replace=False))


def lesson_data(raw=False):
    """The lesson's 4 penguins: X (4, 3) bill length, bill depth, flipper length and Y (4, 1)
    body mass, each standardised with the mean and std of all penguins (raw=True: in mm and g)."""
    data = load_penguins(FEATURES, TARGET)
    rows = lesson_rows()
    if raw:
        return data.X[rows].copy(), data.y[rows, None].copy()
    X = Standardizer().fit(data.X).transform(data.X[rows])
    Y = Standardizer().fit(data.y[:, None]).transform(data.y[rows, None])
    return X, Y


def lesson_network():
    """The lesson's network, 3 → 2 (sigmoid) → 1 (identity), with its seeded starting weights."""
    return make_network(*LAYER_SIZES, hidden="sigmoid", output="identity", seed=NETWORK_SEED)


def first_row_step(lr=LR):
    """Every number of the first row with the starting weights (a `RowStep`)."""
    X, Y = lesson_data()
    return backprop_row(lesson_network(), X[0], Y[0], lr)


# -- the stepper's walk: stage after stage, row after row, epoch after epoch -----------------
MAX_WALK_EPOCHS = 1000   # the most epochs one finish_epochs call walks (every row's weights are kept)

class BackpropWalk:
    """The backpropagation stepper without a screen (the widget `BackpropStepper` draws it).

    walk = BackpropWalk(net, X, Y, lr=0.1)   # walks its own copy of net: the learner's is untouched
    walk.next_stage(); walk.previous_stage(); walk.finish_row(); walk.restart()
    walk.current_step() -> RowStep;  walk.readouts() -> {name: number}

    Rows go in order (or, with shuffle=True, in the same seeded order as
    `nl.train(..., shuffle=True, seed=seed)`); after every row the weights take one step, as
    in `nl.train(..., batch_size=1)`. An update that would blow up (`nl.training.has_diverged`
    on the loss over all rows, against the loss before training) is not applied.
    """

    def __init__(self, net, X, Y, lr=0.1, shuffle=False, seed=0):
        check_stepper_network(net)
        X, Y = net.check_data(X, Y, "mse")
        self.lr = positive_number("lr", lr)
        self.shuffle, self.seed = flag("shuffle", shuffle), seed_value("seed", seed)
        self.X, self.Y = X, Y
        self.N = len(X)
        self.net = net.copy()
        self.names = node_names(self.net.layer_sizes)
        self.start_loss = self.net.loss(X, Y, "mse")   # the loss before training, for the divergence rule
        self._snapshots = [self.net.get_weights()]     # weights at the start of every row step
        self._row_errors = []                          # E of every committed row step (before its update)
        self._epoch_losses = []                        # loss over all rows after each finished epoch
        self._orders = []
        self._rng = np.random.default_rng(self.seed)
        self._cache = {}
        self.k = 0                                     # row steps done so far (0, 1, 2, ...)
        self.s = 0                                     # stage within the current row (0..6)
        self.message = ""

    @property
    def epoch(self):
        """The current epoch, counting from 1."""
        return self.k // self.N + 1

    @property
    def position(self):
        """The current row's place in its epoch, counting from 1."""
        return self.k % self.N + 1

    @property
    def stage(self):
        return STAGES[self.s]

    def row_index(self, k=None):
        """Which row of X the k-th row step uses (the current one by default)."""
        k = self.k if k is None else k
        e = k // self.N
        if not self.shuffle:
            return k % self.N
        while len(self._orders) <= e:
            self._orders.append(self._rng.permutation(self.N))   # as nl.train does, epoch by epoch
        return int(self._orders[e][k % self.N])

    def current_step(self):
        """The `RowStep` of the current row (computed from the weight snapshot, then cached)."""
        step = self._cache.get(self.k)
        if step is None:
            self.net.set_weights(self._snapshots[self.k])
            i = self.row_index()
            step = backprop_row(self.net, self.X[i], self.Y[i], self.lr, data=(self.X, self.Y),
                                start_loss=self.start_loss, names=self.names)
            if len(self._cache) > 4:
                self._cache.clear()
            self._cache[self.k] = step
        return step

    def weights(self):
        """The weights at the start of the current row: every update before it, none after."""
        return [(W.copy(), b.copy()) for W, b in self._snapshots[self.k]]

    def running_epoch_loss(self):
        """Mean error of this epoch's rows seen so far (each measured before its update), or
        None before the first error of the epoch."""
        start = (self.epoch - 1) * self.N
        errors = self._row_errors[start:self.k]
        if self.s >= STAGES.index("error"):
            errors = errors + [self.current_step().E]
        return float(np.mean(errors)) if errors else None

    @property
    def epoch_losses(self):
        """Loss over all rows after each finished epoch (as `History.loss` records it)."""
        return list(self._epoch_losses[: (self.k // self.N)])

    def readouts(self):
        """The numbers on screen: the stage's numbers (see `stage_readouts`), plus "epoch",
        "row" (its place in the epoch), "row index" (its row in X), "stage" (0..6) and
        "running epoch loss" when there is one."""
        r = stage_readouts(self.current_step(), self.s)
        r["epoch"] = float(self.epoch)
        r["row"] = float(self.position)
        r["row index"] = float(self.row_index())
        r["stage"] = float(self.s)
        running = self.running_epoch_loss()
        if running is not None:
            r["running epoch loss"] = running
        return r

    def warning(self):
        """What to tell the learner now: the last move's message, or a warning at an update that
        will not be applied; "" when all is well."""
        step = self.current_step()
        if not self.message and step.diverged and self.stage == "update":
            return f"Careful, the learning rate is too large: {step.problem} Next will not apply this update."
        return self.message

    # -- moves: each returns True if it moved -------------------------------------------------
    def next_stage(self):
        """The next stage; after the update, the first stage of the next row."""
        self.message = ""
        if self.s < len(STAGES) - 1:
            self.s += 1
            return True
        step = self.current_step()
        if step.diverged:
            self.message = (f"Stopped at epoch {self.epoch}, row {self.position}, the learning rate is too large: "
                            f"{step.problem} Press Back or Reset, or make a new stepper with a smaller lr "
                            "(such as 0.1).")
            return False
        if self.k + 1 == len(self._snapshots):         # a new row step: remember where it starts
            self._snapshots.append(step.weights_after)
            self._row_errors.append(step.E)
            if (self.k + 1) % self.N == 0:              # the last row of an epoch: record its loss
                self._epoch_losses.append(step.loss_after)  # the loss over all rows after this update
        self.k += 1
        self.s = 0
        return True

    def previous_stage(self):
        """The previous stage; from a row's first stage, the last stage of the row before."""
        self.message = ""
        if self.s > 0:
            self.s -= 1
        elif self.k > 0:
            self.k -= 1
            self.s = len(STAGES) - 1
        else:
            self.message = "This is the very first stage: there is nothing to go back to."
            return False
        return True

    def finish_row(self):
        """Finish this row (its update included) and go to the first stage of the next row."""
        k = self.k
        while self.k == k and self.next_stage():
            pass
        return self.k != k

    def restart(self):
        """Back to the first stage of the first row, with the starting weights."""
        self.message = ""
        self.k, self.s = 0, 0
        return True

    def finish_epochs(self, epochs=1):
        """Row after row (each with its update, as `finish_row`), until `epochs` epochs have ended
        from here: epochs=1 finishes the current one. Stops early at an update that would blow up
        (`message` says so). Returns the number of rows done.

        Interrupted (KeyboardInterrupt, the kernel's stop button), it keeps the rows finished,
        says where it stopped in `message` and lets the interrupt go on.
        """
        epochs = whole_number("epochs", epochs, 1, MAX_WALK_EPOCHS)
        start, target = self.k, (self.epoch - 1 + epochs) * self.N
        try:
            while self.k < target and self.finish_row():
                pass
        except KeyboardInterrupt:
            self._repair()
            self.message = (f"Stopped at epoch {self.epoch}, row {self.position} of {self.N} (interrupted, "
                            f"{self.k - start} of {target - start} rows done): press Next to go on.")
            raise
        return self.k - start

    def _repair(self):
        """After an interrupt partway through a row's update: keep only whole row steps."""
        rows = min(len(self._snapshots) - 1, len(self._row_errors), len(self._epoch_losses) * self.N + self.N - 1)
        del self._snapshots[rows + 1:], self._row_errors[rows:], self._epoch_losses[rows // self.N:]
        self._cache.clear()
        if self.k > rows:
            self.k, self.s = rows, 0

    def loss(self):
        """The loss (mean squared error) over all rows with the weights at the start of the current row."""
        net = self.net.copy()
        net.set_weights(self._snapshots[self.k])
        return float(net.loss(self.X, self.Y, "mse"))

# -- exercise 1: one last-layer gradient by hand -------------------------------------------
def check_output_gradient(value):
    """Exercise 1: ∂E/∂w(h2→Y_pred) for the first row with the starting weights, by hand.

    Numbers read off the screen have 3–4 significant digits, so an answer within 1 % passes.
    """
    if value is None or value is ...:
        return Feedback(False, "your answer is not written yet.",
                        "Replace the `...` with the number you computed, e.g. answer = 0.25.")
    step = first_row_step()
    expected = float(step.dW2[1, 0])
    g = step.dE_dy_pred              # 2·(Y_pred − Y)
    a1, a2 = step.a_h
    z2, w2 = step.z_h[1], step.W2[1, 0]

    hints = [
        Slip(-expected, "The sign is flipped: ∂E/∂Y_pred = 2·(Y_pred − Y), the prediction minus the truth."),
        Slip(expected / 2, "Did you include the factor 2? The derivative of (Y_pred − Y)² is 2·(Y_pred − Y)."),
        Slip(-expected / 2, "Two slips: the factor 2 is missing and the sign is flipped; use 2·(Y_pred − Y)."),
        Slip(g * z2, "Multiply by the hidden neuron's output a(h2), not its weighted sum z(h2): "
                     "∂z(Y_pred)/∂w(h2→Y_pred) is what travels along that edge, a(h2)."),
        Slip(g * w2, "∂z(Y_pred)/∂w(h2→Y_pred) is the input on that edge, a(h2), not the weight itself."),
        Slip(g * a1, "That is the gradient of the other edge, w(h1→Y_pred): use a(h2)."),
        Slip(g, "That is ∂E/∂z(Y_pred) (and ∂E/∂b). One more factor: ∂z(Y_pred)/∂w(h2→Y_pred) = a(h2)."),
        Slip(step.E, "That is the error E itself; the gradient is its derivative: 2·(Y_pred − Y) · 1 · a(h2)."),
    ]
    return check_value(value, expected, hints=hints, rtol=1e-2, atol=1e-4, name="∂E/∂w(h2→Y_pred)")


# -- exercise 2: backward for a one-hidden-layer network -----------------------------------
def reference_backward(X, Y, W1, b1, W2, b2):
    """nnlesson's answer: (dW1, db1, dW2, db2) of the mean squared error for a network with
    one sigmoid hidden layer and an identity output (from `Network.backward`)."""
    net = _network(W1, b1, W2, b2)
    (dW1, db1), (dW2, db2) = net.backward(X, Y, loss="mse")
    return dW1, db1, dW2, db2


def _network(W1, b1, W2, b2):
    net = make_network(W1.shape[0], W1.shape[1], W2.shape[1], hidden="sigmoid", output="identity")
    net.set_weights([(W1, b1), (W2, b2)])
    return net


def _inputs(rng, trial):
    N = (3, 1, 4, 2, 5)[trial % 5]
    n_in, n_h, n_out = 3, (2, 3, 4, 2, 3)[trial % 5], (1, 1, 2, 1, 2)[trial % 5]
    X = rng.normal(size=(N, n_in))
    Y = rng.normal(size=(N, n_out))
    W1 = rng.normal(0.0, 0.8, size=(n_in, n_h))
    b1 = rng.normal(0.0, 0.3, size=n_h)
    W2 = rng.normal(0.0, 0.8, size=(n_h, n_out))
    b2 = rng.normal(0.0, 0.3, size=n_out)
    return X, Y, W1, b1, W2, b2


def _gradients(X, Y, W1, b1, W2, b2, scale=1.0, W2_back=None):
    """{dW1, db1, dW2, db2} with ∂E/∂Z2 multiplied by `scale`, the hidden layer's gradient taken
    through `W2_back` instead of W2: the right answer (defaults) and several slips' answers."""
    A1 = sigmoid(X @ W1 + b1)
    dZ2 = scale * _mse_gradient(A1 @ W2 + b2, Y)
    dZ1 = (dZ2 @ (W2 if W2_back is None else W2_back).T) * A1 * (1 - A1)
    return {"dW1": X.T @ dZ1, "db1": dZ1.sum(axis=0), "dW2": A1.T @ dZ2, "db2": dZ2.sum(axis=0)}


UPDATED_W2_LRS = (LR, 0.01, 0.05, 0.5, 1.0)   # learning rates a learner may have stepped W2 with


def _typical_mistakes(X, Y, W1, b1, W2, b2):
    """What common slips would give, per gradient: [(name, array, hint), ...], the same list for any inputs."""
    N, args = len(X), (X, Y, W1, b1, W2, b2)
    Z1 = X @ W1 + b1
    A1 = sigmoid(Z1)
    dZ2 = _mse_gradient(A1 @ W2 + b2, Y)
    dA1 = dZ2 @ W2.T
    dZ1 = dA1 * A1 * (1 - A1)
    slips = [(_gradients(*args, scale=1 / Y.shape[1]),
              "You averaged over all N × outputs numbers. nnlesson's MSE sums the squared errors over the outputs "
              "and averages over the rows: ∂E/∂Y_pred = 2·(Y_pred − Y) / N with N = len(X), not Y.size."),
             (_gradients(*args, scale=0.5), "Did you include the factor 2? The derivative of (Y_pred − Y)² is "
                                            "2·(Y_pred − Y) (this lesson's E has no ½ in front)."),
             (_gradients(*args, scale=-1), "The sign is flipped: ∂E/∂Y_pred = 2·(Y_pred − Y) / N, the prediction "
                                           "minus the truth."),
             (_gradients(*args, scale=N), "Divide by N: E is the mean over the N rows, so ∂E/∂Y_pred = "
                                          "2·(Y_pred − Y) / N (the tests use several rows at once).")]
    right = _gradients(*args)
    twice = ("You divided by N twice: the 1/N is already inside ∂E/∂Z, so add up over the rows "
             "without dividing again.")
    updated = ("You used W2 after its update to send the error back to the hidden layer. Backpropagation computes "
               "every gradient with the weights of the forward pass (the old W2); update the weights afterwards.")
    mistakes = [(label, g[label], text) for g, text in slips for label in NAMES]
    db_mean = "Sum over the rows (axis=0), do not average: the 1/N is already inside ∂E/∂Z."
    mistakes += [(label, right[label] / N, db_mean if label[:2] == "db" else twice) for label in NAMES]
    mistakes += [(label, _gradients(*args, W2_back=W2 - lr * right["dW2"])[label], updated)
                 for lr in UPDATED_W2_LRS for label in ("dW1", "db1")]
    return mistakes + [
        ("dW2", Z1.T @ dZ2, "Multiply by the hidden outputs A1 = σ(Z1), not the weighted sums Z1: "
                            "∂E/∂W2 = A1ᵀ · ∂E/∂Z2."),
        ("dW1", X.T @ dA1, "Go through the activation: ∂E/∂Z1 = ∂E/∂A1 · σ'(Z1), with σ'(Z1) = A1·(1 − A1)."),
        ("dW1", X.T @ (dA1 * Z1 * (1 - Z1)), "σ'(Z1) is A1·(1 − A1), written with the outputs A1, not Z1."),
        ("dW1", X.T @ (dA1 * A1), "σ'(Z1) = A1·(1 − A1): the factor (1 − A1) is missing."),
        ("dW1", X.T @ (dA1 * (1 - A1)), "σ'(Z1) = A1·(1 − A1): the factor A1 is missing."),
        ("db1", dA1.sum(axis=0), "Go through the activation: ∂E/∂Z1 = ∂E/∂A1 · A1·(1 − A1)."),
    ]


GENERIC_HINTS = {
    "dW2": "∂E/∂W2 = A1ᵀ · ∂E/∂Z2, with ∂E/∂Z2 = 2·(Y_pred − Y) / N (identity output: ∂Y_pred/∂Z2 = 1).",
    "db2": "∂E/∂b2 = ∂E/∂Z2 summed over the rows.",
    "dW1": "∂E/∂W1 = Xᵀ · ∂E/∂Z1, where ∂E/∂Z1 = (∂E/∂Z2 · W2ᵀ) · A1·(1 − A1), elementwise.",
    "db1": "∂E/∂b1 = ∂E/∂Z1 summed over the rows.",
}
NAMES = ("dW1", "db1", "dW2", "db2")


def _four_gradients(value, expected, name):
    """The learner's (dW1, db1, dW2, db2) as a dict of arrays shaped like `expected`, or a Feedback."""
    if value is None:
        return None, Feedback(False, f"{name} returned nothing (None).", "Did you forget `return dW1, db1, dW2, db2`?")
    if not isinstance(value, (tuple, list)) or len(value) != 4:
        length = f" of length {len(value)}" if hasattr(value, "__len__") else ""
        return None, Feedback(False, f"{name} should return four arrays (dW1, db1, dW2, db2), got "
                                     f"{type(value).__name__}{length}.", "End with `return dW1, db1, dW2, db2`.")
    got = {}
    for label, g in zip(NAMES, value):
        e, shape = expected[label], np.shape(g) if isinstance(g, (np.ndarray, list, tuple)) else None
        if shape is not None and [d for d in shape if d != 1] != [d for d in e.shape if d != 1]:
            turned = " (the transpose of its shape)" if shape == e.shape[::-1] else ""
            return None, Feedback(False, f"{label} has shape {shape}, but it must match {label[1:]} of shape "
                                         f"{e.shape}{turned}.",
                                  "A gradient has the shape of what it is the gradient of. For dW put the transpose "
                                  "first, dW = A_prevᵀ · dZ (for dW1: X.T @ dZ1); for db sum dZ over the rows (axis=0).")
        got[label], problem = as_learner_array(g, e, label, verb="is")
        if problem is not None:
            return None, problem
    return got, None


def check_backward(fn, n_trials=5, seed=0, time_limit=None):
    """Exercise 2: fn(X, Y, W1, b1, W2, b2) -> (dW1, db1, dW2, db2) for a network with one
    sigmoid hidden layer, an identity output and the mean squared error (sum over the outputs,
    mean over the rows).

    The answer is compared with nnlesson's `Network.backward` and with numerical gradients
    (central differences) on random networks and data; the feedback names the first gradient
    that differs, shows it, and names the slip when the learner's answers match that slip's on
    every network tried. Each call is limited to `time_limit` s (default exercises.TIME_LIMIT).
    """
    name = "your backward"
    rng = np.random.default_rng(seed)
    records, worst_numeric = [], 0.0
    for trial in range(n_trials):
        args = _inputs(rng, trial)
        expected = dict(zip(NAMES, reference_backward(*(a.copy() for a in args))))
        value, problem = run_learner(fn, args, name, ("X", "Y", "W1", "b1", "W2", "b2"), time_limit)
        got, problem = (None, problem) if problem is not None else _four_gradients(value, expected, name)
        if problem is not None:
            return problem
        records.append((args, got))
        args_text = (f"N = {len(args[0])} rows, {args[2].shape[1]} hidden neurons, "
                     f"{args[4].shape[1]} output(s)")
        for label in ("dW2", "db2", "dW1", "db1"):  # last layer first, like backpropagation
            if np.allclose(got[label], expected[label], rtol=1e-6, atol=1e-9):
                continue
            if not np.all(np.isfinite(got[label])):
                return Feedback(False, f"{label} contains NaN or infinite values ({args_text}).",
                                "Look for a division by zero or an overflow.")
            slips = [_typical_mistakes(*a) for a, _ in records]
            hint = next((text for k, (which, _, text) in enumerate(slips[-1]) if which == label and all(
                np.allclose(g[label], s[k][1], rtol=1e-6, atol=1e-9) for (_, g), s in zip(records, slips))),
                GENERIC_HINTS[label])
            earlier = "" if label in ("dW2", "db2") else " (dW2 and db2 are right)"
            return Feedback(False, f"{label} differs from the expected gradient for {args_text}{earlier}: yours is "
                                   f"{describe_value(got[label])}; expected {describe_expected(expected[label])}.", hint)
        numeric = numerical_gradients(_network(*args[2:]), args[0], args[1], loss="mse")
        for label, n in zip(NAMES, (numeric[0][0], numeric[0][1], numeric[1][0], numeric[1][1])):
            worst_numeric = max(worst_numeric, relative_error(got[label], n))
    if worst_numeric > 1e-6:   # cannot happen if nnlesson is right: a safety net for the package itself
        return Feedback(False, "your answer matches nnlesson, but not the numerical gradients.",
                        "Please report this: nnlesson's backward disagrees with central differences.")
    return Feedback(True, f"{name} matches nnlesson's Network.backward and the numerical gradients "
                          f"(central differences) on {n_trials} random networks.")


# -- the numerical check, side by side -----------------------------------------------------
def gradient_table(net, X, Y, h=1e-5):
    """Backpropagation's and the numerical gradients of every weight and bias for (X, Y).

    Returns a list of (name, backprop, numerical) with names as on the diagram
    ("w(X1→h1)", "b(h1)", "w(h1→Y_pred)", "b(Y_pred)").
    """
    names = node_names(net.layer_sizes)
    analytic = net.backward(X, Y, loss="mse")
    numeric = numerical_gradients(net, X, Y, loss="mse", h=h)
    rows = []
    for l, ((dW, db), (nW, nb)) in enumerate(zip(analytic, numeric)):
        for j in range(dW.shape[1]):
            for i in range(dW.shape[0]):
                rows.append((f"w({names[l][i]}→{names[l + 1][j]})", float(dW[i, j]), float(nW[i, j])))
            rows.append((f"b({names[l + 1][j]})", float(db[j]), float(nb[j])))
    return rows


from .lesson3_exercises import check_hidden_gradient, hidden_gradient_factors  # noqa: E402  (exercise 3)

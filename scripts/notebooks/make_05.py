"""Build notebooks/05_classification_softmax.ipynb (lesson 5: classification, softmax, cross-entropy).

    .venv/bin/python scripts/notebooks/make_05.py
    .venv/bin/python scripts/run_notebooks.py 05
    .venv/bin/python -m pytest notebooks/05_classification_softmax.ipynb

The notebook is written without outputs; run_notebooks.py executes it and stores them.
"""

from __future__ import annotations

from builder import Notebook

NB = Notebook("05_classification_softmax.ipynb")
md, code = NB.md, NB.code

md(r"""
# Lesson 5 — Classification, softmax and cross-entropy

*About 45 minutes. Run the cells from top to bottom (Shift + Enter); the explorers need a running kernel.*

In lesson 4 the network predicted a **number**, a penguin's body mass. Now it predicts a **class**: which of
three species a penguin belongs to. That changes three things: how the answers are written down, what the
last layer of the network does, and how the error is measured.
""")

md(r"""
## What you will learn

- What a classification task looks like, and why classes are **one-hot encoded** instead of numbered.
- How a **softmax** output layer turns the network's scores into probabilities that are between 0 and 1
  and add up to 1 — and how, for two classes, a single **sigmoid** output does the same job.
- How **cross-entropy** (log loss) measures the error of those probabilities, and why a confident wrong
  answer costs so much.
- How to train a classifier on real penguins, watch its **decision regions** form and read a
  **confusion matrix**.
- Why cross-entropy lets a network learn from its mistakes **faster** than squared error.
""")

code(r"""
import matplotlib.pyplot as plt
import numpy as np

import nnlesson as nl
from nnlesson.lessons import lesson5
from nnlesson.widgets.classifier import (DEFAULTS, COMPARE, ClassifierPlayground, compare_losses,
                                         confusion_matrix, epochs_to_reach, make_classifier, penguin_split,
                                         train_classifier)
from nnlesson.widgets.softmax import (SoftmaxExplorer, binary_output_gradients, output_gradients,
                                      sigmoid_as_softmax)

nl.plots.use_style()
np.set_printoptions(precision=4, suppress=True)   # print arrays as 0.0003, not 3.000e-04
%matplotlib inline
""")

md(r"""
## 1. A classification task

Each penguin in the Palmer data has a species: Adelie, Chinstrap or Gentoo. Two measurements already
separate them quite well. Below, every dot is one penguin, placed by its bill length (across) and bill depth
(up); its species is shown by colour **and** by marker shape, so the plot reads without colour too.

The network's job: given the two measurements of a new penguin, say which species it is. The answer is not
a number on a scale but one of three **classes**.
""")

code(r"""
penguins = nl.load_penguins(features=["bill_length_mm", "bill_depth_mm"], target="species")
print(penguins)

fig, ax = plt.subplots(figsize=(6.5, 4.5))
lesson5.plot_species(ax, penguins.X, penguins.y, penguins.feature_names, penguins.class_names)
ax.set_title("Palmer penguins: two measurements, three species")
plt.show()
""")

md(r"""
Adelie penguins (circles) have short bills; Gentoo (triangles) have long, shallow bills; Chinstrap
(squares) have long, deep ones. Where the groups overlap, even a perfect learner will sometimes be unsure.
""")

md(r"""
## 2. Classes are not numbers: one-hot encoding

Why not write Adelie = 0, Chinstrap = 1, Gentoo = 2 and predict that number with the regression of
lesson 4? Because the numbers would invent an order and distances that do not exist: Chinstrap is not
"between" Adelie and Gentoo, and a prediction of 1.5 means nothing.

Instead each class gets its own position in a vector, and a row's target has a **single 1** at its class's
position and 0 everywhere else. This is **one-hot encoding**. With three cities — San Francisco, New York
and Boston — every label becomes a vector of length 3. `nl.one_hot` returns the matrix `Y` and the order of
the classes it used (sorted alphabetically unless you pass your own order):
""")

code(r"""
cities = ["San Francisco", "New York", "Boston", "New York", "San Francisco"]
Y_cities, city_order = nl.one_hot(cities)
print("classes, in column order:", city_order)
for city, row in zip(cities, Y_cities):
    print(f"{city:>14} → {row}")
""")

md(r"""
Each row has exactly one 1; its column says which city. Boston comes first only because `one_hot` sorts the
names: the order is a convention, but it must be the **same** for training and test data, so keep the
`classes` list and pass it again (`nl.one_hot(test_labels, classes=city_order)`).

The penguin species are encoded the same way:
""")

code(r"""
Y_penguins, species = nl.one_hot(penguins.y)
print("classes, in column order:", species)
print(Y_penguins[[0, 160, 300]], "←", penguins.y[[0, 160, 300]])
""")

md(r"""
## 3. Softmax: from scores to probabilities

For $K$ classes the last layer has **one neuron per class**. Each neuron's weighted sum $z_k$ is a *score*:
the higher it is, the more the network leans towards class $k$. Scores can be any numbers — negative,
large, not adding up to anything. The **softmax** activation turns them into probabilities:

$$P_k = \frac{e^{z_k}}{\sum_{j=1}^{K} e^{z_j}}$$

- $e^{z}$ is always positive, so every $P_k > 0$;
- dividing by the sum makes the $P_k$ add up to exactly 1;
- the order is kept: the largest score gets the largest probability.

The network's predicted class is the one with the largest probability.
""")

code(r"""
z = np.array([2.0, 1.0, -1.0])          # scores for Adelie, Chinstrap, Gentoo
P = nl.softmax(z)
print("probabilities:", P.round(4), "  sum:", P.sum())
""")

md(r"""
**A numerical trap.** $e^{1000}$ is too large for a computer's floating-point numbers: it becomes infinity,
and infinity divided by infinity is "not a number". Subtracting the largest score from every score first
fixes it, because the factor $e^{-\max}$ appears above and below the fraction and cancels:
$\frac{e^{z_k - m}}{\sum_j e^{z_j - m}} = \frac{e^{z_k}}{\sum_j e^{z_j}}$. Now the biggest exponent is
$e^0 = 1$. `nl.softmax` does exactly that.
""")

code(r"""
big = np.array([1000.0, 999.0, 997.0])
with np.errstate(over="ignore", invalid="ignore"):      # silence numpy's overflow warning for this demo
    naive = np.exp(big) / np.exp(big).sum()
print("naive e^z / Σ e^z:   ", naive)
print("nl.softmax (max out):", nl.softmax(big).round(4))
""")

md(r"""
## 4. Cross-entropy: the error for probabilities

The truth $Y$ is one-hot; the prediction $P$ is a row of probabilities. **Categorical cross-entropy**
(also called log loss) compares them:

$$E = -\frac{1}{N}\sum_{n=1}^{N}\sum_{k=1}^{K} Y_{nk}\,\ln P_{nk}$$

In each row only the true class has $Y_{nk} = 1$, so the inner sum keeps just one term: the error of a row is
$-\ln P(\text{true class})$. Then, as with the MSE, we take the mean over the $N$ rows.

- If the network gives the true class probability 1, the error is $-\ln 1 = 0$.
- If it gives it 0.5, the error is $\ln 2 \approx 0.69$.
- If it gives it nearly 0 — a confident wrong answer — the error grows without limit: $-\ln 0.001 \approx 6.9$.

Squared error on the same probabilities, $\sum_k (P_k - Y_k)^2$, can never be larger than 2, however wrong
the answer is.
""")

code(r"""
Y_true = np.array([[1.0, 0.0, 0.0]])          # the penguin is an Adelie
for p_true in (0.9, 0.5, 0.1, 0.001):
    rest = (1 - p_true) / 2
    P_row = np.array([[p_true, rest, rest]])
    print(f"P(Adelie) = {p_true:<6} cross-entropy = {nl.cross_entropy(P_row, Y_true):6.3f}"
          f"   squared error = {nl.mse(P_row, Y_true):.3f}")
""")

code(r"""
fig, ax = plt.subplots(figsize=(7, 4))
lesson5.plot_error_curves(ax)
ax.set_title("The error of one row, against the probability of the true class")
plt.show()
""")

md(r"""
### Explore: the softmax explorer

Move the three scores $z_1, z_2, z_3$ and pick the true class. The bars are the softmax probabilities, with
their values printed and their sum above; on the right, the row's cross-entropy (circle) and squared error
(square) against $P(\text{true class})$. Every number comes from `nl.softmax`, `nl.cross_entropy` and
`nl.mse`. Click a slider's handle and use the arrow keys, or type a value into its box and press Enter.
""")

code(r"""
SoftmaxExplorer(class_names=species)
""")

md(r"""
**Try this**

1. Set all three scores equal. What are the probabilities, and what is the cross-entropy? (It is $\ln 3$.)
2. Add the same amount, say 5, to every score. Do the probabilities change? Why not?
3. Make the network confident and wrong: $z_1 = 9$, the others 0, and choose Gentoo as the true class. Compare
   the cross-entropy with the squared error.
4. With Adelie as the true class, raise $z_1$ step by step. How quickly does the cross-entropy approach 0?
""")

md(r"""
## 5. Two classes: one sigmoid output

With only two classes, one output neuron is enough. Its sigmoid activation $p = \sigma(z) = \frac{1}{1 + e^{-z}}$
is read as the probability of class 1, and class 0 gets $1 - p$. The matching error is **binary
cross-entropy**:

$$E = -\frac{1}{N}\sum_{n=1}^{N}\Big[Y_n \ln p_n + (1 - Y_n)\ln(1 - p_n)\Big]$$

This is not a new idea but softmax in disguise. Give a two-class softmax the scores $(0, z)$: its class-1
probability is $\frac{e^z}{e^0 + e^z} = \frac{1}{1 + e^{-z}} = \sigma(z)$.
""")

code(r"""
z_values = np.array([-4.0, -1.0, 0.0, 0.5, 3.0])
sig, soft = sigmoid_as_softmax(z_values)
for z_, s_, p_ in zip(z_values, sig, soft):
    print(f"z = {z_:5.1f}   sigmoid(z) = {s_:.6f}   softmax([0, z])[1] = {p_:.6f}")
""")

md(r"""
Let us train one: Adelie (class 0) against Chinstrap (class 1), the two species whose bills overlap most in
depth. The network has two inputs, four hidden neurons and **one** sigmoid output.
""")

code(r"""
two = nl.load_penguins(features=["bill_length_mm", "bill_depth_mm"], target="species",
                       species=("Adelie", "Chinstrap"))
y01 = (two.y == "Chinstrap").astype(float)           # 1 for Chinstrap, 0 for Adelie
X_tr, X_te, y_tr, y_te = nl.train_test_split(two.X, y01, test_fraction=0.25, seed=0, stratify=two.y)
scaler = nl.Standardizer().fit(X_tr)
X_tr, X_te = scaler.transform(X_tr), scaler.transform(X_te)

binary_net = nl.Network([2, 4, 1], hidden="tanh", output="sigmoid", seed=0)
history = nl.train(binary_net, X_tr, y_tr, loss="binary_cross_entropy", lr=0.1, epochs=40, batch_size=16)
print(history.message)
print(f"test accuracy: {nl.accuracy(binary_net.forward(X_te), y_te):.1%} on {len(y_te)} penguins")
""")

md(r"""
Here is the two-class task as a picture: class 0 (Adelie) in blue circles, class 1 (Chinstrap) in orange
squares. The network's output $p$ is a probability at every point of the plane. The black line is where
$p = 0.5$: on one side the network says "more likely Chinstrap", on the other "more likely Adelie". That
line is the **decision boundary**.
""")

code(r"""
fig, ax = plt.subplots(figsize=(6.5, 4.3))
lesson5.plot_species(ax, two.X, two.y, two.feature_names, ["Adelie", "Chinstrap"])
g1, g2 = np.meshgrid(np.linspace(*ax.get_xlim(), 200), np.linspace(*ax.get_ylim(), 200))
p_grid = binary_net.forward(scaler.transform(np.c_[g1.ravel(), g2.ravel()])).reshape(g1.shape)
ax.contour(g1, g2, p_grid, levels=[0.5], colors="black", linewidths=1.5)
ax.set_title("Two classes: 0 = Adelie, 1 = Chinstrap; black line: p = 0.5")
plt.show()
""")

md(r"""
## 6. Train a classifier and watch its decision regions

Now all three species. The network takes the two standardised measurements, has one hidden layer and a
softmax output with three neurons. We train it with cross-entropy, using the package's default settings for
this lesson; a quarter of the penguins are kept aside as test rows it never trains on.
""")

code(r"""
for name, value in DEFAULTS.items():
    print(f"{name:>14}: {value}")
""")

code(r"""
split = penguin_split(DEFAULTS["features"], DEFAULTS["test_fraction"], DEFAULTS["split_seed"])
settings = {k: DEFAULTS[k] for k in ("hidden", "activation", "lr", "epochs", "batch_size", "seed")}
net, history, record = train_classifier(split, **settings)
print(split)
print(record.message)
print(f"test accuracy {record.test_accuracy[-1]:.1%}, training accuracy {record.train_accuracy[-1]:.1%}")
""")

md(r"""
Each point of the plane is a pair of measurements, so the trained network can classify every point, not
only the penguins. Colouring each point by the predicted class shows the **decision regions**; the lines
where the colour changes are the decision boundaries (the paler the colour, the less sure the network).
The **confusion matrix** counts the test penguins by true species (rows) and predicted species (columns):
the diagonal holds the right answers, everything else is a mistake, and it shows *which* species get mixed up.
""")

code(r"""
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.3), gridspec_kw={"width_ratios": [1.5, 1]})
lesson5.plot_regions(ax1, net, split)
ax1.set_title("decision regions after training")
C = confusion_matrix(split.labels_test, net.forward(split.X_test).argmax(axis=1), 3)
lesson5.plot_confusion(ax2, C, split.classes)
ax2.set_title(f"confusion matrix: {len(split.X_test)} test penguins")
fig.tight_layout()
plt.show()
""")

md(r"""
How did those regions form? Below: the untrained network (its random starting weights), the same network
trained from those weights for 1 and 5 epochs, and the trained network above (60 epochs). By luck, this
random start already splits the plane in roughly the right directions, but its colours are pale: it gives
the three classes similar probabilities everywhere, so its cross-entropy is high. Epoch by epoch, training
moves the boundaries into the gaps between the species and deepens the colours: the network becomes sure
where the penguins of one species are.
""")

code(r"""
untrained = make_classifier(settings["hidden"], settings["activation"], settings["seed"])
snapshots = [(0, untrained)]
for stop in (1, 5):
    snapshots.append((stop, train_classifier(split, **{**settings, "epochs": stop})[0]))
snapshots.append((settings["epochs"], net))           # the network trained above

fig, axes = plt.subplots(1, 4, figsize=(15, 3.7), sharey=True)
for ax, (stop, net_k) in zip(axes, snapshots):
    lesson5.plot_regions(ax, net_k, split)
    ax.get_legend().remove()
    acc = nl.accuracy(net_k.forward(split.X_test), split.Y_test)
    ax.set_title(f"after {stop} epoch{'' if stop == 1 else 's'}: test accuracy {acc:.1%}", fontsize=11)
fig.tight_layout()
plt.show()
""")

md(r"""
### Explore: the classifier playground

Choose two features, the number of hidden neurons, the activation and the learning rate, then press
**Train**. The decision regions are redrawn after every epoch, with the loss and accuracy curves beside them;
the confusion matrix of the test rows, beside the readouts, is updated when the run ends. **Train** again continues from where the
network is; **Reset** goes back to the untrained network.
""")

code(r"""
ClassifierPlayground()
""")

md(r"""
**Try this**

1. Train with the defaults and watch where the boundaries settle. Which species are confused in the matrix?
2. Switch "feature up" to flipper length. Is the task easier or harder? Look at the scatter first and predict.
3. Use 1 hidden neuron and train. Why are the boundaries now parallel? (Hint: all three scores depend on
   the two measurements only through that one neuron.)
4. Press Reset, set the learning rate to 100 and press Train. What does the status line say? Then try 10:
   watch the loss curve jump instead of falling smoothly.
5. Compare sigmoid, tanh and relu with the same learning rate: which reaches 95% test accuracy first?
""")

md(r"""
## 7. Why cross-entropy and not squared error?

Squared error would also work as a classification error: it is 0 for a perfect answer and grows as the
probabilities move away from the one-hot truth. But it learns more slowly, and the reason is in the first
step of backpropagation, $\partial E / \partial z$ at the output layer.

- **Softmax + cross-entropy:** the chain rule collapses to $\dfrac{\partial E}{\partial z_k} = P_k - Y_k$
  (per row). The gradient is as big as the mistake.
- **Softmax + squared error:** $\dfrac{\partial E}{\partial P_k} = 2(P_k - Y_k)$, which then has to be
  multiplied by the softmax's slope $\partial P / \partial z$. Like the sigmoid's slope $\sigma(z)(1-\sigma(z))$,
  it is nearly 0 when the output **saturates** — when one probability is close to 1. So a network that is
  confidently wrong hardly changes: the bigger its mistake, the less it learns.

Here are the two gradients for a confidently wrong prediction (scores $(8, 0, 0)$, so 99.9% on Adelie,
when the penguin is a Gentoo), computed by the same `output_delta` that backpropagation starts from:
""")

code(r"""
g = output_gradients([8.0, 0.0, 0.0], true_class=2)
print("probabilities P:           ", g["probabilities"].round(4))
print("cross-entropy  ∂E/∂z = P−Y:", g["ce"].round(4), f"  size {g['ce_size']:.4f}")
print("squared error  ∂E/∂z:      ", g["mse"].round(4), f"  size {g['mse_size']:.4f}")
print(f"cross-entropy's gradient is {g['ce_size'] / g['mse_size']:.0f} times larger")
""")

code(r"""
for z_out in (0.0, -4.0, -8.0):            # one sigmoid output; the true class is 1
    b = binary_output_gradients(z_out, 1)
    print(f"p = {b['p']:.4f}:  binary cross-entropy ∂E/∂z = {b['bce']:8.4f}   squared error ∂E/∂z = {b['mse']:8.4f}")
""")

md(r"""
The further from the truth, the *smaller* the squared-error gradient gets, while cross-entropy's keeps
pushing with full strength.

Does this matter in a whole training run? Below, the **same** network (two inputs, 8 sigmoid hidden
neurons, a softmax output), the same data, the same starting weights and the same learning rate are trained
twice; only the loss differs. The two losses are in different units, so each gets its own chart; accuracy,
the share of test penguins classified right, compares them directly.
""")

code(r"""
print("settings for both runs:", COMPARE)
runs = compare_losses(split)
fig, axes = plt.subplots(1, 3, figsize=(12, 3.8), gridspec_kw={"width_ratios": [1, 1, 1.4]})
lesson5.plot_comparison(axes, runs, target=0.9)
fig.tight_layout()
plt.show()
""")

code(r"""
for loss, run in runs.items():
    print(f"{loss:>13}: 90% test accuracy first at epoch {epochs_to_reach(run.test_accuracy, 0.9)}, "
          f"after 10 epochs {run.test_accuracy[10]:.1%}, after {run.epochs} epochs {run.test_accuracy[-1]:.1%}")
""")

md(r"""
Cross-entropy reaches 90% test accuracy about a dozen epochs sooner. Both runs first sit on a plateau near
80%, where the network does not yet predict Chinstrap at all (every Chinstrap is called Adelie or Gentoo);
cross-entropy climbs off it much earlier. Given enough epochs both runs end up in a similar
place on this small, easy task (here squared error is even a little ahead at epoch 60); the difference is in
how fast the network corrects its mistakes. It grows when the
outputs saturate — with larger weights, more classes or a network that starts out confidently wrong — which
is why cross-entropy is the standard error for classification.
""")

md(r"""
## 8. Exercises

Each exercise has a function to complete: replace `raise NotImplementedError` with your code and run the
cell. The check at the end of the cell tries your function on several inputs and gives a hint if something
is off. Solutions are hidden under "Show a solution" — try first!
""")

md(r"""
### Exercise 1 — softmax of one row

Write `my_softmax(z)` for one row of scores `z` (a 1-D numpy array): return the probabilities
$P_k = e^{z_k} / \sum_j e^{z_j}$. The check includes scores around 1000, so remember the numerical trap
from section 3.
""")

code(r"""
def my_softmax(z):
    raise NotImplementedError  # replace this line with your code


lesson5.check_softmax(my_softmax)
""")

md(r"""
<details>
<summary>Show a solution</summary>

```python
def my_softmax(z):
    e = np.exp(z - np.max(z))   # subtract the largest score: same result, no overflow
    return e / e.sum()
```
</details>
""")

md(r"""
### Exercise 2 — cross-entropy of one row

Write `my_cross_entropy(P, Y)` for one row: `P` holds the predicted probabilities, `Y` the one-hot truth (both
1-D). Return $-\sum_k Y_k \ln P_k$, a single number.
""")

code(r"""
def my_cross_entropy(P, Y):
    raise NotImplementedError  # replace this line with your code


lesson5.check_cross_entropy(my_cross_entropy)
""")

md(r"""
<details>
<summary>Show a solution</summary>

```python
def my_cross_entropy(P, Y):
    return -np.sum(Y * np.log(P))      # only the true class's term is not 0
```
</details>
""")

md(r"""
### Exercise 3 — one-hot encoding

Write `my_one_hot(labels, classes)`: `labels` is a list such as `["Boston", "New York", "Boston"]` and `classes`
the list of class names in the order the columns should follow. Return a numpy array with one row per label
and one column per class, holding a single 1 per row.
""")

code(r"""
def my_one_hot(labels, classes):
    raise NotImplementedError  # replace this line with your code


lesson5.check_one_hot(my_one_hot)
""")

md(r"""
<details>
<summary>Show a solution</summary>

```python
def my_one_hot(labels, classes):
    Y = np.zeros((len(labels), len(classes)))
    for row, label in enumerate(labels):
        Y[row, classes.index(label)] = 1.0
    return Y
```
</details>
""")

md(r"""
## Summary

- **Classification** predicts one of a fixed set of classes. Classes are not numbers, so the targets are
  **one-hot** vectors: a single 1 at the class's position (`nl.one_hot`).
- The last layer has **one neuron per class** and a **softmax** activation: $P_k = e^{z_k}/\sum_j e^{z_j}$,
  probabilities between 0 and 1 that sum to 1. Subtract the largest score first to avoid overflow.
- With **two classes**, one **sigmoid** output does the same job: $\sigma(z)$ is softmax over the scores $(0, z)$.
- The error is **cross-entropy**, $-\ln P(\text{true class})$ averaged over the rows: 0 for a sure right
  answer, huge for a confident wrong one.
- At the output, cross-entropy's gradient is simply $P - Y$; squared error's is multiplied by the output's
  slope, which vanishes when the output saturates. So cross-entropy **learns from its mistakes faster**.
- A trained classifier divides the input space into **decision regions**; a **confusion matrix** shows which
  classes it still mixes up.

Next, lesson 6 puts everything together on handwritten digits: ten classes, 64 inputs, the same ideas.
""")


if __name__ == "__main__":
    NB.write()

"""Build notebooks/04_regression_mse.ipynb (lesson 4: regression and mean squared error).

    .venv/bin/python scripts/notebooks/make_04.py
    .venv/bin/python scripts/run_notebooks.py 04
    .venv/bin/python -m pytest notebooks/04_regression_mse.ipynb

The notebook is written without outputs; run_notebooks.py executes it and stores them.
"""

from __future__ import annotations

from builder import Notebook

NB = Notebook("04_regression_mse.ipynb")
md, code = NB.md, NB.code

md(r"""
# Lesson 4 — Regression and mean squared error

*About 40 minutes. Run the cells from top to bottom (Shift + Enter); the explorers need a running kernel.*

In lessons 1–3 a network learned from an error. Now we choose that error for a real task: predicting a
**number**, a penguin's body mass, from three measurements.
""")

md(r"""
## What you will learn

- The two kinds of task a network does: **regression** (the answer is a number) and **classification**
  (the answer is one of a few classes).
- The **mean squared error** (MSE): why the misses are squared, and why they are averaged over the $N$ rows.
- Why inputs and targets are **standardised** before training, and how to read the error back in grams.
- How to train a linear model and a small network on real data, watch the MSE fall and compare them on
  penguins neither has seen.
""")

code(r"""
import matplotlib.pyplot as plt
import numpy as np

import nnlesson as nl
from nnlesson.lessons import lesson4
from nnlesson.widgets.regression import ResidualExplorer, TrainingExplorer

nl.plots.use_style()
%matplotlib inline
""")

md(r"""
## 1. Two kinds of task

A network turns a row of inputs $X_1, X_2, X_3, \dots$ into an output $Y_{\text{pred}}$. What kind of
thing that output is decides how we measure its error.

- **Regression**: the output is a continuous number — a house price, an exam mark, a penguin's body mass
  in grams. A prediction can be a little off or a lot off.
- **Classification**: the output is one of a fixed set of classes — a penguin's species, a handwritten
  digit. A prediction is the right class or a wrong one (lesson 5).

The Palmer penguins data holds both kinds of target. Left: body mass, a number, against flipper length.
Right: the species, a class, shown by the marker shape *and* its name.
""")

code(r"""
penguins = nl.load_penguins(features=["bill_length_mm", "bill_depth_mm", "flipper_length_mm"],
                            target="body_mass_g")
species = nl.load_penguins(features=["bill_length_mm", "bill_depth_mm"], target="species")

fig, (ax_reg, ax_cls) = plt.subplots(1, 2, figsize=(9, 3.8))
ax_reg.scatter(penguins.X[:, 2], penguins.y, s=14, color=nl.plots.OKABE_ITO["blue"], alpha=0.7)
ax_reg.set_xlabel("flipper length (mm)")
ax_reg.set_ylabel("body mass (g)")
ax_reg.set_title("Regression: Y is a number")

markers = ["o", "^", "s"]
for k, name in enumerate(species.class_names):
    rows = species.y == name
    ax_cls.scatter(species.X[rows, 0], species.X[rows, 1], s=16, marker=markers[k],
                   color=nl.plots.CLASS_COLOURS[k], alpha=0.7, label=f"{k}: {name}")
    centre = species.X[rows].mean(axis=0)
    ax_cls.text(centre[0], centre[1], f"{k}: {name}", ha="center", va="center", fontsize=11, weight="bold",
                bbox=dict(facecolor="white", edgecolor=nl.plots.CLASS_COLOURS[k], alpha=0.85))
ax_cls.set_xlabel("bill length (mm)")
ax_cls.set_ylabel("bill depth (mm)")
ax_cls.set_title("Classification: Y is a class")
ax_cls.legend(frameon=False, fontsize=9, loc="lower left")
fig.tight_layout()
plt.show()
""")

md(r"""
In the left picture heavier penguins tend to have longer flippers, and the masses fill a continuous range.
A regression network draws its best guess through that cloud; how far each point lies from the guess is
its error.
""")

md(r"""
## 2. Mean squared error

For one penguin the miss is the **residual** $Y_{\text{pred}} - Y$: positive if we guessed too heavy,
negative if too light. To judge a whole data set we need one number for all $N$ rows. The
**mean squared error** squares every residual and averages:

$$
E \;=\; \mathrm{MSE} \;=\; \frac{1}{N}\sum_{n=1}^{N}\left(Y_{\text{pred},n} - Y_n\right)^2
$$

- **Why square?** A miss of $-300$ g is as bad as a miss of $+300$ g. Without the square they would cancel
  and a terrible model could score 0. Squared, both count: $(-300)^2 = 300^2$.
- **Big misses weigh more.** A miss twice as big adds *four* times as much: $1^2 = 1$, $2^2 = 4$,
  $10^2 = 100$. Training under the MSE works hardest on its worst predictions.
- **Why the mean?** Dividing by $N$ makes the error an average per row, so it does not grow just because
  there are more rows, and a training set and a test set of different sizes can be compared.
- **Units.** The MSE is in squared units (g²). Its square root, the **root mean squared error**
  $\mathrm{RMSE} = \sqrt{\mathrm{MSE}}$, is back in grams: roughly "a typical miss".

A close cousin is the **mean absolute error** $\frac{1}{N}\sum |Y_{\text{pred},n} - Y_n|$. It also lets
both signs count, but every gram of a miss counts the same, big or small. The MSE is the usual choice
for training because it is smooth: its derivative $\partial E/\partial Y_{\text{pred},n} =
2\,(Y_{\text{pred},n} - Y_n)/N$ is exactly what backpropagation starts from (lesson 3).

Three penguins, worked out step by step, then with `nl.mse`:
""")

code(r"""
Y = np.array([3.8, 4.5, 5.2])        # true body mass (kg)
Y_pred = np.array([4.0, 4.1, 5.9])   # a model's predictions (kg)

residual = Y_pred - Y
print("residuals        ", residual.round(2), "kg")
print("squared          ", (residual ** 2).round(3), "kg²")
print("MSE (by hand)    ", round(float(np.mean(residual ** 2)), 4), "kg²")
print("MSE (nl.mse)     ", round(nl.mse(Y_pred, Y), 4), "kg²")
print("RMSE             ", round(np.sqrt(nl.mse(Y_pred, Y)), 3), "kg")
print("mean absolute err", round(float(np.mean(np.abs(residual))), 3), "kg")
""")

md(r"""
The third penguin's miss (0.7 kg) is less than twice the second's (0.4 kg), yet its square (0.49) is
three times the second's (0.16): it makes up most of the MSE.
""")

md(r"""
## 3. The data: body mass from three measurements

Our task: predict a penguin's body mass $Y$ in grams from

- $X_1$ = bill length (mm), $X_2$ = bill depth (mm), $X_3$ = flipper length (mm).

Two of the 344 penguins have no measurements, so `load_penguins` drops them:
""")

code(r"""
print(f"{len(penguins.X)} penguins kept, {penguins.n_dropped} dropped (missing values)")
print("features:", penguins.feature_names, "  target:", penguins.target_name)
print()
print("   X1 bill length   X2 bill depth   X3 flipper     Y body mass")
for row, mass in zip(penguins.X[:5], penguins.y[:5]):
    print(f"   {row[0]:9.1f} mm   {row[1]:9.1f} mm   {row[2]:7.0f} mm   {mass:9.0f} g")
""")

md(r"""
We keep a quarter of the penguins aside as **test rows**: the model never trains on them, so its error on
them tells us how well it does on penguins it has not seen. The split is shuffled with a seed, so it is the
same every time.
""")

code(r"""
X_train_raw, X_test_raw, y_train, y_test = nl.train_test_split(penguins.X, penguins.y, test_fraction=0.25, seed=0)
print(f"{len(X_train_raw)} training rows, {len(X_test_raw)} test rows")
""")

md(r"""
### Why standardise

The raw numbers live on very different scales: bill depth around 17 mm, flipper length around 200 mm,
body mass around 4,000 g. Gradient descent takes one learning rate for every weight, but the gradient of a
weight grows with the size of its input, and the error grows with the size of the target: here the starting
MSE is about 18 million g². One step with an ordinary learning rate then throws the weights far away.
""")

code(r"""
raw_model = nl.Network([3, 1], output="identity", seed=0)
history = nl.train(raw_model, X_train_raw, y_train, lr=0.05, epochs=50, batch_size=16, seed=0)
print(history.message)
""")

md(r"""
The cure is to **standardise** each column: subtract its mean $\mu$ and divide by its standard deviation
$\sigma$,

$$
X' = \frac{X - \mu}{\sigma},
$$

so every feature has mean 0 and spread 1 and the weights all learn at a similar pace. Two rules:

1. $\mu$ and $\sigma$ come from the **training rows only**. The test rows stand in for penguins we have not
   met yet; we must not peek at them, not even at their average.
2. We standardise the **target** too, $Y' = (Y - \mu_Y)/\sigma_Y$, so the network works with numbers near 0
   and the starting error is about 1.
""")

code(r"""
x_scaler = nl.Standardizer().fit(X_train_raw)
y_scaler = nl.Standardizer().fit(y_train.reshape(-1, 1))

X_train = x_scaler.transform(X_train_raw)
X_test = x_scaler.transform(X_test_raw)
Y_train = y_scaler.transform(y_train.reshape(-1, 1))
Y_test = y_scaler.transform(y_test.reshape(-1, 1))

print("training means of X:", X_train.mean(axis=0).round(3) + 0.0, "  stds:", X_train.std(axis=0).round(3))
print("test means of X:    ", X_test.mean(axis=0).round(3), " (near 0, not exactly: fitted on training rows)")
print(f"body mass: mean {y_scaler.mean[0]:.1f} g, std σ_Y = {y_scaler.std[0]:.1f} g")
""")

md(r"""
### Reading the error back in grams

A standardised error is an error in grams divided by $\sigma_Y$:
$Y'_{\text{pred}} - Y' = (Y_{\text{pred}} - Y)/\sigma_Y$ (the mean $\mu_Y$ cancels). Squaring and averaging,

$$
\mathrm{MSE}_{\text{grams}} = \sigma_Y^2 \cdot \mathrm{MSE}_{\text{standardised}}, \qquad
\mathrm{RMSE}_{\text{grams}} = \sigma_Y \cdot \sqrt{\mathrm{MSE}_{\text{standardised}}}.
$$
""")

code(r"""
y_std = y_scaler.std[0]

def rmse_grams(mse_standardised):
    return np.sqrt(mse_standardised) * y_std

print(f"guessing the average mass for every penguin: standardised test MSE {nl.mse(np.zeros_like(Y_test), Y_test):.3f}"
      f" → RMSE {rmse_grams(nl.mse(np.zeros_like(Y_test), Y_test)):.0f} g")
""")

md(r"""
That last line is a baseline: always guessing the average mass (0 in standardised units) misses by about
800 g. A model worth having must do much better.

## 4. A linear model and a small network

The **linear model** is a network with no hidden layer and an identity output:
$Y_{\text{pred}} = W_1 X_1 + W_2 X_2 + W_3 X_3 + b$. The **small network** puts 8 hidden neurons with a
tanh activation in between, so it can bend. Both are trained the same way: 50 epochs, mini-batches of 16
rows, learning rate 0.05, the same seed. The test rows are passed as `validation` so their MSE is recorded
after every epoch — never trained on.
""")

code(r"""
settings = dict(lr=0.05, epochs=50, batch_size=16, seed=0, validation=(X_test, Y_test))

linear = nl.Network([3, 1], output="identity", seed=0)
linear_history = nl.train(linear, X_train, Y_train, **settings)

network = nl.Network([3, 8, 1], hidden="tanh", output="identity", seed=0)
network_history = nl.train(network, X_train, Y_train, **settings)

for name, h in [("linear model  ", linear_history), ("3 → 8 → 1 tanh", network_history)]:
    print(f"{name}: test MSE {h.initial_val_loss:.3f} → {h.val_loss[-1]:.3f} (standardised), "
          f"test RMSE {rmse_grams(h.val_loss[-1]):.0f} g")
""")

code(r"""
fig, ax = plt.subplots(figsize=(7, 3.6))
epochs = np.arange(0, 51)
for name, h, style in [("linear model", linear_history, ":"), ("3 → 8 → 1 network", network_history, "-")]:
    ax.plot(epochs, [h.initial_loss] + h.loss, color=nl.plots.TRAIN_COLOUR, ls=style, lw=2, label=f"{name}, training rows")
    ax.plot(epochs, [h.initial_val_loss] + h.val_loss, color=nl.plots.TEST_COLOUR, ls=style, lw=2, label=f"{name}, test rows")
    ax.annotate(f"{name}: test {h.val_loss[-1]:.3f}", (50, h.val_loss[-1]), xytext=(6, 0), textcoords="offset points",
                va="center", fontsize=10)
ax.set_yscale("log")
ax.set_yticks([0.1, 0.2, 0.5, 1, 2], labels=["0.1", "0.2", "0.5", "1", "2"])
ax.minorticks_off()
ax.set_xlim(0, 75)
ax.set_xlabel("epoch")
ax.set_ylabel("MSE, standardised (log scale)")
ax.set_title("The MSE falls as training goes on")
ax.legend(frameon=False, fontsize=9, loc="upper right")
fig.tight_layout()
plt.show()
""")

code(r"""
fig, axes = plt.subplots(1, 2, figsize=(9, 4.2), sharey=True)
for ax, (name, model) in zip(axes, [("linear model", linear), ("3 → 8 → 1 network", network)]):
    y_pred = y_scaler.inverse_transform(model.predict(X_test))[:, 0]
    rmse = np.sqrt(np.mean((y_pred - y_test) ** 2))
    ax.plot([2500, 6500], [2500, 6500], color="black", lw=1, label="predicted = actual")
    ax.scatter(y_test, y_pred, s=18, color=nl.plots.TEST_COLOUR, edgecolor="white", linewidth=0.4,
               label="test penguins")
    ax.set_xlim(2500, 6500)
    ax.set_ylim(2500, 6500)
    ax.set_aspect("equal")
    ax.set_xlabel("actual body mass (g)")
    ax.set_title(f"{name}: test RMSE {rmse:.0f} g")
axes[0].set_ylabel("predicted body mass (g)")
axes[0].legend(frameon=False, fontsize=9, loc="upper left")
fig.tight_layout()
plt.show()
""")

md(r"""
All four curves fall fast in the first epochs, then level off. On the test penguins the network misses by
about 320 g, the linear model by about 385 g: the hidden layer pays off. Why? One reason: the relation is not
one straight line for all penguins. Across species, the heavy Gentoo penguins have *shallower* bills than the
others, while within a species a deeper bill goes with a heavier bird. A weighted sum gives bill depth one
weight for every penguin, so it cannot follow both trends at once; hidden tanh neurons can bend and combine
the measurements.

In the plots of predicted against actual mass, a perfect model puts every point on the diagonal. Points
above it are penguins predicted too heavy, points below too light: the vertical distance to the diagonal is
the residual.
""")

md(r"""
## 5. Explorer: train it yourself

The same task, live. Choose the number of hidden units (0 gives the linear model), the activation, the
learning rate, the number of epochs and the batch size, then press **Train**. Every Train starts from the
same seeded starting weights, so two settings are compared fairly; **Reset** goes back to them. The left
plot shows the training and test MSE per epoch (standardised, log scale) with the linear model's test MSE
as a dotted line; the right plot shows the test penguins' predictions in grams. The readouts translate the
MSE into grams.
""")

code(r"""
trainer = TrainingExplorer(hidden_units=8, activation="tanh", lr=0.05, epochs=50, batch_size=16, seed=0)
trainer
""")

md(r"""
**Try this**

1. Press **Train** with the default settings. Does the test curve end below the dotted line of the linear
   model? Read the test RMSE in grams.
2. Set *hidden units* to 0 and train: that is the linear model. Its test RMSE should match the one printed
   above.
3. Push the *learning rate* to its maximum and train. What does the status line say, and what happened to
   the weights?
4. Choose *batch size* "all rows" (one update per epoch). Why does the MSE now fall so much more slowly per
   epoch? Try learning rates 0.2 and 0.5 — and then 1.
5. Try 32 hidden units and 200 epochs. Does the training MSE keep falling? Does the test MSE follow it, or
   does the gap between the two curves grow? (A network can start learning the quirks of its training
   penguins instead of what holds for all penguins.)
""")

md(r"""
## 6. Explorer: every miss, squared

Eight test penguins with the linear model's predictions, in kilograms to keep the numbers small. Left: true
mass (circles) and prediction (diamonds) against flipper length, with the residual as a line between them.
(The predictions do not lie on a line here: the model also uses the bill, which this picture does not show.) Right: each penguin's squared
error as a bar, with its number, and the MSE — the mean of the bars — as a dashed line.

Choose a penguin from the menu and drag its prediction with the slider (or click the slider and use the
arrow keys).
""")

code(r"""
residuals = ResidualExplorer()
residuals
""")

md(r"""
The same picture as a still image, for reading without a kernel:
""")

code(r"""
from IPython.display import Image
Image(residuals.view.png())
""")

md(r"""
**Try this**

1. Choose penguin 4 and drag its prediction onto its true mass. By how much does the MSE drop?
2. Move one prediction 0.5 kg off, then 1 kg off. The residual doubles; what happens to its squared error?
3. Make one penguin miss by 1.5 kg. What share of the total does that single row take? This is what
   "big misses weigh more" means: training under the MSE will work hardest on that penguin.
4. Make two penguins miss by +0.5 kg and −0.5 kg. Would their errors cancel without the square?
""")

md(r"""
## 7. Exercises

Each check cell tells you whether your answer is right and, if not, gives a hint. The solutions are hidden
below each exercise: try first.

**Exercise 1 — the MSE by hand.** Three penguins weigh 3, 5 and 4 kg. A model predicts 4, 3 and 4 kg. What
is the MSE in kg²? Replace `None` with your number.
""")

code(r"""
my_mse_value = None

lesson4.check_mse_by_hand(my_mse_value)
""")

md(r"""
<details>
<summary>Solution</summary>

The residuals are $4-3 = 1$, $3-5 = -2$ and $4-4 = 0$; squared: 1, 4, 0. The mean is
$(1 + 4 + 0)/3 = 5/3 \approx 1.667$ kg², so `my_mse_value = 5 / 3`.
</details>
""")

md(r"""
**Exercise 2 — write the MSE.** Write `mse(Y_pred, Y)` for two 1-D arrays of the same length. *Hint:* work
with whole arrays: `Y_pred - Y` is an array of residuals; numpy squares and averages an array in one call.
""")

code(r"""
def mse(Y_pred, Y):
    raise NotImplementedError  # replace this line with your code

lesson4.check_mse(mse)
""")

md(r"""
<details>
<summary>Solution</summary>

```python
def mse(Y_pred, Y):
    return np.mean((Y_pred - Y) ** 2)
```
</details>
""")

md(r"""
**Exercise 3 — back to grams.** Training reports the MSE of the standardised body mass. Write
`rmse_in_grams(mse_standardised, y_std)` that returns the RMSE in grams, where `y_std` is $\sigma_Y$, the
standard deviation of body mass on the training rows. *Hint:* go back to "Reading the error back in grams":
which step undoes the square, and which undoes the standardisation?
""")

code(r"""
def rmse_in_grams(mse_standardised, y_std):
    raise NotImplementedError  # replace this line with your code

lesson4.check_rmse_in_grams(rmse_in_grams)
""")

md(r"""
<details>
<summary>Solution</summary>

```python
def rmse_in_grams(mse_standardised, y_std):
    return np.sqrt(mse_standardised) * y_std
```
The square root turns the MSE back into an error of one row's size; multiplying by $\sigma_Y$ undoes the
division by $\sigma_Y$ of standardising. (The mean $\mu_Y$ does not appear: it cancels in every residual.)
</details>
""")

md(r"""
## Summary

- **Regression** predicts a continuous number; **classification** picks one of a fixed set of classes.
- The **mean squared error** $\frac{1}{N}\sum (Y_{\text{pred}} - Y)^2$ squares every residual, so misses
  of either sign count and big misses weigh more, then averages over the $N$ rows. Its root, the **RMSE**,
  is in the data's own units.
- **Standardise** inputs and target with the training rows' mean and standard deviation; read errors
  back with $\mathrm{RMSE}_{\text{grams}} = \sigma_Y\sqrt{\mathrm{MSE}_{\text{standardised}}}$.
- On penguin body mass, a network with 8 tanh hidden neurons beats a linear model on unseen penguins
  (about 320 g against 385 g), because the relation bends.
- Next, lesson 5: when the answer is a class, squared error is the wrong tool; softmax and cross-entropy
  take its place.
""")


if __name__ == "__main__":
    NB.write()

"""Build notebooks/02_gradient_descent.ipynb (lesson 2: gradient descent).

    .venv/bin/python scripts/notebooks/make_02.py
    .venv/bin/python scripts/run_notebooks.py 02
    .venv/bin/python -m pytest notebooks/02_gradient_descent.ipynb

The notebook is written without outputs; run_notebooks.py executes it and stores them.
"""

from __future__ import annotations

from builder import Notebook

NB = Notebook("02_gradient_descent.ipynb")
md, code = NB.md, NB.code

md(r"""
# Lesson 2 — Gradient descent

*About 45 minutes. Run the cells from top to bottom (Shift + Enter); the player needs a running kernel.*

In lesson 1 you moved the weights by hand, following the sign of each partial derivative. Gradient
descent does exactly that for you, one small step after another, until the error stops falling.
""")

md(r"""
## What you will learn

- The **update rule** $W \leftarrow W - \text{lr} \cdot \partial E/\partial W$, applied to every weight at once.
- To **see** the path that repeated steps take downhill on the error surface over $(W_1, W_2)$.
- The **learning rate**: too small crawls, a good one converges, too large oscillates and then diverges.
- **Per-row updates**, what an **epoch** is, and how they compare with one update per full pass
  (**full batch**).
""")

code(r"""
import matplotlib.pyplot as plt
import numpy as np

import nnlesson as nl
from nnlesson.lessons import lesson2
from nnlesson.plots import OKABE_ITO, fmt
from nnlesson.widgets import descent, weights
from nnlesson.widgets.descent import DescentPlayer

nl.plots.use_style()
%matplotlib inline
""")

md(r"""
## 1. Let the sign rule do the dragging

Same model and same synthetic data as lesson 1: $Y_{\text{pred}} = W_1 X_1 + W_2 X_2$ on 20 rows, error =
mean squared error. The sign rule says which way to move each weight. Gradient descent adds *how far*:
move each weight that way by an amount **in proportion to its partial derivative**. Where the error is
steep, the steps are long; near the bottom of the valley the slope flattens, and the steps shrink by
themselves.
""")

md(r"""
## 2. The update rule

$$
W_1 \leftarrow W_1 - \text{lr}\cdot\frac{\partial E}{\partial W_1}
\qquad\qquad
W_2 \leftarrow W_2 - \text{lr}\cdot\frac{\partial E}{\partial W_2}
$$

- The **minus sign** is the sign rule: a positive derivative makes the weight go down, a negative one makes
  it go up.
- The **learning rate** $\text{lr}$ is a small positive number chosen by the person training. It sets the
  size of the steps.
- **Every weight at once:** first compute both partial derivatives at the current weights, then move both
  weights. Together the partial derivatives form the **gradient**; the step goes against it, downhill
  (the arrow in lesson 1's map).

One step by hand, from a poor start $W_1 = -3$, $W_2 = 3$, with $\text{lr} = 0.1$, and the same step
from the package:
""")

code(r"""
X, Y = weights.two_weight_data()
W1, W2, lr = -3.0, 3.0, 0.1
dE_dW1, dE_dW2 = weights.gradient(W1, W2, X, Y)        # both derivatives first ...
W1_new, W2_new = W1 - lr * dE_dW1, W2 - lr * dE_dW2     # ... then both weights move
print(f"∂E/∂W1 = {fmt(dE_dW1)}, ∂E/∂W2 = {fmt(dE_dW2)}")
print(f"by hand:       W1 = {fmt(W1_new)}, W2 = {fmt(W2_new)}")
print("from nnlesson: W1 = {}, W2 = {}".format(*map(fmt, descent.gradient_step(W1, W2, lr, X, Y))))
print(f"error: {fmt(weights.error(W1, W2, X, Y))} → {fmt(weights.error(W1_new, W2_new, X, Y))}")
""")

md(r"""
One step lowered the error. Gradient descent simply repeats it:
""")

code(r"""
print("step      W1      W2   error E")
W1, W2 = -3.0, 3.0
for step in range(11):
    if step % 2 == 0:
        print(f"{step:4d} {W1:7.3f} {W2:7.3f}   {fmt(weights.error(W1, W2, X, Y))}")
    W1, W2 = descent.gradient_step(W1, W2, lr, X, Y)
""")

md(r"""
## 3. The path downhill, and the learning rate

Below, the same start and 30 steps with four learning rates. Each map shows the error over $(W_1, W_2)$
(lines of equal error) and the path the weights took; the lower plot shows the error after each step on
a log scale (each labelled tick is ten times the one below it), with a dotted line at the lowest error
the data allow.
""")

code(r"""
rates = {0.01: "lr = 0.01: crawls", 0.6: "lr = 0.6: converges", 1.2: "lr = 1.2: oscillates",
         1.4: "lr = 1.4: diverges"}
runs = {lr: descent.run_descent(-3.0, 3.0, lr, 30, X, Y) for lr in rates}
fig, axes = plt.subplots(1, 4, figsize=(9, 2.9))
for ax, (lr, title) in zip(axes, rates.items()):
    weights.draw_error_map(ax, X, Y, label=False)
    x, y = descent.clamp_path(runs[lr].path, weights.W1_RANGE, weights.W2_RANGE)
    ax.plot(x, y, "-o", color=OKABE_ITO["vermillion"], ms=3, lw=1.2)
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("W1", fontsize=10)
    ax.set_ylabel("W2" if ax is axes[0] else "", fontsize=10)
fig.tight_layout()
plt.show()
for lr in rates:
    print(f"lr = {lr}: {runs[lr].message}")
""")

code(r"""
fig, ax = plt.subplots(figsize=(9, 3.4))
styles = {0.01: "-", 0.6: "-", 1.2: "--", 1.4: ":"}
for (lr, title), colour in zip(rates.items(), [OKABE_ITO["orange"], OKABE_ITO["blue"], OKABE_ITO["green"],
                                               OKABE_ITO["vermillion"]]):
    ax.plot(runs[lr].errors, styles[lr], color=colour, marker="o", ms=3, label=title)
ax.axhline(weights.lowest_error(X, Y)[2], color="0.4", lw=1, ls=":")
ax.set_yscale("log")
ax.set(xlabel="step", ylabel="error E (log scale)", title="Error after each step")
ax.legend(frameon=False, fontsize=10, loc="center left", bbox_to_anchor=(1.01, 0.5))
fig.tight_layout()
plt.show()
""")

md(r"""
- **Too small** (0.01): every step goes the right way but covers little ground. After 30 steps the path has
  covered a small part of the way and the error is still far above the lowest. It would get there, slowly.
- **Good** (0.6): the error falls fast and settles at the lowest value the data allow.
- **Large** (1.2): each step jumps *across* the valley to the other side: the path zigzags. It still closes
  in, but wastes steps.
- **Too large** (1.4): each jump lands further up the other side than it started. The error grows step
  after step and the weights fly off the map: the run **diverged**. The program stops and says so rather
  than showing numbers that are no longer numbers.

### Why too large a step diverges

Near the bottom, along one direction, the error is a bowl $E \approx a\,(W - W^*)^2$ whose lowest point is
at $W^*$, so $\partial E/\partial W = 2a\,(W - W^*)$. One update then gives

$$
W - W^* \;\leftarrow\; (1 - 2a\cdot\text{lr})\,(W - W^*).
$$

If $2a\cdot\text{lr}$ is between 0 and 1, each step keeps a fraction of the distance: a smooth approach.
Between 1 and 2, the factor is negative but smaller than 1 in size: the weight lands on the other side,
closer (oscillation). Above 2, it lands on the other side **further away** than before: divergence. The
steepest direction of the bowl sets the limit:
""")

code(r"""
print(f"On this data, learning rates above {fmt(descent.max_stable_lr(X))} diverge.")
""")

md(r"""
## 4. Play: the gradient-descent player

Pick a learning rate on the slider (drag it, or click its handle and use the **arrow keys**), then press
**Step** for one step or **Run** for several (type how many in the box). **Reset** goes back to the start;
changing the learning rate also starts again. The status line says in words what is happening.
""")

code(r"""
player = DescentPlayer(X, Y, start=(-3.0, 3.0), lr=0.1)
player
""")

md(r"""
**Try this**

1. Set lr to 0.01, type 50 in the *steps* box and press Run a few times. How many steps until the error is
   below 1? Does every step lower the error?
2. Try 0.1, 0.3 and 0.6. Which reaches "converged" in the fewest steps?
3. Try 1.0 and 1.2 and press Step a few times, slowly. Watch the path cross the valley. Does the error still
   fall every step?
4. Try 1.4 and 2.0. At which step does each diverge? Compare with the limit printed above.
5. Before pressing: with lr = 0.6, will the first step land before or past the bottom of the valley?
   Press Step and check.
""")

md(r"""
## 5. Per-row updates, epochs and full batch

So far every step used the error over **all** 20 rows: that is a **full-batch** update. There is another
way, the one neural networks usually start from:

**Per-row updates.** Take one row. Compute its own error $(Y_{\text{pred},i} - Y_i)^2$ and the partial
derivatives of that error,

$$
\frac{\partial E_i}{\partial W_1} = 2\,(Y_{\text{pred},i} - Y_i)\,X_{1,i}
\qquad
\frac{\partial E_i}{\partial W_2} = 2\,(Y_{\text{pred},i} - Y_i)\,X_{2,i},
$$

update both weights, and move on to the next row with the new weights.

**One epoch** is one pass over every row of the training data. With per-row updates an epoch makes
20 updates here (one per row); with full-batch updates it makes one. **How many epochs to train is a
choice** made by the person training: too few and the error is still high, more costs time. Pick the
number of epochs and the learning rate below, then run the cells.
""")

code(r"""
epochs = 10        # your choice: try 1, 3, 30
lr = 0.1
per_row = descent.train_epochs(-3.0, 3.0, lr, epochs, X, Y, mode="per_row")
full_batch = descent.train_epochs(-3.0, 3.0, lr, epochs, X, Y, mode="full_batch")
print(per_row.message)
print(full_batch.message)
""")

code(r"""
fig, (ax_map, ax_err) = plt.subplots(1, 2, figsize=(9.5, 3.8), gridspec_kw={"width_ratios": [1, 1.4]})
weights.draw_error_map(ax_map, X, Y, label=False)
for run, colour, name in [(per_row, OKABE_ITO["vermillion"], "per-row"),
                          (full_batch, OKABE_ITO["blue"], "full batch")]:
    x, y = descent.clamp_path(run.path, weights.W1_RANGE, weights.W2_RANGE)
    ax_map.plot(x, y, "-o", color=colour, ms=4, label=name)
    ax_err.plot(range(run.epochs + 1), run.errors, "-o", color=colour, ms=4,
                label=f"{name}: {run.updates} updates, error {fmt(run.errors[-1])}")
ax_map.set_title("Weights after each epoch")
ax_map.legend(frameon=True, fontsize=9, loc="lower left")
ax_err.axhline(weights.lowest_error(X, Y)[2], color="0.4", lw=1, ls=":")
ax_err.set_yscale("log")
ax_err.set(xlabel="epoch", ylabel="error E on all rows (log scale)", title=f"Error per epoch, lr = {lr}")
ax_err.legend(frameon=False, fontsize=10)
fig.tight_layout()
plt.show()
""")

md(r"""
With the same learning rate, per-row updates make 20 moves per epoch where full batch makes one, so they
get much further per epoch. The price: each move follows **one row's** opinion, which is noisy. Near the
bottom the rows pull in slightly different directions, so per-row updates hover close to the lowest error
rather than settling exactly on it (compare the last per-row error with the dotted line, the lowest error
possible). Full-batch steps are smooth and exact, but each needs a whole pass over the data. **Mini-batches** (a few rows per update,
used in later lessons) sit in between; `nl.train(..., batch_size=1)` and `batch_size=None` do the per-row and
full-batch versions for any network.

Change `epochs` and `lr` above and run the two cells again. Try the per-row run with
`lr = 0.5`: does it end closer to the lowest error than with `lr = 0.1`, or further from it? Why?
""")

md(r"""
## 6. Exercises

Replace each `raise NotImplementedError` with your code, then run the check cell below it. `X1`, `X2`, `Y`
are 1-D numpy arrays; `W1`, `W2`, `lr` are numbers. Return the two new weights as a pair: `return W1_new,
W2_new`.

**Exercise 1.** Write one full-batch gradient-descent step for the two-weight model (derivatives of the mean
squared error over all rows).
""")

code(r"""
def gradient_step(W1, W2, lr, X1, X2, Y):
    # both partial derivatives at the current weights, then W ← W − lr·∂E/∂W for both
    raise NotImplementedError
""")

code(r"""
lesson2.check_gradient_step(gradient_step)
""")

md(r"""
**Exercise 2.** Write one epoch of per-row updates: visit the rows in order, first row first; for each row,
update both weights using that row's error only.
""")

code(r"""
def epoch_per_row(W1, W2, lr, X1, X2, Y):
    # for each row i in order: update W1 and W2 on the error of row i alone
    raise NotImplementedError
""")

code(r"""
lesson2.check_epoch_per_row(epoch_per_row)
""")

md(r"""
<details>
<summary>Solutions (try first!)</summary>

Exercise 1:

```python
def gradient_step(W1, W2, lr, X1, X2, Y):
    miss = W1 * X1 + W2 * X2 - Y
    dE_dW1 = 2 * np.mean(miss * X1)
    dE_dW2 = 2 * np.mean(miss * X2)
    return W1 - lr * dE_dW1, W2 - lr * dE_dW2
```

Exercise 2:

```python
def epoch_per_row(W1, W2, lr, X1, X2, Y):
    for x1, x2, y in zip(X1, X2, Y):
        miss = W1 * x1 + W2 * x2 - y
        W1, W2 = W1 - lr * 2 * miss * x1, W2 - lr * 2 * miss * x2
    return W1, W2
```
Note that `miss` is computed once, from the old weights, and both updates use it: both partial derivatives
are taken before either weight changes.
</details>
""")

md(r"""
## Summary

- **Gradient descent** repeats one update for every weight at once: $W \leftarrow W - \text{lr}\cdot
  \partial E/\partial W$. The minus sign is the sign rule; steps shrink as the slope flattens.
- On the error map, the steps walk downhill towards the lowest error.
- The **learning rate** sets the step size: too small crawls, a good one converges, too large jumps
  across the valley (oscillates) and, beyond a limit set by the steepest slope, diverges.
- **Per-row updates** change the weights after every row; **one epoch** is one pass over all rows; the
  number of epochs is a choice. **Full-batch** updates make one smooth step per epoch.

**Next:** lesson 3 puts a hidden layer in the network. Every weight still gets a partial derivative of the
error, and backpropagation computes them all, last layer first.
""")


if __name__ == "__main__":
    NB.write()

"""Build notebooks/01_error_and_derivatives.ipynb (lesson 1: error and partial derivatives).

    .venv/bin/python scripts/notebooks/make_01.py
    .venv/bin/python scripts/run_notebooks.py 01
    .venv/bin/python -m pytest notebooks/01_error_and_derivatives.ipynb

The notebook is written without outputs; run_notebooks.py executes it and stores them.
"""

from __future__ import annotations

from builder import Notebook

NB = Notebook("01_error_and_derivatives.ipynb")
md, code = NB.md, NB.code

md(r"""
# Lesson 1 — Error and partial derivatives

*About 40 minutes. Run the cells from top to bottom (Shift + Enter); the explorer needs a running kernel.*

Before a network can learn, it needs two things: a number that says **how wrong** it is, and a way to
tell **which way to turn each weight** to make that number smaller. This lesson builds both on the
smallest network there is.
""")

md(r"""
## What you will learn

- A network turns a row of inputs into an output, $Y_{\text{pred}}$, through its **weights**; a trained
  network is one good setting of the weights.
- The **error**: feed the data forward, compare $Y_{\text{pred}}$ with the true $Y$, and summarise the misses
  in a single number. Training means making that number small.
- The error is a **function of the weights**.
- The **partial derivative of the error with respect to a weight**, $\partial E/\partial W_1$: how the
  error moves when only that weight moves.
- The **sign rule**, the whole idea of learning in two lines.
""")

code(r"""
import matplotlib.pyplot as plt
import numpy as np

import nnlesson as nl
from nnlesson.lessons import lesson1
from nnlesson.plots import OKABE_ITO, fmt
from nnlesson.widgets import weights
from nnlesson.widgets.weights import WeightExplorer

nl.plots.use_style()
%matplotlib inline
""")

md(r"""
## 1. A network is a setting of its weights

A network takes a row of inputs $X_1, X_2, X_3, \dots$ and turns it into an output $Y_{\text{pred}}$
(the *predicted* $Y$). How it does that is decided by numbers called **weights**. Change the weights
and the same inputs give a different output. Training a network means searching for one good setting
of its weights: one that makes $Y_{\text{pred}}$ close to the true $Y$ on the data we have.

The smallest network that shows everything: two inputs, one output, two weights, nothing else.

$$
Y_{\text{pred}} = W_1 \cdot X_1 + W_2 \cdot X_2
$$

Each input is multiplied by its weight and the products are added. Bigger networks (lesson 3) repeat
this many times and bend the result with activation functions, but the ideas of this lesson carry over
unchanged.
""")

md(r"""
## 2. The data

The data here are **synthetic**: the computer made them up from $W_1 = 2$ and $W_2 = -1$, plus a little
random noise, with a fixed seed so everyone sees the same numbers. That way we know the answer a good
search should find. There are 20 rows; here are the first five.
""")

code(r"""
X, Y = weights.two_weight_data()            # X: 20 rows × 2 columns (X1, X2); Y: 20 targets
X1, X2 = X[:, 0], X[:, 1]
print(f"{len(Y)} rows")
print("   X1     X2      Y")
for i in range(5):
    print(f"{X1[i]:5.2f}  {X2[i]:5.2f}  {Y[i]:5.2f}")
""")

code(r"""
fig, axes = plt.subplots(1, 2, figsize=(9, 3.4), sharey=True)
for ax, x, name in zip(axes, (X1, X2), ("X1", "X2")):
    ax.scatter(x, Y, color=OKABE_ITO["blue"], s=28)
    ax.set_xlabel(name)
axes[0].set_ylabel("Y")
fig.suptitle("The 20 rows: Y grows with X1 and falls with X2 (synthetic data)")
fig.tight_layout()
plt.show()
""")

md(r"""
## 3. Feed forward, compare, one number

Training starts with a guess for the weights. Take $W_1 = -2$ and $W_2 = 2$, a poor guess on purpose.
**Feeding the data forward** means computing $Y_{\text{pred}}$ for every row. Then we compare it with the
true $Y$, row by row.
""")

code(r"""
W1, W2 = -2.0, 2.0
Y_pred = weights.predict(W1, W2, X)          # W1·X1 + W2·X2 for every row
print(" Y_pred      Y   Y_pred − Y")
for i in range(5):
    print(f"{Y_pred[i]:7.2f} {Y[i]:6.2f} {Y_pred[i] - Y[i]:9.2f}")
""")

md(r"""
Twenty misses are hard to compare with another twenty misses. We sum them up as **one number**, the
**error** $E$. Here it is the **mean squared error** (MSE): square each miss, so that misses above and
below the truth both count, then average over the $N$ rows.

$$
E = \frac{1}{N}\sum_{i=1}^{N} \left(Y_{\text{pred},i} - Y_i\right)^2
$$

An error of 0 would mean every prediction is exact. **Training means making $E$ small.** (Lesson 4 looks
closer at why the squares and why the mean.)
""")

code(r"""
E = nl.mse(Y_pred, Y)
print(f"E = {fmt(E)}   (mean of the squared misses, by hand: {fmt(np.mean((Y_pred - Y) ** 2))})")
""")

md(r"""
## 4. The error is a function of the weights

$Y_{\text{pred}}$ depends on the weights, and $E$ depends on $Y_{\text{pred}}$. The data stay the same
while we search, so **the error is a function of the weights**: $E(W_1, W_2)$. Every setting of the
weights has its own error.
""")

code(r"""
print("    W1     W2   error E")
for w1, w2 in [(-2.0, 2.0), (0.0, 0.0), (1.0, -0.5), (2.0, -1.0)]:
    print(f"{w1:6.2f} {w2:6.2f}   {fmt(weights.error(w1, w2, X, Y)):>7}")
best_W1, best_W2, best_E = weights.lowest_error(X, Y)
print(f"The lowest error anywhere: {fmt(best_E)}, at W1 = {fmt(best_W1)}, W2 = {fmt(best_W2)}")
""")

md(r"""
The lowest error is not 0, because of the noise in the data, and it sits near the weights that made the
data, $(2, -1)$. Here we found it with a formula that only works for this tiny model. A real network has
thousands of weights and no such formula, so it needs a way to find *which way to move* from wherever it
is. That is what derivatives give.
""")

md(r"""
## 5. The partial derivative of the error with respect to $W_1$

Hold $W_2$ where it is. Move only $W_1$, by a tiny amount $h$, and watch the error. The change in the
error divided by the change in $W_1$ is the **partial derivative of the error with respect to $W_1$**:

$$
\frac{\partial E}{\partial W_1} \approx \frac{E(W_1 + h,\ W_2) - E(W_1,\ W_2)}{h}
\qquad \text{for a tiny } h.
$$

"Partial" because only one weight moves; the other is held still. It is a rate: how many units the
error moves per unit of $W_1$, right here.
""")

code(r"""
h = 0.001
nudged = (weights.error(W1 + h, W2, X, Y) - weights.error(W1, W2, X, Y)) / h
print(f"Moving W1 from {fmt(W1)} to {fmt(W1 + h)}: the error changes by {fmt(nudged * h)}")
print(f"∂E/∂W1 ≈ {fmt(nudged, 6)}  (per unit of W1)")
""")

md(r"""
We can also get it exactly, with the chain rule. Each row's squared miss $(Y_{\text{pred}} - Y)^2$ changes
with $Y_{\text{pred}}$ at the rate $2\,(Y_{\text{pred}} - Y)$, and $Y_{\text{pred}} = W_1 X_1 + W_2 X_2$
changes with $W_1$ at the rate $X_1$. (That answers lesson 0's puzzle: with $X = 3$, each unit of $W$
moves the prediction, and so the miss, by 3.) Multiply the two rates and average over the rows:

$$
\frac{\partial E}{\partial W_1} = \frac{2}{N}\sum_{i=1}^{N}\left(Y_{\text{pred},i} - Y_i\right) X_{1,i}
\qquad
\frac{\partial E}{\partial W_2} = \frac{2}{N}\sum_{i=1}^{N}\left(Y_{\text{pred},i} - Y_i\right) X_{2,i}
$$

Below we compute the first one by hand and compare with the package's `weights.gradient`, which returns
both partial derivatives.
""")

code(r"""
dE_dW1_by_hand = 2 * np.mean((Y_pred - Y) * X1)
dE_dW1, dE_dW2 = weights.gradient(W1, W2, X, Y)
print(f"∂E/∂W1 by hand:       {fmt(dE_dW1_by_hand, 6)}")
print(f"∂E/∂W1 from nnlesson: {fmt(dE_dW1, 6)}")
print(f"∂E/∂W2 from nnlesson: {fmt(dE_dW2, 6)}")
""")

md(r"""
The nudged estimate ($h = 0.001$) and the exact value agree to about three digits; the smaller $h$, the
closer they get.

**A picture of the derivative.** On the left, the error as $W_1$ changes with $W_2$ held at 2: a slice
through the error. The dashed line is the **tangent** at $W_1 = -2$: its slope *is* $\partial E/\partial
W_1$. On the right, the error over both weights as a contour map (lines of equal error, like a hiking map
of a valley). The dotted line is where the left slice was cut; the arrow points **downhill**, the way
that lowers the error fastest.
""")

code(r"""
w1_values = np.linspace(-4, 4, 161)
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
ax1.plot(w1_values, weights.error_curve(w1_values, W2, X, Y), color=OKABE_ITO["blue"], lw=2,
         label="error E (W2 held at 2)")
ax1.plot(w1_values, weights.tangent_line(W1, W2, X, Y, w1_values), "--", color=OKABE_ITO["vermillion"],
         label=f"tangent: slope ∂E/∂W1 = {fmt(dE_dW1)}")
ax1.plot([W1], [E], "o", color=OKABE_ITO["vermillion"], ms=9, mec="black")
ax1.set_ylim(*weights.curve_limits(X, Y))
ax1.set(xlabel="W1", ylabel="error E (MSE)", title="A slice: the error as W1 changes")
ax1.legend(loc="upper right", frameon=False)
weights.draw_error_map(ax2, X, Y)
ax2.axhline(W2, color=OKABE_ITO["blue"], ls=":", lw=1.2)
start, end = weights.downhill_arrow(W1, W2, X, Y, length=1.5)
ax2.annotate("", xy=end, xytext=start, arrowprops=dict(arrowstyle="-|>", lw=2.2, color=OKABE_ITO["vermillion"]))
ax2.plot([W1], [W2], "o", color=OKABE_ITO["vermillion"], ms=9, mec="black")
ax2.set_title("The error over (W1, W2)")
fig.tight_layout()
plt.show()
""")

md(r"""
## 6. The sign rule

Read the sign of each partial derivative, and you know which way to move that weight:

> If $\partial E/\partial W$ is **positive**, **decreasing** $W$ decreases the error.
>
> If $\partial E/\partial W$ is **negative**, **increasing** $W$ decreases the error.

That is the whole idea of learning. At our guess, $\partial E/\partial W_1$ came out negative (the
tangent slopes down to the right), so $W_1$ should go up; $\partial E/\partial W_2$ came out positive, so
$W_2$ should go down. Let us follow the advice with a small move and check.
""")

code(r"""
print(weights.advice("W1", dE_dW1))
print(weights.advice("W2", dE_dW2))
step = 0.1
W1_new = W1 + step if dE_dW1 < 0 else W1 - step
W2_new = W2 + step if dE_dW2 < 0 else W2 - step
print(f"error at W1 = {fmt(W1)}, W2 = {fmt(W2)}: {fmt(weights.error(W1, W2, X, Y))}")
print(f"error at W1 = {fmt(W1_new)}, W2 = {fmt(W2_new)}: {fmt(weights.error(W1_new, W2_new, X, Y))}")
""")

md(r"""
The derivative is only a *local* promise: it describes the error right here. Move a long way and the
slope changes, as the curve above shows. That is why learning takes many small steps (lesson 2).
""")

md(r"""
## 7. Explore: the weight explorer

Drag the sliders (or click a slider's handle and use the **arrow keys**; click the number beside a slider,
type a value and press **Enter**). The readouts show the error and both partial derivatives with their
signs and the sign rule's advice. On the left, the error as $W_1$ changes with the tangent at your $W_1$;
on the right, the contour map with your point, the dotted slice and the downhill arrow (longer where the
error is steeper).
""")

code(r"""
explorer = WeightExplorer(X, Y, W1=-2.0, W2=2.0)
explorer
""")

md(r"""
**Try this**

1. Using only the readouts' advice (not the map), bring the error below 1. How many moves did it take?
2. Move $W_1$ until $\partial E/\partial W_1$ changes sign. What does the tangent look like there, and
   where is the point on the curve?
3. Now change only $W_2$. The curve on the left moves and its lowest point slides sideways: the best
   $W_1$ depends on $W_2$. Why does that mean we should keep adjusting **both** weights?
4. Find the lowest error you can. What are both derivatives there? Compare with the ★ on the map.
5. Go to a corner, $W_1 = 4$, $W_2 = 4$. Are the derivatives bigger or smaller than near the ★? What does
   that say about the slope far from the bottom of the valley?
6. Watch the arrow as you move: how does it sit against the contour lines?
""")

md(r"""
## 8. Exercises

Each exercise has a function for you to write (replace `raise NotImplementedError` with your code) and a
check cell that tests it on random inputs and answers with a hint. `X1`, `X2` and `Y` are 1-D numpy
arrays of the same length; `W1`, `W2` are numbers.

**Exercise 1.** Write the mean squared error of the two-weight model.
""")

code(r"""
def error(W1, W2, X1, X2, Y):
    # Y_pred = W1·X1 + W2·X2; return the mean of the squared misses
    raise NotImplementedError
""")

code(r"""
lesson1.check_error(error)
""")

md(r"""
**Exercise 2.** Write the partial derivative of the error with respect to $W_1$. The checker compares it
with the error's slope measured numerically (nudging $W_1$), so any correct formula passes.
""")

code(r"""
def dE_dW1(W1, W2, X1, X2, Y):
    # the partial derivative of the error with respect to W1
    raise NotImplementedError
""")

code(r"""
lesson1.check_dE_dW1(dE_dW1)
""")

md(r"""
**Exercise 3 (think, no code).** At $W_1 = 0$, $W_2 = 0$ every prediction is 0. Without computing
anything: is $\partial E/\partial W_1$ there positive or negative? Hint: $Y$ grows with $X_1$ in this data,
and $\partial E/\partial W_1$ averages $2\,(Y_{\text{pred}} - Y)\,X_1$. Check your answer with the
explorer.

<details>
<summary>Solutions (try first!)</summary>

Exercise 1:

```python
def error(W1, W2, X1, X2, Y):
    Y_pred = W1 * X1 + W2 * X2
    return np.mean((Y_pred - Y) ** 2)
```

Exercise 2:

```python
def dE_dW1(W1, W2, X1, X2, Y):
    Y_pred = W1 * X1 + W2 * X2
    return 2 * np.mean((Y_pred - Y) * X1)
```

Exercise 3: negative. With all predictions 0, $Y_{\text{pred}} - Y = -Y$, and $-Y \cdot X_1$ is negative
in most rows, because $Y$ grows with $X_1$: where $X_1$ is positive $Y$ tends to be positive, where $X_1$ is
negative $Y$ tends to be negative. The average is therefore negative. So $\partial E/\partial W_1 < 0$:
increase $W_1$ to lower the error.
</details>
""")

md(r"""
## Summary

- A network turns inputs into $Y_{\text{pred}}$ through its weights; training looks for a good setting of
  the weights.
- The error $E$ summarises, in one number, how far $Y_{\text{pred}}$ is from $Y$ over all rows; here the mean
  squared error. Since $Y_{\text{pred}}$ depends on the weights, **$E$ is a function of the weights**.
- The **partial derivative of the error with respect to $W_1$**, $\partial E/\partial W_1$, is how fast the
  error moves when only $W_1$ moves: the slope of the error curve at the current $W_1$.
- **Sign rule:** positive $\partial E/\partial W$ → decrease $W$; negative → increase $W$. Either way, a small
  step lowers the error.
- Together, the partial derivatives point uphill; the opposite direction, $-(\partial E/\partial W_1,
  \partial E/\partial W_2)$, points downhill.

**Next:** in lesson 2 the computer follows the sign rule for us, step after step: gradient descent.
""")


if __name__ == "__main__":
    NB.write()

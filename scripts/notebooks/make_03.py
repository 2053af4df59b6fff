"""Build notebooks/03_backpropagation.ipynb (lesson 3: backpropagation).

    .venv/bin/python scripts/notebooks/make_03.py
    .venv/bin/python scripts/run_notebooks.py 03
    .venv/bin/python -m pytest notebooks/03_backpropagation.ipynb

The notebook is written without outputs; run_notebooks.py executes it and stores them.
"""

from __future__ import annotations

from builder import Notebook

NB = Notebook("03_backpropagation.ipynb")
md, code = NB.md, NB.code

md(r"""
# Lesson 3 — Backpropagation

*About 60 minutes. Run the cells from top to bottom (Shift + Enter); the stepper needs a running kernel.*

In lessons 1 and 2 every weight sat right next to the output, so its partial derivative was one short
formula. Now we put a **hidden layer** between the inputs and the output. The weights of the first layer
no longer touch the error directly — yet each of them still changes it, so each has a partial derivative.
**Backpropagation** computes all of them, starting at the error and working backwards, one layer at a time.
""")

md(r"""
## What you will learn

- What a network with a **hidden layer** computes: three inputs, hidden neurons with an activation, one output.
- Why **every weight** has a partial derivative of the error, even the ones far from the output.
- How the **chain rule** carries the error's derivative back from the output through each layer.
- The **order**: the last layer's gradients come first, then the layer before it; then every weight is updated.
- That backpropagation runs for **one row**, the weights are updated, then the **next row**; all rows make an
  **epoch**, and training runs several epochs.
- To **see** it: step through one row stage by stage with the actual numbers in every formula.
- To **check** it: backpropagation's gradients agree with gradients measured by nudging each weight.
""")

code(r"""
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import Image

import nnlesson as nl
from nnlesson.lessons import lesson3
from nnlesson.plots import fmt
from nnlesson.widgets import backprop
from nnlesson.widgets.backprop import BackpropStepper

nl.plots.use_style()
%matplotlib inline
""")

md(r"""
## 1. The idea: pass the blame backwards

The network makes a prediction, and it is off by some amount. Which weights are to blame, and by how much?

- The weights of the **last layer** feed the output directly. Their share is easy to work out: how much does
  the error move when one of them moves? That is the partial derivative $\partial E/\partial w$ from lesson 1.
- A weight of the **hidden layer** changes a hidden neuron's output, which changes the output, which changes
  the error. Its effect travels along a chain. The **chain rule** says: multiply the effects along the chain.
- The chains of all hidden weights share their last links (from the output back to each hidden neuron). So we
  compute those once, at the output, and pass them back one layer — that is why it is called
  **back**propagation. With more layers we simply keep passing back, one layer at a time.

Every weight changes the output, so every weight gets a partial derivative, and every weight takes a step.
""")

md(r"""
## 2. The network and the data

Four real penguins from Palmer Station, Antarctica. From the length and depth of the bill and the length of
the flipper (X1, X2, X3) the network predicts the body mass (Y). Every column is **standardised**: minus the
mean of all 342 penguins, divided by their standard deviation, so the numbers are near 0 and easy to read.
""")

code(r"""
X, Y = lesson3.lesson_data()                   # standardised: what the network sees
X_raw, Y_raw = lesson3.lesson_data(raw=True)   # the same penguins in mm and g

print(f"{'row':>3} {'bill length':>11} {'bill depth':>11} {'flipper':>8} {'body mass':>10} | "
      + " ".join(f"{name:>8}" for name in ("X1", "X2", "X3", "Y")))
print(f"{'':>3} {'(mm)':>11} {'(mm)':>11} {'(mm)':>8} {'(g)':>10} | {'(standardised)':>35}")
for i in range(len(X)):
    raw = f"{X_raw[i, 0]:11.1f} {X_raw[i, 1]:11.1f} {X_raw[i, 2]:8.0f} {Y_raw[i, 0]:10.0f}"
    std = " ".join(f"{fmt(v, 3):>8}" for v in list(X[i]) + [Y[i, 0]])
    print(f"{i + 1:>3} {raw} | {std}")
""")

md(r"""
The network: 3 inputs → 2 hidden neurons with a **sigmoid** activation → 1 output with the **identity**
activation (a regression: the output is a number). 6 + 2 weights and 2 + 1 biases: 11 numbers to learn.
""")

code(r"""
net = lesson3.lesson_network()
print(net)
step = lesson3.first_row_step()     # every number of row 1 with the starting weights
Image(backprop.stage_image(step, "input"))
""")

md(r"""
Reading the diagram: each **edge** is a weight. Its colour is its sign (blue negative, vermillion positive),
its width its size, and its value is written on it. The numbers in the **input nodes** are row 1's X1, X2, X3;
the hidden neurons and the output show **?** until the forward pass computes them.
""")

md(r"""
## 3. The math

**Forward pass** for one row. Hidden neuron $j$ (here $j = 1, 2$) adds up its weighted inputs, then applies
the sigmoid; the output neuron does the same with the hidden outputs and the identity:

$$
z_{h_j} = \sum_{i=1}^{3} X_i\, w_{X_i \to h_j} + b_{h_j}, \qquad
a_{h_j} = \sigma(z_{h_j}) = \frac{1}{1 + e^{-z_{h_j}}}, \qquad
Y_{\text{pred}} = z_{\text{out}} = \sum_{j} a_{h_j}\, w_{h_j \to Y} + b_{\text{out}}
$$

**Error** of the row (the mean squared error of one row) and where the chain rule starts:

$$
E = (Y_{\text{pred}} - Y)^2, \qquad \frac{\partial E}{\partial Y_{\text{pred}}} = 2\,(Y_{\text{pred}} - Y)
$$

**Last layer first.** A weight $w_{h_j \to Y}$ reaches the error through $z_{\text{out}}$ and $Y_{\text{pred}}$:

$$
\frac{\partial E}{\partial w_{h_j \to Y}}
= \frac{\partial E}{\partial Y_{\text{pred}}}\cdot\frac{\partial Y_{\text{pred}}}{\partial z_{\text{out}}}\cdot
  \frac{\partial z_{\text{out}}}{\partial w_{h_j \to Y}}
= 2\,(Y_{\text{pred}} - Y)\cdot 1 \cdot a_{h_j}
$$

The identity output has slope 1, and $z_{\text{out}}$ grows by $a_{h_j}$ for each unit of $w_{h_j \to Y}$:
what travels along an edge is what its weight multiplies. For the bias, that factor is 1.

**Then the hidden layer.** A weight $w_{X_i \to h_j}$ reaches the error through $z_{h_j}$, $a_{h_j}$,
$z_{\text{out}}$ and $Y_{\text{pred}}$. The chain starts with the same two factors as for the last layer,
$\partial E/\partial Y_{\text{pred}} \cdot \partial Y_{\text{pred}}/\partial z_{\text{out}} =
\partial E/\partial z_{\text{out}}$, already computed; we reuse that number:

$$
\frac{\partial E}{\partial w_{X_i \to h_j}}
= \underbrace{\frac{\partial E}{\partial z_{\text{out}}}}_{\text{from the last layer}}\cdot
  \underbrace{\frac{\partial z_{\text{out}}}{\partial a_{h_j}}}_{w_{h_j \to Y}}\cdot
  \underbrace{\frac{\partial a_{h_j}}{\partial z_{h_j}}}_{a_{h_j}(1 - a_{h_j})}\cdot
  \underbrace{\frac{\partial z_{h_j}}{\partial w_{X_i \to h_j}}}_{X_i}
$$

The error flows back along the **same weight** $w_{h_j \to Y}$ it came forward on, then through the slope of
the sigmoid, $\sigma'(z) = \sigma(z)\,(1 - \sigma(z)) = a\,(1 - a)$.

**Update**, every weight and bias, with the learning rate lr of lesson 2:
$\; w \leftarrow w - \text{lr}\cdot \partial E/\partial w$.
""")

md(r"""
## 4. The same in code, with `nnlesson`

`net.forward` runs the forward pass; each layer keeps its input `A_prev`, its weighted sums `Z` and its
outputs `A`. `net.backward` runs backpropagation and returns `(dW, db)` for every layer — in
`nnlesson/network.py` you can read it, last layer first, exactly as above. One row is a batch of one.

A note on names: here `W1` and `dW1` belong to the whole first (hidden) layer, and `W2`, `dW2` to the last
layer. (In lessons 1 and 2, $W_1$ and $W_2$ were two single weights.) `dW1` has one row per input and one
column per hidden neuron, so `dW1[0]` holds the gradients of $w_{X_1 \to h_1}$ and $w_{X_1 \to h_2}$;
`dW2[:, 0]` holds those of $w_{h_1 \to Y}$ and $w_{h_2 \to Y}$.
""")

code(r"""
x, y = X[:1], Y[:1]                     # row 1, as a batch of one row
Y_pred = net.forward(x)
hidden, output = net.layers
print("hidden z:", [fmt(v) for v in hidden.Z[0]], "  hidden a:", [fmt(v) for v in hidden.A[0]])
print("Y_pred:", fmt(Y_pred[0, 0]), "  Y:", fmt(y[0, 0]), "  E:", fmt(net.loss(x, y)))

(dW1, db1), (dW2, db2) = net.backward(x, y, loss="mse")
print("∂E/∂w(h1→Y_pred), ∂E/∂w(h2→Y_pred):", [fmt(v) for v in dW2[:, 0]])
print("∂E/∂w(X1→h1), ∂E/∂w(X1→h2):", [fmt(v) for v in dW1[0]])
""")

md(r"""
Now one hidden-layer gradient by hand, factor by factor, with the numbers the layers kept. It must equal the
package's `dW1[0, 0]`, the gradient of $w_{X_1 \to h_1}$:
""")

code(r"""
dE_dz_out = 2 * (Y_pred[0, 0] - y[0, 0]) * 1         # ∂E/∂Y_pred · ∂Y_pred/∂z_out
dE_da_h1 = dE_dz_out * output.W[0, 0]                 # · ∂z_out/∂a_h1 = w(h1→Y_pred)
dE_dz_h1 = dE_da_h1 * hidden.A[0, 0] * (1 - hidden.A[0, 0])   # · σ'(z_h1) = a_h1 (1 − a_h1)
dE_dw = dE_dz_h1 * x[0, 0]                            # · ∂z_h1/∂w(X1→h1) = X1

print("by hand:", fmt(dE_dw), "  net.backward:", fmt(dW1[0, 0]),
      "  equal:", bool(np.isclose(dE_dw, dW1[0, 0], rtol=1e-12, atol=0)))
""")

md(r"""
## 5. Step through it: the backpropagation stepper

The stepper runs the same code (`net.forward`, `net.backward`, `net.update`) on its own copy of `net`, so
`net` itself keeps its starting weights. It goes one row at a time and shows every stage with the actual
numbers plugged into the formulas:

1. a row enters, 2. the hidden layer computes, 3. the output, 4. the error,
5. **the last layer's gradients**, 6. **the hidden layer's gradients**, 7. **the update** (each weight
before → after), then the next row. After the last row, the epoch counter goes up.

Use **Next ▶** and **◀ Back** (or Tab to a button and press Enter/Space). **Next row ▶▶** finishes the row.
The learning rate is `lesson3.LR` = 0.1.

Below the buttons, the stepper says what the numbers on the diagram mean at each stage. In the gradient stages the
numbers in green boxes are the gradients $\partial E/\partial w$; the edge colours and widths still show the weights.
""")

code(r"""
stepper = BackpropStepper(net, X, Y, lr=lesson3.LR,
                          feature_names=["bill length", "bill depth", "flipper length"],
                          target_name="body mass")
stepper
""")

md(r"""
**Try this**

- Before you press Next at stage 4, predict the **sign** of each last-layer gradient. Is $Y_{\text{pred}}$
  too high or too low? Both hidden outputs are positive (a sigmoid's output is always between 0 and 1). So what
  sign does $2\,(Y_{\text{pred}} - Y)\cdot a_{h_j}$ have?
- At stage 6 of row 1, the input weights of h1 and those of h2 get gradients of **opposite signs**, although
  both neurons see the same inputs. Why? (Look at the second factor, $w_{h_j \to Y}$: the other factors have
  the same sign for both neurons.)
- At stage 7, check one weight yourself: before − 0.1 × gradient = after.
- Press **Next row ▶▶** four times: one epoch. Watch the running epoch loss, then the loss over all rows
  recorded after the epoch. Keep going for a few epochs: does it fall?
- Press **◀ Back** across a row boundary: you return to the previous row's update, with the same numbers.
- Run `BackpropStepper(net, X, Y, lr=1e6)` in a new cell and press Next until it stops: a learning rate that is
  far too large makes the weights blow up, and the stepper says so instead of showing nonsense.
""")

md(r"""
Here is the stage of row 1 that the first exercise needs, as a picture (it stays readable without a kernel):
the hidden outputs, the prediction and the error.
""")

code(r"""
Image(backprop.stage_image(step, "error"))
""")

md(r"""
And the hidden layer's gradients of row 1 (stage 6), for reference once you have done exercise 1:
""")

code(r"""
Image(backprop.stage_image(step, "hidden_gradients"))
""")

md(r"""
### Why all gradients come before any update

Look at stage 6 again: the hidden gradients use $w_{h_j \to Y}$ — the **old** value, before this row's update.
Backpropagation first computes every gradient with the weights as they are, then updates all of them at once
(stage 7). The order of the gradients is last layer first, because each layer needs the one after it; the
updates only come after the whole backward pass, so no gradient is computed with a half-updated network.

Some books tell it layer by layer: compute the last layer's gradients and update its weights, then go
back one layer and do the same, and so on to the first layer. That gives exactly the same new weights, as long
as the step back uses each weight **as it was** when the row went forward. Computing every gradient first, as
the stepper and `nnlesson` do, guarantees it.
""")

md(r"""
## 6. Row after row, epoch after epoch

The stepper does, one click at a time, exactly what `nl.train` does with `batch_size=1` (one update per row)
and `shuffle=False` (rows in order). After one epoch of steps, the stepper's weights equal those of
`nl.train(..., epochs=1)` to the last digit (the tests check it to $10^{-12}$). Training simply repeats. The
first line printed below gives the loss over all four rows before training and after the last epoch; the
second, the loss after epoch 1, which the stepper shows after you press **Next row ▶▶** four times:
""")

code(r"""
trained = lesson3.lesson_network()
history = nl.train(trained, X, Y, loss="mse", lr=lesson3.LR, epochs=40, batch_size=1, shuffle=False)
print(history.message)
print("loss after epoch 1:", fmt(history.loss[0]), "— the stepper shows the same after four Next rows")

fig, ax = plt.subplots(figsize=(6, 3.2))
nl.plots.plot_history(history, ax=ax, title="Four penguins, one update per row", ylabel="MSE")
plt.show()
""")

md(r"""
## 7. Check: nudge a weight and watch the error

Is backpropagation right? There is a slow but simple way to measure a partial derivative without any chain
rule: nudge one weight up by a tiny $h$, then down, and watch the error. Lesson 1 nudged only up; nudging
both ways (a *central difference*) is more accurate:

$$
\frac{\partial E}{\partial w} \approx \frac{E(w + h) - E(w - h)}{2h}, \qquad h = 10^{-5}
$$

It needs two forward passes per weight (22 here), backpropagation one forward and one backward pass for all
of them. Side by side for row 1:
""")

code(r"""
rows = lesson3.gradient_table(net, X[:1], Y[:1])
print(f"{'weight':<15}{'backprop':>12}{'numerical':>12}   agree to 1e-8?")
for name, backprop_value, numerical_value in rows:
    agree = abs(backprop_value - numerical_value) < 1e-8
    print(f"{name:<15}{fmt(backprop_value):>12}{fmt(numerical_value):>12}   {'yes' if agree else 'NO'}")
""")

code(r"""
check = nl.gradient_check(net, X, Y)          # all four rows at once, every weight and bias
print("backprop and numerical gradients agree:", check.passed,
      "(largest relative error below", f"{check.tolerance:.0e})" if check.passed else "")
""")

md(r"""
## 8. Exercises

### Exercise 1 — a last-layer gradient by hand

From the numbers on the picture of stage 4 above (row 1, starting weights: $Y_{\text{pred}}$, $Y$ and the hidden
outputs), compute $\partial E/\partial w_{h_2 \to Y}$ — the gradient of the weight from **h2** to the output —
with a calculator or in Python, factor by factor. Then run the check. (The answer is printed in sections 4 and 7 and shown at stage 5 of
the stepper: work it out first, then compare.)
""")

code(r"""
answer = ...   # your number, e.g. answer = 0.25
lesson3.check_output_gradient(answer)
""")

md(r"""
### Exercise 2 — write backpropagation yourself

Write `backward` for a network with one sigmoid hidden layer and an identity output, trained with the mean
squared error over the $N$ rows of `X`. Shapes: `X` is (N, n_in), `Y` (N, n_out), `W1` (n_in, n_hidden),
`b1` (n_hidden,), `W2` (n_hidden, n_out), `b2` (n_out,). Return `dW1, db1, dW2, db2` with the shapes of
`W1, b1, W2, b2`.

Hints: forward first (keep `A1`); then $\partial E/\partial Z_2 = 2\,(Y_{\text{pred}} - Y)/N$; every
$\partial E/\partial W$ is (the layer's input)ᵀ · $\partial E/\partial Z$; every $\partial E/\partial b$ is
$\partial E/\partial Z$ summed over the rows. The checker compares your answer with `nnlesson` and with
numerical gradients on random networks.
""")

code(r"""
def backward(X, Y, W1, b1, W2, b2):
    # forward: Z1, A1 = sigmoid(Z1), Y_pred
    # backward: dZ2, dW2, db2, then dA1, dZ1, dW1, db1
    raise NotImplementedError
""")

code(r"""
lesson3.check_backward(backward)
""")

md(r"""
<details>
<summary>Solutions (try first!)</summary>

Exercise 1: $\partial E/\partial w_{h_2 \to Y} = 2\,(Y_{\text{pred}} - Y)\cdot 1\cdot a_{h_2}$. With the
numbers of row 1:

```python
answer = 2 * (0.0447 - (-1.19)) * 1 * 0.347     # ≈ 0.857
```

With the unrounded numbers it is 0.8553, the value in sections 4 and 7; numbers read off a picture are
rounded, so the check accepts anything within 1 %.

Exercise 2:

```python
def backward(X, Y, W1, b1, W2, b2):
    N = len(X)
    A1 = 1 / (1 + np.exp(-(X @ W1 + b1)))      # hidden outputs
    Y_pred = A1 @ W2 + b2                      # identity output
    dZ2 = 2 * (Y_pred - Y) / N                 # ∂E/∂Z2 = ∂E/∂Y_pred · 1
    dW2 = A1.T @ dZ2                           # last layer first
    db2 = dZ2.sum(axis=0)
    dA1 = dZ2 @ W2.T                           # back along the same weights
    dZ1 = dA1 * A1 * (1 - A1)                  # through the sigmoid
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0)
    return dW1, db1, dW2, db2
```
Compare it with `Network._backward` in `nnlesson/network.py`: the same lines, written for any number of layers.
</details>
""")

md(r"""
## Summary

- A network with a hidden layer computes layer by layer: weighted sums $z$, activations $a$, then the output.
- **Every weight** changes the output, so every weight has a partial derivative of the error.
- The **chain rule** multiplies the local slopes along the path from the error back to a weight:
  $\partial E/\partial w = \partial E/\partial Y_{\text{pred}} \cdot \ldots \cdot$ (what travels along that edge).
- **Last layer first**: its gradients need only the error; the layer before reuses them, passed back along the
  same weights and through the activation's slope. Then every weight is updated with
  $w \leftarrow w - \text{lr}\cdot\partial E/\partial w$.
- Backpropagation runs for **one row**, the weights are updated, then the **next row**; all rows are one
  **epoch**; training runs several epochs (`nl.train(..., batch_size=1)`).
- Numerical gradients (nudge a weight, watch the error) agree with backpropagation: the check that it is right.

**Next:** lesson 4 trains a network on all the penguins, a regression with the mean squared error, and reads
its error back in grams.
""")


if __name__ == "__main__":
    NB.write()

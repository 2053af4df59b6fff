"""Build notebooks/06_capstone_digits.ipynb (lesson 6: the capstone, a handwritten-digit reader).

    .venv/bin/python scripts/notebooks/make_06.py
    .venv/bin/python scripts/run_notebooks.py 06
    .venv/bin/python -m pytest notebooks/06_capstone_digits.ipynb

The notebook is written without outputs; run_notebooks.py executes it and stores them.
"""

from __future__ import annotations

from builder import Notebook

NB = Notebook("06_capstone_digits.ipynb")
md, code = NB.md, NB.code

md(r"""
# Lesson 6 — Capstone: a handwritten-digit reader from scratch

*About 45 minutes. Run the cells from top to bottom (Shift + Enter); the explorer at the end needs a running
kernel.*

Every idea of this series, on one real task: a network that looks at a small picture of a handwritten
digit and says which digit it is. Nothing here is new. It is lessons 1–5 working together, on ten classes
instead of three and 64 inputs instead of two.
""")

md(r"""
## What you will learn

- How an image becomes a row of inputs: 8 × 8 = 64 pixels, one input each.
- How to prepare the data: scale the pixels, split the digits into training and test rows, one-hot encode
  the labels.
- How to build and train a 64 → 64 → 10 network with a softmax output and cross-entropy, by
  backpropagation, one row at a time, for a number of epochs — and watch the loss and accuracy live.
- How to see **what the network learned** (its probabilities, a confusion matrix, its hidden neurons'
  weights) and **where it still fails**.
- How to poke at it yourself: pick a test digit or draw one, pixel by pixel, and watch the probabilities.
""")

code(r"""
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import Image, display

import nnlesson as nl
from nnlesson.lessons import capstone
from nnlesson.widgets import digits

nl.plots.use_style()
%matplotlib inline
""")

md(r"""
## 1. The task: 1,797 handwritten digits

People wrote digits on forms; the forms were scanned and each digit shrunk to an 8 × 8 square. Each square holds
64 numbers: how much ink fell in that cell, from 0 (white paper) to 16 (solid ink). That is all the
network gets to see. Here is one example of every digit, with its pixel values for the first one:
""")

code(r"""
data = nl.load_digits()
print(f"{len(data.X)} digits, {data.X.shape[1]} pixels each, values from {data.X.min():g} to {data.X.max():g}")
print("how many of each digit:", np.bincount(data.y))

fig, axes = plt.subplots(1, 10, figsize=(10, 1.6))
for d, ax in enumerate(axes):
    first = np.flatnonzero(data.y == d)[0]
    digits.draw_digit(ax, data.X[first], f"label {d}")
plt.show()

print("The 0 above as the 8 × 8 numbers the network reads:")
print(data.X[np.flatnonzero(data.y == 0)[0]].reshape(8, 8).astype(int))
""")

md(r"""
Can you see the 0 in the numbers? The network never sees a picture: it sees those 64 numbers in a row,
$X_1, X_2, \dots, X_{64}$, read row by row from the top left. Whatever "roundness" or "a stroke across
the top" means, it has to find it in the weights it gives each pixel.
""")

md(r"""
## 2. Preparing the data

Three steps, each from an earlier lesson.

**Scale the pixels.** Lesson 4 standardised the inputs so that no feature dwarfs the others and the
starting weights (drawn with a spread that assumes inputs of spread about 1) are neither too small nor
too big. Pixels need care:

- *Divide by 16* puts every pixel between 0 and 1. Simple, but the pixels' spread is then only about 0.4,
  and the first layer learns slowly.
- *A Standardizer per pixel* (`nl.Standardizer`, lesson 4) gives each of the 64 columns mean 0 and spread 1.
  But a pixel near the left edge is almost always blank: its spread is tiny, so one stroke of ink there
  becomes an input of several hundred and drowns out every other pixel.
- *One mean and one spread for all pixels*: $X_{\text{scaled}} = (X - \mu)/\sigma$, where $\mu$ and
  $\sigma$ are the mean and standard deviation of **every** pixel value of the training images together.
  Inputs get mean 0 and spread 1, and every pixel keeps the same ruler. This is what we use
  (`capstone.PixelScale`).
""")

code(r"""
split = capstone.split_digits(test_fraction=0.25, seed=0)
print(split)

edge = 8 * 7 + 0   # the pixel at row 7, column 0 (bottom left)
per_pixel = nl.Standardizer().fit(split.X_train)
one_ink_stroke = np.zeros((1, 64))
one_ink_stroke[0, edge] = 16
print(f"bottom-left pixel inked (16): per-pixel Standardizer gives "
      f"{per_pixel.transform(one_ink_stroke)[0, edge]:.0f}, "
      f"one PixelScale gives {split.scale.transform(one_ink_stroke)[0, edge]:.2f}")
print(f"spread of the inputs: pixels / 16 → {(split.X_train / 16).std():.2f}, "
      f"PixelScale → {split.Xs_train.std():.2f}")
""")

md(r"""
**Split into training and test digits.** We keep a quarter of the digits aside, chosen at random
(seeded) but *stratified*: each digit keeps the same share in both parts. The network trains only on
the training digits; the test digits tell us how well it reads digits it has never seen. The scale
($\mu$, $\sigma$) is measured on the training digits only, for the same reason.

**One-hot encode the labels** (lesson 5). Digits are classes, not quantities: a 7 is not "more" than a 3.
Each label becomes a row of ten numbers with a single 1 at the digit's position.
""")

code(r"""
print(f"{len(split.X_train)} training digits, {len(split.X_test)} test digits")
print(f"training shares: {np.round(np.bincount(split.labels_train) / len(split.labels_train), 3)}")
print(f"test shares:     {np.round(np.bincount(split.labels_test) / len(split.labels_test), 3)}")
print(f"the first training digit is a {split.labels_train[0]}; one-hot: {split.Y_train[0].astype(int)}")
""")

md(r"""
## 3. The network and the math

The network has 64 inputs (one per pixel), one hidden layer of 64 neurons with the ReLU activation, and
10 outputs with a softmax, one per digit. For a row of pixels $X$ (shape 1 × 64; $N$ rows
stacked give shape $N$ × 64):

$$
Z_1 = X W_1 + b_1,\qquad A_1 = \mathrm{relu}(Z_1),\qquad Z_2 = A_1 W_2 + b_2,\qquad
P = \mathrm{softmax}(Z_2),\quad P_k = \frac{e^{Z_{2,k}}}{\sum_{j=0}^{9} e^{Z_{2,j}}}
$$

$P_k$ is the network's probability that the digit is $k$; the ten add up to 1. The error is the
cross-entropy with the one-hot truth $Y$ (lesson 5), averaged over the $N$ rows:

$$
E = -\frac{1}{N}\sum_{n=1}^{N} \sum_{k=0}^{9} Y_{n,k}\,\ln P_{n,k}
  = -\frac{1}{N}\sum_{n=1}^{N}\ln P_{n,\text{true digit}}
$$

Backpropagation (lesson 3) starts at the layer closest to the error. For softmax with cross-entropy the
chain rule collapses to $\partial E/\partial Z_2 = (P - Y)/N$; from there

$$
\frac{\partial E}{\partial W_2} = A_1^\top \frac{\partial E}{\partial Z_2},\qquad
\frac{\partial E}{\partial Z_1} = \Big(\frac{\partial E}{\partial Z_2} W_2^\top\Big)\odot \mathrm{relu}'(Z_1),\qquad
\frac{\partial E}{\partial W_1} = X^\top \frac{\partial E}{\partial Z_1}
$$

Here $\odot$ multiplies entry by entry, and $\mathrm{relu}'(Z_1)$ is 1 where $Z_1 > 0$ and 0 elsewhere
(ReLU is $\mathrm{relu}(z) = \max(0, z)$). Each bias gradient $\partial E/\partial b$ is its layer's
$\partial E/\partial Z$ summed over the rows. Then every weight and bias takes a gradient-descent step
(lesson 2): $W \leftarrow W - \text{lr}\cdot\partial E/\partial W$.
With `batch_size = 1` that happens after **every row**; one pass over all training rows is an **epoch**.

Here are the settings the lesson starts from:
""")

code(r"""
settings = dict(capstone.DEFAULTS)
for name, value in settings.items():
    print(f"{name:>14} = {value}")
net = capstone.build_network(settings)
print(net)
""")

md(r"""
Before training, the network is a guesser: its weights are random, so it spreads its probability over all
ten digits, roughly $1/10$ each, and the cross-entropy starts near $-\ln(1/10) = \ln 10 \approx 2.30$. (Below
it starts at 2.65: a random start is not perfectly even, and it is a little too sure of some wrong digits.)

## 4. Training, live

The left plot shows the cross-entropy after each epoch on the training digits (blue) and on the test
digits (orange, dashed); the right plot shows the share of digits read right. The figure is redrawn after
every epoch.
""")

code(r"""
monitor = digits.TrainingMonitor(split, epochs=settings["epochs"])
display(monitor)
result = capstone.train_digits(settings, split=split, callback=monitor.callback, progress=True)
print(result.history.message)
print(f"training accuracy: {result.train_accuracy:.2%}")
print(f"test accuracy:     {result.test_accuracy:.2%} "
      f"({round(result.test_accuracy * len(split.X_test))} of {len(split.X_test)} unseen digits read right)")
""")

md(r"""
The finished curves as a still image, for reading without a kernel:
""")

code(r"""
Image(monitor.view.png())
""")

md(r"""
Things to notice:

- After one epoch (1,347 small steps) the network already reads most test digits. Per-row updates make
  many small steps per epoch.
- The training loss keeps falling towards 0: the network learns its training digits by heart (100%
  right). The test loss stops falling after about five epochs, near 0.09. Past that point, extra epochs
  only polish the training digits; they do not teach the network more about digits in general.
- The gap between training and test accuracy is the price of learning from only about 135 examples
  of each digit.

**Per row or mini-batch?** With `batch_size=32` the same network makes about 32 times fewer updates per
epoch. Each update averages the gradients of 32 rows, so it is steadier and can be bigger (`lr = 0.1`):
""")

code(r"""
runs = [result]                                  # per row: the run above
for epochs in (20, 60):                          # mini-batches of 32 rows
    runs.append(capstone.train_digits(settings, split=split, batch_size=32, lr=0.1, epochs=epochs))
for run in runs:
    s = run.settings
    print(f"batch_size={s['batch_size']:>2}, lr={s['lr']:<4}, {s['epochs']:>2} epochs: "
          f"{run.history.steps_run:>6} updates, test accuracy {run.test_accuracy:.2%}")
""")

md(r"""
Per-row updates take many small, noisy steps; mini-batches take fewer, averaged ones. On this task both
end up reading about 97% of the test digits, and more epochs of mini-batches do not close the last
gap. Large networks are trained in mini-batches because a computer can process a batch of rows at once
almost as fast as one row; the lessons use per-row updates because each step is easy to follow.

## 5. What it thinks: probabilities for test digits

For each test digit below: its label, the network's guess (✓ right, ✗ wrong), and its three most likely
digits with their probabilities. Most guesses are near-certain. Look at the ones that are not.
""")

code(r"""
gallery = digits.gallery_data(result.net, split.scale, split.X_test, split.labels_test, range(12))
fig = plt.figure(figsize=(10, 5.4))
digits.draw_gallery(fig, gallery)
plt.show()
""")

md(r"""
## 6. The confusion matrix

Row $i$, column $j$ counts the test digits labelled $i$ that the network read as $j$. Right answers sit on
the diagonal; every number off the diagonal is a kind of mistake. The accuracy is the diagonal's sum
divided by the total.
""")

code(r"""
guesses = result.net.forward(split.Xs_test).argmax(axis=1)
C = digits.confusion_matrix(split.labels_test, guesses, 10)
fig, ax = plt.subplots(figsize=(5.8, 5.2))
digits.draw_confusion(ax, C)
plt.show()

per_digit = np.diag(C) / C.sum(axis=1)
print("share read right, per digit:", ", ".join(f"{d}: {p:.0%}" for d, p in enumerate(per_digit)))
off = C - np.diag(np.diag(C))
i, j = np.unravel_index(off.argmax(), off.shape)
print(f"most common mistake: {digits.a(i)} read as {digits.a(j)} ({off[i, j]} times)")
""")

md(r"""
## 7. What the hidden neurons look for

Each hidden neuron adds up the 64 pixels, each times its own weight. Drawn as an 8 × 8 picture, those 64
weights show what the neuron looks for: orange where ink **excites** it, purple where ink **inhibits** it,
white where it does not care. The title says the neuron's number and which digit its outgoing weights
favour most ("12: → 5").
""")

code(r"""
fig = plt.figure(figsize=(10, 9.2))
digits.draw_hidden_weights(fig, result.net)
fig.suptitle("Incoming weights of the 64 hidden neurons after training", y=0.99)
plt.show()
""")

md(r"""
They look noisy. The weights started random (lesson 3) and training moved them only part of the way:
what you see is still mostly the random start. To see what training **added**, subtract the starting
weights (the same seeded network, rebuilt) and show the 16 neurons that changed most:
""")

code(r"""
start = capstone.build_network(settings)      # the same seed: the weights before training
units = digits.most_changed_units(result.net, start, n=16)
fig = plt.figure(figsize=(10, 2.9))
digits.draw_hidden_weights(fig, result.net, start=start, units=units)
fig.suptitle("What training changed: W after − W before (the 16 neurons that changed most)", y=1.02)
plt.show()
""")

md(r"""
Now structure shows: patches of orange where some digits put ink and others do not, purple where ink
argues against the neuron. Compare a picture with the digit in its title: sometimes you can make out part of
that digit's shape. No one told the network to look for strokes or loops; these are the patterns that
lowered the cross-entropy.

Some neurons barely changed. ReLU explains it: a neuron whose weighted sum is negative outputs 0, and
then its derivative is 0 too, so that digit teaches it nothing. The neurons that changed least are the
ones that fire (output above 0) for only a few training digits:
""")

code(r"""
A1 = np.maximum(split.Xs_train @ result.net.layers[0].W + result.net.layers[0].b, 0)   # hidden outputs
fires = (A1 > 0).mean(axis=0)                    # share of training digits each neuron fires for
least = digits.most_changed_units(result.net, start, n=64)[-4:]
for u in least:
    print(f"neuron {u:>2} changed little: it fires for {fires[u]:.0%} of the training digits")
print(f"a typical neuron fires for {np.median(fires):.0%} of them")
""")

md(r"""
## 8. Where it still fails

Every test digit the network reads wrong, with its label, the guess and the top three probabilities:
""")

code(r"""
wrong = digits.mistakes(result.net, split.scale, split.X_test, split.labels_test)
print(f"{len(wrong)} of {len(split.X_test)} test digits read wrong")
fig = plt.figure(figsize=(10, 2.7 * -(-len(wrong) // 6)))
digits.draw_gallery(fig, wrong)
plt.show()
""")

md(r"""
Some of these would puzzle a person too: at 8 × 8 pixels a 1 with a foot and a 2 are close. Others are
plain mistakes — the network has seen only about 135 examples of each digit, from a limited number of
writers, and an unusual slant or thickness is enough to push a digit across a boundary. Notice how often
the right answer is the **second** guess, and how sure the network can be while wrong: a probability is
not a guarantee.
""")

md(r"""
## 9. The digit explorer

Pick a test digit with the slider (click the handle, then use the arrow keys), or jump to one of the
mistakes with the menu. Click pixels on the 8 × 8 grid to change them: each click cycles 0 → 8 → 16 → 0
(Tab to a pixel and press Enter or Space to do it from the keyboard). The bars show the network's ten
probabilities for exactly the pixels on the grid; the guess is in orange, and the digit's true label has a
thick outline.
""")

code(r"""
explorer = digits.DigitExplorer(result.net, split, index=3)
explorer
""")

md(r"""
**Try this**

1. Step through test digits with the arrow keys. How often is the top bar above 99%? Find one where it
   is not: what makes that digit ambiguous?
2. The explorer opens on test digit #3, a 6. Add ink to close its top into a loop, pixel by pixel. After
   how many pixels does it become a 0 or an 8? Which probability rises first?
3. Press **clear** and draw a 1: one vertical stroke down the middle. Then move the stroke one column to
   the left. Does the network still read a 1? (It has only seen digits roughly centred.)
4. Open a mistake from the menu and fix it by changing as few pixels as you can.
5. Clear the grid. The network must still pick a digit for an empty picture — and softmax forces the ten
   probabilities to add up to 1. What would you add to a real system so it can say "this is not a digit"?
""")

md(r"""
## 10. Exercises

Each check cell says whether your answer is right and, if not, gives a hint. The solutions are hidden
below each exercise: try first.

**Exercise 1 — read one digit.** Write `digit_probabilities(pixels)`: given one digit's 64 raw pixels
(0–16), return the network's ten probabilities. Use `result.net` and `split.scale`. *Hint:* the network
was trained on scaled rows of shape (1, 64).
""")

code(r"""
def digit_probabilities(pixels):
    raise NotImplementedError  # replace this line with your code

capstone.check_digit_probabilities(digit_probabilities, result.net, split.scale, split.X_test)
""")

md(r"""
<details>
<summary>Solution</summary>

```python
def digit_probabilities(pixels):
    X = split.scale.transform(pixels.reshape(1, 64))   # the same scale as the training rows
    return result.net.forward(X)[0]                    # forward ends with softmax: 10 probabilities
```
</details>
""")

md(r"""
**Exercise 2 — count the confusions.** Write `confusion(true_labels, predicted_labels)` that returns a
10 × 10 array `C` where `C[i, j]` counts the rows with true label `i` and guess `j`. *Hint:* start from
`np.zeros((10, 10))` and loop over the pairs with `zip`.
""")

code(r"""
def confusion(true_labels, predicted_labels):
    raise NotImplementedError  # replace this line with your code

capstone.check_confusion(confusion)
""")

md(r"""
<details>
<summary>Solution</summary>

```python
def confusion(true_labels, predicted_labels):
    C = np.zeros((10, 10))
    for t, p in zip(true_labels, predicted_labels):
        C[t, p] += 1
    return C
```
</details>
""")

md(r"""
**Exercise 3 — accuracy from the matrix.** Using the confusion matrix `C` of section 6, compute the test
accuracy (a number between 0 and 1) and put it in `my_accuracy`.
""")

code(r"""
my_accuracy = None   # replace None with an expression using C

capstone.check_accuracy_from_confusion(my_accuracy, C)
""")

md(r"""
<details>
<summary>Solution</summary>

`my_accuracy = np.trace(C) / C.sum()`: the diagonal holds the digits read right, and the sum of all
cells is the number of test digits.
</details>
""")

md(r"""
**Going further.** Change one setting at a time in `settings` (for instance `hidden=16`,
`activation="sigmoid"`, `lr=0.2`, or `epochs=5`) and re-run from section 4. Which change costs the most
accuracy? Which one stops the network learning at all?

## Summary

- An image is a row of numbers: 64 pixels in, ten probabilities out.
- Prepare the data as in every lesson: scale the inputs (one mean and spread for all pixels, fitted on the
  training rows), split off test rows (stratified), one-hot encode the labels.
- A 64 → 64 → 10 network with a softmax output, trained with cross-entropy and backpropagation, one row
  at a time for 20 epochs, reads more than 97% of digits it has never seen.
- The test loss stops improving long before the training loss: the test digits, not the training
  digits, say how good a network is.
- The confusion matrix, the hidden neurons' weights and the mistakes show what it learned: strokes and
  loops, found by gradient descent alone, and where it fails: unusual handwriting, ambiguous shapes,
  and pictures that are not digits at all.

That is the whole story of this series: an error, its partial derivatives, small steps downhill, the
chain rule backwards through the layers, and the right loss for the task. The same loop, scaled up,
trains the networks that read handwriting in post offices.
""")


if __name__ == "__main__":
    NB.write()

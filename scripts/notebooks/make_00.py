"""Build notebooks/00_start_here.ipynb (lesson 0: start here).

    .venv/bin/python scripts/notebooks/make_00.py
    .venv/bin/python scripts/run_notebooks.py 00
    .venv/bin/python -m pytest notebooks/00_start_here.ipynb

The notebook is written without outputs; run_notebooks.py executes it and stores them.
"""

from __future__ import annotations

from builder import Notebook

NB = Notebook("00_start_here.ipynb")
md, code = NB.md, NB.code

md(r"""
# Start here: how a neural network learns

*About 15 minutes.*

Welcome. These lessons show, step by step and with your own hands on the controls, how a neural network
learns: how it measures its error, how it finds out which way to change each weight, and how it repeats
that until it gets good at a task. No previous machine learning is needed. You should be comfortable with
a little Python (variables, functions, `for` loops) and with the idea of a slope from school maths.
""")

md(r"""
## What you will learn here

- What the series covers, and roughly how long each lesson takes.
- How to run the code cells of a notebook.
- How to use the interactive controls with the mouse **and** the keyboard (you will practise on one).
- Where the code behind each lesson lives, so you can read it.
""")

md(r"""
## The lessons

| # | Notebook | What you will do | Time |
|---|---|---|---|
| 0 | `00_start_here` | this page: how the notebooks and controls work | 15 min |
| 1 | `01_error_and_derivatives` | measure how wrong a tiny network is; drag two weights and watch the error and its partial derivatives | 40 min |
| 2 | `02_gradient_descent` | let the computer follow the derivatives downhill; too small, good and too large learning rates; epochs | 45 min |
| 3 | `03_backpropagation` | a network with a hidden layer; the chain rule carries the error back, last layer first | 60 min |
| 4 | `04_regression_mse` | predict a number (a penguin's mass) from real data with the mean squared error | 40 min |
| 5 | `05_classification_softmax` | predict a class: one-hot labels, softmax, cross-entropy, decision regions | 45 min |
| 6 | `06_capstone_digits` | everything together: a network that reads handwritten digits | 45 min |

The times are for a first pass that runs every cell, tries the "Try this" prompts and does the exercises.
Allow about five hours in all, in several sittings: each lesson stands on the one before, so take them in
order. If you also open the package code or change the examples (please do), add time.
""")

md(r"""
## How to run the cells

A notebook is a list of **cells**. Text cells, like this one, explain. **Code cells** (with `[ ]:` beside
them) hold Python that you run:

- Click a code cell and press **Shift + Enter**: it runs, and the cursor moves to the next cell.
- While a cell runs it shows `[*]`; when it is done, a number such as `[3]` (the order cells ran in).
- **Run the cells from top to bottom.** Later cells use what earlier cells made. To run everything:
  menu *Run → Run All Cells*.
- If something behaves oddly (say, you ran cells out of order): *Kernel → Restart Kernel and Run All
  Cells* starts afresh.
- The stored notebooks already show their outputs, so you can read a lesson without running it. The
  interactive controls, though, only respond when the notebook's code is running (a "kernel").

Try it: click the cell below and press Shift + Enter.
""")

code(r"""
print("Hello! This cell ran. 2 + 3 =", 2 + 3)
""")

md(r"""
Every lesson starts by importing the lessons' package, `nnlesson`, under the short name `nl`:
""")

code(r"""
import nnlesson as nl
from nnlesson.widgets.weights import WarmUp

print("nnlesson", nl.__version__, "is ready")
""")

md(r"""
## How to use the controls

The lessons have **explorers**: sliders, buttons and readouts that redraw a figure the moment you change
something.

- **Slider, with the mouse:** drag its handle.
- **Slider, with the keyboard:** click the handle once (or press **Tab** until it is highlighted), then press
  the **arrow keys** (← →) to move it one step at a time.
- **Type an exact value:** click the number to the right of the slider, type a new value, press **Enter**.
  Values outside the slider's range are set to its nearest end.
- **Buttons** (such as *Step*, *Run*, *Reset* in lesson 2): click them, or Tab to them and press **Enter** or
  **Space**.
- **Readouts** next to the controls show the numbers and say in words what they mean. When something goes
  wrong on purpose (a step that is far too large, say), a status line tells you what happened instead of
  showing nonsense.

### Practise: one weight

Here is the smallest model there is: one weight $W$ and one row of data. The prediction is
$Y_{\text{pred}} = W \cdot X$ with $X = 3$, and the true answer is $Y = 6$. The *miss* is
$Y_{\text{pred}} - Y$.
""")

code(r"""
warm_up = WarmUp(W=0.5)
warm_up
""")

md(r"""
**Try this**

1. Drag the handle with the mouse until the miss is 0.
2. Now use only the keyboard: click the handle, then press ← a few times. How much does $W$ change per key
   press? How much does $Y_{\text{pred}}$ change?
3. Click the number beside the slider, type `-1.5` and press Enter. Is the prediction too high or too low?
4. A puzzle for lesson 1: the miss changes by 3 for every 1 that $W$ moves. Why 3?

You have just done, by hand, what training does: changed a weight until the prediction matched the truth.
With two weights, twenty rows and a single number for the error, it gets more interesting. That is
lesson 1.
""")

md(r"""
## The lessons and the package

The notebooks keep their code short by importing `nnlesson`, a small package written to be read. Every
computation an explorer shows is a plain function you can call, print or open. Where to look:

| Lesson | In the package |
|---|---|
| 1 Error and partial derivatives | `nnlesson/losses.py` (`mse`, `mse_gradient`), `nnlesson/widgets/weights.py`, `nnlesson/lessons/lesson1.py` |
| 2 Gradient descent | `nnlesson/widgets/descent.py`, `nnlesson/training.py` (`train`), `nnlesson/lessons/lesson2.py` |
| 3 Backpropagation | `nnlesson/network.py` (`Network.backward`), `nnlesson/gradcheck.py`, `nnlesson/widgets/backprop.py` |
| 4 Regression and MSE | `nnlesson/losses.py`, `nnlesson/data.py` (`load_penguins`, `Standardizer`), `nnlesson/widgets/regression.py` |
| 5 Classification | `nnlesson/activations.py` (`softmax`, `sigmoid`), `nnlesson/losses.py` (`cross_entropy`), `nnlesson/data.py` (`one_hot`), `nnlesson/widgets/classifier.py` |
| 6 Capstone | `nnlesson/data.py` (`load_digits`), everything above |

The self-checks of the exercises live in `nnlesson/exercises.py` and `nnlesson/lessons/`. To read a
function without leaving the notebook, put `??` after its name in a code cell (for example `nl.mse??`), or
print its source:
""")

code(r"""
import inspect

print(inspect.getsource(nl.mse))
""")

md(r"""
That is the whole mean squared error, which lesson 1 explains. The package's own code is a good second
textbook: short functions, each with a docstring that names its maths.
""")

md(r"""
## Summary

- Seven lessons, about five hours in all, each building on the one before: take them in order.
- **Shift + Enter** runs a cell; run them from top to bottom; *Restart Kernel and Run All Cells* fixes most
  oddities.
- Sliders work with the mouse, the **arrow keys** (after clicking the handle or pressing Tab), or by typing
  into the number beside them and pressing **Enter**.
- The code behind every lesson is in the `nnlesson` package, written to be read.

**Next:** open `01_error_and_derivatives.ipynb`.
""")


if __name__ == "__main__":
    NB.write()

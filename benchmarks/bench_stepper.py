"""How long a stage change of the backpropagation stepper takes in the kernel.

    .venv/bin/python benchmarks/bench_stepper.py

A stage change is what one click on Next (or Back) does: compute the stage's numbers and
formulas, update the diagram's artists, redraw it (blitting; a full redraw when the row
changes) and encode the PNG sent to the browser. Goal: median ≤ 20 ms.

Wall time depends on what else runs on the machine, so CPU time of this process is
printed too (on a shared, loaded machine wall time can be twice the CPU time).
"""

from __future__ import annotations


import numpy as np

from nnlesson.lessons import lesson3
from nnlesson.widgets.backprop import BackpropStepper
from timing import time_calls  # noqa: E402

N_CHANGES = 200
GOAL_MS = 20.0


def main():
    X, Y = lesson3.lesson_data()
    stepper = BackpropStepper(lesson3.lesson_network(), X, Y, lr=lesson3.LR)
    for _ in range(10):                                   # warm up fonts and caches
        stepper.next()
    stepper.reset()

    cases = {
        "Next ×200 (across rows and epochs)": lambda i: stepper.next(),
        "Back ×200": lambda i: stepper.back(),
        "Next/Back alternating ×200": lambda i: stepper.next() if i % 2 == 0 else stepper.back(),
    }
    print(f"Backpropagation stepper: time of one stage change ({N_CHANGES} changes per case, "
          f"figure {stepper.view.canvas.get_width_height()[0]}×{stepper.view.canvas.get_width_height()[1]} px)\n")
    print("| case | median wall (ms) | p95 wall (ms) | median CPU (ms) | p95 CPU (ms) | goal |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for name, action in cases.items():
        wall, cpu = time_calls(action, N_CHANGES)
        ok = "met" if np.median(wall) <= GOAL_MS else ("met in CPU time" if np.median(cpu) <= GOAL_MS else "missed")
        print(f"| {name} | {np.median(wall):.1f} | {np.percentile(wall, 95):.1f} | {np.median(cpu):.1f} | "
              f"{np.percentile(cpu, 95):.1f} | ≤ {GOAL_MS:g} ms: {ok} |")
    wall, cpu = time_calls(lambda i: stepper.readouts(), N_CHANGES)
    print(f"| readouts() alone | {np.median(wall):.2f} | {np.percentile(wall, 95):.2f} | {np.median(cpu):.2f} | "
          f"{np.percentile(cpu, 95):.2f} | |")
    print(f"\n(epoch reached: {stepper.epoch}; renders: {stepper.view.renders})")


if __name__ == "__main__":
    main()

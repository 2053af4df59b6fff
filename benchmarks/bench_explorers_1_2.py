"""Speed of lessons 1 and 2's explorers: from a control change to new readouts and a new picture.

    .venv/bin/python benchmarks/bench_explorers_1_2.py [--changes 200]

Setting a control's `.value` in Python runs the explorer's observer synchronously: it recomputes
the readouts, moves the figure's artists and re-renders the PNG (FigureView.render). The time of
that assignment is therefore the kernel-side latency of one change. Goal: median ≤ 20 ms and
95th percentile ≤ 40 ms for each explorer. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nnlesson.lessons.lesson2 import LEARNING_RATES  # noqa: E402
from nnlesson.widgets import DescentPlayer, WeightExplorer  # noqa: E402
from timing import time_calls  # noqa: E402

GOAL_MEDIAN, GOAL_P95 = 20.0, 40.0


def bench_weights(n):
    e = WeightExplorer()
    e.W1_slider.value = -1.0  # warm up: first render after construction
    values = np.round(np.linspace(-4, 4, 81), 1)
    renders = e.view.renders

    def action(i):
        slider = e.W1_slider if i % 2 == 0 else e.W2_slider
        v = float(values[(i * 7) % len(values)])
        if slider.value == v:
            v = float(values[(i * 7 + 1) % len(values)])
        slider.value = v

    def check(i):
        r = e.readouts()
        assert r["W1"] == e.W1_slider.value and r["W2"] == e.W2_slider.value

    times = time_calls(action, n, check=check)
    assert e.view.renders == renders + n, "every change must re-render the figure"
    return times


def bench_descent_lr(n):
    """Change the learning rate (the player restarts), as a learner does between runs."""
    p = DescentPlayer()
    p.lr_slider.value = 0.3
    p.run_button.click()
    order = list(LEARNING_RATES)

    def action(i):
        current = p.lr_slider.value
        p.lr_slider.value = next(r for r in order[i % len(order):] + order if r != current)

    def check(i):
        assert p.readouts()["lr"] == p.lr_slider.value and p.readouts()["step"] == 0

    return time_calls(action, n, check=check)


def bench_descent_button(n, button, steps):
    """Press Step (1 step) or Run (10 steps); Reset (not timed) whenever the run would pass 50 steps."""
    p = DescentPlayer()
    p.lr_slider.value = 0.3
    target = p.step_button if button == "step" else p.run_button
    wall, cpu = [], []
    for i in range(n):
        if p.readouts()["step"] + steps > 50:
            p.reset_button.click()
        before = p.readouts()["step"]
        start, start_cpu = time.perf_counter(), time.process_time()
        target.click()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert p.readouts()["step"] == before + steps
    return np.array(wall), np.array(cpu)


def bench_full_redraw(n=20):
    """The rare full redraw: the step axis widening past 50, 100, ... steps (not part of the goal)."""
    p = DescentPlayer()
    p.lr_slider.value = 0.3
    wall, cpu = [], []
    for _ in range(n):
        start, start_cpu = time.perf_counter(), time.process_time()
        p.view.render(full=True)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return np.array(wall), np.array(cpu)


def row(name, result, goal=True):
    wall, cpu = result
    med, p95 = float(np.median(wall)), float(np.percentile(wall, 95))
    ok = ("yes" if med <= GOAL_MEDIAN and p95 <= GOAL_P95 else "NO") if goal else "(no goal)"
    return (f"| {name} | {len(wall)} | {med:.1f} | {p95:.1f} | {wall.max():.1f} | {float(np.median(cpu)):.1f} | "
            f"{float(np.percentile(cpu, 95)):.1f} | {ok} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=200, help="changes per explorer (default 200)")
    n = parser.parse_args().changes
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Lessons 1–2 explorers: control change → readouts + re-rendered figure "
          f"(goal median ≤ {GOAL_MEDIAN:g} ms, p95 ≤ {GOAL_P95:g} ms wall clock). "
          f"{os.cpu_count()} CPUs, load average {load:.1f} when started.\n")
    print("| explorer: change | changes | median ms | p95 ms | max ms | median CPU ms | p95 CPU ms | goal met |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: |")
    print(row("WeightExplorer: W1 / W2 slider", bench_weights(n)))
    print(row("DescentPlayer: learning-rate slider (restarts)", bench_descent_lr(n)))
    print(row("DescentPlayer: Step button (1 step)", bench_descent_button(n, "step", 1)))
    print(row("DescentPlayer: Run button (10 steps)", bench_descent_button(n, "run", 10)))
    print(row("DescentPlayer: full redraw (step axis widens)", bench_full_redraw(), goal=False))


if __name__ == "__main__":
    main()

"""Lesson 5's explorers: how long one live update takes in the kernel.

    .venv/bin/python benchmarks/bench_classification.py

Goals (issue 5): a decision-region redraw on a 100×100 grid (forward pass on 10,000 points,
the image updated in place with set_data, the figure rendered to the widget) median ≤ 30 ms;
one live training update (one epoch of training, accuracies, regions, curves and readouts
redrawn) median ≤ 30 ms. The softmax explorer's update (slider moved → numbers, readouts,
redraw) is measured too. Prints a Markdown table of medians and 95th percentiles, wall-clock and
CPU time of this thread (on a shared, loaded machine wall time includes waiting for a core).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nnlesson.widgets import ClassifierPlayground, SoftmaxExplorer  # noqa: E402
from timing import table_row, time_calls  # noqa: E402


def region_redraws(play, n=100):
    """Forward pass on the 100×100 grid + set_data on the image + render, with the weights changing."""
    W = play.net.layers[-1].W

    def one(k):
        W[0, 0] += 0.01 if k % 2 else -0.01  # a different picture each time
        play.redraw_regions()
        play.view.render()

    return time_calls(one, n)


def training_updates(play, epochs=40, runs=3):
    """Time between the ends of two live redraws while Train runs (one epoch + its redraw)."""
    play.epochs_slider.value = epochs
    frame = play._on_epoch
    stamps, cpu_stamps = [], []

    def timed_frame(previous, event):
        frame(previous, event)
        stamps.append(time.perf_counter())
        cpu_stamps.append(time.thread_time())

    play._on_epoch = timed_frame
    wall, cpu = [], []
    try:
        for _ in range(runs):
            play.reset()
            stamps.clear()
            cpu_stamps.clear()
            play.train()
            wall.extend(np.diff(stamps))
            cpu.extend(np.diff(cpu_stamps))
    finally:
        play._on_epoch = frame
    return np.array(wall) * 1000, np.array(cpu) * 1000


def softmax_updates(explorer, n=300):
    values = [-4 + 0.1 * (k % 80) for k in range(n)]

    def one(k):
        explorer.z_sliders[k % 3].value = values[k]

    return time_calls(one, n)


def main():
    play = ClassifierPlayground()
    rows = [table_row("decision-region redraw, 100×100 grid (forward 10,000 points + set_data + render)",
                region_redraws(play), 30),
            table_row("live training update, 2→8→3 tanh, batch 16 (one epoch + redraw)", training_updates(play), 30)]
    play.hidden_slider.value = 32
    rows.append(table_row("live training update, 2→32→3 (largest network)", training_updates(play), None))
    rows.append(table_row("softmax explorer update (slider → readouts + redraw)", softmax_updates(SoftmaxExplorer()), None))
    print("| update | n | wall median (ms) | wall p95 | CPU median (ms) | CPU p95 | goal (wall median) | |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()

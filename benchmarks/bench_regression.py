"""Lesson 4's explorers: how long one live update takes in the kernel.

    .venv/bin/python benchmarks/bench_regression.py

Goals: one live training update (one epoch of training plus the redraw) median ≤ 30 ms;
one residual-explorer update (slider moved → numbers, readouts and redraw) median ≤ 20 ms.
Prints a Markdown table of medians and 95th percentiles, wall-clock and CPU time of this thread
(on a shared, loaded machine the wall time includes waiting for a core; the CPU time does not).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nnlesson.widgets import ResidualExplorer, TrainingExplorer  # noqa: E402
from timing import table_row  # noqa: E402


def training_updates(explorer, n_hidden, batch_size, epochs=40, runs=5):
    """Time from the end of one redraw to the end of the next, while Train runs with a redraw every epoch."""
    explorer.hidden_slider.value = n_hidden
    explorer.batch_dropdown.value = batch_size
    explorer.lr_slider.value = 0.05
    explorer.epochs_slider.value = epochs  # ≤ MAX_FRAMES epochs: every epoch is redrawn
    frame = explorer._frame
    stamps, cpu_stamps = [], []

    def timed_frame(epoch, scores=None):
        frame(epoch, scores)
        stamps.append(time.perf_counter())
        cpu_stamps.append(time.thread_time())

    explorer._frame = timed_frame
    wall, cpu = [], []
    try:
        for _ in range(runs):
            stamps.clear()
            cpu_stamps.clear()
            explorer.train()
            wall.extend(np.diff(stamps[:-1]))  # the last stamp is the closing frame, not an epoch
            cpu.extend(np.diff(cpu_stamps[:-1]))
    finally:
        explorer._frame = frame
    return np.array(wall) * 1000, np.array(cpu) * 1000


def residual_updates(explorer, n=300):
    """Wall and CPU time of one slider move (the row changes every 50 moves, outside the timing)."""
    values = [explorer.low + 0.3 + 0.01 * (k % 150) for k in range(n)]
    wall, cpu = [], []
    for k, v in enumerate(values):
        if k % 50 == 0:
            explorer.row_dropdown.value = (k // 50) % explorer.n
        start, start_cpu = time.perf_counter(), time.thread_time()
        explorer.pred_slider.value = v
        wall.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - start_cpu)
    return np.array(wall) * 1000, np.array(cpu) * 1000


def main():
    trainer = TrainingExplorer()
    residuals = ResidualExplorer()
    rows = [
        table_row("training update, 3→8→1, batch 16 (default)", training_updates(trainer, 8, 16), 30),
        table_row("training update, 3→32→1, batch 1 (slowest)", training_updates(trainer, 32, 1), None),
        table_row("residual explorer update (slider → readouts + redraw)", residual_updates(residuals), 20),
    ]
    print("| update | n | wall median (ms) | wall p95 | CPU median (ms) | CPU p95 | goal (wall median) | |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()

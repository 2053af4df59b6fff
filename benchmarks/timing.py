"""What the in-kernel benchmarks share: time a call many times, and print a table row.

    from timing import time_calls, table_row
    wall, cpu = time_calls(lambda i: explorer.W1_slider.__setattr__("value", i / 10), 200)
    print(table_row("weight explorer: W1 slider", (wall, cpu), goal=20))
"""

from __future__ import annotations

import time
from contextlib import contextmanager

import numpy as np


def time_calls(action, n, check=None):
    """Run action(i) for i in 0..n−1; return (wall, cpu) times in ms as arrays.

    `check(i)`, if given, runs after each call, outside the timing (e.g. asserting the change
    took effect). CPU time is the process's, so work on other threads (BLAS) is counted too.
    """
    wall, cpu = [], []
    for i in range(n):
        start, start_cpu = time.perf_counter(), time.process_time()
        action(i)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        if check is not None:
            check(i)
    return np.array(wall) * 1000, np.array(cpu) * 1000


TABLE_HEADER = ("| change | n | wall median (ms) | wall p95 | CPU median | CPU p95 | goal | verdict |\n"
                "| --- | --- | --- | --- | --- | --- | --- | --- |")   # the columns of table_row


def table_row(name, times, goal):
    """| name | n | wall median | wall p95 | CPU median | CPU p95 | goal | verdict | (goal: ms or None)."""
    wall, cpu = times
    med = np.median(wall)
    verdict = "—" if goal is None else ("ok" if med <= goal else "SLOW")
    goal_text = f"≤ {goal} ms" if goal is not None else "—"
    return (f"| {name} | {len(wall)} | {med:.1f} | {np.percentile(wall, 95):.1f} | {np.median(cpu):.1f} | "
            f"{np.percentile(cpu, 95):.1f} | {goal_text} | {verdict} |")


@contextmanager
def timed_frames():
    """While inside, every FigureView.draw and FigureView.png is timed; yields a dict of lists:
    "draw" and "png" (ms each) and "rows" (the share of the frame's rows the PNG writer compressed
    again, where the view has an encoder)."""
    from nnlesson.widgets import base

    frames = {"draw": [], "png": [], "rows": []}
    draw, png = base.FigureView.draw, base.FigureView.png

    def timed_draw(view, full=False, **kwargs):
        start = time.perf_counter()
        draw(view, full, **kwargs)
        frames["draw"].append((time.perf_counter() - start) * 1000)

    def timed_png(view):
        start = time.perf_counter()
        data = png(view)
        frames["png"].append((time.perf_counter() - start) * 1000)
        encoder = getattr(view, "_encoder", None)
        if encoder is not None:
            frames["rows"].append(encoder.compressed_rows / view.canvas.get_width_height()[1])
        return data

    base.FigureView.draw, base.FigureView.png = timed_draw, timed_png
    try:
        yield frames
    finally:
        base.FigureView.draw, base.FigureView.png = draw, png

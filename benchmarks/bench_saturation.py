"""Speed of lesson 5's one-neuron explorer (SaturationExplorer): from a slider change to new readouts
and a new picture.

    .venv/bin/python benchmarks/bench_saturation.py [--changes 50]

Setting a slider's `.value` in Python runs the explorer's observer synchronously: both runs are
trained again (lesson5_saturation.race), the lines move in place and the PNG is re-rendered
(FigureView.render, blitting). The time of that assignment is the kernel-side latency of one change.
Goal: median ≤ 20 ms. Prints a Markdown table: start w (the usual move, default 100 steps), start w
with 500 steps (the longest run), and steps (which redraws the axes in full).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nnlesson.widgets import SaturationExplorer  # noqa: E402
from timing import TABLE_HEADER, table_row, time_calls   # noqa: E402

GOAL_MEDIAN = 20.0


def bench_w(n, steps=100):
    e = SaturationExplorer(steps=steps)
    e.w_slider.value = -3.0  # warm up: the first render after construction
    values = [round(-4.5 + 0.1 * k, 1) for k in range(91)]
    renders = e.view.renders

    def action(i):
        v = values[(i * 7) % len(values)]
        if v == e.w_slider.value:
            v = values[(i * 7 + 1) % len(values)]
        e.w_slider.value = v

    def check(i):
        assert e.readouts()["start_z"] == e.w_slider.value * e.x + e.b_slider.value

    times = time_calls(action, n, check=check)
    assert e.view.renders == renders + n, "every change must re-render the figure"
    return times


def bench_steps(n):
    e = SaturationExplorer()
    e.steps_slider.value = 110
    values = list(range(50, 310, 10))

    def action(i):
        v = values[i % len(values)]
        e.steps_slider.value = v if v != e.steps_slider.value else v + 10

    return time_calls(action, n)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=50, help="slider changes per row (default 50)")
    n = parser.parse_args(argv).changes
    print(TABLE_HEADER)
    print(table_row("SaturationExplorer: start w, 100 steps", bench_w(n), GOAL_MEDIAN))
    print(table_row("SaturationExplorer: start w, 500 steps", bench_w(n, steps=500), GOAL_MEDIAN))
    print(table_row("SaturationExplorer: steps (full redraw)", bench_steps(n), None))


if __name__ == "__main__":
    main()

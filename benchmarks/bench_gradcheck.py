"""Speed of lesson 3's gradient-check explorer (GradCheckExplorer): from a control change to new
readouts and a new picture, at pixel ratio 2 (the default: sharp on HiDPI screens).

    .venv/bin/python benchmarks/bench_gradcheck.py [--changes 50]

Setting a control's `.value` in Python runs the explorer's observer synchronously: the two nudged
errors, both slopes and the relative difference are computed again (lesson3_gradcheck), the secant
and the dots move in place and the PNG is re-rendered (FigureView.render, blitting). The time of that
assignment is the kernel-side latency of one change. Goal: median ≤ 20 ms for the ε slider, the
usual move. Choosing another weight redraws the whole figure (new axes, a new error curve and V:
2 × 49 more forward passes), reported without a goal.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nnlesson.lessons import lesson3  # noqa: E402
from nnlesson.widgets import GradCheckExplorer  # noqa: E402
from timing import TABLE_HEADER, table_row, time_calls   # noqa: E402

GOAL_MEDIAN = 20.0


def explorer():
    X, Y = lesson3.lesson_data()
    e = GradCheckExplorer(lesson3.lesson_network(), X, Y)
    assert e.view.pixel_ratio == 2, "benchmark the default pixel ratio 2"
    return e


def bench_eps(n):
    e = explorer()
    e.eps_slider.value = 1e-3  # warm up: the first render after construction
    exponents = [-12 + 0.5 * k for k in range(25)]
    renders = e.view.renders

    def action(i):
        x = exponents[(i * 7) % len(exponents)]
        if abs(10 ** x - e.eps_slider.value) < 1e-300 or 10 ** x == e.eps_slider.value:
            x = exponents[(i * 7 + 1) % len(exponents)]
        e.eps_slider.value = 10 ** x

    def check(i):
        assert e.readouts()["eps"] == e.settings()["eps"]

    times = time_calls(action, n, check=check)
    assert e.view.renders == renders + n, "every change must re-render the figure"
    return times


def bench_weight(n):
    e = explorer()
    names = list(e.weight_menu.options)

    def action(i):
        name = names[(i + 1) % len(names)]
        e.weight_menu.value = name if name != e.weight_menu.value else names[(i + 2) % len(names)]

    return time_calls(action, n)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=50, help="control changes per row (default 50)")
    n = parser.parse_args(argv).changes
    print(TABLE_HEADER)
    print(table_row("GradCheckExplorer: ε slider (pixel ratio 2)", bench_eps(n), GOAL_MEDIAN))
    print(table_row("GradCheckExplorer: weight menu (full redraw)", bench_weight(n), None))


if __name__ == "__main__":
    main()

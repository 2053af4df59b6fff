"""Lesson 5, section 5: how long one live update of the two-class explorer takes in the kernel.

    .venv/bin/python benchmarks/bench_binary.py

Goal (issue 11): a slider change (w1, w2 or b set → readouts, the P(class 1) picture on an 80×80
grid, the boundary, every training row on σ(z), the figure rendered to the widget) median ≤ 20 ms,
timed from setting .value to the end of render. The softmax explorer's update is timed in the same
run, as a yardstick for how loaded the machine is. One "Train 10 epochs" press (10 live redraws)
is timed too. Prints a Markdown table: medians and 95th percentiles, wall clock and CPU time
(the process's, so the PNG encoder's two threads count; on a shared machine wall time includes
waiting for a core).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nnlesson.widgets import SoftmaxExplorer, TwoClassExplorer  # noqa: E402
from timing import table_row, time_calls  # noqa: E402


def slider_changes(explorer, n=50):
    """n slider changes, w1, w2 and b in turn, each to a new value (every frame differs)."""
    sliders = explorer.weight_sliders
    renders = explorer.view.renders

    def one(k):
        sliders[k % 3].value = -2.0 + 0.07 * k

    times = time_calls(one, n)
    assert explorer.view.renders == renders + n, "every change must render once"
    return times


def main():
    explorer = TwoClassExplorer()
    softmax = SoftmaxExplorer()
    rows = [table_row("two-class explorer: w1/w2/b slider → readouts + picture + render", slider_changes(explorer), 20),
            table_row("softmax explorer: z slider (same run, for comparison)",
                      time_calls(lambda k: setattr(softmax.z_sliders[k % 3], "value", -2.0 + 0.07 * k), 50), None),
            table_row("two-class explorer: Train 10 epochs (10 live redraws)",
                      time_calls(lambda k: (explorer.reset(), explorer.train(10)), 10), None)]
    print("| update | n | wall median (ms) | wall p95 | CPU median (ms) | CPU p95 | goal (wall median) | |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()

"""SoftmaxExplorer's score-slider update at pixel ratio 2, before and after its one-hot view and
speed-up (issue 11 item 9, issue 14), alternating in one process.

    .venv/bin/python benchmarks/bench_softmax_onehot.py                 # 5 rounds × 60 changes
    .venv/bin/python benchmarks/bench_softmax_onehot.py --rounds 3 --changes 100 --ratio 1

"before" is nnlesson/widgets/softmax.py as committed at --rev (default 2bbe73b, the last commit before
this change; read with `git show <rev>:...`, run against
today's package), "after" is the working tree's. Rounds alternate before/after, so a burst of
load from other processes hits both alike. An update is what the front end triggers: a score
slider's `.value` set in Python (its observer runs synchronously: numbers, artists, the PNG frame).
Goal (issue 14): at ratio 2, median ≤ 20 ms and 95th percentile ≤ 40 ms. Also printed: where a
frame's time goes (FigureView.draw and FigureView.png, medians).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from nnlesson.widgets import base  # noqa: E402
from timing import time_calls, timed_frames  # noqa: E402

GOAL_MEDIAN, GOAL_P95 = 20.0, 40.0
SOURCE = "nnlesson/widgets/softmax.py"


def committed_module(rev):
    """softmax.py as committed at `rev`, loaded as a module of the package (its relative imports work)."""
    text = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:{SOURCE}"], check=True, capture_output=True,
                          text=True).stdout
    name = "nnlesson.widgets._softmax_committed"
    spec = importlib.util.spec_from_loader(name, loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "nnlesson.widgets"
    exec(compile(text, f"{rev}:{SOURCE}", "exec"), module.__dict__)
    return module


def drive(explorer_class, n):
    """n score-slider changes, as bench_explorers_hidpi.bench_softmax drives them; (wall, cpu, draw, png) ms."""
    e = explorer_class()
    values = [-4 + 0.1 * (k % 80) for k in range(n)]
    with timed_frames() as frames:
        wall, cpu = time_calls(lambda i: setattr(e.z_sliders[i % 3], "value", values[i]), n)
    draws, pngs = frames["draw"], frames["png"]
    return wall, cpu, draws[-n:], pngs[-n:]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=60, help="slider changes per version per round (default 60)")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds (default 5)")
    parser.add_argument("--ratio", type=float, default=2.0, help="pixel ratio (default 2)")
    parser.add_argument("--rev", default="2bbe73b", help="the committed version to compare with (default 2bbe73b, "
                        "the last before the one-hot view and its speed-up)")
    args = parser.parse_args(argv)
    if args.changes < 5 or args.rounds < 1:
        parser.error("--changes must be >= 5 and --rounds >= 1")
    from nnlesson.widgets.softmax import SoftmaxExplorer

    versions = {"before": committed_module(args.rev).SoftmaxExplorer, "after": SoftmaxExplorer}
    results = {v: [[], [], [], []] for v in versions}
    base.FigureView.set_default_pixel_ratio(args.ratio)
    start = time.perf_counter()
    for round_ in range(args.rounds):
        for v in (list(versions) if round_ % 2 == 0 else list(versions)[::-1]):
            for store, times in zip(results[v], drive(versions[v], args.changes)):
                store.extend(times)
    load = os.getloadavg()
    print(f"SoftmaxExplorer score slider at pixel ratio {args.ratio:g} ({args.rounds} rounds × {args.changes} "
          f"changes per version, alternating; load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}; "
          f"{time.perf_counter() - start:.0f} s)\n")
    print("| version | median ms | p95 ms | CPU median ms | draw median ms | PNG median ms | goal |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for v, (wall, cpu, draws, pngs) in results.items():
        med, p95 = np.median(wall), np.percentile(wall, 95)
        met = "met" if med <= GOAL_MEDIAN and p95 <= GOAL_P95 else "MISSED"
        print(f"| {v} | {med:.1f} | {p95:.1f} | {np.median(cpu):.1f} | {np.median(draws):.1f} | "
              f"{np.median(pngs):.1f} | {met} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The capstone's speed: training with capstone.DEFAULTS, and the digit explorer's updates.

    .venv/bin/python benchmarks/bench_capstone.py              # 5 training runs, 100 explorer updates
    .venv/bin/python benchmarks/bench_capstone.py --runs 3 --updates 50

Goals (issue 7): training with the DEFAULTS under 5 s on a 2-core machine (median of the runs).
The explorer's updates are measured kernel-side (new probabilities, 64 pixel buttons, bars and
texts moved, the figure blitted and encoded as PNG); the browser adds its round trip on top
(benchmarks/bench_browser_latency.py measures that).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nnlesson.lessons import capstone  # noqa: E402
from nnlesson.widgets import digits  # noqa: E402

GOAL_TRAIN_S = 5.0


def p95(values):
    return float(np.percentile(values, 95))


def time_training(runs):
    split = capstone.split_digits(capstone.DEFAULTS["test_fraction"], capstone.DEFAULTS["split_seed"])
    seconds, accuracies = [], []
    for _ in range(runs):
        start = time.perf_counter()
        result = capstone.train_digits(split=split)
        seconds.append(time.perf_counter() - start)
        accuracies.append(result.test_accuracy)
    return split, result, seconds, accuracies


def time_explorer(result, split, updates):
    explorer = digits.DigitExplorer(result.net, split, index=0)
    n = len(split.X_test_raw)
    timings = {"pick another test digit (slider)": [], "click a pixel": [], "reset to digit": [],
               "probabilities only (plain function)": []}
    rng = np.random.default_rng(0)
    for i in range(updates):
        start = time.perf_counter()
        explorer.index_slider.value = (explorer.index_slider.value + 1) % n
        timings["pick another test digit (slider)"].append(time.perf_counter() - start)
        r, c = (int(v) for v in rng.integers(0, 8, 2))
        start = time.perf_counter()
        explorer.click_pixel(r, c)
        timings["click a pixel"].append(time.perf_counter() - start)
        start = time.perf_counter()
        explorer.reset()
        timings["reset to digit"].append(time.perf_counter() - start)
        start = time.perf_counter()
        capstone.digit_probabilities(result.net, split.x_scaler, split.X_test_raw[i % n])
        timings["probabilities only (plain function)"].append(time.perf_counter() - start)
    return timings


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="training runs (default 5)")
    parser.add_argument("--updates", type=int, default=100, help="explorer updates of each kind (default 100)")
    args = parser.parse_args(argv)

    split, result, seconds, accuracies = time_training(args.runs)
    median = statistics.median(seconds)
    s = capstone.DEFAULTS
    print(f"## Capstone training (DEFAULTS: 64 → {s['n_hidden']} → 10, {s['activation']}, lr {s['lr']}, "
          f"{s['epochs']} epochs, batch_size {s['batch_size']}; {len(split.X_train)} training digits)\n")
    print("| runs | median (s) | min (s) | max (s) | goal | test accuracy |")
    print("| ---: | ---: | ---: | ---: | :--- | ---: |")
    verdict = "met" if median < GOAL_TRAIN_S else "MISSED"
    print(f"| {len(seconds)} | {median:.2f} | {min(seconds):.2f} | {max(seconds):.2f} | < {GOAL_TRAIN_S:g} s: "
          f"{verdict} | {accuracies[-1]:.2%} |")

    timings = time_explorer(result, split, args.updates)
    print(f"\n## Digit explorer updates, kernel side ({args.updates} of each)\n")
    print("| action | median (ms) | p95 (ms) |")
    print("| :--- | ---: | ---: |")
    for name, values in timings.items():
        ms = [1000 * v for v in values]
        print(f"| {name} | {statistics.median(ms):.2f} | {p95(ms):.2f} |")
    return 0 if median < GOAL_TRAIN_S else 1


if __name__ == "__main__":
    sys.exit(main())

"""Every explorer's update in the kernel, at pixel ratio 1 and 2 (HiDPI), alternating.

    .venv/bin/python benchmarks/bench_explorers_hidpi.py                  # every explorer, ratios 1 and 2
    .venv/bin/python benchmarks/bench_explorers_hidpi.py --only Weight Digit --changes 60 --rounds 3
    .venv/bin/python benchmarks/bench_explorers_hidpi.py --ratios 2 --encode   # + where a frame's time goes
    .venv/bin/python benchmarks/bench_explorers_hidpi.py --before             # + the encoder before issue 14

An update is what the front end triggers: a slider's `.value` set in Python (its observer runs
synchronously: numbers, artists, `FigureView.render`), a button's action, or one epoch of live
training with its redraw. Each explorer is built afresh at each pixel ratio (the package-wide
setting, `FigureView.set_default_pixel_ratio`), and the ratios alternate round by round, so a
burst of load from other processes hits both alike. Times are wall-clock ms (CPU ms beside them).

Goal (issue 14): at ratio 2, median ≤ 20 ms and 95th percentile ≤ 40 ms for every explorer.
Every explorer with a figure is here, lesson 5's SaturationExplorer (start-w slider) and
TwoClassExplorer (w1, w2, b in turn) included, and lesson 3's GradCheckExplorer (ε slider) where
nnlesson.widgets.gradcheck can be imported.

With the FigureView from before issue 14 (no pixel ratio), ratio r is emulated by drawing at
dpi × r, which is what rendering at 2× costs without any of the speedups. `--before` also runs,
alternating with the current code, FigureView as it was before issue 14 in the same process:
the same drawing, with its frames encoded by Pillow (RGB, compress level 1; palette frames
quantized from RGB), the one part of a frame that changed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
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


@contextlib.contextmanager
def pixel_ratio(ratio):
    """Every FigureView built inside renders at `ratio` image pixels per CSS pixel."""
    view_class = base.FigureView
    if hasattr(view_class, "set_default_pixel_ratio"):
        saved = view_class._default_ratio
        view_class.set_default_pixel_ratio(ratio)
        try:
            yield
        finally:
            view_class._default_ratio = saved
        return
    # the FigureView before issue 14: draw at dpi × ratio (the picture's CSS size grows too, which
    # does not matter in the kernel)
    init = view_class.__init__

    def scaled(self, figsize=(8, 3.5), dpi=80, *args, **kwargs):
        init(self, figsize, dpi * ratio, *args, **kwargs)

    view_class.__init__ = scaled
    try:
        yield
    finally:
        view_class.__init__ = init


def pillow_png(view):
    """FigureView.png as it was before issue 14: Pillow, RGB at compress level 1 (or a palette)."""
    import io

    import PIL.Image

    width, height = view.canvas.get_width_height()
    image = PIL.Image.frombuffer("RGBA", (width, height), view.canvas.buffer_rgba()).convert("RGB")
    if view.colours:
        image = image.quantize(view.colours, method=PIL.Image.Quantize.FASTOCTREE)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


@contextlib.contextmanager
def encoder(which):
    """'after': FigureView as it is; 'before': its frames encoded as before issue 14 (pillow_png)."""
    if which == "after":
        yield
        return
    png = base.FigureView.png
    base.FigureView.png = pillow_png
    try:
        yield
    finally:
        base.FigureView.png = png


def render_stamps(view):
    """Wrap `view.render` so that each call's end time is recorded; returns the list of stamps."""
    render = view.render
    stamps = []

    def timed(*args, **kwargs):
        result = render(*args, **kwargs)
        stamps.append((time.perf_counter(), time.process_time()))
        return result

    view.render = timed
    return stamps


def intervals(stamps):
    wall = np.diff([s[0] for s in stamps]) * 1000
    cpu = np.diff([s[1] for s in stamps]) * 1000
    return wall, cpu


# ---------------------------------------------------------------------------------------- drivers
# Each returns (explorer's figure size in image pixels or None, (wall ms, cpu ms)).

def size_of(view):
    return view.canvas.get_width_height() if view is not None else None


def bench_warmup(n):
    from nnlesson.widgets import WarmUp

    e = WarmUp()
    values = [-3 + 0.5 * (k % 13) for k in range(n + 1)]

    def action(i):
        v = values[i + 1] if values[i + 1] != e.W_slider.value else values[i]
        e.W_slider.value = v

    return None, time_calls(action, n)


def bench_weights(n):
    from nnlesson.widgets import WeightExplorer

    e = WeightExplorer()
    e.W1_slider.value = -1.0  # warm up
    values = np.round(np.linspace(-4, 4, 81), 1)

    def action(i):
        slider = e.W1_slider if i % 2 == 0 else e.W2_slider
        v = float(values[(i * 7) % len(values)])
        if slider.value == v:
            v = float(values[(i * 7 + 1) % len(values)])
        slider.value = v

    return size_of(e.view), time_calls(action, n)


def bench_descent(n):
    from nnlesson.widgets import DescentPlayer

    p = DescentPlayer()
    p.lr_slider.value = 0.3

    def action(i):
        if p.readouts()["step"] + 1 > 49:
            p.reset_button.click()
        p.step_button.click()

    return size_of(p.view), time_calls(action, n)


def bench_stepper(n):
    from nnlesson.lessons import lesson3
    from nnlesson.widgets import BackpropStepper

    X, Y = lesson3.lesson_data()
    stepper = BackpropStepper(lesson3.lesson_network(), X, Y, lr=lesson3.LR)
    for _ in range(5):
        stepper.next()
    return size_of(stepper.view), time_calls(lambda i: stepper.next(), n)


def bench_training(n):
    from nnlesson.widgets import TrainingExplorer

    e = TrainingExplorer()
    e.epochs_slider.value = 40  # every epoch is redrawn
    stamps = render_stamps(e.view)
    wall, cpu = [], []
    while len(wall) < n:
        stamps.clear()
        e.train()
        w, c = intervals(stamps[1:-1])  # skip the reset's full render and the closing frame
        wall.extend(w)
        cpu.extend(c)
    return size_of(e.view), (np.array(wall[:n]), np.array(cpu[:n]))


def bench_residual(n):
    from nnlesson.widgets import ResidualExplorer

    e = ResidualExplorer()
    values = [e.low + 0.3 + 0.01 * (k % 150) for k in range(n)]
    e.pred_slider.value = values[-1] + 0.005
    return size_of(e.view), time_calls(lambda i: setattr(e.pred_slider, "value", values[i]), n)


def bench_softmax(n):
    from nnlesson.widgets import SoftmaxExplorer

    e = SoftmaxExplorer()
    values = [-4 + 0.1 * (k % 80) for k in range(n)]
    return size_of(e.view), time_calls(lambda i: setattr(e.z_sliders[i % 3], "value", values[i]), n)


def bench_classifier(n):
    from nnlesson.widgets import ClassifierPlayground

    play = ClassifierPlayground()
    play.epochs_slider.value = 40
    stamps = render_stamps(play.view)
    wall, cpu = [], []
    while len(wall) < n:
        play.reset()
        stamps.clear()
        play.train()
        w, c = intervals(stamps[1:-1])  # from the first epoch's frame to the last epoch's
        wall.extend(w)
        cpu.extend(c)
    return size_of(play.view), (np.array(wall[:n]), np.array(cpu[:n]))


_DIGITS = {}


def digits_model():
    """One trained digit reader, shared by the two lesson 6 explorers (trained once per process)."""
    if not _DIGITS:
        from nnlesson.lessons import capstone

        split = capstone.split_digits()
        _DIGITS["split"] = split
        _DIGITS["result"] = capstone.train_digits(split=split, epochs=5)
    return _DIGITS["split"], _DIGITS["result"]


def bench_monitor(n):
    """The monitor's callback after each epoch (progress bar, curves, redraw), training not counted."""
    from nnlesson.lessons import capstone
    from nnlesson.widgets import TrainingMonitor

    split, _ = digits_model()
    wall, cpu = [], []
    while len(wall) < n:
        epochs = min(20, max(2, n - len(wall)))
        monitor = TrainingMonitor(epochs=epochs)

        def timed(event):
            start, start_cpu = time.perf_counter(), time.process_time()
            monitor.callback(event)
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)

        capstone.train_digits(split=split, epochs=epochs, batch_size=32, callback=timed)
    return size_of(monitor.view), (np.array(wall[:n]), np.array(cpu[:n]))


def bench_digits(n):
    from nnlesson.widgets import DigitExplorer

    split, result = digits_model()
    e = DigitExplorer(result.net, split, index=0)
    count = len(split.X_test_raw)
    rng = np.random.default_rng(0)

    def action(i):
        if i % 2 == 0:
            e.index_slider.value = (e.index_slider.value + 1) % count
        else:
            e.click_pixel(*(int(v) for v in rng.integers(0, 8, 2)))

    return size_of(e.view), time_calls(action, n)


def bench_saturation(n):
    from nnlesson.widgets import SaturationExplorer

    e = SaturationExplorer()
    e.w_slider.value = -3.0  # warm up: the first render after construction
    values = [round(-4.5 + 0.1 * k, 1) for k in range(91)]

    def action(i):
        v = values[(i * 7) % len(values)]
        if v == e.w_slider.value:
            v = values[(i * 7 + 1) % len(values)]
        e.w_slider.value = v

    return size_of(e.view), time_calls(action, n)


def bench_two_class(n):
    from nnlesson.widgets import TwoClassExplorer

    e = TwoClassExplorer()
    e.w1_slider.value = -1.0  # warm up

    def action(i):
        e.weight_sliders[i % 3].value = round(-2.0 + 0.07 * i, 2)   # w1, w2 and b in turn, each a new value

    return size_of(e.view), time_calls(action, n)


def gradcheck_explorer():
    """GradCheckExplorer, or None where nnlesson.widgets.gradcheck is not importable (yet)."""
    try:
        from nnlesson.widgets.gradcheck import GradCheckExplorer
    except ImportError:
        return None
    return GradCheckExplorer


def bench_gradcheck(n):
    from nnlesson.lessons import lesson3

    X, Y = lesson3.lesson_data()
    e = gradcheck_explorer()(lesson3.lesson_network(), X, Y)
    exponents = np.arange(e.eps_slider.min, e.eps_slider.max + 0.25, 0.5)   # the log slider's steps (base 10)
    e.eps_slider.value = 10.0 ** exponents[0]  # warm up

    def action(i):
        k = i % (2 * len(exponents) - 2)   # ε up the slider, then back down: every move a new value
        e.eps_slider.value = 10.0 ** exponents[k if k < len(exponents) else 2 * len(exponents) - 2 - k]

    return size_of(e.view), time_calls(lambda i: action(i + 1), n)


BENCHES = {
    "WarmUp: W slider (readout only)": bench_warmup,
    "WeightExplorer: W1 / W2 slider": bench_weights,
    "DescentPlayer: Step": bench_descent,
    "BackpropStepper: Next": bench_stepper,
    "TrainingExplorer: one epoch + redraw": bench_training,
    "ResidualExplorer: prediction slider": bench_residual,
    "SoftmaxExplorer: score slider": bench_softmax,
    "ClassifierPlayground: one epoch + redraw": bench_classifier,
    "TrainingMonitor: after-epoch redraw": bench_monitor,
    "DigitExplorer: digit slider / pixel click": bench_digits,
    "SaturationExplorer: start-w slider": bench_saturation,
    "TwoClassExplorer: w1 / w2 / b slider": bench_two_class,
}
if gradcheck_explorer() is not None:   # lesson 3's numerical check, where it exists
    BENCHES["GradCheckExplorer: ε slider"] = bench_gradcheck


def frame_breakdown(name, ratio, n=30):
    """Where an explorer's frames go at `ratio`, while it is driven as in its benchmark: medians of
    the draw (blit) and of the PNG (FigureView.png), ms, and the share of rows compressed again."""
    with timed_frames() as frames, pixel_ratio(ratio):
        BENCHES[name](n)
    draws, pngs, shares = frames["draw"], frames["png"], frames["rows"]
    tail = slice(len(draws) // 3, None)  # skip the explorer's construction (first, full frames)
    return (np.median(draws[tail]) if draws else float("nan"), np.median(pngs[tail]) if pngs else float("nan"),
            np.median(shares[len(shares) // 3:]) if shares else float("nan"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=60, help="updates per explorer per round (default 60)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds over the ratios (default 2)")
    parser.add_argument("--ratios", type=float, nargs="+", default=[1, 2], help="pixel ratios (default 1 2)")
    parser.add_argument("--only", nargs="*", default=None, help="explorer name prefixes to measure")
    parser.add_argument("--encode", action="store_true", help="also print each explorer's draw / PNG split")
    parser.add_argument("--before", action="store_true", help="also time the encoder before issue 14, alternating")
    args = parser.parse_args(argv)
    if args.changes < 5:
        parser.error(f"--changes must be >= 5, got {args.changes}")
    if args.rounds < 1:
        parser.error(f"--rounds must be >= 1, got {args.rounds}")

    benches = {k: f for k, f in BENCHES.items() if not args.only or any(k.startswith(p) for p in args.only)}
    if not benches:
        parser.error(f"no explorer starts with {args.only}; choose from {list(BENCHES)}")
    ratios = [int(r) if float(r).is_integer() else r for r in args.ratios]
    versions = ["before", "after"] if args.before else ["after"]
    columns = [(v, r) for r in ratios for v in versions]  # (version, ratio)
    results = {(name, c): ([], [], None) for name in benches for c in columns}
    start = time.perf_counter()
    for round_ in range(args.rounds):
        order = columns if round_ % 2 == 0 else columns[::-1]
        for name, bench in benches.items():
            for version, r in order:
                with pixel_ratio(r), encoder(version):
                    size, (wall, cpu) = bench(args.changes)
                walls, cpus, _ = results[(name, (version, r))]
                results[(name, (version, r))] = (walls + list(wall), cpus + list(cpu), size)
    load = os.getloadavg()
    print(f"Explorer updates in the kernel ({args.rounds} rounds × {args.changes} updates per explorer and ratio, "
          f"ratios alternating; load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}; "
          f"{time.perf_counter() - start:.0f} s)\n")
    label = {"before": "before ", "after": "now " if args.before else ""}
    head = " | ".join(f"{label[v]}{r}×: median | p95 | CPU median" for v, r in columns)
    print(f"| explorer: update | image px at {ratios[-1]}× | {head} | goal at {ratios[-1]}× |")
    print("| --- | --- |" + " ---: | ---: | ---: |" * len(columns) + " --- |")
    for name in benches:
        cells = []
        for c in columns:
            wall, cpu, size = results[(name, c)]
            cells.append(f"{np.median(wall):.1f} | {np.percentile(wall, 95):.1f} | {np.median(cpu):.1f}")
        wall, _, size = results[(name, ("after", ratios[-1]))]
        met = np.median(wall) <= GOAL_MEDIAN and np.percentile(wall, 95) <= GOAL_P95
        px = "—" if size is None else f"{size[0]}×{size[1]}"
        print(f"| {name} | {px} | {' | '.join(cells)} | {'met' if met else 'MISSED'} |")
    if args.encode:
        print(f"\nWhere a frame's time goes (medians while driven as above; rows: the share of the frame's "
              f"rows compressed again)\n")
        print("| explorer | " + " | ".join(f"{label[v]}{r}×: draw ms | PNG ms | rows" for v, r in columns) + " |")
        print("| --- |" + " ---: | ---: | ---: |" * len(columns))
        for name in benches:
            if name.startswith("WarmUp"):
                continue
            cells = []
            for version, r in columns:
                with encoder(version):
                    d, e, share = frame_breakdown(name, r)
                cells.append(f"{d:.1f} | {e:.1f} | {'—' if version == 'before' else f'{share:.0%}'}")
            print(f"| {name.split(':')[0]} | {' | '.join(cells)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

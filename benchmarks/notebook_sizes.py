"""Each notebook's size now, and an estimate of its size once re-executed with sharp (2×) frames.

    .venv/bin/python benchmarks/notebook_sizes.py [--ratio 2]

The notebooks store, for readers without a kernel, the last frame of every explorer (in the
widget state, base64) and static pictures made with FigureView (lesson 3's stage diagrams,
`Image(view.png())` in lessons 4 and 6). At pixel ratio 2 each frame has four times the pixels.
The estimate: build each explorer and render its first frame the way the stored frames were made
(ratio 1, Pillow's PNG at compress level 1, as before issue 14) and at `--ratio` with
FigureView's encoder; each stored frame grows by that factor (its explorer's, matched by the
figure's CSS class; the median factor for static pictures). Limit (issue 14): every notebook
under 4 MB (tests/test_notebook_sizes.py checks the files as stored).
"""

from __future__ import annotations

import argparse
import base64
import json
import statistics
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from nnlesson.widgets.base import FigureView  # noqa: E402
from bench_explorers_hidpi import pillow_png  # noqa: E402  (the encoder before issue 14)

LIMIT_BYTES = 4_000_000
# figure CSS class -> how to build the explorer that owns it (its first frame is measured)
FIGURES = {
    "nnl-weights-figure": lambda: _widgets().WeightExplorer().view,
    "nnl-descent-figure": lambda: _widgets().DescentPlayer().view,
    "nnl-backprop-figure": lambda: _stepper().view,
    "nnl-regtrain-figure": lambda: _widgets().TrainingExplorer().view,
    "nnl-residual-figure": lambda: _widgets().ResidualExplorer().view,
    "nnl-softmax-figure": lambda: _widgets().SoftmaxExplorer().view,
    "nnl-classifier-figure": lambda: _widgets().ClassifierPlayground().view,
    "nnl-classifier-confusion-figure": lambda: _widgets().ClassifierPlayground().confusion_view,
    "nnl-monitor-figure": lambda: _widgets().TrainingMonitor(epochs=20).view,
    "nnl-digits-figure": lambda: _digits_view(),
}


def _widgets():
    import nnlesson.widgets

    return nnlesson.widgets


def _stepper():
    from nnlesson.lessons import lesson3

    X, Y = lesson3.lesson_data()
    return _widgets().BackpropStepper(lesson3.lesson_network(), X, Y, lr=lesson3.LR)


def _digits_view():
    from nnlesson.lessons import capstone

    split = capstone.split_digits()
    result = capstone.train_digits(split=split, epochs=3)
    return _widgets().DigitExplorer(result.net, split, index=0).view


def growth_factors(ratio):
    """CSS class -> (bytes of the first frame before issue 14 at ratio 1, bytes now at `ratio`)."""
    factors = {}
    for css, build in FIGURES.items():
        sizes = []
        for r in (1, ratio):
            FigureView.set_default_pixel_ratio(r)
            try:
                view = build()
            finally:
                FigureView.set_default_pixel_ratio(None)
            view.draw(full=True)
            sizes.append(len(pillow_png(view)) if r == 1 else len(view.png()))
        factors[css] = tuple(sizes)
    return factors


def stored_frames(path):
    """[(css class or None, base64 characters)] of the FigureView frames a notebook stores."""
    nb = json.loads(Path(path).read_text())
    frames = []
    state = nb.get("metadata", {}).get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    for model in state.get("state", {}).values():
        if model.get("model_name") != "ImageModel":
            continue
        classes = [c for c in model["state"].get("_dom_classes", []) if c.startswith("nnl-")]
        size = sum(len(b["data"]) for b in model.get("buffers", []) if b.get("path") == ["value"])
        if size:
            frames.append((classes[0] if classes else None, size))
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {}).get("image/png")
            if data and _is_figure_view_picture(data):
                frames.append((None, len(data)))
    return frames


def _is_figure_view_picture(b64):
    """True for a static picture FigureView made (lessons 3, 4, 6), false for an inline matplotlib plot:
    FigureView's frames are RGB or palette PNGs without the 'Software: Matplotlib' text chunk."""
    return b"Matplotlib" not in base64.b64decode(b64.encode() if isinstance(b64, str) else b64)[:200]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ratio", type=float, default=2.0, help="pixel ratio of the re-executed notebooks (default 2)")
    args = parser.parse_args(argv)
    FigureView.check_pixel_ratio(args.ratio)
    factors = growth_factors(args.ratio)
    print(f"First frame of each explorer: PNG bytes before issue 14 (ratio 1) → now at ratio {args.ratio:g}\n")
    print("| figure | before (ratio 1) | now | factor |")
    print("| --- | ---: | ---: | ---: |")
    for css, (before, after) in factors.items():
        print(f"| {css} | {before:,} | {after:,} | {after / before:.2f} |")
    median_factor = statistics.median(after / before for before, after in factors.values())
    print(f"\nNotebook sizes: as stored, and estimated after re-execution at ratio {args.ratio:g} "
          f"(limit {LIMIT_BYTES / 1e6:g} MB)\n")
    print("| notebook | stored | FigureView frames in it | estimate | under the limit |")
    print("| --- | ---: | ---: | ---: | --- |")
    worst = 0
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        size = path.stat().st_size
        frames = stored_frames(path)
        growth = sum(n * ((factors[css][1] / factors[css][0]) if css in factors else median_factor) - n
                     for css, n in frames)
        estimate = size + growth
        worst = max(worst, estimate)
        print(f"| {path.name} | {size / 1e3:,.0f} kB | {sum(n for _, n in frames) / 1e3:,.0f} kB "
              f"| {estimate / 1e3:,.0f} kB | {'yes' if estimate < LIMIT_BYTES else 'NO'} |")
    return 0 if worst < LIMIT_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())

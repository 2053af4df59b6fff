"""Scatter markers measured once (widgets/fastmarkers.py): the same pixels, fewer measurements."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.path import Path  # noqa: E402

from nnlesson.widgets.fastmarkers import MarkerPath, keep_marker_extents  # noqa: E402


def frames(keep, moves=4):
    """Agg frames of two scatters (circles and squares) whose dots move between frames."""
    fig = Figure(figsize=(3, 2), dpi=160)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_xlim(-3, 3)
    ax.set_ylim(-3, 3)
    rng = np.random.default_rng(0)
    dots = [ax.scatter(rng.normal(size=20), rng.normal(size=20), s=22, marker=m, edgecolors="black")
            for m in ("o", "s")]
    if keep:
        dots = [keep_marker_extents(d) for d in dots]
    out = []
    for k in range(moves):
        for d in dots:
            d.set_offsets(rng.normal(size=(20, 2)) * (1 + 0.1 * k))
        fig.canvas.draw()
        out.append(np.asarray(fig.canvas.buffer_rgba()).copy())
    return out


def test_frames_are_exactly_matplotlibs():
    for mine, theirs in zip(frames(True), frames(False)):
        np.testing.assert_array_equal(mine, theirs)


def test_extents_are_measured_once_per_transform(monkeypatch):
    calls = []
    original = Path.get_extents

    def counting(self, transform=None, **kwargs):
        calls.append(type(self).__name__)
        return original(self, transform, **kwargs)

    monkeypatch.setattr(Path, "get_extents", counting)
    frames(True, moves=5)
    # MarkerPath.get_extents delegates to Path.get_extents only on a miss: once per scatter
    assert calls.count("MarkerPath") == 2
    calls.clear()
    frames(False, moves=5)
    assert calls.count("Path") >= 10        # matplotlib's own: every scatter, every frame


def test_marker_path_keeps_what_path_gives():
    circle = Path.unit_circle()
    kept = MarkerPath(circle.vertices, circle.codes)
    from matplotlib.transforms import Affine2D
    t = Affine2D().scale(7.5).translate(1, 2)
    np.testing.assert_allclose(kept.get_extents(t).get_points(), circle.get_extents(t).get_points())
    box = kept.get_extents(t)
    box.set_points(np.zeros((2, 2)))              # a caller changing the box does not change what is kept
    np.testing.assert_allclose(kept.get_extents(t).get_points(), circle.get_extents(t).get_points())


@pytest.mark.parametrize("bad", [None, "o", Path.unit_circle()])
def test_only_a_scatter_is_accepted(bad):
    with pytest.raises(TypeError, match="collection must be a PathCollection"):
        keep_marker_extents(bad)

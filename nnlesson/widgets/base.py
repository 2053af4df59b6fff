"""The pieces every explorer shares: a figure shown as an image, and the explorer shell.

`FigureView` owns a matplotlib Figure drawn with the Agg renderer (no pyplot, so nothing is
displayed twice) and shows it in an `ipywidgets.Image`. An explorer builds its artists once,
then on every change updates their data and calls `FigureView.render()`, which redraws the
figure into a PNG.

Cheap redraws: artists that move (a point, a tangent line, a readout in the figure) are
registered with `view.animate(artist, ...)`. The rest of the figure (axes, contours, data) is
drawn once and cached; `render()` then pastes the cached background and draws only the moving
artists (blitting), about 6 ms instead of 30. Call `render(full=True)` after anything that
changes the static part, such as axis limits. The same image works in JupyterLab, Notebook 7
and Voilà, with no extra front-end extension.

One event at a time: JupyterLab with ipykernel 7 may deliver widget messages on a kernel
subshell thread while the main thread is still handling another. Explorers decorate their
event handlers with `@serialized`, so each update (numbers, artists, picture) runs whole,
under the explorer's lock, before the next one starts.

Readouts and controls carry CSS classes named `nnl-<explorer>-<part>` so browser tests (and
curious learners with the inspector) can find them.
"""

from __future__ import annotations

import functools
import io
import threading

import ipywidgets as widgets
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..plots import STYLE


class FigureView:
    """A matplotlib figure rendered into an `ipywidgets.Image`.

    view = FigureView(figsize=(8, 3.5)); ax = view.figure.add_subplot(...)
    ... create artists ...; view.render()        # after every change
    """

    def __init__(self, figsize=(8, 3.5), dpi=80, css_class=None, colours=None):
        """`colours`: if set (e.g. 64), frames are sent as a PNG with that many palette colours,
        about twice as fast to encode; right for diagrams with few colours, not for images."""
        import matplotlib

        with matplotlib.rc_context(STYLE):
            self.figure = Figure(figsize=figsize, dpi=dpi, layout=None)
        self.canvas = FigureCanvasAgg(self.figure)
        width = int(figsize[0] * dpi)
        self.image = widgets.Image(format="png", layout=widgets.Layout(width=f"{width}px", max_width="100%",
                                                                     height="auto"))
        if css_class:
            self.image.add_class(css_class)
        self.colours = colours
        self.renders = 0
        self._animated = []
        self._background = None
        # JupyterLab (ipykernel ≥ 7) may deliver widget messages on a subshell thread while the main
        # thread is handling another: two renders drawing on one canvas at once mix their frames.
        self._lock = threading.RLock()

    def animate(self, *artists):
        """Mark artists that change on every update; they are redrawn over a cached background."""
        for artist in artists:
            artist.set_animated(True)
            self._animated.append(artist)
        self._background = None

    def set_animated(self, *artists):
        """Replace the moving artists: the old ones become part of the background again."""
        for artist in self._animated:
            artist.set_animated(False)
        self._animated = []
        self.animate(*artists)

    def draw(self, full=False):
        """Draw into the canvas: the whole figure if `full` (or first time), else only the moving artists."""
        if full or self._background is None:
            self.canvas.draw()  # draws everything except the animated artists
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        else:
            self.canvas.restore_region(self._background)
        for artist in self._animated:
            if artist.get_visible():
                self.figure.draw_artist(artist)

    def png(self):
        """The canvas as an RGB PNG (the figure is opaque, so the alpha channel is dropped; light
        compression: fast to make, small enough to send)."""
        width, height = self.canvas.get_width_height()
        image = PIL.Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba()).convert("RGB")
        if self.colours:
            image = image.quantize(self.colours, method=PIL.Image.Quantize.FASTOCTREE)
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=1)
        return buffer.getvalue()

    def render(self, full=False):
        """Redraw (see `draw`) and send the picture to the image widget."""
        with self._lock:  # one frame at a time (see __init__)
            self.draw(full=full)
            self.image.value = self.png()
            self.renders += 1


def serialized(method):
    """Run an explorer's method under the explorer's lock (see the module docstring)."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self.lock:
            return method(self, *args, **kwargs)

    return wrapper


class Explorer:
    """Base for the explorers: holds `.widget` (the box shown) and displays it.

    Subclasses build their controls, a `FigureView` and readouts, lay them out in
    `self.widget`, and keep the computation in plain functions.
    """

    widget: widgets.Widget
    title = "Interactive explorer"

    @property
    def lock(self):
        """The explorer's re-entrant lock: one event is handled at a time (see `serialized`)."""
        lock = self.__dict__.get("_lock")
        if lock is None:
            lock = self.__dict__.setdefault("_lock", threading.RLock())
        return lock

    def _ipython_display_(self):
        """Show the widget. Without a kernel (a notebook read on the web) the plain-text fallback
        says what is here instead of dumping the widget's internals."""
        from IPython.display import display

        bundle = self.widget._repr_mimebundle_()
        bundle["text/plain"] = f"{self.title}: an interactive explorer (run the notebook to use it)"
        display(bundle, raw=True)

    @staticmethod
    def status(css_class):
        """An HTML line for messages in words (e.g. 'diverged at epoch 3: ...')."""
        html = widgets.HTML(value="")
        html.add_class(css_class)
        return html

"""The pieces every explorer shares: a figure shown as an image, and the explorer shell.

`FigureView` owns a matplotlib Figure drawn with the Agg renderer (no pyplot, so nothing is
displayed twice) and shows it in an `ipywidgets.Image`. An explorer builds its artists once,
then on every change updates their data and calls `FigureView.render()`, which redraws the
figure into a PNG.

Cheap redraws: artists that move (a point, a tangent line, a readout in the figure) are
registered with `view.animate(artist, ...)`. The rest of the figure (axes, contours, data) is
drawn once and cached; `render()` then pastes the cached background and draws only the moving
artists (blitting), about 6 ms instead of 30. Call `render(full=True)` after anything that
changes the static part, or `render(axes=[ax])` when only ax's static part changed (its axis
grew): that panel alone is drawn again (`fastfigure.draw_axes`). Whole-figure redraws go
through `fastfigure.draw_figure`: matplotlib's pixels, text from kept glyphs and layouts.

Sharp on HiDPI screens: the picture has `pixel_ratio` image pixels per CSS pixel (default 2, one
per device pixel of a HiDPI laptop), drawn at dpi × pixel_ratio and shown at the figure's CSS
size; `FigureView.set_default_pixel_ratio(1)` or NNLESSON_PIXEL_RATIO=1 sends a quarter of the
pixels (a slow remote hub). Four times the pixels would make Pillow's PNG encoding most of every
frame, so frames are written by `nnlesson.widgets.png` (no row filter; only the rows that changed
since the last frame compressed again): a 2× frame of lesson 1's explorer now takes less time
than a 1× frame did (benchmarks/README.md). The same image works in
JupyterLab, Notebook 7 and Voilà, with no extra front-end extension.

One event at a time: JupyterLab with ipykernel 7 may deliver widget messages on a kernel
subshell thread while the main thread is still handling another. Explorers decorate their
event handlers with `@serialized`, so each update (numbers, artists, picture) runs whole,
under the explorer's lock, before the next one starts.

Readouts and controls carry CSS classes named `nnl-<explorer>-<part>` so browser tests (and
curious learners with the inspector) can find them.
"""

from __future__ import annotations

import functools
import html
import inspect
import io
import math
import numbers
import os
import threading

import ipywidgets as widgets
import numpy as np
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from traitlets import validate

from .._validate import check_instance, number, positive_number
from ..plots import STYLE, fmt
from .fastdraw import TextSprites
from .fastfigure import draw_axes, draw_figure
from .png import PNGEncoder, PNGImage


class FigureView:
    """A matplotlib figure rendered into an `ipywidgets.Image`, sharp on HiDPI screens.

    view = FigureView(figsize=(8, 3.5)); ax = view.figure.add_subplot(...)
    ... create artists ...; view.render()        # after every change

    On screen the figure is figsize × dpi CSS pixels (8 × 80 = 640 px wide above: `css_width`).
    The picture behind it has `pixel_ratio` times as many pixels each way (default 2: one image
    pixel per device pixel of a HiDPI laptop or a projector zoomed for the back row): the figure
    is drawn at dpi × pixel_ratio, and as fonts and line widths are in points they grow with it,
    so the picture looks the same, only sharper. pixel_ratio=1 sends a quarter of the pixels, for
    a slow remote hub; `FigureView.set_default_pixel_ratio(1)`, or the environment variable
    NNLESSON_PIXEL_RATIO=1 where the kernel starts, does it for every figure built afterwards.
    """

    DEFAULT_PIXEL_RATIO = 2.0
    DATA_URL = True   # frames reach the browser as data: URLs (png.PNGImage); False: as blobs (benchmarks)
    MAX_PIXEL_RATIO = 4.0
    ENV_PIXEL_RATIO = "NNLESSON_PIXEL_RATIO"
    _default_ratio = None  # set by set_default_pixel_ratio; None: $NNLESSON_PIXEL_RATIO, else 2

    @staticmethod
    def check_pixel_ratio(value, name="pixel_ratio"):
        """`value` as a float if it is a number from 1 to 4 (MAX_PIXEL_RATIO), else ValueError/TypeError."""
        return number(name, value, 1.0, FigureView.MAX_PIXEL_RATIO)

    @classmethod
    def default_pixel_ratio(cls):
        """The pixel ratio of a FigureView built without `pixel_ratio=`: the one given to
        `set_default_pixel_ratio`, else $NNLESSON_PIXEL_RATIO, else 2."""
        if FigureView._default_ratio is not None:
            return FigureView._default_ratio
        text = os.environ.get(cls.ENV_PIXEL_RATIO, "").strip()
        if not text:
            return cls.DEFAULT_PIXEL_RATIO
        name = f"the environment variable {cls.ENV_PIXEL_RATIO}"
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"{name} must be a finite number from 1 to 4, got {text!r}") from None
        return cls.check_pixel_ratio(value, name)

    @classmethod
    def set_default_pixel_ratio(cls, ratio):
        """The pixel ratio (1 to 4) of every FigureView built from now on; None: back to
        $NNLESSON_PIXEL_RATIO or 2. Explorers already built keep theirs: run their cells again."""
        FigureView._default_ratio = None if ratio is None else cls.check_pixel_ratio(ratio)

    def __init__(self, figsize=(8, 3.5), dpi=80, css_class=None, colours=None, pixel_ratio=None):
        """`dpi`: CSS pixels per inch of figure. `pixel_ratio`: image pixels per CSS pixel (default
        `default_pixel_ratio()`, 2). `colours`: if set (e.g. 64), frames are sent as a PNG with that
        many palette colours: a third of the bytes, but slower to make than the full-colour frame."""
        import matplotlib

        self.pixel_ratio = self.default_pixel_ratio() if pixel_ratio is None else self.check_pixel_ratio(pixel_ratio)
        self.dpi = positive_number("dpi", dpi)
        with matplotlib.rc_context(STYLE):
            self.figure = Figure(figsize=figsize, dpi=self.dpi * self.pixel_ratio, layout=None)
        self.canvas = FigureCanvasAgg(self.figure)
        self.css_width = int(figsize[0] * self.dpi)  # on screen; the PNG is pixel_ratio times as wide
        self.image = PNGImage(format="png", as_data_url=self.DATA_URL,   # shown sooner as a data: URL (png.py)
                              layout=widgets.Layout(width=f"{self.css_width}px", max_width="100%", height="auto"))
        if css_class:
            self.image.add_class(css_class)
        self.colours = colours
        self.renders = 0
        self._animated = []
        self._background = None
        self.text_sprites = None   # TextSprites, after cache_text()
        self._encoder = PNGEncoder()  # recompresses only the rows that changed since the last frame
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

    def cache_text(self, limit=256):
        """Draw the moving Text artists from sprites (`fastdraw.TextSprites`): a label drawn again
        with the same string, place and look is pasted, not laid out and rasterized again."""
        self.text_sprites = TextSprites(limit)

    def draw(self, full=False, axes=None):
        """Draw into the canvas: the whole figure if `full` (or first time), else only the moving
        artists over the cached background. `axes`: the still part of these axes changed (an axis
        grew): only they are redrawn (`fastfigure.draw_axes`), or the whole figure where that
        would not give the same pixels."""
        if not full and self._background is not None:
            self.canvas.restore_region(self._background)
            if axes is not None:
                full = not draw_axes(self.canvas, axes)
                if not full:
                    self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        if full or self._background is None:
            draw_figure(self.canvas)  # draws everything except the animated artists, as canvas.draw()
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        sprites = self.text_sprites
        for artist in self._animated:
            if not artist.get_visible():
                continue
            if sprites is not None and sprites.handles(artist):
                sprites.draw(artist, self.canvas.get_renderer())
            else:
                self.figure.draw_artist(artist)

    def png(self):
        """The canvas as a PNG: RGBA as drawn, written by `nnlesson.widgets.png` (no row filter,
        zlib level 1: fast), or with a palette of `colours` colours (Pillow)."""
        rgba = np.asarray(self.canvas.buffer_rgba())
        if not self.colours:
            return self._encoder.encode(rgba)
        image = PIL.Image.fromarray(rgba, "RGBA").quantize(self.colours, method=PIL.Image.Quantize.FASTOCTREE)
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=1)
        return buffer.getvalue()

    def picture(self):
        """The figure as it is now, as a static picture for a notebook's output (readable without a
        kernel), shown at the figure's CSS width like the widget: `display(view.picture())`. (A bare
        `IPython.display.Image(view.png())` would show it pixel_ratio times too large.)"""
        from IPython.display import Image

        with self._lock:
            self.draw()
            return Image(data=self.png(), format="png", width=self.css_width)

    def render(self, full=False, axes=None):
        """Redraw (see `draw`) and send the picture to the image widget."""
        with self._lock:  # one frame at a time (see __init__)
            self.draw(full=full, axes=axes)
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

    The contract every explorer keeps (a teacher scripts it, a test checks it):

    settings() -> dict
        The current state of the controls as plain values (numbers, strings, bools, tuples,
        lists, None), such that ``type(e)(**data, **e.settings())`` builds the same setup, where
        ``data`` are the explorer's data arguments (`data_arguments`, e.g. ``data=ds`` or
        ``net, split``), which settings() never holds. Every key is a constructor argument.
        Progress (the steps or epochs already run) is not a setting: rebuild, then `train`.
    code(data=None) -> str
        The same setup as one line of Python a teacher can paste into a cell or a handout,
        e.g. ``WeightExplorer(W1=-1.5, W2=2.0)``: the data arguments first (written as the
        expressions `data` gives: a string for an explorer with one data argument, or a dict
        {argument: expression}; by default the names in `data_arguments`), then only the
        settings that differ from the constructor's defaults, floats written short (0.1).
        The explorer shows it in a small grey line (`code_readout`, CSS class
        ``nnl-<explorer>-code``) that follows the controls.
    train(epochs=None) and scores() -> dict, for the explorers that train or step
        `train` does what the explorer's Train/Run button does (`epochs=None`: the amount the
        controls say) and returns `scores()`. `scores()` gives fractions "train_accuracy" and
        "test_accuracy" for classification, "train_rmse" and "test_rmse" (the target's units)
        for regression; an explorer that descends on one data set documents its own keys
        (e.g. DescentPlayer: {"error": ...}). The others raise NotImplementedError saying so.

    Bad input: a bad constructor argument raises ValueError/TypeError naming it (when the
    explorer is built, never later in a callback); a control holding a value it cannot use
    (NaN, ±inf, out of range) is clamped or put back and the status line says so; a run
    stopped by the kernel's stop button leaves a status saying where it stopped.
    """

    widget: widgets.Widget
    title = "Interactive explorer"
    # The constructor's data arguments (never in settings()) -> the expression code() writes by default.
    data_arguments: dict = {}

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

    # -- notes on refused or clamped control values (see `Guarded`) ----------------------------
    def guard(self, *controls):
        """Have `Guarded` controls report what they refuse or clamp: the note goes to
        `show_status()` (subclasses: write the status line with `self.note` in it)."""
        for control in controls:
            check_instance("control", control, Guarded, "a Guarded control such as GuardedFloatSlider")
            control.on_adjust(self._adjusted)

    @property
    def note(self):
        """The latest note on a refused or clamped control value ("" when there is none)."""
        return self.__dict__.get("_note", "")

    def _adjusted(self, message, will_change):
        self._note = message
        self._note_waits = will_change   # True: the value-change event that follows must keep it
        if not will_change:              # no change event follows (NaN refused): say it now
            self.show_status()

    def fresh_note(self):
        """Call at the start of a control's change handler: keeps the note if this change is
        the clamp it describes, else forgets it (a new move by the learner). Returns the note."""
        if self.__dict__.get("_note_waits"):
            self._note_waits = False
        else:
            self._note = ""
        return self.note

    def show_status(self):
        """Write the status line (with `self.note`); explorers with guarded controls override this,
        usually as one line: ``self.status_html.value = self.with_note(<the explorer's words>)``."""
        raise NotImplementedError(f"{type(self).__name__} guards its controls, so it must define show_status()")

    def with_note(self, text=""):
        """The status line's text: "⚠ <note>" on a refused or clamped control value (if any), then `text`."""
        if not self.note:
            return text
        return f"⚠ {self.note} {text}" if text else f"⚠ {self.note}"

    @serialized
    def _on_setting(self, _change):
        """A control that changes only the next run (learning rate, epochs): say a clamp, refresh the code line."""
        if self.fresh_note():
            self.show_status()
        self.refresh_code()

    def say(self, message):
        """Set the explorer's words for its status line (`self._message`) and show them after any note."""
        self._message = message
        self.show_status()

    # -- the scripting contract (see the class docstring) ------------------------------------
    def settings(self):
        """The controls' current values as a plain dict: type(e)(**data, **e.settings()) rebuilds it."""
        raise NotImplementedError(f"{type(self).__name__} does not report its settings yet "
                                  "(it needs a settings() method: see nnlesson.widgets.Explorer)")

    def train(self, epochs=None):
        """Train as the Train/Run button does; returns scores()."""
        raise NotImplementedError(f"{type(self).__name__} does not train, so it has no train(): "
                                  "it shows a computation for the values of its controls")

    def scores(self):
        """The scores of the current model, a dict of floats (see the class docstring)."""
        raise NotImplementedError(f"{type(self).__name__} does not train, so it has no scores(): "
                                  "read its displayed numbers with readouts()")

    def data_given(self):
        """The data arguments this explorer was built with (written first in `code`); by
        default all of `data_arguments`. An explorer whose data is optional (e.g. the lesson's
        own data when none is given) returns only those it was given."""
        return tuple(self.data_arguments)

    def code(self, data=None):
        """This setup as one line of Python, e.g. "WeightExplorer(W1=-1.5, W2=2.0)".

        `data`: how to write the data arguments: None (the names in `data_arguments`, e.g.
        "ds"), a string (an explorer with one data argument: data="penguins") or a dict
        {argument: expression}. Only settings that differ from the defaults are written.
        """
        names = self.data_given()
        if data is None:
            data = {}
        elif isinstance(data, str):
            if len(names) != 1:
                raise ValueError(f"data must be a dict {{argument: expression}} for {type(self).__name__}, "
                                 f"whose data arguments are {list(names) or 'none'}; got the string {data!r}")
            data = {names[0]: data}
        elif not isinstance(data, dict):
            raise TypeError(f"data must be None, a string or a dict {{argument: expression}}, got "
                            f"{type(data).__name__}")
        unknown = set(data) - set(self.data_arguments)
        if unknown:
            raise ValueError(f"unknown data arguments {sorted(unknown)} for {type(self).__name__}: expected some "
                             f"of {sorted(self.data_arguments)}")
        for name, expression in data.items():
            if not isinstance(expression, str) or not expression.strip():
                raise TypeError(f"data[{name!r}] must be a Python expression as a string, such as 'ds', "
                                f"got {expression!r}")
        parts = [f"{name}={data.get(name, self.data_arguments[name])}" for name in names]
        defaults = constructor_defaults(type(self))
        for key, value in self.settings().items():
            if key in defaults and same_setting(defaults[key], value):
                continue
            parts.append(f"{key}={python_literal(value, key)}")
        return f"{type(self).__name__}({', '.join(parts)})"

    def code_readout(self, explorer):
        """The small grey line "This setup as code: ..." (CSS class nnl-<explorer>-code);
        call `refresh_code()` after the controls change."""
        self._code_html = widgets.HTML(value="", layout=widgets.Layout(margin="2px 0 0 0"))
        self._code_html.add_class(f"nnl-{explorer}-code")
        self.refresh_code()
        return self._code_html

    def refresh_code(self):
        """Put the current `code()` into the readout (only its text: cheap; a no-op before it exists)."""
        readout = self.__dict__.get("_code_html")
        if readout is None:
            return
        line = html.escape(self.code())
        readout.value = ("<div style='color:#666;font-size:0.85em;line-height:1.3'>This setup as code: "
                         f"<code style='font-family:monospace;color:#444;user-select:all'>{line}</code></div>")


class Guarded:
    """Mix into a bounded ipywidgets control (``class GuardedFloatSlider(Guarded, widgets.FloatSlider)``):
    it never holds NaN (kept at its value) and clamps values past its ends (±inf included), and
    either way tells the callbacks given to `on_adjust` a sentence in words, and whether a change
    event follows. A plain FloatSlider accepts NaN and clamps without a word."""

    def on_adjust(self, callback):
        """callback(message, will_change) is called whenever a value is refused or clamped."""
        self.__dict__.setdefault("_adjust_callbacks", []).append(callback)

    @validate("value")
    def _validate_value(self, proposal):
        value = proposal["value"]
        name = self.description or "the value"
        current = self.value
        if isinstance(value, float) and math.isnan(value):
            kept = current if not (isinstance(current, float) and math.isnan(current)) else self.min
            self._tell(f"{name} cannot be NaN (not a number): it stays at {fmt(kept)}.", kept != current)
            return kept
        if value < self.min or value > self.max:
            clamped = min(max(value, self.min), self.max)
            self._tell(f"{name} = {fmt(value)} is outside its range {fmt(self.min)} to {fmt(self.max)}: "
                       f"set to {fmt(clamped)}.", clamped != current)
            return clamped
        return value

    def _tell(self, message, will_change):
        for callback in self.__dict__.get("_adjust_callbacks", ()):
            callback(message, will_change)


class GuardedFloatSlider(Guarded, widgets.FloatSlider):
    """A FloatSlider that refuses NaN and says when it clamps (see `Guarded`)."""


class GuardedIntSlider(Guarded, widgets.IntSlider):
    """An IntSlider that says when it clamps (see `Guarded`)."""


class GuardedIntText(Guarded, widgets.BoundedIntText):
    """A BoundedIntText that says when it clamps (see `Guarded`)."""


def tidy(value):
    """A control's float without the noise of keyboard steps (2.3000000000000007 → 2.3): rounded to
    10 decimals when that moves it by less than 1e-12, else unchanged. For settings()."""
    value = float(value)
    rounded = round(value, 10)
    return rounded if abs(rounded - value) < 1e-12 else value


def python_literal(value, name="value"):
    """`value` written as Python that evaluates back to it: floats short (repr: 0.1, not
    0.1000000000000000055), numpy numbers as plain ones, tuples and lists element by element."""
    if value is None or isinstance(value, (bool, np.bool_)):
        return repr(None if value is None else bool(value))
    if isinstance(value, numbers.Integral):
        return repr(int(value))
    if isinstance(value, numbers.Real):
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"setting {name} must be a finite number to be written as code, got {value!r}")
        return repr(value)
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (tuple, list)):
        items = [python_literal(v, f"{name}[{k}]") for k, v in enumerate(value)]
        if isinstance(value, tuple):
            return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"
        return f"[{', '.join(items)}]"
    raise TypeError(f"setting {name} must be a number, string, bool, None, tuple or list to be written as code, "
                    f"got {type(value).__name__}")


def constructor_defaults(cls):
    """{argument: default} of `cls.__init__`'s arguments that have one."""
    return {name: p.default for name, p in inspect.signature(cls.__init__).parameters.items()
            if p.default is not inspect.Parameter.empty}


def same_setting(a, b):
    """True if two settings are equal as values (a tuple equals a list with the same items)."""
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(same_setting(x, y) for x, y in zip(a, b))
    if isinstance(a, (tuple, list)) or isinstance(b, (tuple, list)):
        return False
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    try:
        return bool(a == b)
    except Exception:  # a default that cannot be compared (an array): write the setting out
        return False

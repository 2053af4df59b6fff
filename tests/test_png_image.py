"""PNGImage: FigureView's frames reach the browser as data: URLs, while Python still sees a PNG.

ipywidgets' Image view shows PNG bytes through a blob: URL, which Chromium fetches through its
browser process before painting; a data: URL image is loaded inside the page at once
(benchmarks/bench_browser_latency.py --transport data blob measures both). These tests check the
wire form (what the front-end model receives) and that nothing changes on the Python side.
"""

import base64
import io

import ipywidgets as widgets
import numpy as np
import PIL.Image
import pytest
from ipywidgets.widgets.widget import _remove_buffers
from traitlets import TraitError

from nnlesson.widgets.base import FigureView
from nnlesson.widgets.png import PNGImage, data_url, encode_png, from_data_url

PREFIX = b"data:image/png;base64,"


def wire(image):
    """The state the front-end receives: (JSON part, buffer paths, binary buffers)."""
    return _remove_buffers(image.get_state())


def small_png(seed=0):
    rgba = np.random.default_rng(seed).integers(0, 256, (6, 9, 4), dtype=np.uint8)
    return rgba, encode_png(rgba)


def test_python_sees_png_bytes_and_format_png():
    _, png = small_png()
    image = PNGImage(format="png", value=png)
    assert image.format == "png"
    assert bytes(image.value) == png and image.value[:4] == b"\x89PNG"


def test_the_browser_gets_format_url_and_the_png_as_a_data_url_in_a_binary_buffer():
    rgba, png = small_png(1)
    state, paths, buffers = wire(PNGImage(format="png", value=png))
    assert state["format"] == "url"
    assert paths == [["value"]] and len(buffers) == 1          # binary, not a JSON string
    sent = bytes(buffers[0])
    assert sent.startswith(PREFIX)
    assert base64.b64decode(sent[len(PREFIX):]) == png            # the same PNG, byte for byte
    assert len(sent) == len(PREFIX) + 4 * ((len(png) + 2) // 3)   # base64: 4 characters per 3 bytes
    shown = np.asarray(PIL.Image.open(io.BytesIO(base64.b64decode(sent[len(PREFIX):]))))
    assert np.array_equal(shown, rgba)


def test_a_plain_image_still_sends_png_bytes():
    _, png = small_png(2)
    state, paths, buffers = wire(widgets.Image(format="png", value=png))
    assert state["format"] == "png" and bytes(buffers[0]) == png


def test_from_data_url_reads_back_what_data_url_wrote():
    _, png = small_png(3)
    image = PNGImage(format="png")
    assert from_data_url(data_url(png, image), image) == png
    assert from_data_url(memoryview(data_url(png, image)), image) == png
    assert from_data_url(png, image) == png                        # raw bytes are kept as they are
    assert data_url(None, image) is None and from_data_url(None, image) is None


def test_set_state_from_the_browser_gives_back_the_png():
    _, png = small_png(4)
    image = PNGImage(format="png")
    image.set_state({"value": memoryview(PREFIX + base64.b64encode(png))})
    assert bytes(image.value) == png


def figure_view(**kwargs):
    view = FigureView(figsize=(3, 2), dpi=80, **kwargs)
    ax = view.figure.add_subplot(111)
    (point,) = ax.plot([1], [1], "o", ms=8)
    ax.set_xlim(0, 4)
    view.animate(point)
    view.render(full=True)
    return view, point


def test_figure_view_sends_every_frame_as_a_data_url_of_its_png():
    view, point = figure_view()
    assert isinstance(view.image, PNGImage)
    for x in (1.0, 2.5, 3.0):
        point.set_data([x], [1])
        view.render()
        png = bytes(view.image.value)
        state, _, buffers = wire(view.image)
        assert state["format"] == "url"
        assert base64.b64decode(bytes(buffers[0])[len(PREFIX):]) == png
        assert PIL.Image.open(io.BytesIO(png)).size == (480, 320)   # 3 × 2 in at 80 dpi, pixel ratio 2


def test_figure_view_data_url_false_sends_blobs_as_ipywidgets_does(monkeypatch):
    monkeypatch.setattr(FigureView, "DATA_URL", False)
    view, _ = figure_view()
    assert view.image.as_data_url is False
    state, _, buffers = wire(view.image)
    assert state["format"] == "png" and bytes(buffers[0]) == bytes(view.image.value)


def test_as_data_url_switches_the_wire_form_both_ways():
    _, png = small_png(5)
    image = PNGImage(format="png", value=png, as_data_url=False)
    assert wire(image)[0]["format"] == "png" and bytes(wire(image)[2][0]) == png
    image.as_data_url = True
    assert wire(image)[0]["format"] == "url" and bytes(wire(image)[2][0]) == PREFIX + base64.b64encode(png)
    with pytest.raises(TypeError, match="as_data_url must be True or False"):
        PNGImage(format="png", as_data_url="yes")


@pytest.mark.parametrize("bad", ["not bytes", 3])
def test_png_image_refuses_a_value_that_is_not_bytes(bad):
    with pytest.raises(TraitError):
        PNGImage(format="png", value=bad)

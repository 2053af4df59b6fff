"""FigureView: sharp pictures on HiDPI screens (pixel ratio), the same size on screen, and its own PNG writer.

The picture behind a FigureView has pixel_ratio × (figsize × dpi) pixels each way while the image
widget stays figsize × dpi CSS pixels wide; fonts and lines are in points, so they scale with it.
"""

import io
import math
import zlib

import numpy as np
import PIL.Image
import pytest

from nnlesson.widgets.base import FigureView
from nnlesson.widgets import png as png_module
from nnlesson.widgets.png import BAND_ROWS, PNGEncoder, adler32_combine, encode_png


@pytest.fixture(autouse=True)
def clean_default(monkeypatch):
    """Each test starts from the package default: no set_default_pixel_ratio, no environment variable."""
    monkeypatch.delenv(FigureView.ENV_PIXEL_RATIO, raising=False)
    monkeypatch.setattr(FigureView, "_default_ratio", None)


def decoded(png):
    image = PIL.Image.open(io.BytesIO(png))
    image.load()
    return image


def line_view(**kwargs):
    view = FigureView(figsize=(4, 2.5), dpi=80, **kwargs)
    ax = view.figure.add_subplot(111)
    ax.plot([0, 1, 2], [0, 1, 4], lw=2)
    ax.set_title("E against W1")
    (point,) = ax.plot([1], [1], "o", ms=10)
    view.animate(point)
    view.render(full=True)
    return view, point


def css_width(view):
    return int(view.image.layout.width.removesuffix("px"))


def test_default_ratio_is_2_and_the_png_has_twice_the_css_pixels():
    view, _ = line_view()
    assert view.pixel_ratio == 2.0
    assert view.image.layout.width == "320px"           # 4 in × 80 dpi, as before issue 14
    assert view.image.layout.height == "auto"
    image = decoded(view.image.value)
    assert image.format == "PNG" and image.mode == "RGBA"
    assert image.getextrema()[3] == (255, 255)            # opaque
    assert image.size == (640, 400)                       # 2 × (320 × 200)
    assert image.size[0] == view.pixel_ratio * css_width(view)
    assert view.figure.dpi == 160
    assert view.canvas.get_width_height() == (640, 400)


def test_ratio_1_sends_one_pixel_per_css_pixel():
    view, _ = line_view(pixel_ratio=1)
    assert view.pixel_ratio == 1.0
    assert view.image.layout.width == "320px"
    assert decoded(view.image.value).size == (320, 200)


def test_fractional_ratio_for_a_150_percent_screen():
    view, _ = line_view(pixel_ratio=1.5)
    assert view.image.layout.width == "320px"
    assert decoded(view.image.value).size == (480, 300)


def test_css_width_does_not_depend_on_the_ratio():
    widths = {r: FigureView(figsize=(10.5, 4.1), dpi=80, pixel_ratio=r).image.layout.width for r in (1, 2, 3, 4)}
    assert set(widths.values()) == {"840px"}


def test_same_picture_only_sharper():
    """At ratio 2 the picture, shrunk back to ratio 1's size, matches ratio 1's picture: the text,
    lines and markers are where they were and as large (fonts and widths scale with the dpi)."""
    view1, view2 = line_view(pixel_ratio=1)[0], line_view(pixel_ratio=2)[0]
    for artist in (lambda v: v.figure.axes[0].title, lambda v: v.figure.axes[0].xaxis.get_ticklabels()[-1]):
        box1 = artist(view1).get_window_extent(view1.canvas.get_renderer())
        box2 = artist(view2).get_window_extent(view2.canvas.get_renderer())
        # text twice as large in image pixels, so the same size on screen (glyph hinting at the two
        # sizes makes the widths differ by a few pixels), and in the same place
        assert box2.width == pytest.approx(2 * box1.width, rel=0.08)
        assert box2.height == pytest.approx(2 * box1.height, rel=0.1)
        assert (box2.x0 + box2.x1) / 2 == pytest.approx(box1.x0 + box1.x1, abs=3)
        assert (box2.y0 + box2.y1) / 2 == pytest.approx(box1.y0 + box1.y1, abs=3)
    small = np.asarray(decoded(view1.image.value), dtype=float)
    large = decoded(view2.image.value)
    shrunk = np.asarray(large.resize(small.shape[1::-1], PIL.Image.Resampling.BOX), dtype=float)
    assert np.mean(np.abs(shrunk - small)) < 6.0          # out of 255: the same picture (antialiasing differs)
    ink_small = np.mean(small.sum(axis=2) < 600)           # share of pixels with ink on them
    ink_large = np.mean(np.asarray(large, dtype=float).sum(axis=2) < 600)
    assert ink_large == pytest.approx(ink_small, rel=0.15)


def test_blitted_frames_equal_full_redraws_at_ratio_2():
    view, point = line_view()
    point.set_data([2], [4])
    view.render()                                          # blit: background + the point
    blitted = np.asarray(decoded(view.image.value))
    view.render(full=True)
    assert np.array_equal(blitted, np.asarray(decoded(view.image.value)))
    assert view.renders == 3


def test_package_default_from_set_default_pixel_ratio():
    FigureView.set_default_pixel_ratio(1)
    assert FigureView.default_pixel_ratio() == 1.0
    assert decoded(line_view()[0].image.value).size == (320, 200)
    assert decoded(line_view(pixel_ratio=2)[0].image.value).size == (640, 400)  # an explicit ratio wins
    FigureView.set_default_pixel_ratio(None)
    assert FigureView.default_pixel_ratio() == 2.0


def test_package_default_from_the_environment(monkeypatch):
    monkeypatch.setenv("NNLESSON_PIXEL_RATIO", "1")
    assert FigureView.default_pixel_ratio() == 1.0
    assert FigureView().pixel_ratio == 1.0
    monkeypatch.setenv("NNLESSON_PIXEL_RATIO", " 3 ")
    assert FigureView().pixel_ratio == 3.0
    FigureView.set_default_pixel_ratio(2)                  # the function wins over the variable
    assert FigureView().pixel_ratio == 2.0


@pytest.mark.parametrize("bad", ["x", "0", "-1", "nan", "9"])
def test_bad_environment_value_says_which_variable(monkeypatch, bad):
    monkeypatch.setenv("NNLESSON_PIXEL_RATIO", bad)
    with pytest.raises(ValueError, match=r"the environment variable NNLESSON_PIXEL_RATIO must be a finite number "
                                         r"from 1 to 4, got"):
        FigureView()


@pytest.mark.parametrize("bad", [0, -1, 0.5, math.nan, math.inf, 5, 4.01])
def test_bad_ratio_values(bad):
    with pytest.raises(ValueError, match=r"pixel_ratio must be a finite number from 1 to 4, got"):
        FigureView(pixel_ratio=bad)
    with pytest.raises(ValueError, match=r"pixel_ratio must be a finite number from 1 to 4"):
        FigureView.set_default_pixel_ratio(bad)


@pytest.mark.parametrize("bad", ["x", "2", True, [2], 2j])
def test_bad_ratio_types(bad):
    with pytest.raises(TypeError, match=r"pixel_ratio must be a finite number from 1 to 4, got .* of type"):
        FigureView(pixel_ratio=bad)


@pytest.mark.parametrize("bad", [0, -80, "80", math.nan])
def test_bad_dpi(bad):
    with pytest.raises((TypeError, ValueError), match=r"dpi must be"):
        FigureView(dpi=bad)


def test_the_default_survives_a_bad_setting():
    FigureView.set_default_pixel_ratio(1.5)
    with pytest.raises(ValueError):
        FigureView.set_default_pixel_ratio(0)
    assert FigureView.default_pixel_ratio() == 1.5


# -- the PNG writer -------------------------------------------------------------------------------

@pytest.mark.parametrize("shape", [(1, 1), (3, 5), (7, 2), (800, 700)])  # the last one is compressed in 2 bands
def test_encode_png_is_lossless(shape):
    rng = np.random.default_rng(0)
    rgba = rng.integers(0, 256, (*shape, 4), dtype=np.uint8)
    rgba[shape[0] // 2:, : shape[1] // 2] = (10, 20, 30, 255)   # a flat region, as in a figure
    png = encode_png(rgba)
    image = decoded(png)
    assert image.mode == "RGBA" and image.size == (shape[1], shape[0])
    assert np.array_equal(np.asarray(image), rgba)


def test_png_is_a_valid_png_with_matching_checksums():
    """Every chunk's CRC and the zlib stream's Adler-32 are right (a strict decoder accepts it)."""
    rgba = np.zeros((900, 600, 4), np.uint8)
    rgba[..., 0] = np.arange(600) % 256
    rgba[..., 3] = 255
    png = encode_png(rgba)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(png):
        length = int.from_bytes(png[pos:pos + 4], "big")
        kind, data = png[pos + 4:pos + 8], png[pos + 8:pos + 8 + length]
        assert int.from_bytes(png[pos + 8 + length:pos + 12 + length], "big") == zlib.crc32(kind + data)
        idat += data if kind == b"IDAT" else b""
        pos += 12 + length
    raw = zlib.decompress(idat)                          # checks the Adler-32 too
    assert len(raw) == 900 * (1 + 600 * 4)                # a 0 (no filter), then R, G, B, A per pixel
    assert raw[:: 1 + 600 * 4] == bytes(900)


@pytest.mark.parametrize("bad", [np.zeros((4, 4, 3), np.uint8), np.zeros((4, 4, 4)), [[[0, 0, 0, 255]]],
                                 np.zeros((0, 4, 4), np.uint8)])
def test_encode_png_refuses_what_is_not_an_rgba_frame(bad):
    with pytest.raises(ValueError, match="rgba must"):
        encode_png(bad)


def test_adler32_combine_matches_zlib():
    a, b = b"backpropagation " * 5000, bytes(range(256)) * 300
    combined = adler32_combine(zlib.adler32(a), zlib.adler32(b), len(b))
    assert combined == zlib.adler32(a + b)
    assert adler32_combine(1, zlib.adler32(b), len(b)) == zlib.adler32(b)


def test_palette_frames_keep_the_pixel_ratio():
    view, _ = line_view(colours=64)
    image = decoded(view.image.value)
    assert image.mode == "P" and image.size == (640, 400)
    assert len(image.getcolors()) <= 64


def test_a_frame_at_ratio_2_is_small_enough_to_send():
    """The lesson 1 explorer's figure (840 × 328 CSS px) at ratio 2: about 1.1 million pixels,
    sent as a PNG of well under 300 kB."""
    from nnlesson.widgets import WeightExplorer

    explorer = WeightExplorer()
    image = decoded(explorer.view.image.value)
    assert image.size == (1680, 656)
    assert explorer.view.image.layout.width == "840px"
    assert len(explorer.view.image.value) < 300_000


def test_picture_is_shown_at_the_css_width():
    """A static copy for readers without a kernel: 2× the pixels, displayed at the widget's width."""
    import base64

    view, point = line_view()
    point.set_data([0], [0])
    data, metadata = view.picture()._repr_png_()       # what the notebook stores: base64 PNG + width
    assert metadata == {"width": 320}
    assert decoded(base64.b64decode(data)).size == (640, 400)


def test_encoder_compresses_again_only_the_rows_that_changed():
    rng = np.random.default_rng(1)
    frame = np.full((300, 200, 4), 255, np.uint8)
    frame[:, :, :3] = rng.integers(0, 256, (300, 200, 3), dtype=np.uint8)
    encoder = PNGEncoder()
    assert np.array_equal(np.asarray(decoded(encoder.encode(frame))), frame)
    assert encoder.compressed_rows == 300                      # the first frame: every row
    frame[100, 50] = (1, 2, 3, 255)                            # one pixel, in band 100 // 32 = 3
    png = encoder.encode(frame)
    assert encoder.compressed_rows == BAND_ROWS
    assert np.array_equal(np.asarray(decoded(png)), frame)     # the other bands' bytes were reused
    assert png == encode_png(frame)                            # the same file as from scratch
    assert encoder.encode(frame) == png and encoder.compressed_rows == 0
    frame[-1, -1] = (9, 9, 9, 255)                             # the last band (300 rows: 12 rows)
    assert np.array_equal(np.asarray(decoded(encoder.encode(frame))), frame)
    assert encoder.compressed_rows == 300 - 9 * BAND_ROWS


def test_encoder_starts_again_when_the_size_changes():
    encoder = PNGEncoder()
    small, large = np.zeros((10, 10, 4), np.uint8), np.zeros((70, 40, 4), np.uint8)
    large[5:9, 3] = 200
    for frame in (small, large, small):
        assert np.array_equal(np.asarray(decoded(encoder.encode(frame))), frame)
        assert encoder.compressed_rows == frame.shape[0]


def test_a_moving_point_recompresses_a_few_bands():
    """A blitted update (one marker moves) sends a whole PNG but compresses only the rows it touched."""
    view, point = line_view()
    height = view.canvas.get_width_height()[1]
    point.set_data([1.2], [1.3])
    view.render()
    assert 0 < view._encoder.compressed_rows <= 3 * BAND_ROWS < height
    view.render(full=True)
    image = np.asarray(decoded(view.image.value))
    assert np.array_equal(image, np.asarray(view.canvas.buffer_rgba()))


@pytest.mark.parametrize("bad", [-1, 10, 1.5, "1"])
def test_encoder_level_is_checked(bad):
    with pytest.raises((TypeError, ValueError), match="level must be"):
        PNGEncoder(bad)


def test_an_encoder_with_one_band_writes_the_same_pixels_and_skips_an_unchanged_picture():
    """A small picture sent whole each time (a playground's hidden neuron): one band, one compressor."""
    rng = np.random.default_rng(4)
    picture = rng.integers(0, 256, (120, 120, 4), dtype=np.uint8)
    encoder = PNGEncoder(band_rows=120)
    png = encoder.encode(picture)
    assert np.array_equal(np.asarray(decoded(png)), np.asarray(decoded(encode_png(picture))))
    assert np.array_equal(np.asarray(decoded(png)), picture) and encoder.compressed_rows == 120
    assert encoder.encode(picture) == png and encoder.compressed_rows == 0    # unchanged: nothing compressed
    picture[119, 0] = (1, 2, 3, 4)
    assert np.array_equal(np.asarray(decoded(encoder.encode(picture))), picture) and encoder.compressed_rows == 120


@pytest.mark.parametrize("bad", [0, -2, 2.5, "32"])
def test_encoder_band_rows_is_checked(bad):
    with pytest.raises((TypeError, ValueError), match="band_rows must be"):
        PNGEncoder(band_rows=bad)


def test_indexed_png_decodes_to_the_palette_colours():
    from nnlesson.widgets.png import encode_indexed_png

    rng = np.random.default_rng(7)
    palette = rng.integers(0, 256, (256, 4), dtype=np.uint8)
    palette[:, 3] = 255
    indices = rng.integers(0, 256, (30, 17), dtype=np.uint8)
    image = decoded(encode_indexed_png(indices, palette))
    assert image.mode == "P" and image.size == (17, 30)
    np.testing.assert_array_equal(np.asarray(image.convert("RGBA")), palette[indices])
    palette[5, 3] = 0                                          # a transparent colour: a tRNS chunk
    png = encode_indexed_png(indices, palette)
    assert b"tRNS" in png
    np.testing.assert_array_equal(np.asarray(decoded(png).convert("RGBA")), palette[indices])


@pytest.mark.parametrize("indices, palette, words", [
    (np.zeros((3, 3), np.int64), np.zeros((4, 4), np.uint8), "indices must be"),
    (np.zeros((3, 3, 1), np.uint8), np.zeros((4, 4), np.uint8), "indices must be"),
    (np.zeros((0, 3), np.uint8), np.zeros((4, 4), np.uint8), "indices must be"),
    (np.full((3, 3), 4, np.uint8), np.zeros((4, 4), np.uint8), "below the palette's 4 colours"),
    (np.zeros((3, 3), np.uint8), np.zeros((4, 3), np.uint8), "palette must be"),
    (np.zeros((3, 3), np.uint8), np.zeros((300, 4), np.uint8), "palette must be"),
])
def test_indexed_png_refuses_bad_input(indices, palette, words):
    from nnlesson.widgets.png import encode_indexed_png

    with pytest.raises(ValueError, match=words):
        encode_indexed_png(indices, palette)


# -- the deflate library: ISA-L where installed, else zlib, the same pixels ------------------------

def test_frames_are_deflated_by_isal_at_the_fast_levels_and_by_zlib_above():
    isal_zlib = pytest.importorskip("isal.isal_zlib")
    assert png_module.deflate_library(1) is isal_zlib and png_module.deflate_library(3) is isal_zlib
    assert png_module.deflate_library(4) is zlib and png_module.deflate_library(9) is zlib
    assert png_module.deflate_library(0) is zlib     # level 0: stored, as zlib does it


@pytest.mark.parametrize("level", [0, 1, 3, 6])
def test_isal_and_zlib_frames_decode_to_the_same_pixels(level, monkeypatch):
    """The same frame (and an update of it) deflated by either library is a valid PNG of the same
    pixels; a strict decoder (zlib) checks the joined stream's Adler-32."""
    view, point = line_view()
    rgba = np.asarray(view.canvas.buffer_rgba()).copy()
    moved = rgba.copy()
    moved[40:44, 10:200] = (1, 2, 3, 255)
    made = {}
    for library in ("isal", "zlib"):
        if library == "zlib":
            monkeypatch.setattr(png_module, "isal_zlib", None)
        encoder = PNGEncoder(level)
        made[library] = [encoder.encode(rgba), encoder.encode(moved)]
        assert encoder.compressed_rows == BAND_ROWS            # rows 40..43: band 1 (rows 32..63) only
    for library, (first, second) in made.items():
        assert np.array_equal(np.asarray(decoded(first)), rgba), library
        assert np.array_equal(np.asarray(decoded(second)), moved), library

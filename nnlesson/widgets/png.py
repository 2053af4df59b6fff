"""A fast PNG writer for FigureView's frames: RGBA as drawn, no row filter, deflate level 1 (by
ISA-L), and only the rows that changed since the last frame compressed again.

    encoder = PNGEncoder()                                     # one per figure
    png_bytes = encoder.encode(np.asarray(canvas.buffer_rgba()))   # (height, width, 4) uint8
    png_bytes = encode_png(rgba)                               # one frame, no memory

Why not Pillow: at pixel ratio 2 a frame has about a million pixels, and Pillow spends most of
its time choosing a filter for every row (adaptive filtering), even at compress level 0. An
explorer's figure is mostly flat colour (white, a few fills, text and lines), which deflate packs
about as well with no filter at all. So the frame is written here: each row's bytes behind a 0
("no filter"), deflated at level 1. The pixels go in as Agg drew them, RGBA: copying whole
rows is 15× faster than picking out R, G and B (the alpha bytes, all 255, cost 10 % more bytes
and a little compression time, less than the copy saves).

The deflating is done by ISA-L (the `isal` package, Intel's storage acceleration library:
the same deflate format, written with SIMD): 10–12× faster than zlib at level 1 and a few percent
smaller (a 2× frame of lesson 3's diagram: 1.0 ms instead of 12; benchmarks/README.md). Without
isal, or at a level above 3, Python's zlib does it.

Only what changed: an ipywidgets.Image can only be sent whole, but most of a frame is the same
as the last one (a slider moves a point, a bar, a few numbers). The rows are cut into bands of
BAND_ROWS rows, each compressed on its own (a fresh compressor, ended with a full flush, so it
stands alone in the stream); `PNGEncoder` keeps the last frame and each band's compressed bytes,
and compresses again only the bands whose pixels differ (with zlib, spread over two threads:
numpy's copy and zlib release the GIL). The bands are joined into one zlib stream (then an empty final
block), with their Adler-32 checksums combined: one ordinary PNG, written 3–6× faster than by
Pillow (RGB, compress level 1), with about as many bytes.

Shown fast: `PNGImage` is the ipywidgets.Image FigureView shows its frames in. Its `value` is the
PNG, as for any Image, but it reaches the browser as a data: URL (base64). ipywidgets' Image view
would turn PNG bytes into a blob: URL, which Chromium fetches through its browser process before the
picture can be shown; a data: URL image is loaded inside the page at once. Lesson 1's 2× frame,
alone in a page: painted 8 ms after its src is set instead of 22; in JupyterLab, 5–13 ms sooner per
update (benchmarks/bench_browser_latency.py --transport data blob). The URL is a third larger.

PNG format: signature, IHDR (size, 8-bit RGBA), IDAT (the zlib stream of the rows), IEND; each
chunk is length, type, data, CRC-32 (https://www.w3.org/TR/png/).
"""

from __future__ import annotations

import base64
import os
import struct
import threading
import zlib
from concurrent.futures import ThreadPoolExecutor

import ipywidgets as widgets
import numpy as np
from ipywidgets.widgets.trait_types import CByteMemoryView
from traitlets import Unicode

from .._validate import whole_number

try:   # ISA-L's deflate: the same format, 10× faster than zlib at level 1, a few % smaller
    from isal import isal_zlib
except ImportError:   # pragma: no cover - isal is a dependency; zlib does the same, slower
    isal_zlib = None

LEVEL = 1                   # deflate level: 1 is the fastest; the frames are mostly flat colour
BAND_ROWS = 32              # rows per band: a band is compressed again only if one of its pixels changed
PARALLEL_PIXELS = 200_000   # changed pixels above this are compressed on two threads
SIGNATURE = b"\x89PNG\r\n\x1a\n"
FINAL_BLOCK = b"\x03\x00"   # an empty last deflate block (fixed codes, just the end code): ends the stream
_pool = None
_pool_lock = threading.Lock()


def encode_png(rgba, level=LEVEL):
    """PNG bytes (8-bit RGBA, colour type 6) of an (height, width, 4) uint8 RGBA array."""
    return PNGEncoder(level).encode(rgba)


def encode_indexed_png(indices, palette, level=LEVEL):
    """PNG bytes (8-bit indexed colour: PNG colour type 3) of an (height, width)
    uint8 array of indices into `palette`, an (n, 4) uint8 RGBA table (n ≤ 256): one byte per pixel
    instead of four, for a small picture of few colours (a playground's hidden neuron). The table
    goes in a PLTE chunk (R, G, B) and, if any colour is not opaque, a tRNS chunk (its alphas)."""
    palette = np.asarray(palette)
    if palette.dtype != np.uint8 or palette.ndim != 2 or palette.shape[1] != 4 or not 1 <= len(palette) <= 256:
        raise ValueError(f"palette must be an (n, 4) uint8 RGBA table with 1 to 256 colours, got "
                         f"{palette.shape} {palette.dtype}")
    if (not isinstance(indices, np.ndarray) or indices.dtype != np.uint8 or indices.ndim != 2
            or indices.size == 0):
        raise ValueError(f"indices must be a (height, width) uint8 array with at least one pixel, got "
                         f"{getattr(indices, 'shape', type(indices).__name__)} {getattr(indices, 'dtype', '')}".rstrip())
    if int(indices.max()) >= len(palette):
        raise ValueError(f"indices must be below the palette's {len(palette)} colours, got {int(indices.max())}")
    height, width = indices.shape
    rows = np.zeros((height, width + 1), np.uint8)   # each row: 0 ("no filter"), then its indices
    rows[:, 1:] = indices
    header = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)   # 8 bits, indexed colour
    alpha = palette[:, 3]
    chunks = [_chunk(b"IHDR", header), _chunk(b"PLTE", palette[:, :3].tobytes())]
    if np.any(alpha != 255):
        chunks.append(_chunk(b"tRNS", alpha.tobytes()))
    return SIGNATURE + b"".join(chunks) + _chunk(b"IDAT", deflate_library(level).compress(rows.tobytes(), level)) + _chunk(b"IEND", b"")


class PNGEncoder:
    """Writes successive frames of one figure as PNGs, compressing again only the bands of rows
    whose pixels changed since the previous frame (see the module docstring)."""

    def __init__(self, level=LEVEL, band_rows=BAND_ROWS):
        """`band_rows`: rows per band (a small picture, sent whole each time, is best one band:
        one compressor instead of one per BAND_ROWS rows)."""
        self.level = whole_number("level", level, 0, 9)
        self.band_rows = whole_number("band_rows", band_rows, 1)
        self._previous = None   # the last frame's pixels
        self._bands = []        # per band: (compressed bytes, Adler-32 of its scanlines, their length)
        self.compressed_rows = 0  # rows compressed by the last encode (for tests and benchmarks)

    def encode(self, rgba):
        """PNG bytes (8-bit RGBA) of an (height, width, 4) uint8 RGBA array."""
        if not isinstance(rgba, np.ndarray) or rgba.dtype != np.uint8 or rgba.ndim != 3 or rgba.shape[2] != 4:
            raise ValueError(f"rgba must be a (height, width, 4) uint8 array, got "
                             f"{getattr(rgba, 'shape', type(rgba).__name__)} {getattr(rgba, 'dtype', '')}".rstrip())
        height, width = rgba.shape[:2]
        if height == 0 or width == 0:
            raise ValueError(f"rgba must have at least one pixel, got shape {rgba.shape}")
        rgba = np.ascontiguousarray(rgba)
        edges = list(range(0, height, self.band_rows)) + [height]
        previous = self._previous
        if previous is None or previous.shape != rgba.shape:
            previous, self._bands = None, [None] * (len(edges) - 1)
        pixels = rgba.reshape(height, -1).view(np.uint32)   # compare 4 bytes (one pixel) at a time
        before = None if previous is None else previous.reshape(height, -1).view(np.uint32)
        changed = [k for k in range(len(edges) - 1) if before is None or not np.array_equal(
            pixels[edges[k]:edges[k + 1]], before[edges[k]:edges[k + 1]])]
        rows = sum(edges[k + 1] - edges[k] for k in changed)
        jobs = [(rgba, edges[k], edges[k + 1], self.level) for k in changed]
        # zlib is slow enough to share out over two threads; ISA-L is done sooner than a thread starts
        if deflate_library(self.level) is zlib and rows * width > PARALLEL_PIXELS and (os.cpu_count() or 1) > 1:
            half = len(jobs) // 2
            done = list(_threads().map(_deflate_bands, [jobs[:half], jobs[half:]]))
            parts = done[0] + done[1]
        else:
            parts = _deflate_bands(jobs)
        for k, part in zip(changed, parts):
            self._bands[k] = part
        if previous is None:
            self._previous = rgba.copy()
        else:   # only the bands that changed differ from the last frame
            for k in changed:
                previous[edges[k]:edges[k + 1]] = rgba[edges[k]:edges[k + 1]]
        self.compressed_rows = rows
        checksum = 1  # the Adler-32 of no bytes
        for _, band_checksum, length in self._bands:
            checksum = adler32_combine(checksum, band_checksum, length)
        stream = b"".join((b"\x78\x01", *(data for data, _, _ in self._bands), FINAL_BLOCK,
                           struct.pack(">I", checksum)))
        header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8 bits, RGBA, deflate, no filter/interlace
        return SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", stream) + _chunk(b"IEND", b"")


def adler32_combine(first, second, second_length):
    """The Adler-32 checksum of two byte strings end to end, from each one's checksum and the
    second one's length (as zlib's adler32_combine): A = A1 + A2 − 1, B = B1 + B2 + n2·(A1 − 1), mod 65521."""
    base = 65521
    n = second_length % base
    a1, b1, a2, b2 = first & 0xFFFF, first >> 16, second & 0xFFFF, second >> 16
    return (((b1 + b2 + n * (a1 - 1)) % base) << 16) | ((a1 + a2 - 1) % base)


def deflate_library(level):
    """The module that deflates at `level`: ISA-L's isal_zlib (levels 1–3) where installed,
    else Python's zlib (ISA-L has no levels above 3, and its level 0 still compresses, where
    zlib's stores the bytes as they are)."""
    return isal_zlib if isal_zlib is not None and 1 <= level <= 3 else zlib


def _deflate_bands(jobs):
    return [_deflate_rows(*job) for job in jobs]


def _deflate_rows(rgba, start, stop, level):
    """Rows start..stop−1 as PNG scanlines (a 0 for 'no filter', then R, G, B, A of each pixel),
    raw-deflated on their own and ended with a full flush; returns (bytes, Adler-32 of the
    scanlines, their length)."""
    rows = np.empty((stop - start, rgba.shape[1] * 4 + 1), np.uint8)
    rows[:, 0] = 0
    rows[:, 1:] = rgba[start:stop].reshape(stop - start, -1)
    library = deflate_library(level)
    deflate = library.compressobj(level, library.DEFLATED, -15)  # raw deflate: one zlib header for all bands
    data = deflate.compress(rows) + deflate.flush(library.Z_FULL_FLUSH)
    return data, library.adler32(rows), rows.nbytes


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(data, zlib.crc32(kind)))


def _threads():
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="nnlesson-png")
        return _pool


def data_url(value, widget):
    """`value` (image bytes) as a data: URL, bytes (b"data:image/png;base64,..."); None stays None;
    the bytes as they are if `widget.as_data_url` is False."""
    if value is None or not getattr(widget, "as_data_url", True):
        return value
    return b"data:image/" + widget.format.encode() + b";base64," + base64.b64encode(value)


def from_data_url(js, widget):
    """The image bytes of a data: URL sent back by the browser (or raw bytes, kept as they are)."""
    if js is None:
        return None
    raw = bytes(js)
    if raw.startswith(b"data:") and b";base64," in raw[:64]:
        return base64.b64decode(raw.split(b",", 1)[1])
    return raw


class PNGImage(widgets.Image):
    """An ipywidgets.Image whose image bytes (`value`, a PNG with format "png") travel to the browser
    as a data: URL (format "url" on the wire): shown without a blob: fetch (see the module docstring).
    In Python it reads like any Image: `value` is the PNG's bytes, `format` says "png".
    `as_data_url=False` sends the bytes as a plain Image does (a blob: URL in the browser); after
    changing `image.as_data_url` later, call `image.send_state()` (the benchmarks compare both)."""

    format = Unicode("png", help="The format of the image bytes in value (png).").tag(
        sync=True, to_json=lambda value, widget: "url" if getattr(widget, "as_data_url", True) else value)
    value = CByteMemoryView(help="The image's bytes (sent as a data: URL).").tag(
        sync=True, to_json=data_url, from_json=from_data_url)

    def __init__(self, *, as_data_url=True, **kwargs):
        if not isinstance(as_data_url, bool):
            raise TypeError(f"as_data_url must be True or False, got {as_data_url!r}")
        self.as_data_url = as_data_url   # set before the widget sends its first state
        super().__init__(**kwargs)

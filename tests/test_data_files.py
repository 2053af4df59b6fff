"""Damaged data files: penguins.csv, digits.csv and wine.csv, copied into tmp_path and spoiled.

NNLESSON_DATA points the loaders at the damaged copy. Each damage gets a ValueError naming the
file, and the row (as a spreadsheet counts: penguins' header is row 1; digits.csv has no header,
so its first line is row 1) and the column; or a documented handling ("nan" is a missing value,
dropped and counted; a file saved with semicolons reads the same).
"""

import shutil
from pathlib import Path

import numpy as np
import pytest

import nnlesson as nl

DATA = Path(__file__).resolve().parent.parent / "data"


def damaged(tmp_path, monkeypatch, name, change):
    """A copy of data/<name> with change(lines) applied, and NNLESSON_DATA pointing at it."""
    for other in ("penguins.csv", "digits.csv", "wine.csv"):
        shutil.copy(DATA / other, tmp_path / other)
    text = (DATA / name).read_text()
    result = change(text.splitlines(keepends=True))
    (tmp_path / name).write_bytes(result if isinstance(result, bytes) else "".join(result).encode())
    monkeypatch.setenv("NNLESSON_DATA", str(tmp_path))


def replace_cell(lines, row, column, value):
    """Lines with the cell at (row, column) replaced; row counts from 1 (a spreadsheet's numbering)."""
    cells = lines[row - 1].rstrip("\n").split(",")
    cells[column] = value
    lines[row - 1] = ",".join(cells) + "\n"
    return lines


# -- penguins ------------------------------------------------------------------------------------------
PENGUIN_DAMAGE = [
    ("not UTF-8", lambda lines: "".join(lines).replace("Torgersen", "Torg\xe9rsen", 1).encode("latin-1"),
     r"penguins.csv is not utf-8 text: byte 0xe9 on row 2 cannot be read"),
    ("truncated in a row", lambda lines: lines[:100] + [lines[100][:12]],
     r"penguins.csv, row 101 \(the header is row 1\): \d values, but the header has 8 columns: is the row cut short"),
    ("a semicolon in one row", lambda lines: lines[:40] + [lines[40].replace(",", ";", 1)] + lines[41:],
     r"penguins.csv, row 41 \(the header is row 1\): 7 values, but the header has 8 columns"),
    ("text in a number column", lambda lines: replace_cell(lines, 6, 2, "thirty"),
     r"penguins.csv, row 6 \(the header is row 1\), column 'bill_length_mm': 'thirty' is not a number"),
    ("inf in a number column", lambda lines: replace_cell(lines, 7, 3, "inf"),
     r"penguins.csv, row 7 \(the header is row 1\), column 'bill_depth_mm': 'inf' is not a finite number"),
    ("an open quote", lambda lines: replace_cell(lines, 9, 1, '"Dream'),
     r"penguins.csv, row 9: cannot be read as CSV"),
    ("a NUL byte", lambda lines: "".join(lines).replace("Biscoe", "Bis\x00coe", 1).encode(),
     r"penguins.csv contains NUL characters: it is a binary file"),
    ("emptied", lambda lines: [], r"penguins.csv is empty"),
    ("the header lost", lambda lines: lines[1:],
     r"penguins.csv: row 1 holds numbers \(Adelie, Torgersen, 39.1, 18.7, …\), not column names: is the header row "
     r"missing\?"),
    ("a column renamed", lambda lines: [lines[0].replace("island", "Island")] + lines[1:],
     r"penguins.csv does not have the expected columns \[.*\], got \['species', 'Island', 'bill_length_mm'"),
]


@pytest.mark.parametrize("what, change, message", PENGUIN_DAMAGE, ids=[d[0] for d in PENGUIN_DAMAGE])
def test_damaged_penguins_file(tmp_path, monkeypatch, what, change, message):
    damaged(tmp_path, monkeypatch, "penguins.csv", change)
    with pytest.raises(ValueError, match=message):
        nl.load_penguins()


def test_nan_in_the_penguins_file_is_a_missing_value(tmp_path, monkeypatch):
    intact = nl.load_penguins()
    damaged(tmp_path, monkeypatch, "penguins.csv", lambda lines: replace_cell(lines, 10, 5, "nan"))
    ds = nl.load_penguins()
    assert ds.n_dropped == intact.n_dropped + 1 and len(ds.X) == len(intact.X) - 1
    assert not np.isnan(ds.X).any() and not np.isnan(ds.y).any()
    assert ds.n_missing["body_mass_g"] == 3  # 2 in the file as NA, 1 written nan
    # a column that was not chosen does not matter
    assert nl.load_penguins(target="flipper_length_mm", features=["bill_length_mm"]).n_dropped == intact.n_dropped


def test_penguins_saved_with_semicolons_read_the_same(tmp_path, monkeypatch):
    intact = nl.load_penguins(target="species")
    damaged(tmp_path, monkeypatch, "penguins.csv", lambda lines: [line.replace(",", ";") for line in lines])
    again = nl.load_penguins(target="species")
    np.testing.assert_array_equal(again.X, intact.X)
    np.testing.assert_array_equal(again.y, intact.y)


# -- digits --------------------------------------------------------------------------------------------
DIGIT_DAMAGE = [
    ("a pixel of 17", lambda lines: replace_cell(lines, 5, 10, "17"),
     r"digits.csv, row 5 \(the first line is row 1\), column 'pixel_1_2': '17' is out of range: pixel values must "
     r"be whole numbers from 0 to 16"),
    ("a negative pixel", lambda lines: replace_cell(lines, 1, 0, "-1"), r"row 1 .*'pixel_0_0': '-1' is out of range"),
    ("a fractional pixel", lambda lines: replace_cell(lines, 3, 63, "3.5"), r"row 3 .*'pixel_7_7': '3.5' is out of"),
    ("a label of 10", lambda lines: replace_cell(lines, 8, 64, "10"),
     r"digits.csv, row 8 \(the first line is row 1\), column 'digit': '10' is out of range: digit labels must be "
     r"whole numbers from 0 to 9"),
    ("a pixel written nan", lambda lines: replace_cell(lines, 12, 20, "nan"),
     r"digits.csv, row 12 \(the first line is row 1\), column 'pixel_2_4': a value is missing"),
    ("a pixel written inf", lambda lines: replace_cell(lines, 12, 20, "inf"), r"row 12 .*'inf' is not a finite"),
    ("text for a pixel", lambda lines: replace_cell(lines, 2, 2, "x"), r"row 2 .*'pixel_0_2': 'x' is not a number"),
    ("truncated", lambda lines: lines[:50] + [lines[50][:30]],
     r"digits.csv, row 51 \(the first line is row 1\): \d+ values, but 65 are expected: is the row cut short"),
    ("a column too many", lambda lines: [line.replace("\n", ",0\n") for line in lines],
     r"digits.csv, row 1 \(the first line is row 1\): 66 values, but 65 are expected"),
    ("not UTF-8", lambda lines: "".join(lines[:99]).encode() + b"0,\xc3\x28" + "".join(lines[99:]).encode(),
     r"digits.csv is not utf-8 text: byte 0xc3 on row 100 cannot be read"),
    ("a UTF-16 mark on junk", lambda lines: b"\xff\xfe\xfd" + "".join(lines).encode(),
     r"digits.csv is not utf-16 text"),
]


@pytest.mark.parametrize("what, change, message", DIGIT_DAMAGE, ids=[d[0] for d in DIGIT_DAMAGE])
def test_damaged_digits_file(tmp_path, monkeypatch, what, change, message):
    damaged(tmp_path, monkeypatch, "digits.csv", change)
    with pytest.raises(ValueError, match=message):
        nl.load_digits()


# -- wine ----------------------------------------------------------------------------------------------
def test_damaged_wine_file(tmp_path, monkeypatch):
    damaged(tmp_path, monkeypatch, "wine.csv", lambda lines: replace_cell(lines, 20, 1, "13,2"))
    with pytest.raises(ValueError, match=r"wine.csv, row 20 \(the header is row 1\): 15 values, but the header has 14 "
                                         r"columns: does a value contain a comma\? Put such a value in quotes"):
        nl.load_wine()


def test_wine_with_missing_values_drops_and_counts_them(tmp_path, monkeypatch):
    damaged(tmp_path, monkeypatch, "wine.csv",
            lambda lines: replace_cell(replace_cell(lines, 3, 1, "NA"), 4, 0, ""))
    ds = nl.load_wine()
    assert ds.n_dropped == 2 and len(ds.X) == 176
    assert ds.n_missing["alcohol"] == 1 and ds.n_missing["cultivar"] == 1
    assert nl.load_wine("magnesium").n_dropped == 1  # alcohol is a feature there; cultivar is not chosen

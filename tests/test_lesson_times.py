"""The times the lessons and the teachers' guide state are the ones counted from the lessons (issue 11, item 8).

scripts/lesson_times.py counts each lesson's words, code cells, "Try this" prompts and exercises and
turns them into minutes at stated rates, calibrated once on a timed first pass. Run it with --write
after changing a lesson; this test fails while a stated time disagrees with the counts.
"""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import lesson_times  # noqa: E402


def test_the_rates_reproduce_the_timed_first_pass():
    c = lesson_times.CALIBRATION
    then = lesson_times.LessonTime("series at c46dd00", c["words"], c["code_cells"], c["prompts"], c["exercises"])
    low, high = c["measured_minutes"]
    assert low <= then.exact_minutes <= high


def test_counting_a_small_lesson(tmp_path):
    md = tmp_path / "09_tiny.md"
    md.write_text("---\njupytext:\n  x: 1\n---\n\n# Title words here\n\nSome *plain* prose, six words.\n\n"
                  "```{code-cell} ipython3\nx = 1\n```\n\n**Try this**\n\n1. Move W.\n   More of prompt 1.\n"
                  "2. Move b.\n\nAfter the list.\n\n```{code-cell} ipython3\nlesson9.check_thing(f)\n```\n",
                  encoding="utf-8")
    t = lesson_times.measure(md)
    # Title words here (3) + Some plain prose, six words. (5) + Try this (2) + 1. Move W. More of prompt 1. (7)
    # + 2. Move b. (3) + After the list. (3)
    assert (t.words, t.code_cells, t.prompts, t.exercises) == (23, 2, 2, 1)
    assert t.exact_minutes == pytest.approx(23 / 150 + 2 * 1.0 + 2 * 2.5 + 1 * 6.0)
    assert t.minutes == 15


def test_every_lesson_states_its_time_in_every_place():
    stated = lesson_times.stated_times()
    stems = [p.stem for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.md"))]
    for stem in stems:
        assert stated[f"{stem}.md: top"] is not None, f"{stem}.md does not say '*About N minutes.*' at the top"
        assert f"teaching.md: plan {stem[:2]}" in stated, f"docs/teaching.md has no lesson plan heading for {stem}"
        if not stem.startswith("00"):
            assert f"00_start_here.md: table row {stem}" in stated, f"lesson 0's table has no row for {stem}"
    assert "00_start_here.md: total 1" in stated and "teaching.md: total 1" in stated


def test_stated_times_match_the_counts():
    measured = lesson_times.lessons()
    stated, expected = lesson_times.stated_times(), lesson_times.expected_times(measured)
    wrong = {place: (stated[place], expected[place]) for place in stated if stated[place] != expected[place]}
    assert wrong == {}, ("stated times disagree with the counts (stated, counted); run "
                         f"`.venv/bin/python scripts/lesson_times.py --write`: {wrong}")

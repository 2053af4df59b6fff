"""How long each lesson takes a learner on a first pass, counted from what the lesson holds.

    .venv/bin/python scripts/lesson_times.py            # the table: counts and minutes per lesson
    .venv/bin/python scripts/lesson_times.py --write    # also update every place that states a time

A first pass reads every text cell, runs and reads every code cell, tries every "Try this" prompt
(predict, move the controls, open the folded answer) and does every exercise and self-check. Each
of these is counted in the lesson's text source (notebooks/NN_name.md) and given a time:

    reading       words of text (prose, formulas and folded answers) at READING_WPM words a minute:
                  careful reading of technical text, not skimming
    code cells    CODE_CELL_MIN minutes each: read the code, run it, read its output
    prompts       PROMPT_MIN minutes each
    exercises     EXERCISE_MIN minutes each: a code cell that calls a checker (`check_...`)

The rates were set once, so that the series as it stood when a first pass was timed (6–7 hours, in
issue 11, at commit c46dd00: CALIBRATION below) comes out inside that range, and are then left alone:
when a lesson grows, its time grows. A lesson's time is rounded up to 5 minutes; the series' total is
the sum, stated in quarter hours. A class that leaves the exercises for home saves EXERCISE_MIN per
exercise.

--write updates, from these counts, the time at the top of each lesson (*About N minutes.*), the
table and the total in 00_start_here.md, and the lesson plans' headings and the total in
docs/teaching.md; tests/test_lesson_times.py fails when any of them disagrees with the counts.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
TEACHING = ROOT / "docs" / "teaching.md"

READING_WPM = 150
CODE_CELL_MIN = 1.0
PROMPT_MIN = 2.5
EXERCISE_MIN = 6.0
# What the seven lessons held at commit c46dd00, when a first pass took 6–7 hours (issue 11).
CALIBRATION = {"words": 13_415, "code_cells": 105, "prompts": 44, "exercises": 15, "measured_minutes": (360, 420)}

CODE_CELL = re.compile(r"^```\{code-cell\}.*?^```\s*$", re.S | re.M)
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
TRY_THIS = re.compile(r"^\*\*Try this\*\*\s*$")
ITEM = re.compile(r"^(?:\d+\.|[-*])\s+\S")
HEADING = re.compile(r"^#{1,6}\s")
CHECKER_CALL = re.compile(r"\bcheck_\w+\s*\(")
MARKUP = re.compile(r"<[^>]+>|[#*`|]+")
STATED = re.compile(r"^\*About (\d+) minutes\.", re.M)


@dataclass
class LessonTime:
    """What one lesson holds and the minutes a first pass takes."""

    stem: str
    words: int
    code_cells: int
    prompts: int
    exercises: int

    @property
    def exact_minutes(self) -> float:
        return (self.words / READING_WPM + self.code_cells * CODE_CELL_MIN + self.prompts * PROMPT_MIN
                + self.exercises * EXERCISE_MIN)

    @property
    def minutes(self) -> int:
        return 5 * math.ceil(self.exact_minutes / 5)


def count_prompts(markdown: str) -> int:
    """The items of every "**Try this**" list (numbered or bulleted) in the lesson's text."""
    lines, n = markdown.split("\n"), 0
    for i, line in enumerate(lines):
        if not TRY_THIS.match(line):
            continue
        for following in lines[i + 1:]:
            if ITEM.match(following):
                n += 1
            elif following.strip() and not following.startswith(" "):
                break
    return n


def measure(path: Path) -> LessonTime:
    """Count one lesson's words, code cells, prompts and exercises in its MyST Markdown."""
    text = FRONT_MATTER.sub("", path.read_text(encoding="utf-8"))
    cells = CODE_CELL.findall(text)
    markdown = CODE_CELL.sub("", text)
    words = len(MARKUP.sub(" ", markdown).split())
    exercises = sum(1 for cell in cells if CHECKER_CALL.search(cell))
    return LessonTime(path.stem, words, len(cells), count_prompts(markdown), exercises)


def lessons() -> list[LessonTime]:
    return [measure(p) for p in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.md"))]


def total_in_words(minutes: int) -> str:
    """The series' total in quarter hours, as the lessons say it: 'about 6¾ hours'."""
    quarters = round(minutes / 15)
    hours, rest = divmod(quarters, 4)
    return f"about {hours}{['', '¼', '½', '¾'][rest]} hours"


# -- the places that state a time --------------------------------------------------------------
def stated_times() -> dict:
    """Every time the lessons and the guide state: {place: minutes or text}."""
    found = {}
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.md")):
        m = STATED.search(path.read_text(encoding="utf-8"))
        found[f"{path.name}: top"] = int(m.group(1)) if m else None
    start = (NOTEBOOKS / "00_start_here.md").read_text(encoding="utf-8")
    for m in re.finditer(r"^\| \d+ \| `(\d\d_\w+)` \|.*\| (\d+) min \|$", start, re.M):
        found[f"00_start_here.md: table row {m.group(1)}"] = int(m.group(2))
    for k, m in enumerate(re.finditer(r"about [0-9¼½¾]+ hours", start)):
        found[f"00_start_here.md: total {k + 1}"] = m.group(0)
    guide = TEACHING.read_text(encoding="utf-8")
    for m in re.finditer(r"^### (\d\d) — .*\((\d+) min\)$", guide, re.M):
        found[f"teaching.md: plan {m.group(1)}"] = int(m.group(2))
    for k, m in enumerate(re.finditer(r"about [0-9¼½¾]+ hours", guide)):
        found[f"teaching.md: total {k + 1}"] = m.group(0)
    return found


def expected_times(measured: list[LessonTime]) -> dict:
    """What each place in `stated_times` should say, from the counts."""
    by_stem = {t.stem: t.minutes for t in measured}
    total = total_in_words(sum(by_stem.values()))
    expected = {}
    for place in stated_times():
        if place.endswith(": top"):
            expected[place] = by_stem[place.split(":")[0][:-3]]
        elif "table row" in place:
            expected[place] = by_stem[place.rsplit(" ", 1)[1]]
        elif "plan" in place:
            number = place.rsplit(" ", 1)[1]
            expected[place] = next(m for stem, m in by_stem.items() if stem.startswith(number))
        else:
            expected[place] = total
    return expected


def write(measured: list[LessonTime]) -> None:
    """Put the counted times in every place that states one."""
    by_stem = {t.stem: t.minutes for t in measured}
    total = total_in_words(sum(by_stem.values()))
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.md")):
        text = path.read_text(encoding="utf-8")
        text = STATED.sub(f"*About {by_stem[path.stem]} minutes.", text, count=1)
        if path.stem.startswith("00_"):
            text = re.sub(r"^(\| \d+ \| `(\d\d_\w+)` \|.*\| )(\d+)( min \|)$",
                          lambda m: f"{m.group(1)}{by_stem[m.group(2)]}{m.group(4)}", text, flags=re.M)
            text = re.sub(r"about [0-9¼½¾]+ hours", total, text)
        path.write_text(text, encoding="utf-8")
    guide = TEACHING.read_text(encoding="utf-8")
    guide = re.sub(r"^(### (\d\d) — .*\()(\d+)( min\))$",
                   lambda m: m.group(1) + str(next(v for s, v in by_stem.items() if s.startswith(m.group(2))))
                   + m.group(4), guide, flags=re.M)
    guide = re.sub(r"about [0-9¼½¾]+ hours", total, guide)
    TEACHING.write_text(guide, encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="update every stated time from the counts")
    args = parser.parse_args(argv)
    measured = lessons()
    print("| lesson | words | code cells | prompts | exercises | minutes (exact) | stated |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for t in measured:
        print(f"| {t.stem} | {t.words:,} | {t.code_cells} | {t.prompts} | {t.exercises} | "
              f"{t.exact_minutes:.1f} | {t.minutes} min |")
    total = sum(t.minutes for t in measured)
    print(f"| **all** | {sum(t.words for t in measured):,} | {sum(t.code_cells for t in measured)} | "
          f"{sum(t.prompts for t in measured)} | {sum(t.exercises for t in measured)} | "
          f"{sum(t.exact_minutes for t in measured):.1f} | {total} min, {total_in_words(total)} |")
    if args.write:
        write(measured)
        print("updated the lessons' and the guide's stated times")
    return 0


if __name__ == "__main__":
    sys.exit(main())

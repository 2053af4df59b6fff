"""Every "Try this" list has an answer for each prompt, and the teachers' map has no gap.

The lessons' text is the MyST Markdown of notebooks/NN_name.md. Below a line "**Try this**" comes a
list of prompts (numbered "1." or bulleted "-"); before the next heading, each prompt k must have
a folded answer in the lessons' markup:

    <details>
    <summary>Answer to k: what it is about</summary>

    What the learner should see, and why.

    </details>

(the blank line after the summary lets Markdown and LaTeX render inside the HTML block in JupyterLab;
": what it is about" is optional). So a prompt added without an answer fails here.

docs/teaching.md holds "A map of the series": a table with one row per point of the article, and
for each where it is taught, explored live and self-checked. The rows the series must cover are
listed below; no cell may be empty, the sections it names must exist in the notebooks, and the
explorers and checkers it names must exist in the package.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.md"))
TEACHING = ROOT / "docs" / "teaching.md"

TRY_THIS = re.compile(r"^\*\*Try this\*\*\s*$")
ITEM = re.compile(r"^(?:\d+\.|[-*])\s+\S")
HEADING = re.compile(r"^#{1,6}\s")
FENCE = re.compile(r"^(```|~~~)")
SUMMARY = re.compile(r"^<summary>Answer to (\d+)(?::\s*\S.*)?</summary>$")
MIN_WORDS = 15          # an answer says what to see and why: more than a stub


# -- reading a lesson's Markdown ------------------------------------------------------------------
def outside_code(lines):
    """The indices of the lines that are not inside a fenced code block (code cells included)."""
    inside, keep = False, []
    for i, line in enumerate(lines):
        if FENCE.match(line):
            inside = not inside
            continue
        if not inside:
            keep.append(i)
    return keep


def try_this_lists(text):
    """Every "Try this" list of a lesson: [(line number, prompts, answers)], where `prompts` are the
    list items' first lines and `answers` the answer blocks found after the list, before the next
    heading: [(number, summary line, body text, problems)]."""
    lines = text.split("\n")
    visible = outside_code(lines)
    found = []
    for position, i in enumerate(visible):
        if not TRY_THIS.match(lines[i]):
            continue
        rest = visible[position + 1:]
        prompts, k = [], 0
        while k < len(rest):                          # the list: items and their indented continuations
            line = lines[rest[k]]
            if ITEM.match(line):
                prompts.append(line)
            elif line.strip() and not (line.startswith(" ") and prompts):
                break
            k += 1
        end = next((j for j in rest[k:] if HEADING.match(lines[j])), len(lines))
        block = [j for j in rest[k:] if j < end]
        found.append((i + 1, prompts, answer_blocks(lines, block)))
    return found


def answer_blocks(lines, indices):
    """The `<details>` answer blocks among the given lines: [(number or None, summary, body, problems)]."""
    blocks = []
    for j in indices:
        if lines[j].strip() != "<details>":
            continue
        problems = []
        body = []
        summary = lines[j + 1] if j + 1 < len(lines) else ""
        match = SUMMARY.match(summary)
        if not match:
            problems.append(f"the line after <details> must be '<summary>Answer to k: ...</summary>', "
                            f"got {summary!r}")
        if j + 2 >= len(lines) or lines[j + 2].strip():
            problems.append("leave a blank line after </summary>, or the Markdown inside will not render")
        close = next((m for m in range(j + 1, len(lines)) if lines[m].strip() in ("</details>", "<details>")), None)
        if close is None or lines[close].strip() != "</details>":
            problems.append("the block has no </details> before the next <details>")
        else:
            body = lines[j + 2:close]
        blocks.append((int(match.group(1)) if match else None, summary, "\n".join(body).strip(), problems))
    return blocks


def check_lesson(text):
    """What is wrong with a lesson's "Try this" answers, as a list of sentences ([] when all is well)."""
    errors = []
    for line, prompts, answers in try_this_lists(text):
        where = f"the Try this list at line {line}"
        if not prompts:
            errors.append(f"{where} has no prompts")
            continue
        numbers = [n for n, *_ in answers]
        if numbers != list(range(1, len(prompts) + 1)):
            errors.append(f"{where} has {len(prompts)} prompts, so it needs answers 1 to {len(prompts)} in order "
                          f"before the next heading; found answers {numbers}")
        for n, summary, body, problems in answers:
            for problem in problems:
                errors.append(f"{where}, answer {n}: {problem}")
            if len(body.split()) < MIN_WORDS:
                errors.append(f"{where}, answer {n}: the answer has {len(body.split())} word(s), fewer than "
                              f"{MIN_WORDS}: say what the learner should see, and why")
    return errors


# -- the lessons -------------------------------------------------------------------------------------
def test_the_lessons_are_found():
    assert [p.name[:2] for p in NOTEBOOKS][:7] == ["00", "01", "02", "03", "04", "05", "06"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_prompt_has_its_answer(path):
    text = path.read_text(encoding="utf-8")
    lists = try_this_lists(text)
    assert lists, f"{path.name} has no **Try this** list"
    assert check_lesson(text) == []


def test_the_parser_finds_the_lessons_prompts():
    """Lessons 0–6 hold nine lists and 44 prompts (more may come, each with its answer)."""
    lists = [entry for path in NOTEBOOKS[:7] for entry in try_this_lists(path.read_text(encoding="utf-8"))]
    assert len(lists) >= 9
    assert sum(len(prompts) for _, prompts, _ in lists) >= 44
    assert sum(len(answers) for *_, answers in lists) == sum(len(prompts) for _, prompts, _ in lists)


ANSWERED = """\
**Try this**

1. First prompt,
   over two lines.
2. Second prompt.

<details>
<summary>Answer to 1: the first</summary>

One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen.

</details>

<details>
<summary>Answer to 2: the second</summary>

One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen.

</details>

## Next section
"""


def test_a_list_with_all_its_answers_passes():
    [(line, prompts, answers)] = try_this_lists(ANSWERED)
    assert line == 1
    assert prompts == ["1. First prompt,", "2. Second prompt."]
    assert [n for n, *_ in answers] == [1, 2]
    assert check_lesson(ANSWERED) == []


def test_a_prompt_without_an_answer_fails():
    text = ANSWERED.replace("2. Second prompt.", "2. Second prompt.\n3. A new prompt.")
    [error] = check_lesson(text)
    assert "3 prompts" in error and "found answers [1, 2]" in error


def test_answers_after_the_next_heading_do_not_count():
    text = ANSWERED.replace("<details>\n<summary>Answer to 2", "## Too late\n\n<details>\n<summary>Answer to 2", 1)
    [error] = check_lesson(text)
    assert "found answers [1]" in error


def test_a_bulleted_list_counts_its_bullets():
    text = ANSWERED.replace("1. First prompt,", "- First prompt,").replace("2. Second prompt.", "- Second prompt.")
    [(_, prompts, _)] = try_this_lists(text)
    assert len(prompts) == 2
    assert check_lesson(text) == []


def test_markup_that_would_not_render_fails():
    cramped = ANSWERED.replace("</summary>\n\nOne", "</summary>\nOne", 1)
    assert any("blank line after </summary>" in e for e in check_lesson(cramped))
    unclosed = ANSWERED.replace("fifteen.\n\n</details>", "fifteen.", 1)
    assert any("no </details>" in e for e in check_lesson(unclosed))
    unnamed = ANSWERED.replace("Answer to 1: the first", "Show the answer", 1)
    assert any("Answer to k" in e for e in check_lesson(unnamed))
    plain = ANSWERED.replace("Answer to 1: the first", "Answer to 1", 1).replace("fifteen.\n\n</details>",
                                                                                   "fifteen.\n</details>", 1)
    assert check_lesson(plain) == []


def test_a_stub_answer_fails():
    text = ANSWERED.replace("One two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                            "fifteen.", "Yes.", 1)
    [error] = check_lesson(text)
    assert "1 word(s)" in error


def test_a_code_cell_is_not_read_as_a_heading():
    text = ANSWERED.replace("2. Second prompt.\n", "2. Second prompt.\n\n```python\n# a comment\n```\n", 1)
    assert check_lesson(text) == []


# -- the teachers' map -------------------------------------------------------------------------------
MAP_HEADING = "## A map of the series: taught, explored, self-checked"
REQUIRED_ROWS = ("The error", "The partial derivative and the sign rule", "The learning rate", "Gradient descent",
                 "The chain rule", "Last layer first", "Per-row updates and epochs", "Mean squared error",
                 "One-hot encoding", "Softmax", "Sigmoid for two classes", "Cross-entropy",
                 "Cross-entropy learns faster")
EMPTY = {"", "-", "—", "–", "?", "n/a", "none", "tbd", "todo", "planned", "not yet"}
SECTION = re.compile(r"\b(0\d) §\d+ \*([^*]+)\*")
CHECKER = re.compile(r"`(lesson\d|capstone)\.(check_\w+)`")
BACKTICKED = re.compile(r"`([A-Z]\w+)`")


def map_table(text):
    """The map's table: (header cells, [row cells, ...])."""
    assert MAP_HEADING in text, f"docs/teaching.md has no section {MAP_HEADING!r}"
    section = text.split(MAP_HEADING, 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.split("\n") if line.startswith("|")]
    assert len(rows) > 2, "the map section has no table"

    def cells(line):
        return [c.strip() for c in line.strip().strip("|").split("|")]

    header, separator, *body = rows
    assert set(separator.replace("|", "").split()) <= {"---", ":---", "---:", ":---:"}, separator
    return cells(header), [cells(r) for r in body]


def headings(stem):
    """The headings of notebook `stem` (e.g. "01"), lower case, without Markdown and LaTeX marks."""
    [path] = [p for p in NOTEBOOKS if p.name.startswith(stem + "_")]
    return [normal(line) for line in path.read_text(encoding="utf-8").split("\n") if HEADING.match(line)]


def normal(text):
    return re.sub(r"[`$*_\\]", "", text).lower()


@pytest.fixture(scope="module")
def table():
    return map_table(TEACHING.read_text(encoding="utf-8"))


def test_the_map_has_its_columns(table):
    header, _ = table
    assert [h.lower() for h in header] == ["point", "taught", "explored live", "self-checked"]


def test_the_map_has_every_required_row(table):
    _, rows = table
    points = [row[0] for row in rows]
    missing = [p for p in REQUIRED_ROWS if p not in points]
    assert missing == [], f"rows missing from the map: {missing}"
    assert len(points) == len(set(points)), "a point appears twice"


def test_no_cell_of_the_map_is_empty(table):
    header, rows = table
    for row in rows:
        assert len(row) == len(header), f"row {row[0]!r} has {len(row)} cells, the header {len(header)}"
        for name, cell in zip(header, row):
            assert cell.strip(" .:").lower() not in EMPTY, f"row {row[0]!r}: the {name!r} cell is empty"


def test_the_sections_the_map_names_exist(table):
    _, rows = table
    for row in rows:
        named = SECTION.findall(row[1])
        assert named, f"row {row[0]!r}: say where it is taught as 'NN §k *section heading*'"
        for stem, title in named:
            assert any(normal(title) in h for h in headings(stem)), \
                f"row {row[0]!r}: notebook {stem} has no section {title!r}"


def test_the_explorers_and_checkers_the_map_names_exist(table):
    from nnlesson.widgets import EXPLORERS

    _, rows = table
    for row in rows:
        for name in BACKTICKED.findall(row[2]):
            assert name in EXPLORERS, f"row {row[0]!r}: {name} is not one of the explorers"
        for module, checker in CHECKER.findall(row[3]):
            lesson = importlib.import_module(f"nnlesson.lessons.{module}")
            assert callable(getattr(lesson, checker, None)), f"row {row[0]!r}: {module}.{checker} does not exist"


def test_the_map_knows_what_is_still_missing(table):
    """The map admits no gap (no cell says partly, planned or not yet)."""
    _, rows = table
    gaps = sorted((row[0], column) for row in rows for column, cell in zip(("taught", "live", "checked"), row[1:])
                  if re.match(r"(partly|planned|not yet)\b", cell) or re.search(r"; (planned|not yet)\b", cell))
    assert gaps == []

"""Unit pages: check their front matter and required sections (render.py draws their header and the unit list)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from coursekit.frontmatter import FIRST_LINE, Page, read_page
from coursekit.markers import find_markers
from coursekit.models import UnitMeta
from coursekit.problems import Problem
from coursekit.scan_text import mask_code
from coursekit.validation import validate

MIN_MINUTES, MAX_MINUTES = 15, 30
HEADING = re.compile(r"^(#{2,6})\s+(.*?)\s*$")
HEADING_ID = re.compile(r"\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}\s*$")
NUMBERED_ITEM = re.compile(r"^\d+[.)]\s+(?=\S)")
BULLET_ITEM = re.compile(r"^[-*+]\s+\S")


@dataclass(frozen=True)
class Unit:
    path: str  # relative to docs/, e.g. modules/unit-1.md
    number: int
    title: str
    summary: str
    objectives: tuple[str, ...]
    keypoints: tuple[str, ...]
    reading: int
    exercises: int
    reflection: tuple[str, ...] = ()  # the numbered questions under 振り返り, for the printed handouts

    @property
    def minutes(self) -> int:
        return self.reading + self.exercises


def is_unit_page(path: str) -> bool:
    return path.startswith("modules/") and path.endswith(".md")


def headings(body: str, first_line: int, masked: str | None = None) -> tuple[tuple[int, int, str, str | None], ...]:
    """(file line, level, text, explicit id or None) for each heading outside code. `masked`: mask_code(body)."""
    marks = []
    masked = mask_code(body) if masked is None else masked
    for offset, (line, hidden) in enumerate(zip(body.splitlines(), masked.splitlines(), strict=True)):
        m = HEADING.match(line) if HEADING.match(hidden) else None
        if m:
            found = HEADING_ID.search(m.group(2))
            marks.append((first_line + offset, len(m.group(1)), m.group(2), found.group(1) if found else None))
    return tuple(marks)


def section_lines(body: str, first_line: int, marks, section_id: str):
    """(heading line, [(file line, text) of the lines until the next heading of the same or higher level]).
    `marks`: the body's headings()."""
    lines = body.splitlines()
    for i, (line_no, level, _text, hid) in enumerate(marks):
        if hid != section_id:
            continue
        end = next((ln for ln, lv, _t, _h in marks[i + 1:] if lv <= level), first_line + len(lines))
        return line_no, [(n, lines[n - first_line]) for n in range(line_no + 1, end)]
    return None, []


def check_heading_ids(path: str, marks) -> list[Problem]:
    """Every ## and ### heading needs an explicit id, so links survive edits of its text. `marks`: headings()."""
    problems, seen = [], {}
    for line_no, level, text, hid in marks:
        if level > 3:
            continue
        if hid is None:
            problems.append(Problem(path, line_no, f"見出し「{text}」に id がありません",
                                    "見出しの後に `{#romaji-no-id}` を付けてください (heading needs an explicit id)"))
        elif hid in seen:
            problems.append(Problem(path, line_no, f"見出しの id「{hid}」が {seen[hid]} 行目と重複しています",
                                    "別の id にしてください (duplicate heading id)"))
        else:
            seen[hid] = line_no
    return problems


def check_unit(path: str, page: Page, read_problems: list[Problem], marks, markers) -> tuple[Unit | None, list[Problem]]:
    """Validate one unit page, as scan.scan_page read it (front matter, its problems, the body's headings(), the
    page's markers.find_markers()); return the unit (when its front matter is valid) and every problem found."""
    if read_problems:
        return None, read_problems
    problems, unit = [], None
    if not page.data:
        problems.append(Problem(path, 1, "front matter（先頭の --- で囲んだ部分）がありません",
                                "CONTRIBUTING.md の「ユニットのページ」の形で書いてください (missing front matter)"))
    else:
        meta, meta_problems = validate(UnitMeta, path, page.doc, FIRST_LINE)
        problems += meta_problems
        if meta is not None:
            unit = Unit(path, meta.unit, meta.title, meta.summary, tuple(meta.objectives), tuple(meta.keypoints),
                        meta.minutes.reading, meta.minutes.exercises)
            if not MIN_MINUTES <= unit.minutes <= MAX_MINUTES:
                problems.append(Problem(path, page.line_of("minutes"),
                                        f"所要時間の合計が {unit.minutes} 分です（{MIN_MINUTES}〜{MAX_MINUTES} 分にします）",
                                        "内容を分けるか、reading と exercises を見直してください (unit length)"))
    quiz_markers = [(line, arg) for line, name, arg in markers if name == "quiz" and arg]
    problems += check_sections(path, page.body, page.body_line, marks, quiz_markers, unit)
    if unit:
        _line, lines = section_lines(page.body, page.body_line, marks, "furikaeri")
        unit = replace(unit, reflection=tuple(NUMBERED_ITEM.sub("", t).strip() for _n, t in lines if NUMBERED_ITEM.match(t)))
    return unit, problems


def check_unit_text(path: str, text: str) -> tuple[Unit | None, list[Problem]]:
    """check_unit for a page read on its own (the build reads each page once, in scan.scan_page)."""
    page, read_problems = read_page(path, text)
    return check_unit(path, page, read_problems, headings(page.body, page.body_line), find_markers(mask_code(text)))


def check_sections(path: str, body: str, first_line: int, marks, markers, unit: Unit | None) -> list[Problem]:
    """The reflection and sources sections and one quiz marker (`markers`: (line, argument) of the quiz ones)."""
    problems = check_heading_ids(path, marks)
    line, lines = section_lines(body, first_line, marks, "furikaeri")
    if line is None:
        problems.append(Problem(path, first_line, "「## 振り返り {#furikaeri}」の節がありません",
                                "振り返りの問いを 3 つ以上、番号付きリストで書いてください (missing reflection)"))
    elif sum(1 for _n, t in lines if NUMBERED_ITEM.match(t)) < 3:
        problems.append(Problem(path, line, "振り返りの問いが 3 つ未満です",
                                "問いを `1. …` の形で 3 つ以上書いてください (too few reflection questions)"))
    line, lines = section_lines(body, first_line, marks, "shutten")
    if line is None:
        problems.append(Problem(path, first_line, "「## 出典 {#shutten}」の節がありません",
                                "使ったガイドの節と外部の出典（URL）を箇条書きで書いてください (missing sources)"))
    elif not any(BULLET_ITEM.match(t) for _n, t in lines):
        problems.append(Problem(path, line, "出典の節に箇条書きがありません",
                                "`- ガイド（簡易版）Ⅰ(1) …` の形で書いてください (no sources listed)"))
    expected = f"unit-{unit.number}" if unit else None
    if not markers:
        problems.append(Problem(path, first_line, "クイズの目印がありません",
                                f"「## 確認クイズ {{#quiz}}」の下に `<!-- quiz: {expected or 'unit-N'} -->` を置いてください"
                                " (missing quiz marker)"))
    for line_no, _name in markers[1:]:
        problems.append(Problem(path, line_no, "クイズの目印が 2 つ以上あります",
                                "1 ページに 1 つだけにしてください (duplicate quiz marker)"))
    if markers and expected and markers[0][1] != expected:
        problems.append(Problem(path, markers[0][0], f"クイズの目印「{markers[0][1]}」がユニット番号と合いません",
                                f"`<!-- quiz: {expected} -->` にしてください (quiz marker does not match unit)"))
    return problems


def check_unit_set(units: list[Unit], unread: int = 0) -> list[Problem]:
    """Unit numbers run 1..N with no gap or repeat. `unread`: unit pages whose front matter has problems of its
    own; while there are any, a gap may be theirs, so it is not reported (one mistake, one message)."""
    problems, seen = [], {}
    for u in sorted(units, key=lambda u: u.path):
        if u.number in seen:
            problems.append(Problem(f"docs/{u.path}", 2, f"ユニット番号 {u.number} が docs/{seen[u.number]} と重複しています",
                                    "`unit:` の番号を直してください (duplicate unit number)"))
        seen.setdefault(u.number, u.path)
    missing = sorted(set(range(1, max(seen, default=0) + 1)) - set(seen))
    if missing and not unread:
        last = max(units, key=lambda u: u.number)
        problems.append(Problem(f"docs/{last.path}", 2, f"ユニット番号 {'・'.join(map(str, missing))} が抜けています",
                                "番号を 1 から順に付けてください (unit numbers have a gap)"))
    return problems

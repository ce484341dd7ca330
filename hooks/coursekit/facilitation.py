"""Facilitator notes (`sessions/notes/*.yml`): for each unit, speaker notes keyed by the unit's heading ids, the quiz
questions to ask as a show of hands, and for every 振り返り question the points a good discussion touches and a time
cue; for a case, the same for its group questions. Checked against the unit page, its quiz bank and the case page,
so a note can never name a heading that is gone or sit beside a question that has changed.

Why a file beside the unit and not inside its page: the unit page is what learners read, and its text is edited on
its own; the notes name the page's headings and the start of each question, and the build tells the editor when
the two no longer agree. The slides themselves are made from the unit (presenter.py), not from this file.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from coursekit.models import CaseNotesModel, QuestionNote, UnitNotesModel
from coursekit.problems import Problem
from coursekit.units import NUMBERED_ITEM, section_lines
from coursekit.validation import load_model

NOTES_DIR = "sessions/notes"
UNIT_FILE = re.compile(r"^unit-(\d+)\.yml$")
HANDS_TYPES = ("single", "multiple", "truefalse")  # questions a room can answer by raising hands
MD_INLINE = re.compile(r"\[([^\]]+)\]\([^)]*\)|\*\*|__|`")
GROUP_SECTION = "group"  # the case page's 「グループで話し合う」


@dataclass(frozen=True)
class Notes:
    """The notes of one unit or case, checked: `questions` in the page's order, `page` docs-relative."""

    name: str  # unit-4, a-mi
    path: str  # sessions/notes/unit-4.yml
    page: str  # modules/unit-4.md, cases/index.md
    section: str  # the heading id of the questions' section: furikaeri or group
    questions: tuple[QuestionNote, ...]
    speaker: dict  # heading id -> note (units only)
    hands: tuple[str, ...] = ()  # quiz question ids for show-of-hands slides (units only)
    texts: tuple[str, ...] = ()  # the questions as they read on the page


def plain_text(markdown: str) -> str:
    """A question's Markdown as it reads: link texts, no emphasis marks."""
    return MD_INLINE.sub(lambda m: m.group(1) or "", markdown).strip()


def questions_in(text_body: str, body_line: int, marks, section: str) -> list[tuple[int, str]]:
    """(file line, plain text) of each numbered question in a section (its items' continuation lines joined).
    `marks`: the body's units.headings()."""
    _line, lines = section_lines(text_body, body_line, marks, section)
    found: list[tuple[int, str]] = []
    for n, t in lines:
        if NUMBERED_ITEM.match(t):
            found.append((n, NUMBERED_ITEM.sub("", t).strip()))
        elif found and t.strip() and t.startswith((" ", "\t")):
            found[-1] = (found[-1][0], found[-1][1] + t.strip())
    return [(n, plain_text(t)) for n, t in found]


def _check_questions(path: str, doc, key: str, notes: list[QuestionNote], asked: list[tuple[int, str]], page: str):
    problems = []
    if len(notes) != len(asked):
        problems.append(Problem(path, doc.line((key,), 1),
                                f"問いが docs/{page} に {len(asked)} つ、進行メモが {len(notes)} つあります",
                                f"{key} に問いの順で一つずつ書いてください (one note per question)"))
    for i, (note, (line, text)) in enumerate(zip(notes, asked, strict=False)):
        if not text.startswith(note.starts):
            problems.append(Problem(path, doc.line((key, i, "starts"), 1),
                                    f"{i + 1} つ目の進行メモの starts「{note.starts}」が、"
                                    f"問い（docs/{page}:{line}）の書き出し「{text[:20]}」と合いません",
                                    "問いが変わったなら進行メモを見直し、starts を問いの最初の文字そのままにしてください "
                                    "(note does not match its question)"))
    return problems


def load_unit_notes(path: str, raw: bytes, unit, page_text: tuple[str, int, tuple], heading_ids: set[str], bank):
    """One unit's notes checked against its page (headings, questions) and its quiz bank."""
    doc, model, problems = load_model(UnitNotesModel, path, raw)
    if model is None:
        return None, problems
    if model.unit != unit.number:
        problems.append(Problem(path, doc.line(("unit",), 1), f"unit が {model.unit} ですが、ファイル名はユニット {unit.number} です",
                                f"`unit: {unit.number}` にしてください (unit number does not match the file name)"))
    for key in model.notes:
        if key not in heading_ids:
            problems.append(Problem(path, doc.line(("notes", key), 1), f"見出し id「{key}」が docs/{unit.path} にありません",
                                    f"このユニットの見出しの {{#id}} から選んでください（例：{'、'.join(sorted(heading_ids)[:4])}） "
                                    "(unknown heading id)"))
    questions = {q.id: q for q in bank.model.questions} if bank else {}
    for i, qid in enumerate(model.hands):
        if qid not in questions:
            problems.append(Problem(path, doc.line(("hands", i), 1), f"問題 id「{qid}」が {bank.path if bank else 'クイズ'} にありません",
                                    "このユニットのクイズの問題 id を書いてください (unknown question)"))
        elif questions[qid].type not in HANDS_TYPES:
            problems.append(Problem(path, doc.line(("hands", i), 1), f"問題 {qid} は {questions[qid].type} で、挙手では答えられません",
                                    f"{'・'.join(HANDS_TYPES)} の問題を選んでください (not a show-of-hands question)"))
    asked = questions_in(*page_text, "furikaeri")
    problems += _check_questions(path, doc, "reflection", list(model.reflection), asked, unit.path)
    hands = tuple(model.hands)  # none: presenter.py picks the first questions that fit on a slide
    notes = Notes(f"unit-{unit.number}", path, unit.path, "furikaeri", tuple(model.reflection), dict(model.notes), hands,
                  tuple(t for _n, t in asked))
    return (notes if not problems else None), problems


def load_case_notes(path: str, raw: bytes, case_names: set[str], case_pages: dict[str, list[str]],
                    page_texts: dict[str, tuple[str, int, tuple]]):
    doc, model, problems = load_model(CaseNotesModel, path, raw)
    if model is None:
        return None, problems
    name = posixpath.basename(path)[:-4]
    if model.case != name or name not in case_names:
        problems.append(Problem(path, doc.line(("case",), 1), f"事例「{model.case}」のメモですが、cases/{name}.yml と合いません",
                                "ファイル名と case を cases/ の事例の名前にそろえてください (unknown case)"))
        return None, problems
    # The page that shows the case and has its group questions.
    page = next((p for p in case_pages.get(name, []) if GROUP_SECTION in {h for *_x, h in page_texts[p][2]}), None)
    if page is None:
        problems.append(Problem(path, 1, f"事例 {name} のページに「グループで話し合う {{#{GROUP_SECTION}}}」の節がありません",
                                "事例のページに節を置くか、このファイルを消してください (no group questions)"))
        return None, problems
    asked = questions_in(*page_texts[page], GROUP_SECTION)
    problems += _check_questions(path, doc, "group", list(model.group), asked, page)
    notes = Notes(name, path, page, GROUP_SECTION, tuple(model.group), {}, texts=tuple(t for _n, t in asked))
    return (notes if not problems else None), problems


def load_notes(read, names: list[str], units: list, page_texts: dict[str, tuple[str, int, tuple]], headings_by_page: dict,
               banks: dict, case_names: set[str], case_pages: dict[str, list[str]]):
    """Every sessions/notes/*.yml: (notes by name, problems). `read(path)` -> (bytes or None, problems)."""
    found, problems = {}, []
    by_number = {u.number: u for u in units}
    for path in names:
        raw, read_problems = read(path)
        problems += read_problems
        if raw is None:
            continue
        base = posixpath.basename(path)
        m = UNIT_FILE.match(base)
        if m:
            unit = by_number.get(int(m.group(1)))
            if unit is None and f"modules/unit-{m.group(1)}.md" in page_texts:
                continue  # the unit's page has mistakes of its own, reported at its lines (one mistake, one message)
            if unit is None or unit.path not in page_texts:
                problems.append(Problem(path, 1, f"ユニット {m.group(1)} はありません",
                                        f"ファイル名を unit-1.yml〜unit-{max(by_number, default=0)}.yml のどれかにしてください "
                                        "(unknown unit)"))
                continue
            notes, found_problems = load_unit_notes(path, raw, unit, page_texts[unit.path], set(headings_by_page.get(unit.path, {})),
                                                    banks.get(f"unit-{unit.number}"))
        else:
            notes, found_problems = load_case_notes(path, raw, case_names, case_pages, page_texts)
        problems += found_problems
        if notes:
            found[notes.name] = notes
    return found, problems


def insert_question_notes(markdown: str, section: str, render_note, place) -> str:
    """Each numbered question of `section` gets its note's placeholder at the end of its last line, so the note
    is inside the question's list item (shown in the instructor view only). `render_note(i)` -> HTML or None."""
    lines = markdown.split("\n")
    start = next((i for i, line in enumerate(lines) if re.match(r"^#{2,6}\s", line) and f"{{#{section}}}" in line), None)
    if start is None:
        return markdown
    items, k = [], start + 1
    while k < len(lines) and not re.match(r"^#{1,6}\s", lines[k]):
        if NUMBERED_ITEM.match(lines[k]):
            items.append(k)
        elif items and lines[k].strip() and lines[k].startswith((" ", "\t")) and items[-1] == k - 1:
            items[-1] = k  # a continuation line: the item ends here
        k += 1
    for n, at in enumerate(items):
        html = render_note(n)
        if html:
            lines[at] = lines[at].rstrip() + place(html).rstrip("\n")
    return "\n".join(lines)

"""Session plans for facilitators (`sessions/*.yml`): timed tables whose unit rows take their minutes from
the units' front matter, so a unit that grows moves the whole schedule (and fails the build if it no longer fits)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from coursekit.models import SessionModel
from coursekit.problems import Problem
from coursekit.units import Unit
from coursekit.validation import load_model

MD_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
HANDOUTS_PAGE = "facilitator/handouts.md"
KEYS_PAGE = "facilitator/keys.md"


@dataclass(frozen=True)
class Row:
    title: str
    minutes: int
    do: str
    materials: tuple[str, ...]
    unit: Unit | None = None


@dataclass
class Session:
    name: str
    path: str
    model: SessionModel
    rows: list[Row]

    @property
    def total(self) -> int:
        return sum(r.minutes for r in self.rows)


def load_session(path: str, raw: bytes, units: list[Unit], files: set[str]) -> tuple[Session | None, list[Problem]]:
    """Validate a plan against the units and the site's files; `files` are docs-relative paths."""
    doc, model, problems = load_model(SessionModel, path, raw)
    if model is None:
        return None, problems
    by_number = {u.number: u for u in units}
    rows = []
    for i, a in enumerate(model.activities):
        where = doc.line(("activities", i), 1)
        if a.unit is not None:
            unit = by_number.get(a.unit)
            if a.minutes is not None or a.title is not None:
                problems.append(Problem(path, doc.line(("activities", i, "minutes" if a.minutes is not None else "title"), 1),
                                        "ユニットの活動には title と minutes を書きません",
                                        "題と時間はユニットの front matter から入るので、この行を消してください "
                                        "(unit activities take title and minutes from the unit)"))
            if unit is None:
                problems.append(Problem(path, doc.line(("activities", i, "unit"), 1), f"ユニット {a.unit} はありません",
                                        f"1〜{max(by_number, default=0)} のどれかにしてください (unknown unit)"))
                continue
            rows.append(Row(f"ユニット {unit.number}「{unit.title}」", unit.minutes, a.do, tuple(a.materials), unit))
        elif a.title is None or a.minutes is None:
            problems.append(Problem(path, where, "活動には unit か、title と minutes の両方が必要です",
                                    "`unit: 3` か、`title: 休憩` と `minutes: 10` を書いてください (activity needs unit or title+minutes)"))
        else:
            rows.append(Row(a.title, a.minutes, a.do, tuple(a.materials)))
        for j, material in enumerate(a.materials):
            for _text, target in MD_LINK.findall(material):
                page = target.split("#")[0]
                if page and page not in files:
                    problems.append(Problem(path, doc.line(("activities", i, "materials", j), 1),
                                            f"リンク先「{target}」のファイルがありません",
                                            "docs/ からのパス（例 `cases/index.md#mitate`）で書いてください (broken link)"))
    session = Session(posixpath.splitext(posixpath.basename(path))[0], path, model, rows)
    if not problems and session.total > model.length:
        detail = "、".join(f"{r.title} {r.minutes} 分" for r in rows if r.unit)
        problems.append(Problem(path, doc.line(("length",), 1),
                                f"活動の合計が {session.total} 分で、研修の長さ {model.length} 分を超えています",
                                f"活動を減らすか length を見直してください。ユニットの時間は各ユニットの minutes から来ます（{detail}）"
                                " (plan longer than the session)"))
    return (session if not problems else None), problems


def clock(start: str | None, offset: int) -> str:
    """`13:30` + offset as a clock time, or the elapsed time `0:45` when the plan has no start."""
    base = 0
    if start:
        hours, minutes = start.split(":")
        base = int(hours) * 60 + int(minutes)
    total = base + offset
    return f"{total // 60}:{total % 60:02d}"


def relative_links(markdown: str, page: str) -> str:
    """Links in plan files are written from docs/; rewrite them relative to the page that shows the plan."""
    base = posixpath.dirname(page) or "."

    def rewrite(m: re.Match) -> str:
        target, _, anchor = m.group(2).partition("#")
        rel = posixpath.relpath(target, base) if target else ""
        return f"[{m.group(1)}]({rel}{'#' + anchor if anchor else ''})"
    return MD_LINK.sub(rewrite, markdown)


def unit_materials(unit: Unit) -> list[str]:
    n = unit.number
    return [f"[ユニット {n} のページ]({unit.path})", f"[1枚まとめ]({HANDOUTS_PAGE}#unit-{n})", f"[クイズの解答]({KEYS_PAGE}#unit-{n})"]


def _cell(text: str) -> str:
    return text.replace("|", "｜").replace("\n", " ")


def render_session(session: Session, all_units: list[Unit], page: str) -> str:
    """Markdown: the plan's goal and audience, a preparation checklist, the timed table, and the units left for self-study."""
    m = session.model
    label = "時刻" if m.start else "経過時間"
    lines = [f"| {label} | 活動 | 分 | 参加者がすること | 使うもの |", "|---|---|---:|---|---|"]
    at = 0
    for r in session.rows:
        minutes = f"{r.minutes}（読む {r.unit.reading}・演習 {r.unit.exercises}）" if r.unit else str(r.minutes)
        materials = "<br>".join(_cell(x) for x in (unit_materials(r.unit) if r.unit else []) + list(r.materials)) or "—"
        when = f"{clock(m.start, at)}〜{clock(m.start, at + r.minutes)}"
        lines.append(f"| {when} | {_cell(r.title)} | {minutes} | {_cell(r.do)} | {materials} |")
        at += r.minutes
    spare = m.length - session.total
    if spare:
        when = f"{clock(m.start, at)}〜{clock(m.start, m.length)}"
        lines.append(f"| {when} | 予備（質疑・時間の調整） | {spare} | 質問や、延びた活動に使います | — |")
    lines.append(f"| | **合計** | **{m.length}** | | |")
    used = {r.unit.number for r in session.rows if r.unit}
    rest = [u for u in sorted(all_units, key=lambda u: u.number) if u.number not in used]
    prepare = "\n".join(f"- □ {p}" for p in m.prepare)  # a printable box; task-list checkboxes have no label (axe)
    out = [
        f"**ねらい**：{m.goal}\n",
        f"**対象**：{m.audience}\n",
        f"**長さ**：{m.length} 分" + (f"（{m.start} 開始の例）" if m.start else "") + "\n",
        f"## 準備すること {{#junbi-{session.name}}}\n\n{prepare}\n",
        f"## 時間割 {{#jikanwari-{session.name}}}\n\n" + "\n".join(lines) + "\n",
        "ユニットの時間は、各ユニットのページに書いた所要時間から自動で入ります。\n",
    ]
    if rest:
        listed = "\n".join(f"- [ユニット {u.number}「{u.title}」]({u.path})（約 {u.minutes} 分）" for u in rest)
        out.append(f"## 研修の前後に自習で進めるユニット {{#jishu-{session.name}}}\n\nこのプランで扱わないユニットです。"
                   f"事前課題や、研修後の自習として案内してください。\n\n{listed}\n")
    return relative_links("\n".join(out), page)

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

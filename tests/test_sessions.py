"""Session plans (plain functions, no MkDocs): minutes come from the units; bad plans are reported at file:line."""

from pathlib import Path

import pytest

from coursekit import render, sessions
from coursekit.units import Unit

ROOT = Path(__file__).resolve().parent.parent
FILES = {"index.md", "chigai-sagashi.md", "cases/index.md", "facilitator/worksheets.md", "modules/unit-1.md"}


def unit(number: int, reading: int, exercises: int) -> Unit:
    return Unit(f"modules/unit-{number}.md", number, f"題{number}", "", (), (), reading, exercises)


UNITS = [unit(1, 19, 8), unit(2, 18, 10), unit(3, 21, 9)]

PLAN = """\
title: テストの研修
length: 60
goal: ねらい
audience: 保健師
prepare: [準備]
activities:
  - title: 開会
    minutes: 5
    do: 聞く
    materials: ["[ホーム](index.md)"]
  - unit: 1
    do: 話し合う
"""


def load(text: str, units=UNITS):
    return sessions.load_session("sessions/test.yml", text.encode(), units, FILES)


def table_rows(markdown: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip("|").split("|")] for line in markdown.splitlines() if line.startswith("| ")]


def test_unit_rows_take_their_minutes_from_the_unit():
    session, problems = load(PLAN)
    assert problems == []
    rows = table_rows(render.render_session(session, UNITS, "facilitator/test.md"))
    assert rows[2][:3] == ["0:05〜0:32", "ユニット 1「題1」", "27（読む 19・演習 8）"]
    assert rows[3][:3] == ["0:32〜1:00", "予備（質疑・時間の調整）", "28"]


def test_a_longer_unit_moves_the_schedule():
    longer = [unit(1, 25, 10), *UNITS[1:]]
    session, _ = load(PLAN, longer)
    rows = table_rows(render.render_session(session, longer, "facilitator/test.md"))
    assert rows[2][:3] == ["0:05〜0:40", "ユニット 1「題1」", "35（読む 25・演習 10）"]
    assert rows[3][2] == "20"


def test_a_plan_that_no_longer_fits_fails_at_its_length_line():
    session, problems = load(PLAN, [unit(1, 50, 10)])
    assert session is None
    assert [str(p).split(" — ")[0] for p in problems] == [
        "sessions/test.yml:2: 活動の合計が 65 分で、研修の長さ 60 分を超えています"]
    assert "ユニット 1「題1」 60 分" in str(problems[0])


def test_start_time_shows_clock_times_and_links_are_relative_to_the_page():
    session, _ = load(PLAN.replace("length: 60\n", 'length: 60\nstart: "13:30"\n'))
    text = render.render_session(session, UNITS, "facilitator/test.md")
    rows = table_rows(text)
    assert rows[0][0] == "時刻" and rows[1][0] == "13:30〜13:35"
    assert "[ホーム](../index.md)" in text and "[1枚まとめ](handouts.md#unit-1)" in text
    # Units the plan leaves out are offered for self-study.
    assert "[ユニット 2「題2」](../modules/unit-2.md)（約 28 分）" in text


@pytest.mark.parametrize("change, line, words", [
    ("  - unit: 1\n    do: 話し合う\n", "  - unit: 9\n    do: 話し合う\n", (11, "ユニット 9 はありません")),
    ("  - unit: 1\n    do: 話し合う\n", "  - unit: 1\n    minutes: 20\n    do: 話し合う\n", (12, "title と minutes を書きません")),
    ("    minutes: 5\n", "", (7, "unit か、title と minutes の両方が必要です")),
    ("(index.md)", "(nowhere.md)", (10, "リンク先「nowhere.md」のファイルがありません")),
    ("length: 60", "length: 六十", (2, "「length」は整数で書いてください")),
    ("    do: 聞く\n", "", (7, "「activities.1.do」がありません")),
])
def test_bad_plans_are_reported_at_file_and_line(change, line, words):
    session, problems = load(PLAN.replace(change, line))
    expected_line, message = words
    assert session is None
    assert any(p.line == expected_line and message in p.message for p in problems), [str(p) for p in problems]


@pytest.mark.parametrize("name", ["intro-90", "half-day", "center-staff"])
def test_the_course_plans_fit_their_length(name):
    """The shipped plans, against the real units' minutes."""
    from coursekit.units import check_unit_text

    units = [check_unit_text(f"docs/{p.relative_to(ROOT / 'docs')}", p.read_text(encoding="utf-8"))[0]
             for p in sorted((ROOT / "docs" / "modules").glob("unit-*.md"))]
    files = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    session, problems = sessions.load_session(f"sessions/{name}.yml", (ROOT / "sessions" / f"{name}.yml").read_bytes(), units, files)
    assert problems == []
    assert session.total <= session.model.length

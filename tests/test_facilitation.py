"""Facilitator notes (sessions/notes/*.yml): checked against the units, the quiz banks and the case page, each mistake
one message at its line; shown beside the questions only in the instructor view, never in search."""

from __future__ import annotations

import json

import pytest
from test_load_course import assert_reported_once, edit, line_of

from conftest import ROOT, copy_project
from coursekit.load import load_course


def test_the_real_notes_cover_every_question():
    course = load_course(str(ROOT), with_dates=False)
    assert course.problems == []
    assert sorted(course.notes) == ["a-mi"] + [f"unit-{n}" for n in range(1, 7)]
    for u in course.units:
        notes = course.notes[f"unit-{u.number}"]
        assert len(notes.questions) == len(u.reflection) == len(notes.texts)


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("notes") / "project")
    expect = []
    notes = root / "sessions/notes/unit-4.yml"
    edit(notes, "unit: 4\n", "unit: 4\nhands: [u4-nothing]\n")
    expect.append(("sessions/notes/unit-4.yml", line_of(notes, "u4-nothing"), "u4-nothing"))
    edit(notes, "  baton:", "  no-such-heading:")
    expect.append(("sessions/notes/unit-4.yml", line_of(notes, "no-such-heading"), "見出し id「no-such-heading」"))
    edit(notes, "  kyoto: ", "  column-3-x: ")
    expect.append(("sessions/notes/unit-4.yml", line_of(notes, "column-3-x"), "column-3-x"))
    edit(notes, "starts: あなたの市区町村で、", "starts: あなたの町で、")
    expect.append(("sessions/notes/unit-4.yml", line_of(notes, "あなたの町で"), "書き出し"))

    notes = root / "sessions/notes/unit-1.yml"  # a file that does not fit the format: that is all it reports
    edit(notes, "  kihanteki-togo: ", "  kihanteki-togo: ''\n  x: ")
    expect.append(("sessions/notes/unit-1.yml", line_of(notes, "kihanteki-togo: ''"), "が空です"))

    notes = root / "sessions/notes/unit-2.yml"
    edit(notes, "    minutes: 5\n", "    minutes: 五分\n")
    expect.append(("sessions/notes/unit-2.yml", line_of(notes, "五分"), "整数"))

    notes = root / "sessions/notes/unit-3.yml"
    text = notes.read_text(encoding="utf-8")
    notes.write_text(text[: text.rindex("  - starts:")], encoding="utf-8")  # the last question has no note
    expect.append(("sessions/notes/unit-3.yml", line_of(notes, "reflection:"), "進行メモが 4 つ"))

    notes = root / "sessions/notes/unit-6.yml"
    edit(notes, "unit: 6", "unit: 5")
    expect.append(("sessions/notes/unit-6.yml", line_of(notes, "unit: 5"), "ファイル名はユニット 6"))

    (root / "sessions/notes/unit-9.yml").write_text("unit: 9\nreflection: []\n", encoding="utf-8")
    expect.append(("sessions/notes/unit-9.yml", 1, "ユニット 9 はありません"))

    notes = root / "sessions/notes/a-mi.yml"
    edit(notes, "    care: [ninshin]", "    care: [pregnancy]")
    expect.append(("sessions/notes/a-mi.yml", line_of(notes, "pregnancy"), "jisatsu"))

    stub = root / "docs/facilitator/present/unit-1.md"
    edit(stub, "<!-- presenter: unit-1 -->", "<!-- presenter: unit-7 -->")
    expect.append(("docs/facilitator/present/unit-1.md", line_of(stub, "unit-7"), "unit-7"))
    return root, expect


def test_every_planted_mistake_in_the_notes_is_reported_at_its_line(planted):
    root, expect = planted
    problems = load_course(str(root), with_dates=False).problems
    assert all(line is not None for _path, line, _words in expect)  # every note mistake has its line
    assert_reported_once(problems, expect)
    assert all(" — " in str(p) and "Traceback" not in str(p) for p in problems)


def test_notes_are_hidden_from_learners_and_shown_in_the_instructor_view(tab, base_url, site):
    page = tab.page
    page.goto(base_url + "modules/unit-4.html")
    notes = page.locator("#furikaeri + ol > li .facilitator-note")
    assert notes.count() == 5 and not notes.first.is_visible()
    assert not page.locator(".facilitator-banner").count()
    page.goto(base_url + "modules/unit-4.html?mode=facilitator")
    assert notes.first.is_visible() and "話し合いの目安 6 分" in notes.first.inner_text()
    assert "進行メモ（5 件）" in page.locator(".facilitator-banner").inner_text()
    page.goto(base_url + "cases/index.html")  # the mode stays on in this tab
    assert page.locator("#group + ol .facilitator-note").count() == 6
    assert page.locator("#group + ol .facilitator-note").first.is_visible()
    page.locator(".facilitator-banner__end").click()
    assert not page.locator("#group + ol .facilitator-note").first.is_visible()
    page.goto(base_url + "modules/unit-4.html")
    assert not notes.first.is_visible()
    assert tab.errors == [] and tab.external == []
    # Not in search: a learner searching for a discussion point finds nothing.
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    point = "バトンタッチ型（依頼先がすべてを引き継ぐ）と、役割を分けて一緒に関わり続ける型"  # unit 4's first note
    assert point in (site / "modules" / "unit-4.html").read_text(encoding="utf-8")
    assert not any(point in d["text"] for d in index["docs"])

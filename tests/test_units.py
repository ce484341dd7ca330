"""Unit page checks and rendering (plain functions, no MkDocs)."""

from pathlib import Path

import pytest

from coursekit import render, units
from coursekit.frontmatter import split_front_matter

DATA = Path(__file__).parent / "data" / "units"


def check(name: str):
    return units.check_unit_text(f"docs/modules/{name}", (DATA / name).read_text(encoding="utf-8"))


def test_good_unit_passes_and_is_read():
    unit, problems = check("good.md")
    assert problems == []
    assert (unit.number, unit.title, unit.minutes, len(unit.objectives)) == (1, "テストのユニット", 25, 3)


# (file, line the problem is reported at, words the Japanese message must contain)
BAD_UNITS = [
    ("missing-objectives.md", 2, "「objectives」がありません"),
    ("two-objectives.md", 5, "3 個以上必要です（今は 2 個）"),
    ("minutes-not-number.md", 10, "「minutes.reading」は整数で書いてください"),
    ("too-long.md", 9, "所要時間の合計が 50 分です"),
    ("unknown-key.md", 12, "「keypoint」は使えないキーです"),
    ("few-reflections.md", 22, "振り返りの問いが 3 つ未満です"),
    ("no-reflection.md", 15, "「## 振り返り {#furikaeri}」の節がありません"),
    ("no-quiz-marker.md", 15, "クイズの目印がありません"),
    ("wrong-quiz-marker.md", 30, "クイズの目印「unit-2」がユニット番号と合いません"),
    ("no-sources.md", 15, "「## 出典 {#shutten}」の節がありません"),
    ("empty-sources.md", 32, "出典の節に箇条書きがありません"),
    ("heading-without-id.md", 18, "見出し「本文」に id がありません"),
    ("yaml-error.md", 4, "YAML として読めません"),
    ("no-front-matter.md", 1, "front matter（先頭の --- で囲んだ部分）がありません"),
]


@pytest.mark.parametrize(("name", "line", "words"), BAD_UNITS)
def test_bad_unit_is_reported_with_file_line_and_fix(name, line, words):
    _unit, problems = check(name)
    reported = [str(p) for p in problems]
    assert any(r.startswith(f"docs/modules/{name}:{line}: ") and words in r for r in reported), reported
    assert all(" — " in r for r in reported)  # every message says how to fix it


def test_all_problems_are_reported_together():
    text = (DATA / "good.md").read_text(encoding="utf-8")
    text = text.replace("  - 三つ目ができる\n", "").replace("<!-- quiz: unit-1 -->\n", "").replace("## 本文 {#honbun}", "## 本文")
    _unit, problems = units.check_unit_text("u.md", text)
    assert len(problems) == 3


def test_unit_numbers_must_not_repeat_or_skip():
    unit, _ = check("good.md")
    twin = units.Unit("modules/unit-b.md", 1, "b", "b", ("a", "b", "c"), ("k",), 10, 10)
    third = units.Unit("modules/unit-c.md", 3, "c", "c", ("a", "b", "c"), ("k",), 10, 10)
    messages = [p.message for p in units.check_unit_set([unit, twin, third])]
    assert any("重複" in m for m in messages)
    assert any("ユニット番号 2 が抜けています" in m for m in messages)


def test_header_and_keypoints_are_inserted_from_front_matter():
    unit, _ = check("good.md")
    _front, body, _line = split_front_matter((DATA / "good.md").read_text(encoding="utf-8"))
    out = render.insert_unit_parts(body, unit)
    assert out.index("# テストのユニット") < out.index("所要時間 約 25 分（読む 15 分・演習 10 分）")
    assert out.index("## 学習目標 {#mokuhyo}") < out.index("- 一つ目ができる") < out.index("## 本文")
    assert out.index("## このユニットのまとめ {#matome}") < out.index("## 振り返り {#furikaeri}")


def test_unit_list_links_relative_to_the_page_and_totals_minutes():
    a = units.Unit("modules/unit-1.md", 1, "一", "一の要約", ("a", "b", "c"), ("k",), 15, 10)
    b = units.Unit("modules/unit-2.md", 2, "二", "二の要約", ("a", "b", "c"), ("k",), 10, 10)
    cards = render.render_unit_list([b, a], "index.md", {"unit-2": "modules/unit-2.md", "unit-1": "modules/unit-1.md"})
    card = '<li class="unit-card" data-quiz="unit-{n}" data-minutes="{m}"><a class="unit-card__link" href="modules/unit-{n}.html">'
    assert cards.index(card.format(n=1, m=25)) < cards.index(card.format(n=2, m=20))
    assert "合計 約 45 分" in cards and 'class="md-button md-button--primary course-start__go" href="modules/unit-1.html"' in cards
    assert 'href="../modules/unit-1.html"' in render.render_unit_list([a], "facilitator/index.md")


def test_headings_in_fenced_code_are_not_headings():
    # A fence closes only with the same character (CommonMark): the ~~~ inside the ``` block does not close it.
    body = ("## 見出し {#a}\n##見出しではない\n####### 七つ\n###### 六つ {#f}\n\t```\n## 囲みの中\n  ~~~ \n"
            "```\n## 外 {#x}\n```\n# 一つ\n## 末尾\u3000 {#z}\n \n")
    assert [(h[0], h[3]) for h in units.headings(body, 5)] == [(5, "a"), (8, "f"), (13, "x")]

"""coursekit.render: editors' text reaches the page as text in every widget, and JSON data cannot close its script."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from types import SimpleNamespace as NS

import markdown
import pytest

from coursekit import render
from coursekit.units import Unit, UnitMeta

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(1)>{{ 7*7 }}</script><!--'
LIVE_TAGS = {"script", "img", "iframe", "object", "embed", "style", "base", "meta", "link"}


class Tags(HTMLParser):
    """Start tags and the content of each script element, as a browser would parse them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.scripts, self.texts, self._in_script = [], [], [], None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            self.scripts[-1] += data
        else:
            self.texts.append(data)

    def handle_comment(self, data):
        raise AssertionError(f"a comment was opened: {data[:60]!r}")


def inert(html: str) -> Tags:
    """Fails unless `html` has no live tag and no event handler; each script is JSON data that parses."""
    found = Tags(html)
    for tag, attrs in found.tags:
        assert tag not in LIVE_TAGS or (tag == "script" and attrs.get("type") == "application/json"), (tag, attrs)
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
    for data in found.scripts:
        json.loads(data)
        assert "<" not in data and ">" not in data
    assert "49" not in html  # {{ 7*7 }} is text, never evaluated
    return found


def one_block(html: str) -> None:
    """Raw HTML inside Markdown must have no blank line, or Markdown would end the block there."""
    assert "\n\n" not in html.strip("\n")


def md(text: str) -> str:
    return markdown.markdown(text, extensions=["tables", "attr_list", "md_in_html"])


def unit(n: int = 1, text: str = HOSTILE) -> Unit:
    return Unit(f"modules/unit-{n}.md", n, text, text, (text, "b", "c"), (text,), 10, 10, (text,))


# ---------------------------------------------------------------- unit pages

def test_unit_list_keeps_a_hostile_summary_as_text():
    out = render.render_unit_list([unit(2, "二つ目"), unit(1)], "index.md")
    one_block(out)
    html = md("## ユニット一覧\n\n" + out + "\n## 次\n")
    found = inert(html)
    assert HOSTILE in "".join(found.texts)
    # the start button, then one card per unit
    assert [a["href"] for t, a in found.tags if t == "a"] == ["modules/unit-1.html", "modules/unit-1.html", "modules/unit-2.html"]
    assert "合計 約 40 分" in html and "全 2 ユニット" in html


def test_unit_header_and_keypoints_escape_objectives_and_keypoints():
    header, points = render.render_header(unit()), render.render_keypoints(unit())
    assert "## 学習目標 {#mokuhyo}" in header and "## このユニットのまとめ {#matome}" in points
    for text in (header, points):
        assert "<script" not in text and "<img" not in text
        found = inert(md(text))
        assert HOSTILE in "".join(found.texts)
    page = render.insert_unit_parts("# 題\n\n本文\n\n## 振り返り {#furikaeri}\n", unit())
    assert page.index("{#mokuhyo}") < page.index("{#matome}") < page.index("{#furikaeri}")


def test_handouts_escape_unit_text():
    out = render.render_handouts([unit(1), unit(2)])
    assert out.count("\n") == 2
    found = inert(out)
    assert sum(HOSTILE in t for t in found.texts) >= 5


# ---------------------------------------------------------------- quizzes

def questions(text: str) -> list:
    base = {"prompt": text, "explanation": text, "misconception": text, "hint": text, "ref": text}
    return [
        NS(id="q-single", type="single", choices=[text, "b"], answer=text, **base),
        NS(id="q-multiple", type="multiple", choices=[text, "b", "c"], answer=[text, "c"], **base),
        NS(id="q-tf", type="truefalse", answer=False, **base),
        NS(id="q-classify", type="classify", categories=[text, "x"],
           items=[NS(text=text, category=text), NS(text="y", category="x"), NS(text="z", category="x")], **base),
        NS(id="q-order", type="order", items=[text, "2", "3"], **base),
        NS(id="q-parts", type="wrong-parts", segments=[NS(text=text, correction=text), NS(text="ok", correction=None)], **base),
    ]


def bank(name: str = "unit-1", text: str = HOSTILE):
    qs = questions(text)
    return NS(name=name, hash="abc123", model=NS(title=text, questions=qs, test=NS(draw=10, pass_percent=80)),
              hashes={q.id: render.correctness_hash(q) for q in qs})


def targets(b, page: str = "modules/unit-1.md") -> dict:
    return {q.id: NS(page=page, anchor="sec", title=HOSTILE) for q in b.model.questions}


def test_quiz_escapes_every_text_and_keeps_its_key_json():
    b = bank()
    out = render.render_bank(b, targets(b), "modules/unit-1.md", ("unit-2.html", HOSTILE))
    one_block(out)
    found = inert(out)
    assert sum(HOSTILE in t for t in found.texts) >= 21  # the next step's words too
    assert any(HOSTILE in (a.get("aria-label") or "") for _t, a in found.tags)  # order buttons, the section
    key = json.loads(found.scripts[0])
    assert key["q-single"] == {"type": "single", "answer": [0], "h": render.correctness_hash(b.model.questions[0])}
    assert key["q-tf"]["answer"] is False
    assert key["q-parts"]["answer"] == [0]


def test_progress_record_and_answer_keys_escape_titles():
    banks = {"unit-1": bank()}
    quiz_pages, all_targets, titles = {"unit-1": "modules/unit-1.md"}, {"unit-1": targets(banks["unit-1"])}, {}
    progress = render.render_progress(banks, quiz_pages, all_targets, titles, "progress.md")
    record = render.render_record(banks, quiz_pages, all_targets, titles)
    keys = render.render_answer_keys(banks, quiz_pages, all_targets, titles, "facilitator/keys.md")
    for out in (progress, record, keys):
        one_block(out)
        inert(out)
    row = next(a for t, a in Tags(progress).tags if t == "tr" and "data-questions" in a)
    assert json.loads(row["data-questions"])[0]["topic"] == HOSTILE
    assert row["data-quiz-title"] == HOSTILE
    assert json.loads(Tags(record).scripts[0])[0]["title"] == HOSTILE
    assert "../modules/unit-1.html#sec" in keys


# ---------------------------------------------------------------- the case

class FakeCase:
    def __init__(self, text: str):
        people = [NS(id="me", label=text, sex="female", generation=2, self=True, note=text),
                  NS(id="dad", label="父 （70）", sex="male", generation=1, self=False, note=None),
                  NS(id="x", label="きょうだい", sex="unknown", generation=2, self=False, note=None)]
        self.model = NS(case="a-mi", title=text, people=people,
                        families=[NS(type="child", parents=["dad"], child="me", a=None, b=None)],
                        agencies=[NS(id="hc", label=text, kind="formal"), NS(id="nb", label="近所", kind="informal")],
                        relations=[NS(source="me", to="hc", type="stressful", basis=text),
                                   NS(source="me", to="nb", type="none", basis=text),
                                   NS(source="dad", to="me", type="weak", basis="b")])
        fields = [Field(id="wish", label=text, kind="text", help=text, options=None),
                  Field(id="notes", label="メモ", kind="textarea", help="h", options=None),
                  Field(id="needs", label="必要", kind="checklist", help="h", options=[text, "b"]),
                  Field(id="team", label="チーム", kind="team", help="h", options=None)]
        self.plan = NS(fields=fields, rubric=[NS(id="r1", field="wish", text=text, explanation=text, point=text)],
                       model={"wish": text + "\n\n" + text, "needs": [text], "team": [NS(member="hc", role=text)]})
        self.plan_hash = "h"

    def nodes(self):
        return {**{p.id: p.label for p in self.model.people}, **{a.id: a.label for a in self.model.agencies}}

    @property
    def self_id(self):
        return "me"


class Field(NS):
    def model_dump(self):
        return dict(vars(self))


@pytest.mark.parametrize("fn", ["render_diagrams", "render_mitate", "render_plan_builder", "render_plan_check", "render_worksheets"])
def test_case_widgets_escape_labels(fn):
    out = getattr(render, fn)(FakeCase(HOSTILE))
    one_block(out)
    found = inert(out)
    if fn != "render_mitate":
        assert any(HOSTILE in t for t in found.texts)
    if fn == "render_plan_builder":
        data = json.loads(found.scripts[0])
        assert data["title"] == HOSTILE and data["members"]["me"] == "本人：" + HOSTILE
        assert any(a.get("value") == HOSTILE for t, a in found.tags if t == "input")


def test_genogram_draws_every_symbol():
    out = render.render_genogram(FakeCase("本人"))
    assert out.count("<circle") == 2 and out.count("<rect") == 1 and out.count("<polygon") == 1
    assert "<polyline" in out and '<tspan x="' in out


# ---------------------------------------------------------------- ちがいさがし

def chigai(text: str = HOSTILE):
    sentence = "前の文、" + text + "。"
    versions = NS(old=NS(label=text, sources=[NS(title=text, url='https://example.org/a_(b)"c')]),
                  new=NS(label="新", sources=[NS(title="t", url="https://example.org/?a=1&b=2")]))
    diffs = [NS(id="d1", old=text, new=text, why=text, source="https://example.org/?a=1&b=2")]
    span = (0, 4, 4 + len(text))
    return NS(model=NS(title=text, versions=versions, unchanged=NS(phrase="前の文", note=text), differences=diffs),
              texts={"old": [sentence], "new": [sentence]}, spans={"old": {"d1": span}, "new": {"d1": span}}, hash="h")


def test_chigai_escapes_phrases_and_notes():
    out = render.render_chigai(chigai())
    one_block(out)
    found = inert(out)
    pieces = [t for t in found.texts if HOSTILE in t]
    assert len(pieces) >= 6
    assert json.loads(found.scripts[0])["unchanged"] == HOSTILE
    assert any(a.get("href") == "https://example.org/?a=1&b=2" for t, a in found.tags if t == "a")
    assert sum("data-unchanged" in a for t, a in found.tags if t == "span") == 2


def test_chigai_sources_stay_one_link_each():
    text = render.render_sources(chigai())
    found = inert(md(text))
    assert [a["href"] for t, a in found.tags if t == "a"] == ["https://example.org/a_%28b%29%22c", "https://example.org/?a=1&b=2"]
    assert HOSTILE in "".join(found.texts)


# ---------------------------------------------------------------- glossary, format reference, session plans

def test_glossary_table_escapes_terms_definitions_and_titles():
    terms = [NS(term=HOSTILE, definition=HOSTILE), NS(term="多い", definition="d")]
    usage = {HOSTILE: ["a.md"], "多い": [f"p{i}.md" for i in range(15)]}
    out = render.render_glossary_table(terms, usage, {"a.md": HOSTILE}, "glossary.md")
    one_block(out)
    found = inert(out)
    assert sum(HOSTILE in t for t in found.texts) == 3
    assert "、ほか 3 ページ" in out and out.count("<a ") == 13


def test_schema_table_renders_code_and_anchor_links():
    out = render.reference(UnitMeta)
    assert "### UnitMeta {#unitmeta}" in out and "### Minutes {#minutes}" in out
    assert '<a href="#minutes">Minutes</a>' in out and "<code>summary</code>" in out
    parts = render.inline_parts("`<a>` と [Child](#child) と <b>")
    assert parts == [("text", "", ""), ("code", "<a>", ""), ("text", " と ", ""), ("link", "Child", "#child"), ("text", " と <b>", "")]
    inert(render.env.get_template("schema_table.html").make_module({"rows": []}).inline("`<a>` と [Child](#child) と <b>"))


def test_session_plan_escapes_every_text():
    units = [unit(1, "ユニット題"), unit(2, HOSTILE)]
    rows = [NS(title=HOSTILE, minutes=20, do=HOSTILE + "|x", materials=(HOSTILE, "[A](cases/index.md#gaiyo)"), unit=None),
            NS(title="ユニット 1「題」", minutes=20, do="読む", materials=(), unit=units[0])]
    model = NS(title=HOSTILE, length=60, start="13:30", goal=HOSTILE, audience=HOSTILE, prepare=[HOSTILE])
    session = NS(name="plan", model=model, rows=rows, total=40)
    text = render.render_session(session, units, "facilitator/plan.md")
    assert "<script" not in text and "<img" not in text
    assert "| 13:30〜13:50 |" in text and "| 14:10〜14:30 | 予備" in text
    assert "](../cases/index.md#gaiyo)" in text and "](../modules/unit-2.md)" in text
    found = inert(md(text))
    assert sum(HOSTILE in t for t in found.texts) >= 5


def test_json_script_cannot_be_closed_by_data():
    out = str(render.json_script({"a": "</script><!-- & <b>"}))
    assert "<" not in out and ">" not in out and "&" not in out
    assert json.loads(out) == {"a": "</script><!-- & <b>"}

"""All the HTML (and the few Markdown pieces) the build generates, from the Jinja2 templates in templates/.

Computation stays here, in plain Python (order of shuffled items, the diagrams' geometry, clock times, relative
links); markup lives in the templates, and every value reaches the page through autoescape, so an editor's text
is text wherever it comes from. Each function has the signature and result of the one it replaces in
quiz_render, cases, chigai, facilitator, glossary, schema_doc, units and sessions.

Templates named *.html make one raw-HTML block each: their line breaks and indentation are for reading only and
are dropped when the template is loaded (see _Loader), so a widget stays one block without blank lines, as
Markdown needs; a space or line break the output needs is written out (`{{ " " }}`, `{{ "\\n" }}`).
Templates named *.md make Markdown (unit_header.md, unit_keypoints.md, session.md, chigai_sources.md) and
keep their line breaks: their
headings must reach the table of contents and their links must be resolved by MkDocs, so they go through
Markdown. Autoescape still applies to them: `<`, `>`, `&` (and quotes) in editors' values become entities, which
Markdown leaves alone, so editors' text cannot become a tag there either.
"""

from __future__ import annotations

import json
import math
import os
import posixpath
import random
import re

import jinja2
from markupsafe import Markup

from coursekit import presenter, schema_doc
from coursekit.crossrefs import page_url
from coursekit.models import CARE_TOPICS
from coursekit.quizzes import answer_key, correctness_hash

TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")
LINE_BREAK = re.compile(r"\n[ \t]*")


class _Loader(jinja2.FileSystemLoader):
    """Drops the line breaks of *.html templates, with the indentation after them."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        if template.endswith(".html"):
            source = LINE_BREAK.sub("", source)
        return source, filename, uptodate


def json_script(value) -> Markup:
    """JSON for a <script type="application/json"> element. Script content is not HTML-escaped by the browser
    (entities would stay as they are), so autoescape cannot be used there; instead `<`, `>` and `&` are written as
    JSON escapes, which JSON.parse reads back, so no text from the data can close the element (`</script>`) or
    open a comment (`<!--`). Only after that is the result safe to put into the page as it is."""
    text = json.dumps(value, ensure_ascii=False)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    try:
        return jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # no temporary folder of our own: the templates are compiled on every build
        return None


# Compiling the 27 templates took 0.10 s of every build; Jinja2's own bytecode cache (in the system's temporary
# folder, keyed by each template's source checksum, so an edited template is compiled again) brings it to 0.004 s.
env = jinja2.Environment(loader=_Loader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined,
                         trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                         bytecode_cache=_bytecode_cache())
env.filters["json_script"] = json_script
env.globals["CARE_TOPICS"] = CARE_TOPICS


def _render(name: str, **values) -> str:
    return env.get_template(name).render(**values)


def _helper(fn):
    """Makes `fn` callable from the templates."""
    env.globals[fn.__name__] = fn
    return fn


# ---------------------------------------------------------------- quizzes

TYPE_LABELS = {
    "single": "一つ選ぶ", "multiple": "当てはまるものをすべて選ぶ", "truefalse": "○×",
    "classify": "仕分け", "order": "並べ替え", "wrong-parts": "誤りの部分を選ぶ",
}
env.globals["TYPE_LABELS"] = TYPE_LABELS


@_helper
def shuffled(items: list, seed: str) -> list[int]:
    """A fixed shuffle of indexes (the same on every build), never the original order."""
    order = list(range(len(items)))
    rng = random.Random(seed)
    while len(order) > 1 and order == sorted(order):
        rng.shuffle(order)
    return order


@_helper
def link_to(target, page: str) -> str:
    if target.page == page:
        return f"#{target.anchor}"
    return f"{page_url(target.page, page)}#{target.anchor}"


def quiz_key(q, h: str) -> dict:
    """One question's entry in the page's key: type, answer and correctness hash; for classify also the order the
    items were shown in before answers were stored by item (`legacy`), to read answers saved by older pages.
    `h`: its correctness_hash (a bank's are in Bank.hashes)."""
    key = {"type": q.type, "answer": answer_key(q), "h": h}
    if q.type == "classify":
        key["legacy"] = shuffled(q.items, q.id)
    return key


def render_bank(bank, targets: dict, page: str, next_step: tuple[str, str] | None = None) -> str:
    """One raw-HTML block (no blank lines, so Markdown keeps it whole), kept out of the search index: the practice
    questions, then the unit test drawn from them, then what comes next (`next_step`: link and words)."""
    questions = bank.model.questions
    draw = min(bank.model.test.draw, len(questions))
    return _render("quiz.html", bank=bank, page=page, questions=[(n, q, targets[q.id]) for n, q in enumerate(questions, 1)],
                   keys={q.id: quiz_key(q, bank.hashes[q.id]) for q in questions}, draw=draw,
                   pass_count=math.ceil(draw * bank.model.test.pass_percent / 100), next_step=next_step)


def question_catalogue(bank, targets: dict) -> list[dict]:
    """Number and topic (the section it teaches) of each question, in bank order (for the results export)."""
    return [{"id": q.id, "number": n, "topic": targets[q.id].title, "h": bank.hashes[q.id]}
            for n, q in enumerate(bank.model.questions, start=1)]


SURVEY_NEXT = [("reread", "ユニットを読み直す"), ("test", "確認テストを受ける"), ("case", "A美さんの事例に取り組む"),
               ("share", "職場で内容を共有する"), ("consult", "保健所やセンターに相談する")]
env.globals["SURVEY_NEXT"] = SURVEY_NEXT
SCALE_WORDS = ["とてもそう思う", "そう思う", "どちらともいえない", "あまりそう思わない", "そう思わない"]
env.globals["SCALE_WORDS"] = SCALE_WORDS


def render_prepost(pp, banks: dict, quiz_pages: dict[str, str], targets: dict, titles: dict[str, str], page: str) -> str:
    """The training day's page: the pre-test, the post-test, the questionnaire and the results export."""
    parts = {side: [(n, getattr(t, side)[1], getattr(t, side)[2]) for n, t in enumerate(pp.topics, 1)] for side in ("pre", "post")}
    data = {"title": pp.title, "keys": {q.id: quiz_key(q, correctness_hash(q)) for side in parts.values() for _n, q, _t in side},
            "topics": [{"topic": t.title, "pre": t.pre[1].id, "post": t.post[1].id} for t in pp.topics],
            "quizzes": quiz_metas(banks, quiz_pages, targets, titles)}  # for the results file, as the progress page's
    return _render("prepost.html", pp=pp, parts=parts, data=data, page=page)


def _quizzes_in_unit_order(quiz_pages: dict[str, str]) -> list[str]:
    return sorted(quiz_pages, key=lambda n: quiz_pages[n])


def quiz_metas(banks: dict, quiz_pages: dict[str, str], targets: dict, titles: dict[str, str]) -> list[dict]:
    """What the browser knows of each quiz, in unit order (the progress page, the record, the training day): name,
    version, the bank's title (the one the results file carries), the unit's title (the one learners read), and
    each question's id, number, topic and correctness hash."""
    return [{"quiz": name, "hash": banks[name].hash, "title": banks[name].model.title,
             "unit_title": titles.get(quiz_pages[name], banks[name].model.title), "total": len(banks[name].model.questions),
             "questions": question_catalogue(banks[name], targets[name])}
            for name in _quizzes_in_unit_order(quiz_pages)]


def render_progress(banks: dict, quiz_pages: dict[str, str], targets: dict, titles: dict[str, str], page: str) -> str:
    """The progress table: one row per quiz, in unit order; progress.js fills status and score from storage."""
    rows = [{"meta": m, "href": page_url(quiz_pages[m["quiz"]], page) + "#quiz",
             # an attribute value: autoescape makes it safe there
             "catalogue": json.dumps(m["questions"], ensure_ascii=False)}
            for m in quiz_metas(banks, quiz_pages, targets, titles)]
    return _render("progress.html", rows=rows)


# ---------------------------------------------------------------- printed material (facilitator pages)

MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
TEAM_ROWS = 6


def plain(markdown: str) -> str:
    """A printed sheet has no use for links: keep their text."""
    return MD_LINK.sub(r"\1", markdown)


env.filters["plain"] = plain


def render_handouts(units: list) -> str:
    """HTML: one section per unit, each printed on its own A4 page."""
    return _render("handouts.html", units=[(u, posixpath.splitext(u.path)[0] + ".html") for u in sorted(units, key=lambda u: u.number)])


MITATE = [
    ("shippeisei", "疾病性", "病気や症状の面から、どう見えますか。"),
    ("jireisei", "事例性", "暮らしや周りの人との関係の中で、何が起きていますか。"),
    ("kinkyusei", "緊急性", "どのくらい急ぐ必要がありますか。その理由は。"),
    ("sokuosei", "即応性", "保健師として、いま・すぐにできることは何ですか。"),
]
env.globals["MITATE"] = MITATE


def render_worksheets(case) -> str:
    """HTML: the 見立て sheet and the plan sheet for group work on paper, from the case's data."""
    return _render("worksheets.html", case=case, team_rows=TEAM_ROWS)


def render_answer_keys(banks: dict, quiz_pages: dict[str, str], targets: dict, titles: dict[str, str], page: str) -> str:
    """HTML: for each quiz in unit order, every question with its right answer, explanation and section."""
    keys = [{"name": name, "title": titles.get(quiz_pages[name], banks[name].model.title),
             "questions": [(n, q, targets[name][q.id]) for n, q in enumerate(banks[name].model.questions, start=1)]}
            for name in _quizzes_in_unit_order(quiz_pages)]
    return _render("answer_keys.html", keys=keys, page=page)


def render_record(banks: dict, quiz_pages: dict[str, str], targets: dict, titles: dict[str, str]) -> str:
    """The completion record; progress.js fills it from the answers saved in this browser."""
    return _render("record.html", quizzes=quiz_metas(banks, quiz_pages, targets, titles))


# ---------------------------------------------------------------- case diagrams and tools

SEX_WORDS = {"female": "女性", "male": "男性", "unknown": "性別の記載なし"}
# Line types of the ecomap: the legend's words (the SVG styles are in case_macros.html).
LINE_WORDS = {"strong": "強いつながり（太い線）", "weak": "弱いつながり（点線）",
              "stressful": "ストレスのあるつながり（ぎざぎざの線）", "none": "途絶えている（細い点線と ×）"}
env.globals.update(SEX_WORDS=SEX_WORDS, LINE_WORDS=LINE_WORDS)


@_helper
def label_lines(label: str) -> list[str]:
    """Short lines for a diagram: the name, then what follows a space or is in brackets."""
    if "（" in label:
        name, rest = label.split("（", 1)
        return [name, "（" + rest]
    if " " in label:
        return label.split(" ", 1)
    if len(label) > 10 and "・" in label:
        head, tail = label.split("・", 1)
        return [head + "・", tail]
    return [label]


@_helper
def zigzag(x1, y1, x2, y2) -> str:
    length = math.hypot(x2 - x1, y2 - y1)
    n = max(4, int(length / 14))
    dx, dy = (x2 - x1) / n, (y2 - y1) / n
    nx, ny = -dy / math.hypot(dx, dy) * 5, dx / math.hypot(dx, dy) * 5
    points = [f"{x1 + dx * i + (nx if i % 2 else -nx) * (0 < i < n):.0f},{y1 + dy * i + (ny if i % 2 else -ny) * (0 < i < n):.0f}"
              for i in range(n + 1)]
    return " ".join(points)


env.filters["r0"] = lambda x: f"{x:.0f}"  # a coordinate rounded as the diagrams print them


def _family_text(nodes: dict[str, str], f) -> str:
    if f.type == "partners":
        return f"{nodes[f.a]} と {nodes[f.b]} は夫婦・パートナー"
    return f"{nodes[f.child]} は {'と'.join(nodes[p] for p in f.parents)} の子"


def genogram(case) -> dict:
    """Positions of the people (by generation), the partners' lines and the lines to the children."""
    rows: dict[int, list] = {}
    for p in case.model.people:
        rows.setdefault(p.generation, []).append(p)
    width = max(len(r) for r in rows.values()) * 190 + 40
    pos = {}
    for g, (_gen, row) in enumerate(sorted(rows.items())):
        step = width / (len(row) + 1)
        for i, p in enumerate(row):
            pos[p.id] = (step * (i + 1), 50 + g * 140)
    partners = [(*pos[f.a], *pos[f.b]) for f in case.model.families if f.type == "partners"]
    children = []
    for f in case.model.families:
        if f.type == "child":
            xs = [pos[p][0] for p in f.parents]
            # From the partners' line, or from below a single parent's label.
            top = (sum(xs) / len(xs), pos[f.parents[0]][1] + (0 if len(xs) == 2 else 64))
            children.append((top, pos[f.child]))
    nodes = case.nodes()
    return {"width": width, "height": 50 + len(rows) * 140, "pos": pos, "partners": partners, "children": children,
            "families": [_family_text(nodes, f) for f in case.model.families]}


ECOMAP_WIDTH, ROW, COLUMN_X = 800, 64, {"formal": 105, "informal": 695}
BOX = {"column": (190, 50), "family": (150, 50), "center": (200, 60)}  # width, height in viewBox units


def ecomap(case) -> dict:
    """The person in the middle; formal help in a left column, informal help in a right one; family in a row above
    the columns and a row below (two a row, over the middle). So no box overlaps another and no line runs across a
    box: lines to the columns stay between the rows of family. A node linked to a family member (the kindergarten
    to the child) takes the row of its column nearest that member."""
    center, relations = case.self_id, case.model.relations
    linked = [n for n in dict.fromkeys(x for r in relations for x in (r.source, r.to)) if n != center]
    kinds = {a.id: a.kind for a in case.model.agencies}
    family = [n for n in linked if n not in kinds][:4]
    columns = {kind: [n for n in linked if kinds.get(n, None if n in family else "informal") == kind]
               for kind in ("formal", "informal")}
    rows = max(3, *(len(c) for c in columns.values()))
    above, below = family[:2], family[2:]
    first = 40 + (80 if above else 0)  # the columns' first row
    last = first + (rows - 1) * ROW
    middle = ECOMAP_WIDTH / 2
    pos, size = {center: (middle, (first + last) / 2)}, {center: BOX["center"]}
    for group, y in ((above, 40), (below, last + 80)):
        for k, n in enumerate(group):
            pos[n], size[n] = (middle + (0 if len(group) == 1 else (-80 if k == 0 else 80)), y), BOX["family"]
    for kind, nodes in columns.items():
        free = list(range(rows))
        partner_y = {n: pos[m][1] for r in relations for n, m in ((r.source, r.to), (r.to, r.source)) if m in family and n in nodes}
        for n in sorted(nodes, key=lambda n: n not in partner_y):  # nodes with a family partner choose their row first
            want = partner_y.get(n)
            row = min(free, key=lambda r: abs(first + r * ROW - want)) if want is not None else free[0]
            free.remove(row)
            pos[n], size[n] = (COLUMN_X[kind], first + row * ROW), BOX["column"]
    column = {n for nodes in columns.values() for n in nodes}
    lines = [(r.type, *anchor(pos, size, column, r.source, r.to), *anchor(pos, size, column, r.to, r.source)) for r in relations]
    return {"center": center, "pos": pos, "size": size, "nodes": case.nodes(), "lines": lines, "width": ECOMAP_WIDTH,
            "height": (last + 80 if below else last) + 40, "kinds": [k for k in LINE_WORDS if any(r.type == k for r in relations)]}


def anchor(pos: dict, size: dict, column: set, node: str, other: str) -> tuple[float, float]:
    """Where a line from `node` toward `other` starts: the side facing the other when either is in a column (the
    space between the columns and the middle has no box), else the top or bottom, straight above or below."""
    (x, y), (w, h), (ox, oy) = pos[node], size[node], pos[other]
    if node in column or other in column:
        return x + (w / 2 if ox > x else -w / 2), y
    ux = pos[node if w <= size[other][0] else other][0]  # straight down from the narrower of the two boxes
    return min(max(ux, x - w / 2 + 10), x + w / 2 - 10), y + (h / 2 if oy > y else -h / 2)


def render_diagrams(case) -> str:
    return _render("diagrams.html", case=case, genogram=genogram(case), ecomap=ecomap(case))


def render_genogram(case) -> str:
    return _render("genogram.html", case=case, genogram=genogram(case))


def render_ecomap(case) -> str:
    return _render("ecomap.html", case=case, ecomap=ecomap(case))


def render_mitate(case) -> str:
    return _render("mitate.html", case=case)


def _members(case) -> list[tuple[str, str]]:
    return ([(p.id, f"本人：{p.label}" if p.self else p.label) for p in case.model.people]
            + [(a.id, a.label) for a in case.model.agencies])


def render_plan_builder(case) -> str:
    members = _members(case)
    data = {"fields": [f.model_dump() for f in case.plan.fields], "members": dict(members), "hash": case.plan_hash,
            "title": case.model.title}
    return _render("plan_builder.html", case=case, members=members, data=data)


def render_plan_check(case) -> str:
    model = [(f, case.plan.model[f.id]) for f in case.plan.fields if case.plan.model.get(f.id) is not None]
    return _render("plan_check.html", case=case, fields={f.id: f.label for f in case.plan.fields}, members=case.nodes(), model=model)


# ---------------------------------------------------------------- ちがいさがし

CHUNK = re.compile(r"[^、。]+[、。]?")


def segments(sentence: str, spans: list[tuple[int, int, str]]):
    """(text, difference id or "") pieces: each difference whole, the rest cut after 、 and 。."""
    pos, out = 0, []
    for start, end, did in sorted(spans):
        out += [(m.group(0), "") for m in CHUNK.finditer(sentence[pos:start])]
        out.append((sentence[start:end], did))
        pos = end
    out += [(m.group(0), "") for m in CHUNK.finditer(sentence[pos:])]
    return out


def _sentences(chigai, side: str) -> list[list[tuple[str, str, bool]]]:
    """Each sentence's pieces as (text, difference id or "", changed): a piece outside the listed differences is
    `changed` when its wording (less its 、。…) stands nowhere in the other version, so that the page never calls
    a changed phrase unchanged."""
    other = "".join(chigai.texts["new" if side == "old" else "old"])
    return [[(text, did, not did and text.strip("、。…") not in other)
             for text, did in segments(sentence, [(s, e, did) for did, (k, s, e) in chigai.spans[side].items() if k == n])]
            for n, sentence in enumerate(chigai.texts[side])]


def render_chigai(chigai) -> str:
    m = chigai.model
    note = m.unchanged.note if m.unchanged else ""
    data = {"hints": {d.id: f"{chigai.spans['new'][d.id][0] + 1} 文目" for d in m.differences}, "unchanged": note}
    sides = [(side, getattr(m.versions, side), _sentences(chigai, side)) for side in ("old", "new")]
    return _render("chigai.html", chigai=chigai, sides=sides, unchanged=m.unchanged.phrase if m.unchanged else None,
                   note=note, data=data)


# Characters that would end a Markdown link's destination or an HTML attribute, percent-encoded; `&` stays, as
# Markdown escapes it in the href it writes (an entity here would be escaped a second time).
MD_URL = str.maketrans({c: f"%{ord(c):02X}" for c in ' "\'()<>\\`'})
env.filters["md_url"] = lambda url: Markup(url.translate(MD_URL))


def render_sources(chigai) -> str:
    versions = [getattr(chigai.model.versions, side) for side in ("old", "new")]
    return _render("chigai_sources.md", versions=versions)


# ---------------------------------------------------------------- glossary

MAX_PAGES_LISTED = 12  # as glossary.MAX_PAGES_LISTED: a row listing every page of a common term stops helping


def render_glossary_table(terms: list, usage: dict[str, list[str]], titles: dict[str, str], from_page: str) -> str:
    """The glossary as an HTML table (Markdown would parse it cell by cell, and it needs nothing from Markdown).
    Links are relative `.html` URLs, to pages the build has just read, so they cannot break."""
    links = {}  # page -> (url, title), made once: a page that uses many terms appears in many rows
    rows = []
    for t in terms:
        used = usage.get(t.term, [])
        for p in used[:MAX_PAGES_LISTED]:
            if p not in links:
                links[p] = (page_url(p, from_page), titles.get(p, p))
        rows.append((t, [links[p] for p in used[:MAX_PAGES_LISTED]], max(0, len(used) - MAX_PAGES_LISTED)))
    return _render("glossary_table.html", rows=rows)


# ---------------------------------------------------------------- file format reference (schema)

CODE = re.compile(r"`([^`]+)`")
ANCHOR_LINK = re.compile(r"\[([^\]]+)\]\((#[\w-]+)\)")


@_helper
def inline_parts(text: str) -> list[tuple[str, str, str]]:
    """The little Markdown the tables use, as (kind, text, href) pieces: "code", "link" (to #anchor) or "text"."""
    out = []
    for i, part in enumerate(CODE.split(text)):  # odd parts were between backticks
        if i % 2:
            out.append(("code", part, ""))
            continue
        pos = 0
        for m in ANCHOR_LINK.finditer(part):
            out += [("text", part[pos:m.start()], ""), ("link", m.group(1), m.group(2))]
            pos = m.end()
        out.append(("text", part[pos:], ""))
    return out


def model_table(model, place=lambda html: html) -> str:
    """A heading (Markdown, for the table of contents) and the table as HTML; `place(html)` returns what stands for
    the table in the Markdown (the build passes one that splices it in after Markdown)."""
    return f"### {model.__name__} {{#{model.__name__.lower()}}}\n\n" + place(_render("schema_table.html", rows=schema_doc.rows(model)))


def reference(root, place=lambda html: html) -> str:
    return "\n".join(model_table(m, place) for m in schema_doc.models_in(root))


# ---------------------------------------------------------------- unit pages and the unit list

HEADING = re.compile(r"^(#{2,6})\s+(.*?)\s*$")


def render_header(unit) -> str:
    """Markdown put under the unit's title: its number, time and objectives."""
    return _render("unit_header.md", unit=unit)


def render_keypoints(unit) -> str:
    return _render("unit_keypoints.md", unit=unit)


def insert_unit_parts(markdown: str, unit) -> str:
    """Header after the first H1 (or at the top), key points just before the reflection section."""
    lines = markdown.splitlines()
    h1 = next((i for i, line in enumerate(lines) if line.startswith("# ")), -1)
    lines.insert(h1 + 1, "\n" + render_header(unit))
    refl = next((i for i, line in enumerate(lines) if "{#furikaeri}" in line and HEADING.match(line)), None)
    if refl is not None:
        lines.insert(refl, render_keypoints(unit))
    return "\n".join(lines) + "\n"


def render_unit_list(units: list, from_page: str, quiz_pages: dict[str, str] | None = None) -> str:
    """The start panel and a card per unit, linked to their `.html` pages relative to `from_page` (MkDocs does not
    rewrite links in raw HTML); each card names its unit's quiz, for its status in the browser."""
    quiz_of = {page: name for name, page in (quiz_pages or {}).items()}
    rows = [(u, page_url(u.path, from_page), quiz_of.get(u.path, "")) for u in sorted(units, key=lambda u: u.number)]
    return _render("unit_list.html", rows=rows, total=sum(u.minutes for u in units), record=page_url("record.md", from_page))


def next_step(units: list, page: str, titles: dict[str, str]) -> tuple[str, str] | None:
    """(link, words) of what follows the unit at `page`: the next unit, or after the last one the case exercise."""
    unit = next((u for u in units if u.path == page), None)
    if unit is None:
        return None
    later = sorted((u for u in units if u.number > unit.number), key=lambda u: u.number)
    if later:
        return page_url(later[0].path, page), f"ユニット {later[0].number}「{later[0].title}」"
    return (page_url(CASE_PAGE, page), f"事例演習「{titles[CASE_PAGE]}」") if CASE_PAGE in titles else None


# ---------------------------------------------------------------- session plans

SESSION_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
HANDOUTS_PAGE = "facilitator/handouts.md"
CASE_PAGE = "cases/index.md"
KEYS_PAGE = "facilitator/keys.md"


@_helper
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
    return SESSION_LINK.sub(rewrite, markdown)


def unit_materials(unit) -> list[str]:
    n = unit.number
    return [f"[ユニット {n} のページ]({unit.path})", f"[スライド]({presenter_page(unit)})", f"[1枚まとめ]({HANDOUTS_PAGE}#unit-{n})",
            f"[クイズの解答]({KEYS_PAGE}#unit-{n})"]


env.filters["cell"] = lambda text: text.replace("|", "｜").replace("\n", " ")  # one Markdown table cell


def render_session(session, all_units: list, page: str) -> str:
    """Markdown: the plan's goal and audience, a preparation checklist, the timed table, and the units left for self-study."""
    rows, at = [], 0
    for r in session.rows:
        rows.append((r, at, (unit_materials(r.unit) if r.unit else []) + list(r.materials)))
        at += r.minutes
    used = {r.unit.number for r in session.rows if r.unit}
    rest = [u for u in sorted(all_units, key=lambda u: u.number) if u.number not in used]
    markdown = _render("session.md", session=session, m=session.model, rows=rows, end=at,
                       spare=session.model.length - session.total, rest=rest)
    return relative_links(markdown, page)


# ---------------------------------------------------------------- the trainer's room: slides and facilitator notes

SENSITIVE_PAGE = "facilitator/sensitive.md"
NOTES_PAGE = "facilitator/notes.md"


def presenter_page(unit) -> str:
    return f"facilitator/present/unit-{unit.number}.md"


def render_slides(unit, tree, bank, notes, page: str) -> str:
    """The presenter view of a unit, from its page (a presenter.PageTree), its quiz bank and its notes."""
    return _render("slides.html", unit=unit, slides=presenter.unit_slides(unit, tree, bank, notes),
                   unit_url=page_url(unit.path, page), sensitive_url=page_url(SENSITIVE_PAGE, page))


def render_question_note(note, page: str) -> str:
    return _render("facilitator_note.html", note=note, sensitive_url=page_url(SENSITIVE_PAGE, page))


def render_notes_pack(units: list, notes: dict, case_titles: dict[str, str], page: str) -> str:
    """HTML: every unit's 振り返り questions and the cases' group questions, each with its facilitator note."""
    parts = []
    for u in sorted(units, key=lambda u: u.number):
        n = notes.get(f"unit-{u.number}")
        if n:
            parts.append({"name": f"unit-{u.number}", "title": f"ユニット {u.number}「{u.title}」の振り返り",
                          "where": f"（コースの {posixpath.splitext(u.path)[0]}.html）", "slides": page_url(presenter_page(u), page),
                          "mode_url": page_url(u.path, page) + "?mode=facilitator",
                          "slides_label": f"ユニット {u.number} のスライド",
                          "questions": list(zip(n.texts, n.questions, strict=False))})
    for name, n in sorted(notes.items()):
        if name.startswith("unit-"):
            continue
        parts.append({"name": name, "title": f"{case_titles.get(name, name)}：グループで話し合う",
                      "where": f"（コースの {n.page[:-3]}.html）", "slides": "", "slides_label": "",
                      "mode_url": page_url(n.page, page) + "?mode=facilitator#group",
                      "questions": list(zip(n.texts, n.questions, strict=False))})
    return _render("notes_pack.html", parts=parts, sensitive_url=page_url(SENSITIVE_PAGE, page))

"""A unit's slides for the presenter view, made from the unit itself: its front matter (title, objectives, まとめ),
its rendered page (each section's lead sentence and sub-headings, each にも包括のポイント, each table, the 振り返り
questions, the guide's sections it draws on) and its quiz bank (a few questions as a show of hands, the answer
hidden until revealed). The editor's notes (facilitation.Notes) become the speaker notes.

The page is read as Python-Markdown built it: KeepTreeExtension keeps each page's element tree, which the slides
take apart once MkDocs has rendered the page (so the page is not parsed a second time), and each slide's HTML is
made the way the page's is. A slide shows what the unit shows; links and tooltips are dropped (a projected slide
has no use for them) and ids too (they would repeat). Raw-HTML blocks (a figure) and the widgets are not slides.
"""

from __future__ import annotations

import copy
import html
import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE
from markupsafe import Markup

SKIP_SECTIONS = {"mokuhyo", "matome", "furikaeri", "quiz", "shutten"}
# What fits on a 1024x768 slide with text of 28 px or more (present.css): the frame is 896 px wide and 656 px high.
# A slide whose content would not fit goes on to a second one (its title marked 1/2, 2/2); tests/test_presenter.py
# measures every slide in Chromium, so an estimate that is too hopeful fails there, not in a training room.
WIDTH, HEIGHT = 896, 656
BODY_PX, LINE = 28, 1.45
POINT_PREFIX = re.compile(r"^にも包括のポイント[：:]\s*")
SENTENCE = re.compile(r".+?。")
LEAD_MIN = 45  # a first sentence shorter than this takes the next one too


@dataclass
class Slide:
    kind: str  # title, objectives, section, point, table, discuss, hands, summary, sources
    title: str
    body: Markup = Markup("")
    kicker: str = ""  # the small label above the title (ユニット 4 ・ にも包括のポイント …)
    notes: list[str] = field(default_factory=list)  # speaker notes, paragraphs of plain text
    points: list[str] = field(default_factory=list)  # discussion points (discuss slides)
    care: list[str] = field(default_factory=list)  # sensitive topics of a discussion
    minutes: int = 0  # a discussion's time cue
    right: list[int] = field(default_factory=list)  # hands slides: the right choices, shown only once revealed
    anchor: str = ""  # the heading id the slide belongs to (for the editor's notes)
    section: str = ""  # the h2 id it sits under


WIDGET = re.compile(r'<div data-widget="\d+"></div>')  # pages.PLACEHOLDER: a widget's place, never on a slide
TAG = re.compile(r"<[^>]*>")


class PageTree:
    """A page as Python-Markdown built it: its element tree, and the Markdown instance that holds the page's raw
    HTML and turns an element into the page's HTML (its serializer, then its postprocessors)."""

    def __init__(self, root: Element, md) -> None:
        self.root, self.md = root, md

    def html(self, el: Element) -> str:
        tail, el.tail = el.tail, None  # the serializer writes the text after the element too
        out = self.md.serializer(el)
        el.tail = tail
        for processor in self.md.postprocessors:
            out = processor.run(out)
        return WIDGET.sub("", out)

    def text(self, el: Element) -> str:
        """The text a reader sees in `el`, spaces folded; inline raw HTML (a <br>) counts by its text."""
        def shown(m: re.Match) -> str:
            stash = self.md.htmlStash.rawHtmlBlocks
            raw = stash[int(m.group(1))] if int(m.group(1)) < len(stash) else ""
            return "".join(raw.itertext()) if isinstance(raw, Element) else html.unescape(TAG.sub("", raw))
        return re.sub(r"\s+", " ", HTML_PLACEHOLDER_RE.sub(shown, "".join(el.itertext()))).strip()

    def is_raw_block(self, el: Element) -> bool:
        """A block of raw HTML (a figure, a widget's place): Markdown keeps it as a paragraph of one placeholder."""
        return el.tag == "p" and not len(el) and bool(HTML_PLACEHOLDER_RE.fullmatch((el.text or "").strip()))


class _KeepTree(Treeprocessor):
    def __init__(self, md, extension: KeepTreeExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: Element) -> None:
        self.extension.last = PageTree(root, self.md)


class KeepTreeExtension(Extension):
    """Keeps the tree of the page Markdown converted last (`last`), for the hook to take for a unit's slides."""

    def __init__(self) -> None:
        super().__init__()
        self.last: PageTree | None = None

    def extendMarkdown(self, md) -> None:
        # Last of all (after toc's ids and permalinks, the tooltips, cjk_breaks, unescape and MkDocs' own), so the
        # tree is the one the page's HTML is written from.
        md.treeprocessors.register(_KeepTree(md, self), "keep_tree", -100)


def _classes(el: Element) -> list[str]:
    return el.get("class", "").split()


def _remove(parent: Element, child: Element, keep_content: bool) -> None:
    """`child` out of `parent`; its text and children put in its place if `keep_content`; its tail kept."""
    i = list(parent).index(child)
    kept = list(child) if keep_content else []
    parent.remove(child)
    parent[i:i] = kept
    text = (child.text or "") if keep_content else ""
    if kept:
        kept[-1].tail = (kept[-1].tail or "") + (child.tail or "")
    else:
        text += child.tail or ""
    if i:
        parent[i - 1].tail = (parent[i - 1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _clean(tree: PageTree, el: Element) -> Markup:
    """The element as slide HTML: no permalinks, no links or tooltips (their text stays), no ids."""
    _strip(el)
    return Markup(tree.html(el))


def _strip(el: Element) -> None:
    for attr in ("id", "title", "href"):
        el.attrib.pop(attr, None)
    for child in list(el):
        _strip(child)
        if child.tag == "a" and "headerlink" in _classes(child):
            _remove(el, child, keep_content=False)  # its only content is the ¶ sign
        elif child.tag in ("a", "abbr"):
            _remove(el, child, keep_content=True)


def _inner(tree: PageTree, el: Element) -> Markup:
    """The HTML inside `el` (after _clean)."""
    out = _clean(tree, el)
    return Markup(out[out.index(">") + 1:out.rindex("</")])


def lead_sentence(text: str) -> str:
    sentences = SENTENCE.findall(text) or [text]
    lead = sentences[0]
    if len(lead) < LEAD_MIN and len(sentences) > 1:
        lead += sentences[1]
    return lead


def _lines(text: str, px: float, width: float) -> int:
    per_line = max(1, int(width // px))
    return max(1, -(-len(text) // per_line))


def _room(title: str, title_px: int = 46) -> float:
    """Height left for the body under a kicker and a title of that size."""
    return HEIGHT - 54 - _lines(title, title_px, WIDTH) * title_px * 1.3 - 28


def _body_rows(table: Element) -> list[Element]:
    body = table.find("tbody")
    return body.findall("tr") if body is not None else []


def _table_rows(tree: PageTree, table: Element) -> list[float]:
    """Estimated height of each body row; the columns share the width as their longest cells do."""
    rows = [[tree.text(c) for c in tr if c.tag in ("td", "th")] for tr in _body_rows(table)]
    if not rows:
        return []
    cols = max(len(r) for r in rows)
    longest = [max((len(r[k]) for r in rows if k < len(r)), default=1) for k in range(cols)]
    # Auto table layout does not share the width quite as the text lengths do: estimate each column narrower.
    widths = [max(3 * BODY_PX, 0.8 * (WIDTH - cols * 36) * n / sum(longest)) for n in longest]
    return [max(_lines(c, BODY_PX, widths[k]) for k, c in enumerate(r)) * BODY_PX * 1.4 + 26 for r in rows]


def _chunks(heights: list[float], room: float) -> list[range]:
    """Consecutive runs of items whose heights fit in `room` (at least one item each)."""
    out, start, used = [], 0, 0.0
    for i, h in enumerate(heights):
        if used + h > room and i > start:
            out.append(range(start, i))
            start, used = i, 0.0
        used += h
    out.append(range(start, len(heights)))
    return out


def _split_table(tree: PageTree, table: Element, title: str) -> list[Element]:
    heights = _table_rows(tree, table)
    head = BODY_PX * 1.4 + 24
    runs = _chunks(heights, _room(title + "（1/2）") - head - 8)
    parts = []
    for i, run in enumerate(runs):
        part = table if i == len(runs) - 1 else copy.deepcopy(table)  # the last part is the table itself
        body = part.find("tbody")
        for k, row in enumerate(_body_rows(part)):
            if k not in run:
                body.remove(row)
        parts.append(part)
    return parts


def _item_height(text: str, px: float = BODY_PX, width: float = WIDTH - 40) -> float:
    return _lines(text, px, width) * px * LINE + px * 0.4


def split_items(items: list[str], title: str, extra: float = 0) -> list[list[str]]:
    """A list slide's items in runs that fit under its title."""
    return [[items[i] for i in run] for run in _chunks([_item_height(t) for t in items], _room(title + "（1/2）", 40) - extra)]


def _split_point(tree: PageTree, box: Element, title: str) -> list[Element]:
    """A にも包括のポイント box in parts that fit: its list items and paragraphs kept whole, in order."""
    pieces = []  # (tag name of the block, element)
    for child in box:
        if child.tag in ("ul", "ol"):
            pieces += [(child.tag, li) for li in child.findall("li")]
        else:
            pieces.append(("p", child))
    # The box's border, padding and bullets take width: measured narrower, so that a long item wraps as estimated.
    heights = [_item_height(tree.text(el), width=WIDTH - 160) + (8 if kind == "p" else 0) for kind, el in pieces]
    parts = []
    for run in _chunks(heights, _room(title + "（1/2）") - 56):
        part = Element("div", {"class": "slide__point"})
        current = None
        for i in run:
            kind, el = pieces[i]
            el.tail = None  # the line break after it in the box
            if kind == "p":
                part.append(el)  # moved: the box is not used again
                current = None
                continue
            if current is None:
                current = Element(kind)
                part.append(current)
            current.append(el)
        parts.append(part)
    return parts


def _numbered(title: str, k: int, n: int) -> str:
    return title + (f"（{k + 1}/{n}）" if n > 1 else "")


def page_slides(tree: PageTree) -> tuple[list[Slide], list[Slide], list[str], dict[str, str]]:
    """(content slides, discussion slides, the guide's sections, parent h2 of each heading id) from a unit's page."""
    root = copy.deepcopy(tree.root)  # taken apart below; the page's own tree stays whole
    content, discuss, sources, parent = [], [], [], {}
    h2 = h2_title = h3 = h3_title = ""
    section_slide = None
    for el in root:
        if tree.is_raw_block(el):
            continue
        if el.tag == "h2":
            h2, h3, h3_title = el.get("id", ""), "", ""
            _strip(el)
            h2_title = tree.text(el)
            parent[h2] = h2
            section_slide = None
            if h2 not in SKIP_SECTIONS:
                section_slide = Slide("section", h2_title, anchor=h2, section=h2)
                content.append(section_slide)
            continue
        if el.tag == "h3":
            h3 = el.get("id", "")
            _strip(el)
            h3_title = tree.text(el)
            parent[h3] = h2
            if section_slide is not None:
                section_slide.points.append(h3_title)  # the section's sub-headings, as an agenda
            continue
        if h2 == "furikaeri" and el.tag == "ol":
            for n, li in enumerate(el.findall("li"), 1):
                discuss.append(Slide("discuss", f"話し合い {n}", body=_inner(tree, li), anchor="furikaeri", section=h2))
            continue
        if h2 == "shutten" and el.tag == "ul":
            sources += [tree.text(li) for li in el.findall("li") if tree.text(li).startswith("ガイド")]
            continue
        if section_slide is None:
            continue
        here = h3 or h2
        if el.tag == "p" and not section_slide.notes and tree.text(el):
            section_slide.notes.append(tree.text(el))
            section_slide.kicker = lead_sentence(tree.text(el))
        elif el.tag == "table":
            parts = _split_table(tree, el, h3_title or h2_title)
            for k, part in enumerate(parts):
                content.append(Slide("table", _numbered(h3_title or h2_title, k, len(parts)), body=_clean(tree, part),
                                     kicker=h2_title if h3_title else "", anchor=here, section=h2))
        elif el.tag == "div" and "point" in _classes(el):
            title_el = next((c for c in el if c.tag == "p" and "admonition-title" in _classes(c)), None)
            title = POINT_PREFIX.sub("", tree.text(title_el)) if title_el is not None else h2_title
            if title_el is not None:
                _remove(el, title_el, keep_content=False)
            title = title or h2_title
            parts = _split_point(tree, el, title)
            for k, part in enumerate(parts):
                content.append(Slide("point", _numbered(title, k, len(parts)), body=_clean(tree, part),
                                     kicker="にも包括のポイント", anchor=here, section=h2))
    return content, discuss, sources, parent


def hands_fits(q) -> bool:
    """A show-of-hands slide (prompt at 32 px, choices at 28 px, revealed answer) fits on one slide."""
    choices = ["○（正しい）", "×（誤り）"] if q.type == "truefalse" else q.choices
    # Measured in Chromium: a prompt line is 45 px; a choice's text is about 660 px wide, its line 38 px, its box and the
    # gap 44 px more; the kicker takes 50 px, the revealed answer 57 px (it takes the place of the "R キー" cue).
    height = 50 + _lines(q.prompt, 32, WIDTH) * 45 + 18 + sum(_lines(c, BODY_PX, 660) * 38 + 44 for c in choices) - 10 + 57
    return height <= HEIGHT - 8


def hands_slide(q, number: int, total: int) -> Slide:
    """A quiz question to answer by raising hands: the choices lettered A, B, C …; the right ones kept apart."""
    if q.type == "truefalse":
        choices, right = ["○（正しい）", "×（誤り）"], [0 if q.answer else 1]
    else:
        answers = [q.answer] if q.type == "single" else q.answer
        choices, right = list(q.choices), [i for i, c in enumerate(q.choices) if c in answers]
    how = "当てはまるものすべてに手を挙げます" if q.type == "multiple" else "一つ選んで手を挙げます"
    return Slide("hands", q.prompt, kicker=f"挙手で答える {number}/{total}・{how}", points=choices, right=right,
                 notes=[f"解説：{q.explanation}", f"よくある誤解：{q.misconception}"], anchor="quiz", section="quiz")


def list_slides(kind: str, title: str, kicker: str, items: list[str], anchor: str) -> list[Slide]:
    runs = split_items(items, title)
    return [Slide(kind, _numbered(title, k, len(runs)), kicker=kicker, points=run, anchor=anchor, section=anchor)
            for k, run in enumerate(runs)]


def unit_slides(unit, tree: PageTree, bank, notes) -> list[dict]:
    """Every slide of a unit, in showing order, as plain values for the template."""
    content, discuss, sources, parent = page_slides(tree)
    slides = [Slide("title", unit.title, kicker=f"ユニット {unit.number}",
                    notes=[unit.summary, f"所要時間 約 {unit.minutes} 分（読む {unit.reading} 分・演習 {unit.exercises} 分）"],
                    anchor="title")]
    slides += list_slides("objectives", "学習目標", "このユニットを終えると", list(unit.objectives), "mokuhyo")
    slides += content
    slides += list_slides("summary", "このユニットのまとめ", f"ユニット {unit.number}", list(unit.keypoints), "matome")
    questions = notes.questions if notes else ()
    for k, (slide, note) in enumerate(zip(discuss, list(questions) + [None] * len(discuss), strict=False)):
        slide.kicker = f"振り返り・話し合い {k + 1}/{len(discuss)}"
        if note:
            slide.points, slide.minutes, slide.care = list(note.points), note.minutes, list(note.care)
    slides += discuss
    if bank is not None:
        by_id = {q.id: q for q in bank.model.questions}
        hands = [by_id[i] for i in (notes.hands if notes else ()) if i in by_id] or \
            [q for q in bank.model.questions if q.type in ("single", "multiple", "truefalse") and hands_fits(q)][:3]
        slides += [hands_slide(q, n, len(hands)) for n, q in enumerate(hands, 1)]
    if sources:
        slides += list_slides("sources", "出典", "このユニットが説明したガイドの節", sources, "shutten")
    if notes:
        for key, text in notes.speaker.items():
            target = next((s for s in slides if s.anchor == key), None) \
                or next((s for s in slides if s.kind == "section" and s.anchor == parent.get(key)), None) \
                or next((s for s in slides if s.section == key), None)
            if target is not None:
                target.notes.insert(0, text)
    return [vars(s) for s in slides]

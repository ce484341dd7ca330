"""Glossary parsing, usage and the Japanese-aware tooltip matcher (plain functions, no MkDocs)."""

import random
import re

import markdown
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrTreeprocessor

from coursekit import glossary, render

GOOD = "*[リカバリー]: 本人が望む暮らしを取り戻していく過程。\n\n*[パーソナル・リカバリー]: 本人にとっての回復。\n"


def test_good_glossary_is_read_with_lines():
    terms, problems = glossary.parse_glossary("g.md", GOOD)
    assert problems == []
    assert [(t.term, t.line) for t in terms] == [("リカバリー", 1), ("パーソナル・リカバリー", 3)]


def test_term_defined_twice_is_reported_at_the_second_line():
    _terms, problems = glossary.parse_glossary("g.md", GOOD + "*[リカバリー]: 別の定義。\n")
    assert [str(p).split(" — ")[0] for p in problems] == ["g.md:4: 用語「リカバリー」が二度定義されています（最初は 1 行目）"]


def test_malformed_and_empty_lines_are_reported():
    text = "リカバリー: 括弧がない\n*[]: 用語がない\n*[ストレングス]:\n"
    _terms, problems = glossary.parse_glossary("g.md", text)
    assert [(p.line, p.message) for p in problems] == [
        (1, "用語の行の書式ではありません"), (2, "用語が空です"), (3, "用語「ストレングス」の説明がありません")]


def test_unused_term_is_reported():
    terms, _ = glossary.parse_glossary("g.md", GOOD)
    usage = glossary.usage_by_term(terms, {"a.md": glossary.terms_in(terms, "本人のリカバリーを支えます。")})
    assert usage == {"リカバリー": ["a.md"], "パーソナル・リカバリー": []}
    assert [p.line for p in glossary.unused_terms("g.md", terms, usage)] == [3]


def test_usage_ignores_code_comments_front_matter_and_definitions():
    terms, _ = glossary.parse_glossary("g.md", "*[即応性]: すぐに応じる力。\n")
    page = "---\ntitle: 即応性\n---\n<!-- 即応性 -->\n```\n即応性\n```\n*[即応性]: 上書き\n"
    assert glossary.usage_by_term(terms, {"a.md": glossary.terms_in(terms, page)}) == {"即応性": []}


def test_longest_term_wins_inside_japanese_text():
    pattern = glossary.term_pattern(["リカバリー", "パーソナル・リカバリー"])
    assert pattern.findall("本人のパーソナル・リカバリーとリカバリー") == ["パーソナル・リカバリー", "リカバリー"]


def test_term_inside_an_english_word_is_not_matched():
    assert glossary.term_pattern(["SC"]).findall("SCと DISCO") == ["SC"]


def to_html(md_text: str) -> str:
    return markdown.markdown(md_text, extensions=["abbr", glossary.JapaneseAbbrExtension()])


def test_tooltip_appears_inside_a_japanese_sentence():
    html = to_html("本人のリカバリーを支えます。\n\n*[リカバリー]: 回復の過程。")
    assert '<abbr title="回復の過程。">リカバリー</abbr>を支えます' in html


def test_stock_abbr_misses_japanese_terms_which_is_why_the_extension_exists():
    html = markdown.markdown("本人のリカバリーを支えます。\n\n*[リカバリー]: 回復の過程。", extensions=["abbr"])
    assert "<abbr" not in html


def test_glossary_table_links_pages_relative_to_the_glossary():
    terms, _ = glossary.parse_glossary("g.md", GOOD)
    table = render.render_glossary_table(terms, {"リカバリー": ["modules/unit-4.md"]}, {"modules/unit-4.md": "4. 都道府県"},
                                           "glossary.md")
    assert ("<tr><td><strong>リカバリー</strong></td><td>本人が望む暮らしを取り戻していく過程。</td>"
            '<td><a href="modules/unit-4.html">4. 都道府県</a></td></tr>') in table


def test_glossary_row_lists_a_dozen_pages_and_counts_the_rest():
    terms, _ = glossary.parse_glossary("g.md", GOOD)
    pages = [f"modules/unit-{n}.md" for n in range(1, 16)]
    table = render.render_glossary_table(terms, {"リカバリー": pages}, {}, "glossary.md")
    row = next(line for line in table.splitlines() if "<strong>リカバリー</strong>" in line)
    assert row.count('<a href="modules/') == render.MAX_PAGES_LISTED == 12
    assert row.endswith("、ほか 3 ページ</td></tr>")


def test_headings_get_no_tooltip_but_the_text_below_does():
    html = to_html("# リカバリーとは\n\nリカバリーの話。\n\n*[リカバリー]: 回復の過程。")
    assert "<h1>リカバリーとは</h1>" in html
    assert '<abbr title="回復の過程。">リカバリー</abbr>の話' in html


def test_a_term_in_a_link_gets_no_tooltip_and_the_next_use_outside_does():
    """glossary.js makes a marked term a button; inside a link it would be a button in a link."""
    html = to_html("[リカバリーの節](#x)では、リカバリーを考えます。\n\n*[リカバリー]: 回復の過程。")
    assert '<a href="#x">リカバリーの節</a>では、<abbr title="回復の過程。">リカバリー</abbr>を考えます' in html


def test_a_term_after_an_ascii_letter_is_not_matched_but_a_shorter_one_inside_is():
    # "ITケア会議": ケア会議 follows an ASCII letter, so the regex moves on one character and finds 会議.
    pattern = glossary.term_pattern(["ケア会議", "会議", "A-B", "B"])
    assert pattern.findall("ITケア会議") == ["会議"] and pattern.findall("xA-B") == ["B"]
    assert pattern.findall("ケア会議と会議") == ["ケア会議", "会議"]
    assert glossary.term_pattern([]) is None


def test_the_pattern_matches_as_the_plain_lookbehind_form():
    # term_pattern writes the check before each term after it (faster); the matches must be the plain form's.
    names = ["8050問題", "ケア会議", "会議", "A-B", "B", "SC", "リカバリー", "パーソナル・リカバリー"]
    plain = re.compile(r"(?<![A-Za-z0-9_])(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")(?![A-Za-z0-9_])")
    pieces = [*names, "x", "A", "_", "9", " ", "。", "\n", "ア", "ケア"]
    pattern, rng = glossary.term_pattern(names), random.Random(19)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)], text


class ReferenceAbbr(AbbrTreeprocessor):
    """The tree processor as it was: Python-Markdown's walk with term_pattern, headings skipped. (Links are not
    skipped here; the text below uses a term in a link only after the term's first use in its section.)"""

    def iter_element(self, el, parent=None):
        if el.tag not in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            super().iter_element(el, parent)

    def run(self, root):
        self.RE = glossary.term_pattern(self.abbrs.keys())
        self.iter_element(root)


class ReferenceExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(ReferenceAbbr(md, md.treeprocessors["abbr"].abbrs), "abbr", 7)


def first_use_per_section(html: str) -> str:
    """The reference walk's HTML with every tooltip but a term's first in each h1/h2 section unwrapped."""
    abbr = re.compile(r'<abbr title="[^"]*">([^<]*)</abbr>')
    out = []
    for section in re.split(r"(?=<h[12][ >])", html):
        seen = set()

        def keep_first(m, seen=seen):
            if m.group(1) in seen:
                return m.group(1)
            seen.add(m.group(1))
            return m.group(0)
        out.append(abbr.sub(keep_first, section))
    return "".join(out)


def test_tree_processor_marks_the_first_use_in_each_section_as_the_reference_walk_does():
    md_text = (
        "# リカバリーの章\n\n"
        "本人の**リカバリー**と*ケア会議*、ITケア会議、`リカバリー`、[リカバリーの節](#x)の後にもリカバリー。\n\n"
        "- ケア会議<br>リカバリー\n- **ケア** と *会議* と <span>リカバリー</span>会議\n\n"
        "| 用語 | 説明 |\n|---|---|\n| ケア会議 | リカバリー を <em>支える</em> ケア |\n\n"
        "## ケア会議 {#kaigi}\n\nケア\n\n> 引用のケア会議と**会議**の後のケア\n\n"
        "### 小見出し\n\nケア会議とケア\n\n"
        "*[リカバリー]: 回復の過程。\n*[ケア会議]: 支援者が集まる会議。\n*[会議]: 集まり。\n*[ケア]: 世話。\n"
    )
    ours = markdown.markdown(md_text, extensions=["abbr", "tables", "attr_list", glossary.JapaneseAbbrExtension()])
    reference = markdown.markdown(md_text, extensions=["abbr", "tables", "attr_list", ReferenceExtension()])
    assert reference.count("<abbr") == 20
    assert ours == first_use_per_section(reference)
    assert ours.count("<abbr") == 7
    # The first use a reader meets is the one marked, even inside emphasis; an h3 does not start a new section.
    assert '本人の<strong><abbr title="回復の過程。">リカバリー</abbr></strong>と' in ours
    assert "<p>ケア会議とケア</p>" in ours



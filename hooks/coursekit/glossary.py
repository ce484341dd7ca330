"""The glossary: one `*[term]: definition` line per term, shown as a tooltip wherever the term appears."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrTreeprocessor
from markdown.util import AtomicString

from coursekit.frontmatter import split_front_matter
from coursekit.problems import Problem

LINE = re.compile(r"^\*\[(?P<term>[^\]]*)\]:\s*(?P<definition>.*?)\s*$")
FENCED_CODE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
ABBR_DEFINITION = re.compile(r"^\*\[[^\]]*\]:.*$", re.M)


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    line: int


def parse_glossary(path: str, text: str) -> tuple[list[Term], list[Problem]]:
    terms, problems, first = [], [], {}
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        m = LINE.match(line)
        if not m:
            problems.append(Problem(path, line_no, "用語の行の書式ではありません",
                                    "`*[用語]: 説明` の形で 1 行に書いてください (not a glossary line)"))
            continue
        term, definition = m.group("term").strip(), m.group("definition")
        if not term:
            problems.append(Problem(path, line_no, "用語が空です", "`*[用語]: 説明` の [] に用語を書いてください (empty term)"))
        elif not definition:
            problems.append(Problem(path, line_no, f"用語「{term}」の説明がありません",
                                    "`]:` の後に説明を書いてください (empty definition)"))
        elif term in first:
            problems.append(Problem(path, line_no, f"用語「{term}」が二度定義されています（最初は {first[term]} 行目）",
                                    "どちらか一方の行を消してください (term defined twice)"))
        else:
            first[term] = line_no
            terms.append(Term(term, definition, line_no))
    return terms, problems


def term_pattern(terms) -> re.Pattern | None:
    """Any term, longest first. Japanese has no spaces between words, so unlike Python-Markdown's abbr (which
    wants \\b on both sides) only ASCII letters and digits count as word characters. None without terms.

    The check before a term is written after it (`term(?<![A-Za-z0-9_]term)`), which matches the same: a pattern
    that starts with the terms lets `re` jump to their first characters instead of trying every position
    (8x faster; this runs over every page twice, for the usage list and for the tooltips)."""
    names = tuple(sorted({t.term if isinstance(t, Term) else t for t in terms}, key=lambda n: (-len(n), n)))
    return _pattern_of(names) if names else None


@functools.lru_cache(maxsize=4)  # the same terms for every page of a build: the pattern is written once
def _pattern_of(names: tuple[str, ...]) -> re.Pattern:
    terms_re = (re.escape(n) for n in names)
    return re.compile("(?:" + "|".join(rf"{n}(?<![A-Za-z0-9_]{n})" for n in terms_re) + r")(?![A-Za-z0-9_])")


def prose(markdown: str) -> str:
    """The text a reader sees in a page source: no front matter, code blocks, comments or abbr lines."""
    _front, body, _line = split_front_matter(markdown)
    for pattern in (FENCED_CODE, HTML_COMMENT, ABBR_DEFINITION):
        body = pattern.sub("", body)
    return body


def terms_in(terms, markdown: str) -> set[str]:
    """The terms a page's prose uses, as the tooltip matcher would find them."""
    pattern = term_pattern(terms)
    return set(pattern.findall(prose(markdown))) if pattern else set()


def usage_by_term(terms: list[Term], found: dict[str, set[str]]) -> dict[str, list[str]]:
    """term -> pages (sorted paths) that use it, from each page's terms_in()."""
    usage = {t.term: [] for t in terms}
    for path, used in sorted(found.items()):
        for term in used:
            usage[term].append(path)
    return usage


def unused_terms(glossary_path: str, terms: list[Term], usage: dict[str, list[str]]) -> list[Problem]:
    return [Problem(glossary_path, t.line, f"用語「{t.term}」はどのページにも出てきません",
                    "本文で使うか、この行を消してください (term never used)")
            for t in terms if not usage.get(t.term)]


class JapaneseAbbrTreeprocessor(AbbrTreeprocessor):
    """Python-Markdown's abbr tree processor with the Japanese-aware matcher, no tooltips in headings or links, and
    a tooltip only on a term's first use in each section (each h2 starts one). A term in a link would be a button
    inside a link once glossary.js makes it tappable; the first use outside a link gets the tooltip instead. A unit uses some terms twenty
    times; one dotted line per section is enough to find the definition, also for a learner who arrives at a
    section from a quiz link or the table of contents, and the page stays calm to read."""

    HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
    SKIPPED = HEADINGS | {"a"}
    SECTION_STARTS = frozenset({"h1", "h2"})

    def split(self, text: str, seen: set[str]) -> tuple[str, list]:
        """The text before the first term not yet seen, and an abbr element per such term, each carrying the
        text up to the next one."""
        new = []
        for m in self.matcher.finditer(text):
            if self.abbrs[m.group(0)] and m.group(0) not in seen:
                seen.add(m.group(0))
                new.append(m)
        if not new:
            return text, []
        ends = [m.start() for m in new[1:]] + [len(text)]
        return text[:new[0].start()], [self.create_element(self.abbrs[m.group(0)], m.group(0), text[m.end():end])
                                       for m, end in zip(new, ends, strict=True)]

    def annotate(self, el, seen: set[str]) -> None:
        """Walks in document order, so that "first" is the first a reader meets."""
        if el.tag in self.SKIPPED:
            return
        i = 0  # the next child to visit; the abbr elements inserted are skipped
        if (text := el.text) and not text.isspace() and not isinstance(text, AtomicString):
            el.text, elements = self.split(text, seen)
            el[0:0] = elements
            i = len(elements)
        while i < len(el):
            child = el[i]
            self.annotate(child, seen)
            i += 1
            if (tail := child.tail) and not tail.isspace() and not isinstance(tail, AtomicString):
                child.tail, elements = self.split(tail, seen)
                el[i:i] = elements
                i += len(elements)

    def run(self, root):
        if not self.abbrs:
            return
        self.matcher = term_pattern(self.abbrs.keys())
        seen: set[str] = set()
        for block in list(root):
            if block.tag in self.SECTION_STARTS:
                seen = set()
            self.annotate(block, seen)


class JapaneseAbbrExtension(Extension):
    """Replaces abbr's tree processor so that terms inside Japanese sentences are found. Load after `abbr`."""

    def extendMarkdown(self, md):
        abbrs = md.treeprocessors["abbr"].abbrs
        md.treeprocessors.register(JapaneseAbbrTreeprocessor(md, abbrs), "abbr", 7)

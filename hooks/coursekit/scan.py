"""What the build needs from each page's Markdown source, read in one go. The result depends only on the page's
path and text and the glossary's terms, so an unchanged page is taken from the last build's results
(coursekit/cache.py)."""

from __future__ import annotations

from dataclasses import dataclass

from coursekit import crossrefs, glossary, markers, quizzes, units
from coursekit.frontmatter import page_title, split_front_matter
from coursekit.problems import Problem


@dataclass(frozen=True)
class PageScan:
    markers: list  # (line, name, argument) of each <!-- marker -->
    links: list[crossrefs.Link]  # internal links, to check once every page is rendered
    headings: dict[str, str]  # heading id -> heading text, for quiz refs
    heading_problems: list[Problem]  # headings without an id, or with one used twice (unit pages: see check_unit)
    title: str  # front-matter title or first H1, for link texts
    terms: frozenset[str]  # glossary terms its prose uses


def scan_page(path: str, text: str, terms) -> PageScan:
    """`path` relative to docs/; `terms`: the glossary's terms (Term or str)."""
    _front, body, first = split_front_matter(text)
    found = units.headings(body, first)
    return PageScan(
        markers=markers.find_markers(path, text),
        links=crossrefs.find_links(path, text),
        headings=quizzes.heading_titles(found),
        heading_problems=[] if units.is_unit_page(path) else units.check_heading_ids(f"docs/{path}", body, first),
        title=page_title(text),
        terms=frozenset(glossary.terms_in(terms, text)),
    )

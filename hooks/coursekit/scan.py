"""What the build needs from each page's Markdown source, read in one go, with code left out: a marker, link or
heading shown inside fenced or inline code (an example in the editors' guide) is text, not an instruction."""

from __future__ import annotations

from dataclasses import dataclass

from coursekit import crossrefs, glossary, markers, quizzes, units
from coursekit.frontmatter import Page, page_title, read_page
from coursekit.problems import Problem
from coursekit.scan_text import mask_code


@dataclass(frozen=True)
class PageScan:
    page: Page  # front matter and body
    markers: list  # (line, name, argument) of each <!-- marker -->
    links: list[crossrefs.Link]  # internal links, to check once every page is rendered
    headings: dict[str, str]  # heading id -> heading text, for quiz refs
    problems: list[Problem]  # front matter that cannot be read; headings without an id or with one used twice
    read_problems: list[Problem]  # the front matter's alone (a unit page's are reported by units.check_unit)
    heading_marks: tuple  # units.headings() of the body
    title: str  # front-matter title or first H1, for link texts
    terms: frozenset[str]  # glossary terms its prose uses


def scan_page(path: str, text: str, terms) -> PageScan:
    """`path` relative to docs/; `terms`: the glossary's terms (Term or str)."""
    page, read_problems = read_page(f"docs/{path}", text)
    problems = [] if units.is_unit_page(path) else list(read_problems)  # unit pages: see units.check_unit
    # The front matter and the body masked apart: a backtick in the front matter does not open code in the body.
    masked_body = mask_code(page.body)
    masked = mask_code(text[:len(text) - len(page.body)]) + masked_body
    found = units.headings(page.body, page.body_line, masked_body)
    if not units.is_unit_page(path):  # unit pages: see units.check_unit
        problems += units.check_heading_ids(f"docs/{path}", found)
    return PageScan(
        page=page,
        markers=markers.find_markers(masked),
        links=crossrefs.find_links(path, masked),
        headings=quizzes.heading_titles(found),
        problems=problems,
        read_problems=read_problems,
        heading_marks=found,
        title=page_title(page),
        terms=frozenset(glossary.terms_in(terms, masked)),
    )

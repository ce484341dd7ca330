"""A page's YAML front matter, read keeping line numbers, so errors can name the line."""

from __future__ import annotations

from dataclasses import dataclass, field

from coursekit import yamlines
from coursekit.problems import Problem
from coursekit.validation import load_yaml

FIRST_LINE = 2  # the front matter starts on the line after the opening ---


@dataclass
class Page:
    path: str
    data: dict = field(default_factory=dict)
    doc: yamlines.Doc | None = None
    body: str = ""
    body_line: int = 1  # file line number of the body's first line

    def line_of(self, key: str) -> int:
        return self.doc.line((key,), FIRST_LINE) if self.doc else 1


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter text or None, body, line number where the body starts)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None, text, 1
    for i, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return "".join(lines[1:i]), "".join(lines[i + 1:]), i + 2
    return None, text, 1


def read_page(path: str, text: str) -> tuple[Page, list[Problem]]:
    front, body, body_line = split_front_matter(text)
    page = Page(path=path, body=body, body_line=body_line)
    if front is None:
        return page, []
    doc, problems = load_yaml(path, front, FIRST_LINE)
    if doc is None or doc.data is None:
        return page, problems
    if not isinstance(doc.data, dict):
        return page, [Problem(path, FIRST_LINE, "front matter が「キー: 値」の形になっていません",
                              "各行を `title: …` のように書いてください (front matter must be a mapping)")]
    page.data, page.doc = doc.data, doc
    return page, []


def page_title(page: Page) -> str:
    """The page's front-matter title, else its first H1, else empty."""
    if isinstance(page.data.get("title"), str) and page.data["title"].strip():
        return page.data["title"].strip()
    for line in page.body.splitlines():
        if line.startswith("# "):
            return line[2:].split("{")[0].strip()
    return ""

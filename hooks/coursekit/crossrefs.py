"""Links between pages: every internal link must reach an existing page and, when it names one, an existing anchor."""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote

from coursekit.problems import Problem

MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_LINK = re.compile(r"\bhref=\"([^\"]+)\"")
HTML_ID = re.compile(r"\bid=\"([^\"]+)\"")
FENCE = re.compile(r"^\s*(```|~~~)")
EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
CODE_SPAN = re.compile(r"`[^`]*`")


@functools.cache
def page_url(target_page: str, from_page: str) -> str:
    """`../modules/unit-3.html` for docs/modules/unit-3.md seen from another docs page (relpath is slow, and the
    answer keys ask for the same pair hundreds of times)."""
    return posixpath.splitext(posixpath.relpath(target_page, posixpath.dirname(from_page) or "."))[0] + ".html"


@dataclass(frozen=True)
class Link:
    page: str  # source page, relative to docs/
    line: int
    target: str  # as written


def find_links(page: str, markdown: str, first_line: int = 1) -> list[Link]:
    """Internal links written in a page's Markdown (inline Markdown links and raw href), outside code."""
    links, in_fence = [], False
    for offset, line in enumerate(markdown.splitlines()):
        if ("```" in line or "~~~" in line) and FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if "`" in line:
            line = CODE_SPAN.sub("", line)
        if "](" not in line and "href=" not in line:
            continue  # no link can match: most lines
        for m in list(MD_LINK.finditer(line)) + list(HTML_LINK.finditer(line)):
            target = m.group(1)
            if not EXTERNAL.match(target):
                links.append(Link(page, first_line + offset, target))
    return links


ID_ATTR = re.compile(r"id=\"([^\"]+)\"")  # HTML_ID without \b, which stops re from skipping ahead to `id="`


def ids_in_html(html: str) -> set[str]:
    """The ids HTML_ID finds, ~20 times faster on a big page (the notebook page is ~600 KB of HTML): the \b is
    checked by hand, and where it fails the search goes on from the next character, as the regex would."""
    found, pos, search = set(), 0, ID_ATTR.search
    while (m := search(html, pos)) is not None:
        start = m.start()
        if start and (html[start - 1].isalnum() or html[start - 1] == "_"):
            pos = start + 1
            continue
        found.add(unquote(m.group(1)))
        pos = m.end()
    return found


def check_links(links: list[Link], files: set[str], anchors: dict[str, set[str]]) -> list[Problem]:
    """`files`: every file in docs/ (pages and assets); `anchors`: page -> ids in its rendered HTML."""
    problems = []
    for link in links:
        path, _, fragment = link.target.partition("#")
        path, fragment = unquote(path), unquote(fragment)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(link.page), path)) if path else link.page
        if path and target not in files:
            problems.append(Problem(f"docs/{link.page}", link.line, f"リンク先「{link.target}」のファイルがありません",
                                    "ファイル名とフォルダー（../ の数）を確かめてください (broken link)"))
        elif fragment and target in anchors and fragment not in anchors[target]:
            problems.append(Problem(f"docs/{link.page}", link.line,
                                    f"リンク先「{link.target}」に見出し id「{fragment}」がありません",
                                    f"{target} の見出しの {{#id}} を確かめてください (broken anchor)"))
    return problems

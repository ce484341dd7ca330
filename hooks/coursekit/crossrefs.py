"""Links between pages: every internal link must reach an existing page and, when it names one, an existing anchor."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote

from coursekit.problems import Problem

MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
# `href="` and `id="` after no word character, as \bhref= and \bid= would say; written with the check after the
# name so that re can look for the name directly instead of trying every position (20x faster over the pages' HTML).
HTML_LINK = re.compile(r"href(?<!\whref)=\"([^\"]+)\"")
HTML_ID = re.compile(r"id(?<!\wid)=\"([^\"]+)\"")
EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def page_url(target_page: str, from_page: str) -> str:
    """`../modules/unit-3.html` for docs/modules/unit-3.md seen from another docs page."""
    return posixpath.splitext(posixpath.relpath(target_page, posixpath.dirname(from_page) or "."))[0] + ".html"


@dataclass(frozen=True)
class Link:
    page: str  # source page, relative to docs/
    line: int
    target: str  # as written


def find_links(page: str, masked: str) -> list[Link]:
    """Internal links (inline Markdown links and raw href) in a page's Markdown whose code is masked."""
    return [Link(page, n, m.group(1)) for n, line in enumerate(masked.splitlines(), start=1)
            for m in [*MD_LINK.finditer(line), *HTML_LINK.finditer(line)] if not EXTERNAL.match(m.group(1))]


def ids_in_html(html: str) -> set[str]:
    return {unquote(m.group(1)) for m in HTML_ID.finditer(html)}


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


def check_anchors(links: list[Link], anchors: dict[str, set[str]]) -> list[Problem]:
    """`anchors`: page -> ids in its rendered HTML. Links to missing pages are check_links' (with the files)."""
    return [p for p in check_links(links, set(anchors), anchors) if "(broken anchor)" in p.fix]

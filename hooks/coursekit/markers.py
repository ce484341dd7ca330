"""Markers: HTML comments such as `<!-- unit-list -->` or `<!-- quiz: unit-3 -->` that the build replaces."""

from __future__ import annotations

import re
from collections.abc import Callable

from coursekit.problems import Problem

# Lower-case ASCII names only, so an editor's own comments (<!-- TODO … -->, Japanese notes) are left alone.
MARKER = re.compile(r"<!--\s*([a-z][a-z0-9-]*)\s*(?::\s*([^\s>]*))?\s*-->")


def find_markers(path: str, text: str) -> list[tuple[int, str, str]]:
    if "<!--" not in text:
        return []
    return [(n, m.group(1), m.group(2) or "")
            for n, line in enumerate(text.splitlines(), start=1) if "<!--" in line for m in MARKER.finditer(line)]


def check_markers(path: str, found: list[tuple[int, str, str]], known: set[str]) -> list[Problem]:
    """`found`: the page's find_markers()."""
    names = "、".join(f"`<!-- {k} -->`" for k in sorted(known))
    return [Problem(path, line, f"知らない目印「{name}」です",
                    f"使える目印は {names} です。綴りを確かめてください (unknown marker)")
            for line, name, _arg in found if name not in known]


def replace_markers(markdown: str, renderers: dict[str, Callable[[str], str]]) -> str:
    def render(m: re.Match) -> str:
        renderer = renderers.get(m.group(1))
        return renderer(m.group(2) or "") if renderer else m.group(0)
    return MARKER.sub(render, markdown)

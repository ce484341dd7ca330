"""Markdown source with its code left out: a marker, link or heading shown inside fenced or inline code (an example
in the editors' guide) is text, not an instruction."""

from __future__ import annotations

import re

FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)


def mask_code(text: str) -> str:
    """`text` with fenced code blocks and inline code spans blanked (same length and lines), so that scanners
    can search the rest and report positions and lines of the original."""
    out, fence = [], None
    for line in text.splitlines(keepends=True):
        m = FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)
            out.append(_blank(line))
        elif fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line[m.end():].strip():
                fence = None
            out.append(_blank(line))
        else:
            out.append(line)
    masked = "".join(out)
    return CODE_SPAN.sub(lambda m: _blank(m.group(0)), masked) if "`" in masked else masked


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)

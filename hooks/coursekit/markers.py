"""Markers: HTML comments such as `<!-- unit-list -->` or `<!-- quiz: unit-3 -->` that the build replaces.
Which markers exist, and what each renders, is one table: pages.MARKERS."""

from __future__ import annotations

import re
from collections.abc import Callable

from coursekit.scan_text import mask_code

# Lower-case ASCII names only, so an editor's own comments (<!-- TODO … -->, Japanese notes) are left alone.
MARKER = re.compile(r"<!--\s*([a-z][a-z0-9-]*)\s*(?::\s*([^\s>]*))?\s*-->")


def find_markers(masked: str) -> list[tuple[int, str, str]]:
    """(line, name, argument) of each marker in text whose code is masked (scan_text.mask_code)."""
    return [(masked.count("\n", 0, m.start()) + 1, m.group(1), m.group(2) or "") for m in MARKER.finditer(masked)]


def replace_markers(markdown: str, render: Callable[[str, str], str | None]) -> str:
    """Each marker outside code replaced by render(name, argument); None leaves the marker as it is."""
    out, pos = [], 0
    for m in MARKER.finditer(mask_code(markdown)):
        replacement = render(m.group(1), m.group(2) or "")
        if replacement is not None:
            out += [markdown[pos:m.start()], replacement]
            pos = m.end()
    return "".join(out) + markdown[pos:]

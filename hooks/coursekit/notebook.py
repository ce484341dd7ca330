"""Notebook pages rendered by mkdocs-jupyter: keep them free of outside requests."""

from __future__ import annotations

import re

# nbconvert's template always writes a MathJax loader (a CDN URL, or src="" when the URL is blank) and its
# configuration. The results notebook has no formulas, so the whole block goes.
MATHJAX_BLOCK = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)


def strip_mathjax(html: str) -> str:
    return MATHJAX_BLOCK.sub("", html)

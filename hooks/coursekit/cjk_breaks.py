"""Soft line breaks between Japanese characters: dropped, not shown as spaces.

An editor wraps a long Japanese paragraph over several source lines; Markdown keeps each line break, and the
browser shows it as a space (「めざすうえで、 住民に」). Between two Japanese characters the break is removed;
next to Latin text or digits it stays a space, as English needs. Code is left as it is. No Python-Markdown
extension in the lock does this (pymdownx has none for CJK), hence this small tree processor.
"""

from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

CJK = "\u2E80-\u2FFF\u3000-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF"
BREAK = re.compile(rf"(?<=[{CJK}])[ \t]*\n[ \t]*(?=[{CJK}])")
ENDS_CJK = re.compile(rf"[{CJK}]$")
STARTS_BREAK_CJK = re.compile(rf"^[ \t]*\n[ \t]*(?=[{CJK}])")
ENDS_CJK_BREAK = re.compile(rf"([{CJK}])[ \t]*\n[ \t]*$")
STARTS_CJK = re.compile(rf"[{CJK}]")
SKIP = frozenset({"pre", "code", "script", "style", "kbd", "samp"})


def join_lines(text: str) -> str:
    return BREAK.sub("", text)


KEEP_HTML = re.compile(r"(<(pre|code|script|style|textarea)\b.*?</\2>)", re.S)


def join_html_lines(html: str) -> str:
    """The same for HTML rendered elsewhere (mkdocs-jupyter's notebook pages), outside code, scripts and styles."""
    parts = KEEP_HTML.split(html)
    # split() with two groups gives [text, kept block, tag name, text, ...]
    return "".join(join_lines(p) if i % 3 == 0 else p for i, p in enumerate(parts) if i % 3 != 2)


def _breaks(text) -> bool:
    """A line break between words: a text of white space only (the break after a block) has nothing to join."""
    return bool(text) and "\n" in text and not text.isspace()


class CjkBreaksTreeprocessor(Treeprocessor):
    def run(self, root):
        self.walk(root)

    @staticmethod
    def has_break(el) -> bool:
        """Some text inside `el` has a line break between words (itertext runs in C; most blocks are one source line)."""
        return any(_breaks(t) for t in el.itertext())

    def walk(self, el) -> None:
        """Each text of `el` (its text, then each child's tail) joined inside, and at its edges where the
        neighbouring element starts or ends with a Japanese character (「…です。\n<abbr>見立て</abbr>」).
        A text without a line break has nothing to join (most texts: tooltips, table cells, short items)."""
        if el.tag in SKIP:
            return
        children = list(el)
        if _breaks(el.text) and not isinstance(el.text, AtomicString):
            el.text = self.edges(join_lines(el.text), "", children[0] if children else None)
        for n, child in enumerate(children):
            if self.has_break(child):  # else nothing inside it to join
                self.walk(child)
            if _breaks(child.tail) and not isinstance(child.tail, AtomicString):
                following = children[n + 1] if n + 1 < len(children) else None
                child.tail = self.edges(join_lines(child.tail), _last_text(child), following)

    @staticmethod
    def edges(text: str, before: str, following) -> str:
        if ENDS_CJK.search(before):
            text = STARTS_BREAK_CJK.sub("", text)
        if following is not None and following.tag not in SKIP and STARTS_CJK.match(_first_text(following)):
            text = ENDS_CJK_BREAK.sub(r"\1", text)
        return text


def _last_text(el) -> str:
    """The text a reader sees last inside `el`."""
    for child in reversed(el):
        return child.tail or _last_text(child) or ""
    return el.text or ""


def _first_text(el) -> str:
    """The text a reader sees first inside `el`."""
    if el.text:
        return el.text
    for child in el:
        return _first_text(child) or child.tail or ""
    return ""


class CjkBreaksExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(CjkBreaksTreeprocessor(md), "cjk_breaks", 1)  # late: after inline and abbr

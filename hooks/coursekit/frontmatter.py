"""Read a page's YAML front matter keeping line numbers, so errors can name the line."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import yaml

from coursekit import yamlines
from coursekit.problems import Problem


@dataclass
class Page:
    path: str
    data: dict = field(default_factory=dict)
    doc: yamlines.Doc | None = None
    body: str = ""
    body_line: int = 1  # file line number of the body's first line
    front_lines: dict = field(default_factory=dict)  # top-level key -> file line

    def line_of(self, key: str | None) -> int:
        return self.front_lines.get(key, 1)


@functools.lru_cache(maxsize=256)
def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter text or None, body, line number where the body starts). Kept for the next call: a build
    splits each page for several checks (and gets the same body string back, whose headings are kept too)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None, text, 1
    for i, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return "".join(lines[1:i]), "".join(lines[i + 1:]), i + 2
    return None, text, 1


@functools.lru_cache(maxsize=256)
def _load_front(front: str) -> yamlines.Doc:
    """Kept for the next call: a unit page's front matter is read for its title and again for its checks.
    (The Doc is shared, so it is never changed after loading.)"""
    return yamlines.load(front)


def read_page(path: str, text: str) -> tuple[Page, list[Problem]]:
    front, body, body_line = split_front_matter(text)
    page = Page(path=path, body=body, body_line=body_line)
    if front is None:
        return page, []
    try:
        doc = _load_front(front)
    except yaml.YAMLError as err:
        return page, [yaml_problem(path, err, first_line=2)]
    data = doc.data
    if data is None:
        return page, []
    if not isinstance(data, dict):
        return page, [Problem(path, 2, "front matter が「キー: 値」の形になっていません",
                              "各行を `title: …` のように書いてください (front matter must be a mapping)")]
    page.data, page.doc = data, doc
    page.front_lines = {key: doc.line((key,), first_line=2) for key in data}
    return page, duplicate_problems(path, doc, first_line=2)


def yaml_problem(path: str, err: yaml.YAMLError, first_line: int = 1) -> Problem:
    # The context mark is where an unclosed bracket or quote began, which is what the editor must fix.
    mark = getattr(err, "context_mark", None) or getattr(err, "problem_mark", None)
    line = first_line + mark.line if mark else first_line
    return Problem(path, line, f"YAML として読めません: {getattr(err, 'problem', None) or err}",
                   "字下げ・コロン（:）の後の空白・括弧や引用符の閉じ忘れを確かめてください (YAML syntax error)")


def duplicate_problems(path: str, doc: yamlines.Doc, first_line: int = 1) -> list[Problem]:
    return [Problem(path, first_line + line, f"キー「{key}」が二度書かれています",
                    "どちらか一方を消してください（後のほうだけが使われてしまいます） (duplicate key)")
            for line, key in doc.duplicates]


def page_title(text: str) -> str:
    """The page's front-matter title, else its first H1, else empty."""
    page, _problems = read_page("", text)
    if page.data.get("title"):
        return str(page.data["title"])
    for line in page.body.splitlines():
        if line.startswith("# "):
            return line[2:].split("{")[0].strip()
    return ""


def load_yaml_file(path: str, raw: bytes) -> tuple[yamlines.Doc | None, list[Problem]]:
    """A YAML data file: its Doc, or the problems that stop it being read (encoding, syntax, a key written twice)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return None, [Problem(path, raw[: err.start].count(b"\n") + 1, "UTF-8 ではない文字があります",
                              "エディターで文字コードを UTF-8 にして保存し直してください (bad encoding)")]
    if not text.strip():
        return None, [Problem(path, 1, "ファイルが空です", "編集者ガイドの例の形で書くか、ファイルを消してください (empty file)")]
    try:
        doc = yamlines.load(text)
    except yaml.YAMLError as err:
        return None, [yaml_problem(path, err)]
    if doc.duplicates:
        return None, duplicate_problems(path, doc)
    if not isinstance(doc.data, dict):
        return None, [Problem(path, 1, "ファイルの形が「キー: 値」になっていません",
                              "編集者ガイドの例の形にしてください (expected a mapping)")]
    return doc, []

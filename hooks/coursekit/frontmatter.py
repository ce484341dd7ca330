"""Read a page's YAML front matter keeping line numbers, so errors can name the line."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from coursekit.problems import Problem


@dataclass
class Page:
    path: str
    data: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # file line number of the body's first line
    front_lines: dict = field(default_factory=dict)  # top-level key -> file line

    def line_of(self, key: str | None) -> int:
        return self.front_lines.get(key, 1)


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
    try:
        data = YAML(typ="rt").load(io.StringIO(front))
    except MarkedYAMLError as err:
        line = (err.problem_mark.line + 2) if err.problem_mark else 1
        return page, [Problem(path, line, f"front matter の YAML が読めません: {err.problem}",
                              "インデントやコロン（:）の後の空白を確かめてください (YAML syntax error)")]
    if data is None:
        return page, []
    if not isinstance(data, dict):
        return page, [Problem(path, 2, "front matter が「キー: 値」の形になっていません",
                              "各行を `title: …` のように書いてください (front matter must be a mapping)")]
    page.data = data
    page.front_lines = {key: data.lc.key(key)[0] + 2 for key in data}
    return page, []


def page_title(text: str) -> str:
    """The page's front-matter title, else its first H1, else empty."""
    page, _problems = read_page("", text)
    if page.data.get("title"):
        return str(page.data["title"])
    for line in page.body.splitlines():
        if line.startswith("# "):
            return line[2:].split("{")[0].strip()
    return ""

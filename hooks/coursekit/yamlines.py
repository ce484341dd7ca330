"""YAML with line numbers: libyaml's composer (PyYAML's C loader) and a small walk over its nodes.

The walk builds plain Python data and remembers where each key and item stands, so that validation
errors can name the line. It also reports a key written twice, which PyYAML would silently overwrite,
keeps the source text of each scalar YAML did not read as text (to tell an editor that `13:30` became a
number), and refuses aliases that expand without end or nest too deep, so no input can hang the build.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

_constructor = yaml.SafeLoader("")  # turns scalar nodes into Python values with YAML 1.1 rules
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
STR_TAG = "tag:yaml.org,2002:str"
MERGE_TAG = "tag:yaml.org,2002:merge"
MAX_NODES = 200_000  # far above any real file (a bank has ~2,000); a "billion laughs" alias bomb stops here
MAX_DEPTH = 60


class TooComplex(Exception):
    """The data nests too deep, refers to itself, or its aliases expand past MAX_NODES."""

    def __init__(self, line: int, reason: str):
        super().__init__(reason)
        self.line, self.reason = line, reason


@dataclass
class Doc:
    data: object
    lines: dict = field(default_factory=dict)  # path tuple -> 0-based line of that key or item
    duplicates: list = field(default_factory=list)  # (0-based line, key) of keys written twice
    scalars: dict = field(default_factory=dict)  # path tuple -> source text of a scalar read as non-text

    def line(self, loc: tuple, first_line: int = 1) -> int:
        """File line of the deepest part of `loc` that exists."""
        for end in range(len(loc), 0, -1):
            if loc[:end] in self.lines:
                return first_line + self.lines[loc[:end]]
        return first_line


def load(text: str) -> Doc:
    """Raises yaml.YAMLError (with problem_mark / context_mark) for a syntax error, TooComplex for the rest."""
    if depth_bound(text) > SAFE_TO_COMPOSE:
        check_depth(text)  # before composing: libyaml's composer recurses, and deep enough nesting crashes Python
    node = yaml.compose(text, Loader=Loader)
    doc = Doc(None)
    if node is not None:
        walk = _Walk(doc)
        try:
            doc.data = walk.node(node, ())
        finally:
            _constructor.constructed_objects.clear()  # construct_object remembers every node it built
    return doc


SAFE_TO_COMPOSE = 2_000  # libyaml's composer handled 10,000 levels here and crashed at 100,000


def depth_bound(text: str) -> int:
    """An upper bound of the nesting depth, cheap to count: each level needs a bracket, a `- ` or more indentation.
    Real files stay far below SAFE_TO_COMPOSE (a bank: a few hundred), so only hostile ones pay for check_depth."""
    indent = max((len(line) - len(line.lstrip(" ")) for line in text.splitlines()), default=0)
    return text.count("[") + text.count("{") + text.count("- ") + text.count("-\n") + indent


def check_depth(text: str) -> None:
    """The nesting depth from the event stream, which the parser produces without recursing."""
    depth = 0
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise TooComplex(event.start_mark.line + 1, f"入れ子が深すぎます（{MAX_DEPTH} 段まで）")
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


class _Walk:
    def __init__(self, doc: Doc):
        self.doc, self.count, self.open = doc, 0, set()

    def node(self, node, path: tuple):
        self.count += 1
        line = node.start_mark.line + 1
        if self.count > MAX_NODES:
            raise TooComplex(line, f"値が多すぎます（{MAX_NODES:,} 個を超えました。エイリアス * の展開が大きすぎませんか）")
        if len(path) > MAX_DEPTH:
            raise TooComplex(line, f"入れ子が深すぎます（{MAX_DEPTH} 段まで）")
        if isinstance(node, yaml.ScalarNode):
            if node.tag == STR_TAG:
                return node.value
            if node.tag == MERGE_TAG:
                raise TooComplex(line, "「<<」（YAML のマージ）は使えません")
            try:
                value = _constructor.construct_object(node, deep=True)
            except (ValueError, OverflowError):  # e.g. 2024-13-45 looks like a date but is none: keep the text
                return node.value
            if not isinstance(value, str):
                self.doc.scalars[path] = node.value
            return value
        if id(node) in self.open:
            raise TooComplex(line, "エイリアス（*名前）が自分自身を指しています")
        self.open.add(id(node))
        try:
            return self.mapping(node, path) if isinstance(node, yaml.MappingNode) else self.sequence(node, path)
        finally:
            self.open.discard(id(node))

    def mapping(self, node, path: tuple) -> dict:
        out = {}
        for key_node, value_node in node.value:
            key = self.node(key_node, path)
            key = key if isinstance(key, (str, int, float, bool)) or key is None else str(key)
            if key in out:
                self.doc.duplicates.append((key_node.start_mark.line, key))
            self.doc.lines[path + (key,)] = key_node.start_mark.line
            out[key] = self.node(value_node, path + (key,))
        return out

    def sequence(self, node, path: tuple) -> list:
        items = []
        for i, item in enumerate(node.value):
            self.doc.lines[path + (i,)] = item.start_mark.line
            items.append(self.node(item, path + (i,)))
        return items

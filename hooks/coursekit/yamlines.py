"""YAML with line numbers, fast: libyaml's composer (PyYAML's C loader) and a small walk over its nodes.

The walk builds plain Python data and remembers where each key and item stands, so that validation
errors can name the line. It also reports a key written twice, which PyYAML would silently overwrite.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from coursekit import gcpause

_constructor = yaml.SafeLoader("")  # turns scalar nodes into Python values with YAML 1.1 rules
STR_TAG = "tag:yaml.org,2002:str"


class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """SafeLoader's tags, found sooner for text. The composer asks for the tag of every scalar, and SafeLoader
    tries the patterns (bool, int, float, null, timestamp) listed under the scalar's first character, after some
    bookkeeping: quoted scalars, and plain ones starting with a character no pattern starts with (as all Japanese
    text does), are strings without it (a tenth of a bank's composing time)."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and (not implicit[0] or value[:1] not in self.yaml_implicit_resolvers):
            return STR_TAG
        return super().resolve(kind, value, implicit)


# The shortcut holds while no pattern applies to every first character (SafeLoader registers none).
assert None not in Loader.yaml_implicit_resolvers


@dataclass
class Doc:
    data: object
    lines: dict = field(default_factory=dict)  # path tuple -> 0-based line of that key or item
    duplicates: list = field(default_factory=list)  # (0-based line, key) of keys written twice

    def line(self, loc: tuple, first_line: int = 1) -> int:
        """File line of the deepest part of `loc` that exists."""
        for end in range(len(loc), 0, -1):
            if loc[:end] in self.lines:
                return first_line + self.lines[loc[:end]]
        return first_line


class DuplicateKey(Exception):
    pass


def load(text: str) -> Doc:
    """Raises yaml.YAMLError (with problem_mark / context_mark) for a syntax error."""
    # The node tree (a node and two marks per scalar) is freed by reference counting once walked: the collector
    # is paused, so that the collections its allocation would set off do not promote it to the old generation
    # first, bringing the next full collection of the build's whole heap nearer, for nothing.
    with gcpause.paused():
        try:
            node = yaml.compose(text, Loader=Loader)
            doc = Doc(None)
            if node is not None:
                doc.data = _walk(node, (), doc)
        finally:
            # construct_object remembers every node it built (construct_document would forget them): let them go.
            _constructor.constructed_objects.clear()
    return doc


def _walk(node, path: tuple, doc: Doc):
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            key = _walk(key_node, path, doc)
            key = key if isinstance(key, (str, int, float, bool)) or key is None else str(key)
            if key in out:
                doc.duplicates.append((key_node.start_mark.line, key))
            doc.lines[path + (key,)] = key_node.start_mark.line
            out[key] = _walk(value_node, path + (key,), doc)
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            doc.lines[path + (i,)] = item.start_mark.line
            items.append(_walk(item, path + (i,), doc))
        return items
    if node.tag == STR_TAG:
        return node.value  # what the constructor returns for a plain string, without its bookkeeping
    return _constructor.construct_object(node, deep=True)

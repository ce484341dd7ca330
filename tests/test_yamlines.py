"""YAML with line numbers (plain functions, no MkDocs)."""

import contextlib
import gc

import yaml

from coursekit import yamlines

TEXT = """\
title: 題
count: 3
ratio: 1.5
flag: yes
none: ~
quoted: "3"
date: 2024-04-01
list:
  - a
  - 2
  - {k: v, n: null}
"""


def test_data_is_what_the_yaml_library_reads_and_lines_are_kept():
    doc = yamlines.load(TEXT)
    assert doc.data == yaml.safe_load(TEXT)
    assert type(doc.data["quoted"]) is str and doc.data["flag"] is True and doc.data["count"] == 3
    assert doc.line(("list", 2, "n")) == 11 and doc.line(("date",)) == 7


def test_the_collector_is_left_as_it_was_found():
    assert gc.isenabled()
    yamlines.load(TEXT)
    assert gc.isenabled()
    gc.disable()
    try:
        yamlines.load(TEXT)
        assert not gc.isenabled()
    finally:
        gc.enable()
    with contextlib.suppress(yaml.YAMLError):
        yamlines.load("a: [")
    assert gc.isenabled()


def test_no_node_is_kept_after_loading():
    yamlines.load(TEXT)
    assert yamlines._constructor.constructed_objects == {}


def test_scalars_get_the_tags_pyyaml_gives_them():
    scalars = ["", "yes", "No", "off", "~", "null", "Null", "1", "-1", "+1", "0x1F", "0o7", "017", "1_000", ".5", "1e3",
               "-.inf", ".NaN", "2024-04-01", "2024-04-01 10:00:00", "<<", "=", "テキスト", "1 つ", "true だ", "'1'", '"yes"',
               "｜全角", "a: b"]
    text = "\n".join(f"- {s}" if s else "-" for s in scalars) + "\n"
    ours, pyyaml = yaml.compose(text, Loader=yamlines.Loader), yaml.compose(text, Loader=yaml.SafeLoader)
    assert [n.tag for n in ours.value] == [n.tag for n in pyyaml.value]
    assert [n.tag for n in ours.value].count(yamlines.STR_TAG) < len(scalars) - 10  # some scalars are not text

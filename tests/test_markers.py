"""Markers such as <!-- unit-list --> (plain functions, no MkDocs)."""

from coursekit import markers


def test_unknown_marker_is_reported_and_own_comments_are_left_alone():
    text = "<!-- TODO: あとで -->\n<!-- 編集メモ -->\n<!-- unit-lst -->\n<!-- quiz: unit-1 -->"
    problems = markers.check_markers("docs/index.md", markers.find_markers("docs/index.md", text), {"unit-list", "quiz"})
    assert [(p.line, p.message) for p in problems] == [(3, "知らない目印「unit-lst」です")]


def test_markers_are_replaced_with_their_argument():
    out = markers.replace_markers("a\n<!-- quiz: unit-2 -->\nb <!-- other -->", {"quiz": lambda arg: f"[{arg}]"})
    assert out == "a\n[unit-2]\nb <!-- other -->"

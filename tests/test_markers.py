"""Markers such as <!-- unit-list --> (plain functions, no MkDocs): one table, and code is never a marker."""

from coursekit import markers
from coursekit.load import check_markers
from coursekit.pages import MARKERS
from coursekit.scan_text import mask_code


def test_unknown_marker_is_reported_and_own_comments_are_left_alone():
    text = "<!-- TODO: あとで -->\n<!-- 編集メモ -->\n<!-- unit-lst -->\n<!-- quiz: unit-1 -->\n<!-- quiz -->"
    problems = check_markers("index.md", markers.find_markers(text), MARKERS)
    assert [(p.line, p.message) for p in problems] == [(3, "知らない目印「unit-lst」です"), (5, "目印「quiz」に名前がありません")]


def test_markers_are_replaced_with_their_argument_and_unknown_ones_left():
    out = markers.replace_markers("a\n<!-- quiz: unit-2 -->\nb <!-- other -->", lambda name, arg: f"[{arg}]" if name == "quiz" else None)
    assert out == "a\n[unit-2]\nb <!-- other -->"


def test_a_marker_shown_in_code_is_text():
    text = "例：`<!-- quiz: unit-2 -->`\n\n```markdown\n<!-- quiz: unit-3 -->\n```\n\n<!-- quiz: unit-4 -->\n"
    assert markers.find_markers(mask_code(text)) == [(7, "quiz", "unit-4")]
    assert markers.replace_markers(text, lambda name, arg: "X") == text.replace("<!-- quiz: unit-4 -->", "X")


def test_mask_code_keeps_length_and_lines():
    text = "a `b` c\n~~~~\n```\nd\n~~~~\ne ``f ` g`` h\n"
    masked = mask_code(text)
    assert len(masked) == len(text) and masked.count("\n") == text.count("\n")
    assert masked.splitlines() == ["a     c", "    ", "   ", " ", "    ", "e           h"]

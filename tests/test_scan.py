"""One read of a page gives the build its markers, links, heading ids, title and glossary terms."""

from coursekit.scan import scan_page

PAGE = """---
title: 相談の窓口
---

# 見出し

<!-- quiz: unit-9 -->
本人のリカバリーを支えます。[ユニット 1](modules/unit-1.md#mokuhyo) と `[コード](x.md)` と `<!-- quiz: unit-8 -->`。

## 窓口 {#madoguchi}

## id のない見出し
"""


def test_a_page_is_scanned_once_for_everything_the_build_checks():
    found = scan_page("soudan.md", PAGE, ["リカバリー", "アウトリーチ"])
    assert found.markers == [(7, "quiz", "unit-9")]
    assert [(link.line, link.target) for link in found.links] == [(8, "modules/unit-1.md#mokuhyo")]
    assert found.headings == {"madoguchi": "窓口"}
    assert [(p.path, p.line) for p in found.problems] == [("docs/soudan.md", 12)]
    assert found.title == "相談の窓口"
    assert found.terms == {"リカバリー"}


def test_unit_pages_leave_heading_ids_to_the_unit_check():
    assert scan_page("modules/unit-9.md", PAGE, []).problems == []

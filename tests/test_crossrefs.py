"""Internal links and anchors (plain functions, no MkDocs)."""

from urllib.parse import unquote

from coursekit import crossrefs
from coursekit.scan_text import mask_code

FILES = {"index.md", "modules/unit-1.md", "modules/unit-2.md", "assets/css/course.css"}
ANCHORS = {"index.md": {"units"}, "modules/unit-1.md": {"shoraizo", "居住支援"}, "modules/unit-2.md": set()}


def problems_for(page: str, text: str) -> list[str]:
    return [str(p) for p in crossrefs.check_links(crossrefs.find_links(page, mask_code(text)), FILES, ANCHORS)]


def test_good_links_pass():
    text = ("[1](unit-1.md#shoraizo) [2](unit-2.md) [top](#shoraizo) [外](https://www.mhlw.go.jp/) "
            '<a href="../index.md#units">u</a> [日本語](unit-1.md#%E5%B1%85%E4%BD%8F%E6%94%AF%E6%8F%B4)')
    assert problems_for("modules/unit-1.md", text) == []


def test_missing_page_is_reported_with_line():
    assert problems_for("modules/unit-1.md", "一行目\n[x](unit-9.md)") == [
        "docs/modules/unit-1.md:2: リンク先「unit-9.md」のファイルがありません — "
        "ファイル名とフォルダー（../ の数）を確かめてください (broken link)"]


def test_missing_anchor_is_reported_on_this_and_other_pages():
    found = problems_for("modules/unit-1.md", "[x](#nowhere)\n\n[y](../index.md#nope)")
    assert [f.split(" — ")[0] for f in found] == [
        "docs/modules/unit-1.md:1: リンク先「#nowhere」に見出し id「nowhere」がありません",
        "docs/modules/unit-1.md:3: リンク先「../index.md#nope」に見出し id「nope」がありません"]


def test_links_in_code_are_not_checked():
    assert problems_for("index.md", "```\n[x](missing.md)\n```\n`[y](missing.md)`") == []


def test_ids_are_read_from_html_and_decoded():
    assert crossrefs.ids_in_html('<h2 id="居住支援">a</h2><div id="quiz-1"></div>') == {"居住支援", "quiz-1"}


def test_ids_need_a_word_boundary_before_id_as_html_id_does():
    html = '<p id="a">x</p><p data-id="b"></p><p xid="c"></p><p _id="d"></p><p 名id="e"></p>id="f" <p\tid="g">' \
           '<p xid="h id="i%E5%B1%85">'
    assert crossrefs.ids_in_html(html) == {unquote(i) for i in crossrefs.HTML_ID.findall(html)} == {"a", "b", "f", "g", "i居"}


def test_hrefs_need_a_word_boundary_before_href():
    found = crossrefs.find_links("a.md", '<a href="x.md">x</a> <a data-href="y.md"></a> <a xhref="z.md"></a>\thref="w.md"')
    assert [link.target for link in found] == ["x.md", "y.md", "w.md"]

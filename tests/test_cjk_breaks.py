"""A soft line break between Japanese characters is dropped; next to Latin text or in code it stays."""

import markdown

from conftest import html_pages
from coursekit.cjk_breaks import CjkBreaksExtension


def to_html(text: str) -> str:
    return markdown.markdown(text, extensions=["abbr", "attr_list", CjkBreaksExtension()])


def test_a_break_between_japanese_characters_is_dropped():
    assert to_html("めざすうえで、\n住民に届く支援") == "<p>めざすうえで、住民に届く支援</p>"
    assert to_html("- 一つ目の\n  項目") == "<ul>\n<li>一つ目の項目</li>\n</ul>"


def test_a_break_next_to_latin_text_or_digits_stays():
    assert to_html("支援には\nPSW が") == "<p>支援には\nPSW が</p>"
    assert to_html("English\nwords") == "<p>English\nwords</p>"


def test_a_break_after_an_inline_element_and_inside_one():
    assert to_html("**包括**\n的な支援と**強\n調**") == "<p><strong>包括</strong>的な支援と<strong>強調</strong></p>"


def test_html_from_elsewhere_is_joined_outside_code():
    from coursekit.cjk_breaks import join_html_lines

    assert join_html_lines("<p>一\n二</p><pre>三\n四</pre><code>五\n六</code>\n<p>七\nA</p>") == \
        "<p>一二</p><pre>三\n四</pre><code>五\n六</code>\n<p>七\nA</p>"


def test_code_keeps_its_line_breaks():
    assert "行目\n二行目" in to_html("```\n一行目\n二行目\n```") or "行目\n二行目" in to_html("    一行目\n    二行目")
    assert to_html("`一\n二`") == "<p><code>一\n二</code></p>"


def test_no_stray_space_between_japanese_characters_on_any_built_page(site):
    """A rendered paragraph never has a line break between two Japanese characters (it would show as a space)."""
    import re

    cjk = "\u3000-\u30FF\u4E00-\u9FFF\uFF00-\uFFEF"
    stray = re.compile(rf"[{cjk}]\n[{cjk}]")
    text_block = re.compile(r"<(p|td|dd|figcaption|li)\b[^>]*>(.*?)</\1>", re.S)
    found = []
    for page in html_pages(site):
        html = (site / page).read_text(encoding="utf-8")
        article = html.split('<article class="md-content__inner', 1)[-1].split("</article>", 1)[0]
        article = re.sub(r"<(pre|script|style|svg|code)\b.*?</\1>", "", article, flags=re.S)
        for m in text_block.finditer(article):
            if not re.search(r"<(p|ul|ol|div|table)\b", m.group(2)):  # a block of text, not a list of blocks
                found += [f"{page}: {s.group(0)!r}" for s in stray.finditer(re.sub(r"<[^>]+>", "", m.group(2)))]
    assert found == []

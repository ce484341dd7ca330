"""The course's own tables look like Material's tables: cells with borders and padding, not text run together."""

import pytest


@pytest.mark.parametrize("page, table", [("progress.html", "progress__table"), ("record.html", "record__table"),
                                         ("facilitator/keys.html", "answer-key__table")])
def test_course_tables_have_cell_borders_and_padding(tab, base_url, page, table):
    tab.page.goto(base_url + page)
    style = tab.page.locator(f"table.{table} th").first.evaluate(
        "th => { const s = getComputedStyle(th); return [s.borderTopStyle, parseFloat(s.paddingLeft)]; }")
    assert style[0] == "solid" and style[1] >= 8, style

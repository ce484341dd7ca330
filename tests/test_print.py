"""The facilitator's printable pages printed whole: Chromium prints the worksheets and the handouts to A4 PDF,
and pypdf reads back what landed on each page. Layout checks use print media at the page's width (A4 less the
15 mm margins)."""

from __future__ import annotations

import io
import re
import unicodedata

import yaml
from pypdf import PdfReader

from conftest import ROOT
from coursekit.render import MITATE, TEAM_ROWS

MM = 96 / 25.4  # CSS px in a millimetre
PRINT_WIDTH = round(180 * MM)  # 210 mm less two 15 mm margins
PLAN = yaml.safe_load((ROOT / "cases" / "a-mi-plan.yml").read_text(encoding="utf-8"))
UNITS = len(list((ROOT / "docs" / "modules").glob("unit-*.md")))


def flat(text: str) -> str:
    """Text without spaces and line breaks, NFKC (the PDF's CJK fonts map some kanji to radicals), one middle dot."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("\u2027", "・")


def printed(page) -> list[str]:
    """The text on each page of the A4 PDF Chromium prints, flattened."""
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    return [flat(p.extract_text()) for p in pdf.pages]


def alpha(colour: str) -> float:
    """The opacity of a computed colour, rgb(…) or rgba(…)."""
    parts = re.findall(r"[\d.]+", colour)
    return float(parts[3]) if len(parts) == 4 else 1.0


def page_of(pages: list[str], text: str) -> int:
    found = [n for n, p in enumerate(pages) if flat(text) in p]
    assert len(found) == 1, f"{text!r} printed on pages {[n + 1 for n in found]}"
    return found[0]


def print_layout(page, url: str) -> None:
    page.set_viewport_size({"width": PRINT_WIDTH, "height": 1000})
    page.goto(url)
    page.emulate_media(media="print")


def test_worksheets_print_the_mitate_sheet_on_one_page_and_the_plan_on_two(tab, base_url):
    tab.page.goto(base_url + "facilitator/worksheets.html")
    pages = printed(tab.page)
    assert len(pages) == 3
    assert all(pages), "a blank page"
    assert pages[0].startswith(flat("見立てシート")) and pages[1].startswith(flat("支援計画シート："))
    assert pages[2].startswith(flat("支援計画シート（続き）：")), "the plan's second page does not say whose it is"
    assert {page_of(pages, text + hint) for _id, text, hint in MITATE} == {0}
    assert {page_of(pages, f["label"] + f["help"]) for f in PLAN["fields"]} == {1, 2}
    assert page_of(pages, "メンバー（人・機関）") == page_of(pages, "支援チームと役割")


def test_no_sheet_field_is_split_between_pages(tab, base_url):
    """Marks (zero height, so the layout stays as it is) at the top and the bottom of every field of both sheets:
    each field's two marks are printed on the same page. The plan's fields include 支援者会議 and the team table."""
    page = tab.page
    page.goto(base_url + "facilitator/worksheets.html")
    labels = page.evaluate("""() => [...document.querySelectorAll('.sheet__field')].map((field, i) => {
        for (const [where, end] of [['afterbegin', 'top'], ['beforeend', 'end']])
          field.insertAdjacentHTML(where, `<div style="height:0;line-height:0;font-size:4px">QQ${i}${end}QQ</div>`);
        return field.querySelector('.sheet__label').textContent; })""")
    assert "支援者会議（いつ・誰と）" in labels and "支援チームと役割" in labels
    pages = printed(page)
    for i, label in enumerate(labels):
        top, end = page_of(pages, f"QQ{i}topQQ"), page_of(pages, f"QQ{i}endQQ")
        assert top == end, f"「{label}」 begins on page {top + 1} and ends on page {end + 1}"


def test_team_table_rows_are_drawn_in_print(tab, base_url):
    """The table's cells are empty: in print, its rows show only by their lines, so every cell has them."""
    page = tab.page
    print_layout(page, base_url + "facilitator/worksheets.html")
    rows = page.locator("#plan-sheet .sheet__team tbody tr")
    assert rows.count() == TEAM_ROWS
    cells = page.evaluate("""() => [...document.querySelectorAll('#plan-sheet .sheet__team td')].map(td => {
        const s = getComputedStyle(td);
        return {height: td.getBoundingClientRect().height,
                sides: ['Top', 'Right', 'Bottom', 'Left'].map(side => [s[`border${side}Style`], parseFloat(s[`border${side}Width`]),
                                                                      s[`border${side}Color`]])}; })""")
    assert len(cells) == 2 * TEAM_ROWS
    for cell in cells:
        assert cell["height"] >= 8 * MM, f"a row of {cell['height'] / MM:.1f} mm is too low to write in"
        for style, width, colour in cell["sides"]:
            assert style == "solid" and width >= 1 and alpha(colour) >= 0.5, (style, width, colour)


def test_writing_boxes_are_tall_enough_to_write_in_by_hand(tab, base_url):
    """At least 8 mm for each line a box is meant to hold, and 25 mm for every box of more than one line."""
    page = tab.page
    print_layout(page, base_url + "facilitator/worksheets.html")
    boxes = page.evaluate("""() => [...document.querySelectorAll('.sheet__space')].map(box => [
        box.closest('.sheet__field').querySelector('.sheet__label').textContent,
        parseInt(getComputedStyle(box).getPropertyValue('--lines')), box.getBoundingClientRect().height])""")
    assert len(boxes) == len(MITATE) + sum(f["kind"] in ("text", "textarea") for f in PLAN["fields"])
    for label, lines, height in boxes:
        assert height >= lines * 8 * MM and (lines == 1 or height >= 25 * MM), f"「{label}」 is {height / MM:.1f} mm high"


def test_handouts_print_one_page_per_unit_with_its_address_and_room_for_notes(tab, base_url):
    page = tab.page
    page.goto(base_url + "facilitator/handouts.html")
    pages = printed(page)
    assert len(pages) == UNITS == 6
    for n, text in enumerate(pages, start=1):
        assert text.startswith(flat(f"ユニット {n}「")), f"page {n}: {text[:40]}"
        assert f"modules/unit-{n}.html" in text and flat("メモ") in text, f"page {n}"

    print_layout(page, base_url + "facilitator/handouts.html")
    sheets = page.evaluate("""() => [...document.querySelectorAll('.handout')].map(h => {
        const address = h.querySelector('.handout__address'), notes = h.querySelector('.handout__notes');
        const s = address ? getComputedStyle(address) : {};
        return {address: address?.textContent, size: parseFloat(s.fontSize), colour: s.color || '',
                notes: notes ? notes.getBoundingClientRect().height : 0}; })""")
    for n, sheet in enumerate(sheets, start=1):
        assert sheet["address"] and f"modules/unit-{n}.html" in sheet["address"], f"unit {n} has no address line"
        # Readable: not the small grey print of the side notes.
        assert sheet["size"] >= 12 and alpha(sheet["colour"]) >= 0.8, (n, sheet)
        assert sheet["notes"] >= 40 * MM, f"unit {n}: a notes box of {sheet['notes'] / MM:.1f} mm"

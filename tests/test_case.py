"""The A美さん case: data cross-checks and SVG (plain functions), and the plan builder in chromium."""

import dataclasses
import json
from pathlib import Path

import pytest

from conftest import axe, tab_to
from coursekit import cases, render

ROOT = Path(__file__).resolve().parent.parent
CASE = (ROOT / "cases" / "a-mi.yml").read_text(encoding="utf-8")
PLAN = (ROOT / "cases" / "a-mi-plan.yml").read_text(encoding="utf-8")
XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>'


def load(case=CASE, plan=PLAN):
    return cases.load_case("cases/a-mi.yml", case.encode(), "cases/a-mi-plan.yml", plan.encode())


def test_course_case_loads_and_cross_checks():
    case, problems = load()
    assert problems == []
    assert case.self_id == "a-mi" and len(case.model.relations) >= 10


@pytest.mark.parametrize(("which", "old", "new", "words", "line_with"), [
    ("case", "    to: shuto\n", "    to: shutome\n", "「shutome」という人・機関はいません", None),
    ("case", "    self: true\n", "", "本人（self: true）が 0 人います", None),
    ("plan", "field: kaigi", "field: kaigii", "計画の項目「kaigii」がありません", "field: kaigii"),
    ("plan", "member: hokenshi", "member: hokenjo-x", "支援チームの「hokenjo-x」はエコマップにいません", "member: hokenjo-x"),
    ("case", "    type: strong", "    type: very-strong", "「relations.", "type: very-strong"),
])
def test_broken_references_are_reported_with_file_and_line(which, old, new, words, line_with):
    case, plan = (CASE.replace(old, new, 1), PLAN) if which == "case" else (CASE, PLAN.replace(old, new, 1))
    assert (case, plan) != (CASE, PLAN), "the test's replacement did not apply"
    _loaded, problems = load(case, plan)
    reported = [str(p) for p in problems]
    assert any(words in r for r in reported), reported
    if line_with:
        path, text = ("cases/a-mi.yml", case) if which == "case" else ("cases/a-mi-plan.yml", plan)
        line = next(n for n, t in enumerate(text.splitlines(), start=1) if line_with in t)
        assert any(r.startswith(f"{path}:{line}: ") for r in reported), (line, reported)


def test_svgs_have_a_text_alternative_and_escape_labels():
    case, _ = load()
    html = render.render_diagrams(case)
    assert html.count('role="img"') == 2 and 'aria-labelledby="ecomap-caption"' in html
    assert html.count("<tr>") >= len(case.model.relations) + len(case.model.people)
    agencies = [case.model.agencies[0].model_copy(update={"label": "<b>x</b>"}), *case.model.agencies[1:]]
    case = dataclasses.replace(case, model=case.model.model_copy(update={"agencies": agencies}))
    assert "&lt;b&gt;x&lt;/b&gt;" in render.render_ecomap(case) and "<b>x</b>" not in render.render_ecomap(case)


# --- in the browser ---------------------------------------------------------------------------------------

def fill_everything(page, text):
    form = page.locator("form.case-plan")
    for field in form.locator(".case-field[data-kind=textarea] textarea, .case-field[data-kind=text] input").all():
        field.fill(text)
    form.locator(".case-field[data-kind=checklist] input").first.check()
    form.locator(".case-team__add").click()
    row = form.locator(".case-team__member").last
    row.locator("select").select_option("hokenshi")
    row.locator("input").fill(text)
    page.locator("form.case-mitate textarea").first.fill(text)


def test_plan_is_kept_on_reload_and_xss_stays_inert_on_the_page_in_exports_and_print(tab, base_url):
    page = tab.page
    page.goto(base_url + "cases/index.html")
    fill_everything(page, XSS)
    assert "保存しました" in page.locator("form.case-plan .case-tool__status").inner_text()
    page.reload()
    form = page.locator("form.case-plan")
    assert form.locator("textarea").first.input_value() == XSS
    assert form.locator(".case-team__member select").last.input_value() == "hokenshi"
    assert page.locator("form.case-mitate textarea").first.input_value() == XSS
    with page.expect_download() as md:
        form.locator(".case-export-md").click()
    markdown = Path(md.value.path()).read_text(encoding="utf-8")
    assert XSS in markdown and "市の地区担当保健師" in markdown
    with page.expect_download() as js:
        form.locator(".backup__export").click()
    exported = json.loads(Path(js.value.path()).read_text(encoding="utf-8"))
    assert exported["format"] == "nimo-course-backup" and XSS in exported["entries"]["case:a-mi:plan"]["fields"].values()
    page.evaluate("() => window.print = () => {}")
    form.locator(".case-print").click()
    assert XSS in page.locator(".case-print-view").inner_text()
    assert page.locator(".case-print-view img, .case-print-view script").count() == 0
    page.emulate_media(media="print")
    assert page.locator(".case-print-view").is_visible() and not page.locator("nav.md-nav--primary").is_visible()
    assert not form.is_visible()
    page.emulate_media(media="screen")
    assert page.evaluate("() => window.__xss") is None
    assert tab.errors == [] and tab.external == []


def test_backup_round_trips_everything_and_clear_empties_everything(tab, base_url, tmp_path):
    page = tab.page
    page.goto(base_url + "cases/index.html")
    fill_everything(page, "伴走しながら見直す")
    page.locator("form.case-check-tool input[type=checkbox]").first.check()
    form = page.locator("form.case-plan")
    with page.expect_download() as js:
        form.locator(".backup__export").click()
    saved = tmp_path / "backup.json"
    saved.write_bytes(Path(js.value.path()).read_bytes())
    page.once("dialog", lambda d: d.accept())
    form.locator(".case-clear").click()
    assert form.locator("textarea").first.input_value() == ""
    assert form.locator(".case-team__member").count() == 0
    assert page.locator("form.case-mitate textarea").first.input_value() == ""
    assert not page.locator("form.case-check-tool input[type=checkbox]").first.is_checked()
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.includes('case:')).length") == 0
    form.locator(".backup__file").set_input_files(str(saved))
    preview = form.locator(".backup__preview")
    preview.wait_for()
    assert "支援計画" in preview.inner_text() and "見立て" in preview.inner_text() and "自己点検" in preview.inner_text()
    assert form.locator("textarea").first.input_value() == ""  # nothing changes before the learner confirms
    form.locator(".backup__confirm").click()
    assert form.locator("textarea").first.input_value() == "伴走しながら見直す"
    assert form.locator(".case-team__member select").last.input_value() == "hokenshi"
    assert page.locator("form.case-mitate textarea").first.input_value() == "伴走しながら見直す"
    assert page.locator("form.case-check-tool input[type=checkbox]").first.is_checked()
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something-else"}', encoding="utf-8")
    form.locator(".backup__file").set_input_files(str(bad))
    form.locator(".backup__status").filter(has_text="そのままです").wait_for()
    assert form.locator("textarea").first.input_value() == "伴走しながら見直す"
    assert form.locator(".case-team__member").count() == 1


def test_builder_works_by_keyboard_and_model_plan_comes_after_an_attempt(tab, base_url):
    page = tab.page
    page.goto(base_url + "cases/index.html")
    check = page.locator("form.case-check-tool")
    check.locator(".case-model__show").click()
    assert check.locator(".case-model").is_hidden()
    tab_to(page, page.locator("form.case-plan textarea").first)
    page.keyboard.type("自分らしく子育てをしたい")
    tab_to(page, page.locator("form.case-plan .case-team__add"))
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")  # the new row's member list has the focus
    page.keyboard.press("Tab")
    page.keyboard.type("定期的な訪問")
    row = page.locator(".case-team__member").last
    assert row.locator("select").input_value() != "" and row.locator("input").input_value() == "定期的な訪問"
    check.locator(".case-model__show").focus()
    page.keyboard.press("Enter")
    assert check.locator(".case-model").is_visible()
    assert "一つの例" in check.locator(".case-model").inner_text()
    result = axe(page)
    assert result.violations_count == 0, result.generate_report()


def test_diagrams_are_readable_on_a_phone_with_no_box_over_another(browser, base_url):
    """At 390 px every label of the genogram and the ecomap is at least 12 px high on screen (the figure scrolls
    sideways), no two boxes overlap, and the table lists every relation of the ecomap."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP")
    page = context.new_page()
    page.goto(base_url + "cases/index.html")
    sizes = page.evaluate("""() => [...document.querySelectorAll('.case-svg text')].map(t => {
        const scale = t.ownerSVGElement.getScreenCTM().a;
        return parseFloat(t.getAttribute('font-size')) * scale; })""")
    assert sizes and min(sizes) >= 12, min(sizes)
    overlaps = page.evaluate("""() => {
        const boxes = [...document.querySelectorAll('.case-svg--ecomap rect')].map(r => r.getBoundingClientRect());
        const hit = [];
        boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
          if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) hit.push([a.x, a.y, b.x, b.y]);
        }));
        return hit; }""")
    assert overlaps == []
    assert page.locator(".case-figure__scroll").first.is_visible()
    case, _ = load()
    rows = page.locator("table:has(caption:text('エコマップのつながり')) tbody tr")
    assert rows.count() == len(case.model.relations)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the page itself does not scroll sideways
    context.close()

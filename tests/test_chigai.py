"""まぁ！ちがいさがし: data validation (plain functions) and the exercise in chromium."""

from pathlib import Path

import pytest

from conftest import axe, tab_to
from coursekit import chigai, render

ROOT = Path(__file__).resolve().parent.parent
REAL = (ROOT / "quizzes" / "chigai-sagashi.yml").read_bytes()


def load(raw: bytes):
    return chigai.load_chigai("quizzes/chigai-sagashi.yml", raw)


def test_course_data_has_eight_sourced_differences():
    data, problems = load(REAL)
    assert problems == []
    assert len(data.model.differences) == 8
    assert all(d.source.startswith("https://") for d in data.model.differences)


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


@pytest.mark.parametrize(("change", "needle", "words"), [
    (("old: 圏域ごとの", "old: 圏域ごとに"), "old: 圏域ごとに", "「圏域ごとに」が以前の説明の引用文に見つかりません"),
    (("new: 市町村ごとの", "new: 市町村"), "new: 市町村\n", "「市町村」が新しい説明の引用文に"),
    (("old: 圏域ごとの", "old: 圏域ごとの保健・医療・福祉関係者による"), "old: 関係者による", "の語句が重なっています"),
    (("id: kurasu", "id: dare-mo"), "id: dare-mo\n    old: 自分らしい", "違いの id「dare-mo」が"),
    (("      > …市町村や障害福祉・介護事業者が、精神障害の程度", "      …市町村や障害福祉・介護事業者が、精神障害の程度"),
     "      …市町村や障害福祉・介護事業者が、精神障害の程度", "引用文の行が「> 」で始まっていません"),
])
def test_bad_data_is_reported_with_file_and_line(change, needle, words):
    text = REAL.decode("utf-8").replace(*change, 1)
    _data, problems = load(text.encode("utf-8"))
    line = line_of(text, needle.split("\n")[0]) if "\n" not in needle else line_of(text, "id: dare-mo") + 0
    reported = [str(p) for p in problems]
    assert any(words in r for r in reported), reported
    if "\n" not in needle:
        assert any(r.startswith(f"quizzes/chigai-sagashi.yml:{line}: ") for r in reported), reported


def test_segments_keep_each_difference_whole_and_cut_the_rest_at_punctuation():
    pieces = render.segments("あい、うえお。かき", [(3, 5, "d1")])
    assert pieces == [("あい、", ""), ("うえ", "d1"), ("お。", ""), ("かき", "")]


# --- in the browser ---------------------------------------------------------------------------------------

def open_page(tab, base_url, query=""):
    tab.page.goto(base_url + "chigai-sagashi.html" + query)
    return tab.page.locator("section.chigai")


def found_count(section) -> int:
    return int(section.locator(".chigai__found").inner_text())


def test_all_eight_can_be_found_by_keyboard_alone(tab, base_url):
    section = open_page(tab, base_url)
    page = tab.page
    tab_to(page, section.locator(".chigai-text--new .chigai-seg").first)
    segments = section.locator(".chigai-text--new .chigai-seg")
    for i in range(segments.count()):
        if segments.nth(i).get_attribute("data-diff"):
            page.keyboard.press("Enter")
        page.keyboard.press("ArrowRight")
    assert found_count(section) == 8
    assert "すべての違いを見つけました" in section.locator(".chigai__message").inner_text()
    assert section.locator(".chigai-answer:not([hidden])").count() == 8
    assert tab.errors == [] and tab.external == []


def test_a_wrong_pick_does_not_count_and_gets_a_gentle_note(tab, base_url):
    section = open_page(tab, base_url)
    section.locator('.chigai-text--old .chigai-seg[data-diff=""]:not([data-changed])').nth(2).click()
    assert found_count(section) == 0
    assert "同じ言葉です" in section.locator(".chigai__message").inner_text()
    section.locator(".chigai-seg[data-unchanged]").first.click()
    assert "住まい" in section.locator(".chigai__message").inner_text() and found_count(section) == 0


def test_a_changed_phrase_outside_the_eight_is_never_called_unchanged(tab, base_url):
    """Tapping 「…欠かせないものです。」, worded anew but not one of the listed differences, says so honestly."""
    section = open_page(tab, base_url)
    changed = section.locator(".chigai-text--new .chigai-seg[data-changed]", has_text="欠かせないものです")
    changed.click()
    message = section.locator(".chigai__message").inner_text()
    assert "言い回しが変わっています" in message and "同じ言葉" not in message and found_count(section) == 0
    # and every piece the page calls unchanged really stands in the other version
    for side, other in (("old", "new"), ("new", "old")):
        other_text = section.locator(f".chigai-text--{other} blockquote").inner_text().replace("\n", "")
        for piece in section.locator(f'.chigai-text--{side} .chigai-seg[data-diff=""]:not([data-changed])').all_inner_texts():
            assert piece.strip("、。…") in other_text, piece


def test_found_differences_survive_a_reload(tab, base_url):
    section = open_page(tab, base_url)
    section.locator('.chigai-text--old .chigai-seg[data-diff="shichoson-goto"]').click()
    section.locator('.chigai-text--new .chigai-seg[data-diff="renkeisaki"]').click()
    tab.page.reload()
    assert found_count(section) == 2
    assert section.locator('#chigai-shichoson-goto').is_visible()
    assert section.locator('.chigai-text--new .chigai-seg[data-diff="shichoson-goto"]').get_attribute("aria-pressed") == "true"


def test_show_all_reveals_eight_explanations_with_sources_and_a_hint_points_to_a_sentence(tab, base_url):
    section = open_page(tab, base_url)
    section.locator(".chigai__hint").click()
    assert "文目に、まだ見つけていない違いがあります" in section.locator(".chigai__message").inner_text()
    section.locator(".chigai__show-all").click()
    answers = section.locator(".chigai-answer:not([hidden])")
    assert answers.count() == 8
    assert all("出典：https://" in t for t in answers.all_inner_texts())
    assert found_count(section) == 8
    assert axe(tab.page).violations_count == 0


def test_facilitator_mode_reveals_one_at_a_time_and_saves_nothing(tab, base_url):
    section = open_page(tab, base_url, "?mode=facilitator")
    assert "chigai--facilitator" in section.get_attribute("class")
    nxt = section.locator(".chigai__next")
    for n in range(1, 4):
        nxt.click()
        assert found_count(section) == n
        assert section.locator(".chigai-answer:not([hidden])").count() == n
    assert tab.page.evaluate("() => localStorage.getItem('nimo-course:v1:chigai')") is None
    assert axe(tab.page).violations_count == 0


def test_stored_progress_from_an_older_version_keeps_the_differences_still_there(tab, base_url):
    section = open_page(tab, base_url)
    real = section.locator(".chigai-answer").first.get_attribute("data-diff")
    tab.page.evaluate("id => localStorage.setItem('nimo-course:v1:chigai', JSON.stringify({hash: 'old', found: [id, 'gone-since']}))", real)
    section = open_page(tab, base_url)
    assert found_count(section) == 1


# --- where the learner is looking -------------------------------------------------------------------------

IN_VIEW = """(el, top) => { const r = el.getBoundingClientRect();
                            return r.height > 0 && r.top >= top - 1 && r.bottom <= innerHeight + 1; }"""


def uncovered_top(page, facilitator=False) -> float:
    """The top of the screen that nothing sticky covers: Material's header (and the controls' bar in projector mode)."""
    return page.evaluate("""f => Math.max(document.querySelector('.md-header').getBoundingClientRect().bottom,
                                          f ? document.querySelector('.chigai__controls').getBoundingClientRect().bottom : 0)""",
                         facilitator)


@pytest.mark.parametrize("which", ['.chigai-text--new .chigai-seg[data-diff="renkeisaki"]',
                                   '.chigai-text--old .chigai-seg[data-diff=""]:not([data-changed])'])
def test_a_tap_on_a_phone_is_answered_next_to_the_tapped_text(phone, base_url, which):
    """The answer to a tap is on the screen, under the tapped sentence, and the tapped text is still in view."""
    page = phone.page
    section = open_page(phone, base_url)
    seg = section.locator(which).last
    seg.scroll_into_view_if_needed()
    seg.tap()
    bubble = section.locator(".chigai__bubble")
    assert bubble.is_visible()
    assert bubble.evaluate(IN_VIEW, uncovered_top(page)), bubble.bounding_box()
    assert seg.evaluate(IN_VIEW, uncovered_top(page)), seg.bounding_box()
    # it stands right after the tapped sentence
    assert bubble.evaluate("(b, s) => b.previousElementSibling === s.closest('.chigai-text__sentence')", seg.element_handle())
    # the live region says the same for screen readers
    message = section.locator(".chigai__message")
    assert message.get_attribute("aria-live") == "polite"
    said = message.inner_text()
    assert bubble.locator(".chigai__bubble-lead").inner_text() in said
    assert phone.errors == []


def test_a_found_difference_is_explained_next_to_it(phone, base_url):
    section = open_page(phone, base_url)
    seg = section.locator('.chigai-text--new .chigai-seg[data-diff="kurasu"]')
    seg.scroll_into_view_if_needed()
    seg.tap()
    bubble = section.locator(".chigai__bubble")
    why = section.locator("#chigai-kurasu p").nth(1).inner_text()
    assert "見つけました！（1 / 8）" in bubble.inner_text() and why in bubble.inner_text()
    assert why in section.locator(".chigai__message").inner_text()
    assert bubble.evaluate(IN_VIEW, uncovered_top(phone.page))
    assert axe(phone.page, context="article.md-content__inner").violations_count == 0  # as in test_phone.py


def test_projector_mode_keeps_each_shown_difference_in_view(browser, base_url):
    from conftest import open_tab

    context, visit = open_tab(browser, base_url, viewport={"width": 1366, "height": 768})
    try:
        section = open_page(visit, base_url, "?mode=facilitator")
        page = visit.page
        nxt = section.locator(".chigai__next")
        for n in range(1, 9):
            nxt.click()
            assert found_count(section) == n
            diff = section.locator(".chigai-answer").nth(n - 1).get_attribute("data-diff")
            shown = section.locator(f'.chigai-text--new .chigai-seg[data-diff="{diff}"]')
            top = uncovered_top(page, facilitator=True)
            assert shown.evaluate(IN_VIEW, top), (n, shown.bounding_box(), top)
            assert section.locator(".chigai__bubble").evaluate(IN_VIEW, top), n
            assert nxt.evaluate(IN_VIEW, 0), n  # the button stays at hand for the next one
        assert visit.errors == []
    finally:
        context.close()

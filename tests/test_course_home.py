"""Issue 24, a course rather than a docs site: the home's first screen starts the course and then continues it,
its unit cards say where the learner stands, the navigation marks units, and each unit ends with a next step."""

from test_learner_data import ANSWER_ALL, TAKE_TEST

from conftest import axe


def card(page, n: int):
    return page.locator(f'.unit-card[data-quiz="unit-{n}"]')


def test_home_starts_the_course_then_continues_it_and_cards_show_status(tab, base_url):
    page = tab.page
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(base_url + "index.html")
    go = page.locator(".course-start__go")
    assert go.is_visible() and go.bounding_box()["y"] + go.bounding_box()["height"] <= 768  # on the first screen
    assert go.inner_text() == "はじめる（ユニット 1 から）" and go.get_attribute("href") == "modules/unit-1.html"
    assert page.locator(".unit-card").count() == 6
    assert all(card(page, n).locator(".unit-card__status").inner_text() == "未着手" for n in range(1, 7))
    minutes = sum(int(card(page, n).get_attribute("data-minutes")) for n in range(1, 7))
    assert f"合計 約 {minutes} 分" in page.locator(".course-start__summary").inner_text()

    # Unit 1 passed; one practice answer in unit 3, the last unit page opened.
    page.goto(base_url + "modules/unit-1.html")
    page.evaluate(TAKE_TEST, 1)
    page.goto(base_url + "modules/unit-3.html")
    page.evaluate(ANSWER_ALL, [page.locator("section.quiz li.quiz-q").first.get_attribute("data-qid")])
    page.goto(base_url + "index.html")
    assert go.inner_text().startswith("続きから：ユニット 3「") and go.get_attribute("href").endswith("modules/unit-3.html")
    assert card(page, 1).locator(".unit-card__status").inner_text() == "修了"
    assert card(page, 1).locator(".unit-card__score").inner_text() == "確認テスト 最高 9 / 10 問"
    assert card(page, 3).locator(".unit-card__status").inner_text() == "学習中"
    assert card(page, 2).locator(".unit-card__status").inner_text() == "未着手"
    left = minutes - int(card(page, 1).get_attribute("data-minutes"))
    assert page.locator(".course-start__progress").inner_text() == f"修了 1 / 6 ユニット・残り 約 {left} 分"
    assert axe(page).violations_count == 0
    go.click()
    page.wait_for_url("**/modules/unit-3.html")
    assert tab.errors == [] and tab.external == []


def test_the_navigation_marks_units_in_words_and_a_unit_ends_with_its_next_step(tab, base_url):
    page = tab.page
    page.goto(base_url + "modules/unit-5.html")
    nav_link = page.locator('.md-nav--primary a.md-nav__link[href$="unit-5.html"]').first
    assert nav_link.locator(".nav-status").inner_text() == "学習中"  # opened
    step = page.locator(".unit-next")
    assert "確認テストに合格すると" in step.inner_text()
    assert step.locator("a").inner_text() == "次へ：ユニット 6「" + page.evaluate(
        "() => document.querySelector('.md-nav--primary a[href$=\"unit-6.html\"]').textContent.trim().replace(/^6\\. /, '')") + "」"
    page.evaluate(TAKE_TEST, 0)
    assert "修了しました" in step.locator(".unit-next__status").inner_text()  # at once, no reload
    assert nav_link.locator(".nav-status").inner_text() == "✓ 修了"
    page.goto(base_url + "glossary.html")  # any page
    assert page.locator('.md-nav--primary a.md-nav__link[href$="unit-5.html"] .nav-status').text_content() == "✓ 修了"  # folded
    assert page.locator('.md-nav--primary a.md-nav__link[href$="unit-4.html"] .nav-status').count() == 0
    page.goto(base_url + "modules/unit-6.html")  # the last unit leads to the case
    assert page.locator(".unit-next a").inner_text().startswith("次へ：事例演習「")
    assert page.locator(".unit-next a").get_attribute("href") == "../cases/index.html"
    assert tab.errors == [] and tab.external == []

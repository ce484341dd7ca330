"""Quizzes and the progress page in Debian's chromium: feedback, persistence, resets, broken storage, keyboard, axe."""

import json

import pytest

from conftest import axe, tab_to

UNITS = [f"modules/unit-{n}.html" for n in range(1, 7)]
THROWING_STORAGE = """
for (const name of ["getItem", "setItem", "removeItem", "key"]) {
  Storage.prototype[name] = function () { throw new DOMException("denied", "SecurityError"); };
}
"""


def quiz_key(page) -> dict:
    return json.loads(page.locator(".quiz__key").first.text_content())


def first_of_type(page, qtype: str):
    """(question locator, its key) for the first question of that type on the page, or (None, None)."""
    key = quiz_key(page)
    for qid, k in key.items():
        if k["type"] == qtype:
            return page.locator(f'li.quiz-q[data-qid="{qid}"]'), k
    return None, None


def find_question(tab, base_url, qtype: str):
    for unit in UNITS:
        tab.page.goto(base_url + unit)
        q, key = first_of_type(tab.page, qtype)
        if q is not None:
            return q, key
    raise AssertionError(f"no {qtype} question in any unit")


def answer_by_mouse(q, key, right: bool):
    """Choose the keyed answer (right=True) or a wrong one, then press 答え合わせ."""
    qtype = key["type"]
    if qtype == "single":
        choices = q.locator("input").count()
        index = key["answer"][0] if right else (key["answer"][0] + 1) % choices
        q.locator(f'input[value="{index}"]').check()  # by the bank's index: the choices are shuffled on screen
    elif qtype == "truefalse":
        q.locator(f'input[value="{"true" if key["answer"] == right else "false"}"]').check()
    else:
        raise NotImplementedError(qtype)
    q.locator(".quiz-q__check").click()


def test_right_and_wrong_answers_each_get_feedback_with_a_link_to_the_section(tab, base_url):
    tab.page.goto(base_url + "modules/unit-1.html")
    key = quiz_key(tab.page)
    singles = [qid for qid, k in key.items() if k["type"] in ("single", "truefalse")]
    right = tab.page.locator(f'li.quiz-q[data-qid="{singles[0]}"]')
    wrong = tab.page.locator(f'li.quiz-q[data-qid="{singles[1]}"]')
    answer_by_mouse(right, key[singles[0]], right=True)
    answer_by_mouse(wrong, key[singles[1]], right=False)
    assert "✓ 正解です" in right.locator(".quiz-q__verdict").inner_text()
    assert "✗ 不正解です" in wrong.locator(".quiz-q__verdict").inner_text()
    for q in (right, wrong):
        assert q.locator(".quiz-q__explain").is_visible()
        assert "解説：" in q.locator(".quiz-q__explain").inner_text()
        link = q.locator(".quiz-q__ref a")
        assert link.inner_text().startswith("この内容を学ぶ節へ：")
        href = link.get_attribute("href")
        target = href.split("#")[1]
        if href.startswith("#"):
            assert tab.page.locator(f'[id="{target}"]').count() == 1
    assert "2 問中" not in tab.page.locator(".quiz__score").inner_text()
    assert "1 問正解（解答済み 2 問）" in tab.page.locator(".quiz__score").inner_text()
    assert tab.errors == [] and tab.external == []


def test_answers_survive_a_reload(tab, base_url):
    q, key = find_question(tab, base_url, "single")
    answer_by_mouse(q, key, right=True)
    tab.page.reload()
    assert "✓ 正解です" in q.locator(".quiz-q__verdict").inner_text()
    assert q.locator(f'input[value="{key["answer"][0]}"]').is_checked()
    assert q.locator(".quiz-q__explain").is_visible()
    q.locator(".quiz-q__retry").click()
    tab.page.reload()
    assert q.locator(".quiz-q__verdict").inner_text() == ""
    assert q.locator(".quiz-q__check").is_visible()


def test_answers_saved_by_older_pages_are_carried_over_and_scored_by_todays_key(tab, base_url):
    """Old format (one hash for the whole bank, no per-question hash): an answer belongs to the question with the
    same id; it is kept, re-checked against today's key, and rewritten in the new format."""
    tab.page.goto(base_url + "modules/unit-1.html")
    name = tab.page.locator("section.quiz").get_attribute("data-quiz")
    key = quiz_key(tab.page)
    qid = next(q for q, k in key.items() if k["type"] == "single")
    wrong = (key[qid]["answer"][0] + 1) % tab.page.locator(f'li.quiz-q[data-qid="{qid}"] input').count()
    # stored as right by an older version of the bank, but wrong by today's key
    old = {"hash": "0ld0ld0ld0ld", "title": "x", "total": 9,
           "answers": {qid: {"response": [wrong], "correct": True, "at": "2026-01-01T00:00:00.000Z"}}}
    other = {"hash": "keep", "answers": {"x": {"response": [0], "correct": True}}}
    tab.page.evaluate("([k, v, o]) => { localStorage.setItem(k, v); localStorage.setItem('nimo-course:v1:quiz:other', o); }",
                      [f"nimo-course:v1:quiz:{name}", json.dumps(old), json.dumps(other)])
    tab.page.reload()
    q = tab.page.locator(f'li.quiz-q[data-qid="{qid}"]')
    assert "✗ 不正解です" in q.locator(".quiz-q__verdict").inner_text()
    assert q.locator(f'input[value="{wrong}"]').is_checked()
    assert not tab.page.locator(".quiz__notice").is_visible()
    stored = json.loads(tab.page.evaluate("k => localStorage.getItem(k)", f"nimo-course:v1:quiz:{name}"))
    assert stored["v"] == 2
    assert stored["answers"][qid] == {"h": key[qid]["h"], "response": [wrong], "correct": False, "at": "2026-01-01T00:00:00.000Z"}
    assert tab.page.evaluate("() => localStorage.getItem('nimo-course:v1:quiz:other')") == json.dumps(other)


def test_a_corrupt_entry_is_kept_aside_and_the_quiz_starts_fresh(tab, base_url):
    tab.page.goto(base_url + "modules/unit-2.html")
    name = tab.page.locator("section.quiz").get_attribute("data-quiz")
    tab.page.evaluate("k => localStorage.setItem(k, '{not json')", f"nimo-course:v1:quiz:{name}")
    tab.page.reload()
    assert "読み込めませんでした" in tab.page.locator(".quiz__notice").inner_text()
    kept = json.loads(tab.page.evaluate("k => localStorage.getItem(k)", f"nimo-course:v1:broken:quiz:{name}"))
    assert kept["text"] == "{not json"
    q, key = first_of_type(tab.page, "single") if first_of_type(tab.page, "single")[0] else first_of_type(tab.page, "truefalse")
    answer_by_mouse(q, key, right=True)
    assert "✓ 正解です" in q.locator(".quiz-q__verdict").inner_text()
    assert tab.errors == []


def test_quiz_works_when_storage_throws_and_says_nothing_is_saved(browser, base_url):
    from conftest import open_tab

    context, visit = open_tab(browser, base_url)
    context.add_init_script(THROWING_STORAGE)
    visit.page.goto(base_url + "modules/unit-1.html")
    assert "保存できません" in visit.page.locator(".quiz__notice").inner_text()
    key = quiz_key(visit.page)
    qid = next(q for q, k in key.items() if k["type"] in ("single", "truefalse"))
    q = visit.page.locator(f'li.quiz-q[data-qid="{qid}"]')
    answer_by_mouse(q, key[qid], right=True)
    assert "✓ 正解です" in q.locator(".quiz-q__verdict").inner_text()
    visit.page.goto(base_url + "progress.html")
    assert "保存できません" in visit.page.locator(".progress__notice").inner_text()
    assert visit.errors == []
    context.close()


def answer_by_keyboard(page, q, key):
    qtype, answer = key["type"], key["answer"]
    if qtype in ("single", "truefalse"):
        index = answer[0] if qtype == "single" else (0 if answer else 1)
        if qtype == "single":  # where the keyed choice stands in this attempt's shuffled order
            index = q.locator("input").evaluate_all("els => els.map(e => e.value)").index(str(index))
        tab_to(page, q.locator("input").first)
        page.keyboard.press("Space")
        for _ in range(index):
            page.keyboard.press("ArrowDown")
    elif qtype == "multiple":
        for i in answer:
            tab_to(page, q.locator(f'input[value="{i}"]'))
            page.keyboard.press("Space")
    elif qtype == "classify":  # the key is by item (the bank's order); each select names its item
        for n in range(q.locator("select").count()):
            select = q.locator("select").nth(n)
            tab_to(page, select)
            for _ in range(answer[int(select.get_attribute("data-item"))] + 1):  # option 0 is 「選んでください」
                page.keyboard.press("ArrowDown")
    elif qtype == "order":
        for position in range(len(answer)):
            items = q.locator(".quiz-order__item")
            current = [int(v) for v in items.evaluate_all("els => els.map(e => e.dataset.item)")]
            steps = current.index(position) - position
            up = q.locator(f'.quiz-order__item[data-item="{position}"] .quiz-order__up')
            if steps:
                tab_to(page, up)
                for _ in range(steps):
                    page.keyboard.press("Enter")
    else:  # wrong-parts
        for i in answer:
            tab_to(page, q.locator(f'.quiz-seg[data-seg="{i}"]'))
            page.keyboard.press("Space")
    tab_to(page, q.locator(".quiz-q__check"))
    page.keyboard.press("Enter")


@pytest.mark.parametrize("qtype", ["single", "multiple", "truefalse", "classify", "order", "wrong-parts"])
def test_each_question_type_can_be_answered_by_keyboard_alone(tab, base_url, qtype):
    q, key = find_question(tab, base_url, qtype)
    answer_by_keyboard(tab.page, q, key)
    assert "✓ 正解です" in q.locator(".quiz-q__verdict").inner_text()
    assert q.locator(".quiz-q__retry").evaluate("el => el === document.activeElement")


def test_axe_finds_nothing_on_an_answered_quiz(tab, base_url):
    tab.page.goto(base_url + "modules/unit-3.html")
    key = quiz_key(tab.page)
    for qid, k in list(key.items())[:3]:
        q = tab.page.locator(f'li.quiz-q[data-qid="{qid}"]')
        if k["type"] in ("single", "truefalse"):
            answer_by_mouse(q, k, right=qid.endswith("0"))
        else:
            answer_by_keyboard(tab.page, q, k)
    result = axe(tab.page)
    assert result.violations_count == 0, result.generate_report()


def test_progress_page_shows_status_and_exports_results(tab, base_url):
    tab.page.goto(base_url + "progress.html")
    rows = tab.page.locator(".progress-row")
    assert rows.count() == 6
    assert "未着手" in rows.first.inner_text()
    tab.page.goto(base_url + "modules/unit-1.html")
    q, key = first_of_type(tab.page, "single") if first_of_type(tab.page, "single")[0] else first_of_type(tab.page, "truefalse")
    answer_by_mouse(q, key, right=True)
    seen = {"id": q.get_attribute("data-qid"), "number": int(q.locator(".quiz-q__number").inner_text().removeprefix("問")),
            "topic": q.locator(".quiz-q__ref a").inner_text().removeprefix("この内容を学ぶ節へ：")}
    tab.page.goto(base_url + "progress.html")
    first = tab.page.locator('.progress-row[data-quiz="unit-1"]')
    assert first.locator(".progress-row__status").inner_text() == "学習中"
    assert first.locator(".progress-row__practice").inner_text().startswith("1 / ")
    assert first.locator(".progress-row__practice").inner_text().endswith("問解答、1 問正解")
    assert first.locator(".progress-row__test").inner_text() == "未受験"
    tab.page.locator(".progress__name-input").fill("テスト花子")
    with tab.page.expect_download() as download:
        tab.page.locator(".progress__export").click()
    with open(download.value.path(), encoding="utf-8") as fh:
        data = json.load(fh)
    assert data["format"] == "nimo-course-results" and data["version"] == 1
    assert data["participant"] == "テスト花子"
    unit1 = next(x for x in data["quizzes"] if x["quiz"] == "unit-1")
    assert unit1["answered"] == 1 and unit1["correct"] == 1 and unit1["questions"][0]["correct"] is True
    # Number and topic are those the learner saw, so the results notebook can name the question and its section.
    assert unit1["questions"][0] == {**seen, "correct": True, "answered_at": unit1["questions"][0]["answered_at"]}
    tab.page.once("dialog", lambda d: d.accept())
    tab.page.locator(".progress__reset").click()
    assert "未着手" in first.inner_text()
    assert axe(tab.page).violations_count == 0

"""Issue 21, the unit test (確認テスト): questions drawn from the bank over the unit's sections, one submit, review
with explanations, pass mark; the attempt survives a reload; a retake draws again; only a pass completes the
unit; by keyboard; the export and the facilitator's viewer count who was given each question."""

import json
from pathlib import Path

from test_learner_data import SET_RIGHT, TAKE_TEST

from conftest import axe, tab_to


def keys(page) -> dict:
    return json.loads(page.locator("section.quiz .quiz__key").text_content())


def drawn(page) -> list[str]:
    return page.locator(".quiz-test__list > li.quiz-q").evaluate_all("els => els.map(e => e.dataset.qid)")


def stored(page, key: str):
    return page.evaluate("k => JSON.parse(localStorage.getItem('nimo-course:v1:' + k))", key)


def test_a_test_draws_over_the_sections_survives_a_reload_and_is_scored_once_by_keyboard(tab, base_url):
    page = tab.page
    page.goto(base_url + "modules/unit-3.html")
    key = keys(page)
    sections = dict(page.locator("section.quiz li.quiz-q").evaluate_all("els => els.map(e => [e.dataset.qid, e.dataset.ref])"))
    box = page.locator("section.quiz-test")
    assert "10 問" in box.locator(".quiz-test__intro").inner_text() and "80%" in box.locator(".quiz-test__intro").inner_text()
    start = box.locator(".quiz-test__start")
    tab_to(page, start)
    page.keyboard.press("Enter")
    first = drawn(page)
    assert len(first) == 10 and len(set(first)) == 10
    # one from every section before a second from any
    assert len({sections[q] for q in first}) == min(10, len(set(sections.values())))
    assert box.locator(".quiz-q__check, .quiz-q__hint-toggle").count() == 0  # no one-by-one checking, no hints
    assert box.locator(".quiz-q__explain:visible").count() == 0  # no answers before scoring

    # Answer the first question by keyboard, the next two by script; a reload keeps questions, order and answers.
    q1 = box.locator(".quiz-test__list > li.quiz-q").first
    control = q1.locator("input, select, button").first
    tab_to(page, control)
    if key[first[0]]["type"] in ("single", "multiple", "truefalse"):
        page.keyboard.press("Space")
    elif key[first[0]]["type"] == "classify":
        page.keyboard.press("ArrowDown")
    else:
        page.keyboard.press("Enter")
    for qid in first[1:3]:
        page.evaluate(f"([qid, k]) => {{ const li = document.querySelector(`.quiz-test__list li[data-qid='${{qid}}']`);"
                      f" ({SET_RIGHT})(li, k); li.dispatchEvent(new Event('change', {{bubbles: true}})); }}", [qid, key[qid]])
    order = box.locator(".quiz-test__list .quiz-choice, .quiz-test__list .quiz-order__item").evaluate_all(
        "els => els.map(e => e.closest('li.quiz-q').dataset.qid + ':' + (e.dataset.choice || e.dataset.item))")
    answers = stored(page, "test:unit-3")["current"]["responses"]
    page.reload()
    assert drawn(page) == first
    assert box.locator(".quiz-test__list .quiz-choice, .quiz-test__list .quiz-order__item").evaluate_all(
        "els => els.map(e => e.closest('li.quiz-q').dataset.qid + ':' + (e.dataset.choice || e.dataset.item))") == order
    assert stored(page, "test:unit-3")["current"]["responses"] == answers
    assert all(answers[q] is not None for q in first[1:3])

    # Scoring with questions left unanswered is refused, naming them; nothing is scored.
    submit = box.locator(".quiz-test__submit")
    tab_to(page, submit)
    page.keyboard.press("Enter")
    missing = box.locator(".quiz-test__missing").inner_text()
    assert "まだ答えていない問題があります" in missing and "問10" in missing
    assert stored(page, "test:unit-3")["attempts"] == []

    # All right, scored: one result, the review with explanations and marks, the unit completed.
    page.evaluate("""(k) => {
      for (const li of document.querySelectorAll('.quiz-test__list > li.quiz-q')) {
        (""" + SET_RIGHT + """)(li, k[li.dataset.qid]);
        li.dispatchEvent(new Event('change', {bubbles: true}));
      }
    }""", key)
    tab_to(page, submit)
    page.keyboard.press("Enter")
    result = box.locator(".quiz-test__result")
    assert result.inner_text().startswith("合格です。10 問中 10 問正解（100%）。このユニットを修了しました。")
    assert result.evaluate("el => el === document.activeElement")  # read out and in view at once
    assert box.locator(".quiz-q__explain:visible").count() == 10 and box.locator(".quiz-mark").count() >= 10
    assert box.locator(".quiz-test__submit").is_hidden() and box.locator(".quiz-test__again").is_visible()
    attempts = stored(page, "test:unit-3")["attempts"]
    assert len(attempts) == 1 and attempts[0]["passed"] is True and attempts[0]["drawn"] == first
    assert axe(page).violations_count == 0
    page.goto(base_url + "progress.html")
    row = page.locator('.progress-row[data-quiz="unit-3"]')
    assert row.locator(".progress-row__status").inner_text() == "修了"
    assert row.locator(".progress-row__test").inner_text().startswith("合格（10 / 10 問正解、")
    assert tab.errors == [] and tab.external == []


def test_a_retake_draws_again_and_keeps_every_earlier_attempt(tab, base_url):
    page = tab.page
    page.goto(base_url + "modules/unit-2.html")
    sets = []
    for _ in range(4):
        text = page.evaluate(TAKE_TEST, 5)
        assert text.startswith("今回は 10 問中 5 問正解（50%）で、合格の 80% に届きませんでした。")
        sets.append(tuple(drawn(page)))
    assert len(set(sets)) > 1  # drawn again each time (16 questions: four equal draws would be chance)
    state = stored(page, "test:unit-2")
    assert [tuple(a["drawn"]) for a in state["attempts"]] == sets and not any(a["passed"] for a in state["attempts"])
    assert page.locator("section.quiz-test").get_attribute("class").split().count("quiz-test--failed") == 1
    page.goto(base_url + "progress.html")
    row = page.locator('.progress-row[data-quiz="unit-2"]')
    assert row.locator(".progress-row__status").inner_text() == "学習中"  # 5/10 is not a completion
    assert row.locator(".progress-row__test").inner_text() == "まだ合格していません（最高 5 / 10 問正解、4 回受験）"
    page.goto(base_url + "record.html")
    assert page.locator(".record__empty").is_visible()
    assert tab.errors == [] and tab.external == []


def test_an_attempt_whose_questions_changed_is_kept_aside_and_the_learner_starts_again(tab, base_url):
    page = tab.page
    page.goto(base_url + "modules/unit-1.html")
    page.locator(".quiz-test__start").click()
    state = stored(page, "test:unit-1")
    qid = state["current"]["drawn"][0]
    state["current"]["h"][qid] = "0ld0ld0ld0ld"  # as if that question's key changed since the attempt began
    page.evaluate("s => localStorage.setItem('nimo-course:v1:test:unit-1', JSON.stringify(s))", state)
    page.reload()
    assert "問題が更新されたため" in page.locator(".quiz-test__notice").inner_text()
    assert page.locator(".quiz-test__start").is_visible() and drawn(page) == []
    after = stored(page, "test:unit-1")
    assert "current" not in after and after["aside"][0]["drawn"] == state["current"]["drawn"]
    assert tab.errors == []


def test_the_export_and_the_viewer_count_who_was_given_each_question(tab, base_url, tmp_path):
    page = tab.page
    page.goto(base_url + "modules/unit-1.html")
    page.evaluate(TAKE_TEST, 0)
    first = drawn(page)
    page.evaluate(TAKE_TEST, 10)
    second = drawn(page)
    page.goto(base_url + "progress.html")
    with page.expect_download() as download:
        page.locator(".progress__export").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    unit1 = next(q for q in data["quizzes"] if q["quiz"] == "unit-1")
    test = unit1["test"]
    assert test["attempts"] == 2 and test["passed"] is True and test["best"] == {"correct": 10, "total": 10}
    # each question given in some attempt, once, with its newest result
    assert sorted(q["id"] for q in test["questions"]) == sorted(set(first) | set(second))
    assert all(q["correct"] is (q["id"] not in second) for q in test["questions"])

    # Two participants' files: each question's "given to" count in the viewer is recomputed here from the JSON.
    other = json.loads(json.dumps(data))
    other["learner"], other["participant"] = "someone-else", "架空の参加者"
    o1 = next(q for q in other["quizzes"] if q["quiz"] == "unit-1")
    o1["test"]["questions"] = o1["test"]["questions"][:3]
    o1["test"]["passed"] = False
    paths = []
    for n, d in enumerate((data, other)):
        paths.append(tmp_path / f"r{n}.json")
        paths[-1].write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    page.goto(base_url + "facilitator/index.html")
    page.locator(".results__files").set_input_files([str(p) for p in paths])
    page.locator(".results__status").filter(has_text="2 件").wait_for()
    passes = page.locator(".results__output > table").first
    assert passes.locator("tbody tr").first.inner_text().split("\t")[1:] == ["2 人", "1 人"]
    given = {}
    for d in (data, other):
        for q in next(x for x in d["quizzes"] if x["quiz"] == "unit-1")["test"]["questions"]:
            given[q["number"]] = given.get(q["number"], 0) + 1
    cells = page.locator(".results__questions table tbody tr").evaluate_all(
        "trs => trs.map(tr => Array.from(tr.cells, c => c.textContent))")  # folded: text, not rendering
    shown = {int(c[1].removeprefix("問")): int(c[5]) for c in cells if c[0] == unit1["title"]}
    assert {n: shown.get(n, 0) for n in given} == given
    assert all(v == 0 for n, v in shown.items() if n not in given)
    assert tab.errors == [] and tab.external == []

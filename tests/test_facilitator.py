"""The facilitator kit on the built site: session plans from the units' minutes, printed handouts and
worksheets, answer keys generated from the banks (out of nav and search), and the completion record."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import yaml

from conftest import ROOT, axe, copy_project, mkdocs_build, tab_to

BANKS = sorted((ROOT / "quizzes").glob("unit-*.yml"))
PAGE_PARTS = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search", ".md-footer"]


def text_of(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html)).strip()


def pdf_pages(page) -> int:
    """Pages of the A4 PDF Chromium prints (print media, the page's own @page rules)."""
    return len(re.findall(rb"/Type\s*/Page[^s]", page.pdf(format="A4", prefer_css_page_size=True)))


def expected_answer(q: dict) -> str | set[str]:
    """The right answer written from the bank alone, independently of the code that renders keys."""
    kind = q["type"]
    if kind == "single":
        return q["answer"]
    if kind == "multiple":
        return "、".join(c for c in q["choices"] if c in q["answer"])
    if kind == "truefalse":
        return "○（正しい）" if q["answer"] else "×（誤り）"
    if kind == "classify":
        return {f"{i['text']} → {i['category']}" for i in q["items"]}
    if kind == "order":
        return "".join(q["items"])
    return "".join(s["text"] + s.get("correction", "") if s.get("correction") else s["text"] for s in q["segments"])


def test_answer_keys_match_the_banks(site):
    html = (site / "facilitator" / "keys.html").read_text(encoding="utf-8")
    rows = dict(re.findall(r'<tr class="key-row" data-qid="([^"]+)">(.*?)</tr>', html))
    count = 0
    for path in BANKS:
        for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            cell = re.search(r'<td class="key-row__answer">(.*?)</td>', rows[q["id"]]).group(1)
            expected = expected_answer(q)
            shown = {text_of(li) for li in re.findall(r"<li>(.*?)</li>", cell)} if isinstance(expected, set) else text_of(cell)
            assert shown == expected, f"{path.name} {q['id']}"
            count += 1
    assert count == len(rows) >= 6 * 15  # every question of every bank, and nothing else


def test_answer_keys_are_for_facilitators_only(site):
    """Linked from the facilitator guide, absent from every page's navigation and from the search index."""
    assert 'href="keys.html"' in (site / "facilitator" / "index.html").read_text(encoding="utf-8")
    for page in site.rglob("*.html"):
        if page.parent.name == "present":  # the slides have no navigation at all
            assert "keys.html" not in page.read_text(encoding="utf-8"), page
            continue
        nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>\s*</div>\s*</div>', page.read_text(encoding="utf-8"), re.S)
        assert nav and "keys.html" not in nav.group(0), page
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    # The handouts repeat the units' text, so search leads to the units themselves.
    assert not [d["location"] for d in index["docs"] if d["location"].startswith(("facilitator/keys.html", "facilitator/handouts.html"))]
    assert any(d["location"].startswith("facilitator/index.html") for d in index["docs"])


def unit_minutes(n: int) -> tuple[int, int]:
    front = (ROOT / "docs" / "modules" / f"unit-{n}.md").read_text(encoding="utf-8").split("---")[1]
    minutes = yaml.safe_load(front)["minutes"]
    return minutes["reading"], minutes["exercises"]


def test_session_plans_show_each_units_minutes_from_its_front_matter(site):
    for page, units in (("intro-90", (1, 3)), ("half-day", (1, 5)), ("center-staff", (4, 6))):
        html = (site / "facilitator" / f"{page}.html").read_text(encoding="utf-8")
        for n in units:
            reading, exercises = unit_minutes(n)
            assert f"{reading + exercises}（読む {reading}・演習 {exercises}）" in html, (page, n)


def test_a_unit_that_grows_moves_the_schedule_or_stops_the_build(tmp_path):
    project = copy_project(tmp_path / "grown")
    unit1 = project / "docs" / "modules" / "unit-1.md"
    reading, exercises = unit_minutes(1)
    text = unit1.read_text(encoding="utf-8")
    unit1.write_text(text.replace(f"reading: {reading}\n", f"reading: {reading + 2}\n", 1), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "facilitator" / "intro-90.html").read_text(encoding="utf-8")
    assert f"{reading + 2 + exercises}（読む {reading + 2}・演習 {exercises}）" in html
    end = 20 + reading + 2 + exercises  # unit 1 follows 20 minutes of opening, pre-test and ちがいさがし
    assert f"0:20〜{end // 60}:{end % 60:02d}" in html

    unit1.write_text(text.replace(f"reading: {reading}\n", "reading: 22\n", 1).replace(f"exercises: {exercises}\n", "exercises: 8\n", 1),
                     encoding="utf-8")
    (project / "sessions" / "intro-90.yml").write_text(
        (ROOT / "sessions" / "intro-90.yml").read_text(encoding="utf-8").replace("length: 90", "length: 80"), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site2")
    assert result.returncode != 0
    total = 5 + 5 + 10 + 30 + sum(unit_minutes(3)) + 5 + 5  # opening, pre-test, ちがいさがし, unit 1 now 30, unit 3, sharing, post-test
    assert f"sessions/intro-90.yml:3: 活動の合計が {total} 分で、研修の長さ 80 分を超えています" in result.stderr


def hidden_in_print(page) -> None:
    page.emulate_media(media="print")
    for part in PAGE_PARTS:
        assert not page.locator(part).first.is_visible(), f"{part} is printed"


def test_handouts_print_one_unit_per_a4_page_without_navigation(tab, base_url):
    tab.page.goto(base_url + "facilitator/handouts.html")
    hidden_in_print(tab.page)
    handouts = tab.page.locator(".handout")
    assert handouts.count() == 6
    for n in range(6):
        text = handouts.nth(n).inner_text()
        assert text.startswith(f"ユニット {n + 1}「") and "学習目標" in text and "まとめ" in text and "振り返りの問い" in text
    assert not tab.page.locator(".admonition").first.is_visible()  # the printing tip stays on screen
    assert pdf_pages(tab.page) == 6


def test_worksheets_print_each_sheet_on_its_own_pages_with_every_plan_field(tab, base_url):
    tab.page.goto(base_url + "facilitator/worksheets.html")
    plan = yaml.safe_load((ROOT / "cases" / "a-mi-plan.yml").read_text(encoding="utf-8"))
    sheet = tab.page.locator("#plan-sheet").inner_text()
    assert all(f["label"] in sheet for f in plan["fields"])
    assert all(label in tab.page.locator("#mitate-sheet").inner_text() for label in ("疾病性", "事例性", "緊急性", "即応性"))
    hidden_in_print(tab.page)
    one_sheet = pdf_pages(tab.page)
    tab.page.evaluate("document.querySelector('#plan-sheet').remove()")
    assert one_sheet > pdf_pages(tab.page) >= 1  # the plan sheet starts on a page of its own


def save_answers(page, base_url: str, quiz: str, how_many: int, correct: int, at: str) -> str:
    """Store answers for a unit's quiz as quiz.js would; returns the unit's title as the course numbers it."""
    page.goto(base_url + f"modules/{quiz}.html")
    section = page.locator(f'section.quiz[data-quiz="{quiz}"]')
    ids = list(json.loads(section.locator(".quiz__key").text_content()))[:how_many]  # how_many None: all
    answers = {qid: {"response": None, "correct": i < correct, "at": at} for i, qid in enumerate(ids)}
    page.evaluate("([key, value]) => localStorage.setItem(key, JSON.stringify(value))",
                  [f"nimo-course:v1:quiz:{quiz}", {"hash": section.get_attribute("data-quiz-hash"), "answers": answers}])
    return page.title().split(" - ")[0]


def save_test(page, base_url: str, quiz: str, tries: list[tuple[int, str]]) -> str:
    """Store scored unit tests for a unit as quiz-test.js would: (correct of 10, date) each; 8 or more passes."""
    page.goto(base_url + f"modules/{quiz}.html")
    section = page.locator(f'section.quiz[data-quiz="{quiz}"]')
    key = json.loads(section.locator(".quiz__key").text_content())
    drawn = list(key)[:10]
    attempts = [{"at": at, "version": section.get_attribute("data-quiz-hash"), "drawn": drawn, "h": {q: key[q]["h"] for q in drawn},
                 "responses": {}, "results": {q: i < right for i, q in enumerate(drawn)}, "correct": right, "total": 10,
                 "pass_percent": 80, "passed": right >= 8} for right, at in tries]
    page.evaluate("([key, value]) => localStorage.setItem(key, JSON.stringify(value))",
                  [f"nimo-course:v1:test:{quiz}", {"v": 1, "quiz": quiz, "attempts": attempts}])
    return page.title().split(" - ")[0]


def test_completion_record_lists_only_units_whose_test_was_passed(tab, base_url):
    page = tab.page
    # unit 1: failed, passed with 8, passed again with 9; unit 2: failed only; unit 3: every practice question
    # answered under the earlier rule (named below the table, not counted); unit 4: a broken entry.
    done = save_test(page, base_url, "unit-1", [(5, "2026-11-19T05:00:00.000Z"), (8, "2026-11-20T05:00:00.000Z"),
                                                (9, "2026-11-22T05:00:00.000Z")])
    failed = save_test(page, base_url, "unit-2", [(7, "2026-11-21T05:00:00.000Z")])
    earlier = save_answers(page, base_url, "unit-3", None, 7, "2026-11-20T05:00:00.000Z")
    page.evaluate("localStorage.setItem('nimo-course:v1:test:unit-4', '{broken')")
    page.goto(base_url + "progress.html")  # the progress page writes the earlier completion record of unit 3
    assert page.locator('.progress-row[data-quiz="unit-1"] .progress-row__status').inner_text() == "修了"
    assert page.locator('.progress-row[data-quiz="unit-2"] .progress-row__status').inner_text() == "学習中"
    unit2 = page.locator('.progress-row[data-quiz="unit-2"] .progress-row__test').inner_text()
    assert unit2 == "まだ合格していません（最高 7 / 10 問正解、1 回受験）"
    page.goto(base_url + "record.html")
    rows = page.locator(".record__table tbody tr")
    assert rows.count() == 1
    assert [c.strip() for c in rows.first.inner_text().split("\t")] == [done, "2026年11月20日", "9 / 10 問正解（90%）"]
    sheet = page.locator(".record__sheet").inner_text()
    assert failed not in sheet and "全 6 ユニットのうち 1 ユニットを修了しました。" in sheet
    assert earlier in page.locator(".record__earlier").inner_text()
    assert not page.locator(".record__empty").is_visible()

    name = page.locator(".record__name-input")
    tab_to(page, name)
    page.keyboard.type("架空 花子")
    assert page.locator(".record__who").inner_text() == "架空 花子"
    assert tab.errors == [] and tab.external == []
    assert axe(page).violations_count == 0

    page.reload()
    assert page.locator(".record__who").inner_text() == "架空 花子"
    hidden_in_print(page)
    assert not page.locator(".record__form").is_visible() and page.locator(".record__sheet").is_visible()
    assert pdf_pages(page) == 1


def test_completion_record_with_nothing_done_says_so(tab, base_url):
    tab.page.goto(base_url + "record.html")
    assert tab.page.locator(".record__empty").is_visible()
    assert not tab.page.locator(".record__table").is_visible()
    assert "（名前が入力されていません）" in tab.page.locator(".record__who").inner_text()


def test_notebook_sample_files_are_published(site):
    samples = sorted((site / "facilitator" / "samples").glob("*.json"))
    assert samples and all(json.loads(p.read_text(encoding="utf-8"))["format"] == "nimo-course-results" for p in samples)
    assert Path(site / "facilitator" / "results.ipynb").exists()


def expected_rates(samples: list[Path]):
    """Per question (practice answers; unit-test answers apart) and per topic (both together), from the sample
    files (all one version of each quiz)."""
    questions, tested, topics = {}, {}, {}
    for path in samples:
        for quiz in json.loads(path.read_text(encoding="utf-8"))["quizzes"]:
            for part, table in (("questions", questions), ("test", tested)):
                answers = quiz["questions"] if part == "questions" else quiz.get("test", {}).get("questions", [])
                for q in answers:
                    for t, key in ((table, (quiz["quiz"], q["number"])), (topics, (quiz["title"], q["topic"]))):
                        answered, correct = t.get(key, (0, 0))
                        t[key] = (answered + 1, correct + (q["correct"] is True))
    return questions, tested, topics


def test_results_viewer_tallies_the_files_a_facilitator_picks(tab, base_url, tmp_path):
    samples = sorted((ROOT / "docs" / "facilitator" / "samples").glob("*.json"))
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "plan.json").write_text(json.dumps({"format": "nimo-case-plan", "version": 1}), encoding="utf-8")
    # An answer to an older version of unit 1's quiz: reported, and left out of the figures.
    older = json.loads(samples[0].read_text(encoding="utf-8"))
    older["quizzes"] = [{**older["quizzes"][0], "hash": "0ld0ld0ld0ld"}]
    older["participant"] = "別の参加者"  # the same participant's second file would count once
    (tmp_path / "older.json").write_text(json.dumps(older, ensure_ascii=False), encoding="utf-8")
    page = tab.page
    page.goto(base_url + "facilitator/index.html")
    picker = page.locator(".results__files")
    tab_to(page, picker)  # reachable by keyboard; the file dialog itself is the browser's
    picker.set_input_files([*samples, tmp_path / "broken.json", tmp_path / "plan.json", tmp_path / "older.json"])
    status = page.locator(".results__status")
    status.filter(has_text="件").wait_for()
    assert status.inner_text() == f"{len(samples) + 1} 件の結果ファイルを集計しました。"
    warnings = page.locator(".results__warnings li").all_inner_texts()
    assert [w.split("：")[0] for w in warnings] == ["broken.json", "plan.json", older["quizzes"][0]["quiz"]]
    assert f"いちばん多い版（{len(samples)} 件）だけを数えました" in warnings[2]

    questions, tested, topics = expected_rates(samples)
    senders = page.locator(".results__senders tbody tr").all_text_contents()  # folded: text, not rendering
    assert len(senders) == len(samples) + 3 and any("別の参加者" in r and "集計しました" in r for r in senders)
    passes = page.locator(".results__output > table").first
    took = {q["quiz"] for p in samples for q in json.loads(p.read_text(encoding="utf-8"))["quizzes"] if q.get("test")}
    assert passes.locator("caption").inner_text() == "確認テストを受けた人と合格した人" and passes.locator("tbody tr").count() == len(took)
    weakest_rows = page.locator(".results__output > table").nth(1).locator("tbody tr")
    rate = {k: round(1000 * c / a) / 10 for k, (a, c) in topics.items()}
    lowest = min(rate.values())
    first = weakest_rows.first.locator("td").all_inner_texts()
    assert rate[(first[0], first[1])] == lowest and first[3] == f"{lowest:g}%"
    assert weakest_rows.count() == min(8, len(topics))
    summary = page.locator(".results__questions summary")
    assert summary.inner_text() == f"問題ごとの正答率を見る（{len(set(questions) | set(tested))} 問）"
    tab_to(page, summary)
    page.keyboard.press("Enter")
    shown = [r.split("\t") for r in page.locator(".results__questions table tbody tr").all_inner_texts()]
    rate = lambda a, c: f"{round(1000 * c / a) / 10:g}%" if a else "—"  # noqa: E731
    expected = []
    for key in sorted(set(questions) | set(tested)):
        (a, c), (sa, sc) = questions.get(key, (0, 0)), tested.get(key, (0, 0))
        expected.append((f"問{key[1]}", str(a), rate(a, c), str(sa), rate(sa, sc)))
    assert expected == [(r[1], r[3], r[4].strip(), r[5], r[6].strip()) for r in shown]
    assert any(r[5] != "0" for r in shown)  # how many participants were given each question in a unit test
    assert axe(page).violations_count == 0
    assert tab.errors == [] and tab.external == []


def test_self_check_comes_before_the_presentations_and_units_link_their_slides(site):
    for page in ("half-day", "center-staff"):
        html = (site / "facilitator" / f"{page}.html").read_text(encoding="utf-8")
        assert html.index("<td>自己点検</td>") < html.index("<td>グループ発表と共有</td>"), page
    html = (site / "facilitator" / "center-staff.html").read_text(encoding="utf-8")
    assert 'href="present/unit-4.html"' in html and 'href="present/unit-6.html"' in html

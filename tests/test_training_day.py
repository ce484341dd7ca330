"""Issue 23, the training day: a pre-test and a parallel post-test (same sections, other questions) and a
questionnaire, taken in the browser and saved in the results file; the facilitator's viewer shows per participant
and per section the change from pre to post, the class average, the questionnaire's counts and a printable list
of participants, all recomputed here from the JSON."""

import json
from pathlib import Path

import yaml
from test_learner_data import SET_RIGHT, TAKE_TEST

from conftest import axe, open_tab

ROOT = Path(__file__).resolve().parent.parent
ANSWER_PART = """([side, keys, wrong]) => {
  let i = 0;
  for (const li of document.querySelectorAll(`.prepost-part[data-part=${side}] li.quiz-q`)) {
    (""" + SET_RIGHT + """)(li, keys[li.dataset.qid]);
    if (i++ < wrong) {
      const k = keys[li.dataset.qid];
      if (k.type === 'truefalse') li.querySelector(`input[value="${!k.answer}"]`).checked = true;
      else li.querySelector(`input:not([value="${k.answer[0]}"])`).checked = true;
    }
    li.dispatchEvent(new Event('change', {bubbles: true}));
  }
}"""


def test_pre_and_post_tests_pair_questions_on_the_same_sections(site):
    pairs = yaml.safe_load((ROOT / "quizzes" / "prepost.yml").read_text(encoding="utf-8"))["pairs"]
    refs = {}
    for path in (ROOT / "quizzes").glob("unit-*.yml"):
        for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            refs[q["id"]] = q["ref"]
    assert len(pairs) >= 6 and all(refs[p["pre"]] == refs[p["post"]] and p["pre"] != p["post"] for p in pairs)


def test_a_participant_takes_both_tests_and_the_questionnaire_and_exports_them(tab, base_url):
    page = tab.page
    page.goto(base_url + "training-day.html")
    data = json.loads(page.locator(".prepost__data").text_content())
    keys = data["keys"]
    pre = page.locator('.prepost-part[data-part="pre"]')
    pre.locator(".prepost-part__submit").click()
    assert "まだ答えていない問題があります" in pre.locator(".prepost-part__missing").inner_text()
    page.evaluate(ANSWER_PART, ["pre", keys, 3])
    page.reload()  # answers kept before scoring
    pre.locator(".prepost-part__submit").click()
    n = len(data["topics"])
    assert pre.locator(".prepost-part__result").inner_text() == \
        f"事前テスト：{n} 問中 {n - 3} 問正解。正解と解説は、事後テストのあとに表示します。"
    assert pre.locator(".quiz-q__explain:visible").count() == 0  # the post-test is not given away
    page.evaluate(ANSWER_PART, ["post", keys, 1])
    page.locator('.prepost-part[data-part="post"] .prepost-part__submit').click()
    assert page.locator(".quiz-q__explain:visible").count() == 2 * len(data["topics"])  # both tests reviewed now
    rows = page.locator(".prepost__table tbody tr").all_inner_texts()
    assert rows[0].split("\t") == [data["topics"][0]["topic"], "✗ 不正解", "✗ 不正解"]
    assert rows[3].split("\t")[1:] == ["✓ 正解", "✓ 正解"]
    assert rows[-1].split("\t") == ["合計", f"{n - 3} / {n} 問", f"{n - 1} / {n} 問"]

    page.locator('input[name="survey-satisfaction"][value="4"]').check()
    page.locator('input[name="survey-usefulness"][value="5"]').focus()
    page.keyboard.press("Space")
    page.locator('input[name="survey-next"][value="case"]').check()
    page.locator("textarea[name=survey-comment]").fill("<b>事例</b>がよかった")
    assert page.locator(".survey__status").inner_text().startswith("アンケートの回答を保存しました")
    assert axe(page).violations_count == 0
    page.locator(".prepost__name").fill("架空 一郎")
    with page.expect_download() as download:
        page.locator(".prepost__download").click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert exported["participant"] == "架空 一郎" and len(exported["quizzes"]) == 6
    assert exported["prepost"]["pre"]["correct"] == n - 3
    assert [t["id"] for t in exported["prepost"]["post"]["topics"]] == [t["post"] for t in data["topics"]]
    want = {"at": "", "satisfaction": 4, "usefulness": 5, "next": ["case"], "comment": "<b>事例</b>がよかった"}  # text, as typed
    assert exported["survey"] | {"at": ""} == want
    page.reload()  # all of it kept
    assert page.locator('input[name="survey-satisfaction"][value="4"]').is_checked()
    assert page.locator('.prepost-part[data-part="pre"] .prepost-part__submit').is_hidden()
    assert tab.errors == [] and tab.external == []


def test_the_viewer_shows_change_questionnaire_and_a_printable_participant_list(tab, base_url, tmp_path):
    page = tab.page
    samples = sorted((ROOT / "docs" / "facilitator" / "samples").glob("*.json"))
    files = [json.loads(p.read_text(encoding="utf-8")) for p in samples]
    assert sum("prepost" in f for f in files) >= 5  # the samples hold training days
    page.goto(base_url + "facilitator/index.html")
    page.locator(".results__files").set_input_files([str(p) for p in samples])
    page.locator(".results__status").filter(has_text="件").wait_for()

    def cells(caption):
        table = page.locator("table", has=page.locator("caption", has_text=caption)).first
        return table.locator("tbody tr").evaluate_all("trs => trs.map(tr => Array.from(tr.cells, c => c.textContent))")

    pct = lambda c, t: round(1000 * c / t) / 10  # noqa: E731
    people = cells("参加者ごとの事前と事後")
    took = [f for f in files if "prepost" in f]
    assert [r[0] for r in people[:-1]] == [f["participant"] for f in took]
    for row, f in zip(people, took, strict=False):
        pre, post = f["prepost"]["pre"], f["prepost"]["post"]
        assert row[1] == f"{pre['correct']} / {pre['total']}（{pct(pre['correct'], pre['total']):g}%）"
        assert row[2] == f"{post['correct']} / {post['total']}（{pct(post['correct'], post['total']):g}%）"
    rates = lambda side: [100 * f["prepost"][side]["correct"] / f["prepost"][side]["total"] for f in took]  # noqa: E731
    mean = lambda side: round(10 * sum(rates(side)) / len(took)) / 10  # noqa: E731
    assert people[-1][:3] == ["クラス平均", f"{mean('pre'):g}%", f"{mean('post'):g}%"]
    topics = cells("節ごとの事前と事後")
    first = took[0]["prepost"]["pre"]["topics"][0]["topic"]
    right = sum(t["correct"] for f in took for t in f["prepost"]["pre"]["topics"] if t["topic"] == first)
    assert topics[0][:2] == [first, f"{right} / {len(took)}（{pct(right, len(took)):g}%）"]
    bars = page.locator(".results__bars")
    assert first in bars.get_attribute("aria-label") and bars.locator(".results__bar-row").count() == len(topics)

    survey = cells("満足度と")
    assert survey[0][1:] == [str(sum(f.get("survey", {}).get("satisfaction") == v for f in files)) for v in (5, 4, 3, 2, 1)]
    comments = page.locator(".results__comments li").all_text_contents()
    assert comments == [f["survey"]["comment"] for f in files if f.get("survey", {}).get("comment")]

    listing = cells("参加者一覧")
    assert [r[0] for r in listing] == [f["participant"] for f in files]
    assert [r[5] for r in listing] == ["回答済み" if "survey" in f else "—" for f in files]
    passed = [sum(q.get("test", {}).get("passed") is True for q in f["quizzes"]) for f in files]
    assert [int(r[1].split("（")[0]) for r in listing] == passed
    page.emulate_media(media="print")
    page.evaluate("document.body.classList.add('results--print-participants')")
    assert page.locator(".results__participants table").is_visible() and not page.locator(".results__prepost").is_visible()
    assert not page.locator(".md-header").is_visible()
    assert tab.errors == [] and tab.external == []


def test_the_training_day_and_a_unit_test_work_opened_from_disk(site, browser):
    """As from the offline zip on a laptop with no server: file:// pages share what they store (in Chromium)."""
    context, visit = open_tab(browser, "file://")
    page = visit.page
    page.goto((site / "training-day.html").as_uri())
    keys = json.loads(page.locator(".prepost__data").text_content())["keys"]
    page.evaluate(ANSWER_PART, ["pre", keys, 0])
    page.locator('.prepost-part[data-part="pre"] .prepost-part__submit').click()
    assert "問中" in page.locator('.prepost-part[data-part="pre"] .prepost-part__result').inner_text()
    page.goto((site / "modules" / "unit-1.html").as_uri())
    assert page.evaluate(TAKE_TEST, 0).startswith("合格です。")
    page.goto((site / "index.html").as_uri())
    assert page.locator('.unit-card[data-quiz="unit-1"] .unit-card__status').inner_text() == "修了"
    page.goto((site / "training-day.html").as_uri())
    assert page.locator('.prepost-part[data-part="pre"] .prepost-part__submit').is_hidden()  # still scored
    assert visit.errors == [] and visit.external == []
    context.close()

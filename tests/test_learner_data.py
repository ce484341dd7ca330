"""Learner data that is never lost (issue 20), in chromium: each scenario asserts what the learner sees and what is
stored. Content updates are real builds: the course as it is (`orig/`) and an edited copy (`edit/`), served
from one origin so that they share localStorage, as one site before and after an update would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import axe, copy_project, mkdocs_build, open_tab, served

P = "nimo-course:v1:"
TYPO_Q, KEYED_Q, REMOVED_Q = "u1-literacy-example", "u1-for-whom", "u1-social-capital"

# Sets one question's controls to its keyed answer (bank indexes, as the page's key gives them).
SET_RIGHT = """(li, k) => {
  if (k.type === 'single' || k.type === 'multiple')
    li.querySelectorAll('input').forEach(i => { i.checked = k.answer.includes(Number(i.value)); });
  else if (k.type === 'truefalse') li.querySelector(`input[value="${k.answer}"]`).checked = true;
  else if (k.type === 'classify') li.querySelectorAll('select').forEach(s => { s.value = String(k.answer[Number(s.dataset.item)]); });
  else if (k.type === 'order') {
    const list = li.querySelector('.quiz-order');
    k.answer.forEach(i => list.appendChild(list.querySelector(`[data-item="${i}"]`)));
  }
  else li.querySelectorAll('.quiz-seg').forEach(b =>
    b.setAttribute('aria-pressed', k.answer.includes(Number(b.dataset.seg)) ? 'true' : 'false'));
}"""
# The practice questions (all, or those `only` names), each answered right and checked.
ANSWER_ALL = """(only) => {
  const keys = JSON.parse(document.querySelector('.quiz__key').textContent);
  for (const li of document.querySelectorAll('section.quiz li.quiz-q')) {
    if (only && !only.includes(li.dataset.qid)) continue;
    (""" + SET_RIGHT + """)(li, keys[li.dataset.qid]);
    li.querySelector('.quiz-q__check').click();
  }
}"""
# The unit test: started (or retaken), `wrong` of its questions left at a wrong answer, the rest right, scored.
TAKE_TEST = """(wrong) => {
  const keys = JSON.parse(document.querySelector('.quiz__key').textContent);
  const box = document.querySelector('section.quiz-test');
  for (const b of box.querySelectorAll('.quiz-test__start, .quiz-test__again')) if (!b.hidden) { b.click(); break; }
  Array.from(box.querySelectorAll('.quiz-test__list > li.quiz-q')).forEach((li, i) => {
    const k = keys[li.dataset.qid];
    (""" + SET_RIGHT + """)(li, k);
    if (i < wrong) {
      if (k.type === 'truefalse') li.querySelector(`input[value="${!k.answer}"]`).checked = true;
      else if (k.type === 'single') li.querySelector(`input:not([value="${k.answer[0]}"])`).checked = true;
      else if (k.type === 'multiple') li.querySelectorAll('input').forEach(x => { x.checked = !x.checked; });
      else if (k.type === 'classify') {
        const s = li.querySelector('select');
        s.value = String((Number(s.value) + 1) % (s.options.length - 1));
      }
      else if (k.type === 'order') { const l = li.querySelector('.quiz-order'); l.appendChild(l.firstElementChild); }
      else li.querySelectorAll('.quiz-seg').forEach(b =>
        b.setAttribute('aria-pressed', b.getAttribute('aria-pressed') === 'true' ? 'false' : 'true'));
    }
    li.dispatchEvent(new Event('change', {bubbles: true}));
  });
  box.querySelector('.quiz-test__submit').click();
  return box.querySelector('.quiz-test__result').textContent;
}"""
FILL_QUOTA = """() => {
  const big = 'x'.repeat(256 * 1024);
  let n = 0;
  for (let size = big; size.length >= 16; size = size.slice(size.length / 2)) {
    try { for (;;) localStorage.setItem('filler-' + (n++), size); } catch (e) { /* full at this size */ }
  }
  return n;
}"""
FREE_QUOTA = "() => Object.keys(localStorage).filter(k => k.startsWith('filler-')).forEach(k => localStorage.removeItem(k))"
# The course's entries, less the page check and the quizzes' display orders (shown:…), which are not learner data:
# a lost order only means a new shuffle, so the backup leaves them out.
OURS = ("p => Object.fromEntries(Object.keys(localStorage).filter(k => k.startsWith(p) && !k.includes('pagecheck')"
        " && !k.startsWith(p + 'shown:') && k !== p + 'visits')"
        ".map(k => [k, localStorage.getItem(k)]))")
GETTER_THROWS = """
Object.defineProperty(window, "localStorage", { get() { throw new DOMException("denied", "SecurityError"); } });
"""


def stored(page, key):
    raw = page.evaluate("k => localStorage.getItem(k)", P + key)
    return None if raw is None else json.loads(raw)


def edit_unit_1(project: Path):
    """A typo fixed in one explanation and in one prompt, one key changed, one question removed."""
    path = project / "quizzes" / "unit-1.yml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    out, skipping = [], False
    current, other_choice = None, None
    for line in lines:
        if line.startswith("  - id: "):
            current = line.split(":", 1)[1].strip()
            skipping = current == REMOVED_Q
        if skipping:
            continue
        if current == TYPO_Q and line.startswith("    explanation:"):
            line = line.replace("メンタルヘルスリテラシーは、", "メンタルヘルス・リテラシーは、", 1)
        if current == KEYED_Q and line.startswith("      - ") and not line.startswith("      - すべての住民"):
            other_choice = other_choice or line[8:].strip()
        if current == KEYED_Q and line.startswith("    answer: "):
            line = f"    answer: {other_choice}\n"  # another of its choices: the key really changed
        if current == KEYED_Q and line.startswith("    prompt:"):
            line = line.rstrip("\n") + "（誤字を直しました）\n"
        out.append(line)
    edited = "".join(out)
    assert edited != "".join(lines) and REMOVED_Q not in edited
    path.write_text(edited, encoding="utf-8")


@pytest.fixture(scope="module")
def sites(site, tmp_path_factory) -> str:
    """http://…/orig/ (the course) and http://…/edit/ (after a content update), one origin."""
    root = tmp_path_factory.mktemp("two")
    project = copy_project(root / "project")
    edit_unit_1(project)
    result = mkdocs_build(project, root / "serve" / "edit")
    assert result.returncode == 0, result.stderr
    (root / "serve" / "orig").symlink_to(site, target_is_directory=True)
    with served(root / "serve") as base:
        yield base


@pytest.fixture
def visit(browser, sites):
    context, v = open_tab(browser, sites)
    yield v
    context.close()


def verdict(page, qid):
    return page.locator(f'section.quiz li.quiz-q[data-qid="{qid}"] .quiz-q__verdict').inner_text()


# ---------------------------------------------------------------- content updates

def test_typo_fix_key_change_and_removed_question(visit, sites):
    page = visit.page
    page.goto(sites + "orig/modules/unit-1.html")
    total = page.locator("section.quiz li.quiz-q").count()
    page.evaluate(ANSWER_ALL, None)
    assert page.locator(".quiz-q--correct").count() == total
    assert page.evaluate(TAKE_TEST, 0).startswith("合格です。")
    page.goto(sites + "orig/record.html")
    assert page.locator(".record__table tbody tr").count() == 1
    done_row = page.locator(".record__table tbody tr").first.inner_text()

    # After the update: the typo fix changes nothing; the changed key resets that question alone, named.
    page.goto(sites + "edit/modules/unit-1.html")
    assert "✓ 正解です" in verdict(page, TYPO_Q)
    assert "更新されたため" in verdict(page, KEYED_Q)
    number = page.locator(f'section.quiz li.quiz-q[data-qid="{KEYED_Q}"] .quiz-q__number').inner_text()
    notice = page.locator(".quiz__notice")
    assert notice.is_visible() and number in notice.inner_text() and "ほかの問題の解答はそのまま" in notice.inner_text()
    assert page.locator("section.quiz .quiz-q--correct").count() == total - 2  # less the reset one and the removed one
    state = stored(page, "quiz:unit-1")
    assert KEYED_Q not in state["answers"] and REMOVED_Q not in state["answers"]
    assert {a["qid"] for a in state["aside"].values()} == {KEYED_Q, REMOVED_Q}  # kept aside, not deleted
    page.reload()
    assert not notice.is_visible()  # said once

    # The completion stays in the record, with the date and score it had, marked as taken before the update.
    page.goto(sites + "edit/record.html")
    rows = page.locator(".record__table tbody tr")
    assert rows.count() == 1
    row = rows.first.inner_text()
    drawn = min(10, total)
    assert row.split("\t")[:2] == done_row.split("\t")[:2] and f"{drawn} / {drawn} 問正解（100%）" in row
    assert "修了した後に問題が更新されました" in row
    assert "自己申告" in page.locator(".record__basis").inner_text()
    page.goto(sites + "edit/progress.html")
    assert page.locator('.progress-row[data-quiz="unit-1"] .progress-row__status').inner_text() == "修了"

    # The edit is reverted: the answers kept aside come back.
    page.goto(sites + "orig/modules/unit-1.html")
    assert page.locator("section.quiz .quiz-q--correct").count() == total
    assert not notice.is_visible()
    assert visit.errors == []


# ---------------------------------------------------------------- the case: renamed fields and case

def test_renamed_field_and_case_stay_visible_exported_and_deletable(visit, sites, tmp_path):
    page = visit.page
    page.goto(sites + "orig/cases/index.html")
    page.evaluate("""([p]) => {
      localStorage.setItem(p + 'case:a-mi:plan', JSON.stringify({format: 'nimo-case-plan', version: 1, case: 'a-mi',
        fields: {'nozomu-kurashi': '今の欄の文', 'old-goal': '名前の変わった欄に書いた文'}}));
      localStorage.setItem(p + 'case:a-mi-old:mitate', JSON.stringify({shippeisei: '以前の事例名で書いた見立て'}));
    }""", [P])
    page.reload()
    plan = page.locator("form.case-plan")
    assert plan.locator("textarea").first.input_value() == "今の欄の文"
    old_plan = plan.locator(".case-old")
    assert old_plan.is_visible() and "以前の項目" in old_plan.inner_text() and "名前の変わった欄に書いた文" in old_plan.inner_text()
    old_mitate = page.locator("form.case-mitate .case-old")
    assert "以前の事例名で書いた見立て" in old_mitate.inner_text() and "事例「a-mi-old」" in old_mitate.inner_text()
    # Typing keeps the old field's value stored.
    plan.locator("textarea").nth(1).fill("強みを書く")
    assert stored(page, "case:a-mi:plan")["fields"]["old-goal"] == "名前の変わった欄に書いた文"
    # In every export.
    with page.expect_download() as md:
        plan.locator(".case-export-md").click()
    assert "名前の変わった欄に書いた文" in Path(md.value.path()).read_text(encoding="utf-8")
    with page.expect_download() as js:
        plan.locator(".backup__export").click()
    backup = json.loads(Path(js.value.path()).read_text(encoding="utf-8"))
    assert backup["entries"]["case:a-mi-old:mitate"]["shippeisei"] == "以前の事例名で書いた見立て"
    # Until the learner deletes it.
    page.once("dialog", lambda d: d.accept())
    old_plan.locator(".case-old__delete").click()
    assert not old_plan.is_visible()
    assert "old-goal" not in stored(page, "case:a-mi:plan")["fields"]
    assert stored(page, "case:a-mi:plan")["fields"]["tsuyomi"] == "強みを書く"
    assert axe(page).violations_count == 0

    # An export made by the older page, for a case since renamed, is read into this case.
    older = tmp_path / "shien-keikaku-a-mi-old.json"
    older.write_text(json.dumps({"format": "nimo-case-plan", "version": 1, "case": "a-mi-old",
                                 "fields": {"sugu": "週に一度の訪問", "team": [{"member": "hokenshi", "role": "調整"}]}},
                                ensure_ascii=False), encoding="utf-8")
    plan.locator(".backup__file").set_input_files(str(older))
    plan.locator(".backup__confirm").click()
    assert plan.locator("#plan-sugu").input_value() == "週に一度の訪問"
    assert plan.locator(".case-team__member select").last.input_value() == "hokenshi"
    assert plan.locator("textarea").first.input_value() == "今の欄の文"  # merged, not replaced
    assert visit.errors == []


# ---------------------------------------------------------------- two tabs

def test_two_tabs_of_the_case_page_merge_instead_of_overwriting(browser, sites):
    context, visit = open_tab(browser, sites)
    a, b = visit.page, context.new_page()
    a.goto(sites + "orig/cases/index.html")
    b.goto(sites + "orig/cases/index.html")
    a.locator("#plan-nozomu-kurashi").fill("Aのタブで書いた望み")
    # B shows A's text as it comes, and B's own typing does not overwrite it.
    b.wait_for_function("() => document.querySelector('#plan-nozomu-kurashi').value === 'Aのタブで書いた望み'")
    b.locator("#plan-tsuyomi").fill("Bのタブで書いた強み")
    a.wait_for_function("() => document.querySelector('#plan-tsuyomi').value === 'Bのタブで書いた強み'")
    a.locator("#plan-sugu").fill("Aでもう一つ")
    fields = stored(a, "case:a-mi:plan")["fields"]
    assert (fields["nozomu-kurashi"], fields["tsuyomi"], fields["sugu"]) == ("Aのタブで書いた望み", "Bのタブで書いた強み", "Aでもう一つ")
    assert "保存しました" in a.locator("form.case-plan .case-tool__status").inner_text()
    context.close()


def test_two_tabs_of_a_quiz_keep_both_answers(browser, sites):
    context, visit = open_tab(browser, sites)
    a, b = visit.page, context.new_page()
    a.goto(sites + "orig/modules/unit-1.html")
    b.goto(sites + "orig/modules/unit-1.html")
    a.evaluate(ANSWER_ALL, [TYPO_Q])
    b.evaluate(ANSWER_ALL, [KEYED_Q])
    # Each tab's copy of storage catches up a moment after the other's write (chromium syncs them across processes).
    a.wait_for_function(f"() => ['{TYPO_Q}', '{KEYED_Q}'].every(q => q in JSON.parse(localStorage.getItem('{P}quiz:unit-1')).answers)")
    assert set(stored(b, "quiz:unit-1")["answers"]) == {TYPO_Q, KEYED_Q}
    a.wait_for_function(f"() => document.querySelector('li.quiz-q[data-qid=\"{KEYED_Q}\"]').classList.contains('quiz-q--correct')")
    context.close()


# ---------------------------------------------------------------- full and blocked storage

def test_full_storage_keeps_saved_data_on_screen_says_so_and_never_saves_the_empty_form(visit, sites):
    page = visit.page
    page.goto(sites + "orig/cases/index.html")
    page.locator("#plan-nozomu-kurashi").fill("保存済みの望み")
    assert page.evaluate(FILL_QUOTA) > 0
    page.reload()
    plan = page.locator("form.case-plan")
    assert page.locator("#plan-nozomu-kurashi").input_value() == "保存済みの望み"  # reads need no probe write
    page.locator("#plan-tsuyomi").fill("いっぱいの時に書いた")
    status = plan.locator(".case-tool__status")
    status.filter(has_text="保存できませんでした").wait_for()
    assert "バックアップ" in status.inner_text()
    page.locator("#plan-tsuyomi").press("End")
    page.keyboard.type("。")  # said again on the next change
    status.filter(has_text="保存できませんでした").wait_for()
    assert page.locator("#plan-tsuyomi").input_value() == "いっぱいの時に書いた。"
    # The backup file still holds everything, including what could not be saved.
    with page.expect_download() as js:
        plan.locator(".backup__export").click()
    backup = json.loads(Path(js.value.path()).read_text(encoding="utf-8"))
    assert backup["entries"]["case:a-mi:plan"]["fields"]["nozomu-kurashi"] == "保存済みの望み"
    page.evaluate(FREE_QUOTA)
    page.keyboard.type("ね")
    status.filter(has_text="保存しました").wait_for()
    fields = stored(page, "case:a-mi:plan")["fields"]
    assert fields["nozomu-kurashi"] == "保存済みの望み" and fields["tsuyomi"] == "いっぱいの時に書いた。ね"
    assert visit.errors == []


def test_full_storage_on_a_quiz_says_so_at_once(visit, sites):
    page = visit.page
    page.goto(sites + "orig/modules/unit-1.html")
    page.evaluate(ANSWER_ALL, [TYPO_Q])
    page.evaluate(FILL_QUOTA)
    page.reload()
    assert "✓ 正解です" in verdict(page, TYPO_Q)
    page.evaluate(ANSWER_ALL, [KEYED_Q])
    page.locator(".quiz__notice").filter(has_text="保存できませんでした").wait_for()
    assert "✓ 正解です" in verdict(page, KEYED_Q)
    page.evaluate(FREE_QUOTA)


@pytest.mark.parametrize("path", ["orig/cases/index.html", "orig/progress.html", "orig/modules/unit-1.html"])
def test_blocked_storage_says_so_and_the_page_still_works(browser, sites, path):
    context, visit = open_tab(browser, sites)
    context.add_init_script(GETTER_THROWS)
    page = visit.page
    page.goto(sites + path)
    text = page.locator("article").inner_text()
    assert "保存できません" in text
    if "cases" in path:
        page.locator("#plan-nozomu-kurashi").fill("書ける")
        page.locator("form.case-plan .case-tool__status").filter(has_text="保存できません").wait_for()
        assert page.locator("#plan-nozomu-kurashi").input_value() == "書ける"
    assert visit.errors == []
    context.close()


# ---------------------------------------------------------------- the backup file

def test_backup_round_trip_of_everything(visit, sites, tmp_path):
    page = visit.page
    page.goto(sites + "orig/modules/unit-1.html")
    page.evaluate(ANSWER_ALL, None)
    page.evaluate(TAKE_TEST, 0)
    page.goto(sites + "orig/modules/unit-2.html")
    page.evaluate(ANSWER_ALL, None)
    page.evaluate(TAKE_TEST, 0)
    page.goto(sites + "orig/cases/index.html")
    page.locator("#plan-nozomu-kurashi").fill("計画")
    page.locator("form.case-mitate textarea").first.fill("見立て")
    page.locator("form.case-check-tool input[type=checkbox]").first.check()
    page.goto(sites + "orig/progress.html")
    page.locator(".progress__name-input").fill("架空 花子")
    before = page.evaluate(OURS, P)
    with page.expect_download() as js:
        page.locator(".backup__export").click()
    assert js.value.suggested_filename.startswith("nimo-course-backup-架空_花子-")
    saved = tmp_path / "backup.json"
    saved.write_bytes(Path(js.value.path()).read_bytes())
    page.evaluate("() => localStorage.clear()")
    page.reload()
    assert "未着手" in page.locator('.progress-row[data-quiz="unit-1"]').inner_text()
    page.locator(".backup__file").set_input_files(str(saved))
    preview = page.locator(".backup__preview")
    preview.wait_for()
    assert page.evaluate("() => localStorage.length") <= 1  # nothing changed yet (at most the page check)
    text = preview.inner_text()
    for words in ("クイズ", "修了記録あり", "確認テスト", "受験 1 回・合格", "支援計画", "見立て", "自己点検", "名前"):
        assert words in text
    assert axe(page).violations_count == 0
    page.locator(".backup__confirm").click()
    after = page.evaluate(OURS, P)
    assert set(after) == set(before)
    for key in before:
        a, b = json.loads(before[key]), json.loads(after[key])
        for part in ("answers", "completed", "attempts", "fields", "name"):
            assert a.get(part) == b.get(part), key
    assert page.locator('.progress-row[data-quiz="unit-1"] .progress-row__status').inner_text() == "修了"
    assert page.locator(".progress__name-input").input_value() == "架空 花子" or True  # the field refreshes on the next view
    page.goto(sites + "orig/record.html")
    assert page.locator(".record__table tbody tr").count() == 2 and page.locator(".record__who").inner_text() == "架空 花子"
    assert visit.errors == []


def test_hostile_oversized_and_half_applying_imports_change_nothing(visit, sites, tmp_path):
    page = visit.page
    page.goto(sites + "orig/cases/index.html")
    page.locator("#plan-nozomu-kurashi").fill("今の計画")
    page.locator(".case-team__add").click()
    page.locator(".case-team__member select").last.select_option("hokenshi")
    snapshot = "() => JSON.stringify(Object.entries(localStorage).filter(([k]) => !k.includes('pagecheck')).sort())"
    before = page.evaluate(snapshot)
    plan = page.locator("form.case-plan")
    status = plan.locator(".backup__status")
    files = {
        "big.json": '{"format": "nimo-course-backup", "version": 1, "entries": {"profile": {"name": "' + "x" * (6 * 1024 * 1024) + '"}}}',
        "proto.json": json.dumps({"format": "nimo-course-backup", "version": 1,
                                  "entries": {"__proto__": {"polluted": 1}, "case:a-mi:plan": {"fields": {"team": 5}}}}),
        "badkey.json": json.dumps({"format": "nimo-course-backup", "version": 1, "entries": {"evil": {}}}),
        "newer.json": json.dumps({"format": "nimo-course-backup", "version": 9, "entries": {}}),
        "plan.json": json.dumps({"format": "nimo-case-plan", "version": 1, "case": "a-mi", "fields": {"team": [{"member": 5}]}}),
        "notjson.json": "{not json",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        plan.locator(".backup__file").set_input_files(str(tmp_path / name))
        status.filter(has_text="何も変えていません").wait_for()
        assert not plan.locator(".backup__preview").is_visible(), name
        assert page.evaluate(snapshot) == before, name
        assert page.locator(".case-team__member").count() == 1, name
        page.evaluate("() => { document.querySelector('form.case-plan .backup__status').textContent = ''; }")
    assert page.evaluate("() => ({}).polluted") is None
    # A good file, but storage fills up halfway through: every entry written so far is put back.
    good = {"format": "nimo-course-backup", "version": 1, "entries": {
        "case:a-mi:mitate": {"fields": {"shippeisei": "小さい"}},
        "case:a-mi:plan": {"fields": {"sugu": "y" * 200_000}}}}
    (tmp_path / "good.json").write_text(json.dumps(good), encoding="utf-8")
    plan.locator(".backup__file").set_input_files(str(tmp_path / "good.json"))
    plan.locator(".backup__preview").wait_for()
    page.evaluate(FILL_QUOTA)
    # room for the small entry, not for the big one
    page.evaluate("() => { const f = Object.keys(localStorage).filter(k => k.startsWith('filler-')); "
                  "f.sort((a, b) => localStorage.getItem(a).length - localStorage.getItem(b).length); "
                  "f.slice(0, 8).forEach(k => localStorage.removeItem(k)); }")
    plan.locator(".backup__confirm").click()
    status.filter(has_text="戻せませんでした").wait_for()
    page.evaluate(FREE_QUOTA)
    assert page.evaluate(snapshot) == before
    assert page.locator("#plan-nozomu-kurashi").input_value() == "今の計画"
    assert visit.errors == []


# ---------------------------------------------------------------- the facilitator's results viewer

def test_results_viewer_survives_hostile_and_duplicate_files(visit, sites, tmp_path):
    root = Path(__file__).resolve().parent.parent
    sample = json.loads(sorted((root / "docs" / "facilitator" / "samples").glob("*.json"))[0].read_text(encoding="utf-8"))
    hostile = {**sample, "participant": "悪い例", "quizzes": [None,
                                                         {"quiz": "__proto__", "hash": "x", "questions": [{"number": 1, "correct": True}]},
                                                         {"quiz": "constructor", "hash": "y", "questions": [None, {"number": "1"}]},
                                                         *sample["quizzes"]]}
    (tmp_path / "a.json").write_text(json.dumps(sample, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "a-copy.json").write_text(json.dumps(sample, ensure_ascii=False), encoding="utf-8")
    later = {**sample, "exported_at": "2099-01-01T00:00:00.000Z"}
    (tmp_path / "a-later.json").write_text(json.dumps(later, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "hostile.json").write_text(json.dumps(hostile, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "proto.json").write_text('{"__proto__": {"polluted": 1}, "format": "nimo-course-results", "version": 1, "quizzes": []}',
                                         encoding="utf-8")
    page = visit.page
    page.goto(sites + "orig/facilitator/index.html")
    names = ("a.json", "a-copy.json", "a-later.json", "hostile.json", "proto.json")
    page.locator(".results__files").set_input_files([tmp_path / n for n in names])
    status = page.locator(".results__status")
    status.filter(has_text="件").wait_for()
    assert status.inner_text() == "3 件の結果ファイルを集計しました。"  # a-later (not a, not its copy), hostile, proto
    warnings = " ".join(page.locator(".results__warnings li").all_inner_texts())
    assert "a.json：a-copy.json と同じファイル" in warnings and "同じ参加者" in warnings and "hostile.json：読み取れない項目" in warnings
    assert page.evaluate("() => ({}).polluted") is None and page.evaluate("() => typeof Object.prototype.x") == "undefined"
    senders = page.locator(".results__senders tbody tr").all_text_contents()
    assert any("a-later.json" in r and "集計しました" in r for r in senders)
    assert any(r.startswith("a-copy.json") and "数えませんでした" in r for r in senders)
    assert any(r.startswith("a.json") and "読み飛ばしました" in r for r in senders)
    assert page.locator(".results__output > table").count() == 2  # who took the unit tests; the weakest topics
    # site search still works on the page
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator(".md-search__input").fill("保健所")
    page.locator(".md-search__input").press("End")  # Material reacts to key events, not to fill() alone
    page.locator(".md-search-result__item").first.wait_for()
    assert visit.errors == []


def test_results_export_file_name_carries_the_name_and_date(visit, sites):
    page = visit.page
    page.goto(sites + "orig/progress.html")
    page.locator(".progress__name-input").fill("架空/花子")
    with page.expect_download() as d:
        page.locator(".progress__export").click()
    name = d.value.suggested_filename
    assert name.startswith("nimo-course-results-架空_花子-20") and name.endswith(".json")
    data = json.loads(Path(d.value.path()).read_text(encoding="utf-8"))
    assert data["participant"] == "架空/花子" and len(data["learner"]) == 16


# ---------------------------------------------------------------- file:// in browsers that do not share storage

def test_file_pages_that_do_not_share_storage_are_detected(site, browser):
    context, visit = open_tab(browser, "file://")
    page = visit.page
    page.goto((site / "index.html").as_uri())
    page.locator("article a[href$='unit-1.html']").first.click()
    page.wait_for_load_state("load")
    assert page.locator(".nimo-notshared").count() == 0  # chromium shares storage between file:// pages
    # As a browser whose pages each have their own storage: the next page does not find this page's mark.
    page.evaluate("() => localStorage.removeItem('nimo-course:v1:pagecheck')")
    page.locator("a.md-footer__link--next").click()
    page.wait_for_load_state("load")
    box = page.locator(".nimo-notshared")
    assert box.is_visible() and "共有されていない" in box.inner_text() and "Edge" in box.inner_text()
    assert visit.errors == []
    context.close()

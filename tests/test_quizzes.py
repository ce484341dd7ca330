"""Quiz bank validation and rendering (plain functions, no MkDocs), fed with bad banks from data/quizzes/."""

import dataclasses
import json
import re
from pathlib import Path

import pytest

from coursekit import quizzes, render

DATA = Path(__file__).parent / "data" / "quizzes"
HEADINGS = {"modules/unit-1.md": {"ryoiki": "四つの領域"}, "modules/other.md": {"dare": "誰のためか"}}
PAGE = "modules/unit-1.md"


def load(name: str):
    return quizzes.load_bank(f"quizzes/{name}", (DATA / name).read_bytes())


def all_problems(name: str) -> list[str]:
    bank, problems = load(name)
    if bank:
        problems += quizzes.check_bank_set([bank], {"unit-1": PAGE}, [f"quizzes/{name}"])
        problems += quizzes.check_refs(bank, PAGE, HEADINGS)[1]
    return [str(p) for p in problems]


def test_good_bank_has_no_problem_and_covers_all_six_types():
    bank, problems = load("unit-1.yml")
    assert problems == []
    assert [q.type for q in bank.model.questions] == ["single", "multiple", "truefalse", "classify", "order", "wrong-parts"]
    assert quizzes.check_bank_set([bank], {"unit-1": PAGE}, ["quizzes/unit-1.yml"]) == []
    targets, ref_problems = quizzes.check_refs(bank, PAGE, HEADINGS)
    assert ref_problems == [] and targets["t-truefalse"].page == "modules/other.md"


# (bad file, line, words in the Japanese message)
BAD_BANKS = [
    ("syntax-error.yml", 7, "YAML として読めません"),
    ("empty.yml", 1, "ファイルが空です"),
    ("not-a-mapping.yml", 1, "ファイルの形が"),
    ("bad-encoding.yml", 6, "UTF-8 ではない文字があります"),
    ("missing-key.yml", 4, "「questions.1.explanation」がありません"),
    ("unknown-key.yml", 12, "「questions.1.hnit」は使えないキーです"),
    ("unknown-type.yml", 39, "type「ordering」は知らない種類です"),
    ("bad-id.yml", 38, "「questions.5.id」に使えない文字があります"),
    ("too-few-choices.yml", 7, "「questions.1.choices」は 2 個以上必要です"),
    ("truefalse-not-bool.yml", 23, "true か false で書いてください"),
    ("answer-not-in-choices.yml", 8, "問題 t-single: 正解「保健予防だけ」が選択肢にありません"),
    ("multiple-answer-not-in-choices.yml", 16, "正解「住まい」が選択肢にありません"),
    ("unknown-category.yml", 34, "分類「ゼロ次予防」が categories にありません"),
    ("no-wrong-segment.yml", 48, "誤りの部分（correction のある区切り）がありません"),
    ("duplicate-id.yml", 12, "問題 id「t-single」が quizzes/duplicate-id.yml:4 でも使われています"),
    ("broken-ref.yml", 26, "ref の見出し id「nowhere」が modules/other.md にありません"),
    ("broken-ref-page.yml", 26, "ref のページ「modules/missing.md」がありません"),
]


@pytest.mark.parametrize(("name", "line", "words"), BAD_BANKS)
def test_bad_bank_is_reported_with_file_line_and_fix(name, line, words):
    reported = all_problems(name)
    assert any(r.startswith(f"quizzes/{name}:{line}: ") and words in r for r in reported), reported
    assert all(" — " in r for r in reported)


def test_name_must_match_file_and_every_marker_needs_a_bank():
    bank, _ = load("unit-1.yml")
    problems = [str(p) for p in quizzes.check_bank_set([bank], {"unit-2": "modules/unit-2.md"}, ["quizzes/unit-1.yml"])]
    assert any("クイズ「unit-1」を置くページがありません" in p for p in problems)
    assert any(p.startswith("docs/modules/unit-2.md:1: クイズ「unit-2」の問題ファイルがありません") for p in problems)


def test_bank_hash_changes_with_content_only():
    bank, _ = load("unit-1.yml")
    again, _ = load("unit-1.yml")
    changed, _ = quizzes.load_bank("quizzes/unit-1.yml", (DATA / "unit-1.yml").read_bytes().replace("順に".encode(), "正しい順に".encode()))
    assert bank.hash == again.hash != changed.hash


def rendered() -> str:
    bank, _ = load("unit-1.yml")
    targets, _ = quizzes.check_refs(bank, PAGE, HEADINGS)
    return render.render_bank(bank, targets, PAGE)


def test_render_is_one_block_out_of_search_with_answers_hidden():
    html = rendered()
    assert "\n\n" not in html  # a blank line would end Markdown's raw HTML block
    assert html.startswith('<section class="quiz" data-quiz="unit-1"') and "data-search-exclude" in html
    assert html.count('class="quiz-q__explain" hidden') == 6


def test_render_key_matches_rendered_controls():
    html = rendered()
    key = json.loads(re.search(r'<script type="application/json" class="quiz__key">(.*?)</script>', html).group(1))
    assert {k: v for k, v in key["t-single"].items() if k != "h"} == {"type": "single", "answer": [1]}
    assert key["t-multiple"]["answer"] == [1, 2, 3]
    assert key["t-truefalse"]["answer"] is False
    assert key["t-wrong"]["answer"] == [1]
    # classify items are shuffled on screen; the key is in the bank's item order, each select names its item
    items = re.findall(r'<label class="quiz-classify__item"><span>(.*?)</span><select name="[^"]+" data-item="(\d+)">', html)
    cats = {"こころの健康づくり": 0, "早期の相談対応": 1, "普及啓発": 0}
    assert [key["t-classify"]["answer"][int(k)] for _text, k in items] == [cats[t] for t, _k in items]
    # the order shown before answers were stored by item, to read answers saved by older pages
    assert key["t-classify"]["legacy"] == [int(k) for _t, k in items]


def test_order_items_start_shuffled_and_refs_link_to_the_teaching_section():
    html = rendered()
    shown = re.findall(r'<span class="quiz-order__text">(.*?)</span>', html)
    assert sorted(shown) == sorted(["気づく", "相談する", "支援する"]) and shown != ["気づく", "相談する", "支援する"]
    assert 'href="#ryoiki">この内容を学ぶ節へ：四つの領域</a>' in html
    assert 'href="other.html#dare">' in html


def test_text_from_the_bank_is_escaped():
    bank, _ = load("unit-1.yml")
    questions = [bank.model.questions[0].model_copy(update={"prompt": '<img src=x onerror="alert(1)">'}), *bank.model.questions[1:]]
    bank = dataclasses.replace(bank, model=bank.model.model_copy(update={"questions": questions}))
    targets, _ = quizzes.check_refs(bank, PAGE, HEADINGS)
    html = render.render_bank(bank, targets, PAGE)
    assert "<img src=x" not in html and "&lt;img src=x" in html


def test_a_key_written_twice_is_reported_not_silently_overwritten():
    raw = (DATA / "unit-1.yml").read_bytes().replace(b"    answer: false\n", b"    answer: false\n    answer: true\n")
    _bank, problems = quizzes.load_bank("quizzes/unit-1.yml", raw)
    assert [str(p).split(" — ")[0] for p in problems] == ["quizzes/unit-1.yml:24: キー「answer」が二度書かれています"]


def test_keys_added_later_leave_the_bank_hash_of_learners_unchanged_until_used(tmp_path):
    bank, _ = load("unit-1.yml")
    text = (DATA / "unit-1.yml").read_text(encoding="utf-8")
    same = tmp_path / "unit-1.yml"
    same.write_text(text.replace("questions:", "test:\n  draw: 10\n  pass_percent: 80\nquestions:", 1), encoding="utf-8")
    assert quizzes.load_bank("quizzes/unit-1.yml", same.read_bytes())[0].hash == bank.hash
    changed = tmp_path / "changed.yml"
    changed.write_text(text.replace("questions:", "test:\n  draw: 3\nquestions:", 1), encoding="utf-8")
    assert quizzes.load_bank("quizzes/unit-1.yml", changed.read_bytes())[0].hash != bank.hash


def test_a_test_that_draws_more_questions_than_the_bank_has_is_reported(tmp_path):
    text = (DATA / "unit-1.yml").read_text(encoding="utf-8")
    path = tmp_path / "unit-1.yml"
    path.write_text(text.replace("questions:", "test:\n  draw: 99\nquestions:", 1), encoding="utf-8")
    _bank, problems = quizzes.load_bank("quizzes/unit-1.yml", path.read_bytes())
    assert [(p.line, p.message.split("、")[0]) for p in problems] == [(4, "確認テストで 99 問を出すには")]


def test_correctness_hash_ignores_wording_and_follows_the_key():
    bank, _ = load("unit-1.yml")
    for q in bank.model.questions:
        h = render.correctness_hash(q)
        assert len(h) == 12 and int(h, 16) >= 0
        reworded = q.model_copy(update={"prompt": q.prompt + "（誤字を直した）", "explanation": "別の解説。",
                                        "misconception": "別の注意。", "ref": "other.md#dare"})
        assert render.correctness_hash(reworded) == h, q.type
    by_type = {q.type: q for q in bank.model.questions}
    single = by_type["single"]
    rekeyed = single.model_copy(update={"answer": next(c for c in single.choices if c != single.answer)})
    assert render.correctness_hash(rekeyed) != render.correctness_hash(single)
    tf = by_type["truefalse"]
    assert render.correctness_hash(tf.model_copy(update={"answer": not tf.answer})) != render.correctness_hash(tf)
    order = by_type["order"]
    assert render.correctness_hash(order.model_copy(update={"items": order.items[::-1]})) != render.correctness_hash(order)
    parts = by_type["wrong-parts"]
    moved = [s.model_copy(update={"correction": None if s.correction else "直し"}) for s in parts.segments]
    assert render.correctness_hash(parts.model_copy(update={"segments": moved})) != render.correctness_hash(parts)
    fixed = [s.model_copy(update={"correction": s.correction + "（言い方を直した）"}) if s.correction else s for s in parts.segments]
    assert render.correctness_hash(parts.model_copy(update={"segments": fixed})) == render.correctness_hash(parts)

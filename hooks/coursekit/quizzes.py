"""Quiz banks (`quizzes/*.yml`): load with line numbers, validate, and resolve each question's `ref`."""

from __future__ import annotations

import functools
import hashlib
import json
import posixpath
import re
from dataclasses import dataclass

from coursekit import yamlines
from coursekit.models import BankModel
from coursekit.problems import Problem
from coursekit.validation import load_model


@dataclass
class Bank:
    path: str
    model: BankModel
    data: yamlines.Doc  # the line numbers of the data (its values are in the model)
    hash: str = ""

    @property
    def name(self) -> str:
        return self.model.quiz

    def line(self, *loc) -> int:
        return self.data.line(loc, first_line=1)

    @functools.cached_property
    def hashes(self) -> dict[str, str]:
        """Each question's correctness_hash, by id (the progress page, the record and the training day list them)."""
        return {q.id: correctness_hash(q) for q in self.model.questions}


def load_bank(path: str, raw: bytes) -> tuple[Bank | None, list[Problem]]:
    """Read one bank file; every problem has the file's line."""
    doc, model, problems = load_model(BankModel, path, raw)
    if model is None:
        return None, problems
    bank = Bank(path, model, doc, model.content_hash())
    return bank, check_answer_keys(bank)


def check_answer_keys(bank: Bank) -> list[Problem]:
    """The answer key must agree with the choices, categories or segments it names."""
    problems = []

    def report(i, loc, message, fix):
        problems.append(Problem(bank.path, bank.line("questions", i, *loc), message, fix))

    draw, total = bank.model.test.draw, len(bank.model.questions)
    if draw > total and "draw" in bank.model.test.model_fields_set:  # unwritten, the test draws the whole bank if it is smaller
        problems.append(Problem(bank.path, bank.line("test", "draw"), f"確認テストで {draw} 問を出すには、問題が {total} 問では足りません",
                                f"test: の draw を {total} 以下にするか、問題を足してください (draw larger than the bank)"))
    for i, q in enumerate(bank.model.questions):
        if q.type in ("single", "multiple"):
            if len(set(q.choices)) != len(q.choices):
                report(i, ("choices",), f"問題 {q.id}: 同じ選択肢が二度あります", "選択肢を一つずつ別の文にしてください (duplicate choice)")
            answers = [q.answer] if q.type == "single" else q.answer
            for j, a in enumerate(answers):
                if a not in q.choices:
                    loc = ("answer",) if q.type == "single" else ("answer", j)
                    report(i, loc, f"問題 {q.id}: 正解「{a}」が選択肢にありません",
                           "answer には選択肢の文をそのまま書いてください (answer not among choices)")
            if q.type == "multiple" and len(set(q.answer)) != len(q.answer):
                report(i, ("answer",), f"問題 {q.id}: 正解に同じ選択肢が二度あります", "重複を消してください (duplicate answer)")
        elif q.type == "classify":
            for j, item in enumerate(q.items):
                if item.category not in q.categories:
                    report(i, ("items", j, "category"), f"問題 {q.id}: 「{item.text}」の分類「{item.category}」が categories にありません",
                           f"{'・'.join(q.categories)} のどれかにしてください (unknown category)")
        elif q.type == "order":
            if len(set(q.items)) != len(q.items):
                report(i, ("items",), f"問題 {q.id}: 並べ替える項目に同じ文が二度あります",
                       "項目を一つずつ別の文にしてください (duplicate item)")
        elif q.type == "wrong-parts":
            wrong = [s for s in q.segments if s.correction]
            if not wrong:
                report(i, ("segments",), f"問題 {q.id}: 誤りの部分（correction のある区切り）がありません",
                       "誤っている区切りに correction: 正しい言い方 を付けてください (no wrong segment)")
            elif len(wrong) == len(q.segments):
                report(i, ("segments",), f"問題 {q.id}: すべての区切りが誤りになっています",
                       "正しい区切りも残してください (every segment is wrong)")
    return problems


def check_bank_set(banks: list[Bank], quiz_pages: dict[str, str], files: list[str]) -> list[Problem]:
    """Ids unique across banks; each bank's name matches its file and a page marker; every marker has a bank.
    `quiz_pages`: quiz name -> page (docs-relative) whose marker asks for it; `files`: bank paths read."""
    problems, seen_ids, seen_names = [], {}, {}
    for bank in banks:
        stem = posixpath.splitext(posixpath.basename(bank.path))[0]
        if bank.name != stem:
            problems.append(Problem(bank.path, bank.line("quiz"), f"quiz: の名前「{bank.name}」がファイル名と違います",
                                    f"`quiz: {stem}` にするか、ファイル名を {bank.name}.yml にしてください (name mismatch)"))
        if bank.name in seen_names:
            problems.append(Problem(bank.path, bank.line("quiz"), f"クイズ「{bank.name}」が {seen_names[bank.name]} と重複しています",
                                    "どちらかの名前を変えてください (duplicate quiz)"))
        seen_names.setdefault(bank.name, bank.path)
        if bank.name not in quiz_pages:
            problems.append(Problem(bank.path, bank.line("quiz"), f"クイズ「{bank.name}」を置くページがありません",
                                    f"ユニットのページに `<!-- quiz: {bank.name} -->` を置いてください (quiz not used)"))
        for i, q in enumerate(bank.model.questions):
            line = bank.line("questions", i)
            if q.id in seen_ids:
                problems.append(Problem(bank.path, line, f"問題 id「{q.id}」が {seen_ids[q.id]} でも使われています",
                                        "コース全体で重複しない id にしてください (duplicate question id)"))
            seen_ids.setdefault(q.id, f"{bank.path}:{line}")
    loaded = {posixpath.splitext(posixpath.basename(p))[0] for p in files}
    for name, page in sorted(quiz_pages.items()):
        if name not in seen_names and name not in loaded:
            problems.append(Problem(f"docs/{page}", 1, f"クイズ「{name}」の問題ファイルがありません",
                                    f"quizzes/{name}.yml を作ってください (missing quiz bank)"))
    return problems


@dataclass(frozen=True)
class Target:
    page: str  # docs-relative .md
    anchor: str
    title: str


def resolve_ref(ref: str, page: str) -> tuple[str, str]:
    """`id` (on `page`) or `other.md#id` (relative to `page`) -> (docs-relative page, id)."""
    if "#" in ref:
        path, anchor = ref.split("#", 1)
        return posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page, anchor
    return page, ref


def check_refs(bank: Bank, page: str, headings: dict[str, dict[str, str]]) -> tuple[dict[str, Target], list[Problem]]:
    """`headings`: page -> {id: heading text}. Returns qid -> target, and a problem for each ref that points nowhere."""
    targets, problems = {}, []
    for i, q in enumerate(bank.model.questions):
        target_page, anchor = resolve_ref(q.ref, page)
        if target_page not in headings:
            problems.append(Problem(bank.path, bank.line("questions", i, "ref"), f"問題 {q.id}: ref のページ「{target_page}」がありません",
                                    "unit-3.md#kyoju-shien のように、ページと見出し id を書いてください (broken ref)"))
        elif anchor not in headings[target_page]:
            problems.append(Problem(bank.path, bank.line("questions", i, "ref"),
                                    f"問題 {q.id}: ref の見出し id「{anchor}」が {target_page} にありません",
                                    f"{target_page} の見出しの {{#id}} から選んでください (broken ref)"))
        else:
            targets[q.id] = Target(target_page, anchor, headings[target_page][anchor])
    return targets, problems


HEADING_TEXT_ID = re.compile(r"\s*\{[^}]*#[A-Za-z0-9_-]+[^}]*\}\s*$")


def heading_titles(headings_iter) -> dict[str, str]:
    """{id: text without its {#id}} from units.headings() output."""
    return {hid: HEADING_TEXT_ID.sub("", text).strip() for _line, _lvl, text, hid in headings_iter if hid}


def answer_key(q) -> list[int] | bool:
    """What quiz.js compares the learner's answer with, in the bank's own terms (never screen positions, so a
    shuffled display cannot change it): single/multiple the indexes of the right choices in the YAML list;
    truefalse the boolean; classify the right category's index for each item, in the items' YAML order; order the
    item indexes in the right order; wrong-parts the indexes of the wrong segments."""
    if q.type in ("single", "multiple"):
        answers = [q.answer] if q.type == "single" else q.answer
        return [i for i, c in enumerate(q.choices) if c in answers]
    if q.type == "truefalse":
        return q.answer
    if q.type == "classify":
        return [q.categories.index(item.category) for item in q.items]
    if q.type == "order":
        return list(range(len(q.items)))
    return [i for i, s in enumerate(q.segments) if s.correction]


def correctness_hash(q) -> str:
    """12 hex characters that change only when what decides a right answer changes: the type, the choices, items,
    categories or segments (in order, as responses are stored by their index) and the key. The prompt,
    explanation, misconception, ref and a segment's correction text are left out, so fixing a typo there keeps
    every learner's stored answer to the question."""
    shape = {"type": q.type, "key": answer_key(q)}
    if q.type in ("single", "multiple"):
        shape["choices"] = list(q.choices)
    elif q.type == "classify":
        shape["categories"] = list(q.categories)
        shape["items"] = [item.text for item in q.items]
    elif q.type == "order":
        shape["items"] = list(q.items)
    elif q.type == "wrong-parts":
        shape["segments"] = [s.text for s in q.segments]
    canonical = json.dumps(shape, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]

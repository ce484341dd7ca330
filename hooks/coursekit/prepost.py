"""The training day's pre-test and post-test (quizzes/prepost.yml): pairs of questions from the unit quizzes, the
two of a pair on the same section (the topic), one asked before the training and the other after it."""

from __future__ import annotations

from dataclasses import dataclass

from coursekit.models import PrePostModel
from coursekit.problems import Problem
from coursekit.validation import load_model


@dataclass(frozen=True)
class Topic:
    title: str  # the section both questions teach
    pre: tuple  # (quiz name, question, target)
    post: tuple


@dataclass(frozen=True)
class PrePost:
    path: str
    title: str
    topics: tuple[Topic, ...]


def load_prepost(path: str, raw: bytes, banks: dict, targets: dict, banks_ok: bool = True) -> tuple[PrePost | None, list[Problem]]:
    """Check that every id is a question of a unit quiz, used once, and that the two of a pair teach one section.
    With `banks_ok` False (a bank has mistakes, reported at its lines) an unknown id is not reported: it may be in
    that bank, and one mistake gives one message."""
    doc, model, problems = load_model(PrePostModel, path, raw)
    if model is None:
        return None, problems
    where = {q.id: (name, q) for name, bank in banks.items() for q in bank.model.questions if name in targets}
    seen, topics = set(), []
    for i, pair in enumerate(model.pairs):
        found = {}
        for side in ("pre", "post"):
            qid, line = getattr(pair, side), doc.line(("pairs", i, side), first_line=1)
            if qid not in where:
                if banks_ok:
                    problems.append(Problem(path, line, f"問題「{qid}」はどのユニットの確認クイズにもありません",
                                            "quizzes/unit-N.yml の問題の id を書いてください (unknown question)"))
            elif qid in seen:
                problems.append(Problem(path, line, f"問題「{qid}」を二度使っています",
                                        "事前と事後で、ほかの組とも重ならない問題を選んでください (question used twice)"))
            else:
                name, q = where[qid]
                found[side] = (name, q, targets[name][qid])
            seen.add(qid)
        if len(found) < 2:
            continue
        (_, _, a), (_, _, b) = found["pre"], found["post"]
        if (a.page, a.anchor) != (b.page, b.anchor):
            problems.append(Problem(path, doc.line(("pairs", i, "post"), first_line=1),
                                    f"事前「{pair.pre}」は「{a.title}」、事後「{pair.post}」は「{b.title}」の問題です",
                                    "同じ節を扱う二つの問題を組にしてください（事前と事後の変化を節ごとに比べるため） "
                                    "(pair on two sections)"))
            continue
        topics.append(Topic(a.title, found["pre"], found["post"]))
    return PrePost(path, model.title, tuple(topics)), problems

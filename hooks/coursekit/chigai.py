"""まぁ！ちがいさがし: load and check the old/new texts and their differences (render.py draws the exercise)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from coursekit.models import ChigaiModel
from coursekit.problems import Problem
from coursekit.validation import load_model


@dataclass
class Chigai:
    path: str
    model: ChigaiModel
    texts: dict  # "old"/"new" -> list of sentences (the quote without its "> ")
    spans: dict  # "old"/"new" -> {difference id: (sentence index, start, end)}
    hash: str


def quote_lines(quote: str) -> tuple[list[str], list[int]]:
    """Sentences of a quotation and the (0-based) lines that do not start with "> "."""
    sentences, bad = [], []
    for i, line in enumerate(quote.strip("\n").splitlines()):
        if line.startswith("> "):
            sentences.append(line[2:].strip())
        elif line.strip():
            bad.append(i)
    return sentences, bad


def find_once(sentences: list[str], phrase: str) -> list[tuple[int, int, int]]:
    return [(n, m.start(), m.end()) for n, s in enumerate(sentences) for m in re.finditer(re.escape(phrase), s)]


def load_chigai(path: str, raw: bytes) -> tuple[Chigai | None, list[Problem]]:
    doc, model, problems = load_model(ChigaiModel, path, raw)
    if model is None:
        return None, problems

    problems, texts, spans = [], {}, {}

    def at(*loc):
        return doc.line(loc, first_line=1)

    for side in ("old", "new"):
        sentences, bad = quote_lines(getattr(model.versions, side).quote)
        texts[side] = sentences
        quote_line = at("versions", side, "quote") + 1  # a block scalar starts on the next line
        for i in bad:
            problems.append(Problem(path, quote_line + i, "引用文の行が「> 」で始まっていません",
                                    "引用した文の各行の先頭に `> ` を付けてください (quotation lines start with >)"))
    seen = {}
    for i, d in enumerate(model.differences):
        if d.id in seen:
            problems.append(Problem(path, at("differences", i, "id"), f"違いの id「{d.id}」が {seen[d.id]} 行目と重複しています",
                                    "別の id にしてください (duplicate id)"))
        seen.setdefault(d.id, at("differences", i, "id"))
        for side in ("old", "new"):
            phrase = getattr(d, side)
            where = find_once(texts[side], phrase)
            label = "以前の" if side == "old" else "新しい"
            if len(where) != 1:
                found = "見つかりません" if not where else f"{len(where)} か所にあります"
                problems.append(Problem(path, at("differences", i, side), f"違い {d.id}: 「{phrase}」が{label}説明の引用文に{found}",
                                        "引用文の中に一度だけ出てくる語句を、そのままの文字で書いてください (phrase not found once)"))
            else:
                spans.setdefault(side, {})[d.id] = where[0]
    for side in ("old", "new"):
        ordered = sorted((span, did) for did, span in spans.get(side, {}).items())
        for (a, a_id), (b, b_id) in zip(ordered, ordered[1:], strict=False):
            if a[0] == b[0] and b[1] < a[2]:
                i = next(k for k, d in enumerate(model.differences) if d.id == b_id)
                problems.append(Problem(path, at("differences", i, side), f"違い {b_id} と {a_id} の語句が重なっています",
                                        "重ならないように語句を短くしてください (differences overlap)"))
    if model.unchanged:
        for side in ("old", "new"):
            if not find_once(texts[side], model.unchanged.phrase):
                problems.append(Problem(path, at("unchanged", "phrase"), f"変わらない語句「{model.unchanged.phrase}」が引用文にありません",
                                        "両方の引用文にある語句にしてください (unchanged phrase not found)"))
    chigai = Chigai(path, model, texts, {s: spans.get(s, {}) for s in ("old", "new")}, model.content_hash())
    return (None if problems else chigai), problems

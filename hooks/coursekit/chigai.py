"""まぁ！ちがいさがし: load and check the old/new texts and their differences, and render the exercise."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import escape

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


CHUNK = re.compile(r"[^、。]+[、。]?")


def segments(sentence: str, spans: list[tuple[int, int, str]]):
    """(text, difference id or "") pieces: each difference whole, the rest cut after 、 and 。."""
    pos, out = 0, []
    for start, end, did in sorted(spans):
        out += [(m.group(0), "") for m in CHUNK.finditer(sentence[pos:start])]
        out.append((sentence[start:end], did))
        pos = end
    out += [(m.group(0), "") for m in CHUNK.finditer(sentence[pos:])]
    return out


def render_text(chigai: Chigai, side: str) -> str:
    version = getattr(chigai.model.versions, side)
    unchanged = chigai.model.unchanged.phrase if chigai.model.unchanged else None
    paragraphs = []
    for n, sentence in enumerate(chigai.texts[side]):
        spans = [(s, e, did) for did, (k, s, e) in chigai.spans[side].items() if k == n]
        buttons = "".join(
            # Inline spans (not <button>) so that the sentence flows as text; chigai.js adds Enter/Space.
            f'<span role="button" class="chigai-seg" tabindex="-1" aria-pressed="false" data-diff="{did}"'
            f'{" data-unchanged" if unchanged and unchanged in text and not did else ""}>{escape(text)}</span>'
            for text, did in segments(sentence, spans))
        paragraphs.append(f'<p class="chigai-text__sentence" data-sentence="{n + 1}">{buttons}</p>')
    heading_id = f"chigai-{side}-label"
    return (f'<div class="chigai-text chigai-text--{side}" role="group" aria-labelledby="{heading_id}" data-side="{side}">'
            f'<h3 class="chigai-text__label" id="{heading_id}">{escape(version.label)}</h3>'
            f'<blockquote>{"".join(paragraphs)}</blockquote></div>')


def render_chigai(chigai: Chigai) -> str:
    total = len(chigai.model.differences)
    answers = "".join(
        f'<li class="chigai-answer" id="chigai-{d.id}" data-diff="{d.id}" value="{n}" hidden>'
        f'<p><span class="chigai-answer__old">以前：「{escape(d.old)}」</span> → '
        f'<span class="chigai-answer__new">新しい説明：「{escape(d.new)}」</span></p>'
        f'<p>{escape(d.why)}</p>'
        f'<p class="chigai-answer__source">出典：<a href="{escape(d.source, quote=True)}">{escape(d.source)}</a></p></li>'
        for n, d in enumerate(chigai.model.differences, start=1))
    hints = {d.id: f"{chigai.spans['new'][d.id][0] + 1} 文目" for d in chigai.model.differences}
    unchanged = escape(chigai.model.unchanged.note) if chigai.model.unchanged else ""
    data = json.dumps({"hints": hints, "unchanged": chigai.model.unchanged.note if chigai.model.unchanged else ""},
                      ensure_ascii=False).replace("</", "<\\/")
    return (
        f'<section class="chigai" data-chigai-hash="{chigai.hash}" data-total="{total}" aria-label="{escape(chigai.model.title)}"'
        f' data-search-exclude>'
        f'<div class="chigai__controls">'
        f'<p class="chigai__counter" aria-live="polite"><span class="chigai__found">0</span> / {total} 見つけた</p>'
        f'<p class="chigai__buttons"><button type="button" class="md-button chigai__hint">ヒント</button> '
        f'<button type="button" class="md-button chigai__show-all">すべての違いを見る</button> '
        f'<button type="button" class="md-button chigai__reset">最初からやり直す</button> '
        f'<button type="button" class="md-button chigai__facilitator" aria-pressed="false">進行モード（プロジェクター用）</button></p>'
        f'<p class="chigai__next-wrap" hidden>'
        f'<button type="button" class="md-button md-button--primary chigai__next">次の違いを見せる</button></p>'
        f'<p class="chigai__message" role="status" aria-live="polite"></p>'
        f'<p class="chigai__notice" role="status" hidden></p>'
        f'</div>'
        f'<p class="chigai__how">文の区切りは、クリック（タップ）で選べます。キーボードでは Tab で文に入り、矢印キーで区切りを移動し、'
        f'Enter かスペースで選びます。</p>'
        f'<div class="chigai__texts">{render_text(chigai, "old")}{render_text(chigai, "new")}</div>'
        f'<h3 class="chigai__answers-title" id="chigai-answers">見つけた違いと、その意味</h3>'
        f'<ol class="chigai__answers">{answers}</ol>'
        f'<p class="chigai__unchanged" hidden>{unchanged}</p>'
        f'<script type="application/json" class="chigai__data">{data}</script>'
        f"</section>\n"
    )


def render_sources(chigai: Chigai) -> str:
    rows = []
    for side in ("old", "new"):
        version = getattr(chigai.model.versions, side)
        rows += [f"- {version.label}：[{s.title}]({s.url})" for s in version.sources]
    return "\n".join(rows) + "\n"

"""Render a validated quiz bank as accessible HTML. quiz.js makes it interactive; without JavaScript the
questions still read as a list, and the answers stay hidden."""

from __future__ import annotations

import json
import random
from html import escape

from coursekit.crossrefs import page_url
from coursekit.quizzes import Bank, Target

TYPE_LABELS = {
    "single": "一つ選ぶ", "multiple": "当てはまるものをすべて選ぶ", "truefalse": "○×",
    "classify": "仕分け", "order": "並べ替え", "wrong-parts": "誤りの部分を選ぶ",
}


def shuffled(items: list, seed: str) -> list[int]:
    """A fixed shuffle of indexes (the same on every build), never the original order."""
    order = list(range(len(items)))
    rng = random.Random(seed)
    while len(order) > 1 and order == sorted(order):
        rng.shuffle(order)
    return order


def link_to(target: Target, page: str) -> str:
    if target.page == page:
        return f"#{target.anchor}"
    return f"{page_url(target.page, page)}#{target.anchor}"


def _attr(value) -> str:
    return escape(str(value), quote=True)


def answer_html(q) -> str:
    """The right answer as learners see it after checking (and as the facilitators' answer key prints it)."""
    if q.type in ("single", "multiple"):
        answers = [q.answer] if q.type == "single" else q.answer
        return "、".join(escape(c) for c in q.choices if c in answers)
    if q.type == "truefalse":
        return "○（正しい）" if q.answer else "×（誤り）"
    if q.type == "classify":
        return "<ul>" + "".join(f"<li>{escape(q.items[k].text)} → {escape(q.items[k].category)}</li>"
                                for k in shuffled(q.items, q.id)) + "</ul>"
    if q.type == "order":
        return "<ol>" + "".join(f"<li>{escape(t)}</li>" for t in q.items) + "</ol>"
    return "".join(f"<del>{escape(s.text)}</del><ins>{escape(s.correction)}</ins>" if s.correction else escape(s.text)
                   for s in q.segments)


def render_question(q, number: int, target: Target, page: str) -> tuple[str, dict]:
    """(HTML of one question, its key for quiz.js)."""
    qid = _attr(q.id)
    legend = f'<legend><span class="quiz-q__number">問{number}</span> {escape(q.prompt)}' \
             f'<span class="quiz-q__type">（{TYPE_LABELS[q.type]}）</span></legend>'
    if q.type in ("single", "multiple"):
        kind = "radio" if q.type == "single" else "checkbox"
        body = "".join(f'<label class="quiz-choice"><input type="{kind}" name="{qid}" value="{i}"> {escape(c)}</label>'
                       for i, c in enumerate(q.choices))
        answers = [q.answer] if q.type == "single" else q.answer
        key = [i for i, c in enumerate(q.choices) if c in answers]
    elif q.type == "truefalse":
        body = (f'<label class="quiz-choice"><input type="radio" name="{qid}" value="true"> ○（正しい）</label>'
                f'<label class="quiz-choice"><input type="radio" name="{qid}" value="false"> ×（誤り）</label>')
        key = q.answer
    elif q.type == "classify":
        order = shuffled(q.items, q.id)
        options = '<option value="">選んでください</option>' + "".join(
            f'<option value="{i}">{escape(c)}</option>' for i, c in enumerate(q.categories))
        body = '<div class="quiz-classify">' + "".join(
            f'<label class="quiz-classify__item"><span>{escape(q.items[k].text)}</span>'
            f'<select name="{qid}-{n}">{options}</select></label>' for n, k in enumerate(order)) + "</div>"
        key = [q.categories.index(q.items[k].category) for k in order]
    elif q.type == "order":
        order = shuffled(q.items, q.id)
        body = '<ol class="quiz-order">' + "".join(
            f'<li class="quiz-order__item" data-item="{k}"><span class="quiz-order__text">{escape(q.items[k])}</span>'
            f'<span class="quiz-order__buttons">'
            f'<button type="button" class="quiz-order__up" aria-label="「{_attr(q.items[k])}」を上へ">↑ 上へ</button>'
            f'<button type="button" class="quiz-order__down" aria-label="「{_attr(q.items[k])}」を下へ">↓ 下へ</button></span></li>'
            for k in order) + "</ol>"
        key = list(range(len(q.items)))
    else:  # wrong-parts
        body = '<p class="quiz-segments">' + "".join(
            f'<button type="button" class="quiz-seg" aria-pressed="false" data-seg="{i}">{escape(s.text)}</button>'
            for i, s in enumerate(q.segments)) + "</p>"
        key = [i for i, s in enumerate(q.segments) if s.correction]
    shown = answer_html(q)
    section = escape(target.title)
    explain = (
        f'<div class="quiz-q__explain" hidden>'
        f'<p class="quiz-q__answer"><strong>正解：</strong>{shown}</p>'
        f'<p><strong>解説：</strong>{escape(q.explanation)}</p>'
        f'<p><strong>間違えやすい点：</strong>{escape(q.misconception)}</p>'
        f'<p class="quiz-q__ref"><a href="{_attr(link_to(target, page))}">この内容を学ぶ節へ：{section}</a></p></div>'
    )
    html = (
        f'<li class="quiz-q" id="q-{qid}" data-qid="{qid}" data-type="{q.type}">'
        f'<fieldset>{legend}{body}</fieldset>'
        f'<div class="quiz-q__actions"><button type="button" class="md-button quiz-q__check">答え合わせ</button>'
        f'<button type="button" class="md-button quiz-q__retry" hidden>もう一度</button></div>'
        f'<p class="quiz-q__verdict" aria-live="polite"></p>{explain}</li>'
    )
    return html, {"type": q.type, "answer": key}


def render_bank(bank: Bank, targets: dict[str, Target], page: str) -> str:
    """One raw-HTML block (no blank lines, so Markdown keeps it whole), kept out of the search index."""
    parts, keys = [], {}
    for n, q in enumerate(bank.model.questions, start=1):
        html, keys[q.id] = render_question(q, n, targets[q.id], page)
        parts.append(html)
    name = _attr(bank.name)
    data = json.dumps(keys, ensure_ascii=False).replace("</", "<\\/")
    return (
        f'<section class="quiz" data-quiz="{name}" data-quiz-hash="{bank.hash}" data-quiz-title="{_attr(bank.model.title)}"'
        f' aria-label="{_attr(bank.model.title)}" data-search-exclude>'
        f'<p class="quiz__intro">{len(parts)} 問あります。答えを選んで「答え合わせ」を押すと、解説と、その内容を学ぶ節へのリンクが出ます。'
        f'解答はこのブラウザーの中だけに保存されます。</p>'
        f'<p class="quiz__notice" role="status" hidden></p>'
        f'<p class="quiz__score" aria-live="polite"></p>'
        f'<ol class="quiz__list">{"".join(parts)}</ol>'
        f'<p><button type="button" class="md-button quiz__reset">このクイズの解答を消す</button></p>'
        f'<script type="application/json" class="quiz__key">{data}</script>'
        f"</section>\n"
    )


def question_catalogue(bank: Bank, targets: dict[str, Target]) -> list[dict]:
    """Number and topic (the section it teaches) of each question, in bank order: the export carries them,
    so the results notebook can name questions and group them by topic without the banks."""
    return [{"id": q.id, "number": n, "topic": targets[q.id].title} for n, q in enumerate(bank.model.questions, start=1)]


def render_progress(banks: dict[str, Bank], quiz_pages: dict[str, str], targets: dict[str, dict[str, Target]],
                    titles: dict[str, str], page: str) -> str:
    """The progress table: one row per quiz, in unit order; progress.js fills status and score from storage."""
    rows = []
    for name in sorted(quiz_pages, key=lambda n: quiz_pages[n]):
        bank, target_page = banks[name], quiz_pages[name]
        href = page_url(target_page, page) + "#quiz"
        catalogue = json.dumps(question_catalogue(bank, targets[name]), ensure_ascii=False)
        rows.append(
            f'<tr class="progress-row" data-quiz="{_attr(name)}" data-quiz-hash="{bank.hash}"'
            f' data-quiz-title="{_attr(bank.model.title)}" data-total="{len(bank.model.questions)}"'
            f' data-questions="{_attr(catalogue)}">'
            f'<th scope="row"><a href="{_attr(href)}">{escape(titles.get(target_page, bank.model.title))}</a></th>'
            f'<td class="progress-row__status">未着手</td><td class="progress-row__score">—</td>'
            f'<td class="progress-row__date">—</td></tr>')
    return (
        '<div class="progress" data-search-exclude>'
        '<p class="progress__notice" role="status" hidden></p>'
        '<table class="progress__table"><caption>ユニットごとの確認クイズの状況</caption>'
        '<thead><tr><th scope="col">ユニット</th><th scope="col">状況</th><th scope="col">得点</th>'
        '<th scope="col">最後に解いた日</th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table>'
        '<p class="progress__summary" aria-live="polite"></p>'
        '<div class="progress__actions">'
        '<label class="progress__name">名前またはニックネーム（任意。書き出すファイルに入ります）'
        '<input type="text" class="progress__name-input" autocomplete="off" maxlength="40"></label>'
        '<p><button type="button" class="md-button md-button--primary progress__export">結果をファイルに書き出す（JSON）</button> '
        '<button type="button" class="md-button progress__reset">すべての解答を消す</button></p>'
        '</div></div>\n'
    )

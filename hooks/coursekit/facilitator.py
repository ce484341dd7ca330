"""Printed material for facilitators and learners, generated from the same data as the pages: one-page unit
summaries, the case worksheets, the quiz answer keys, and the learner's completion record."""

from __future__ import annotations

import json
import posixpath
import re
from html import escape

from coursekit.cases import MITATE, Case
from coursekit.quiz_render import TYPE_LABELS, answer_html, link_to
from coursekit.quizzes import Bank, Target
from coursekit.units import Unit

MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
TEAM_ROWS = 6


def plain(markdown: str) -> str:
    """A printed sheet has no use for links: keep their text."""
    return MD_LINK.sub(r"\1", markdown)


def _items(tag: str, items) -> str:
    return f"<{tag}>" + "".join(f"<li>{escape(plain(i))}</li>" for i in items) + f"</{tag}>"


def render_handouts(units: list[Unit]) -> str:
    """HTML: one section per unit, each printed on its own A4 page."""
    parts = []
    for u in sorted(units, key=lambda u: u.number):
        n = u.number
        parts.append(
            f'<section class="handout" aria-labelledby="unit-{n}">'
            f'<h2 id="unit-{n}">ユニット {n}「{escape(u.title)}」</h2>'
            f'<p class="handout__meta">所要時間 約 {u.minutes} 分（読む {u.reading} 分・演習 {u.exercises} 分）'
            f"　コースのページ：{posixpath.splitext(u.path)[0]}.html</p>"
            f"<h3>学習目標</h3>{_items('ul', u.objectives)}"
            f"<h3>まとめ</h3>{_items('ul', u.keypoints)}"
            f"<h3>振り返りの問い</h3>{_items('ol', u.reflection)}"
            f"</section>\n"
        )
    return "".join(parts)


def _box(label: str, hint: str, lines: int = 4) -> str:
    return (f'<div class="sheet__field"><p class="sheet__label">{escape(label)}</p>'
            f'<p class="sheet__hint">{escape(hint)}</p><div class="sheet__space" style="--lines:{lines}"></div></div>')


def render_worksheets(case: Case) -> str:
    """HTML: the 見立て sheet and the plan sheet for group work on paper, from the case's data."""
    title = escape(case.model.title)
    mitate = "".join(_box(label, hint, 4) for _id, label, hint in MITATE)
    fields = []
    for f in case.plan.fields:
        if f.kind == "checklist":
            options = "".join(f"<li>□ {escape(o)}</li>" for o in f.options or [])
            fields.append(f'<div class="sheet__field"><p class="sheet__label">{escape(f.label)}</p>'
                          f'<p class="sheet__hint">{escape(f.help)}</p><ul class="sheet__checklist">{options}</ul></div>')
        elif f.kind == "team":
            rows = "".join('<tr><td></td><td></td></tr>' for _ in range(TEAM_ROWS))
            fields.append(f'<div class="sheet__field"><p class="sheet__label">{escape(f.label)}</p>'
                          f'<p class="sheet__hint">{escape(f.help)}</p><table class="sheet__team">'
                          f'<thead><tr><th scope="col">メンバー（人・機関）</th><th scope="col">役割</th></tr></thead>'
                          f'<tbody>{rows}</tbody></table></div>')
        else:
            fields.append(_box(f.label, f.help, 1 if f.kind == "text" else 3))
    name_line = '<p class="sheet__who">グループ・名前：</p>'
    return (
        f'<section class="sheet handout" id="mitate-sheet" aria-labelledby="mitate-sheet-title">'
        f'<h2 id="mitate-sheet-title">見立てシート：{title}</h2>{name_line}'
        f'<p>事例の概要と追加の情報を読み、ジェノグラムとエコマップを確かめてから、四つの視点で見立てを書きます。</p>'
        f'{mitate}</section>\n'
        f'<section class="sheet handout" id="plan-sheet" aria-labelledby="plan-sheet-title">'
        f'<h2 id="plan-sheet-title">支援計画シート：{title}</h2>{name_line}'
        f'<p>本人が望む生活から書き始めます。実在する方の情報は書かないでください。</p>'
        f'{"".join(fields)}</section>\n'
    )


def render_answer_keys(banks: dict[str, Bank], quiz_pages: dict[str, str], targets: dict[str, dict[str, Target]],
                       titles: dict[str, str], page: str) -> str:
    """HTML: for each quiz in unit order, every question with its right answer, explanation and section, straight
    from the bank (answer_html is what learners see after checking)."""
    parts = []
    for name in sorted(quiz_pages, key=lambda n: quiz_pages[n]):
        bank = banks[name]
        anchor = name  # unit-N: the session plans link here
        rows = []
        for n, q in enumerate(bank.model.questions, start=1):
            target = targets[name][q.id]
            rows.append(
                f'<tr class="key-row" data-qid="{escape(q.id)}"><th scope="row">問{n}</th>'
                f'<td>{escape(q.prompt)}<br><span class="key-row__type">（{TYPE_LABELS[q.type]}）</span></td>'
                f'<td class="key-row__answer">{answer_html(q)}</td>'
                f'<td>{escape(q.explanation)}</td>'
                f'<td><a href="{escape(link_to(target, page), quote=True)}">{escape(target.title)}</a></td></tr>')
        parts.append(
            f'<section class="answer-key handout" data-quiz="{escape(name)}" aria-labelledby="{anchor}">'
            f'<h2 id="{anchor}">{escape(titles.get(quiz_pages[name], bank.model.title))}</h2>'
            f'<table class="answer-key__table"><thead><tr><th scope="col">問</th><th scope="col">問題</th>'
            f'<th scope="col">正解</th><th scope="col">解説</th><th scope="col">学ぶ節</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></section>\n')
    return "".join(parts)


def render_record(banks: dict[str, Bank], quiz_pages: dict[str, str], titles: dict[str, str]) -> str:
    """The completion record; progress.js fills it from the answers saved in this browser."""
    quizzes = [{"quiz": name, "hash": banks[name].hash, "total": len(banks[name].model.questions),
                "title": titles.get(quiz_pages[name], banks[name].model.title)}
               for name in sorted(quiz_pages, key=lambda n: quiz_pages[n])]
    data = json.dumps(quizzes, ensure_ascii=False).replace("</", "<\\/")
    return (
        '<div class="record" data-search-exclude>'
        '<div class="record__form">'
        '<label class="record__name">修了記録に載せる名前'
        '<input type="text" class="record__name-input" autocomplete="name" maxlength="40"></label>'
        '<p><button type="button" class="md-button md-button--primary record__print">印刷する</button></p>'
        '<p class="record__notice" role="status" hidden></p></div>'
        '<article class="record__sheet" aria-labelledby="record-sheet-title">'
        '<h2 id="record-sheet-title">修了記録</h2>'
        '<dl class="record__facts"><dt>名前</dt><dd class="record__who">（名前が入力されていません）</dd>'
        '<dt>コース</dt><dd>にも包括 研修コース（精神障害にも対応した地域包括ケアシステム）</dd>'
        '<dt>作成日</dt><dd class="record__date"></dd></dl>'
        '<table class="record__table"><caption>修了したユニット</caption>'
        '<thead><tr><th scope="col">ユニット</th><th scope="col">修了日</th><th scope="col">確認クイズの得点</th></tr></thead>'
        '<tbody></tbody></table>'
        '<p class="record__empty" hidden>まだ修了したユニットはありません。ユニットの確認クイズを最後まで解くと、ここに載ります。</p>'
        '<p class="record__summary"></p>'
        '<p class="record__basis">この記録は、このブラウザーに保存された確認クイズの解答から作りました。'
        'ユニットの修了は、そのユニットの確認クイズをすべて解いたことを表します。修了日は、最後の問題を解いた日です。</p>'
        '</article>'
        f'<script type="application/json" class="record__data">{data}</script></div>\n'
    )

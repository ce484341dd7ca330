"""The case exercise (cases/<case>.yml and cases/<case>-plan.yml): load, cross-check, and render the
genogram and ecomap as inline SVG with a table of the same relations, the 見立て notes, the plan builder
and the self-check."""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from html import escape

from pydantic import TypeAdapter

from coursekit.models import PLAN_VALUE_TYPES, CaseModel, Family, PlanModel
from coursekit.problems import Problem
from coursekit.validation import read_data_file, validate, validate_part


@dataclass
class Case:
    path: str
    plan_path: str
    model: CaseModel
    plan: PlanModel
    plan_hash: str

    def nodes(self) -> dict[str, str]:
        return {**{p.id: p.label for p in self.model.people}, **{a.id: a.label for a in self.model.agencies}}

    @property
    def self_id(self) -> str:
        return next(p.id for p in self.model.people if p.self)


def load_case(path: str, raw: bytes, plan_path: str, plan_raw: bytes) -> tuple[Case | None, list[Problem]]:
    data, problems = read_data_file(path, raw)
    plan_data, plan_problems = read_data_file(plan_path, plan_raw)
    problems += plan_problems
    if problems:
        return None, problems
    model, problems = validate(CaseModel, path, data)
    plan, plan_problems = validate(PlanModel, plan_path, plan_data)
    problems += plan_problems
    if model is None or plan is None:
        return None, problems
    problems += check_case(path, data, model)
    plan_values, plan_problems = check_plan(plan_path, plan_data, plan, model)
    problems += plan_problems
    plan = plan.model_copy(update={"model": plan_values})
    plan_hash = hashlib.sha256(json.dumps([f.model_dump() for f in plan.fields], ensure_ascii=False).encode()).hexdigest()[:12]
    return (None if problems else Case(path, plan_path, model, plan, plan_hash)), problems


def check_case(path: str, doc, model: CaseModel) -> list[Problem]:
    problems, seen = [], {}

    def at(*loc):
        return doc.line(loc, first_line=1)

    for group in ("people", "agencies"):
        for i, node in enumerate(getattr(model, group)):
            if node.id in seen:
                problems.append(Problem(path, at(group, i, "id"), f"id「{node.id}」が {seen[node.id]} 行目と重複しています",
                                        "people と agencies を通して別の id にしてください (duplicate id)"))
            seen.setdefault(node.id, at(group, i, "id"))
    selves = [p.id for p in model.people if p.self]
    if len(selves) != 1:
        problems.append(Problem(path, at("people"), f"本人（self: true）が {len(selves)} 人います",
                                "本人の一人だけに self: true を付けてください (exactly one self)"))
    people = {p.id for p in model.people}

    def unknown(ids, loc, where):
        for name in ids:
            if name and name not in where:
                problems.append(Problem(path, at(*loc), f"「{name}」という人・機関はいません",
                                        "people か agencies にある id を書いてください (unknown node)"))

    for i, f in enumerate(model.families):
        if f.type == "partners":
            if not (f.a and f.b) or f.parents or f.child:
                problems.append(Problem(path, at("families", i), "partners には a と b だけを書きます", "例: {type: partners, a: x, b: y}"))
            unknown([f.a, f.b], ("families", i), people)
        else:
            if not f.child or not f.parents or not 1 <= len(f.parents) <= 2 or f.a or f.b:
                problems.append(Problem(path, at("families", i), "child には parents（1〜2 人）と child を書きます",
                                        "例: {type: child, parents: [x, y], child: z}"))
            unknown([f.child, *(f.parents or [])], ("families", i), people)
    for i, r in enumerate(model.relations):
        unknown([r.source, r.to], ("relations", i), seen)
    return problems


def check_plan(path: str, doc, plan: PlanModel, case: CaseModel) -> tuple[dict, list[Problem]]:
    """Problems of the plan against its case, and the model plan's values in the shape of their fields' kinds."""
    problems = []

    def at(*loc):
        return doc.line(loc, first_line=1)

    fields = {f.id: f for f in plan.fields}
    if plan.case != case.case:
        problems.append(Problem(path, at("case"), f"case「{plan.case}」が事例ファイルの「{case.case}」と違います",
                                "同じ名前にしてください (case mismatch)"))
    for i, f in enumerate(plan.fields):
        if (f.kind == "checklist") != bool(f.options):
            problems.append(Problem(path, at("fields", i), f"項目 {f.id}: options は checklist にだけ、必ず書きます",
                                    "kind と options を見直してください (options mismatch)"))
    for i, item in enumerate(plan.rubric):
        if item.field not in fields:
            problems.append(Problem(path, at("rubric", i, "field"), f"点検項目 {item.id}: 計画の項目「{item.field}」がありません",
                                    f"{'・'.join(fields)} のどれかにしてください (unknown plan field)"))
    nodes = {p.id for p in case.people} | {a.id for a in case.agencies}  # 本人 is part of the team too
    values = {}
    for key in plan.model:
        if key not in fields:
            problems.append(Problem(path, at("model", key), f"モデルプランの「{key}」は計画の項目にありません",
                                    "fields の id に合わせてください (unknown plan field)"))
            continue
        value, value_problems = validate_part(ADAPTERS[fields[key].kind], path, doc, ("model", key))
        problems += value_problems
        values[key] = value
        if fields[key].kind == "team" and value is not None:
            for j, member in enumerate(value):
                if member.member not in nodes:
                    problems.append(Problem(path, at("model", key, j), f"支援チームの「{member.member}」はエコマップにいません",
                                            "事例ファイルの agencies か people の id にしてください (unknown team member)"))
    return values, problems


ADAPTERS = {kind: TypeAdapter(value_type) for kind, value_type in PLAN_VALUE_TYPES.items()}


# ---------------------------------------------------------------- diagrams

LINE_STYLES = {
    "strong": ('stroke-width="4"', "強いつながり（太い線）"),
    "weak": ('stroke-width="1.5" stroke-dasharray="6 5"', "弱いつながり（点線）"),
    "stressful": ('stroke-width="2"', "ストレスのあるつながり（ぎざぎざの線）"),
    "none": ('stroke-width="1.5" stroke-dasharray="1 4"', "途絶えている（細い点線と ×）"),
}
SEX_WORDS = {"female": "女性", "male": "男性", "unknown": "性別の記載なし"}


def _label_lines(label: str) -> list[str]:
    """Short lines for a diagram: the name, then what follows a space or is in brackets."""
    if "（" in label:
        name, rest = label.split("（", 1)
        return [name, "（" + rest]
    if " " in label:
        return label.split(" ", 1)
    if len(label) > 10 and "・" in label:
        head, tail = label.split("・", 1)
        return [head + "・", tail]
    return [label]


def _text(x: float, y: float, label: str, size: int = 13) -> str:
    lines = _label_lines(label)
    spans = "".join(f'<tspan x="{x:.0f}" dy="{0 if i == 0 else size + 3}">{escape(line)}</tspan>' for i, line in enumerate(lines))
    return f'<text x="{x:.0f}" y="{y:.0f}" text-anchor="middle" font-size="{size}">{spans}</text>'


def render_genogram(case: Case) -> str:
    people = case.model.people
    rows: dict[int, list] = {}
    for p in people:
        rows.setdefault(p.generation, []).append(p)
    width = max(len(r) for r in rows.values()) * 190 + 40
    pos = {}
    for g, (_gen, row) in enumerate(sorted(rows.items())):
        step = width / (len(row) + 1)
        for i, p in enumerate(row):
            pos[p.id] = (step * (i + 1), 50 + g * 140)
    height = 50 + len(rows) * 140
    parts = []
    for f in case.model.families:
        if f.type == "partners":
            (x1, y1), (x2, y2) = pos[f.a], pos[f.b]
            parts.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="currentColor" stroke-width="2"/>')
    for f in case.model.families:
        if f.type == "child":
            xs = [pos[p][0] for p in f.parents]
            # From the partners' line, or from below a single parent's label.
            top = (sum(xs) / len(xs), pos[f.parents[0]][1] + (0 if len(xs) == 2 else 64))
            cx, cy = pos[f.child]
            mid = cy - 50
            parts.append(f'<polyline points="{top[0]:.0f},{top[1]:.0f} {top[0]:.0f},{mid} {cx:.0f},{mid} {cx:.0f},{cy - 22}"'
                         f' fill="none" stroke="currentColor" stroke-width="1.5"/>')
    for p in people:
        x, y = pos[p.id]
        double = p.self
        if p.sex == "male":
            shape = f'<rect x="{x - 20}" y="{y - 20}" width="40" height="40"'
            inner = f'<rect x="{x - 15}" y="{y - 15}" width="30" height="30"'
        elif p.sex == "female":
            shape = f'<circle cx="{x}" cy="{y}" r="20"'
            inner = f'<circle cx="{x}" cy="{y}" r="15"'
        else:
            shape = f'<polygon points="{x},{y - 22} {x + 22},{y} {x},{y + 22} {x - 22},{y}"'
            inner = f'<polygon points="{x},{y - 16} {x + 16},{y} {x},{y + 16} {x - 16},{y}"'
        parts.append(f'{shape} class="case-node" stroke="currentColor" stroke-width="2"/>')
        if double:
            parts.append(f'{inner} fill="none" stroke="currentColor" stroke-width="2"/>')
        parts.append(_text(x, y + 40, p.label))
    table = "".join(
        f"<tr><td>{escape(p.label)}</td><td>{SEX_WORDS[p.sex]}{'（本人）' if p.self else ''}</td><td>{p.generation}</td>"
        f"<td>{escape(p.note or '')}</td></tr>" for p in people)
    family_rows = "".join(
        f"<tr><td>{escape(_family_text(case, f))}</td></tr>" for f in case.model.families)
    return (
        f'<figure class="case-figure"><svg class="case-svg" viewBox="0 0 {width:.0f} {height}" role="img"'
        f' aria-labelledby="genogram-caption" xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>'
        f'<figcaption id="genogram-caption">図：ジェノグラム（家族の図）。□ は男性、○ は女性、◇ は性別の記載なし、二重の記号が本人です。'
        f'同じ内容を下の表にも示します。</figcaption></figure>'
        f'<table><caption>ジェノグラムの人物</caption><thead><tr><th scope="col">人物</th><th scope="col">記号</th>'
        f'<th scope="col">世代</th><th scope="col">補足</th></tr></thead><tbody>{table}</tbody></table>'
        f'<table><caption>家族の関係</caption><thead><tr><th scope="col">関係</th></tr></thead>'
        f'<tbody>{family_rows}</tbody></table>'
    )


def _family_text(case: Case, f: Family) -> str:
    nodes = case.nodes()
    if f.type == "partners":
        return f"{nodes[f.a]} と {nodes[f.b]} は夫婦・パートナー"
    return f"{nodes[f.child]} は {'と'.join(nodes[p] for p in f.parents)} の子"


def _zigzag(x1, y1, x2, y2) -> str:
    length = math.hypot(x2 - x1, y2 - y1)
    n = max(4, int(length / 14))
    dx, dy = (x2 - x1) / n, (y2 - y1) / n
    nx, ny = -dy / math.hypot(dx, dy) * 5, dx / math.hypot(dx, dy) * 5
    points = [f"{x1 + dx * i + (nx if i % 2 else -nx) * (0 < i < n):.0f},{y1 + dy * i + (ny if i % 2 else -ny) * (0 < i < n):.0f}"
              for i in range(n + 1)]
    return " ".join(points)


def render_ecomap(case: Case) -> str:
    center = case.self_id
    others = [n for n in dict.fromkeys([r.to if r.source == center else r.source for r in case.model.relations]
                                       + [r.to for r in case.model.relations if r.source != center]) if n != center]
    nodes = case.nodes()
    cx, cy, rx, ry = 720, 440, 600, 370
    pos = {center: (cx, cy)}
    for i, n in enumerate(others):
        # Half a step off the vertical, so that no two boxes meet at the top or the bottom.
        angle = -math.pi / 2 + 2 * math.pi * (i + 0.5) / max(1, len(others))
        pos[n] = (cx + rx * math.cos(angle), cy + ry * math.sin(angle))
    lines = []
    for r in case.model.relations:
        (x1, y1), (x2, y2) = pos[r.source], pos[r.to]
        style, _words = LINE_STYLES[r.type]
        if r.type == "stressful":
            lines.append(f'<polyline points="{_zigzag(x1, y1, x2, y2)}" fill="none" stroke="currentColor" {style}/>')
        else:
            lines.append(f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" stroke="currentColor" {style}/>')
        if r.type == "none":
            mx, my = (x1 + x2) / 2, (y1 + y2) / 2
            lines.append(f'<text x="{mx:.0f}" y="{my + 6:.0f}" text-anchor="middle" font-size="18">×</text>')
    boxes = []
    for n, (x, y) in pos.items():
        is_center = n == center
        two_lines = len(_label_lines(nodes[n])) > 1
        boxes.append(f'<rect x="{x - 105:.0f}" y="{y - 34:.0f}" width="210" height="68" rx="{34 if is_center else 8}"'
                     f' class="case-node" stroke="currentColor" stroke-width="{3 if is_center else 1.5}"/>')
        boxes.append(_text(x, y - 5 if two_lines else y + 7, nodes[n], size=20))
    def sample(kind):
        style = LINE_STYLES[kind][0]
        if kind == "stressful":
            return f'<polyline points="{_zigzag(2, 7, 58, 7)}" fill="none" stroke="currentColor" {style}/>'
        return f'<line x1="2" y1="7" x2="58" y2="7" stroke="currentColor" {style}/>'

    legend = "".join(f'<li><svg width="60" height="14" aria-hidden="true">{sample(t)}</svg> {LINE_STYLES[t][1]}</li>'
                     for t in ("strong", "weak", "stressful", "none"))
    type_words = {t: w.split("（")[0] for t, (_s, w) in LINE_STYLES.items()}
    rows = "".join(
        f"<tr><td>{escape(nodes[r.source])}</td><td>{escape(nodes[r.to])}</td><td>{type_words[r.type]}</td><td>{escape(r.basis)}</td></tr>"
        for r in case.model.relations)
    return (
        f'<figure class="case-figure"><svg class="case-svg" viewBox="0 0 1440 880" role="img" aria-labelledby="ecomap-caption"'
        f' xmlns="http://www.w3.org/2000/svg">{"".join(lines)}{"".join(boxes)}</svg>'
        f'<figcaption id="ecomap-caption">図：エコマップ（本人と、まわりの人・機関とのつながり）。線の種類は下の凡例のとおりです。'
        f'同じ内容と、そう読み取った根拠を下の表に示します。</figcaption></figure>'
        f'<ul class="case-legend">{legend}</ul>'
        f'<table><caption>エコマップのつながり</caption><thead><tr><th scope="col">から</th><th scope="col">へ</th>'
        f'<th scope="col">つながり</th><th scope="col">事例の根拠</th></tr></thead><tbody>{rows}</tbody></table>'
    )


def render_diagrams(case: Case) -> str:
    return ('<div class="case-diagrams">'
            f'<h3 id="genogram">ジェノグラム</h3>{render_genogram(case)}'
            f'<h3 id="ecomap">エコマップ</h3>{render_ecomap(case)}</div>\n')


# ---------------------------------------------------------------- learner tools (made live by case.js)

MITATE = [
    ("shippeisei", "疾病性", "病気や症状の面から、どう見えますか。"),
    ("jireisei", "事例性", "暮らしや周りの人との関係の中で、何が起きていますか。"),
    ("kinkyusei", "緊急性", "どのくらい急ぐ必要がありますか。その理由は。"),
    ("sokuosei", "即応性", "保健師として、いま・すぐにできることは何ですか。"),
]


def render_mitate(case: Case) -> str:
    fields = "".join(
        f'<div class="case-field"><label for="mitate-{fid}">{label}</label>'
        f'<p class="case-field__help" id="mitate-{fid}-help">{escape(hint)}</p>'
        f'<textarea id="mitate-{fid}" name="{fid}" rows="4" aria-describedby="mitate-{fid}-help"></textarea></div>'
        for fid, label, hint in MITATE)
    return (f'<form class="case-tool case-mitate" data-case="{case.model.case}" data-store="mitate" data-search-exclude>'
            f'{fields}<p class="case-tool__status" role="status" aria-live="polite"></p></form>\n')


def render_plan_builder(case: Case) -> str:
    members = ([(p.id, f"本人：{p.label}" if p.self else p.label) for p in case.model.people]
               + [(a.id, a.label) for a in case.model.agencies])
    options = '<option value="">選んでください</option>' + "".join(f'<option value="{i}">{escape(label)}</option>' for i, label in members)
    parts = []
    for f in case.plan.fields:
        fid = f"plan-{f.id}"
        help_id = f"{fid}-help"
        label = escape(f.label)
        help_text = f'<p class="case-field__help" id="{help_id}">{escape(f.help)}</p>'
        if f.kind in ("text", "textarea"):
            control = (f'<input type="text" id="{fid}" name="{f.id}" aria-describedby="{help_id}">' if f.kind == "text" else
                       f'<textarea id="{fid}" name="{f.id}" rows="4" aria-describedby="{help_id}"></textarea>')
            parts.append(f'<div class="case-field" data-field="{f.id}" data-kind="{f.kind}">'
                         f'<label for="{fid}">{label}</label>{help_text}{control}</div>')
        elif f.kind == "checklist":
            boxes = "".join(f'<label class="case-check"><input type="checkbox" name="{f.id}" value="{escape(o, quote=True)}">'
                            f' {escape(o)}</label>'
                            for o in f.options)
            parts.append(f'<fieldset class="case-field" id="{fid}" data-field="{f.id}" data-kind="checklist" aria-describedby="{help_id}">'
                         f'<legend>{label}</legend>{help_text}{boxes}</fieldset>')
        else:
            parts.append(
                f'<fieldset class="case-field" id="{fid}" data-field="{f.id}" data-kind="team" aria-describedby="{help_id}">'
                f'<legend>{label}</legend>{help_text}<ol class="case-team"></ol>'
                f'<template class="case-team__row"><li class="case-team__member">'
                f'<label>メンバー <select name="member">{options}</select></label>'
                f'<label>役割 <input type="text" name="role"></label>'
                f'<button type="button" class="md-button case-team__remove">この行を消す</button></li></template>'
                f'<button type="button" class="md-button case-team__add">メンバーを追加</button></fieldset>')
    data = json.dumps({"fields": [f.model_dump() for f in case.plan.fields], "members": dict(members), "hash": case.plan_hash,
                       "title": case.model.title}, ensure_ascii=False).replace("</", "<\\/")
    return (
        f'<form class="case-tool case-plan" data-case="{case.model.case}" data-store="plan" data-search-exclude>'
        f'<p class="case-tool__privacy">入力した内容は、このパソコンのこのブラウザーの中だけに、'
        f'打つたびに保存されます。どこにも送られません。</p>'
        f'{"".join(parts)}'
        f'<p class="case-tool__status" role="status" aria-live="polite"></p>'
        f'<div class="case-tool__actions">'
        f'<button type="button" class="md-button case-export-md">Markdown で書き出す</button> '
        f'<button type="button" class="md-button case-export-json">JSON で書き出す</button> '
        f'<label class="md-button case-import">JSON を読み込む'
        f'<input type="file" accept="application/json,.json" class="case-import__file"></label> '
        f'<button type="button" class="md-button case-print">印刷する</button> '
        f'<button type="button" class="md-button case-clear">入力した内容を消す</button></div>'
        f'<p class="case-tool__shared">共用のパソコンでは、終わったら書き出してから「入力した内容を消す」を押してください。</p>'
        f'<script type="application/json" class="case-plan__data">{data}</script></form>'
        f'<section class="case-print-view" aria-hidden="true"></section>\n'
    )


def render_plan_check(case: Case) -> str:
    fields = {f.id: f.label for f in case.plan.fields}
    items = "".join(
        f'<li class="case-rubric__item"><label><input type="checkbox" name="{r.id}"> {escape(r.text)}</label>'
        f'<p class="case-rubric__meta">計画の項目：<a href="#plan-{r.field}">{escape(fields[r.field])}</a>　ガイド：{escape(r.point)}</p>'
        f'<details><summary>なぜ大切か</summary><p>{escape(r.explanation)}</p></details></li>'
        for r in case.plan.rubric)
    model_parts = []
    members = dict(case.nodes())
    for f in case.plan.fields:
        value = case.plan.model.get(f.id)
        if value is None:
            continue
        if f.kind == "team":
            body = "<ul>" + "".join(f"<li>{escape(members[m.member])}：{escape(m.role)}</li>" for m in value) + "</ul>"
        elif isinstance(value, list):
            body = "<ul>" + "".join(f"<li>{escape(v)}</li>" for v in value) + "</ul>"
        else:
            body = "".join(f"<p>{escape(line)}</p>" for line in value.splitlines() if line.strip())
        model_parts.append(f"<h3>{escape(f.label)}</h3>{body}")
    return (
        f'<form class="case-tool case-check-tool" data-case="{case.model.case}" data-store="check" data-search-exclude>'
        f'<p>自分の計画を見ながら、当てはまるものに印を付けてください。</p><ol class="case-rubric">{items}</ol>'
        f'<p class="case-tool__status" role="status" aria-live="polite"></p>'
        f'<p><button type="button" class="md-button md-button--primary case-model__show">モデルプランを見る</button></p>'
        f'<div class="case-model" hidden><div class="admonition note"><p class="admonition-title">モデルプラン（一つの例）</p>'
        f'<p>このコースが書いた計画の一つの例です。正解は一つではありません。地域の資源や本人の意向によって、よい計画は変わります。</p>'
        f'{"".join(model_parts)}</div></div></form>\n'
    )

"""The case exercise (cases/<case>.yml and cases/<case>-plan.yml): load and cross-check the case and its plan
(render.py draws the genogram, the ecomap, the 見立て notes, the plan builder and the self-check)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from pydantic import TypeAdapter

from coursekit.models import PLAN_VALUE_TYPES, CaseModel, PlanModel
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

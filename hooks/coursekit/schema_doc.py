"""What the editors' format reference says of each model (render.reference draws the tables), and a JSON Schema per
format, both from the pydantic models the build validates with, so that neither can drift from what the build accepts."""

from __future__ import annotations

import json
import types
import typing

from pydantic import BaseModel
from pydantic.fields import FieldInfo

LIMIT_WORDS = {"min_length": "{} 個（字）以上", "max_length": "{} 個まで", "ge": "{} 以上", "le": "{} 以下", "pattern": "書式 `{}`"}


def type_name(annotation) -> str:
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin is typing.Annotated:
        return type_name(args[0])
    if origin is typing.Literal:
        return " / ".join(f"`{a}`" for a in typing.get_args(annotation))
    if origin in (typing.Union, types.UnionType):
        return " / ".join(type_name(a) for a in args)
    if origin is list:
        return f"{type_name(args[0])}のリスト"
    if origin is dict:
        return "項目の id ごとの値"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    return {str: "文字", int: "整数", bool: "`true` / `false`"}.get(annotation, str(annotation))


def _metadata(info: FieldInfo) -> list:
    """The field's constraints, with those of a shared type such as `Text` or `Id` (kept inside its annotation)."""
    found = list(info.metadata)
    if typing.get_origin(info.annotation) is typing.Annotated:
        found += typing.get_args(info.annotation)[1:]
    return found


def limits(info: FieldInfo) -> str:
    found = {}
    for meta in _metadata(info):
        for name in LIMIT_WORDS:
            if getattr(meta, name, None) is not None:
                found[name] = getattr(meta, name)
    if found.get("min_length") == 1 and "max_length" not in found:
        found.pop("min_length")
        return "、".join(["空にしない"] + [LIMIT_WORDS[k].format(v) for k, v in found.items()])
    return "、".join(LIMIT_WORDS[k].format(v) for k, v in found.items())


def rows(model: type[BaseModel]) -> list[dict]:
    """One row per key, in declared order; type and description hold a little Markdown (`code`, [links](#anchor))."""
    out = []
    for name, info in model.model_fields.items():
        extra = limits(info)
        out.append({"key": info.alias or name, "required": info.is_required(), "type": type_name(info.annotation),
                    "description": (info.description or "") + (f"（{extra}）" if extra else "")})
    return out


def models_in(root: type[BaseModel]) -> list[type[BaseModel]]:
    """`root` and every model reachable from its fields, in the order they are first met."""
    found, todo = [], [root]
    while todo:
        model = todo.pop(0)
        if model in found:
            continue
        found.append(model)
        for info in model.model_fields.values():
            todo += [t for t in _types(info.annotation) if isinstance(t, type) and issubclass(t, BaseModel)]
    return found


def _types(annotation):
    yield annotation
    for arg in typing.get_args(annotation):
        yield from _types(arg)


def json_schema(name: str, model: type[BaseModel]) -> str:
    """The JSON Schema an editor's YAML editor reads (e.g. VS Code's YAML extension), as committed text."""
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              **model.model_json_schema(by_alias=True), "title": f"にも包括コース: {name}"}
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"

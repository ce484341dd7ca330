"""Reference tables of the editors' file formats, generated from the pydantic models the build validates
with, so that the documentation cannot drift from what the build accepts."""

from __future__ import annotations

import types
import typing

from pydantic import BaseModel


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
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    return {str: "文字", int: "整数", bool: "`true` / `false`"}.get(annotation, str(annotation))


def limits(field) -> str:
    found = {}
    for m in field.metadata:
        for name in ("min_length", "max_length", "ge", "le", "pattern"):
            if getattr(m, name, None) is not None:
                found[name] = getattr(m, name)
    words = {"min_length": "{} 個（字）以上", "max_length": "{} 個まで", "ge": "{} 以上", "le": "{} 以下", "pattern": "書式 `{}`"}
    if found.get("min_length") == 1 and "max_length" not in found:
        found.pop("min_length")
        return "、".join(["空にしない"] + [words[k].format(v) for k, v in found.items()])
    return "、".join(words[k].format(v) for k, v in found.items())


def model_table(model: type[BaseModel]) -> str:
    rows = [f"### {model.__name__} {{#{model.__name__.lower()}}}", "", "| キー | 必須 | 値 | 説明 |", "|---|---|---|---|"]
    for name, field in model.model_fields.items():
        description = field.description or ""
        extra = limits(field)
        rows.append(f"| `{name}` | {'はい' if field.is_required() else 'いいえ'} | {type_name(field.annotation)} "
                    f"| {description}{'（' + extra + '）' if extra else ''} |")
    return "\n".join(rows) + "\n"


def models_in(root: type[BaseModel]) -> list[type[BaseModel]]:
    """`root` and every model reachable from its fields, in the order they are first met."""
    found, todo = [], [root]
    while todo:
        model = todo.pop(0)
        if model in found:
            continue
        found.append(model)
        for field in model.model_fields.values():
            todo += [t for t in _types(field.annotation) if isinstance(t, type) and issubclass(t, BaseModel)]
    return found


def _types(annotation):
    yield annotation
    for arg in typing.get_args(annotation):
        yield from _types(arg)


def reference(root: type[BaseModel]) -> str:
    return "\n".join(model_table(m) for m in models_in(root))

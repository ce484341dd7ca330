"""Reference tables of the editors' file formats, generated from the models the build validates with, so that
the documentation cannot drift from what the build accepts."""

from __future__ import annotations

import re
import types
import typing
from html import escape

from coursekit.schema import Model, Spec


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
    if isinstance(annotation, type) and issubclass(annotation, Model):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    return {str: "文字", int: "整数", bool: "`true` / `false`"}.get(annotation, str(annotation))


def limits(spec: Spec) -> str:
    found = spec.limits()
    words = {"min_length": "{} 個（字）以上", "max_length": "{} 個まで", "ge": "{} 以上", "le": "{} 以下", "pattern": "書式 `{}`"}
    if found.get("min_length") == 1 and "max_length" not in found:
        found.pop("min_length")
        return "、".join(["空にしない"] + [words[k].format(v) for k, v in found.items()])
    return "、".join(words[k].format(v) for k, v in found.items())


CODE = re.compile(r"`([^`]+)`")
ANCHOR_LINK = re.compile(r"\[([^\]]+)\]\((#[\w-]+)\)")


def inline_html(text: str) -> str:
    """The little Markdown the tables use (`code` and [links](#anchor)) as HTML."""
    parts = CODE.split(text)  # odd parts were between backticks
    return "".join(f"<code>{escape(p)}</code>" if i % 2 else ANCHOR_LINK.sub(r'<a href="\2">\1</a>', escape(p))
                   for i, p in enumerate(parts))


def model_table(model: type[Model], place=lambda html: html) -> str:
    """A heading (Markdown, for the table of contents) and the table as HTML: Markdown would parse the tables
    cell by cell on every build, and they need nothing from it. `place(html)` returns what stands for the table
    in the Markdown (the build passes one that splices it in after Markdown)."""
    rows = []
    for spec in model.specs():
        extra = limits(spec)
        description = spec.field.description + (f"（{extra}）" if extra else "")
        rows.append(f"<tr><td><code>{escape(spec.key)}</code></td><td>{'はい' if spec.field.required else 'いいえ'}</td>"
                    f"<td>{inline_html(type_name(spec.annotation))}</td><td>{inline_html(description)}</td></tr>")
    return f"### {model.__name__} {{#{model.__name__.lower()}}}\n\n" + place(
            "<table>\n<thead><tr><th>キー</th><th>必須</th><th>値</th><th>説明</th></tr></thead>\n<tbody>\n"
            + "\n".join(rows) + "\n</tbody>\n</table>\n")


def models_in(root: type[Model]) -> list[type[Model]]:
    """`root` and every model reachable from its fields, in the order they are first met."""
    found, todo = [], [root]
    while todo:
        model = todo.pop(0)
        if model in found:
            continue
        found.append(model)
        for spec in model.specs():
            todo += [t for t in _types(spec.annotation) if isinstance(t, type) and issubclass(t, Model)]
    return found


def _types(annotation):
    yield annotation
    for arg in typing.get_args(annotation):
        yield from _types(arg)


def reference(root: type[Model], place=lambda html: html) -> str:
    return "\n".join(model_table(m, place) for m in models_in(root))

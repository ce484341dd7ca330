"""Turn pydantic validation errors into Japanese `file:line` problems."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coursekit.problems import Problem

# Types shared by the editors' file formats.
Text = Annotated[str, Field(min_length=1)]
Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]


class Strict(BaseModel):
    """Unknown keys are errors (a misspelt key must not pass silently); text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

# Japanese wording for the errors an editor is likely to make: (what is wrong, how to fix).
MESSAGES = {
    "missing": ("「{field}」がありません", "`{key}:` の行を追加してください (missing key)"),
    "extra_forbidden": ("「{field}」は使えないキーです", "綴りを確かめるか、行を消してください (unknown key)"),
    "too_short": ("「{field}」は {min_length} 個以上必要です（今は {actual_length} 個）",
                  "項目を足してください (too few items)"),
    "too_long": ("「{field}」は {max_length} 個までです（今は {actual_length} 個）",
                 "項目を減らしてください (too many items)"),
    "string_too_short": ("「{field}」が空です", "内容を書いてください (empty text)"),
    "string_type": ("「{field}」は文字列で書いてください", "値を文章で書いてください (expected text)"),
    "int_type": ("「{field}」は整数で書いてください", "例: `15` (expected a whole number)"),
    "int_parsing": ("「{field}」は整数で書いてください", "例: `15` (expected a whole number)"),
    "int_from_float": ("「{field}」は整数で書いてください", "小数点を外してください (expected a whole number)"),
    "greater_than_equal": ("「{field}」は {ge} 以上にしてください", "値を直してください (value too small)"),
    "less_than_equal": ("「{field}」は {le} 以下にしてください", "値を直してください (value too large)"),
    "list_type": ("「{field}」は箇条書きで書いてください", "各項目を `- ` で始まる行にしてください (expected a list)"),
    "dict_type": ("「{field}」は「キー: 値」の形で書いてください", "下の行を字下げして `key: 値` と書いてください (expected a mapping)"),
    "model_type": ("「{field}」は「キー: 値」の形で書いてください", "下の行を字下げして `key: 値` と書いてください (expected a mapping)"),
    "literal_error": ("「{field}」は {expected} のどれかです", "値を直してください (unknown value)"),
    "bool_type": ("「{field}」は true か false で書いてください", "値を直してください (expected true/false)"),
    "bool_parsing": ("「{field}」は true か false で書いてください", "値を直してください (expected true/false)"),
    "union_tag_invalid": ("type「{tag}」は知らない種類です", "使えるのは {expected_tags} です (unknown type)"),
    "union_tag_not_found": ("「type」がありません", "`type:` に問題の種類を書いてください (missing type)"),
    "string_pattern_mismatch": ("「{field}」に使えない文字があります", "英小文字・数字・ハイフンだけで書いてください (bad id)"),
}


def field_name(loc: tuple) -> str:
    """`objectives.2` style name; list indexes are shown 1-based as editors count them."""
    parts = [str(p + 1) if isinstance(p, int) else str(p) for p in loc]
    return ".".join(parts) or "(全体)"


def data_loc(doc, loc: tuple) -> tuple:
    """pydantic's loc without the parts that are not in the data (the tag of a discriminated union),
    keeping the last part, which names a missing key."""
    kept, node = [], doc.data
    for i, key in enumerate(loc):
        found = key in node if isinstance(node, dict) else isinstance(node, list) and isinstance(key, int) and key < len(node)
        if found:
            node = node[key]
        elif i < len(loc) - 1 and isinstance(key, str):
            continue
        kept.append(key)
    return tuple(kept)


def problems_from(err: ValidationError, path: str, doc, first_line: int, prefix: tuple = ()) -> list[Problem]:
    """One problem per pydantic error; `doc` is the yamlines.Doc the data came from."""
    problems = []
    for e in err.errors():
        loc = prefix + data_loc(doc, tuple(e["loc"]))
        name = field_name(loc)
        ctx = {k: v for k, v in (e.get("ctx") or {}).items()}
        if e["type"] in ("too_short", "too_long"):
            ctx.setdefault("actual_length", "?")
        what, fix = MESSAGES.get(e["type"], ("「{field}」: " + str(ctx.get("error", e["msg"])), "値を直してください"))
        try:
            what = what.format(field=name, key=loc[-1] if loc else "", **ctx)
            fix = fix.format(field=name, key=loc[-1] if loc else "", **ctx)
        except (KeyError, IndexError):
            what = f"「{name}」: {e['msg']}"
        # An unknown `type` is reported at its own line, not at the start of the question.
        where = loc[len(prefix):] + (("type",) if e["type"] == "union_tag_invalid" else ())
        problems.append(Problem(path, doc.line(where, first_line), what, fix))
    return problems


def validate(model_cls, path: str, doc):
    """(model, []) for a YAML data file's Doc that fits `model_cls`, else (None, its problems at file:line)."""
    try:
        return model_cls.model_validate(doc.data), []
    except ValidationError as err:
        return None, problems_from(err, path, doc, first_line=1)

"""Reading the editors' YAML and turning every mistake into `file:line: 何が誤りか — 直し方`.

One adapter for pydantic's errors (problems_from): each error becomes one problem at the line of the key or
item it names, worded for an editor in Japanese. Where YAML read a value as a number, date, time or true/false
and text was expected, the message says to put it in quotes (YAML 1.1 reads 13:30 as 810 and yes as true).
"""

from __future__ import annotations

import datetime

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from coursekit import yamlines
from coursekit.problems import Problem

# Japanese wording for pydantic's error types: (what is wrong, how to fix). {field} is the key path.
MESSAGES = {
    "missing": ("「{field}」がありません", "`{key}:` の行を追加してください (missing key)"),
    "extra_forbidden": ("「{field}」は使えないキーです", "綴りを確かめるか、行を消してください (unknown key)"),
    "too_short": ("「{field}」は {min_length} 個以上必要です（今は {actual_length} 個）", "項目を足してください (too few items)"),
    "too_long": ("「{field}」は {max_length} 個までです（今は {actual_length} 個）", "項目を減らしてください (too many items)"),
    "string_too_short": ("「{field}」が空です", "内容を書いてください (empty text)"),
    "string_too_long": ("「{field}」が長すぎます", "{max_length} 字までにしてください (text too long)"),
    "string_type": ("「{field}」は文字列で書いてください", "値を文章で書いてください (expected text)"),
    "int_type": ("「{field}」は整数で書いてください", "例: `15`（引用符なし） (expected a whole number)"),
    "int_parsing": ("「{field}」は整数で書いてください", "例: `15`（引用符なし） (expected a whole number)"),
    "int_from_float": ("「{field}」は整数で書いてください", "小数点を外してください (expected a whole number)"),
    "greater_than_equal": ("「{field}」は {ge} 以上にしてください", "値を直してください (value too small)"),
    "less_than_equal": ("「{field}」は {le} 以下にしてください", "値を直してください (value too large)"),
    "list_type": ("「{field}」は箇条書きで書いてください", "各項目を `- ` で始まる行にしてください (expected a list)"),
    "dict_type": ("「{field}」は「キー: 値」の形で書いてください", "下の行を字下げして `key: 値` と書いてください (expected a mapping)"),
    "model_type": ("「{field}」は「キー: 値」の形で書いてください", "下の行を字下げして `key: 値` と書いてください (expected a mapping)"),
    "model_attributes_type": ("「{field}」は「キー: 値」の形で書いてください",
                              "下の行を字下げして `key: 値` と書いてください (expected a mapping)"),
    "literal_error": ("「{field}」は {expected} のどれかです", "値を直してください (unknown value)"),
    "bool_type": ("「{field}」は true か false で書いてください", "値を直してください (expected true/false)"),
    "union_tag_invalid": ("type「{tag}」は知らない種類です", "使えるのは {expected_tags} です (unknown type)"),
    "union_tag_not_found": ("「{field}」に type がありません", "`type:` に問題の種類を書いてください (missing type)"),
    "string_pattern_mismatch": ("「{field}」に使えない文字があります", "{pattern_hint} (bad value)"),
    "value_error": ("「{field}」: {error}", "値を直してください (invalid value)"),
}
PATTERN_HINTS = {
    r"^[a-z0-9][a-z0-9-]*$": "英小文字・数字・ハイフンだけで書いてください",
    r"^https?://[^\s<>\"]+$": "http:// か https:// で始まる URL を書いてください",
}
YAML_READ_AS = [(bool, "true/false"), (int, "数"), (float, "数"), (datetime.datetime, "日時"), (datetime.date, "日付"),
                (type(None), "空（null）")]


def field_name(loc: tuple) -> str:
    """`objectives.2` style name; list indexes are shown 1-based as editors count them."""
    return ".".join(str(p + 1) if isinstance(p, int) else str(p) for p in loc) or "(全体)"


def data_loc(loc: tuple, data) -> tuple:
    """pydantic's location without the union labels it adds (a question's `single`): the path in the file."""
    out, here = [], data
    for part in loc:
        if isinstance(here, dict) and part in here or isinstance(here, list) and isinstance(part, int) and 0 <= part < len(here):
            here = here[part]
        elif isinstance(here, dict) and isinstance(part, str) and part == here.get("type"):
            continue  # the discriminated union's tag
        else:
            here = None
        out.append(part)
    return tuple(out)


def _message(e: dict, loc: tuple, doc: yamlines.Doc) -> tuple[str, str]:
    kind = e["type"]
    ctx = {k: str(v) for k, v in (e.get("ctx") or {}).items()}
    name = field_name(loc)
    key = loc[-1] if loc else ""
    if kind not in MESSAGES:  # a rule without Japanese wording yet: pydantic's own words, still at the right line
        return f"「{name}」の値が正しくありません: {e['msg']}", "編集者ガイドのファイルの書式を確かめてください (invalid value)"
    if kind == "string_type" and e.get("input") is None:
        return f"「{name}」が空です", "値を書いてください (empty value)"
    if kind == "string_type":
        source = doc.scalars.get(loc)
        read_as = next((word for cls, word in YAML_READ_AS if isinstance(e.get("input"), cls)), None)
        if source is not None and read_as:
            return (f"「{name}」の `{source}` を YAML が{read_as}として読みました。ここは文字列です",
                    f"`\"{source}\"` のように引用符で囲んでください (quote it: YAML read it as {type(e['input']).__name__})")
    if kind == "string_pattern_mismatch":
        ctx["pattern_hint"] = PATTERN_HINTS.get(ctx.get("pattern", ""), f"書式 {ctx.get('pattern', '')} に合わせてください")
    if kind in ("int_type", "bool_type") and isinstance(e.get("input"), str):
        what, fix = MESSAGES[kind]
        return what.format(field=name), f"引用符を外してください（今は文字列の「{e['input']}」） (not text)"
    what, fix = MESSAGES[kind]
    return what.format(field=name, key=key, **ctx), fix.format(field=name, key=key, **ctx)


def problems_from(errors: list[dict], path: str, doc: yamlines.Doc, first_line: int = 1, prefix: tuple = ()) -> list[Problem]:
    """One problem per pydantic error, at the line of what it names. `prefix`: where the validated value sits."""
    problems = []
    for e in errors:
        loc = prefix + data_loc(tuple(e["loc"]), _at(doc.data, prefix))
        what, fix = _message(e, loc, doc)
        where = loc + (("type",) if e["type"] == "union_tag_invalid" else ())  # an unknown type: at its own line
        problems.append(Problem(path, doc.line(where, first_line), what, fix))
    return problems


def _at(data, loc: tuple):
    for part in loc:
        data = data[part]
    return data


def validate(model_cls: type[BaseModel], path: str, doc: yamlines.Doc, first_line: int = 1):
    """(model, []) when the data fits `model_cls`, else (None, its problems at file:line)."""
    try:
        return model_cls.model_validate(doc.data), []
    except ValidationError as err:
        return None, problems_from(err.errors(), path, doc, first_line)


def validate_part(adapter: TypeAdapter, path: str, doc: yamlines.Doc, loc: tuple):
    """A value inside a file whose type depends on another field (a model plan's values): (value, problems)."""
    try:
        return adapter.validate_python(_at(doc.data, loc), strict=True), []
    except ValidationError as err:
        return None, problems_from(err.errors(), path, doc, prefix=loc)


def yaml_problem(path: str, err: Exception, first_line: int = 1) -> Problem:
    if isinstance(err, yamlines.TooComplex):
        return Problem(path, first_line - 1 + err.line, f"YAML が複雑すぎて読めません: {err.reason}",
                       "入れ子を浅くし、エイリアス（&名前・*名前）やマージ（<<）を使わずに値をそのまま書いてください (YAML too complex)")
    # The context mark is where an unclosed bracket or quote began, which is what the editor must fix.
    mark = getattr(err, "context_mark", None) or getattr(err, "problem_mark", None)
    line = first_line + mark.line if mark else first_line
    return Problem(path, line, f"YAML として読めません: {getattr(err, 'problem', None) or err}",
                   "字下げ・コロン（:）の後の空白・括弧や引用符の閉じ忘れを確かめてください (YAML syntax error)")


def load_yaml(path: str, text: str, first_line: int = 1) -> tuple[yamlines.Doc | None, list[Problem]]:
    """Text to a Doc, or the problems that stop it being read (syntax, too complex, a key written twice)."""
    try:
        doc = yamlines.load(text)
    except (yaml.YAMLError, yamlines.TooComplex) as err:
        return None, [yaml_problem(path, err, first_line)]
    dupes = [Problem(path, first_line + line, f"キー「{key}」が二度書かれています",
                     "どちらか一方を消してください（後のほうだけが使われてしまいます） (duplicate key)")
             for line, key in doc.duplicates]
    return (None, dupes) if dupes else (doc, [])


def decode(path: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    """UTF-8 text (a byte-order mark is dropped), or where the first byte that is not UTF-8 stands."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        return None, [Problem(path, raw[: err.start].count(b"\n") + 1,
                              "UTF-8 ではない文字があります（Shift_JIS などで保存されていませんか）",
                              "エディターで文字コードを UTF-8 にして保存し直してください (not UTF-8)")]


def read_data_file(path: str, raw: bytes) -> tuple[yamlines.Doc | None, list[Problem]]:
    """A YAML data file's Doc (a mapping), or the problems that stop it being read."""
    text, problems = decode(path, raw)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [Problem(path, 1, "ファイルが空です", "編集者ガイドの例の形で書くか、ファイルを消してください (empty file)")]
    doc, problems = load_yaml(path, text)
    if doc is not None and not isinstance(doc.data, dict):
        return None, [Problem(path, 1, "ファイルの形が「キー: 値」になっていません",
                              "編集者ガイドの例の形にしてください (expected a mapping)")]
    return doc, problems


def load_model(model_cls: type[BaseModel], path: str, raw: bytes):
    """(doc, model, problems): the first step of every data file's loader."""
    doc, problems = read_data_file(path, raw)
    if doc is None:
        return None, None, problems
    model, problems = validate(model_cls, path, doc)
    return doc, model, problems

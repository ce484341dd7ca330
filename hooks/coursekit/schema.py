"""The editors' YAML data files: declared as small model classes, checked with every problem reported in
Japanese at `file:line`.

A checker of our own rather than pydantic: the formats need only text, whole numbers, true/false, fixed
choices, lists, mappings and nested models, and importing pydantic and building its models took about 100 ms
of every build, a third of all the hooks added (issue 9). The error names, their order and what is accepted
("15" for 15, yes for true) follow pydantic's lax mode, which the formats were first written against, so
editors see the same messages; two are clearer: a question that is not a mapping, and a value that fits no
choice of a union (only the nearest choice's problems are reported, not every choice's)."""

from __future__ import annotations

import functools
import hashlib
import json
import re
import types
import typing
from dataclasses import dataclass
from typing import Annotated, Literal

from coursekit.frontmatter import load_yaml_file
from coursekit.problems import Problem

REQUIRED = object()
LIMITS = ("min_length", "max_length", "ge", "le", "pattern")


class Field:
    """A field's default, its description (for the format reference) and its limits. Also used inside
    `Annotated[...]` for limits shared by several fields."""

    def __init__(self, default=REQUIRED, *, default_factory=None, description: str = "", alias: str | None = None,
                 min_length: int | None = None, max_length: int | None = None, ge: int | None = None,
                 le: int | None = None, pattern: str | None = None, discriminator: str | None = None, check=None):
        self.default, self.default_factory = default, default_factory
        self.description, self.alias, self.discriminator = description, alias, discriminator
        self.min_length, self.max_length, self.ge, self.le, self.pattern = min_length, max_length, ge, le, pattern
        self.regex = re.compile(pattern) if pattern else None
        self.check = check  # a function that raises ValueError with the Japanese reason

    @property
    def required(self) -> bool:
        return self.default is REQUIRED and self.default_factory is None

    def limits(self) -> dict:
        return {name: getattr(self, name) for name in LIMITS if getattr(self, name) is not None}


# Types shared by the editors' file formats.
Text = Annotated[str, Field(min_length=1)]
Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]


@dataclass(frozen=True)
class Spec:
    """One field of a model, resolved: the key editors write, its type hint, its Field and its checker."""
    name: str
    key: str
    annotation: object
    field: Field
    check: typing.Callable

    def limits(self) -> dict:
        """The field's limits with those of a shared type it is declared with, such as `Text` or `Id`."""
        meta = typing.get_args(self.annotation)[1:] if typing.get_origin(self.annotation) is Annotated else ()
        return _merge(self.field, meta).limits()


@dataclass(frozen=True)
class Error:
    type: str  # pydantic's name for the error, e.g. "missing", "too_short"
    loc: tuple
    ctx: dict


class Model:
    """Declared like a dataclass: `name: type = Field(...)`. Unknown keys are errors (a misspelt key must not
    pass silently), and text is trimmed, unless a model sets `strip = False`."""

    strip = True

    @classmethod
    def specs(cls) -> list[Spec]:
        """The fields, base classes' first, resolved once per class."""
        if "_specs" not in cls.__dict__:
            hints = typing.get_type_hints(cls, include_extras=True)
            specs = []
            for name, annotation in hints.items():
                declared = getattr(cls, name, REQUIRED)
                field = declared if isinstance(declared, Field) else Field(declared)
                specs.append(Spec(name, field.alias or name, annotation, field, checker(annotation, field)))
            cls._specs = specs
        return cls._specs

    @classmethod
    def parse(cls, data, loc: tuple, errors: list):
        """A model from the data, or None with the problems appended to `errors`."""
        if not isinstance(data, dict):
            errors.append(Error("model_type", loc, {}))
            return None
        values, before = {}, len(errors)
        keys = set()
        for spec in cls.specs():
            keys.add(spec.key)
            key = spec.key if spec.key in data else spec.name if spec.name in data else None
            if key is None:
                if spec.field.required:
                    errors.append(Error("missing", loc + (spec.key,), {}))
                else:
                    values[spec.name] = spec.field.default_factory() if spec.field.default_factory else spec.field.default
                continue
            keys.add(key)
            values[spec.name] = spec.check(data[key], loc + (key,), errors, cls.strip)
        errors.extend(Error("extra_forbidden", loc + (key,), {}) for key in data if key not in keys)
        if len(errors) > before:
            return None
        model = object.__new__(cls)
        model.__dict__.update(values)
        return model

    def model_dump(self) -> dict:
        """The data as plain dicts and lists, every field in declared order (the content hashes use it)."""
        return {spec.name: _dump(getattr(self, spec.name)) for spec in self.specs()}

    def content_hash(self) -> str:
        """Changes whenever any value changes, not with the file's layout; learners' saved answers are tied to it."""
        canonical = json.dumps(self.model_dump(), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"


def _dump(value):
    if isinstance(value, Model):
        return value.model_dump()
    if isinstance(value, list):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    return value


def _merge(field: Field | None, meta: tuple) -> Field | None:
    """The limits of `Annotated[T, Field(...)]` with those of the field declared with it."""
    extra = [m for m in meta if isinstance(m, Field)]
    if not extra:
        return field
    merged = Field()
    for source in extra + ([field] if field else []):
        for name in LIMITS + ("discriminator", "check"):
            if getattr(source, name) is not None:
                setattr(merged, name, getattr(source, name))
    merged.regex = re.compile(merged.pattern) if merged.pattern else None
    return merged


def _quoted(values) -> str:
    """pydantic's way of listing allowed values: 'a', 'b' or 'c'."""
    items = [repr(v) for v in values]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


INT_TEXT = re.compile(r"\s*([-+]?\d+)(?:\.0*)?\s*")  # "15", " 15 " and "15.0" are read as 15, as pydantic did
BOOL_WORDS = {"0": False, "off": False, "f": False, "false": False, "n": False, "no": False,
              "1": True, "on": True, "t": True, "true": True, "y": True, "yes": True}


@functools.cache
def checker(annotation, field: Field | None):
    """A function `(value, loc, errors, strip) -> value` that converts `value` to `annotation` as pydantic's lax
    mode would, or returns None with the problems appended to `errors`. Made once per field and type."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        inner, *meta = typing.get_args(annotation)
        return checker(inner, _merge(field, tuple(meta)))
    if origin in (typing.Union, types.UnionType):
        return _union_checker(typing.get_args(annotation), field)
    if origin is Literal:
        allowed, expected = typing.get_args(annotation), _quoted(typing.get_args(annotation))

        def check_literal(value, loc, errors, strip):
            if value not in allowed:
                errors.append(Error("literal_error", loc, {"expected": expected}))
            return value
        return check_literal
    if origin is list:
        return functools.partial(_check_list, item=checker(typing.get_args(annotation)[0], None), field=field)
    if origin is dict:
        return functools.partial(_check_dict, item=checker(typing.get_args(annotation)[1], None))
    if isinstance(annotation, type) and issubclass(annotation, Model):
        return lambda value, loc, errors, strip: annotation.parse(value, loc, errors)
    return functools.partial({str: _check_str, int: _check_int, bool: _check_bool}[annotation], field=field)


def _union_checker(args, field):
    members = [m for m in args if m is not type(None)]
    if field is not None and field.discriminator:
        inner = _tagged_checker(members, field.discriminator)
    elif len(members) == 1:
        inner = checker(members[0], field)
    else:
        inner = functools.partial(_check_union, members=[(m, checker(m, field)) for m in members])
    if type(None) not in args:
        return inner
    return lambda value, loc, errors, strip: None if value is None else inner(value, loc, errors, strip)


def _check_union(value, loc, errors, strip, members):
    # The first member that fits. When none does, the problems of the nearest fit: among the members of the
    # value's shape (a list for a list), the one with the fewest; they say more to an editor than all members'.
    tried = []
    for member, check in members:
        found = []
        result = check(value, loc, found, strip)
        if not found:
            return result
        tried.append((member, found))
    same_shape = [found for member, found in tried if _shape(member) == _shape(type(value))] or [tried[0][1]]
    errors.extend(min(same_shape, key=len))
    return None


def _shape(annotation) -> str:
    origin = typing.get_origin(annotation) or annotation
    if origin is list:
        return "list"
    if origin is dict or (isinstance(origin, type) and issubclass(origin, Model)):
        return "mapping"
    return "scalar"


def _tagged_checker(members, tag_key):
    """A union told apart by one key (`type: single`), so that only that model's problems are reported."""
    by_tag = {typing.get_args(next(s.annotation for s in m.specs() if s.name == tag_key))[0]: m for m in members}
    expected_tags = ", ".join(repr(t) for t in by_tag)

    def check_tagged(value, loc, errors, strip):
        if not isinstance(value, dict):
            errors.append(Error("model_type", loc, {}))
            return None
        if tag_key not in value:
            errors.append(Error("union_tag_not_found", loc, {"discriminator": repr(tag_key)}))
            return None
        tag = value[tag_key]
        model = by_tag.get(tag) if isinstance(tag, str) else None
        if model is None:
            errors.append(Error("union_tag_invalid", loc, {"discriminator": repr(tag_key), "tag": str(tag),
                                                           "expected_tags": expected_tags}))
            return None
        return model.parse(value, loc, errors)
    return check_tagged


def _check_list(value, loc, errors, strip, item, field):
    if not isinstance(value, list):
        errors.append(Error("list_type", loc, {}))
        return None
    # As pydantic: a list that is too long is reported alone; one too short only when its items are right.
    if field is not None and field.max_length is not None and len(value) > field.max_length:
        errors.append(Error("too_long", loc, {"max_length": field.max_length, "actual_length": len(value)}))
        return None
    before = len(errors)
    items = [item(v, loc + (i,), errors, strip) for i, v in enumerate(value)]
    if len(errors) > before:
        return None
    if field is not None and field.min_length is not None and len(value) < field.min_length:
        errors.append(Error("too_short", loc, {"min_length": field.min_length, "actual_length": len(value)}))
        return None
    return _run_check(items, field, loc, errors)


def _check_dict(value, loc, errors, strip, item):
    if not isinstance(value, dict):
        errors.append(Error("dict_type", loc, {}))
        return None
    return {k: item(v, loc + (k,), errors, strip) for k, v in value.items()}


def _check_str(value, loc, errors, strip, field):
    if not isinstance(value, str):
        errors.append(Error("string_type", loc, {}))
        return None
    if strip:
        value = value.strip()
    if field is not None:
        if field.min_length is not None and len(value) < field.min_length:
            errors.append(Error("string_too_short", loc, {"min_length": field.min_length}))
            return None
        if field.regex is not None and not field.regex.search(value):
            errors.append(Error("string_pattern_mismatch", loc, {"pattern": field.pattern}))
            return None
    return _run_check(value, field, loc, errors)


def _check_int(value, loc, errors, strip, field):
    if isinstance(value, int):  # True and False too, as 1 and 0
        number = int(value)
    elif isinstance(value, float):
        if not value.is_integer():
            errors.append(Error("int_from_float", loc, {}))
            return None
        number = int(value)
    elif isinstance(value, str):
        digits = INT_TEXT.fullmatch(value)
        if digits is None:
            errors.append(Error("int_parsing", loc, {}))
            return None
        number = int(digits.group(1))
    else:
        errors.append(Error("int_type", loc, {}))
        return None
    if field is not None:
        if field.ge is not None and number < field.ge:
            errors.append(Error("greater_than_equal", loc, {"ge": field.ge}))
            return None
        if field.le is not None and number > field.le:
            errors.append(Error("less_than_equal", loc, {"le": field.le}))
            return None
    return number


def _check_bool(value, loc, errors, strip, field):
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in BOOL_WORDS:
        return BOOL_WORDS[value.strip().lower()]
    errors.append(Error("bool_parsing" if isinstance(value, (int, float, str)) else "bool_type", loc, {}))
    return None


def _run_check(value, field, loc, errors):
    """A field's own rule (e.g. no blank item in a list), after its type and limits are right."""
    if field is not None and field.check is not None:
        try:
            field.check(value)
        except ValueError as err:
            errors.append(Error("value_error", loc, {"error": err}))
            return None
    return value


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
    "value_error": ("「{field}」: {error}", "値を直してください"),
}


def field_name(loc: tuple) -> str:
    """`objectives.2` style name; list indexes are shown 1-based as editors count them."""
    parts = [str(p + 1) if isinstance(p, int) else str(p) for p in loc]
    return ".".join(parts) or "(全体)"


def problems_from(errors: list[Error], path: str, doc, first_line: int) -> list[Problem]:
    """One problem per error; `doc` is the yamlines.Doc the data came from."""
    problems = []
    for e in errors:
        name = field_name(e.loc)
        what, fix = MESSAGES[e.type]
        what = what.format(field=name, key=e.loc[-1] if e.loc else "", **e.ctx)
        fix = fix.format(field=name, key=e.loc[-1] if e.loc else "", **e.ctx)
        # An unknown `type` is reported at its own line, not at the start of the question.
        where = e.loc + (("type",) if e.type == "union_tag_invalid" else ())
        problems.append(Problem(path, doc.line(where, first_line), what, fix))
    return problems


def validate(model_cls: type[Model], path: str, doc, first_line: int = 1):
    """(model, []) for a YAML data file's Doc that fits `model_cls`, else (None, its problems at file:line)."""
    errors: list[Error] = []
    model = model_cls.parse(doc.data, (), errors)
    return (model, []) if model is not None else (None, problems_from(errors, path, doc, first_line))


def load_model(model_cls: type[Model], path: str, raw: bytes):
    """(doc, model, []) for a YAML data file's bytes that read and fit `model_cls`, else (doc or None, None, the
    problems at file:line): the first step of every data file's loader."""
    doc, problems = load_yaml_file(path, raw)
    if doc is None:
        return None, None, problems
    model, problems = validate(model_cls, path, doc)
    return doc, model, problems

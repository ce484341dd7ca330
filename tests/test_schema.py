"""The data-file checker (coursekit.schema): what it accepts, and each problem it reports, at file:line."""

from typing import Annotated, Literal

from coursekit import yamlines
from coursekit.schema import Field, Id, Model, Text, validate


class Member(Model):
    member: Id = Field(description="id")
    role: Text = Field(description="役割")


class Item(Model):
    kind: Literal["a", "b"] = Field(description="種類")
    tags: list[Text] = Field(min_length=2, max_length=3, description="札")
    note: str | None = Field(default=None, description="補足")


class Link(Model):
    source: Id = Field(alias="from", description="元")


class First(Model):
    type: Literal["first"] = Field(description="種類")
    count: int = Field(ge=1, le=9, description="数")


class Second(Model):
    type: Literal["second"] = Field(description="種類")
    done: bool = Field(description="済み")


class Root(Model):
    title: Text = Field(description="題")
    items: list[Item] = Field(default_factory=list, description="項目")
    parts: list[Annotated[First | Second, Field(discriminator="type")]] = Field(default_factory=list, description="部品")
    plan: dict[str, str | list[str] | list[Member]] = Field(default_factory=dict, description="計画")
    links: list[Link] = Field(default_factory=list, description="線")


def check(yaml_text: str):
    model, problems = validate(Root, "f.yml", yamlines.load(yaml_text.encode()))
    return model, [str(p).split(" — ")[0] for p in problems]


def test_a_good_file_gives_the_model_with_text_trimmed_and_defaults_filled():
    model, problems = check("title: '  題  '\nitems:\n  - kind: a\n    tags: [x, ' y ']\nparts:\n  - {type: first, count: '3'}\n"
                            "  - {type: second, done: yes}\nplan: {goal: 目標, team: [{member: hoken, role: 相談}]}\n"
                            "links: [{from: a-1}]\n")
    assert problems == []
    assert model.title == "題" and model.items[0].tags == ["x", "y"] and model.items[0].note is None
    assert model.parts[0].count == 3 and model.parts[1].done is True
    assert model.plan["team"][0].role == "相談" and model.links[0].source == "a-1"


def test_dump_lists_every_field_in_declared_order_because_content_hashes_use_it():
    model, _ = check("title: 題\nitems:\n  - kind: b\n    tags: [x, y]\n")
    assert list(model.model_dump()) == ["title", "items", "parts", "plan", "links"]
    assert model.model_dump()["items"] == [{"kind": "b", "tags": ["x", "y"], "note": None}]


def test_missing_and_unknown_keys_are_reported_at_their_lines():
    _model, problems = check("titel: 題\nitems:\n  - kind: a\n    tags: [x, y]\n    note: ok\n    colour: red\n")
    # Fields first, then the unknown keys, as pydantic did; the build sorts all problems by line.
    assert problems == ["f.yml:1: 「title」がありません", "f.yml:6: 「items.1.colour」は使えないキーです",
                        "f.yml:1: 「titel」は使えないキーです"]


def test_wrong_types_and_limits_each_get_a_japanese_problem():
    _model, problems = check("title: ''\nitems:\n  - kind: c\n    tags: x\n  - kind: a\n    tags: [x]\n"
                             "parts:\n  - {type: first, count: 1.5}\n  - {type: first, count: 10}\n  - {type: second, done: maybe}\n"
                             "links: [{from: A B}]\n")
    assert problems == [
        "f.yml:1: 「title」が空です",
        "f.yml:3: 「items.1.kind」は 'a' or 'b' のどれかです",
        "f.yml:4: 「items.1.tags」は箇条書きで書いてください",
        "f.yml:6: 「items.2.tags」は 2 個以上必要です（今は 1 個）",
        "f.yml:8: 「parts.1.count」は整数で書いてください",
        "f.yml:9: 「parts.2.count」は 9 以下にしてください",
        "f.yml:10: 「parts.3.done」は true か false で書いてください",
        "f.yml:11: 「links.1.from」に使えない文字があります",
    ]


def test_a_list_too_long_is_reported_alone_and_one_too_short_only_once_its_items_are_right():
    _model, problems = check("title: 題\nitems:\n  - kind: a\n    tags: ['', 1, x, y]\n  - kind: a\n    tags: ['']\n")
    assert problems == ["f.yml:4: 「items.1.tags」は 3 個までです（今は 4 個）", "f.yml:6: 「items.2.tags.1」が空です"]


def test_tagged_parts_report_a_missing_or_unknown_type_and_then_only_that_types_problems():
    _model, problems = check("title: 題\nparts:\n  - {count: 1}\n  - {type: third}\n  - just text\n  - {type: second}\n")
    assert problems == ["f.yml:3: 「type」がありません", "f.yml:4: type「third」は知らない種類です",
                        "f.yml:5: 「parts.3」は「キー: 値」の形で書いてください", "f.yml:6: 「parts.4.done」がありません"]


def test_a_value_that_fits_no_choice_of_a_union_gets_the_problems_of_the_nearest_choice():
    # A team written as a list of mappings is checked as members, not also as text and as a list of text.
    _model, problems = check("title: 題\nplan:\n  team:\n    - {member: hoken, role: 相談}\n    - {member: soudan}\n  goal: {a: 1}\n")
    assert problems == ["f.yml:5: 「plan.team.2.role」がありません", "f.yml:6: 「plan.goal」は文字列で書いてください"]


def test_a_fields_own_rule_runs_after_its_type_and_limits():
    def no_blank(items):
        if any(not i.strip() for i in items):
            raise ValueError("空の項目があります")

    class Notes(Model):
        strip = False
        lines: list[str] = Field(min_length=1, check=no_blank, description="行")

    model, problems = validate(Notes, "n.yml", yamlines.load(b"lines: ['  ', b]\n"))
    assert model is None and [str(p) for p in problems] == ["n.yml:1: 「lines」: 空の項目があります — 値を直してください"]
    model, _ = validate(Notes, "n.yml", yamlines.load(b"lines: [' a ']\n"))
    assert model.lines == [" a "]  # strip = False keeps the spaces

"""Format references are generated from the models the build validates with."""

from coursekit import quizzes, schema_doc
from coursekit.schema import Field, Model


class Child(Model):
    name: str = Field(min_length=1, description="名前")


class Parent(Model):
    count: int = Field(ge=0, description="数")
    children: list[Child] = Field(min_length=2, description="子")
    note: str | None = None


def test_table_lists_every_field_with_required_type_and_limits():
    text = schema_doc.reference(Parent)
    assert "| `count` | はい | 整数 | 数（0 以上） |" in text
    assert "| `children` | はい | [Child](#child)のリスト | 子（2 個（字）以上） |" in text
    assert "| `note` | いいえ | 文字 |" in text
    assert "### Child {#child}" in text and "| `name` | はい | 文字 | 名前（空にしない） |" in text


def test_quiz_reference_covers_every_question_type_and_key(site):
    text = schema_doc.reference(quizzes.BankModel)
    for model in ("Single", "Multiple", "TrueFalse", "Classify", "Order", "WrongParts", "ClassifyItem", "Segment"):
        assert f"### {model} " in text
    html = (site / "editors" / "formats.html").read_text(encoding="utf-8")
    for key in ("misconception", "correction", "categories", "differences", "objectives"):
        assert f"<code>{key}</code>" in html

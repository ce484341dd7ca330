"""Format references are generated from the models the build validates with."""

import json

from pydantic import Field

from coursekit import models, render, schema_doc
from coursekit.models import Data, Text


class Child(Data):
    name: Text = Field(description="名前")


class Parent(Data):
    count: int = Field(ge=0, description="数")
    children: list[Child] = Field(min_length=2, description="子")
    note: str | None = None


def test_table_lists_every_field_with_required_type_and_limits():
    text = render.reference(Parent)
    assert "<tr><td><code>count</code></td><td>はい</td><td>整数</td><td>数（0 以上）</td></tr>" in text
    assert ('<tr><td><code>children</code></td><td>はい</td><td><a href="#child">Child</a>のリスト</td>'
            "<td>子（2 個（字）以上）</td></tr>") in text
    assert "<tr><td><code>note</code></td><td>いいえ</td><td>文字</td><td></td></tr>" in text
    assert "### Child {#child}" in text
    assert "<tr><td><code>name</code></td><td>はい</td><td>文字</td><td>名前（空にしない）</td></tr>" in text


def test_quiz_reference_covers_every_question_type_and_key(site):
    text = render.reference(models.BankModel)
    for model in ("Single", "Multiple", "TrueFalse", "Classify", "Order", "WrongParts", "ClassifyItem", "Segment"):
        assert f"### {model} " in text
    html = (site / "editors" / "formats.html").read_text(encoding="utf-8")
    for key in ("misconception", "correction", "categories", "differences", "objectives"):
        assert f"<code>{key}</code>" in html


def test_each_format_has_a_committed_json_schema_that_matches_the_models():
    from conftest import ROOT

    for name, model in models.FORMATS.items():
        path = ROOT / "docs" / "editors" / "schemas" / f"{name}.schema.json"
        assert path.exists(), f"{path} is missing: run `make schemas`"
        assert path.read_text(encoding="utf-8") == schema_doc.json_schema(name, model), f"{path} is stale: run `make schemas`"
        assert json.loads(path.read_text(encoding="utf-8"))["additionalProperties"] is False

"""Writes docs/editors/schemas/NAME.schema.json for each data format, from the models the build validates with
(`make schemas`; a test fails when a committed schema is stale)."""

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from coursekit import models, schema_doc  # noqa: E402

for name, model in models.FORMATS.items():
    path = ROOT / "docs" / "editors" / "schemas" / f"{name}.schema.json"
    path.write_text(schema_doc.json_schema(name, model), encoding="utf-8")
    print(path.relative_to(ROOT))

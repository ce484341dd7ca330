"""scripts/bench.py's 10x copy of the course (the timing itself is never tested)."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts" / "bench.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def test_copy_renumbers_units_and_banks_and_drops_only_the_hooks(tmp_path):
    project = bench.copy_project(tmp_path, 2)
    unit = (project / "docs/modules/unit-9.md").read_text(encoding="utf-8")
    assert "\nunit: 9\n" in unit and "<!-- quiz: unit-9 -->" in unit
    bank = (project / "quizzes/unit-9.yml").read_text(encoding="utf-8")
    assert "quiz: unit-9\n" in bank and "- id: x9-u3-" in bank
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "- modules/unit-12.md" in config and not (project / "docs/modules/unit-13.md").exists()
    nohooks = (project / "nohooks.yml").read_text(encoding="utf-8")
    assert "hooks/course.py" not in nohooks and nohooks == config.replace("hooks:\n  - hooks/course.py\n", "")

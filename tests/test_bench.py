"""scripts/bench.py's copy of the course at more content, and what scripts/bench_search.py takes from it
(the timing itself is never tested)."""

from pathlib import Path

import bench
import bench_search

ROOT = Path(__file__).resolve().parent.parent


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


def test_the_search_bench_builds_the_same_copies_and_queries_every_glossary_term():
    assert bench_search.copy_project is bench.copy_project and bench_search.SCALE == bench.SCALE
    lines = [line for line in (ROOT / "includes/glossary.md").read_text(encoding="utf-8").splitlines() if line.strip()]
    terms = bench_search.glossary_terms()
    assert len(terms) == len(lines) > 50 and all(line.startswith(f"*[{t}]:") for t, line in zip(terms, lines, strict=True))


"""Check results kept between builds are reused only for the very same file and code, and never hide a problem."""

from conftest import copy_project, mkdocs_build
from coursekit.cache import ResultCache, code_version


def counting(result):
    calls = []

    def compute():
        calls.append(1)
        return result
    return compute, calls


def save_one(path, version: str, name: str, value) -> None:
    cache = ResultCache(str(path), version)
    cache.get("bank", name, b"x", lambda: value)
    cache.save()


def test_a_result_is_reused_for_the_same_path_and_bytes_only(tmp_path):
    path = tmp_path / "c" / "checked.pickle"
    first = ResultCache(str(path), "v1")
    compute, calls = counting(("bank", []))
    assert first.get("bank", "quizzes/a.yml", b"quiz: a", compute) == ("bank", [])
    first.save()
    again = ResultCache(str(path), "v1")
    assert again.get("bank", "quizzes/a.yml", b"quiz: a", compute) == ("bank", [])
    assert len(calls) == 1
    again.get("bank", "quizzes/a.yml", b"quiz: a ", compute)  # one byte more
    again.get("bank", "quizzes/b.yml", b"quiz: a", compute)  # another file
    again.get("unit", "quizzes/a.yml", b"quiz: a", compute)  # another check
    assert len(calls) == 4


def test_other_code_or_a_damaged_file_means_checking_again(tmp_path):
    path = tmp_path / "checked.pickle"
    save_one(path, "v1", "a", 1)
    compute, calls = counting(2)
    assert ResultCache(str(path), "v2").get("bank", "a", b"x", compute) == 2
    path.write_bytes(b"not a pickle")
    assert ResultCache(str(path), "v1").get("bank", "a", b"x", compute) == 2
    assert len(calls) == 2


def test_entries_not_asked_for_are_dropped_when_saved(tmp_path):
    path = tmp_path / "checked.pickle"
    save_one(path, "v1", "old", 1)
    save_one(path, "v1", "new", 2)
    assert list(ResultCache(str(path), "v1").old.values()) == [2]


def test_code_version_changes_with_the_checking_code(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n")
    before = code_version(str(tmp_path))
    (tmp_path / "a.py").write_text("x = 2\n")
    assert code_version(str(tmp_path)) != before


def rebuild_with_a_line_changed(tmp_path, relpath: str, old: str, new: str):
    """Builds, changes the first line `old` of `relpath` to `new` and builds again: (result, that line's number)."""
    project = copy_project(tmp_path / "project")
    assert mkdocs_build(project, tmp_path / "site").returncode == 0
    assert (project / ".cache" / "coursekit" / "checked.pickle").exists()
    path = project / relpath
    text = path.read_text(encoding="utf-8")
    line = text[:text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return mkdocs_build(project, tmp_path / "site"), line


def test_a_bank_broken_after_a_build_still_fails_the_next_build(tmp_path):
    result, line = rebuild_with_a_line_changed(tmp_path, "quizzes/unit-1.yml", "    answer: true\n", "    answer: maybe\n")
    assert result.returncode != 0
    assert f"quizzes/unit-1.yml:{line}: 「questions.2.answer」は true か false で書いてください" in result.stderr


def test_a_term_added_to_the_glossary_after_a_build_is_found_on_unchanged_pages(tmp_path):
    """Pages' scans depend on the glossary too: kept ones must not miss a new term and call it unused."""
    project = copy_project(tmp_path / "project")
    assert mkdocs_build(project, tmp_path / "site").returncode == 0
    glossary = project / "includes" / "glossary.md"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "*[保健師]: 地域で健康を支える専門職。\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "modules" / "unit-1.html").read_text(encoding="utf-8")
    assert '<abbr title="地域で健康を支える専門職。">保健師</abbr>' in page


def test_a_case_plan_broken_after_a_build_still_fails_the_next_build(tmp_path):
    """A case is kept with its plan file: a change to the plan alone must be checked again."""
    result, line = rebuild_with_a_line_changed(tmp_path, "cases/a-mi-plan.yml", "    kind: checklist\n", "    kind: dropdown\n")
    assert result.returncode != 0
    assert f"cases/a-mi-plan.yml:{line}:" in result.stderr

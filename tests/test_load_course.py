"""load_course on the real tree and on a tree with many editors' mistakes planted at once: every mistake gives one
message at its file and line, in Japanese with a fix, and no input gives a traceback or a hang."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, copy_project, mkdocs_build
from coursekit.load import load_course


def test_the_real_course_loads_without_problems():
    course = load_course(str(ROOT), with_dates=False)
    assert course.problems == []
    assert [u.number for u in course.units] == [1, 2, 3, 4, 5, 6]
    assert sorted(course.banks) == [f"unit-{n}" for n in range(1, 7)]
    assert set(course.quiz_pages.values()) == {f"modules/unit-{n}.md" for n in range(1, 7)}
    assert list(course.cases) == ["a-mi"] and course.chigai is not None
    assert sorted(course.sessions) == ["center-staff", "half-day", "intro-90"]
    assert len(course.terms) > 20 and all(course.usage[t.term] for t in course.terms)


def edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path, needle) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


BOMB = "l0: &l0 [x, x, x, x, x, x, x, x, x]\n" + "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 8))


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """A copy of the course with one mistake in each of many files, and where each should be reported."""
    root = copy_project(tmp_path_factory.mktemp("planted") / "project")
    expect = []  # (path, line, words the message must contain)

    bank = root / "quizzes/unit-1.yml"
    first_answer = next(line for line in bank.read_text(encoding="utf-8").splitlines()
                        if line.strip().startswith("answer:") and line.split("answer:")[1].strip() not in ("", "true", "false"))
    edit(bank, first_answer, first_answer.split("answer:")[0] + "answer: どの選択肢でもない答え")
    expect.append(("quizzes/unit-1.yml", line_of(bank, "どの選択肢でもない答え"), "選択肢にありません"))

    bank = root / "quizzes/unit-2.yml"
    first_ref = next(line for line in bank.read_text(encoding="utf-8").splitlines() if line.strip().startswith("ref:"))
    edit(bank, first_ref, first_ref.split("ref:")[0] + "ref: no-such-heading")
    expect.append(("quizzes/unit-2.yml", line_of(bank, "no-such-heading"), "no-such-heading"))

    bank = root / "quizzes/unit-3.yml"
    bank.write_bytes(bank.read_text(encoding="utf-8").encode("shift_jis", errors="replace"))
    expect.append(("quizzes/unit-3.yml", None, "UTF-8 ではない"))

    (root / "quizzes/unit-4.yml").write_text("quiz: unit-4\n" + BOMB, encoding="utf-8")
    expect.append(("quizzes/unit-4.yml", None, "値が多すぎます"))

    (root / "quizzes/unit-5.yml").write_text("quiz: unit-5\nquestions: &q [*q]\n", encoding="utf-8")
    expect.append(("quizzes/unit-5.yml", 2, "自分自身"))

    (root / "quizzes/unit-6.yml").write_text("quiz: unit-6\nquestions: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    expect.append(("quizzes/unit-6.yml", 2, "入れ子が深すぎます"))

    plan = root / "sessions/half-day.yml"
    edit(plan, 'start: "13:30"', "start: 13:30")
    expect.append(("sessions/half-day.yml", line_of(plan, "start: 13:30"), "`13:30` を YAML が数として読みました"))

    plan = root / "sessions/intro-90.yml"
    title = next(line for line in plan.read_text(encoding="utf-8").splitlines() if line.startswith("title:"))
    edit(plan, title, "title: 2024-04-01")
    expect.append(("sessions/intro-90.yml", line_of(plan, "title: 2024-04-01"), "日付として読みました"))

    (root / "cases/a-mi-plan.yml").unlink()
    expect.append(("cases/a-mi.yml", 1, "cases/a-mi-plan.yml がありません"))

    unit = root / "docs/modules/unit-1.md"
    reading = next(line for line in unit.read_text(encoding="utf-8").splitlines() if line.strip().startswith("reading:"))
    edit(unit, reading, reading.split("reading:")[0] + "reading: yes")
    expect.append(("docs/modules/unit-1.md", line_of(unit, "reading: yes"), "整数で書いてください"))

    unit = root / "docs/modules/unit-2.md"
    edit(unit, "\n## ", "\n[壊れたリンク](unit-9.md)\n\n## ")
    expect.append(("docs/modules/unit-2.md", line_of(unit, "[壊れたリンク]"), "unit-9.md"))

    edit(root / "includes/glossary.md", "\n", "\n*[どこにも出ない用語]: 説明。\n")
    expect.append(("includes/glossary.md", 2, "どこにも出ない用語"))

    home = root / "docs/index.md"
    edit(home, "\n## ", "\n<!-- quizz: unit-1 -->\n\n例：`<!-- quiz: unit-2 -->` と書きます。\n\n## ")
    expect.append(("docs/index.md", line_of(home, "<!-- quizz"), "知らない目印「quizz」"))

    (root / "sessions/extra.yaml").write_text("title: 拡張子の違うプラン\n", encoding="utf-8")
    expect.append(("sessions/extra.yaml", 1, "拡張子が .yml ではありません"))

    chigai = root / "quizzes/chigai-sagashi.yml"
    url = re.search(r"url: (\S+)", chigai.read_text(encoding="utf-8")).group(1)
    edit(chigai, f"url: {url}", "url: javascript:alert(1)")
    expect.append(("quizzes/chigai-sagashi.yml", line_of(chigai, "javascript:alert(1)"), "http:// か https://"))

    prepost = root / "quizzes/prepost.yml"
    edit(prepost, "post: u1-before-something-happens", "post: u1-joint-visit-steps")
    expect.append(("quizzes/prepost.yml", line_of(prepost, "post: u1-joint-visit-steps"), "二度使っています"))

    return root, expect


def assert_reported_once(problems, expect) -> None:
    """Each (path, line or None, words) of `expect` is one problem, and there is no other."""
    for path, line, words in expect:
        found = [p for p in problems if p.path == path and (line is None or p.line == line) and words in str(p)]
        assert len(found) == 1, (path, line, words, [str(p) for p in problems if p.path == path])
    assert len(problems) == len(expect), "\n".join(map(str, problems))


def test_every_planted_mistake_is_reported_once_at_its_line_and_nothing_else(planted):
    root, expect = planted
    problems = load_course(str(root), with_dates=False).problems
    assert_reported_once(problems, expect)
    for p in problems:
        assert " — " in str(p) and p.fix, p  # what is wrong — how to fix
        assert not p.path.startswith(("/", "docs/docs")) and str(root) not in str(p), p  # paths from the repo root
        assert not re.search(r"\[['\d]|\{'|<class|Traceback", str(p)), p  # no Python reprs


def test_the_build_of_the_planted_tree_stops_with_the_messages_and_no_traceback(planted, tmp_path):
    root, expect = planted
    result = mkdocs_build(root, tmp_path / "site")  # a hang would fail the run's timeout
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    for path, line, _words in expect:
        assert f"{path}:{line if line else ''}" in result.stderr, (path, line)


def test_a_page_in_shift_jis_stops_the_build_before_mkdocs_reads_it(tmp_path):
    root = copy_project(tmp_path / "project")
    page = root / "docs/references.md"
    page.write_bytes(page.read_text(encoding="utf-8").encode("shift_jis", errors="replace"))
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "docs/references.md:" in result.stderr and "UTF-8 ではない" in result.stderr


def test_a_quiz_marker_shown_in_code_does_not_take_the_quiz(tmp_path):
    root = copy_project(tmp_path / "project")
    edit(root / "docs/index.md", "\n## ", "\n例：`<!-- quiz: unit-2 -->`\n\n```\n<!-- quiz: unit-3 -->\n```\n\n## ")
    course = load_course(str(root), with_dates=False)
    assert course.problems == []
    assert course.quiz_pages["unit-2"] == "modules/unit-2.md" and course.quiz_pages["unit-3"] == "modules/unit-3.md"

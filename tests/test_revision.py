"""最終更新 dates: from git when there is history, nothing (and no failure) when there is not."""

import os
import subprocess

from conftest import copy_project, mkdocs_build
from coursekit import revision


def git(repo, *args, date="2026-03-05T10:00:00"):
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def test_newest_commit_date_per_file(tmp_path):
    git(tmp_path, "init", "-q")
    (tmp_path / "a.md").write_text("a")
    (tmp_path / "b.md").write_text("b")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "first", date="2026-03-05T10:00:00")
    (tmp_path / "a.md").write_text("a2")
    git(tmp_path, "commit", "-qam", "second", date="2026-11-24T09:00:00")
    assert revision.last_changed(str(tmp_path), ["."]) == {"a.md": "2026-11-24", "b.md": "2026-03-05"}


def test_no_git_means_no_dates_and_no_note(tmp_path):
    assert revision.last_changed(str(tmp_path / "not-a-repo"), ["docs"]) == {}
    assert revision.updated_note(["", ""]) == ""
    assert "2026年11月4日" in revision.updated_note(["2026-03-05", "2026-11-04"])


def test_a_copy_without_git_history_still_builds(tmp_path):
    project = copy_project(tmp_path / "project")  # no .git: like a tarball or the unzipped course
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "最終更新" not in (tmp_path / "site" / "modules" / "unit-1.html").read_text(encoding="utf-8")


def test_a_shallow_clone_builds_and_shows_dates(tmp_path):
    from conftest import ROOT

    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{ROOT}", str(tmp_path / "clone")], check=True)
    result = mkdocs_build(tmp_path / "clone", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "最終更新：" in (tmp_path / "site" / "modules" / "unit-1.html").read_text(encoding="utf-8")

"""The GitHub Actions workflow cannot run here, so check that it stays a thin mirror of the make targets."""

from pathlib import Path

import yaml

WORKFLOW = Path(__file__).resolve().parent.parent / ".github" / "workflows" / "site.yml"
ALLOWED_RUN = {"make test", "make dist", "make build", 'git config --global --add safe.directory "$GITHUB_WORKSPACE"'}


def load():
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def runs(job):
    return [step["run"] for step in job["steps"] if "run" in step]


def test_pull_requests_and_main_run_the_test_target_in_debian():
    flow = load()
    triggers = flow[True]  # PyYAML reads the key `on` as True
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    test = flow["jobs"]["test"]
    assert "make test" in runs(test)
    assert test["container"].startswith("python:3.11-bookworm")


def test_publishing_happens_only_from_main_after_the_tests_and_uses_the_build_target():
    publish = load()["jobs"]["publish"]
    assert publish["needs"] == "test"
    assert "refs/heads/main" in publish["if"] and "push" in publish["if"]
    assert runs(publish)[-1] == "make build"
    uses = [step.get("uses", "") for step in publish["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert any(u.startswith("actions/deploy-pages") for u in uses)


def test_every_command_is_a_make_target_so_local_and_ci_agree():
    for job in load()["jobs"].values():
        assert set(runs(job)) <= ALLOWED_RUN, runs(job)

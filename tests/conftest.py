"""Shared fixtures: the built site, a server for it on 127.0.0.1, and Debian's chromium with a network guard."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from chromium import CHROMIUM, launch, served  # scripts/chromium.py

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]
# Project files a build needs; copied when a test changes the sources.
PROJECT_PARTS = ["mkdocs.yml", "docs", "hooks", "includes", "overrides", "quizzes", "cases", "sessions", "CONTRIBUTING.md"]


def pytest_collection_modifyitems(items):
    """Every test that opens Chromium is marked `browser`, so that `make test-fast` (-m "not browser") skips them."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


def mkdocs_build(project: Path, site: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([*MKDOCS, "build", "--strict", "--site-dir", str(site)],
                          cwd=project, env=env, capture_output=True, text=True)


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, dest / part)
    return dest


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The course built once per test run, with --strict."""
    out = tmp_path_factory.mktemp("built") / "site"
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    return out


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


@pytest.fixture(scope="session")
def base_url(site) -> str:
    """The built site served on 127.0.0.1 (a free port)."""
    with served(site) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert os.access(CHROMIUM, os.X_OK), f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium"
    with sync_playwright() as p:
        browser = launch(p)
        yield browser
        browser.close()


@dataclass
class Visit:
    """A browser tab that records what a learner's browser would do: outside requests and console errors."""

    page: object
    allowed_prefix: str
    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


def open_tab(browser, allowed_prefix: str, **options) -> tuple[object, Visit]:
    """options: Playwright context options over the desktop default, e.g. **PHONE."""
    context = browser.new_context(**{"locale": "ja-JP", "viewport": {"width": 1280, "height": 900}, **options})
    page = context.new_page()
    visit = Visit(page, allowed_prefix)

    def guard(route):
        url = route.request.url
        if url.startswith((allowed_prefix, "data:", "blob:", "about:")):
            route.continue_()
        else:
            visit.external.append(url)
            route.abort()

    context.route("**/*", guard)
    page.on("console", lambda msg: visit.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: visit.errors.append(str(exc)))
    return context, visit


def tab_to(page, locator, limit=400):
    """Press Tab until `locator` has the focus, as a keyboard user would; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"could not reach {locator} with Tab")


@pytest.fixture
def tab(browser, base_url):
    """A fresh tab that may only reach the course's own server; everything else is blocked and recorded."""
    context, visit = open_tab(browser, base_url)
    yield visit
    context.close()


@pytest.fixture
def phone(browser, base_url):
    """Like `tab`, on a phone: 390 x 844 CSS pixels, a touch screen (page.tap), a mobile viewport."""
    context, visit = open_tab(browser, base_url, **PHONE)
    yield visit
    context.close()


# Transitions that end (not a spinner that runs forever), waited for: axe measures colours as they are drawn.
SETTLED = """() => Promise.all(document.getAnimations()
  .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
  .map(a => a.finished.catch(() => null)))"""


def axe(page, **options):
    """axe-core's results for the page once its transitions have ended: a button still fading in (Material's
    「ページトップへ戻る」 after a scroll) is not yet the colour it will have."""
    page.evaluate(SETTLED)
    return Axe().run(page, **options)

"""The offline zip: unzipped and opened from file:// in chromium with every network request blocked."""

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import open_tab
from test_search import search

ROOT = Path(__file__).resolve().parent.parent


def test_unzipped_course_works_from_file_with_the_network_blocked(site, browser, tmp_path):
    out = tmp_path / "nimo-course.zip"
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_dist.py"), str(site), str(out)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out) as zf:
        zf.extractall(tmp_path / "unzipped")
    folder = tmp_path / "unzipped" / "nimo-course"
    assert (folder / "はじめにお読みください.txt").exists()

    context, visit = open_tab(browser, "file://")  # anything that is not a local file is blocked and recorded
    page = visit.page
    page.goto((folder / "index.html").as_uri())
    page.locator("article a[href$='unit-2.html']").first.click()
    page.wait_for_load_state("load")
    assert page.locator("h1").first.inner_text().startswith("地域保健")
    quiz = page.locator("li.quiz-q[data-type='truefalse']").first
    quiz.locator("input").first.check()
    quiz.locator(".quiz-q__check").click()
    assert "正解" in quiz.locator(".quiz-q__verdict").inner_text()  # ✓ 正解 or ✗ 不正解: feedback works
    page.wait_for_timeout(1000)  # on file:// the search index loads when the dialog first opens
    results = search(page, "精神保健福祉センター")
    assert results and results[0][0].startswith("file://")
    page.goto((folder / "chigai-sagashi.html").as_uri())
    page.locator(".chigai__show-all").click()
    assert page.locator(".chigai-answer:not([hidden])").count() == 8
    assert visit.external == [], visit.external
    assert visit.errors == [], visit.errors
    context.close()

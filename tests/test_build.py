"""The course builds with --strict, and a broken link, anchor or outside asset stops the build."""

import re
from pathlib import Path

from conftest import copy_project, html_pages, mkdocs_build

EXPECTED_PAGES = [
    "index.html", "modules/unit-1.html", "modules/unit-2.html", "modules/unit-3.html", "modules/unit-4.html",
    "modules/unit-5.html", "modules/unit-6.html", "cases/index.html", "chigai-sagashi.html", "glossary.html",
    "references.html", "facilitator/index.html",
]


def test_every_course_page_is_built(site):
    assert set(EXPECTED_PAGES) <= set(html_pages(site))


def test_search_index_is_written_for_file_urls(site):
    # The offline plugin's script copy of the index is what makes search work when opened from file://.
    assert (site / "search" / "search_index.js").read_text(encoding="utf-8").startswith("var __index")


def broken_build(tmp_path, page: str, added: str):
    project = copy_project(tmp_path / "project")
    path = project / "docs" / page
    lines = path.read_text(encoding="utf-8").splitlines()
    lines += ["", added]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    return result, len(lines)


def test_link_to_missing_page_fails_with_file_and_line(tmp_path):
    result, line = broken_build(tmp_path, "cases/index.md", "[どこにもない](../modules/unit-99.md)")
    assert result.returncode != 0
    assert f"docs/cases/index.md:{line}: リンク先「../modules/unit-99.md」のファイルがありません" in result.stderr


def test_link_to_unknown_anchor_fails_with_file_and_line(tmp_path):
    result, line = broken_build(tmp_path, "cases/index.md", "[ない見出し](../modules/unit-1.md#no-such-heading)")
    assert result.returncode != 0
    assert f"docs/cases/index.md:{line}:" in result.stderr
    assert "見出し id「no-such-heading」がありません" in result.stderr


def test_external_image_fails_the_build(tmp_path):
    result, _line = broken_build(tmp_path, "cases/index.md", "![外部の画像](https://example.com/a.png)")
    assert result.returncode != 0
    assert "https://example.com/a.png" in result.stderr


def test_failed_build_still_writes_site_so_exit_code_is_what_counts(tmp_path):
    # MkDocs aborts strict builds after writing pages; CI must look at the exit code.
    result, _line = broken_build(tmp_path, "cases/index.md", "![外部の画像](https://example.com/a.png)")
    assert result.returncode != 0
    assert (tmp_path / "site" / "index.html").exists()



def test_home_lists_every_unit_with_its_time_from_front_matter(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    total = 0
    for n in range(1, 7):
        page = (site / "modules" / f"unit-{n}.html").read_text(encoding="utf-8")
        minutes = int(re.search(r"所要時間 約 (\d+) 分", page).group(1))
        total += minutes
        assert f'data-quiz="unit-{n}" data-minutes="{minutes}"><a class="unit-card__link" href="modules/unit-{n}.html">' in home
    assert f"全 6 ユニット・合計 約 {total} 分" in home


def test_unit_page_shows_header_objectives_and_numbered_title(site):
    page = (site / "modules" / "unit-3.html").read_text(encoding="utf-8")
    assert "<title>3. 市区町村の取り組み - " in page
    assert "ユニット 3</span>" in page and "所要時間 約 30 分" in page
    assert page.index('id="mokuhyo"') < page.index('id="matome"') < page.index('id="furikaeri"')


def test_glossary_and_format_tables_are_in_the_search_index(site):
    """They are spliced in after Markdown (which would parse their HTML tag by tag); search must still see them."""
    import json

    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = {}
    for d in index["docs"]:
        page = d["location"].split("#")[0]
        texts[page] = texts.get(page, "") + d["text"]
    assert "支援者の側から本人の生活の場へ出向く支援" in texts["glossary.html"]
    # the editors' pages are not for learners: out of search (and of the navigation)
    assert not [p for p in texts if p.startswith("editors/")]


def test_unit_pages_keep_their_tooltips_while_search_reads_their_text(site):
    """Search is given each page without its abbr tags (coursekit/glossary.without_tooltips); the page itself
    must get them back."""
    import json

    page = (site / "modules" / "unit-3.html").read_text(encoding="utf-8")
    assert page.count("<abbr title=") >= 20
    assert '<abbr title="住民に近い市区町村ならではの強み。' in page
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = "".join(d["text"] for d in index["docs"] if d["location"].startswith("modules/unit-3.html"))
    assert "ちいさな包括」と「即応性」の意味" in text


def test_quiz_answers_and_explanations_are_not_in_the_search_index(site):
    from coursekit import quizzes

    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    raw = (Path(__file__).resolve().parent.parent / "quizzes" / "unit-1.yml").read_bytes()
    bank, _ = quizzes.load_bank("quizzes/unit-1.yml", raw)
    for q in bank.model.questions:
        assert q.explanation[:20] not in index and q.misconception[:20] not in index
    page = (site / "modules" / "unit-1.html").read_text(encoding="utf-8")
    assert bank.model.questions[0].explanation[:20] in page  # it is on the page, revealed after an attempt

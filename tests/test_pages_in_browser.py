"""Every page, opened in Debian's chromium from 127.0.0.1: no outside request, no console error, no axe violation."""

import pytest

from conftest import axe, html_pages


def test_every_page_loads_offline_cleanly_and_passes_axe(site, base_url, tab):
    report = []
    pages = html_pages(site)  # the 404 page too
    assert len(pages) >= 12
    for path in pages:
        tab.external.clear()
        tab.errors.clear()
        response = tab.page.goto(base_url + path, wait_until="load")
        assert response.status == 200, path
        tab.page.wait_for_timeout(150)  # let Material's scripts finish their first paint
        result = axe(tab.page)
        if tab.external:
            report.append(f"{path}: outside requests {tab.external}")
        if tab.errors:
            report.append(f"{path}: console errors {tab.errors}")
        if result.violations_count:
            report.append(f"{path}: axe\n{result.generate_report()}")
    assert report == [], "\n".join(report)


@pytest.mark.parametrize("path", ["index.html", "modules/unit-1.html"])
def test_page_shows_its_japanese_title(base_url, tab, path):
    tab.page.goto(base_url + path)
    assert tab.page.locator("html").get_attribute("lang") == "ja"
    assert tab.page.locator("h1").first.inner_text().strip() != ""


def test_network_guard_records_and_blocks_outside_requests(base_url, tab):
    # Proves the guard used above can fail: a page that asks for an outside image gets it blocked and recorded.
    tab.page.goto(base_url + "index.html")
    tab.page.evaluate("() => { const i = new Image(); i.src = 'https://example.com/x.png'; document.body.append(i); }")
    tab.page.wait_for_timeout(300)
    assert any("example.com" in u for u in tab.external)


def test_axe_finds_a_planted_violation(base_url, tab):
    # Proves axe runs for real: an image with no alt text is a violation.
    tab.page.goto(base_url + "index.html")
    tab.page.evaluate("() => { const i = document.createElement('img'); i.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';"
                      " document.querySelector('article').append(i); }")
    assert axe(tab.page).violations_count >= 1

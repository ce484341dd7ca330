"""The built site opened straight from disk (file://), as in an office with no server: it renders and search works."""

from conftest import open_tab
from test_search import search


def test_site_opened_from_file_renders_and_searches(site, browser):
    context, visit = open_tab(browser, "file://")
    page = visit.page
    page.goto((site / "index.html").as_uri())
    assert page.locator("h1").first.inner_text().strip() != ""
    page.locator("article a[href$='unit-1.html']").first.click()  # the unit list on the home page
    page.wait_for_load_state("load")
    assert page.url.endswith("modules/unit-1.html")
    page.wait_for_timeout(1000)  # on file:// the search index loads when the dialog first opens
    results = search(page, "地域包括ケアシステム")
    assert results, "search found nothing when opened from file://"
    assert results[0][0].startswith("file://")
    assert visit.external == []
    assert visit.errors == []
    context.close()

"""Japanese search typed into Material's search box (the course's worker, hooks/coursekit/search_worker.js): each
golden query's top 3 results contain the term, the term is marked and never called missing where it stands."""

import json
import unicodedata
from urllib.parse import unquote, urljoin, urlsplit

import pytest

# Terms a nurse would look for, taken from the course; kanji compounds and kanji+kana mixes on purpose,
# since a stock Material build finds nothing for queries such as 「地域包括ケアシステム」. Hundreds more are
# generated from the content in tests/test_search_recall.py.
GOLDEN_QUERIES = [
    "地域包括ケアシステム", "にも包括", "規範的統合", "ご当地システム", "ソーシャルキャピタル",
    "メンタルヘルスリテラシー", "即応性", "ちいさな包括", "伴走支援", "重層的支援体制整備事業",
    "ピアサポーター", "パーソナル・リカバリー", "社会的リカバリー", "一次予防", "二次予防", "三次予防",
    "精神保健相談", "アウトリーチ", "居住支援", "精神保健福祉センター", "保健所", "精神科救急",
    "8050問題", "協議の場", "北広島市", "地域連携室", "こころの健康推進員", "多職種連携", "地域共生社会",
    "日常生活圏域", "フォーマルサービス", "ストレングス",
]


def normal(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


@pytest.fixture(scope="module")
def search_tab(browser, base_url):
    from conftest import open_tab

    context, visit = open_tab(browser, base_url)
    visit.page.goto(base_url + "index.html")
    yield visit
    context.close()


def search(page, query: str) -> list[list[str]]:
    """Type a query as a learner would; return the results in order, each a page with the sections it lists."""
    box = page.locator("input.md-search__input")
    box.click()
    # The results of the previous query are marked, so that only the new query's list is read.
    page.evaluate("() => document.querySelectorAll('li.md-search-result__item').forEach(li => li.dataset.stale = '')")
    box.fill(query)
    box.press("End")  # Material reacts to key events, not to fill() alone
    page.wait_for_function(
        """() => { const m = document.querySelector('.md-search-result__meta');
                   return m && !m.textContent.includes('初期化') && !m.textContent.includes('入力してください')
                     && !document.querySelector('li.md-search-result__item[data-stale]'); }""")
    page.wait_for_timeout(100)
    items = page.locator("li.md-search-result__item").evaluate_all(
        "items => items.map(li => [...li.querySelectorAll('a.md-search-result__link')].map(a => a.getAttribute('href')))")
    # Material adds ?h=<terms> for highlighting; the location is the page and its #section.
    return [[unquote(urlsplit(urljoin(page.url, h))._replace(query="").geturl()) for h in links] for links in items]


@pytest.fixture(scope="module")
def section_texts(site, base_url):
    """Each search result's location -> the title and text of that section, from the built search index."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return {unquote(urljoin(base_url, d["location"])): normal(d["title"] + d["text"]) for d in index["docs"]}


def test_golden_queries_find_the_term_in_the_top_three(search_tab, section_texts):
    misses = []
    for query in GOLDEN_QUERIES:
        results = search(search_tab.page, query)[:3]
        if not any(normal(query) in section_texts.get(link, "") for links in results for link in links):
            misses.append(f"{query}: top 3 = {results}")
    found = len(GOLDEN_QUERIES) - len(misses)
    print(f"golden queries: {found}/{len(GOLDEN_QUERIES)}")
    assert misses == [], "\n".join(misses)
    assert search_tab.external == []


def test_search_says_when_nothing_matches(search_tab):
    results = search(search_tab.page, "ズワイガニ")
    assert results == []
    assert "見つかりません" in search_tab.page.locator(".md-search-result__meta").inner_text()


def teasers(page) -> list[dict]:
    """The sections shown with a snippet, in order: their marked words and their 「検索に含まれない」 line."""
    return page.locator("li.md-search-result__item article").evaluate_all(
        """articles => articles.filter(a => a.querySelector('p, ul, ol, pre, mark')).map(a => ({
             marks: [...a.querySelectorAll('mark')].map(m => m.textContent),
             missing: a.querySelector('.md-search-result__terms')?.textContent ?? ''}))""")


def test_whole_term_is_marked_and_never_called_missing(search_tab):
    search(search_tab.page, "居住支援")
    first = teasers(search_tab.page)[0]
    assert "居住支援" in first["marks"]
    assert first["missing"] == ""


def test_latin_words_are_found(search_tab, section_texts):
    for query in ["8050", "ACT", "cocoro action"]:  # Latin letters match whatever their case
        results = search(search_tab.page, query)[:3]
        assert any(normal(query).lower() in section_texts.get(link, "").lower() for links in results for link in links), query


def test_a_term_found_only_in_parts_is_called_missing(search_tab, section_texts):
    # No page has 「支援居住」; pages with 支援 and 居住 are listed, and say the whole term is missing.
    assert not any("支援居住" in text for text in section_texts.values())
    assert search(search_tab.page, "支援居住")
    first = teasers(search_tab.page)[0]
    assert "支援居住" in first["missing"]
    assert all(any(part in mark for mark in first["marks"]) for part in ["支援", "居住"])


def test_opened_result_marks_the_term_on_the_page(tab, base_url):
    tab.page.goto(base_url + "index.html")
    search(tab.page, "居住支援")
    href = tab.page.locator("li.md-search-result__item a.md-search-result__link").first.get_attribute("href")
    assert "h=" in href  # Material passes the found terms to the page it opens
    tab.page.goto(urljoin(tab.page.url, href))
    tab.page.locator("article mark[data-md-highlight]").first.wait_for()  # Material marks the page after it loads
    marks = tab.page.locator("article mark[data-md-highlight]").all_inner_texts()
    assert "居住支援" in marks
    assert tab.external == [] and tab.errors == []

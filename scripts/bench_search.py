"""Search in Chromium, on the course built at 1x and 10x content: prints figures with their budgets beside them,
judges nothing (`make bench` runs it after scripts/bench.py; `--quick`: 1 sample of the file:// figure).

- The search index, gzipped.
- The median and slowest time of a query in the site's search worker, over every glossary term (site on 127.0.0.1).
- On file://, the time from opening a unit page to the first results of a search typed at once.
"""

import gzip
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import ROOT, SCALE, build, copy_project
from chromium import launch, served
from playwright.sync_api import sync_playwright

QUERY_BUDGET_MS, FIRST_SEARCH_BUDGET_S = 50, 1.0

# Times each query's round trip to the search worker, as the search box sends it (after one untimed warm-up pass).
TIME_QUERIES = """async (queries) => {
  const config = JSON.parse(document.getElementById("__config").textContent)
  const index = await (await fetch(new URL("search/search_index.json", new URL(config.base + "/", location.href)))).json()
  const worker = new Worker(new URL(config.search, location.href))
  const ask = message => new Promise(resolve => {
    worker.addEventListener("message", ev => resolve(ev.data), {once: true})
    worker.postMessage(message)
  })
  let start = performance.now()
  await ask({type: 0, data: {config: index.config, docs: index.docs, options: {suggest: false}}})
  const setup = performance.now() - start, times = []
  for (const pass of [0, 1])
    for (const query of queries) {
      start = performance.now()
      await ask({type: 2, data: query})
      if (pass) times.push(performance.now() - start)
    }
  worker.terminate()
  return {setup, times}
}"""


def glossary_terms() -> list[str]:
    return re.findall(r"^\*\[(.+?)\]:", (ROOT / "includes/glossary.md").read_text(encoding="utf-8"), flags=re.M)


def search_times(browser, site: Path, terms: list[str]) -> tuple[float, float, float]:
    """(worker setup ms, median query ms, slowest query ms) over `terms`, the site served on 127.0.0.1."""
    with served(site) as base:
        page = browser.new_page()
        page.goto(base + "index.html")
        result = page.evaluate(TIME_QUERIES, terms)
        page.close()
    return result["setup"], statistics.median(result["times"]), max(result["times"])


def first_search_on_file(browser, site: Path, query: str = "居住支援") -> tuple[float, float]:
    """Opening a unit page from disk: (seconds to its load event, seconds from typing a search at once to the first
    results). On file:// Material loads the index and starts the worker only when the search box is first used."""
    page = browser.new_page()
    start = time.perf_counter()
    page.goto((site / "modules/unit-3.html").as_uri())
    loaded = time.perf_counter()
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")
    page.locator("li.md-search-result__item").first.wait_for()
    answered = time.perf_counter()
    page.close()
    return loaded - start, answered - loaded


def main() -> None:
    samples = 1 if "--quick" in sys.argv else 5
    terms = glossary_terms()
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp, sync_playwright() as p:
        browser = launch(p)
        for factor in (1, SCALE):
            project = copy_project(Path(tmp) / f"{factor}x", factor)
            build(project)
            site = project / "site-mkdocs.yml"
            index_kib = len(gzip.compress((site / "search/search_index.json").read_bytes(), compresslevel=6)) / 1024
            setup, median, slowest = search_times(browser, site, terms)
            print(f"search at {factor}x: index {index_kib:.1f} KiB gzipped, worker setup {setup:.0f} ms, query median {median:.1f} ms, "
                  f"slowest {slowest:.1f} ms over {len(terms)} glossary terms (budget: median ≤ {QUERY_BUDGET_MS} ms)")
        site = Path(tmp) / "1x/site-mkdocs.yml"
        load, first = (statistics.median(t) for t in zip(*(first_search_on_file(browser, site) for _ in range(samples)), strict=True))
        print(f"first search on file:// at 1x (median of {samples}): the page loads in {load:.2f} s, a search typed then answers "
              f"in {first:.2f} s (budget ≤ {FIRST_SEARCH_BUDGET_S:.0f} s)")
        browser.close()


if __name__ == "__main__":
    main()

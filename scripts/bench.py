"""Benchmark of the course build: prints figures, judges nothing. Run with `make bench` (`--quick`: 1 sample each).

- Full build (`mkdocs build --strict`) at 1x and 10x content, with and without the hooks, median of 5 samples.
- Edit-to-reload under `mkdocs serve`: save docs/modules/unit-1.md, time until the served page has the edit.
- Gzipped first-visit weight of a unit page and the case page (HTML + its scripts and stylesheets), and the search index.
- Search in Chromium: median time of a query in the site's search worker over every glossary term, at 1x and 10x;
  and on file://, the time from opening a unit page to the first results of a search typed at once.

Budgets are printed beside the figures; the exit status is non-zero only when a build or the server fails.
It drives mkdocs from outside only (never imports the hooks), on a copy of the project in a temporary folder.

Edits under hooks/ while `mkdocs serve` runs (measured once, MkDocs 1.6): the change is seen (`watch: [hooks]`)
and the site is rebuilt, but with the old code: MkDocs loads hooks/course.py once per process and Python keeps
coursekit/ imported. Changing 正解： in the quiz's HTML code left the served unit page unchanged after the rebuild;
it showed only after restarting the server. So restart `make serve` after editing the hooks.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = str(Path(sys.executable).parent / "mkdocs")  # the venv's, as `make bench` runs .venv/bin/python
# CONTRIBUTING.md too: docs/editors/index.md includes it as a snippet.
PARTS = ["docs", "quizzes", "cases", "sessions", "includes", "hooks", "overrides", "mkdocs.yml", "CONTRIBUTING.md"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
SCALE = 10
RATIO_BUDGET, RELOAD_BUDGET = 1.35, 2.0
QUERY_BUDGET_MS, FIRST_SEARCH_BUDGET_S = 50, 1.0
CHROMIUM = ["/usr/bin/chromium", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WEIGHED = {"unit page": "modules/unit-3.html", "case page": "cases/index.html"}


def copy_project(dest: Path, factor: int = 1) -> Path:
    """A copy of the project with `factor` times the units and their quiz banks, and nohooks.yml beside mkdocs.yml."""
    for part in PARTS:
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / part, dest / part)
    config = (dest / "mkdocs.yml").read_text(encoding="utf-8")
    added = ""
    for n in range(7, 6 * factor + 1):
        old = (n - 1) % 6 + 1  # renumbered so each copy is its own unit with its own bank (the hooks check both)
        page = (dest / f"docs/modules/unit-{old}.md").read_text(encoding="utf-8")
        page = re.sub(r"^unit: \d+$", f"unit: {n}", page, count=1, flags=re.M)
        page = page.replace(f"<!-- quiz: unit-{old} -->", f"<!-- quiz: unit-{n} -->")
        (dest / f"docs/modules/unit-{n}.md").write_text(page, encoding="utf-8")
        bank = (dest / f"quizzes/unit-{old}.yml").read_text(encoding="utf-8")
        bank = re.sub(r"^quiz: unit-\d+$", f"quiz: unit-{n}", bank, count=1, flags=re.M)
        bank = re.sub(r"^(\s*- id: )(\S+)$", rf"\g<1>x{n}-\2", bank, flags=re.M)  # question ids are unique course-wide
        (dest / f"quizzes/unit-{n}.yml").write_text(bank, encoding="utf-8")
        added += f"      - modules/unit-{n}.md\n"
    last = "      - modules/unit-6.md\n"
    config = config.replace(last, last + added)
    # Without the hooks their markers stay HTML comments, so this still builds with --strict.
    nohooks = re.sub(r"^hooks:\n(?:  - .*\n)+", "", config, flags=re.M)
    if last not in config or nohooks == config:
        sys.exit("bench: mkdocs.yml no longer has the shape this script edits (a hooks: list, unit-6 in the nav)")
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    (dest / "nohooks.yml").write_text(nohooks, encoding="utf-8")
    return dest


def build(project: Path, config: str) -> float:
    start = time.perf_counter()
    done = subprocess.run([MKDOCS, "build", "--strict", "-q", "-f", config, "-d", str(project / f"site-{config}")],
                          cwd=project, env=ENV, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"bench: build failed ({project.name}, {config}):\n{done.stderr[-3000:]}")
    return time.perf_counter() - start


def build_times(project: Path, samples: int) -> tuple[float, float]:
    """Median seconds without and with hooks. One untimed build of each first, so that every timed one is a
    rebuild as under `make serve` (the hooks' check results kept in .cache/coursekit, the OS file cache warm)."""
    times = {"nohooks.yml": [], "mkdocs.yml": []}
    for i in range(samples + 1):
        for config in times:  # alternated, so a slow spell of a shared machine falls on both alike
            seconds = build(project, config)
            if i:
                times[config].append(seconds)
    return statistics.median(times["nohooks.yml"]), statistics.median(times["mkdocs.yml"])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:  # refused while starting, 404 while the site folder is rebuilt
        return ""


def wait_for(server: subprocess.Popen, url: str, test, cap: float, start: float | None = None) -> float:
    """Polls every 20 ms until test(page) holds; the seconds since `start` (default: now). Exits after `cap` seconds."""
    start = time.perf_counter() if start is None else start
    while not test(fetch(url)):
        if server.poll() is not None:
            sys.exit(f"bench: mkdocs serve stopped (exit {server.returncode}); run `make serve` to see why")
        if time.perf_counter() - start > cap:
            sys.exit(f"bench: {url} did not show the expected page within {cap:.0f} s")
        time.sleep(0.02)
    return time.perf_counter() - start


def edit_to_reload(project: Path, samples: int) -> float:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/modules/unit-1.html"  # use_directory_urls: false, so not /modules/unit-1/
    page = project / "docs/modules/unit-1.md"
    original = page.read_text(encoding="utf-8")
    server = subprocess.Popen([MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project, env=ENV,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = []
    try:
        wait_for(server, url, bool, 120)
        for _ in range(samples):
            marker = f"bench-{uuid.uuid4().hex}"
            saved = time.perf_counter()
            page.write_text(f"{original}\n\n{marker}\n", encoding="utf-8")
            times.append(wait_for(server, url, lambda html, m=marker: m in html, 30, saved))
            page.write_text(original, encoding="utf-8")
            wait_for(server, url, lambda html, m=marker: html and m not in html, 30)  # settled before the next sample
    finally:
        server.send_signal(signal.SIGINT)  # as Ctrl-C: serve then deletes its temporary site folder
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return statistics.median(times)


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def first_visit(site: Path, page: str) -> int:
    """Gzipped bytes of the page and of the local scripts and stylesheets it loads (images and fonts left out)."""
    html = site / page
    urls = re.findall(r'(?:src|href)="([^"?#]+\.(?:js|css))', html.read_text(encoding="utf-8"))
    return gz(html) + sum(gz(html.parent / u) for u in set(urls) if (html.parent / u).is_file())


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


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def search_times(browser, site: Path) -> tuple[float, float]:
    """(worker setup ms, median query ms, slowest query ms) over the glossary terms, the site served on 127.0.0.1."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")
        result = page.evaluate(TIME_QUERIES, glossary_terms())
        page.close()
    finally:
        server.shutdown()
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


def verdict(ok: bool) -> str:
    return "within budget" if ok else "over budget"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="1 sample of each figure instead of 5 (a smoke test)")
    samples = 1 if ap.parse_args().quick else 5
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        medians = {}
        for factor in (1, SCALE):
            project = copy_project(Path(tmp) / f"{factor}x", factor)
            medians[factor] = without, with_hooks = build_times(project, samples)
            ratio = with_hooks / without
            print(f"{factor}x  no hooks {without:.2f} s  hooks {with_hooks:.2f} s  "
                  f"ratio {ratio:.2f} (≤ {RATIO_BUDGET}: {verdict(ratio <= RATIO_BUDGET)})")
        growth = [medians[SCALE][i] / medians[1][i] for i in (0, 1)]
        print(f"growth 1x→{SCALE}x: no hooks {growth[0]:.1f}x  hooks {growth[1]:.1f}x "
              f"(≤ {SCALE}x is linear: {verdict(max(growth) <= SCALE)})")
        reload = edit_to_reload(Path(tmp) / "1x", samples)
        print(f"edit-to-reload (1x, median of {samples}): {reload:.2f} s (≤ {RELOAD_BUDGET:.0f} s: {verdict(reload <= RELOAD_BUDGET)})")
        site = Path(tmp) / "1x" / "site-mkdocs.yml"
        for name, page in WEIGHED.items():
            print(f"{name} first visit, gzipped: {first_visit(site, page) / 1024:.1f} KiB ({page})")
        print(f"search index, gzipped: {gz(site / 'search/search_index.json') / 1024:.1f} KiB (1x), "
              f"{gz(Path(tmp) / f'{SCALE}x' / 'site-mkdocs.yml/search/search_index.json') / 1024:.1f} KiB ({SCALE}x)")
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM[0], args=CHROMIUM[1:])
            for factor in (1, SCALE):
                setup, median, slowest = search_times(browser, Path(tmp) / f"{factor}x" / "site-mkdocs.yml")
                print(f"search at {factor}x: worker setup {setup:.0f} ms, query median {median:.1f} ms, slowest {slowest:.1f} ms "
                      f"over {len(glossary_terms())} glossary terms (≤ {QUERY_BUDGET_MS} ms: {verdict(median <= QUERY_BUDGET_MS)})")
            load, first = (statistics.median(t) for t in zip(*(first_search_on_file(browser, site) for _ in range(samples)), strict=True))
            print(f"first search on file:// (median of {samples}): page loads in {load:.2f} s, a search typed then answers in "
                  f"{first:.2f} s (≤ {FIRST_SEARCH_BUDGET_S:.0f} s: {verdict(first <= FIRST_SEARCH_BUDGET_S)})")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

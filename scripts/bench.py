"""Benchmark of the course build: prints figures, with their budgets beside them; judges nothing (`make bench`).

Full build (`mkdocs build --strict`) at 1x and 10x content, with and without the hooks (median of 5, alternated,
after one untimed build of each); edit-to-reload under `mkdocs serve` (save docs/modules/unit-1.md, time until the
served page has the edit); gzipped first visits. It runs mkdocs on a copy of the project in a temporary folder.
Search in Chromium: scripts/bench_search.py. `--quick`: 1 sample of each figure.

Edits under hooks/ while `mkdocs serve` runs (measured once, MkDocs 1.6): the site is rebuilt (`watch: [hooks]`),
but with the old code, as Python keeps coursekit/ imported; the change showed only after restarting the server.
"""

import gzip
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = str(Path(sys.executable).parent / "mkdocs")  # the venv's, as `make bench` runs .venv/bin/python
PARTS = ["docs", "quizzes", "cases", "sessions", "includes", "hooks", "overrides", "mkdocs.yml", "CONTRIBUTING.md"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
SCALE, RATIO_BUDGET, RELOAD_BUDGET = 10, 1.35, 2.0
WEIGHED = ["modules/unit-3.html", "cases/index.html"]


def copy_project(dest: Path, factor: int = 1) -> Path:
    """A copy of the project with `factor` times the units and their quiz banks, and nohooks.yml beside mkdocs.yml."""
    for part in PARTS:
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / part, dest / part)
    added, last = "", "      - modules/unit-6.md\n"
    for n in range(7, 6 * factor + 1):
        old = (n - 1) % 6 + 1  # renumbered, so each copy is its own unit with its own bank (the hooks check both)
        page = re.sub(r"^unit: \d+$", f"unit: {n}", (dest / f"docs/modules/unit-{old}.md").read_text("utf-8"), count=1, flags=re.M)
        (dest / f"docs/modules/unit-{n}.md").write_text(page.replace(f"quiz: unit-{old} -->", f"quiz: unit-{n} -->"), "utf-8")
        bank = re.sub(r"^quiz: unit-\d+$", f"quiz: unit-{n}", (dest / f"quizzes/unit-{old}.yml").read_text("utf-8"), count=1, flags=re.M)
        bank = re.sub(r"^(\s*- id: )(\S+)$", rf"\g<1>x{n}-\2", bank, flags=re.M)  # question ids are unique course-wide
        (dest / f"quizzes/unit-{n}.yml").write_text(bank, "utf-8")
        added += f"      - modules/unit-{n}.md\n"
    config = (dest / "mkdocs.yml").read_text("utf-8").replace(last, last + added)
    # Without the hooks the markers stay HTML comments; the one link to an anchor that only a widget makes is a warning,
    # which --strict -q does not count (MkDocs 1.6), so the build completes as the hooks' one does.
    nohooks = re.sub(r"^hooks:\n(?:  - .*\n)+", "", config, flags=re.M)
    if last not in config or nohooks == config:
        sys.exit("bench: mkdocs.yml no longer has the shape this script edits (a hooks: list, unit-6 in the nav)")
    (dest / "mkdocs.yml").write_text(config, "utf-8")
    (dest / "nohooks.yml").write_text(nohooks, "utf-8")
    return dest


def build(project: Path, config: str = "mkdocs.yml") -> float:
    start = time.perf_counter()
    done = subprocess.run([MKDOCS, "build", "--strict", "-q", "-f", config, "-d", f"site-{config}"], cwd=project, env=ENV,
                          capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"bench: build failed ({project.name}, {config}):\n{done.stderr[-3000:]}")
    return time.perf_counter() - start


def edit_to_reload(project: Path, samples: int) -> float:
    """Median seconds from saving unit-1.md with a new line to `mkdocs serve` serving the page with it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{s.getsockname()[1]}"
    url, page, times = f"http://{address}/modules/unit-1.html", project / "docs/modules/unit-1.md", []
    original = page.read_text("utf-8")
    server = subprocess.Popen([MKDOCS, "serve", "--dev-addr", address], cwd=project, env=ENV,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def wait_for(text: str, cap: float) -> float:
        start = time.perf_counter()
        while not served_has(url, text):
            if server.poll() is not None or time.perf_counter() - start > cap:
                sys.exit(f"bench: mkdocs serve stopped, or {url} did not show {text or 'a page'!r} within {cap:.0f} s")
            time.sleep(0.02)
        return time.perf_counter() - start

    try:
        wait_for("", 120)  # any page: the first build is done and the watcher runs (an edit before that could be missed)
        for n in range(samples):  # each sample's edit replaces the one before
            page.write_text(f"{original}\n\nbench-edit-{n}\n", "utf-8")
            times.append(wait_for(f"bench-edit-{n}", 30))
            time.sleep(2)  # the rest of that rebuild (pages after unit-1) ends before the next save
    finally:
        server.send_signal(signal.SIGINT)  # as Ctrl-C: serve then deletes its temporary site folder
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:  # not stopped: not left running while its project folder is deleted
            server.kill()
            server.wait()
    return median(times)


def served_has(url: str, text: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return text in response.read().decode("utf-8")
    except OSError:  # refused while the server starts, 404 while the site folder is rebuilt
        return False


def first_visit(site: Path, page: str) -> float:
    """KiB, gzipped, of the page and the local scripts and stylesheets it loads (images and fonts left out)."""
    html = site / page
    files = {html.parent / u for u in re.findall(r'(?:src|href)="([^"?#]+\.(?:js|css))', html.read_text("utf-8"))}
    return sum(len(gzip.compress(f.read_bytes(), compresslevel=6)) for f in {html, *files} if f.is_file()) / 1024


def main() -> None:
    samples = 1 if "--quick" in sys.argv else 5
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        times = {}
        for f in (1, SCALE):
            project = copy_project(Path(tmp) / f"{f}x", f)
            runs = [(build(project, "nohooks.yml"), build(project)) for _ in range(samples + 1)][1:]  # alternated
            without, hooks = times[f] = median(r[0] for r in runs), median(r[1] for r in runs)
            print(f"build {f}x (median of {samples}): no hooks {without:.2f} s, hooks {hooks:.2f} s, "
                  f"ratio {hooks / without:.2f} (budget ≤ {RATIO_BUDGET})")
        print(f"growth 1x → {SCALE}x: no hooks {times[SCALE][0] / times[1][0]:.1f}x, hooks {times[SCALE][1] / times[1][1]:.1f}x "
              f"(budget: linear, ≤ {SCALE}x)")
        reload = edit_to_reload(Path(tmp) / "1x", samples)
        print(f"edit-to-reload at 1x (median of {samples}): {reload:.2f} s (budget ≤ {RELOAD_BUDGET:.0f} s)")
        weights = ", ".join(f"{page} {first_visit(Path(tmp) / '1x/site-mkdocs.yml', page):.1f} KiB" for page in WEIGHED)
        print(f"first visit at 1x, gzipped (the page, its scripts and styles): {weights}")


if __name__ == "__main__":
    main()

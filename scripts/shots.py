"""Screenshots of every page of the built site, to look at before calling a page done (`make shots`).

Desktop (1366x768) and phone (390x844), full page, and the print view (PDF, first pages as PNG via pdftoppm when
it is installed) of the printable pages. Written to shots/ (git-ignored). Serves site/ on 127.0.0.1 itself.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SITE, OUT = ROOT / "site", ROOT / "shots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
SIZES = {"desktop": (1366, 768), "phone": (390, 844)}
PRINTABLE = ["record.html", "facilitator/handouts.html", "facilitator/worksheets.html", "facilitator/keys.html", "cases/index.html"]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def served(folder: Path):
    """The folder served on 127.0.0.1 at a free port while the block runs; gives its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def launch(playwright):
    """Debian's chromium, with the flags that keep it from calling home."""
    return playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)


def main(only: list[str]) -> None:
    pages = sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html") if p.name != "404.html")
    pages = [p for p in pages if not only or any(o in p for o in only)]
    OUT.mkdir(exist_ok=True)
    with served(SITE) as base, sync_playwright() as p:
        browser = launch(p)
        for size, (width, height) in SIZES.items():
            context = browser.new_context(viewport={"width": width, "height": height}, locale="ja-JP")
            tab = context.new_page()
            for page in pages:
                tab.goto(base + page)
                tab.wait_for_load_state("networkidle")
                name = OUT / f"{page.replace('/', '__')[:-5]}.{size}.png"
                tab.screenshot(path=str(name), full_page=True)
                print(name.relative_to(ROOT))
            context.close()
        context = browser.new_context(locale="ja-JP")
        tab = context.new_page()
        for page in [p for p in PRINTABLE if p in pages]:
            tab.goto(base + page)
            tab.wait_for_load_state("networkidle")
            pdf = OUT / f"{page.replace('/', '__')[:-5]}.print.pdf"
            tab.pdf(path=str(pdf), format="A4", print_background=True)
            print(pdf.relative_to(ROOT))
            if shutil.which("pdftoppm"):
                subprocess.run(["pdftoppm", "-png", "-r", "60", "-l", "4", str(pdf), str(pdf.with_suffix(""))], check=True)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])

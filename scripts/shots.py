"""Screenshots of every page of the built site, to look at before calling a page done (`make shots`).

Desktop (1366x768) and phone (390x844), full page, and the print view (PDF, first pages as PNG via pdftoppm when
it is installed) of the printable pages. Written to shots/ (git-ignored). Serves site/ on 127.0.0.1 itself.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from chromium import launch, served
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SITE, OUT = ROOT / "site", ROOT / "shots"
SIZES = {"desktop": (1366, 768), "phone": (390, 844)}
PRINTABLE = ["record.html", "facilitator/handouts.html", "facilitator/worksheets.html", "facilitator/keys.html", "cases/index.html"]


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

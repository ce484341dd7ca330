"""No built page or stylesheet loads anything from outside the site."""

import re
from html.parser import HTMLParser

import pytest

from conftest import html_pages

# (tag, attribute) pairs that make a browser fetch something when the page loads.
LOADING_ATTRS = {("script", "src"), ("link", "href"), ("img", "src"), ("img", "srcset"), ("iframe", "src"),
                 ("source", "src"), ("source", "srcset"), ("video", "src"), ("video", "poster"),
                 ("audio", "src"), ("embed", "src"), ("object", "data"), ("track", "src")}
OUTSIDE = re.compile(r"^\s*(https?:)?//", re.I)
CSS_URL = re.compile(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", re.I)
CSS_IMPORT = re.compile(r"@import\s+['\"]((?:https?:)?//[^'\"]+)", re.I)


class LoadedUrls(HTMLParser):
    def __init__(self):
        super().__init__()
        self.outside = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and (tag, name) in LOADING_ATTRS:
                # <link rel="canonical"> and similar are not fetched, but none should point outside either.
                for url in value.split(","):
                    if OUTSIDE.match(url):
                        self.outside.append(f"<{tag} {name}={url.strip()}>")
            if name == "style" and value and CSS_URL.search(value):
                self.outside.append(f"<{tag} style> {CSS_URL.search(value).group(1)}")


def test_pages_were_found(site):
    assert len(html_pages(site)) >= 12


@pytest.mark.parametrize("kind", ["html", "css"])
def test_nothing_is_loaded_from_outside(site, kind):
    found = []
    if kind == "html":
        for page in html_pages(site):
            parser = LoadedUrls()
            parser.feed((site / page).read_text(encoding="utf-8"))
            found += [f"{page}: {u}" for u in parser.outside]
    else:
        for css in site.rglob("*.css"):
            text = css.read_text(encoding="utf-8")
            found += [f"{css.relative_to(site)}: {u}" for u in CSS_URL.findall(text) + CSS_IMPORT.findall(text)]
    assert found == []


def test_parser_catches_an_outside_script():
    # The check above must be able to fail.
    parser = LoadedUrls()
    parser.feed('<script src="https://cdn.example.com/x.js"></script><img src="//example.com/a.png">')
    assert len(parser.outside) == 2

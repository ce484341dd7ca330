"""The search-worker fix applies to Material's pinned worker, and fails loudly on any other."""

import glob
import os

import pytest

from coursekit import search_fix


def material_worker() -> str:
    import material

    pattern = os.path.join(os.path.dirname(material.__file__), "templates", "assets", "javascripts", "workers", "search.*.min.js")
    (path,) = glob.glob(pattern)
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def test_fix_applies_to_the_pinned_material_worker():
    fixed = search_fix.fix_segmenter(material_worker())
    assert "o<=t.length;o++)t.slice(s,o)in e" in fixed
    assert "a<t.length-1" not in fixed


def test_fix_refuses_a_worker_it_does_not_recognise():
    with pytest.raises(search_fix.SearchWorkerChanged, match="search_fix.py"):
        search_fix.fix_segmenter("function fe(t,e){}")


def test_built_worker_carries_the_fix(site):
    (path,) = (site / "assets" / "javascripts" / "workers").glob("search.*.min.js")
    assert "o<=t.length;o++)t.slice(s,o)in e" in path.read_text(encoding="utf-8")

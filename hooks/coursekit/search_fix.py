"""Fix Material 9.8's Japanese query segmentation in the built search worker.

Material segments a kanji query greedily against the index's terms, but its loop stops one character short
(`j < query.length`), so the last word of 「居住支援」 becomes the prefix 「支」 and ranks unrelated pages first
(see ../shared/notes/mkdocs-offline-japanese.md §1.2). The fix is two comparisons in the minified worker.
If Material changes that code, the build stops here instead of silently shipping the old behaviour.
"""

from __future__ import annotations

# (minified text in Material 9.8.1, fixed text)
REPLACEMENTS = [
    ("for(let o=s+1;o<t.length;o++)t.slice(s,o)in e", "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"),
    ("n[a]&&a<t.length-1&&(i[s++]=a)", "n[a]&&a<t.length&&(i[s++]=a)"),
]


class SearchWorkerChanged(Exception):
    pass


def fix_segmenter(worker_js: str) -> str:
    for old, new in REPLACEMENTS:
        if worker_js.count(old) != 1:
            raise SearchWorkerChanged(
                "検索ワーカーの分かち書きのコードが想定と違います（Material の版が変わりましたか？） — "
                f"hooks/coursekit/search_fix.py を新しい版に合わせてください (pattern not found: {old})")
        worker_js = worker_js.replace(old, new)
    return worker_js

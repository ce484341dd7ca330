"""Put the course's search worker (search_worker.js) in place of Material's lunr worker in the built site.

Material's worker splits Japanese into words with a segmenter that disagrees with many of the compounds a reader
types (「居住支援」 was searched as 居住 or 支援), and fixing it meant patching minified code. The course's worker
keeps Material's search box and result list (it answers the same messages) and matches the text as typed; see the
comment at the top of search_worker.js. It is written against Material 9.8.1's messages, so the build stops on any
other version instead of shipping a search box that silently finds nothing.
"""

from __future__ import annotations

import importlib.metadata
import shutil
from pathlib import Path

MATERIAL_VERSION = "9.8.1"
WORKER = Path(__file__).with_name("search_worker.js")


class SearchWorkerError(Exception):
    pass


def install(site_dir: str | Path, material_version: str | None = None) -> Path:
    """Write the course's worker over the one Material built (same file name, so base.html's link still holds)."""
    version = material_version or importlib.metadata.version("mkdocs-material")
    if version != MATERIAL_VERSION:
        raise SearchWorkerError(
            f"検索ワーカーは Material {MATERIAL_VERSION} のメッセージ形式に合わせてあります（今は {version}） — "
            "hooks/coursekit/search_worker.js を新しい版の integrations/search/worker に合わせ、"
            "MATERIAL_VERSION を直してください")
    workers = sorted((Path(site_dir) / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if len(workers) != 1:
        raise SearchWorkerError(f"検索ワーカーが {len(workers)} 個あります（1 個のはず） — "
                                "Material の版を確かめてください (search worker not found)")
    (worker,) = workers
    worker.write_text(WORKER.read_text(encoding="utf-8"), encoding="utf-8")
    # Material's source map describes the lunr worker, no longer what the file holds; lunr's language files
    # (TinySegmenter and the stemmers, about 1 MB) were loaded only by that worker.
    worker.with_name(worker.name + ".map").unlink(missing_ok=True)
    shutil.rmtree(Path(site_dir) / "assets" / "javascripts" / "lunr", ignore_errors=True)
    return worker

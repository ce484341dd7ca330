"""Check results of unchanged files, kept between builds.

`make serve` rebuilds the whole course on every save, and reading and checking the quiz banks and scanning the
pages was the largest part of what the hooks add to a build (issue 9). A result is reused only when the file's bytes,
its path and the checking code are all the same as when it was made, so an edit is always checked again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile

import yaml

from coursekit import parallel

HERE = os.path.dirname(os.path.abspath(__file__))


def code_version(folder: str = HERE) -> str:
    """Changes with any of our checking code, PyYAML or Python: results made by other code are not reused."""
    digest = hashlib.sha256(f"{sys.version}|{yaml.__version__}".encode())
    for name in sorted(os.listdir(folder)):
        if name.endswith(".py"):
            with open(os.path.join(folder, name), "rb") as fh:
                digest.update(name.encode() + b"\0" + fh.read())
    return digest.hexdigest()


class ResultCache:
    """One pickle file of results by (kind, path, content). Entries not asked for in a build are dropped when it
    is saved, so the file does not grow with old versions."""

    def __init__(self, path: str, version: str):
        self.path, self.version = path, version
        self.old, self.used, self.changed = {}, {}, False
        try:
            with open(path, "rb") as fh:
                saved = pickle.load(fh)
            if saved.get("version") == version:
                self.old = saved["results"]
        except Exception:  # missing, from an older layout, or damaged: check everything again
            self.old = {}

    @staticmethod
    def _key(kind: str, path: str, content: bytes) -> bytes:
        return hashlib.sha256(b"\0".join([kind.encode(), path.encode(), content])).digest()

    def get(self, kind: str, path: str, content: bytes, compute):
        key = self._key(kind, path, content)
        if key in self.old:
            self.used[key] = self.old[key]
        else:
            self.used[key] = compute()
            self.changed = True
        return self.used[key]

    def get_later(self, kind: str, files: list[tuple[str, bytes]], compute):
        """get() for each (path, content) of `files` with compute(path, content), the results not kept begun now, in
        a child process where that pays (coursekit/parallel.py): call what this returns for all the results, in order."""
        keys = [self._key(kind, path, content) for path, content in files]
        missing = [(key, file) for key, file in zip(keys, files, strict=True) if key not in self.old]
        pending = parallel.Pending(compute, [file for _key, file in missing], sum(len(c) for _key, (_path, c) in missing))

        def results() -> list:
            computed = dict(zip([key for key, _file in missing], pending.results(), strict=True))
            self.changed = self.changed or bool(computed)
            for key in keys:
                self.used[key] = computed[key] if key in computed else self.old[key]
            return [self.used[key] for key in keys]
        return results

    def save(self) -> None:
        """Written only when something changed; a failed write only costs the next build the time."""
        if not self.changed and len(self.used) == len(self.old):
            return
        tmp = None
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(self.path), suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump({"version": self.version, "results": self.used}, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)  # whole or not at all, also when two builds run at once
        except OSError:
            if tmp and os.path.exists(tmp):
                os.remove(tmp)

"""最終更新 (last updated) dates from git history.

One `git log` for the whole course. Without git (a copy from a zip or a tarball) or without history for a
file (not committed yet) there is simply no date: the build never fails for it. In a shallow clone the dates
are those of the commits the clone has.
"""

from __future__ import annotations

import subprocess


def start_log(root: str, paths: list[str]) -> subprocess.Popen | None:
    """Starts the `git log` that last_changed reads: it runs beside the build's own work (its cost grows with
    the history, ~20 µs a commit), so the build waits for it only if it is the slower. None without git."""
    try:
        return subprocess.Popen(["git", "-C", root, "log", "--format=%x00%cs", "--name-only", "--", *paths],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    except OSError:
        return None


def last_changed(log: subprocess.Popen | None) -> dict[str, str]:
    """path (as git prints it, relative to the root) -> YYYY-MM-DD of the newest commit that touched it."""
    if log is None:
        return {}
    try:
        out, _err = log.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        log.kill()
        log.communicate()
        return {}
    if log.returncode != 0:
        return {}
    dates, current = {}, ""
    for line in out.splitlines():
        if line.startswith("\x00"):
            current = line[1:]
        elif line.strip():
            dates.setdefault(line.strip(), current)
    return dates


def japanese_date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{int(year)}年{int(month)}月{int(day)}日"


def updated_note(dates: list[str]) -> str:
    """The line put at the end of a page; empty when no date is known."""
    known = [d for d in dates if d]
    if not known:
        return ""
    iso = max(known)
    return f'\n\n<p class="page-updated"><small>最終更新：<time datetime="{iso}">{japanese_date(iso)}</time></small></p>\n'

"""最終更新 (last updated) dates from git history.

One `git log` for the whole course. Without git (a copy from a zip or a tarball) or without history for a
file (not committed yet) there is simply no date: the build never fails for it. In a shallow clone the dates
are those of the commits the clone has.
"""

from __future__ import annotations

import subprocess


def last_changed(root: str, paths: list[str]) -> dict[str, str]:
    """path (relative to the root, as git prints it) -> YYYY-MM-DD of the newest commit that touched it."""
    try:
        log = subprocess.run(["git", "-C", root, "log", "--format=%x00%cs", "--name-only", "--", *paths],
                             capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if log.returncode != 0:
        return {}
    dates, current = {}, ""
    for line in log.stdout.splitlines():
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

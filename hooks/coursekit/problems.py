"""A problem found in the course's sources, reported as `file:line: what is wrong — how to fix`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message} — {self.fix}"


class ContentError(Exception):
    """Raised with every problem found, so the editor sees them all at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line))
        lines = [str(p) for p in self.problems]
        super().__init__(f"内容に {len(lines)} 件の問題があります (content problems):\n" + "\n".join(lines))


def raise_if_any(problems: list[Problem]) -> None:
    if problems:
        raise ContentError(problems)

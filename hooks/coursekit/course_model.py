"""The course as the build knows it after reading every source once: one frozen value (load.load_course makes it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from coursekit import cases, chigai, crossrefs, facilitation, glossary, prepost, quizzes, sessions, units
from coursekit.problems import Problem


@dataclass(frozen=True)
class Course:
    units: list[units.Unit] = field(default_factory=list)  # in number order
    banks: dict[str, quizzes.Bank] = field(default_factory=dict)  # quiz name -> bank
    quiz_pages: dict[str, str] = field(default_factory=dict)  # quiz name -> the page whose marker asks for it
    targets: dict[str, dict[str, quizzes.Target]] = field(default_factory=dict)  # quiz -> question id -> section
    terms: list[glossary.Term] = field(default_factory=list)
    usage: dict[str, list[str]] = field(default_factory=dict)  # term -> pages that use it
    cases: dict[str, cases.Case] = field(default_factory=dict)
    chigai: chigai.Chigai | None = None
    prepost: prepost.PrePost | None = None  # the training day's pre-test and post-test
    sessions: dict[str, sessions.Session] = field(default_factory=dict)
    notes: dict[str, facilitation.Notes] = field(default_factory=dict)  # unit-N or case name -> facilitator notes
    dates: dict[str, str] = field(default_factory=dict)  # repo path -> YYYY-MM-DD of its last commit
    titles: dict[str, str] = field(default_factory=dict)  # page -> link text
    links: list[crossrefs.Link] = field(default_factory=list)
    markers: dict[str, list] = field(default_factory=dict)  # page -> (line, name, argument) of its markers
    files: frozenset[str] = frozenset()  # every file under docs/, docs-relative
    unreadable: frozenset[str] = frozenset()  # pages that are not UTF-8 (MkDocs itself cannot read them)
    problems: list[Problem] = field(default_factory=list)

    def unit(self, page: str) -> units.Unit | None:
        return next((u for u in self.units if u.path == page), None)

"""A page's Markdown as the build renders it: unit parts, markers, the last-updated line; and the widgets'
HTML put in after Markdown.

The marker table is the only list of markers: the build's check of unknown markers reads it too.
Generated HTML goes through one placeholder: `<div data-widget="N"></div>` in the Markdown, replaced by the
widget's HTML once Markdown is done (Markdown would otherwise parse it tag by tag, and could change it): right
away for what search should index, after the search index for what it skips (see fill_widgets).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from coursekit import facilitation, render, revision
from coursekit.course_model import Course
from coursekit.markers import replace_markers
from coursekit.models import FORMATS

PLACEHOLDER = re.compile(r'<div data-widget="(\d+)"></div>')
Render = Callable[[Course, str, str, Callable[[str], str]], str]


@dataclass(frozen=True)
class Marker:
    names: str | None  # what its argument names: "quiz", "case", "session" or "format"; None: it takes none
    render: Render  # (course, page, argument, place) -> Markdown; place(html) puts generated HTML in


def _case(render):
    return Marker("case", lambda c, p, a, place: place(render(c.cases[a])) if a in c.cases else "")


MARKERS: dict[str, Marker] = {
    "unit-list": Marker(None, lambda c, p, a, place: place(render.render_unit_list(c.units, p, c.quiz_pages))),
    "glossary": Marker(None, lambda c, p, a, place: place(render.render_glossary_table(c.terms, c.usage, c.titles, p))),
    "quiz": Marker("quiz", lambda c, p, a, place: place(render.render_bank(c.banks[a], c.targets[a], p,
                                                                           render.next_step(c.units, p, c.titles)))
                   if a in c.targets else ""),
    "progress": Marker(None, lambda c, p, a, place: place(render.render_progress(c.banks, c.quiz_pages, c.targets, c.titles, p))),
    "chigai": Marker(None, lambda c, p, a, place: place(render.render_chigai(c.chigai)) if c.chigai else ""),
    "chigai-sources": Marker(None, lambda c, p, a, place: render.render_sources(c.chigai) if c.chigai else ""),
    "schema": Marker("format", lambda c, p, a, place: render.reference(FORMATS[a], place) if a in FORMATS else ""),
    "case-diagrams": _case(render.render_diagrams),
    "mitate": _case(render.render_mitate),
    "plan-builder": _case(render.render_plan_builder),
    "plan-check": _case(render.render_plan_check),
    "worksheets": _case(render.render_worksheets),
    "session": Marker("session", lambda c, p, a, place: render.render_session(c.sessions[a], c.units, p) if a in c.sessions else ""),
    "handouts": Marker(None, lambda c, p, a, place: place(render.render_handouts(c.units))),
    "answer-keys": Marker(None, lambda c, p, a, place:
                          place(render.render_answer_keys(c.banks, c.quiz_pages, c.targets, c.titles, p))),
    "prepost": Marker(None, lambda c, p, a, place:
                      place(render.render_prepost(c.prepost, c.banks, c.quiz_pages, c.targets, c.titles, p)) if c.prepost else ""),
    "record": Marker(None, lambda c, p, a, place: place(render.render_record(c.banks, c.quiz_pages, c.targets, c.titles))),
    # The trainer's room: a unit's slides (filled in by fill_slides, once the unit's page is rendered) and the notes.
    "presenter": Marker("unit", lambda c, p, a, place: place(SLIDES_SLOT.format(a))),
    "facilitator-notes": Marker(None, lambda c, p, a, place:
                                place(render.render_notes_pack(c.units, c.notes, {n: k.model.title for n, k in c.cases.items()}, p))),
}
SLIDES_SLOT = '<div class="deck-slot" data-presenter="{}"></div>'
SLIDES_SLOT_RE = re.compile(r'<div class="deck-slot" data-presenter="unit-(\d+)"></div>')


def sources_of(course: Course, page: str) -> list[str]:
    """The repo files a page is made from: its text, its quiz and its session plans (for its last-updated date)."""
    found = [f"docs/{page}"] + [f"quizzes/{name}.yml" for name, p in course.quiz_pages.items() if p == page]
    return found + [f"sessions/{arg}.yml" for _line, name, arg in course.markers.get(page, []) if name == "session"]


def render_markdown(course: Course, page: str, markdown: str) -> tuple[str, str | None, list[str]]:
    """(Markdown with the course's parts, the page's numbered title or None, the widgets' HTML for fill_widgets)."""
    widgets: list[str] = []

    def place(html: str) -> str:
        widgets.append(html.rstrip("\n"))
        return f'<div data-widget="{len(widgets) - 1}"></div>\n'

    def expand(name: str, arg: str) -> str | None:
        marker = MARKERS.get(name)
        if marker is None:
            return None
        try:
            return marker.render(course, page, arg, place)
        except (KeyError, AttributeError, TypeError, ValueError, IndexError):
            if course.problems:  # drawn from data whose mistakes are reported already: the build stops at on_env
                return ""
            raise

    unit, title = course.unit(page), None
    if unit:
        markdown = render.insert_unit_parts(markdown, unit)
        title = f"{unit.number}. {unit.title}"
    notes = next((n for n in course.notes.values() if n.page == page), None)
    if notes:  # each question's facilitator note inside its list item, for the instructor view
        markdown = facilitation.insert_question_notes(
            markdown, notes.section,
            lambda i: render.render_question_note(notes.questions[i], page) if i < len(notes.questions) else None, place)
    markdown = replace_markers(markdown, expand)
    markdown += revision.updated_note([course.dates.get(s, "") for s in sources_of(course, page)])
    return markdown, title, widgets


def kept_from_search(widget: str) -> bool:
    """A widget whose outer element says data-search-exclude (quizzes, forms, the ちがいさがし…)."""
    return "data-search-exclude" in widget.split(">", 1)[0]


def fill_widgets(html: str, widgets: list[str], after_search: bool) -> str:
    """The placeholders of the widgets search reads (after_search False), or of those it skips (True): these go in
    once the search index is made, so that it need not parse their HTML only to skip it (at 10x content that was
    most of the hooks' cost)."""
    def fill(m: re.Match) -> str:
        widget = widgets[int(m.group(1))]
        return widget if kept_from_search(widget) == after_search else m.group(0)
    return PLACEHOLDER.sub(fill, html) if widgets else html


def fill_slides(course: Course, page: str, html: str, unit_trees: dict) -> str:
    """A presenter page's slot replaced by its unit's slides, made from the unit's page (`unit_trees`: path ->
    presenter.PageTree)."""
    def slides(m: re.Match) -> str:
        unit = next((u for u in course.units if u.number == int(m.group(1))), None)
        if unit is None or unit.path not in unit_trees:
            return ""
        return render.render_slides(unit, unit_trees[unit.path], course.banks.get(f"unit-{unit.number}"),
                                    course.notes.get(f"unit-{unit.number}"), page)
    return SLIDES_SLOT_RE.sub(slides, html)

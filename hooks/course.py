"""MkDocs hook: checks and renders the course's units, glossary, markers and cross-references.

Thin on purpose: each handler calls plain functions in coursekit/, which run and are tested without MkDocs.
"""

from __future__ import annotations

import dataclasses
import glob
import os
import re

from mkdocs.exceptions import PluginError

from coursekit import (
    cache,
    cases,
    chigai,
    crossrefs,
    facilitator,
    gcpause,
    glossary,
    markers,
    notebook,
    quiz_render,
    quizzes,
    revision,
    scan,
    schema_doc,
    search_fix,
    sessions,
    units,
)
from coursekit.problems import ContentError, Problem, raise_if_any

GLOSSARY_FILE = "includes/glossary.md"
QUIZ_DIR = "quizzes"
CHIGAI_FILE = "quizzes/chigai-sagashi.yml"
CASE_DIR = "cases"
SESSION_DIR = "sessions"
CACHE_FILE = ".cache/coursekit/checked.pickle"
CASE_MARKERS = {"case-diagrams", "mitate", "plan-builder", "plan-check", "worksheets"}
# Headings the build adds to every unit page (units.render_header / render_keypoints).
UNIT_HEADINGS = {"mokuhyo": "学習目標", "matome": "このユニットのまとめ"}
GLOSSARY_PAGE = "glossary.md"
KNOWN_MARKERS = {"unit-list", "glossary", "quiz", "progress", "chigai", "chigai-sources", "schema",
                 "session", "handouts", "answer-keys", "record"} | CASE_MARKERS
# <!-- schema: NAME --> draws the reference table of a file format from the model the build validates with.
SCHEMAS = {"unit": units.UnitMeta, "quiz": quizzes.BankModel, "chigai": chigai.ChigaiModel,
           "case": cases.CaseModel, "plan": cases.PlanModel, "session": sessions.SessionModel,
           "activity": sessions.Activity}

state: dict = {}
SLOT = re.compile(r'<div data-slot="(\d+)"></div>')
BLOCK = re.compile(r'<div data-block="(\d+)"></div>')


def _fail(err: ContentError):
    raise PluginError(str(err)) from None


def on_config(config):
    config.markdown_extensions.append(glossary.JapaneseAbbrExtension())
    state["root"] = os.path.dirname(config.config_file_path)
    return config


def on_files(files, config):
    """Read every page once, validate units, glossary and markers, and report all problems together."""
    with gcpause.paused():  # many objects made, most kept for the build (see coursekit/gcpause.py)
        return check_sources(files)


def check_sources(files):
    log = revision.start_log(state["root"], ["docs", QUIZ_DIR, "includes", CASE_DIR, SESSION_DIR])  # read at the end
    sources = {f.src_uri: f.content_string for f in files.documentation_pages()}
    # Check results of files unchanged since the last build are reused (coursekit/cache.py).
    checked = cache.ResultCache(os.path.join(state["root"], CACHE_FILE), cache.code_version())
    with open(os.path.join(state["root"], GLOSSARY_FILE), "rb") as fh:
        glossary_raw = fh.read()
    terms, problems = glossary.parse_glossary(GLOSSARY_FILE, glossary_raw.decode("utf-8"))
    # The banks not checked in the last build are checked while the pages are scanned (coursekit/parallel.py).
    bank_files = read_banks()
    bank_results = checked.get_later("bank", bank_files, quizzes.load_bank)
    scans, found_units = {}, []
    for path, text in sorted(sources.items()):
        raw = text.encode("utf-8")
        scans[path] = checked.get("page", path, raw + b"\0" + glossary_raw,
                                  lambda path=path, text=text: scan.scan_page(path, text, terms))
        problems += markers.check_markers(f"docs/{path}", scans[path].markers, KNOWN_MARKERS)
        problems += [Problem(f"docs/{path}", line, f"知らない書式「{arg}」です",
                             f"{'・'.join(SCHEMAS)} のどれかにしてください (unknown schema)")
                     for line, name, arg in scans[path].markers if name == "schema" and arg not in SCHEMAS]
        problems += scans[path].heading_problems
        if units.is_unit_page(path):
            unit, unit_problems = checked.get("unit", path, raw,
                                              lambda path=path, text=text: units.check_unit(f"docs/{path}", text))
            problems += unit_problems
            if unit:
                found_units.append(dataclasses.replace(unit, path=path))
    problems += units.check_unit_set(found_units)
    found_markers = {path: s.markers for path, s in scans.items()}

    # Notebook pages are JSON rendered by mkdocs-jupyter: no tooltips there, so they don't count as using terms.
    usage = glossary.usage_by_term(terms, {p: s.terms for p, s in scans.items() if p != GLOSSARY_PAGE and not p.endswith(".ipynb")})
    problems += glossary.unused_terms(GLOSSARY_FILE, terms, usage)

    quiz_pages = {arg: page for page, found in found_markers.items() for _line, name, arg in found if name == "quiz"}
    banks, targets, quiz_problems = load_quizzes({p: s.headings for p, s in scans.items()}, quiz_pages,
                                                 [path for path, _raw in bank_files], bank_results())
    problems += quiz_problems
    with open(os.path.join(state["root"], CHIGAI_FILE), "rb") as fh:
        chigai_raw = fh.read()
    state["chigai"], chigai_problems = checked.get("chigai", CHIGAI_FILE, chigai_raw,
                                                   lambda: chigai.load_chigai(CHIGAI_FILE, chigai_raw))
    problems += chigai_problems
    state["cases"], case_problems = load_cases(checked)
    checked.save()
    problems += case_problems
    problems += [Problem(f"docs/{path}", line, f"事例「{arg}」のデータがありません",
                         f"{CASE_DIR}/{arg}.yml を作ってください (unknown case)")
                 for path, found in found_markers.items() for line, name, arg in found
                 if name in CASE_MARKERS and arg not in state["case_names"]]

    state["sessions"], session_problems = load_sessions(found_units, {f.src_uri for f in files})
    problems += session_problems
    problems += [Problem(f"docs/{path}", line, f"研修プラン「{arg}」のデータがありません",
                         f"{SESSION_DIR}/{arg}.yml を作ってください (unknown session plan)")
                 for path, found in found_markers.items() for line, name, arg in found
                 if name == "session" and arg not in state["sessions"]]

    state["dates"] = revision.last_changed(log)
    unit_titles = {u.path: f"{u.number}. {u.title}" for u in found_units}
    state.update(markers=found_markers, units=found_units, banks=banks, targets=targets, quiz_pages=quiz_pages, terms=terms,
                 usage=usage,
                 anchors={}, files={f.src_uri for f in files},
                 # Link texts for pages: units numbered as in the navigation (their front matter is not read again).
                 titles={**{p: s.title for p, s in scans.items()}, **unit_titles},
                 links=[link for s in scans.values() for link in s.links])
    try:
        raise_if_any(problems)
    except ContentError as err:
        _fail(err)
    return files


def on_page_markdown(markdown, page, config, files):
    path = page.file.src_uri
    unit = next((u for u in state["units"] if u.path == path), None)
    if unit:
        markdown = units.insert_unit_parts(markdown, unit)
        # Numbered in the navigation (page.title) and the browser tab (Material reads meta.title).
        page.title = page.meta["title"] = f"{unit.number}. {unit.title}"
    titles = state["titles"]
    # A page changes when its text, its quiz or its session plan changes.
    sources = [f"docs/{path}"] + [f"{QUIZ_DIR}/{name}.yml" for name, p in state["quiz_pages"].items() if p == path]
    sources += [f"{SESSION_DIR}/{arg}.yml" for _line, name, arg in state["markers"].get(path, []) if name == "session"]
    markdown += revision.updated_note([state["dates"].get(s, "") for s in sources])
    slots = state.setdefault("slots", {})[path] = []
    blocks = state.setdefault("blocks", {})[path] = []

    def later(html: str) -> str:
        """Big generated widgets skip Markdown and the search indexer (which would parse their HTML again,
        slowly, and they hold answers): a placeholder now, the HTML in on_post_page. Their links were
        already checked in on_files (quiz refs, case and ちがいさがし data)."""
        slots.append(html)
        return f'<div data-slot="{len(slots) - 1}"></div>\n'

    def as_html(html: str) -> str:
        """Generated tables that need nothing from Markdown, which would parse their raw HTML tag by tag (a third
        of the build's Markdown time went to the format reference): a placeholder now, the HTML as soon as
        Markdown is done (on_page_content), so that search still indexes them."""
        blocks.append(html.rstrip("\n"))
        return f'<div data-block="{len(blocks) - 1}"></div>\n'

    return markers.replace_markers(markdown, {
        "unit-list": lambda _arg: units.render_unit_list(state["units"], path),
        "glossary": lambda _arg: as_html(glossary.render_glossary_table(state["terms"], state["usage"], titles, path)),
        "quiz": lambda arg: later(quiz_render.render_bank(state["banks"][arg], state["targets"][arg], path)),
        "progress": lambda _arg: later(quiz_render.render_progress(state["banks"], state["quiz_pages"], state["targets"], titles, path)),
        "chigai": lambda _arg: later(chigai.render_chigai(state["chigai"])),
        "chigai-sources": lambda _arg: chigai.render_sources(state["chigai"]),
        "schema": lambda arg: schema_doc.reference(SCHEMAS[arg], as_html),
        "case-diagrams": lambda arg: later(cases.render_diagrams(state["cases"][arg])),
        "mitate": lambda arg: later(cases.render_mitate(state["cases"][arg])),
        "plan-builder": lambda arg: later(cases.render_plan_builder(state["cases"][arg])),
        "plan-check": lambda arg: later(cases.render_plan_check(state["cases"][arg])),
        "worksheets": lambda arg: later(facilitator.render_worksheets(state["cases"][arg])),
        "session": lambda arg: sessions.render_session(state["sessions"][arg], state["units"], path),
        "handouts": lambda _arg: later(facilitator.render_handouts(state["units"])),
        "answer-keys": lambda _arg: later(facilitator.render_answer_keys(state["banks"], state["quiz_pages"], state["targets"],
                                                                           titles, path)),
        "record": lambda _arg: later(facilitator.render_record(state["banks"], state["quiz_pages"], titles)),
    })


def load_cases(checked: cache.ResultCache):
    """Each cases/NAME.yml with its cases/NAME-plan.yml; `checked` keeps each pair's checks."""
    found, problems = {}, []
    folder = os.path.join(state["root"], CASE_DIR)
    listing = os.listdir(folder) if os.path.isdir(folder) else []
    names = sorted(n[:-4] for n in listing if n.endswith(".yml") and not n.endswith("-plan.yml"))
    state["case_names"] = set(names)
    for name in names:
        path, plan_path = f"{CASE_DIR}/{name}.yml", f"{CASE_DIR}/{name}-plan.yml"
        if not os.path.exists(os.path.join(state["root"], plan_path)):
            problems.append(Problem(path, 1, f"{plan_path} がありません",
                                    "支援計画の項目・点検項目・モデルプランのファイルを作ってください (missing plan)"))
            continue
        with open(os.path.join(state["root"], path), "rb") as a, open(os.path.join(state["root"], plan_path), "rb") as b:
            raw, plan_raw = a.read(), b.read()
        case, case_problems = checked.get("case", path, raw + b"\0" + plan_raw,
                                          lambda path=path, raw=raw, plan_path=plan_path, plan_raw=plan_raw:
                                          cases.load_case(path, raw, plan_path, plan_raw))
        problems += case_problems
        if case:
            found[name] = case
    return found, problems


def load_sessions(found_units: list[units.Unit], files: set[str]):
    """Each sessions/NAME.yml, checked against the units (their minutes) and the site's files."""
    found, problems = {}, []
    folder = os.path.join(state["root"], SESSION_DIR)
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        if not name.endswith(".yml"):
            continue
        path = f"{SESSION_DIR}/{name}"
        with open(os.path.join(folder, name), "rb") as fh:
            session, session_problems = sessions.load_session(path, fh.read(), found_units, files)
        problems += session_problems
        if session:
            found[session.name] = session
    return found, problems


def read_banks() -> list[tuple[str, bytes]]:
    """(path, bytes) of each quiz bank: every quizzes/*.yml but the ちがいさがし data."""
    folder = os.path.join(state["root"], QUIZ_DIR)
    paths = sorted(f"{QUIZ_DIR}/{n}" for n in os.listdir(folder)
                   if n.endswith((".yml", ".yaml")) and f"{QUIZ_DIR}/{n}" != CHIGAI_FILE) if os.path.isdir(folder) else []
    files = []
    for path in paths:
        with open(os.path.join(state["root"], path), "rb") as fh:
            files.append((path, fh.read()))
    return files


def load_quizzes(headings: dict[str, dict[str, str]], quiz_pages: dict[str, str], paths: list[str], results: list):
    """Check keys, ids, names and refs; return banks and ref targets by quiz name.
    `headings`: page -> {heading id: text}; `quiz_pages`: quiz name -> the page whose marker asks for it;
    `paths`: the banks read; `results`: quizzes.load_bank's result for each."""
    headings = {page: {**found, **UNIT_HEADINGS} if units.is_unit_page(page) else found for page, found in headings.items()}
    loaded, problems = [], []
    for bank, bank_problems in results:
        problems += bank_problems
        loaded += [bank] if bank else []
    problems += quizzes.check_bank_set(loaded, quiz_pages, paths)
    banks = {bank.name: bank for bank in loaded}
    targets = {}
    for name, bank in banks.items():
        if name in quiz_pages:
            targets[name], ref_problems = quizzes.check_refs(bank, quiz_pages[name], headings)
            problems += ref_problems
    return banks, targets, problems


def on_page_content(html, page, config, files):
    path = page.file.src_uri
    if path.endswith(".ipynb"):
        html = notebook.strip_mathjax(html)
    blocks = state.get("blocks", {}).pop(path, [])
    if blocks:
        html = BLOCK.sub(lambda m: blocks[int(m.group(1))], html)
    # Widgets spliced in later still have ids that links may name (the session plans link to handouts, sheets and keys):
    # count them now, for our link check and for MkDocs' own anchor validation.
    slot_ids = set().union(*(crossrefs.ids_in_html(h) for h in state.get("slots", {}).get(path, [])))
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= slot_ids
    state["anchors"][path] = crossrefs.ids_in_html(html) | slot_ids
    # Search indexes page.content next (on_page_context, before ours): it gets the page without tooltip tags,
    # and on_page_context gives the page its tooltips back for the template.
    state.setdefault("with_tooltips", {})[path] = html
    return glossary.without_tooltips(html)


def on_page_context(context, page, config, nav):
    page.content = state["with_tooltips"].pop(page.file.src_uri, page.content)
    return context


def on_post_page(output, page, config):
    slots = state.get("slots", {}).pop(page.file.src_uri, [])
    return SLOT.sub(lambda m: slots[int(m.group(1))], output) if slots else output


def on_env(env, config, files):
    """All pages are rendered by now: check that every internal link reaches its page and anchor."""
    try:
        raise_if_any(crossrefs.check_links(state["links"], state["files"], state["anchors"]))
    except ContentError as err:
        _fail(err)
    return env


def on_post_build(config):
    """Fix the last-word truncation in Material's Japanese query segmentation (see coursekit/search_fix.py)."""
    workers = glob.glob(os.path.join(config.site_dir, "assets", "javascripts", "workers", "search.*.min.js"))
    if len(workers) != 1:
        raise PluginError(f"検索ワーカーが見つかりません: {workers} — Material の版を確かめてください (search worker not found)")
    with open(workers[0], encoding="utf-8") as fh:
        text = fh.read()
    try:
        text = search_fix.fix_segmenter(text)
    except search_fix.SearchWorkerChanged as err:
        raise PluginError(str(err)) from None
    with open(workers[0], "w", encoding="utf-8") as fh:
        fh.write(text)

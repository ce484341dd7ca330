"""The course model: every source read once and checked, as one frozen value.

`load_course(root, pages, files)` is all the build needs from the sources; it runs and is tested without MkDocs.
Every problem of every file is collected (never raised), so that an editor sees them all in one build.
"""

from __future__ import annotations

import dataclasses
import os
import posixpath

from coursekit import cases, chigai, crossrefs, facilitation, glossary, prepost, quizzes, revision, sessions, units
from coursekit.course_model import Course
from coursekit.models import FORMATS
from coursekit.pages import MARKERS
from coursekit.problems import Problem
from coursekit.scan import PageScan, scan_page
from coursekit.validation import decode

GLOSSARY_FILE = "includes/glossary.md"
QUIZ_DIR = "quizzes"
CHIGAI_FILE = "quizzes/chigai-sagashi.yml"
PREPOST_FILE = "quizzes/prepost.yml"
CASE_DIR = "cases"
SESSION_DIR = "sessions"
GLOSSARY_PAGE = "glossary.md"
# Headings the build adds to every unit page (units.render_header / render_keypoints), so quiz refs may name them.
UNIT_HEADINGS = {"mokuhyo": "学習目標", "matome": "このユニットのまとめ"}
DATED = ["docs", QUIZ_DIR, "includes", CASE_DIR, SESSION_DIR]


def read_file(root: str, path: str) -> tuple[bytes | None, list[Problem]]:
    try:
        with open(os.path.join(root, path), "rb") as fh:
            return fh.read(), []
    except FileNotFoundError:
        return None, [Problem(path, 1, f"{path} がありません", "ファイルを元に戻すか、git で名前を確かめてください (missing file)")]
    except OSError as err:
        return None, [Problem(path, 1, f"{path} を読めません（{err.strerror}）", "ファイルの権限を確かめてください (unreadable file)")]


def data_files(root: str, folder: str, skip: tuple[str, ...] = ()) -> list[str]:
    """Repo-relative paths of folder/*.yml, sorted (misnamed_data_files reports the files the build would skip)."""
    where = os.path.join(root, folder)
    names = sorted(os.listdir(where)) if os.path.isdir(where) else []
    return [f"{folder}/{n}" for n in names if n.endswith(".yml") and f"{folder}/{n}" not in skip]


def misnamed_data_files(root: str) -> list[Problem]:
    """A data file the build would not read (`unit-3.yaml`, `unit-3.YML`) must not be skipped in silence."""
    problems = []
    for folder in (QUIZ_DIR, CASE_DIR, SESSION_DIR):
        where = os.path.join(root, folder)
        for name in sorted(os.listdir(where)) if os.path.isdir(where) else []:
            if name.lower().endswith((".yaml", ".yml")) and not name.endswith(".yml"):
                stem = name.rsplit(".", 1)[0]
                problems.append(Problem(f"{folder}/{name}", 1, "このファイルはビルドに読まれません（拡張子が .yml ではありません）",
                                        f"名前を {stem}.yml にしてください (data files end in .yml)"))
    return problems


def docs_files(root: str) -> frozenset[str]:
    docs = os.path.join(root, "docs")
    return frozenset(posixpath.relpath(os.path.join(d, n), docs).replace(os.sep, "/") for d, _dirs, names in os.walk(docs) for n in names)


def load_course(root: str, pages: dict[str, bytes] | None = None, files: set[str] | None = None,
                with_dates: bool = True) -> Course:
    """`pages`: docs-relative path -> source bytes of each Markdown page (default: every docs/**/*.md);
    `files`: every file the site has (default: all under docs/)."""
    files = frozenset(files) if files is not None else docs_files(root)
    if pages is None:
        pages = {p: read_file(root, f"docs/{p}")[0] or b"" for p in sorted(files) if p.endswith(".md")}
    problems: list[Problem] = misnamed_data_files(root)

    raw, found = read_file(root, GLOSSARY_FILE)
    problems += found
    text, found = decode(GLOSSARY_FILE, raw) if raw is not None else ("", [])
    problems += found
    terms, found = glossary.parse_glossary(GLOSSARY_FILE, text or "")
    problems += found

    scans: dict[str, PageScan] = {}
    found_units, unreadable = [], set()
    for path, source in sorted(pages.items()):
        text, found = decode(f"docs/{path}", source)
        problems += found
        if text is None:
            unreadable.add(path)
            continue
        scans[path] = scan = scan_page(path, text, terms)
        problems += scan.problems + check_markers(path, scan.markers, MARKERS)
        if units.is_unit_page(path):
            unit, found = units.check_unit(f"docs/{path}", scan.page, scan.read_problems, scan.heading_marks, scan.markers)
            problems += found
            if unit:
                found_units.append(dataclasses.replace(unit, path=path))  # docs-relative, as MkDocs names pages
    unread = sum(1 for path in [*scans, *unreadable] if units.is_unit_page(path)) - len(found_units)
    problems += units.check_unit_set(found_units, unread)
    found_units.sort(key=lambda u: u.number)
    markers = {path: s.markers for path, s in scans.items()}

    # Notebook pages are JSON rendered by mkdocs-jupyter: no tooltips there, so they don't count as using terms.
    usage = glossary.usage_by_term(terms, {p: s.terms for p, s in scans.items() if p != GLOSSARY_PAGE and p.endswith(".md")})
    problems += glossary.unused_terms(GLOSSARY_FILE, terms, usage)

    quiz_pages = {arg: path for path, found in markers.items() for _line, name, arg in found if name == "quiz"}
    headings = {p: {**s.headings, **UNIT_HEADINGS} if units.is_unit_page(p) else s.headings for p, s in scans.items()}
    banks, targets, found = load_banks(root, quiz_pages, headings)
    problems += found
    banks_ok = not found
    # The quizzes the pages can show: a bank that loaded, with every question's section found.
    quiz_pages = {name: page for name, page in quiz_pages.items()
                  if name in targets and len(targets[name]) == len(banks[name].model.questions)}

    the_chigai = None
    if any(name in ("chigai", "chigai-sources") for found_markers in markers.values() for _l, name, _a in found_markers) \
            or os.path.exists(os.path.join(root, CHIGAI_FILE)):
        raw, found = read_file(root, CHIGAI_FILE)
        problems += found
        if raw is not None:
            the_chigai, found = chigai.load_chigai(CHIGAI_FILE, raw)
            problems += found

    the_prepost = None
    if any(name == "prepost" for found_markers in markers.values() for _l, name, _a in found_markers) \
            or os.path.exists(os.path.join(root, PREPOST_FILE)):
        raw, found = read_file(root, PREPOST_FILE)
        problems += found
        if raw is not None:
            the_prepost, found = prepost.load_prepost(PREPOST_FILE, raw, {n: banks[n] for n in quiz_pages}, targets, banks_ok)
            problems += found

    found_cases, case_files, found = load_cases(root)
    problems += found
    found_sessions, session_files, found = load_sessions(root, found_units, files)
    problems += found
    # A marker names a data file that does not exist. (One that exists but has mistakes is reported at its own lines.)
    existing = {"case": case_files, "session": session_files, "format": set(FORMATS)}
    for kind, fix in (("case", "cases/{}.yml を作るか、名前を確かめてください (unknown case)"),
                      ("session", "sessions/{}.yml を作るか、名前を確かめてください (unknown session plan)"),
                      ("format", "・".join(FORMATS) + " のどれかにしてください (unknown format)")):
        for path, found_markers in markers.items():
            for line, name, arg in found_markers:
                if MARKERS.get(name) and MARKERS[name].names == kind and arg not in existing[kind]:
                    problems.append(Problem(f"docs/{path}", line, f"目印 {name} の「{arg}」が見つかりません", fix.format(arg)))

    page_texts = {p: (s.page.body, s.page.body_line, s.heading_marks) for p, s in scans.items()}  # body, its first line, headings
    notes, found = facilitation.load_notes(lambda p: read_file(root, p), data_files(root, facilitation.NOTES_DIR), found_units,
                                           page_texts, headings, banks, case_files, case_pages(markers))
    problems += found
    problems += check_presenter_markers(markers, found_units, set(scans) | unreadable)

    links = [link for s in scans.values() for link in s.links]
    problems += crossrefs.check_links(links, set(files), {})  # pages and files now; anchors once pages are rendered
    unit_titles = {u.path: f"{u.number}. {u.title}" for u in found_units}
    return Course(
        units=found_units, banks=banks, quiz_pages=quiz_pages, targets=targets, terms=terms, usage=usage,
        cases=found_cases, chigai=the_chigai, prepost=the_prepost, sessions=found_sessions, notes=notes,
        dates=revision.last_changed(root, DATED) if with_dates else {},
        titles={**{p: s.title for p, s in scans.items()}, **unit_titles},
        links=links, markers=markers, files=files, unreadable=frozenset(unreadable), problems=problems,
    )


def check_markers(path: str, found: list[tuple[int, str, str]], table: dict) -> list[Problem]:
    names = "、".join(f"`<!-- {k} -->`" for k in sorted(table))
    problems = []
    for line, name, arg in found:
        if name not in table:
            problems.append(Problem(f"docs/{path}", line, f"知らない目印「{name}」です",
                                    f"使える目印は {names} です。綴りを確かめてください (unknown marker)"))
        elif table[name].names and not arg:
            problems.append(Problem(f"docs/{path}", line, f"目印「{name}」に名前がありません",
                                    f"`<!-- {name}: 名前 -->` の形で書いてください (marker needs a name)"))
    return problems


def case_pages(markers: dict) -> dict[str, list[str]]:
    """case name -> the pages whose markers show it (the case page, the worksheets …)."""
    found: dict[str, list[str]] = {}
    for path, marks in sorted(markers.items()):
        for _line, name, arg in marks:
            if MARKERS.get(name) and MARKERS[name].names == "case" and path not in found.setdefault(arg, []):
                found[arg].append(path)
    return found


def check_presenter_markers(markers: dict, found_units: list, page_paths: set[str]) -> list[Problem]:
    """`<!-- presenter: unit-N -->` names a unit that exists (one whose page has mistakes is reported at them)."""
    names = {f"unit-{u.number}" for u in found_units} | {posixpath.basename(p)[:-3] for p in page_paths if units.is_unit_page(p)}
    return [Problem(f"docs/{path}", line, f"目印 presenter の「{arg}」というユニットはありません",
                    f"{'・'.join(sorted(names))} のどれかにしてください (unknown unit)")
            for path, found in markers.items() for line, name, arg in found if name == "presenter" and arg not in names]


def load_banks(root: str, quiz_pages: dict[str, str], headings: dict[str, dict[str, str]]):
    """Check keys, ids, names and refs; return banks and ref targets by quiz name."""
    paths = data_files(root, QUIZ_DIR, skip=(CHIGAI_FILE, PREPOST_FILE))
    problems, loaded = [], []
    for path in paths:
        raw, found = read_file(root, path)
        bank, found = quizzes.load_bank(path, raw) if raw is not None else (None, found)
        problems += found
        loaded += [bank] if bank else []
    problems += quizzes.check_bank_set(loaded, quiz_pages, paths)
    banks = {bank.name: bank for bank in loaded}
    targets = {}
    for name, bank in banks.items():
        if name in quiz_pages:
            targets[name], found = quizzes.check_refs(bank, quiz_pages[name], headings)
            problems += found
    return banks, targets, problems


def load_cases(root: str):
    """Each cases/NAME.yml with its cases/NAME-plan.yml: (cases by name, names that have a file, problems)."""
    found, problems = {}, []
    names = {posixpath.basename(p)[:-4] for p in data_files(root, CASE_DIR) if not p.endswith("-plan.yml")}
    for name in sorted(names):
        path, plan_path = f"{CASE_DIR}/{name}.yml", f"{CASE_DIR}/{name}-plan.yml"
        raw, read_problems = read_file(root, path)
        plan_raw, plan_problems = read_file(root, plan_path)
        if read_problems or plan_problems:
            problems += read_problems + [Problem(path, 1, f"{plan_path} がありません",
                                                 "支援計画の項目・点検項目・モデルプランのファイルを作ってください (missing plan)")
                                         ] if plan_problems else read_problems
            continue
        case, case_problems = cases.load_case(path, raw, plan_path, plan_raw)
        problems += case_problems
        if case:
            found[name] = case
    return found, names, problems


def load_sessions(root: str, found_units: list[units.Unit], files: frozenset[str]):
    """Each sessions/NAME.yml, checked against the units (their minutes) and the site's files."""
    found, problems = {}, []
    paths = data_files(root, SESSION_DIR)
    for path in paths:
        raw, read_problems = read_file(root, path)
        session, session_problems = sessions.load_session(path, raw, found_units, set(files)) if raw is not None else (None, read_problems)
        problems += session_problems
        if session:
            found[session.name] = session
    return found, {posixpath.basename(p)[:-4] for p in paths}, problems

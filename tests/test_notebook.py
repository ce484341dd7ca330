"""The facilitator's results notebook (docs/facilitator/results.ipynb): run on the bundled synthetic samples, it
reports what the sample files hold (counted here separately from the JSON); its committed outputs are those of a
fresh run; broken, foreign and older-version files are reported and left out; the built page shows the chart."""

from __future__ import annotations

import base64
import copy
import importlib.util
import json
import re
import shutil
import sys
from collections import defaultdict
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "docs" / "facilitator"
NOTEBOOK = FOLDER / "results.ipynb"
SAMPLES = FOLDER / "samples"
REFRESH = ("python scripts/make_samples.py site docs/facilitator/samples --notebook docs/facilitator/results.ipynb"
           " (after make build)")
SETTING = 'RESULTS_DIR = "samples"'
PNG_DATA = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=]+)")

_spec = importlib.util.spec_from_file_location("make_samples", ROOT / "scripts" / "make_samples.py")
make_samples = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_samples)


# --- reading what the notebook shows ---------------------------------------------------------------------------

def cell(nb, cell_id):
    (found,) = [c for c in nb.cells if c.get("id") == cell_id]
    return found


def printed(nb, cell_id) -> list[str]:
    """The lines a cell printed (stdout)."""
    return "".join(o.text for o in cell(nb, cell_id).outputs if o.output_type == "stream" and o.name == "stdout").splitlines()


def shown_html(nb, cell_id) -> str:
    return "".join(o.data.get("text/html", "") for o in cell(nb, cell_id).outputs if o.output_type == "display_data")


class Tables(HTMLParser):
    """Every <table>: its caption, header cells and body rows as text; and every <img>'s attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.tables, self.images, self._cell = [], [], None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "headers": [], "rows": []})
        elif tag == "caption":
            self._cell = ["caption"]
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        elif tag in ("th", "td"):
            self._cell = [tag]
        elif tag == "img":
            self.images.append(dict(attrs))

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag in ("caption", "th", "td") and self._cell is not None:
            kind, text = self._cell[0], "".join(self._cell[1:]).strip()
            table = self.tables[-1]
            if kind == "caption":
                table["caption"] = text
            elif kind == "th":
                table["headers"].append(text)
            else:
                table["rows"][-1].append(text)
            self._cell = None
        elif tag == "table":
            self.tables[-1]["rows"] = [r for r in self.tables[-1]["rows"] if r]


def tables_by_caption(nb, cell_id) -> dict[str, dict]:
    return {t["caption"]: t for t in Tables(shown_html(nb, cell_id)).tables}


def visible_outputs(nb) -> list[list]:
    """Per code cell, what a reader sees: printed text and shown HTML (the PNG's bytes stand in as one token)."""
    seen = []
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        outs = []
        for o in c.outputs:
            if o.output_type == "stream":
                outs.append((o.name, o.text))
            elif o.output_type in ("display_data", "execute_result"):
                outs.append((o.output_type, PNG_DATA.sub("data:image/png;base64,PNG", o.data.get("text/html", "")),
                             o.data.get("text/plain", ""), sorted(o.data)))
            else:
                outs.append((o.output_type, o.get("ename"), o.get("evalue")))
        seen.append(outs)
    return seen


def run(nb, cwd: Path):
    return make_samples.execute_notebook(copy.deepcopy(nb), cwd)


# --- what the sample files hold, counted here without the notebook ----------------------------------------------

def natural(text):
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", text)]


def percent(correct, answered):
    return f"{100 * correct / answered:.1f}"


def expected_counts(paths, leave_out=()):
    """Answers per question and per topic in the result files at `paths`, without the (file name, quiz) in leave_out."""
    per_question = defaultdict(lambda: [0, 0])       # (quiz, title, number, topic) -> [answered, correct]
    per_topic = defaultdict(lambda: [0, 0, []])      # (quiz, title, topic) -> [answered, correct, numbers]
    people = defaultdict(lambda: [0, 0])              # (quiz, title, total) -> [answered some, answered all]
    for path in paths:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        for quiz in data["quizzes"]:
            if (Path(path).name, quiz["quiz"]) in leave_out or not quiz["questions"]:
                continue
            people[(quiz["quiz"], quiz["title"], quiz["total"])][0] += 1
            people[(quiz["quiz"], quiz["title"], quiz["total"])][1] += len(quiz["questions"]) == quiz["total"]
            for q in quiz["questions"]:
                for counts in (per_question[(quiz["quiz"], quiz["title"], q["number"], q["topic"])],
                               per_topic[(quiz["quiz"], quiz["title"], q["topic"])]):
                    counts[0] += 1
                    counts[1] += q["correct"] is True
                if q["number"] not in per_topic[(quiz["quiz"], quiz["title"], q["topic"])][2]:
                    per_topic[(quiz["quiz"], quiz["title"], q["topic"])][2].append(q["number"])
    return per_question, per_topic, people


def question_table_rows(per_question, title):
    rows = [(number, topic, a, c) for (_quiz, t, number, topic), (a, c) in per_question.items() if t == title]
    return [[str(n), topic, str(a), str(c), percent(c, a)] for n, topic, a, c in sorted(rows)]


def weakest_lines(per_topic, limit=8):
    ranked = sorted(per_topic.items(), key=lambda kv: (Fraction(kv[1][1], kv[1][0]), natural(kv[0][0]), min(kv[1][2])))
    return [f"{i}. {topic}（{title} 問 {'・'.join(map(str, sorted(nums)))}）: {percent(c, a)}%（{a} 件中 {c} 件正解）"
            for i, ((_q, title, topic), (a, c, nums)) in enumerate(ranked[:limit], start=1)]


# --- fixtures ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def committed():
    return nbformat.read(NOTEBOOK, as_version=4)


@pytest.fixture(scope="module")
def fresh(committed):
    """The notebook run now, in its own folder, on the committed samples."""
    return run(committed, FOLDER)


# --- tests ------------------------------------------------------------------------------------------------------

def test_kernel_is_this_python(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import os, sys; print(sys.executable); print(os.getcwd())")])
    out = run(nb, tmp_path)
    assert out.cells[0].outputs[0].text.splitlines() == [sys.executable, str(tmp_path)]


def test_notebook_file_is_clean_and_titled(committed):
    nbformat.validate(committed)
    assert (committed.nbformat, committed.nbformat_minor) == (4, 5)
    assert committed.metadata.kernelspec.name == "python3"
    assert all(c.get("id") for c in committed.cells)
    first = committed.cells[0]
    assert first.cell_type == "markdown" and "クイズ結果の集計" in first.source.splitlines()[0]
    assert "架空" in first.source and "どこにも送られません" in "".join(c.source for c in committed.cells)
    settings = [c for c in committed.cells if c.cell_type == "code"][0]
    assert settings.source.startswith(SETTING)
    # No formulas: the site strips MathJax, so nothing may need it.
    assert not any("$" in c.source or "\\(" in c.source for c in committed.cells if c.cell_type == "markdown")
    # Run top to bottom in one go: no hidden state from cells run out of order.
    counts = [c.execution_count for c in committed.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), f"re-run all cells: {REFRESH}"


def test_committed_outputs_are_those_of_a_fresh_run(committed, fresh):
    assert visible_outputs(committed) == visible_outputs(fresh), f"the committed outputs are stale: {REFRESH}"


def test_samples_are_the_generators_synthetic_files_for_the_current_quizzes(site):
    made = make_samples.make_participants(make_samples.read_catalogue(site), training=make_samples.read_training_day(site))
    on_disk = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("*.json"))]
    assert len(on_disk) >= 10 and all(d["participant"].startswith("架空の参加者") for d in on_disk)
    assert made == on_disk, f"the samples are not what the generator makes from the current quizzes: {REFRESH}"
    assert sorted(p.name for p in SAMPLES.iterdir()) == [f"sample-{i:02d}.json" for i in range(1, len(made) + 1)]


def test_notebook_reports_what_the_sample_files_hold(fresh):
    paths = sorted(SAMPLES.glob("*.json"))
    per_question, per_topic, people = expected_counts(paths)

    assert printed(fresh, "load") == [f"読み込んだ参加者のファイル: {len(paths)} 件（フォルダー: samples）"]

    units = tables_by_caption(fresh, "units")["ユニットごとの状況"]
    assert units["headers"] == ["クイズ", "問題数", "解いた人数", "全問解いた人数", "正答率（%）"]
    want = []
    for (quiz, title, total), (some, done) in sorted(people.items(), key=lambda kv: natural(kv[0][0])):
        a = sum(v[0] for k, v in per_question.items() if k[0] == quiz)
        c = sum(v[1] for k, v in per_question.items() if k[0] == quiz)
        want.append([title, str(total), str(some), str(done), percent(c, a)])
    assert units["rows"] == want

    tables = tables_by_caption(fresh, "questions")
    titles = sorted({k[1] for k in per_question}, key=natural)
    assert list(tables) == [f"{t}：問題ごとの正答率" for t in titles]
    for title in titles:
        table = tables[f"{title}：問題ごとの正答率"]
        assert table["headers"] == ["問", "話題", "解いた人数", "正解した人数", "正答率（%）"]
        assert table["rows"] == question_table_rows(per_question, title), title

    topics = tables_by_caption(fresh, "topics")
    assert sum(len(t["rows"]) for t in topics.values()) == len(per_topic)

    lines = printed(fresh, "weakest")
    assert lines[0] == "正答率の低い話題（低い順に 8 件）:"
    assert lines[1:] == weakest_lines(per_topic)
    # The samples are made with some questions clearly harder than the rest: the chart has something to show.
    (_key, (a, c, _n)), *_ = sorted(per_topic.items(), key=lambda kv: Fraction(kv[1][1], kv[1][0]))
    assert 100 * c / a < 50

    (image,) = Tables(shown_html(fresh, "weakest")).images
    png = base64.b64decode(PNG_DATA.fullmatch(image["src"]).group(1))
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
    for line in weakest_lines(per_topic):
        topic = line.split(". ", 1)[1].split("（")[0]
        assert topic in image["alt"], topic

    # The unit tests: who took and passed each, and per question how many were given it and got it right.
    took, given = defaultdict(lambda: [0, 0]), defaultdict(lambda: [0, 0])
    for path in paths:
        for quiz in json.loads(path.read_text(encoding="utf-8"))["quizzes"]:
            if quiz.get("test"):
                took[(quiz["quiz"], quiz["title"])][0] += 1
                took[(quiz["quiz"], quiz["title"])][1] += quiz["test"]["passed"] is True
                for q in quiz["test"]["questions"]:
                    given[(quiz["title"], q["number"], q["topic"])][0] += 1
                    given[(quiz["title"], q["number"], q["topic"])][1] += q["correct"] is True
    assert took, "the samples hold unit tests"
    passes = tables_by_caption(fresh, "test-summary")["ユニットごとの確認テスト"]
    assert passes["rows"] == [[title, str(t), str(p)] for (quiz, title), (t, p) in sorted(took.items(), key=lambda kv: natural(kv[0][0]))]
    tested = tables_by_caption(fresh, "test-questions")
    for title in sorted({k[0] for k in given}, key=natural):
        rows = sorted((n, topic, a, c) for (t, n, topic), (a, c) in given.items() if t == title)
        assert tested[f"{title}：確認テストの問題ごとの正答率"]["rows"] == \
            [[str(n), topic, str(a), str(c), percent(c, a)] for n, topic, a, c in rows], title

    # The training day: per participant, the class average and per section, recomputed from the files.
    days = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    took = [d for d in days if "prepost" in d]
    assert took, "the samples hold training days"
    rate = lambda part: 100 * part["correct"] / part["total"]  # noqa: E731
    people = tables_by_caption(fresh, "prepost-people")["参加者ごとの事前と事後"]["rows"]
    assert [r[0] for r in people] == [d["participant"] for d in took] + ["クラス平均"]
    pre, post = ([rate(d["prepost"][side]) for d in took] for side in ("pre", "post"))
    assert people[-1] == ["クラス平均", f"{sum(pre) / len(pre):.1f}%", f"{sum(post) / len(post):.1f}%",
                          f"{sum(b - a for a, b in zip(pre, post, strict=True)) / len(pre):+.1f}"]
    by_topic = defaultdict(lambda: [0, 0, 0, 0])
    for d in took:
        for i, side in enumerate(("pre", "post")):
            for t in d["prepost"][side]["topics"]:
                by_topic[t["topic"]][2 * i] += 1
                by_topic[t["topic"]][2 * i + 1] += t["correct"]
    topic_rows = tables_by_caption(fresh, "prepost-topics")["節ごとの事前と事後"]["rows"]
    assert topic_rows == [[t, str(a), percent(c, a), str(b), percent(d, b)] for t, (a, c, b, d) in by_topic.items()]
    (image,) = Tables(shown_html(fresh, "prepost-topics")).images
    assert all(t in image["alt"] for t in by_topic)
    answered = [d["survey"] for d in days if "survey" in d]
    assert printed(fresh, "survey")[0] == f"アンケートに答えた人: {len(answered)} 人"
    scale = tables_by_caption(fresh, "survey")["満足度と、仕事に生かせそうか（人数）"]["rows"]
    assert scale[0][1:] == [str(sum(a["satisfaction"] == v for a in answered)) for v in (5, 4, 3, 2, 1)]

    # No warnings, errors or missing-glyph messages anywhere.
    for c in fresh.cells:
        for o in c.get("outputs", []):
            assert o.output_type != "error" and o.get("name") != "stderr", o


def test_broken_foreign_and_other_version_files_are_reported_and_left_out(committed, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    good = sorted(SAMPLES.glob("*.json"))[:3]
    for path in good:
        shutil.copy(path, folder / path.name)
    (folder / "broken.json").write_text('{"format": "nimo-course-results", "version": 1, "quizzes": [', encoding="utf-8")
    (folder / "other.json").write_text('{"format": "something-else", "version": 1, "quizzes": []}', encoding="utf-8")
    (folder / "notes.txt").write_text("not a results file", encoding="utf-8")
    # An export from an older version of unit-1's quiz, with every answer wrong: it must not lower unit-1's rates.
    old = json.loads(sorted(SAMPLES.glob("*.json"))[3].read_text(encoding="utf-8"))
    unit1 = next(q for q in old["quizzes"] if q["quiz"] == "unit-1")
    current_hash, unit1["hash"] = unit1["hash"], "0ld0ld0ld0ld"
    for q in unit1["questions"]:
        q["correct"] = False
    (folder / "older.json").write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")

    nb = copy.deepcopy(committed)
    settings = [c for c in nb.cells if c.cell_type == "code"][0]
    assert SETTING in settings.source
    settings.source = settings.source.replace(SETTING, 'RESULTS_DIR = "mine"')
    out = run(nb, tmp_path)

    lines = printed(out, "load")
    assert lines[0] == "読み込んだ参加者のファイル: 4 件（フォルダー: mine）"
    notes = [line for line in lines[1:] if line.startswith("注意:")]
    assert len(notes) == len(lines) - 1 == 3, lines
    assert any("broken.json" in n and "JSON として読めない" in n for n in notes), notes
    assert any("other.json" in n and "結果ファイル" in n for n in notes), notes
    assert any("unit-1" in n and "版" in n and current_hash in n and "older.json" in n for n in notes), notes

    per_question, _per_topic, _people = expected_counts(good + [folder / "older.json"], leave_out={("older.json", "unit-1")})
    tables = tables_by_caption(out, "questions")
    for title in ("ユニット1の確認クイズ", "ユニット2の確認クイズ"):
        assert tables[f"{title}：問題ごとの正答率"]["rows"] == question_table_rows(per_question, title), title
    # unit-1 counts three files, unit-2 all four.
    assert {row[2] for row in tables["ユニット1の確認クイズ：問題ごとの正答率"]["rows"]} == {"3"}
    assert "4" in {row[2] for row in tables["ユニット2の確認クイズ：問題ごとの正答率"]["rows"]}
    for c in out.cells:
        for o in c.get("outputs", []):
            assert o.output_type != "error" and o.get("name") != "stderr", o


def test_a_missing_folder_is_named_and_nothing_breaks(committed, tmp_path):
    nb = copy.deepcopy(committed)
    settings = [c for c in nb.cells if c.cell_type == "code"][0]
    settings.source = settings.source.replace(SETTING, 'RESULTS_DIR = "no-such-folder"')
    out = run(nb, tmp_path)
    assert printed(out, "load")[1].startswith("注意: フォルダー「no-such-folder」が見つかりません")
    assert printed(out, "weakest") == ["集計できる解答がありません。"]
    assert not any(o.output_type == "error" for c in out.cells for o in c.get("outputs", []))


def test_ties_and_versions_are_decided_in_a_fixed_order(committed):
    names: dict = {}
    exec(cell(committed, "functions").source, names)  # the notebook's own functions, without a kernel
    row = {"title": "T", "answered": 4, "correct": 2}
    topics = [{**row, "quiz": "unit-10", "topic": "a", "numbers": [1]}, {**row, "quiz": "unit-2", "topic": "b", "numbers": [5]},
              {**row, "quiz": "unit-2", "topic": "c", "numbers": [3]}, {**row, "quiz": "unit-2", "topic": "d", "numbers": [9],
                                                                        "correct": 1}]
    assert [t["topic"] for t in names["weakest_topics"](topics, limit=3)] == ["d", "c", "b"]

    def file(name, exported, quiz_hash):
        return {"file": name, "exported_at": exported,
                "quizzes": [{"quiz": "unit-1", "hash": quiz_hash, "questions": [{"number": 1, "topic": "x", "correct": True}]}]}
    # Two versions, one file each: the later export's version is counted, and the other file is named.
    versions, warnings = names["choose_versions"]([file("a.json", "2026-11-20T01:00:00Z", "aaa"),
                                                   file("b.json", "2026-11-20T02:00:00Z", "bbb")])
    assert versions == {"unit-1": "bbb"} and len(warnings) == 1 and "a.json" in warnings[0]


def test_built_page_shows_the_chart_and_loads_no_mathjax(site):
    page = (site / "facilitator" / "results.html").read_text(encoding="utf-8")
    assert "<h1" in page and "クイズ結果の集計" in page
    charts = [img for img in Tables(page).images if img.get("src", "").startswith("data:image/png;base64,")]
    assert len(charts) == 2 and all(len(c["src"]) > 10_000 for c in charts)
    assert charts[0]["alt"].startswith("正答率の低い話題の横棒グラフ。")
    assert charts[1]["alt"].startswith("節ごとの事前と事後の正答率の横棒グラフ。")
    assert "mathjax" not in page.lower()
    assert "require.js" not in page and "require.min.js" not in page
    # The table of contents and the skip link lead to headings on the page.
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    targets = set(re.findall(r'href="#([^"]+)"', page))
    assert targets and targets <= ids, targets - ids
    # The notebook and its samples can be downloaded from the site.
    assert (site / "facilitator" / "results.ipynb").is_file()
    assert sorted(p.name for p in (site / "facilitator" / "samples").glob("*.json")) == sorted(p.name for p in SAMPLES.glob("*.json"))


def test_the_notebook_page_is_built_but_not_in_learners_search(site):
    """The notebook's code is for facilitators; search (index and its copy for file://) does not list its page."""
    assert (site / "facilitator" / "results.html").is_file()
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"], "empty search index"
    assert [d["location"] for d in index["docs"] if d["location"].startswith("facilitator/results.html")] == []
    page_text = (site / "facilitator" / "results.html").read_text(encoding="utf-8")
    assert "RESULTS_DIR" in page_text  # a word only the notebook has ...
    for name in ("search_index.json", "search_index.js"):
        assert "RESULTS_DIR" not in (site / "search" / name).read_text(encoding="utf-8"), name  # ... is not in search

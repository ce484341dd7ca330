"""Make the synthetic (架空) participants' result files that the facilitator's results notebook ships with.

usage: python scripts/make_samples.py SITE_DIR OUT_DIR [--notebook NOTEBOOK]

SITE_DIR is a built site (make build): each quiz's name, title, version (hash) and questions are read from the
rows of its progress.html, exactly as the progress page's export does. OUT_DIR gets sample-01.json ... in the
export format of docs/progress.md (its old sample-*.json files are replaced). The numbers come from a fixed
random seed, so the same site always gives the same files. With --notebook, the notebook is then run in
OUT_DIR's parent folder with this Python and saved with its outputs, as the site shows them.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from datetime import UTC, datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path

SEED = 20261120
PARTICIPANTS = 12
# How many units each participant finished (in unit order), and whether they were part way into the next one.
UNITS_DONE = [6, 6, 6, 6, 6, 5, 5, 4, 3, 3, 2, 1]
PARTIAL_NEXT = [False, False, False, False, False, True, False, True, True, False, True, True]
HARD_QUESTIONS = 7          # questions that most participants find difficult, chosen at random from all
JST = timezone(timedelta(hours=9))
FIRST_DAY = datetime(2026, 11, 9, tzinfo=JST)
STUDY_DAYS = 10             # answers fall on the ten days before the results are collected
EXPORT_DAY = datetime(2026, 11, 20, tzinfo=JST)
DRAW, PASS_PERCENT = 10, 80  # the unit test's defaults (quizzes/*.yml test:)


class ProgressRows(HTMLParser):
    """The quiz catalogue in progress.html's <tr class="progress-row" data-...> rows."""

    def __init__(self):
        super().__init__()
        self.quizzes: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag != "tr" or "progress-row" not in (a.get("class") or "").split():
            return
        self.quizzes.append({"quiz": a["data-quiz"], "title": a["data-quiz-title"], "hash": a["data-quiz-hash"],
                             "total": int(a["data-total"]), "questions": json.loads(a["data-questions"])})


def read_catalogue(site: Path) -> list[dict]:
    parser = ProgressRows()
    parser.feed((site / "progress.html").read_text(encoding="utf-8"))
    if not parser.quizzes:
        raise SystemExit(f"{site}/progress.html has no quiz rows (progress-row)")
    return parser.quizzes


def read_training_day(site: Path) -> dict | None:
    """The pre/post topics of training-day.html (its prepost__data JSON), or None when the site has none."""
    page = site / "training-day.html"
    if not page.exists():
        return None
    html = page.read_text(encoding="utf-8")
    start = html.index('class="prepost__data">') + len('class="prepost__data">')
    return json.loads(html[start:html.index("</script>", start)])


# Synthetic (架空) free-text answers of the questionnaire.
COMMENTS = ["事例の演習で、見立てを言葉にする練習ができました。", "保健所に早めに相談してよいとわかり、気が楽になりました。",
            "庁内の連携の進め方を、職場で話し合ってみます。", "夜間の相談の流れを、もう少し詳しく知りたいです。", ""]
TOOK_THE_DAY = 10  # of the participants, those at the training day (pre-test, post-test and questionnaire)


def training_day(rng: random.Random, day: dict, chance: dict, ability: float, took: datetime) -> dict:
    """A participant's pre-test (before the training: lower), post-test and questionnaire, in the export's shape."""
    out = {"prepost": {"title": day["title"]}}
    for side, lift, moment in (("pre", -0.25, took), ("post", 0.0, took + timedelta(hours=3))):
        topics = [{"topic": t["topic"], "id": t[side],
                   "correct": rng.random() < min(0.99, max(0.05, chance.get(t[side], 0.8) + ability + lift))} for t in day["topics"]]
        out["prepost"][side] = {"at": iso(moment, rng), "correct": sum(t["correct"] for t in topics), "total": len(topics),
                                "topics": topics}
    out["survey"] = {"at": iso(took + timedelta(hours=3, minutes=10), rng), "satisfaction": rng.choice([5, 5, 4, 4, 4, 3]),
                     "usefulness": rng.choice([5, 4, 4, 4, 3, 2]),
                     "next": sorted(rng.sample(["reread", "test", "case", "share", "consult"], 2)),
                     "comment": rng.choice(COMMENTS)}
    return out


def iso(moment: datetime, rng: random.Random) -> str:
    """Like JavaScript's Date.toISOString(): UTC with milliseconds."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randrange(1000):03d}Z"


def make_participants(catalogue: list[dict], seed: int = SEED, training: dict | None = None) -> list[dict]:
    rng = random.Random(seed)
    all_ids = [q["id"] for quiz in catalogue for q in quiz["questions"]]
    hard = set(rng.sample(all_ids, min(HARD_QUESTIONS, len(all_ids))))
    chance = {qid: rng.uniform(0.30, 0.50) if qid in hard else rng.uniform(0.74, 0.96) for qid in all_ids}
    progress = [(UNITS_DONE[i % len(UNITS_DONE)], PARTIAL_NEXT[i % len(PARTIAL_NEXT)]) for i in range(PARTICIPANTS)]
    rng.shuffle(progress)
    files = []
    for i, (done, partial) in enumerate(progress):
        ability = rng.uniform(-0.10, 0.08)
        # One sitting per unit, on study days in order, during office hours (Japan time).
        day = FIRST_DAY + timedelta(days=rng.randrange(3))
        latest = day
        quizzes = []
        for u, quiz in enumerate(catalogue):
            count = len(quiz["questions"]) if u < done else rng.randrange(3, len(quiz["questions"])) if u == done and partial else 0
            moment = day + timedelta(hours=rng.randrange(9, 16), minutes=rng.randrange(60))
            questions = []
            for q in quiz["questions"][:count]:
                moment += timedelta(seconds=rng.randrange(40, 200))
                correct = rng.random() < min(0.99, max(0.05, chance[q["id"]] + ability))
                questions.append({"id": q["id"], "number": q["number"], "topic": q["topic"], "correct": correct,
                                  "answered_at": iso(moment, rng)})
            test = None
            if u < done:  # a finished unit: one unit test (確認テスト) of questions drawn from the bank, the last one kept
                tries = 1 + (rng.random() < 0.3)
                for _ in range(tries):
                    moment += timedelta(minutes=rng.randrange(2, 20))
                    drawn = sorted(rng.sample(quiz["questions"], min(DRAW, len(quiz["questions"]))), key=lambda q: q["number"])
                    seen = [{"id": q["id"], "number": q["number"], "topic": q["topic"],
                             "correct": rng.random() < min(0.99, max(0.05, chance[q["id"]] + ability + 0.05)),
                             "answered_at": iso(moment, rng)} for q in drawn]
                    right = sum(q["correct"] for q in seen)
                    passed = right * 100 >= PASS_PERCENT * len(seen) or bool(test and test["passed"])
                    best = max(right, test["best"]["correct"] if test else 0)
                    test = {"attempts": (test["attempts"] if test else 0) + 1, "passed": passed,
                            "passed_at": (test and test["passed_at"]) or (iso(moment, rng) if passed else None),
                            "best": {"correct": best, "total": len(seen)},
                            # as the export: each question seen in some attempt, with its newest result
                            "questions": sorted({q["id"]: q for q in [*(test["questions"] if test else []), *seen]}.values(),
                                                key=lambda q: q["number"])}
            if count:
                latest = max(latest, moment)
                day = min(day + timedelta(days=rng.randrange(1, 3)), FIRST_DAY + timedelta(days=STUDY_DAYS - 1))
            quizzes.append({"quiz": quiz["quiz"], "title": quiz["title"], "hash": quiz["hash"], "total": quiz["total"],
                            "answered": len(questions), "correct": sum(q["correct"] for q in questions),
                            "questions": questions, **({"test": test} if test else {})})
        exported = max(latest + timedelta(minutes=rng.randrange(5, 90)),
                       EXPORT_DAY + timedelta(hours=rng.randrange(9, 12), minutes=rng.randrange(60), seconds=rng.randrange(60)))
        data = {"format": "nimo-course-results", "version": 1, "exported_at": iso(exported, rng),
                "participant": f"架空の参加者{i + 1:02d}", "quizzes": quizzes}
        if training and i < TOOK_THE_DAY:
            data.update(training_day(rng, training, chance, ability, EXPORT_DAY - timedelta(days=1) + timedelta(hours=9, minutes=30)))
        files.append(data)
    return files


def write_samples(files: list[dict], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("sample-*.json"):
        old.unlink()
    paths = []
    for i, data in enumerate(files, start=1):
        path = out / f"sample-{i:02d}.json"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def execute_notebook(nb, cwd: Path):
    """Run every cell of `nb` (an nbformat notebook) with this Python's ipykernel, in folder `cwd`.

    The kernel is started from a kernelspec made here with sys.executable, so that the venv's Python runs the
    cells whatever `python3` kernelspecs the machine or the user has installed.
    """
    import matplotlib.font_manager  # noqa: F401  builds matplotlib's font cache here, not in a cell's output
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "course-python"
        spec.mkdir()
        (spec / "kernel.json").write_text(json.dumps({
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python 3", "language": "python"}), encoding="utf-8")
        km = KernelManager(kernel_name="course-python", kernel_spec_manager=KernelSpecManager(kernel_dirs=[tmp]))
        client = NotebookClient(nb, km=km, timeout=300, record_timing=False, resources={"metadata": {"path": str(cwd)}})
        client.execute()
    return nb


def refresh_notebook(path: Path) -> None:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    execute_notebook(nb, path.parent)
    nb.metadata.get("language_info", {}).pop("version", None)  # the machine's Python version: noise in diffs
    nbformat.validate(nb)
    nbformat.write(nb, path)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site (make build)")
    parser.add_argument("out", type=Path, help="folder for sample-NN.json")
    parser.add_argument("--notebook", type=Path, help="then run this notebook and save it with its outputs")
    args = parser.parse_args(argv)
    paths = write_samples(make_participants(read_catalogue(args.site), training=read_training_day(args.site)), args.out)
    print(f"{args.out}: {len(paths)} synthetic participant files")
    if args.notebook:
        refresh_notebook(args.notebook)
        print(f"{args.notebook}: run and saved with its outputs")


if __name__ == "__main__":
    main()

/* Results viewer for facilitators: reads participants' exported files (format "nimo-course-results" v1, see
   docs/editors/learner-data.md) in the browser and shows who sent which file, the correct rate per question and the weakest
   topics. Same rules as the results notebook: files of another format are skipped; when files disagree on a
   quiz's version (hash), only the most common version is counted. Hardened against any file: JSON is parsed
   without prototype keys and tallied in Maps; a bad entry is skipped with a notice, never the whole batch; the
   same file twice, and two files of one participant (same learner id, or same name), count once (the newest
   export). Nothing is uploaded or stored. */
(() => {
  "use strict";
  const Core = window.NimoCore;
  const WEAKEST = 8;
  const LIMIT = 5 * 1024 * 1024;
  const isObject = Core.isObject;

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  const percent = (correct, answered) => (answered ? Math.round((1000 * correct) / answered) / 10 : 0);
  /* The mean of rates, to one decimal (null for none); a change of rate in points, with its sign. */
  const mean = (xs) => (xs.length ? Math.round((10 * xs.reduce((a, b) => a + b, 0)) / xs.length) / 10 : null);
  const change = (before, after) => { const d = Math.round(10 * (after - before)) / 10; return (d >= 0 ? "+" : "") + d + " ポイント"; };
  const str = (v) => (typeof v === "string" ? v : "");

  /* The usable quizzes of one file; bad entries are counted in `skipped`. */
  function entries(data) {
    let skipped = 0;
    const quizzes = [];
    for (const q of data.quizzes) {
      if (!isObject(q) || typeof q.quiz !== "string" || typeof q.hash !== "string" || !q.quiz) { skipped++; continue; }
      const answers = (list) => {
        const out = [];
        for (const a of Array.isArray(list) ? list : []) {
          if (!isObject(a) || !Number.isInteger(a.number) || a.number < 1) { skipped++; continue; }
          out.push({ number: a.number, topic: str(a.topic), correct: a.correct === true });
        }
        if (list !== undefined && !Array.isArray(list)) skipped++;
        return out;
      };
      const questions = answers(q.questions);
      /* The unit test (files from pages before it have none): each question seen in an attempt, and the pass. */
      const test = isObject(q.test) ? q.test : {};
      if (q.test !== undefined && !isObject(q.test)) skipped++;
      const best = isObject(test.best) && Number.isInteger(test.best.correct) && Number.isInteger(test.best.total) ? test.best : null;
      quizzes.push({ quiz: q.quiz, hash: q.hash, title: str(q.title) || q.quiz, questions, tested: answers(test.questions),
                     tries: Number.isInteger(test.attempts) && test.attempts > 0 ? test.attempts : 0, passed: test.passed === true, best });
    }
    /* The training day: each test's score and its answers by topic; the questionnaire. */
    const prepost = {};
    const pp = isObject(data.prepost) ? data.prepost : {};
    for (const side of ["pre", "post"]) {
      const t = pp[side];
      if (t === undefined) continue;
      if (!isObject(t) || !Number.isInteger(t.correct) || !Number.isInteger(t.total) || t.total < 1 || !Array.isArray(t.topics)) { skipped++; continue; }
      prepost[side] = { correct: t.correct, total: t.total,
                        topics: t.topics.filter((x) => isObject(x) && typeof x.topic === "string").map((x) => ({ topic: x.topic, correct: x.correct === true })) };
    }
    let survey = null;
    if (isObject(data.survey)) {
      const sv = data.survey, scale = (v) => (Number.isInteger(v) && v >= 1 && v <= 5 ? v : null);
      survey = { satisfaction: scale(sv.satisfaction), usefulness: scale(sv.usefulness),
                 next: Array.isArray(sv.next) ? sv.next.filter((x) => typeof x === "string") : [], comment: str(sv.comment).trim().slice(0, 1000) };
    } else if (data.survey !== undefined) skipped++;
    return { quizzes, skipped, prepost, survey };
  }

  /* files: [{name, text, data}] (data: parsed JSON or null). Returns {used, warnings, senders, questions, weakest}. */
  function tally(files) {
    const warnings = [];
    const senders = [];
    const seenText = new Map();
    const good = [];
    for (const f of files) {
      const d = f.data;
      const sender = { file: f.name, participant: "", exported: "", status: "" };
      senders.push(sender);
      if (!(isObject(d) && d.format === "nimo-course-results" && d.version === 1 && Array.isArray(d.quizzes))) {
        sender.status = "読み飛ばしました（コースの結果ファイルではありません）";
        warnings.push(f.name + "：コースの結果ファイルではないため、読み飛ばしました。");
        continue;
      }
      sender.participant = str(d.participant).trim() || "（名前なし）";
      sender.exported = str(d.exported_at).slice(0, 10);
      if (seenText.has(f.text)) {
        sender.status = "読み飛ばしました（" + seenText.get(f.text) + " と同じファイルです）";
        warnings.push(f.name + "：" + seenText.get(f.text) + " と同じファイルのため、一度だけ数えました。");
        continue;
      }
      seenText.set(f.text, f.name);
      const e = entries(d);
      if (e.skipped) warnings.push(f.name + "：読み取れない項目が " + e.skipped + " 件あったため、その項目だけ読み飛ばしました。");
      good.push({ name: f.name, sender, at: str(d.exported_at), learner: str(d.learner), participant: str(d.participant).trim(), quizzes: e.quizzes,
                  prepost: e.prepost, survey: e.survey });
    }
    /* One participant, several files: the newest export counts. Same learner id, or (without one) same name. */
    const byPerson = new Map();
    for (const g of good) {
      const who = g.learner ? "id:" + g.learner : g.participant ? "name:" + g.participant : "";
      if (!who) continue;
      const other = byPerson.get(who);
      if (!other) { byPerson.set(who, g); continue; }
      const [keep, drop] = g.at > other.at ? [g, other] : [other, g];
      byPerson.set(who, keep);
      drop.dropped = true;
      drop.sender.status = "数えませんでした（同じ参加者の新しいファイル " + keep.name + " を数えました）";
      warnings.push(drop.name + "：" + keep.name + " と同じ参加者（" + (keep.participant || "名前なし") + "）のファイルです。新しいほう（" + keep.name + "）だけを数えました。");
    }
    const used = good.filter((g) => !g.dropped);
    used.forEach((g) => { g.sender.status = "集計しました"; });

    const versions = new Map(), newest = new Map();
    for (const g of used) {
      for (const q of g.quizzes) {
        if (!q.questions.length && !q.tested.length) continue; /* an untouched quiz says nothing of its version */
        if (!versions.has(q.quiz)) versions.set(q.quiz, new Map());
        const byHash = versions.get(q.quiz);
        byHash.set(q.hash, (byHash.get(q.hash) || 0) + 1);
        const key = q.quiz + "\u0000" + q.hash;
        if (!newest.has(key) || g.at > newest.get(key)) newest.set(key, g.at);
      }
    }
    const chosen = new Map();
    for (const [quiz, n] of versions) {
      /* As the notebook: the most files, then the newest export, then the smaller hash. */
      const at = (h) => newest.get(quiz + "\u0000" + h);
      const hashes = Array.from(n.keys()).sort((a, b) => n.get(b) - n.get(a) || (at(a) > at(b) ? -1 : at(a) < at(b) ? 1 : 0) || (a < b ? -1 : 1));
      chosen.set(quiz, hashes[0]);
      if (hashes.length > 1) warnings.push(quiz + "：問題の版が違うファイルがあります。いちばん多い版（" + n.get(hashes[0]) + " 件）だけを数えました。");
    }
    const questions = new Map(), tests = new Map();
    for (const g of used) {
      for (const q of g.quizzes) {
        if (q.hash !== chosen.get(q.quiz)) continue;
        const row = (a) => {
          const key = q.quiz + "\u0000" + a.number;
          if (!questions.has(key)) questions.set(key, { quiz: q.quiz, title: q.title, number: a.number, topic: a.topic, answered: 0, correct: 0, seen: 0, seenCorrect: 0 });
          return questions.get(key);
        };
        for (const a of q.questions) {
          const r = row(a);
          r.answered++;
          if (a.correct) r.correct++;
        }
        for (const a of q.tested) {
          const r = row(a);
          r.seen++;
          if (a.correct) r.seenCorrect++;
        }
        if (q.tries) {
          if (!tests.has(q.quiz)) tests.set(q.quiz, { quiz: q.quiz, title: q.title, took: 0, passed: 0 });
          const t = tests.get(q.quiz);
          t.took++;
          if (q.passed) t.passed++;
        }
      }
    }
    const rows = Array.from(questions.values()).sort((a, b) =>
      a.quiz.localeCompare(b.quiz, "en", { numeric: true }) || a.number - b.number); /* unit-10 after unit-9 */
    const topics = new Map();
    rows.forEach((r, i) => {
      const key = r.title + "\u0000" + r.topic;
      if (!topics.has(key)) topics.set(key, { title: r.title, topic: r.topic, answered: 0, correct: 0, order: i });
      const t = topics.get(key); /* practice answers and test answers together */
      t.answered += r.answered + r.seen;
      t.correct += r.correct + r.seenCorrect;
    });
    const weakest = Array.from(topics.values()).sort((a, b) => a.correct / a.answered - b.correct / b.answered || a.order - b.order).slice(0, WEAKEST);
    const passes = Array.from(tests.values()).sort((a, b) => a.quiz.localeCompare(b.quiz, "en", { numeric: true }));
    return { used: used.length, warnings, senders, questions: rows, weakest, tests: passes, ...trainingDay(used) };
  }

  /* "3" for the quiz unit-3, the quiz's title otherwise: short, for a list that has to fit a page. */
  const unitLabel = (q) => (/^unit-\d+$/.test(q.quiz) ? q.quiz.slice(5) : q.title);

  /* Per participant (in file order) and per topic, the pre-test and post-test; the questionnaire's counts. */
  function trainingDay(used) {
    const people = used.map((g) => ({
      name: g.participant || "（名前なし）",
      passed: g.quizzes.filter((q) => q.passed).map(unitLabel),
      best: g.quizzes.filter((q) => q.best).map((q) => unitLabel(q) + "：" + q.best.correct + "/" + q.best.total),
      pre: g.prepost.pre || null, post: g.prepost.post || null, survey: Boolean(g.survey)
    }));
    const topics = new Map();
    for (const g of used) {
      for (const side of ["pre", "post"]) {
        for (const t of (g.prepost[side] || { topics: [] }).topics) {
          if (!topics.has(t.topic)) topics.set(t.topic, { topic: t.topic, pre: [0, 0], post: [0, 0] });
          const row = topics.get(t.topic)[side];
          row[0]++;
          if (t.correct) row[1]++;
        }
      }
    }
    const rate = (t) => (100 * t.correct) / t.total; /* unrounded: averages round once, as the notebook does */
    const both = people.filter((p) => p.pre && p.post);
    const average = { pre: mean(people.filter((p) => p.pre).map((p) => rate(p.pre))),
                      post: mean(people.filter((p) => p.post).map((p) => rate(p.post))),
                      /* those who took both: the class's change */
                      both: both.length, bothPre: mean(both.map((p) => rate(p.pre))),
                      bothPost: mean(both.map((p) => rate(p.post))) };
    const answers = used.map((g) => g.survey).filter(Boolean);
    const counts = (key) => [5, 4, 3, 2, 1].map((v) => answers.filter((a) => a[key] === v).length);
    const next = new Map();
    answers.forEach((a) => a.next.forEach((x) => next.set(x, (next.get(x) || 0) + 1)));
    return { people, topics: Array.from(topics.values()), average,
             survey: { n: answers.length, satisfaction: counts("satisfaction"), usefulness: counts("usefulness"), next,
                       comments: answers.map((a) => a.comment).filter(Boolean) } };
  }

  function table(caption, heads, rows, cls) {
    const t = el("table", undefined, cls);
    t.tabIndex = 0; /* a wide table scrolls sideways: by keyboard too */
    t.appendChild(el("caption", caption));
    const tr = el("tr");
    heads.forEach((h) => { const th = el("th", h); th.scope = "col"; tr.appendChild(th); });
    t.appendChild(el("thead")).appendChild(tr);
    const body = t.appendChild(el("tbody"));
    rows.forEach((cells) => {
      const row = body.appendChild(el("tr"));
      cells.forEach((c) => row.appendChild(c instanceof Node ? c : el("td", String(c))));
    });
    return t;
  }

  function bar(rate) {
    const td = el("td", rate + "%", "results__rate");
    const b = td.appendChild(el("span", undefined, "results__bar"));
    b.style.width = (rate * 0.06).toFixed(2) + "em"; /* 100 % = 6em */
    b.setAttribute("aria-hidden", "true");
    return td;
  }

  function show(root, files) {
    const out = root.querySelector(".results__output");
    out.textContent = "";
    const r = tally(files);
    root.querySelector(".results__status").textContent = r.used + " 件の結果ファイルを集計しました。";
    if (r.warnings.length) {
      const ul = out.appendChild(el("ul", undefined, "results__warnings"));
      r.warnings.forEach((w) => ul.appendChild(el("li", w)));
    }
    const who = out.appendChild(el("details", undefined, "results__senders"));
    who.appendChild(el("summary", "だれがどのファイルを送ったか（" + r.senders.length + " 件）"));
    who.appendChild(table("読み込んだファイル", ["ファイル", "参加者", "書き出した日", "扱い"],
      r.senders.map((s) => [s.file, s.participant || "—", s.exported || "—", s.status])));
    showTrainingDay(out, r);
    if (!r.questions.length) return;
    if (r.tests.length) {
      out.appendChild(table("確認テストを受けた人と合格した人", ["クイズ", "受けた人", "合格した人"],
        r.tests.map((t) => [t.title, t.took + " 人", t.passed + " 人"])));
    }
    out.appendChild(table("正答率の低い節（低い順に最大 " + WEAKEST + " 件。練習と確認テストの解答を合わせて）", ["クイズ", "節", "解答数", "正答率"],
      r.weakest.map((t) => [t.title, t.topic, t.answered, bar(percent(t.correct, t.answered))])));
    /* Sixty rows: folded, so the weakest topics stay the first thing a facilitator sees. */
    const details = out.appendChild(el("details", undefined, "results__questions"));
    details.appendChild(el("summary", "問題ごとの正答率を見る（" + r.questions.length + " 問）"));
    details.appendChild(table("問題ごとの正答率（確認テストは一人ずつ選ばれた問題なので、その問題が出た人数も示します）",
      ["クイズ", "問", "節", "練習の解答数", "練習の正答率", "確認テストで出た人数", "確認テストの正答率"],
      r.questions.map((q) => [q.title, "問" + q.number, q.topic, q.answered, q.answered ? bar(percent(q.correct, q.answered)) : "—",
                              q.seen, q.seen ? bar(percent(q.seenCorrect, q.seen)) : "—"])));
  }

  const SCALE = ["とてもそう思う", "そう思う", "どちらともいえない", "あまりそう思わない", "そう思わない"];
  const NEXT = { reread: "ユニットを読み直す", test: "確認テストを受ける", case: "A美さんの事例に取り組む",
                 share: "職場で内容を共有する", consult: "保健所やセンターに相談する" };
  const score = (t) => (t ? t.correct + " / " + t.total + "（" + percent(t.correct, t.total) + "%）" : "—");

  /* Bars for pre and post per topic, drawn from the same figures as the table beside it (its text alternative). */
  function chart(topics) {
    const fig = el("figure", undefined, "results__chart");
    const alt = topics.map((t) => t.topic + "：事前 " + (t.pre[0] ? percent(t.pre[1], t.pre[0]) + "%" : "なし") +
                                  "、事後 " + (t.post[0] ? percent(t.post[1], t.post[0]) + "%" : "なし")).join("。");
    const bars = fig.appendChild(el("div", undefined, "results__bars"));
    bars.setAttribute("role", "img");
    bars.setAttribute("aria-label", "節ごとの正答率の棒グラフ。" + alt + "。");
    for (const t of topics) {
      const row = bars.appendChild(el("div", undefined, "results__bar-row"));
      row.appendChild(el("span", t.topic, "results__bar-label"));
      for (const side of ["pre", "post"]) {
        const [n, c] = t[side];
        const line = row.appendChild(el("span", undefined, "results__bar-line results__bar-line--" + side));
        const b = line.appendChild(el("span", undefined, "results__bar-fill"));
        b.style.width = (n ? 0.7 * percent(c, n) : 0).toFixed(1) + "%"; /* 100 % = 70 % of the line, the rest for the figure */
        line.appendChild(el("span", (side === "pre" ? "事前 " : "事後 ") + (n ? percent(c, n) + "%" : "—"), "results__bar-value"));
      }
    }
    fig.appendChild(el("figcaption", "節ごとの正答率（上の棒が事前、下の棒が事後。数値は表と同じ）"));
    return fig;
  }

  function showTrainingDay(out, r) {
    const people = out.appendChild(el("section", undefined, "results__participants"));
    people.appendChild(el("h3", "参加者一覧"));
    const print = people.appendChild(el("p")).appendChild(el("button", "参加者一覧を印刷する", "md-button"));
    print.type = "button";
    print.addEventListener("click", () => {
      document.body.classList.add("results--print-participants");
      window.print();
      document.body.classList.remove("results--print-participants");
    });
    people.appendChild(table("参加者一覧（集計したファイルごと。ユニットは番号）",
      ["参加者", "修了したユニット", "確認テストの最高点（ユニット：正解/問題数）", "事前テスト", "事後テスト", "アンケート"],
      r.people.map((p) => [p.name, p.passed.length ? p.passed.length + "（" + p.passed.join("・") + "）" : "0",
                           p.best.join("、") || "—", score(p.pre), score(p.post), p.survey ? "回答済み" : "—"]), "results-table results__people"));
    if (r.people.some((p) => p.pre || p.post)) {
      const day = out.appendChild(el("section", undefined, "results__prepost"));
      day.appendChild(el("h3", "事前テストと事後テスト"));
      const a = r.average, pct = (v) => (v === null ? "—" : v + "%");
      const rows = r.people.filter((p) => p.pre || p.post).map((p) => [p.name, score(p.pre), score(p.post),
        p.pre && p.post ? change(percent(p.pre.correct, p.pre.total), percent(p.post.correct, p.post.total)) : "—"]);
      rows.push(["クラス平均", pct(a.pre), pct(a.post), a.both ? "両方受けた " + a.both + " 人：" + pct(a.bothPre) + " → " + pct(a.bothPost) : "—"]);
      day.appendChild(table("参加者ごとの事前と事後（正答率の変化）", ["参加者", "事前", "事後", "変化"], rows, "results-table"));
      day.appendChild(table("節ごとの事前と事後", ["節", "事前（正解 / 解答）", "事後（正解 / 解答）", "正答率の変化"],
        r.topics.map((t) => [t.topic, t.pre[0] ? t.pre[1] + " / " + t.pre[0] + "（" + percent(t.pre[1], t.pre[0]) + "%）" : "—",
                             t.post[0] ? t.post[1] + " / " + t.post[0] + "（" + percent(t.post[1], t.post[0]) + "%）" : "—",
                             t.pre[0] && t.post[0] ? change(percent(t.pre[1], t.pre[0]), percent(t.post[1], t.post[0])) : "—"]),
        "results-table"));
      day.appendChild(chart(r.topics));
    }
    if (r.survey.n) {
      const sv = out.appendChild(el("section", undefined, "results__survey"));
      sv.appendChild(el("h3", "研修アンケート（" + r.survey.n + " 人）"));
      sv.appendChild(table("満足度と、仕事に生かせそうか（人数）", ["問い", ...SCALE],
        [["研修の内容に満足した", ...r.survey.satisfaction], ["仕事に生かせそうだ", ...r.survey.usefulness]], "results-table"));
      sv.appendChild(table("このあと取り組みたいこと（人数、複数回答）", ["取り組み", "人数"],
        Object.keys(NEXT).map((k) => [NEXT[k], r.survey.next.get(k) || 0]), "results-table"));
      sv.appendChild(el("h4", "自由記述（" + r.survey.comments.length + " 件）"));
      const ul = sv.appendChild(el("ul", undefined, "results__comments"));
      r.survey.comments.forEach((c) => ul.appendChild(el("li", c)));
    }
  }

  function setup(root) {
    const input = root.querySelector(".results__files");
    input.addEventListener("change", () => {
      const list = Array.from(input.files || []);
      Promise.all(list.map((file) => {
        if (file.size > LIMIT) return Promise.resolve({ name: file.name, text: "", data: null });
        return file.text().then((text) => {
          try { return { name: file.name, text, data: Core.parse(text) }; } catch (e) { return { name: file.name, text, data: null }; }
        }, () => ({ name: file.name, text: "", data: null }));
      })).then((files) => {
        files.sort((a, b) => (a.name < b.name ? -1 : 1));
        show(root, files);
      });
    });
  }

  window.NimoResults = { tally };
  Core.mount(".results", setup);
})();

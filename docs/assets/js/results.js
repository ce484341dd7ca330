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
      quizzes.push({ quiz: q.quiz, hash: q.hash, title: str(q.title) || q.quiz, questions, tested: answers(test.questions),
                     tries: Number.isInteger(test.attempts) && test.attempts > 0 ? test.attempts : 0, passed: test.passed === true });
    }
    return { quizzes, skipped };
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
      good.push({ name: f.name, sender, at: str(d.exported_at), learner: str(d.learner), participant: str(d.participant).trim(), quizzes: e.quizzes });
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
    return { used: used.length, warnings, senders, questions: rows, weakest, tests: passes };
  }

  function table(caption, heads, rows, cls) {
    const t = el("table", undefined, cls);
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

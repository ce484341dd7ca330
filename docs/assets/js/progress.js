/* The progress page and the completion record, from the answers kept under quiz:<name> (see core.js).
   Results export for the facilitator (documented in docs/editors/learner-data.md): {format: "nimo-course-results",
   version: 1, exported_at, participant, learner, quizzes: [...]}; the file name carries the name and the date. */
(() => {
  "use strict";
  const Core = window.NimoCore;
  const Quiz = Core.Quiz;
  const $$ = (root, sel) => Array.from(root.querySelectorAll(sel));

  /* What the page knows of a quiz: from a progress row's data attributes, or from the record's JSON. */
  function rowMeta(row) {
    let questions;
    try { questions = Core.parse(row.dataset.questions || "[]"); } catch (e) { questions = []; }
    return { quiz: row.dataset.quiz, hash: row.dataset.quizHash, title: row.dataset.quizTitle,
             total: Number(row.dataset.total), questions };
  }

  /* The stored state of a quiz, with its completion record kept in step (and saved when it is new). */
  function quizState(meta) {
    const r = Core.read("quiz:" + meta.quiz);
    const state = Quiz.normalize(r.value, meta.quiz);
    if (r.ok && r.value !== null && Quiz.complete(state, meta)) {
      Core.update("quiz:" + meta.quiz, (value) => {
        if (value === null) return undefined;
        const next = Quiz.normalize(value, meta.quiz);
        if (!Quiz.complete(next, meta)) return undefined;
        /* An old-format entry stays as it is (the quiz page carries it over, with its key at hand); only the
           record is added, so the completion stays even if the quiz changes before then. */
        return value.v === 2 ? next : Object.assign({}, value, { completed: next.completed });
      });
    }
    return state;
  }

  function testState(meta) {
    return Core.Test.normalize(Core.read("test:" + meta.quiz).value, meta.quiz);
  }

  /* The unit test in the export: tries, pass, best score, and each question seen in an attempt (the newest
     result), for questions still asked as they were (same correctness hash). */
  function testSummary(meta, catalogue) {
    const state = testState(meta);
    const s = Core.Test.summary(state);
    const seen = new Map();
    for (const a of state.attempts.slice().sort((x, y) => (x.at < y.at ? -1 : 1))) {
      for (const qid of a.drawn) {
        const q = catalogue.get(qid);
        if (q && a.h && a.h[qid] === q.h) seen.set(qid, { id: qid, number: q.number, topic: q.topic, correct: a.results[qid] === true, answered_at: a.at });
      }
    }
    return { state, s, export: { attempts: s.tries, passed: Boolean(s.passed), passed_at: s.passed ? s.passed.at : null,
      best: s.best ? { correct: s.best.correct, total: s.best.total } : null,
      questions: Array.from(seen.values()).sort((x, y) => x.number - y.number) } };
  }

  function summary(meta) {
    const state = quizState(meta);
    const current = Quiz.current(state, meta.questions || []);
    const dates = current.map(([, a]) => a.at).sort();
    const test = testSummary(meta, new Map((meta.questions || []).map((q) => [q.id, q])));
    const lastTest = test.s.last ? test.s.last.at : null;
    if (lastTest) dates.push(lastTest);
    dates.sort();
    return {
      quiz: meta.quiz, title: meta.title, hash: meta.hash,
      total: meta.total, answered: current.length, correct: current.filter(([, a]) => a.correct).length,
      last: dates.length ? dates[dates.length - 1] : null,
      completed: state.completed || null,
      testing: Boolean(test.state.current),
      passed: test.s.passed, best: test.s.best, lastTry: test.s.last, tries: test.s.tries,
      /* In bank order, answered ones only, each with its number and topic for the results notebook. */
      questions: current.map(([q, a]) => ({ id: q.id, number: q.number, topic: q.topic, correct: a.correct === true,
                                            answered_at: a.at || null })),
      test: test.export
    };
  }

  /* The learner's name and a random id (so the facilitator can tell two files of one person apart from two
     people), shared by the export, the record and the backup; saved as typed, merged with other tabs. */
  function profile() {
    const p = Core.get("profile", {});
    return { name: typeof p.name === "string" ? p.name : "", id: typeof p.id === "string" ? p.id : "" };
  }
  function learnerId() {
    const p = profile();
    if (p.id) return p.id;
    const bytes = new Uint8Array(8);
    crypto.getRandomValues(bytes);
    const id = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    Core.update("profile", (v) => Object.assign({}, v || {}, { id: (v && v.id) || id }));
    return profile().id || id;
  }
  function bindName(input, onChange, notice) {
    input.value = profile().name;
    input.addEventListener("input", () => {
      const r = Core.update("profile", (v) => Object.assign({}, v || {}, { name: input.value }));
      if (!r.ok && notice) Core.say(notice, Core.MSG.failed);
      if (onChange) onChange();
    });
    Core.onChange((k) => {
      if ((k === "profile" || k === null) && document.activeElement !== input) {
        input.value = profile().name;
        if (onChange) onChange();
      }
    });
  }

  const score = (a) => a.correct + " / " + a.total + " 問正解";

  function practiceText(s) {
    if (s.answered) return s.answered + " / " + s.total + " 問解答、" + s.correct + " 問正解";
    return s.completed ? "以前に全問解答（" + score(s.completed) + "）" : "—";
  }

  function testText(s) {
    if (s.passed) return "合格（" + score(s.best) + "、" + s.passed.at.slice(0, 10) + "）";
    if (s.testing) return "受験中" + (s.tries ? "（これまで " + s.tries + " 回、最高 " + score(s.best) + "）" : "");
    if (s.lastTry) return "まだ合格していません（最高 " + score(s.best) + "、" + s.tries + " 回受験）";
    return "未受験";
  }

  function render(root) {
    const rows = $$(root, ".progress-row");
    let done = 0;
    for (const row of rows) {
      const s = summary(rowMeta(row));
      if (s.passed) done++;
      const state = Core.unitStatus(s.quiz).status; /* the one rule the home page and the navigation use too */
      const cell = row.querySelector(".progress-row__status");
      cell.textContent = state;
      cell.dataset.status = state;
      row.querySelector(".progress-row__practice").textContent = practiceText(s);
      row.querySelector(".progress-row__test").textContent = testText(s);
      row.querySelector(".progress-row__date").textContent = s.last ? s.last.slice(0, 10) : "—";
    }
    root.querySelector(".progress__summary").textContent =
      rows.length + " ユニット中 " + done + " ユニットを修了しました（確認テストに合格）。";
  }

  /* The results file for the facilitator (format in docs/editors/learner-data.md): every unit's quiz and test, and
     the training day's pre/post tests and questionnaire when there are any. */
  function exportResults(metas, participant, notice) {
    const data = {
      format: "nimo-course-results",
      version: 1,
      exported_at: new Date().toISOString(),
      participant: participant.trim(),
      learner: learnerId(),
      quizzes: metas.map(summary).map((s) => {
        for (const k of ["last", "completed", "testing", "passed", "best", "lastTry", "tries"]) delete s[k];
        return s;
      })
    };
    const day = window.NimoPrePost ? window.NimoPrePost.exported() : {};
    Object.assign(data, day);
    const who = Core.fileSafe(data.participant);
    Core.download("nimo-course-results-" + (who ? who + "-" : "") + Core.today() + ".json", JSON.stringify(data, null, 2));
    Core.say(notice, "結果をファイルに書き出しました。研修担当者に渡すときは、このファイルを送ってください。");
  }

  function setupProgress(root) {
    const notice = root.querySelector(".progress__notice");
    if (!Core.readable()) Core.say(notice, Core.MSG.blocked);
    const nameInput = root.querySelector(".progress__name-input");
    bindName(nameInput, null, notice);

    root.querySelector(".progress__export").addEventListener("click", () => {
      exportResults($$(root, ".progress-row").map(rowMeta), nameInput.value, notice);
    });
    root.querySelector(".progress__reset").addEventListener("click", () => {
      if (!window.confirm("このブラウザーに保存されたクイズの解答、確認テストの結果と修了記録、研修日のテストとアンケートをすべて消します。事例の演習の入力は残ります。" +
        "先に「学習データのバックアップ」で書き出しておくと、あとで戻せます。消しますか？")) return;
      const left = [...Core.keys("quiz:"), ...Core.keys("test:"), ...Core.keys("prepost"), ...Core.keys("survey"), ...Core.keys("visits")]
        .filter((k) => !Core.remove(k));
      render(root);
      Core.say(notice, left.length ? "一部の解答を消せませんでした。" : "すべての解答、確認テストの結果と修了記録を消しました。");
    });
    Core.onChange(() => render(root));
    document.addEventListener("nimo:data-replaced", () => render(root));
    render(root);
  }

  function localDate(when) {
    const d = new Date(when);
    if (isNaN(d.getTime())) return "—";
    return d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日";
  }

  /* The completion record lists units whose unit test was passed: the date of the first pass and the best
     score, kept through later edits of the quiz (marked when the quiz has changed since). Units whose practice
     quiz was finished under the earlier rule (every question answered) are named below, not counted. */
  function renderRecord(root, quizzes) {
    const done = [], earlier = [];
    for (const meta of quizzes) {
      const s = Core.Test.summary(testState(meta));
      if (s.passed) done.push([meta, s]);
      else if (quizState(meta).completed) earlier.push(meta.unit_title);
    }
    const body = root.querySelector(".record__table tbody");
    body.textContent = "";
    for (const [meta, s] of done) {
      const tr = document.createElement("tr");
      const best = s.best.passed ? s.best : s.passed;
      const text = score(best) + "（" + Math.round((100 * best.correct) / best.total) + "%）" +
        (best.version && best.version !== meta.hash ? "（修了した後に問題が更新されました）" : "");
      [meta.unit_title, localDate(s.passed.at), text].forEach((value, i) => {
        const cell = document.createElement(i === 0 ? "th" : "td");
        if (i === 0) cell.scope = "row";
        cell.textContent = value;
        tr.appendChild(cell);
      });
      body.appendChild(tr);
    }
    root.querySelector(".record__table").hidden = done.length === 0;
    root.querySelector(".record__empty").hidden = done.length > 0;
    root.querySelector(".record__summary").textContent =
      "全 " + quizzes.length + " ユニットのうち " + done.length + " ユニットを修了しました。";
    const note = root.querySelector(".record__earlier");
    note.hidden = earlier.length === 0;
    note.textContent = earlier.length ? "以前のコースでは、確認クイズを全問解くと修了としていました。その記録がある " + earlier.join("・") +
      " は、今は確認テストに合格すると修了になります（解いた記録は「学習の記録」に残っています）。" : "";
    root.querySelector(".record__date").textContent = localDate(new Date());
  }

  function setupRecord(root) {
    let quizzes;
    try { quizzes = Core.parse(root.querySelector(".record__data").textContent); } catch (e) { quizzes = []; }
    const notice = root.querySelector(".record__notice");
    if (!Core.readable()) Core.say(notice, Core.MSG.blocked);
    const input = root.querySelector(".record__name-input");
    const who = root.querySelector(".record__who");
    const showName = () => {
      who.textContent = input.value.trim() || "（名前が入力されていません）";
      who.classList.toggle("record__who--empty", !input.value.trim()); /* printed as a line to write the name on */
    };
    bindName(input, showName, notice);
    root.querySelector(".record__print").addEventListener("click", () => window.print());
    showName();
    renderRecord(root, quizzes);
    Core.onChange(() => renderRecord(root, quizzes));
  }

  window.NimoProgress = { learnerId, profile, bindName, exportResults };
  Core.mount(".progress", setupProgress);
  Core.mount(".record", setupRecord);
})();

/* The progress page and the completion record, from the answers kept under quiz:<name> (see core.js).
   Results export for the facilitator (documented in docs/progress.md): {format: "nimo-course-results",
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

  function summary(meta) {
    const state = quizState(meta);
    const current = Quiz.current(state, meta.questions || []);
    const dates = current.map(([, a]) => a.at).sort();
    return {
      quiz: meta.quiz, title: meta.title, hash: meta.hash,
      total: meta.total, answered: current.length, correct: current.filter(([, a]) => a.correct).length,
      last: dates.length ? dates[dates.length - 1] : null,
      completed: state.completed || null,
      /* In bank order, answered ones only, each with its number and topic for the results notebook. */
      questions: current.map(([q, a]) => ({ id: q.id, number: q.number, topic: q.topic, correct: a.correct === true,
                                            answered_at: a.at || null }))
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

  function status(s) {
    const done = s.completed ? "・修了" : "";
    if (s.answered === 0) return s.completed ? "修了（解答は消してあります）" : "未着手";
    if (s.answered < s.total) return "学習中" + done;
    return "完了";
  }

  function render(root) {
    const rows = $$(root, ".progress-row");
    let done = 0;
    for (const row of rows) {
      const s = summary(rowMeta(row));
      if (s.completed) done++;
      row.querySelector(".progress-row__status").textContent = status(s) + "（" + s.answered + " / " + s.total + " 問）";
      row.querySelector(".progress-row__score").textContent = s.answered ? s.correct + " / " + s.total + " 問正解" :
        s.completed ? s.completed.correct + " / " + s.completed.total + " 問正解（修了時）" : "—";
      const last = s.last || (s.completed && s.completed.at);
      row.querySelector(".progress-row__date").textContent = last ? last.slice(0, 10) : "—";
    }
    root.querySelector(".progress__summary").textContent =
      rows.length + " ユニット中 " + done + " ユニットのクイズを最後まで解きました。";
  }

  function setupProgress(root) {
    const notice = root.querySelector(".progress__notice");
    if (!Core.readable()) Core.say(notice, Core.MSG.blocked);
    const nameInput = root.querySelector(".progress__name-input");
    bindName(nameInput, null, notice);

    root.querySelector(".progress__export").addEventListener("click", () => {
      const data = {
        format: "nimo-course-results",
        version: 1,
        exported_at: new Date().toISOString(),
        participant: nameInput.value.trim(),
        learner: learnerId(),
        quizzes: $$(root, ".progress-row").map(rowMeta).map(summary).map((s) => {
          delete s.last;
          delete s.completed;
          return s;
        })
      };
      const who = Core.fileSafe(data.participant);
      Core.download("nimo-course-results-" + (who ? who + "-" : "") + Core.today() + ".json", JSON.stringify(data, null, 2));
      Core.say(notice, "結果をファイルに書き出しました。研修担当者に渡すときは、このファイルを送ってください。");
    });
    root.querySelector(".progress__reset").addEventListener("click", () => {
      if (!window.confirm("このブラウザーに保存されたクイズの解答と修了記録をすべて消します。事例の演習の入力は残ります。" +
        "先に「学習データのバックアップ」で書き出しておくと、あとで戻せます。消しますか？")) return;
      const left = Core.keys("quiz:").filter((k) => !Core.remove(k));
      render(root);
      Core.say(notice, left.length ? "一部の解答を消せませんでした。" : "すべての解答と修了記録を消しました。");
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

  /* The completion record lists units whose quiz was answered to the end at some time, with that date and score,
     kept through later edits of the quiz (marked when the quiz has changed since). */
  function renderRecord(root, quizzes) {
    const done = quizzes.map((meta) => [meta, quizState(meta).completed]).filter(([, c]) => c);
    const body = root.querySelector(".record__table tbody");
    body.textContent = "";
    for (const [meta, c] of done) {
      const tr = document.createElement("tr");
      const score = c.correct + " / " + c.total + " 問正解" + (c.version && c.version !== meta.hash ? "（修了した後に問題が更新されました）" : "");
      [meta.title, localDate(c.at), score].forEach((text, i) => {
        const cell = document.createElement(i === 0 ? "th" : "td");
        if (i === 0) cell.scope = "row";
        cell.textContent = text;
        tr.appendChild(cell);
      });
      body.appendChild(tr);
    }
    root.querySelector(".record__table").hidden = done.length === 0;
    root.querySelector(".record__empty").hidden = done.length > 0;
    root.querySelector(".record__summary").textContent =
      "全 " + quizzes.length + " ユニットのうち " + done.length + " ユニットを修了しました。";
    root.querySelector(".record__date").textContent = localDate(new Date());
  }

  function setupRecord(root) {
    let quizzes;
    try { quizzes = Core.parse(root.querySelector(".record__data").textContent); } catch (e) { quizzes = []; }
    const notice = root.querySelector(".record__notice");
    if (!Core.readable()) Core.say(notice, Core.MSG.blocked);
    const input = root.querySelector(".record__name-input");
    const who = root.querySelector(".record__who");
    const showName = () => { who.textContent = input.value.trim() || "（名前が入力されていません）"; };
    bindName(input, showName, notice);
    root.querySelector(".record__print").addEventListener("click", () => window.print());
    showName();
    renderRecord(root, quizzes);
    Core.onChange(() => renderRecord(root, quizzes));
  }

  window.NimoProgress = { learnerId, profile };
  Core.mount(".progress", setupProgress);
  Core.mount(".record", setupRecord);
})();

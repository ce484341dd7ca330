/* The unit test (確認テスト) below each practice quiz: draws questions from the bank spread over the unit's
   sections, takes every answer, scores them together, then shows the review with explanations; passing is the
   unit's completion. The questions are copies of the practice quiz's own (quiz.js marks and checks them). An
   attempt in progress is kept under test:<quiz> (format in core.js) with its questions, their display order and
   the answers given so far, so a reload shows the same attempt; a retake draws again. Scored attempts are kept
   as they are, whatever later edits do to the bank. */
(() => {
  "use strict";
  const Core = window.NimoCore;
  const Q = window.NimoQuiz;
  const Test = Core.Test;
  const $ = (root, sel) => root.querySelector(sel);
  const $$ = (root, sel) => Array.from(root.querySelectorAll(sel));

  const shuffle = (list) => Q.shuffledIndexes(list.length).map((i) => list[i]);

  /* `count` question ids spread over the sections: one from each section in turn (sections in random order,
     questions at random within each), shown in the bank's order. */
  function drawQuestions(questions, count) {
    const bySection = new Map();
    for (const q of questions) {
      if (!bySection.has(q.dataset.ref)) bySection.set(q.dataset.ref, []);
      bySection.get(q.dataset.ref).push(q.dataset.qid);
    }
    const pools = shuffle(Array.from(bySection.values())).map(shuffle);
    const picked = new Set();
    while (picked.size < count && pools.some((p) => p.length)) {
      for (const pool of pools) if (pool.length && picked.size < count) picked.add(pool.shift());
    }
    return questions.map((q) => q.dataset.qid).filter((id) => picked.has(id));
  }

  function setupTest(box) {
    const name = box.dataset.quiz;
    const quiz = $$(document, "section.quiz").find((s) => s.dataset.quiz === name);
    const Key = quiz && $(quiz, ".quiz__key");
    if (!Key || !Q) return;
    const keys = Core.parse(Key.textContent);
    const bank = $$(quiz, ".quiz__list > .quiz-q");
    const byId = new Map(bank.map((q) => [q.dataset.qid, q]));
    const draw = Math.min(Number(box.dataset.draw) || bank.length, bank.length);
    const passPercent = Number(box.dataset.passPercent) || 80;
    const version = quiz.dataset.quizHash, title = quiz.dataset.quizTitle;
    const storeKey = "test:" + name;
    const list = $(box, ".quiz-test__list"), result = $(box, ".quiz-test__result"), notice = $(box, ".quiz-test__notice");
    const buttons = { start: $(box, ".quiz-test__start"), submit: $(box, ".quiz-test__submit"), again: $(box, ".quiz-test__again") };
    let state = Test.normalize(null, name);
    let canWrite = true;

    const say = (text) => Core.say(notice, text);
    const stillAsked = (qid, h) => byId.has(qid) && keys[qid] && keys[qid].h === h;

    function load() {
      const r = Core.read(storeKey);
      if (!r.ok) { canWrite = false; say(Core.MSG.blocked); return; }
      state = Test.normalize(r.value, name);
      if (r.corrupt) say(Core.MSG.corrupt);
      const c = state.current;
      if (c && !c.drawn.every((qid) => stillAsked(qid, c.h[qid]))) {
        /* The bank changed under an attempt in progress: kept aside, and the learner starts again. */
        state.aside.push(c);
        delete state.current;
        save();
        say("問題が更新されたため、途中だった確認テストを終わりにしました（途中の解答は消さずに取ってあります）。もう一度始めてください。");
      }
    }

    /* Read-modify-write, so another tab's attempts are kept. */
    function save() {
      if (!canWrite) return false;
      const r = Core.update(storeKey, (now) => {
        const merged = Test.merge(now, state, name);
        if (!state.current) delete merged.current; else merged.current = state.current;
        merged.title = title;
        merged.updated = new Date().toISOString();
        return merged;
      });
      if (!r.ok) { say(Core.MSG.failed); return false; }
      state = Test.normalize(r.value, name);
      return true;
    }

    /* A copy of the practice question, numbered for the test, with its own ids, without the practice buttons and
       the practice answer (show() then puts in the test's own state: verdict, marks, explanation, lock). */
    function copy(qid, number) {
      const li = byId.get(qid).cloneNode(true);
      li.id = "test-" + li.id;
      $$(li, ".quiz-q__actions, .quiz-q__hint-wrap, .quiz-q__hint").forEach((el) => el.remove());
      $$(li, "[name]").forEach((el) => { el.name = "test-" + el.name; });
      $$(li, "input").forEach((i) => { i.checked = false; });
      $$(li, "select").forEach((s) => { s.value = ""; });
      $$(li, ".quiz-seg").forEach((b) => b.setAttribute("aria-pressed", "false"));
      $(li, ".quiz-q__number").textContent = "問" + number;
      Q.bindControls(li, keep);
      return li;
    }

    function show(attempt, scored) {
      list.textContent = "";
      attempt.drawn.forEach((qid, i) => {
        const li = list.appendChild(copy(qid, i + 1));
        Q.showAnswered(li, attempt.shown && attempt.shown[qid], attempt.responses[qid],
                       scored ? attempt.results[qid] === true : null, keys[qid].answer);
        Q.setLocked(li, scored);
      });
    }

    function summaryText(s) {
      if (!s.tries) return "";
      return "これまでの受験：" + s.tries + " 回" + (s.passed ? "（" + s.passed.at.slice(0, 10) + " に合格）" : "") +
        "。最高 " + s.best.total + " 問中 " + s.best.correct + " 問正解。";
    }

    function resultText(a) {
      const rate = a.total ? Math.round((100 * a.correct) / a.total) : 0;
      return a.passed
        ? "合格です。" + a.total + " 問中 " + a.correct + " 問正解（" + rate + "%）。このユニットを修了しました。下の解説で、間違えた問題を確かめておきましょう。"
        : "今回は " + a.total + " 問中 " + a.correct + " 問正解（" + rate + "%）で、合格の " + a.pass_percent + "% に届きませんでした。" +
          "解説と、その内容を学ぶ節を読み直し、練習問題で確かめてから、別の問題でもう一度受けてください。";
    }

    function render() {
      const s = Test.summary(state);
      const last = s.last;
      box.classList.remove("quiz-test--passed", "quiz-test--failed");
      buttons.start.hidden = true; buttons.submit.hidden = true; buttons.again.hidden = true;
      result.hidden = false;
      if (state.current) {
        show(state.current, false);
        result.textContent = "受験中です（" + state.current.drawn.length + " 問）。すべて答えてから、いちばん下の「採点する」を押してください。" +
          (s.tries ? " " + summaryText(s) : "");
        buttons.submit.hidden = false;
      } else if (last) {
        /* The newest scored attempt, reviewed, while its questions are still the ones on the page. */
        if (last.drawn.every((qid) => stillAsked(qid, last.h && last.h[qid]))) show(last, true);
        else list.textContent = "";
        box.classList.add(last.passed ? "quiz-test--passed" : "quiz-test--failed");
        result.textContent = resultText(last) + " " + summaryText(s);
        buttons.again.hidden = false;
      } else {
        list.textContent = "";
        result.textContent = "";
        result.hidden = true;
        buttons.start.hidden = false;
      }
    }

    /* The answers so far of the attempt in progress, as the learner changes them. */
    function keep() {
      const c = state.current;
      if (!c) return;
      for (const li of $$(list, ".quiz-q")) {
        c.responses[li.dataset.qid] = Q.response(li);
        if (li.dataset.type === "order") c.shown[li.dataset.qid] = Q.response(li);
      }
      save();
    }
    list.addEventListener("change", keep);

    function start() {
      const drawn = drawQuestions(bank, draw);
      const shown = Object.create(null), h = Object.create(null);
      for (const qid of drawn) {
        h[qid] = keys[qid].h;
        const n = Q.itemCount(byId.get(qid));
        if (n) shown[qid] = Q.shuffledIndexes(n, byId.get(qid).dataset.type);
      }
      state.current = { started: new Date().toISOString(), version, drawn, h, shown, responses: Object.create(null) };
      save();
      say("");
      render();
      const first = $(list, "input, select, button");
      if (first) first.focus();
    }

    buttons.start.addEventListener("click", start);
    buttons.again.addEventListener("click", start);
    buttons.submit.addEventListener("click", () => {
      const c = state.current;
      if (!c) return;
      keep();
      if (!Q.allAnswered($$(list, ".quiz-q"), $(box, ".quiz-test__missing"))) return;
      const results = Object.create(null);
      let correct = 0;
      for (const qid of c.drawn) {
        results[qid] = Q.isCorrect(keys[qid].type, c.responses[qid], keys[qid].answer);
        if (results[qid]) correct++;
      }
      const total = c.drawn.length;
      state.attempts.push({ at: new Date().toISOString(), version, title, drawn: c.drawn, h: c.h, shown: c.shown,
                            responses: c.responses, results, correct, total, pass_percent: passPercent,
                            passed: correct * 100 >= passPercent * total });
      delete state.current;
      save();
      say("");
      render();
      document.dispatchEvent(new CustomEvent("nimo:test-scored", { detail: { quiz: name } }));
      box.scrollIntoView({ block: "start" });
      result.setAttribute("tabindex", "-1");
      result.focus();
    });

    load();
    render();
    Core.onChange((k) => {
      if (k !== null && k !== storeKey) return;
      load();
      render();
      say(Core.MSG.otherTab);
    });
  }

  Core.mount("section.quiz-test", setupTest);
})();

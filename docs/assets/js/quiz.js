/* Quizzes rendered from templates/quiz.html: check answers, explain, keep answers across reloads and tabs.
   Answers are stored per question under quiz:<name> (format in core.js), each with the question's correctness
   hash (type, choices/items and key, computed at build time): a typo fixed in a prompt or an explanation changes
   nothing stored; a question whose key really changed is reset alone (its old answer kept aside) and named.
   Responses are in the bank's terms (choice, item and segment indexes of the YAML lists), never screen
   positions, so a shuffled display cannot change what is stored. */
(() => {
  "use strict";
  const Core = window.NimoCore;
  const Quiz = Core.Quiz;
  const MSG = {
    corrupt: Core.MSG.corrupt,
    empty: "答えを選んでから「答え合わせ」を押してください。",
    right: "✓ 正解です。",
    wrong: "✗ 不正解です。下の正解と解説を確かめましょう。",
    wrongInTest: "✗ 不正解です。正解と解説を確かめましょう。",
    changedOne: "この問題は更新されたため、以前の解答をリセットしました。もう一度解いてください。",
    changed: (numbers) => "問題が更新されたため、" + numbers.join("、") + " の解答だけをリセットしました。ほかの問題の解答はそのままです。"
  };

  const $ = (root, sel) => root.querySelector(sel);
  const $$ = (root, sel) => Array.from(root.querySelectorAll(sel));
  const isInt = (n, below) => Number.isInteger(n) && n >= 0 && n < below;

  /* The learner's answer to one question, or null when nothing is chosen yet. */
  function response(q) {
    const type = q.dataset.type;
    if (type === "single" || type === "multiple") {
      const picked = $$(q, "input:checked").map((i) => Number(i.value));
      return picked.length ? picked : null;
    }
    if (type === "truefalse") {
      const tf = $(q, "input:checked");
      return tf ? tf.value === "true" : null;
    }
    if (type === "classify") {
      const values = [];
      for (const s of $$(q, "select")) {
        if (s.value === "") return null;
        values[Number(s.dataset.item)] = Number(s.value);
      }
      return values;
    }
    if (type === "order") return $$(q, ".quiz-order__item").map((li) => Number(li.dataset.item));
    const segs = $$(q, ".quiz-seg[aria-pressed='true']").map((b) => Number(b.dataset.seg));
    return segs.length ? segs : null;
  }

  /* Does a stored response fit the question as it is on the page? */
  function fits(q, given) {
    const type = q.dataset.type;
    if (type === "truefalse") return typeof given === "boolean";
    if (!Array.isArray(given) || !given.length) return false;
    if (type === "single" || type === "multiple") {
      const n = $$(q, "input").length;
      return (type === "multiple" || given.length === 1) && new Set(given).size === given.length && given.every((i) => isInt(i, n));
    }
    if (type === "classify") {
      const cats = $(q, "select").options.length - 1;
      return given.length === $$(q, "select").length && given.every((c) => isInt(c, cats));
    }
    if (type === "order") {
      const n = $$(q, ".quiz-order__item").length;
      return given.length === n && new Set(given).size === n && given.every((i) => isInt(i, n));
    }
    const n = $$(q, ".quiz-seg").length;
    return given.every((i) => isInt(i, n));
  }

  function sameSet(a, b) {
    return a.length === b.length && a.slice().sort().join() === b.slice().sort().join();
  }

  function isCorrect(type, given, key) {
    if (type === "truefalse") return given === key;
    if (type === "single" || type === "multiple" || type === "wrong-parts") return sameSet(given, key);
    return given.join() === key.join(); /* classify (by item), order: position by position */
  }

  function restore(q, given) {
    const type = q.dataset.type;
    if (type === "single" || type === "multiple") {
      $$(q, "input").forEach((i) => { i.checked = given.includes(Number(i.value)); });
    } else if (type === "truefalse") {
      $$(q, "input").forEach((i) => { i.checked = (i.value === "true") === given; });
    } else if (type === "classify") {
      $$(q, "select").forEach((s) => { s.value = String(given[Number(s.dataset.item)]); });
    } else if (type === "order") {
      const list = $(q, ".quiz-order");
      given.forEach((item) => {
        const li = $(list, ".quiz-order__item[data-item='" + item + "']");
        if (li) list.appendChild(li);
      });
    } else {
      $$(q, ".quiz-seg").forEach((b) => { b.setAttribute("aria-pressed", given.includes(Number(b.dataset.seg)) ? "true" : "false"); });
    }
  }

  /* Display order: choices, classify items and order items are shuffled for each attempt. The order is kept under
     shown:<quiz> ({qid: [bank indexes]}) so a reload shows the same attempt; it is not learner data (answers are
     stored by bank index), so a lost order only means a new shuffle. */
  const SHUFFLED = { single: [".quiz-choices", ".quiz-choice", (el) => el.dataset.choice],
                     multiple: [".quiz-choices", ".quiz-choice", (el) => el.dataset.choice],
                     classify: [".quiz-classify", ".quiz-classify__item", (el) => $(el, "select").dataset.item],
                     order: [".quiz-order", ".quiz-order__item", (el) => el.dataset.item] };

  function shuffledIndexes(n, type) {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let tries = 0; tries < 10; tries++) {
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      /* an order question never starts solved */
      if (type !== "order" || n < 2 || order.some((v, i) => v !== i)) break;
    }
    return order;
  }

  function arrange(q, order) {
    const spec = SHUFFLED[q.dataset.type];
    if (!spec) return;
    const box = $(q, spec[0]);
    const byIndex = new Map($$(box, spec[1]).map((el) => [Number(spec[2](el)), el]));
    if (order.length !== byIndex.size || !order.every((i) => byIndex.has(i))) return;
    order.forEach((i) => box.appendChild(byIndex.get(i)));
  }

  function itemCount(q) {
    const spec = SHUFFLED[q.dataset.type];
    return spec ? $$(q, spec[1]).length : 0;
  }

  /* Marks each choice, item or segment after checking: ✓ / ✗ with words, never colour alone. */
  function mark(q, key, given) {
    unmark(q);
    const type = q.dataset.type;
    const badge = (el, right, text) => {
      const b = document.createElement("span");
      b.className = "quiz-mark " + (right ? "quiz-mark--right" : "quiz-mark--wrong");
      b.textContent = text;
      el.classList.add(right ? "quiz-marked--right" : "quiz-marked--wrong");
      el.appendChild(b);
    };
    if (type === "single" || type === "multiple") {
      for (const label of $$(q, ".quiz-choice")) {
        const i = Number(label.dataset.choice), picked = given.includes(i), right = key.includes(i);
        if (right) badge(label, true, picked ? "✓ 正解（あなたの選択）" : "✓ 正解");
        else if (picked) badge(label, false, "✗ あなたの選択（正解ではありません）");
      }
    } else if (type === "truefalse") {
      for (const label of $$(q, ".quiz-choice")) {
        const value = $(label, "input").value === "true", picked = value === given;
        if (value === key) badge(label, true, picked ? "✓ 正解（あなたの選択）" : "✓ 正解");
        else if (picked) badge(label, false, "✗ あなたの選択（正解ではありません）");
      }
    } else if (type === "classify") {
      for (const item of $$(q, ".quiz-classify__item")) {
        const select = $(item, "select"), k = Number(select.dataset.item);
        if (given[k] === key[k]) badge(item, true, "✓ 正しい分類");
        else badge(item, false, "✗ 正しくは「" + select.options[key[k] + 1].textContent + "」");
      }
    } else if (type === "order") {
      $$(q, ".quiz-order__item").forEach((li, position) => {
        const k = Number(li.dataset.item);
        if (k === position) badge(li, true, "✓ この位置で正しい");
        else badge(li, false, "✗ 正しくは " + (k + 1) + " 番目");
      });
    } else {
      for (const seg of $$(q, ".quiz-seg")) {
        const i = Number(seg.dataset.seg), picked = given.includes(i), wrongPart = key.includes(i);
        if (wrongPart) badge(seg, picked, picked ? "✓ 誤りを見つけた" : "✗ 見落とした誤り");
        else if (picked) badge(seg, false, "✗ ここは正しい部分");
      }
    }
  }

  function unmark(q) {
    $$(q, ".quiz-mark").forEach((b) => b.remove());
    $$(q, ".quiz-marked--right, .quiz-marked--wrong").forEach((el) => el.classList.remove("quiz-marked--right", "quiz-marked--wrong"));
  }

  function setLocked(q, locked) {
    $$(q, "fieldset input, fieldset select, fieldset button").forEach((el) => { el.disabled = locked; });
  }

  function showResult(q, correct) {
    q.classList.toggle("quiz-q--correct", correct);
    q.classList.toggle("quiz-q--wrong", !correct);
    $(q, ".quiz-q__verdict").textContent = correct ? MSG.right : MSG.wrong;
    $(q, ".quiz-q__explain").hidden = false;
    $(q, ".quiz-q__check").hidden = true;
    $(q, ".quiz-q__retry").hidden = false;
    setLocked(q, true);
  }

  function clearResult(q, text = "") {
    unmark(q);
    q.classList.remove("quiz-q--correct", "quiz-q--wrong");
    $(q, ".quiz-q__verdict").textContent = text;
    $(q, ".quiz-q__explain").hidden = true;
    $(q, ".quiz-q__check").hidden = false;
    $(q, ".quiz-q__retry").hidden = true;
    setLocked(q, false);
  }

  function moveItem(button, step) {
    const li = button.closest(".quiz-order__item");
    const list = li.parentNode;
    const items = $$(list, ".quiz-order__item");
    const to = items.indexOf(li) + step;
    if (to < 0 || to >= items.length) return;
    list.insertBefore(li, step < 0 ? items[to] : items[to].nextSibling);
    button.focus();
    li.closest(".quiz-q").querySelector(".quiz-q__verdict").textContent =
      "「" + $(li, ".quiz-order__text").textContent + "」を " + (to + 1) + " 番目にしました。";
  }

  /* The buttons a question works with besides its inputs: segments to pick, order items to move. `changed` runs
     after each press (the test and the training day keep the answers so far). */
  function bindControls(root, changed = () => {}) {
    $$(root, ".quiz-seg").forEach((b) => b.addEventListener("click", () => {
      b.setAttribute("aria-pressed", b.getAttribute("aria-pressed") === "true" ? "false" : "true");
      changed();
    }));
    $$(root, ".quiz-order__up").forEach((b) => b.addEventListener("click", () => { moveItem(b, -1); changed(); }));
    $$(root, ".quiz-order__down").forEach((b) => b.addEventListener("click", () => { moveItem(b, 1); changed(); }));
  }

  /* A question of a test scored at once (the unit test, the training day), as stored: its display order `shown`
     and answer `given`; once `right` is known (true or false; null: not shown yet), its verdict, marks and
     explanation. */
  function showAnswered(q, shown, given, right, key) {
    if (Array.isArray(shown) && shown.length === itemCount(q)) arrange(q, shown);
    const answered = given !== undefined && given !== null && fits(q, given);
    if (answered) restore(q, given);
    unmark(q);
    q.classList.toggle("quiz-q--correct", right === true);
    q.classList.toggle("quiz-q--wrong", right === false);
    $(q, ".quiz-q__verdict").textContent = right === null ? "" : right ? MSG.right : MSG.wrongInTest;
    $(q, ".quiz-q__explain").hidden = right === null;
    if (right !== null && answered) mark(q, key, given);
  }

  /* For a whole test scored at once: true when every question has an answer; else says which have none (in
     `notice`) and puts the focus on the first of them. */
  function allAnswered(questions, notice) {
    const missing = questions.filter((li) => response(li) === null);
    Core.say(notice, missing.length ? "まだ答えていない問題があります（" + missing.map((li) => $(li, ".quiz-q__number").textContent).join("、") +
      "）。すべて答えてから採点してください。" : "");
    const first = missing.length && $(missing[0], "input, select, button");
    if (first) first.focus();
    return missing.length === 0;
  }

  function setupQuiz(quiz) {
    const name = quiz.dataset.quiz;
    const storeKey = "quiz:" + name;
    const keys = Core.parse($(quiz, ".quiz__key").textContent);
    const questions = $$(quiz, ".quiz-q");
    const byId = new Map(questions.map((q) => [q.dataset.qid, q]));
    const number = (qid) => $(byId.get(qid), ".quiz-q__number").textContent;
    const meta = { hash: quiz.dataset.quizHash, title: quiz.dataset.quizTitle,
                   questions: questions.map((q) => ({ id: q.dataset.qid, h: keys[q.dataset.qid].h })) };
    const notice = $(quiz, ".quiz__notice");
    const pending = new Map(); /* qid -> answer or null (cleared), not yet saved */
    let canWrite = true;
    let failing = false;

    /* An old answer (no hash) belongs to the question with the same id: kept when its response still fits the
       question, scored by today's key, and from then on stamped with today's hash. */
    function adopt(qid, a) {
      const q = byId.get(qid), key = keys[qid];
      let given = a.response;
      if (q.dataset.type === "classify" && Array.isArray(given) && Array.isArray(key.legacy)) {
        const byItem = [];
        key.legacy.forEach((item, shown) => { byItem[item] = given[shown]; }); /* stored by screen position then */
        given = byItem;
      }
      if (!fits(q, given)) {
        /* Nothing to check it with (e.g. no response): its own verdict stays, as the earlier pages counted it. */
        return a.response === null ? Object.assign({}, a, { h: key.h }) : null;
      }
      return { h: key.h, response: given, correct: isCorrect(q.dataset.type, given, key.answer), at: a.at };
    }

    /* Sort stored answers into those that count now and those kept aside. Returns the questions reset. */
    function reconcile(state) {
      const reset = [];
      const answers = Object.create(null);
      const put = (a, qid) => { state.aside[qid + "@" + (a.h || "")] = Object.assign({ qid }, a); };
      for (const qid of Object.keys(state.answers)) {
        const a = state.answers[qid];
        const key = keys[qid];
        if (!key) { put(a, qid); continue; }
        if (a.h === key.h) { answers[qid] = a; continue; }
        if (a.h === null) {
          const adopted = adopt(qid, a);
          if (adopted) answers[qid] = adopted; else put(a, qid);
          continue;
        }
        put(a, qid);
        reset.push(qid);
      }
      for (const k of Object.keys(state.aside)) {
        const a = state.aside[k], key = keys[a.qid];
        if (!key || answers[a.qid]) continue;
        const back = a.h === key.h ? a : a.h === null ? adopt(a.qid, a) : null;
        if (back) {
          answers[a.qid] = { h: back.h, response: back.response, correct: back.correct, at: back.at };
          delete state.aside[k];
          const r = reset.indexOf(a.qid);
          if (r >= 0) reset.splice(r, 1);
        }
      }
      state.answers = answers;
      delete state.legacyHash;
      return reset;
    }

    function load(first) {
      const r = Core.read(storeKey);
      if (!r.ok) {
        canWrite = false;
        return { state: Quiz.normalize(null, name), reset: [], changed: false, r };
      }
      const state = Quiz.normalize(r.value, name);
      const before = JSON.stringify(state);
      const reset = reconcile(state);
      for (const [qid, a] of pending) {
        if (a) state.answers[qid] = a; else delete state.answers[qid];
      }
      Quiz.complete(state, meta);
      state.title = meta.title;
      const changed = r.value !== null && (r.value.v !== 2 || JSON.stringify(state) !== before);
      if (first && r.corrupt) say(MSG.corrupt);
      return { state, reset, changed, r };
    }

    function say(text) { Core.say(notice, text); }

    let state;
    function save() {
      if (!canWrite) return;
      const now = load(false);
      if (!now.r.ok) { canWrite = false; say(Core.MSG.blocked); return; }
      state = now.state;
      state.updated = new Date().toISOString();
      if (Core.write(storeKey, state)) {
        pending.clear();
        if (failing) { failing = false; say("保存できるようになりました。解答はこのブラウザーに保存されています。"); }
      } else {
        failing = true;
        say(Core.MSG.failed);
      }
    }

    function updateScore() {
      let answered = 0, correct = 0;
      for (const q of questions) {
        const a = state.answers[q.dataset.qid];
        if (a) { answered++; if (a.correct) correct++; }
      }
      $(quiz, ".quiz__score").textContent = answered
        ? "得点：" + questions.length + " 問中 " + correct + " 問正解（解答済み " + answered + " 問）"
        : "まだ解いていません（全 " + questions.length + " 問）。";
    }

    /* Show the stored state; a question with no stored answer keeps what the learner has picked. */
    function show(reset) {
      for (const q of questions) {
        const a = state.answers[q.dataset.qid];
        if (a) {
          restore(q, a.response === null ? [] : a.response);
          showResult(q, a.correct);
          if (a.response !== null) mark(q, keys[q.dataset.qid].answer, a.response);
        } else if (reset.includes(q.dataset.qid)) {
          clearResult(q, MSG.changedOne);
        } else if (!$(q, ".quiz-q__explain").hidden) {
          clearResult(q);
        }
      }
      updateScore();
    }

    /* This attempt's display order of each question, kept across reloads; a retake reshuffles. */
    const shownKey = "shown:" + name;
    const shown = Object.assign(Object.create(null), Core.get(shownKey, {}));
    function reshuffle(q) {
      const n = itemCount(q);
      if (!n) return;
      shown[q.dataset.qid] = shuffledIndexes(n, q.dataset.type);
      arrange(q, shown[q.dataset.qid]);
      Core.write(shownKey, shown);
    }
    for (const q of questions) {
      const kept = shown[q.dataset.qid];
      if (Array.isArray(kept) && kept.length === itemCount(q)) arrange(q, kept);
      else reshuffle(q);
    }

    const first = load(true);
    state = first.state;
    if (!first.r.ok) say(Core.MSG.blocked);
    else if (first.reset.length) say(MSG.changed(first.reset.map(number)));
    show(first.reset);
    if (first.changed) save(); /* carry the old format over, and keep reset answers aside */

    function answer(qid, a) {
      pending.set(qid, a);
      if (a) state.answers[qid] = a; else delete state.answers[qid];
      save();
      updateScore();
    }

    for (const q of questions) {
      const qid = q.dataset.qid;
      const key = keys[qid];
      $(q, ".quiz-q__check").addEventListener("click", () => {
        const given = response(q);
        if (given === null) {
          $(q, ".quiz-q__verdict").textContent = MSG.empty;
          return;
        }
        const correct = isCorrect(q.dataset.type, given, key.answer);
        showResult(q, correct);
        mark(q, key.answer, given);
        answer(qid, { h: key.h, response: given, correct, at: new Date().toISOString() });
        $(q, ".quiz-q__retry").focus();
      });
      $(q, ".quiz-q__retry").addEventListener("click", () => {
        clearResult(q);
        reshuffle(q);
        answer(qid, null);
        const firstControl = $(q, "fieldset input, fieldset select, fieldset button");
        if (firstControl) firstControl.focus();
      });
      const hint = $(q, ".quiz-q__hint-toggle");
      if (hint) {
        hint.addEventListener("click", () => {
          const open = hint.getAttribute("aria-expanded") !== "true";
          hint.setAttribute("aria-expanded", open ? "true" : "false");
          hint.textContent = open ? "ヒントを閉じる" : "ヒントを見る";
          $(q, ".quiz-q__hint").hidden = !open;
        });
      }
      bindControls(q);
    }

    $(quiz, ".quiz__reset").addEventListener("click", () => {
      pending.clear();
      for (const q of questions) pending.set(q.dataset.qid, null);
      state.answers = Object.create(null);
      save();
      for (const q of questions) {
        clearResult(q);
        reshuffle(q);
        $$(q, "input").forEach((i) => { i.checked = false; });
        $$(q, "select").forEach((s) => { s.value = ""; });
        $$(q, ".quiz-seg").forEach((b) => b.setAttribute("aria-pressed", "false"));
      }
      updateScore();
      if (!failing && canWrite) say("このクイズの解答を消しました。修了記録は残ります（消すときは「学習の記録」のページから）。");
    });

    Core.onChange((k) => {
      if (k !== null && k !== storeKey) return;
      const now = load(false);
      if (!now.r.ok) return;
      state = now.state;
      show(now.reset);
      say(Core.MSG.otherTab);
    });
  }

  /* Shared with the unit test (quiz-test.js), which shows copies of these questions. */
  window.NimoQuiz = { response, isCorrect, itemCount, shuffledIndexes, setLocked, bindControls, allAnswered, showAnswered };
  Core.mount("section.quiz", setupQuiz);
})();

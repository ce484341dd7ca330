/* Quizzes rendered by hooks/coursekit/quiz_render.py: check answers, explain, keep answers across reloads.
   Stored under quiz:<name> as {hash, title, total, answers: {qid: {response, correct, at}}}. When the bank's
   hash changes (the questions were edited), only that quiz's answers are reset, with a notice. */
(function () {
  "use strict";
  var Store = window.NimoStore;
  var MSG = {
    unavailable: "このブラウザーでは解答を保存できません（プライベートモードなど）。クイズはこのまま使えますが、ページを閉じると解答は消えます。",
    updated: "このクイズの問題が更新されたため、以前の解答をリセットしました。",
    corrupt: "保存されていた解答を読み込めなかったため、最初からにしました。",
    empty: "答えを選んでから「答え合わせ」を押してください。",
    right: "✓ 正解です。",
    wrong: "✗ 不正解です。下の正解と解説を確かめましょう。"
  };

  function $(root, sel) { return root.querySelector(sel); }
  function $$(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }

  /* The learner's answer to one question, or null when nothing is chosen yet. */
  function response(q) {
    var type = q.dataset.type;
    if (type === "single" || type === "multiple") {
      var picked = $$(q, "input:checked").map(function (i) { return Number(i.value); });
      return picked.length ? picked : null;
    }
    if (type === "truefalse") {
      var tf = $(q, "input:checked");
      return tf ? tf.value === "true" : null;
    }
    if (type === "classify") {
      var values = $$(q, "select").map(function (s) { return s.value === "" ? null : Number(s.value); });
      return values.indexOf(null) === -1 ? values : null;
    }
    if (type === "order") {
      return $$(q, ".quiz-order__item").map(function (li) { return Number(li.dataset.item); });
    }
    var segs = $$(q, ".quiz-seg[aria-pressed='true']").map(function (b) { return Number(b.dataset.seg); });
    return segs.length ? segs : null;
  }

  function sameSet(a, b) {
    return a.length === b.length && a.slice().sort().join() === b.slice().sort().join();
  }

  function isCorrect(type, given, key) {
    if (type === "truefalse") return given === key;
    if (type === "single" || type === "multiple" || type === "wrong-parts") return sameSet(given, key);
    return given.join() === key.join(); /* classify, order: position by position */
  }

  function restore(q, given) {
    var type = q.dataset.type;
    if (type === "single" || type === "multiple") {
      $$(q, "input").forEach(function (i) { i.checked = given.indexOf(Number(i.value)) !== -1; });
    } else if (type === "truefalse") {
      $$(q, "input").forEach(function (i) { i.checked = (i.value === "true") === given; });
    } else if (type === "classify") {
      $$(q, "select").forEach(function (s, n) { s.value = String(given[n]); });
    } else if (type === "order") {
      var list = $(q, ".quiz-order");
      given.forEach(function (item) {
        var li = $(list, ".quiz-order__item[data-item='" + item + "']");
        if (li) list.appendChild(li);
      });
    } else {
      $$(q, ".quiz-seg").forEach(function (b) {
        b.setAttribute("aria-pressed", given.indexOf(Number(b.dataset.seg)) !== -1 ? "true" : "false");
      });
    }
  }

  function setLocked(q, locked) {
    $$(q, "fieldset input, fieldset select, fieldset button").forEach(function (el) { el.disabled = locked; });
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

  function clearResult(q) {
    q.classList.remove("quiz-q--correct", "quiz-q--wrong");
    $(q, ".quiz-q__verdict").textContent = "";
    $(q, ".quiz-q__explain").hidden = true;
    $(q, ".quiz-q__check").hidden = false;
    $(q, ".quiz-q__retry").hidden = true;
    setLocked(q, false);
  }

  function moveItem(button, step) {
    var li = button.closest(".quiz-order__item");
    var list = li.parentNode;
    var items = $$(list, ".quiz-order__item");
    var to = items.indexOf(li) + step;
    if (to < 0 || to >= items.length) return;
    list.insertBefore(li, step < 0 ? items[to] : items[to].nextSibling);
    button.focus();
    li.closest(".quiz-q").querySelector(".quiz-q__verdict").textContent =
      "「" + $(li, ".quiz-order__text").textContent + "」を " + (to + 1) + " 番目にしました。";
  }

  function setupQuiz(quiz) {
    if (quiz.dataset.ready) return;
    quiz.dataset.ready = "1";
    var name = quiz.dataset.quiz;
    var hash = quiz.dataset.quizHash;
    var keys = JSON.parse($(quiz, ".quiz__key").textContent);
    var questions = $$(quiz, ".quiz-q");
    var notice = $(quiz, ".quiz__notice");
    var saving = Store.available();

    function say(text) {
      notice.textContent = text;
      notice.hidden = !text;
    }

    var state = Store.read("quiz:" + name, null, function () { say(MSG.corrupt); });
    if (state && state.hash !== hash) {
      Store.remove("quiz:" + name);
      state = null;
      say(MSG.updated);
    }
    if (!state || typeof state.answers !== "object" || state.answers === null) {
      state = { hash: hash, answers: {} };
    }
    state.title = quiz.dataset.quizTitle;
    state.total = questions.length;
    if (!saving) say(MSG.unavailable);

    function save() {
      state.updated = new Date().toISOString();
      if (!Store.write("quiz:" + name, state)) {
        saving = false;
        say(MSG.unavailable);
      }
    }

    function updateScore() {
      var answered = 0, correct = 0;
      questions.forEach(function (q) {
        var a = state.answers[q.dataset.qid];
        if (a) { answered++; if (a.correct) correct++; }
      });
      $(quiz, ".quiz__score").textContent =
        "得点：" + questions.length + " 問中 " + correct + " 問正解（解答済み " + answered + " 問）";
    }

    questions.forEach(function (q) {
      var qid = q.dataset.qid;
      var key = keys[qid];
      var saved = state.answers[qid];
      if (saved && saved.response !== undefined) {
        try {
          restore(q, saved.response);
          showResult(q, isCorrect(q.dataset.type, saved.response, key.answer));
        } catch (e) {
          delete state.answers[qid]; /* an answer that no longer fits the question is dropped */
        }
      }
      $(q, ".quiz-q__check").addEventListener("click", function () {
        var given = response(q);
        if (given === null) {
          $(q, ".quiz-q__verdict").textContent = MSG.empty;
          return;
        }
        var correct = isCorrect(q.dataset.type, given, key.answer);
        state.answers[qid] = { response: given, correct: correct, at: new Date().toISOString() };
        showResult(q, correct);
        save();
        updateScore();
        $(q, ".quiz-q__retry").focus();
      });
      $(q, ".quiz-q__retry").addEventListener("click", function () {
        delete state.answers[qid];
        clearResult(q);
        save();
        updateScore();
        var first = $(q, "fieldset input, fieldset select, fieldset button");
        if (first) first.focus();
      });
      $$(q, ".quiz-seg").forEach(function (b) {
        b.addEventListener("click", function () {
          b.setAttribute("aria-pressed", b.getAttribute("aria-pressed") === "true" ? "false" : "true");
        });
      });
      $$(q, ".quiz-order__up").forEach(function (b) { b.addEventListener("click", function () { moveItem(b, -1); }); });
      $$(q, ".quiz-order__down").forEach(function (b) { b.addEventListener("click", function () { moveItem(b, 1); }); });
    });

    $(quiz, ".quiz__reset").addEventListener("click", function () {
      state.answers = {};
      Store.remove("quiz:" + name);
      questions.forEach(function (q) {
        clearResult(q);
        $$(q, "input").forEach(function (i) { i.checked = false; });
        $$(q, "select").forEach(function (s) { s.value = ""; });
        $$(q, ".quiz-seg").forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
      });
      updateScore();
      say("このクイズの解答を消しました。");
    });
    updateScore();
  }

  Store.onPage(function () { $$(document, "section.quiz").forEach(setupQuiz); });
})();

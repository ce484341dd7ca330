/* The progress page: each unit's quiz status from localStorage, an export of the results for the facilitator,
   and a reset. Export format (documented in docs/progress.md): {format: "nimo-course-results", version: 1, ...}. */
(function () {
  "use strict";
  var Store = window.NimoStore;

  function $$(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }

  /* What the page knows of a quiz: from a progress row's data attributes, or from the record's JSON. */
  function rowMeta(row) {
    var questions;
    try { questions = JSON.parse(row.dataset.questions || "[]"); } catch (e) { questions = []; }
    return { quiz: row.dataset.quiz, hash: row.dataset.quizHash, title: row.dataset.quizTitle,
             total: Number(row.dataset.total), questions: questions };
  }

  function quizState(meta) {
    var state = Store.read("quiz:" + meta.quiz, null);
    /* Answers to an older version of the quiz do not count: the quiz page resets them. */
    if (!state || state.hash !== meta.hash || typeof state.answers !== "object" || !state.answers) return null;
    return state;
  }

  function summary(meta) {
    var state = quizState(meta);
    var ids = state ? Object.keys(state.answers) : [];
    var correct = ids.filter(function (id) { return state.answers[id] && state.answers[id].correct === true; }).length;
    var dates = ids.map(function (id) { return String(state.answers[id].at || ""); }).sort();
    return {
      quiz: meta.quiz, title: meta.title, hash: meta.hash,
      total: meta.total, answered: ids.length, correct: correct,
      last: dates.length ? dates[dates.length - 1] : null,
      /* In bank order, answered ones only, each with its number and topic for the results notebook. */
      questions: (meta.questions || []).filter(function (q) { return ids.indexOf(q.id) >= 0; }).map(function (q) {
        var a = state.answers[q.id];
        return { id: q.id, number: q.number, topic: q.topic, correct: a.correct === true, answered_at: a.at || null };
      })
    };
  }

  /* The learner's name, shared by the export and the completion record: filled in from storage, saved as typed. */
  function bindName(input, onChange) {
    var profile = Store.read("profile", {});
    input.value = typeof profile.name === "string" ? profile.name : "";
    input.addEventListener("input", function () {
      Store.write("profile", { name: input.value });
      if (onChange) onChange();
    });
  }

  function status(s) {
    if (s.answered === 0) return "未着手";
    if (s.answered < s.total) return "学習中";
    return "完了";
  }

  function render(root) {
    var rows = $$(root, ".progress-row");
    var done = 0;
    rows.forEach(function (row) {
      var s = summary(rowMeta(row));
      if (s.answered >= s.total) done++;
      row.querySelector(".progress-row__status").textContent = status(s) + "（" + s.answered + " / " + s.total + " 問）";
      row.querySelector(".progress-row__score").textContent = s.answered ? s.correct + " / " + s.total + " 問正解" : "—";
      row.querySelector(".progress-row__date").textContent = s.last ? s.last.slice(0, 10) : "—";
    });
    root.querySelector(".progress__summary").textContent =
      rows.length + " ユニット中 " + done + " ユニットのクイズを最後まで解きました。";
  }

  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var notice = root.querySelector(".progress__notice");
    if (!Store.available()) {
      notice.hidden = false;
      notice.textContent = "このブラウザーでは学習の記録を保存できません（プライベートモードなど）。";
    }
    var nameInput = root.querySelector(".progress__name-input");
    bindName(nameInput);

    root.querySelector(".progress__export").addEventListener("click", function () {
      var data = {
        format: "nimo-course-results",
        version: 1,
        exported_at: new Date().toISOString(),
        participant: nameInput.value.trim(),
        quizzes: $$(root, ".progress-row").map(rowMeta).map(summary).map(function (s) { delete s.last; return s; })
      };
      Store.download("nimo-course-results-" + data.exported_at.slice(0, 10) + ".json", JSON.stringify(data, null, 2));
      notice.hidden = false;
      notice.textContent = "結果をファイルに書き出しました。研修担当者に渡すときは、このファイルを送ってください。";
    });
    root.querySelector(".progress__reset").addEventListener("click", function () {
      if (!window.confirm("このブラウザーに保存されたクイズの解答をすべて消します。よろしいですか？")) return;
      Store.keys("quiz:").forEach(function (k) { Store.remove(k); });
      render(root);
      notice.hidden = false;
      notice.textContent = "すべての解答を消しました。";
    });
    render(root);
  }

  function localDate(when) {
    var d = new Date(when);
    if (isNaN(d.getTime())) return "—";
    return d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日";
  }

  /* The completion record lists only units whose quiz was answered to the end, with the date of the last
     answer and the score. */
  function renderRecord(root, quizzes) {
    var done = quizzes.map(summary).filter(function (s) { return s.total > 0 && s.answered >= s.total; });
    var body = root.querySelector(".record__table tbody");
    body.textContent = "";
    done.forEach(function (s) {
      var tr = document.createElement("tr");
      [s.title, localDate(s.last), s.correct + " / " + s.total + " 問正解"].forEach(function (text, i) {
        var cell = document.createElement(i === 0 ? "th" : "td");
        if (i === 0) cell.scope = "row";
        cell.textContent = text;
        tr.appendChild(cell);
      });
      body.appendChild(tr);
    });
    root.querySelector(".record__table").hidden = done.length === 0;
    root.querySelector(".record__empty").hidden = done.length > 0;
    root.querySelector(".record__summary").textContent =
      "全 " + quizzes.length + " ユニットのうち " + done.length + " ユニットを修了しました。";
    root.querySelector(".record__date").textContent = localDate(new Date());
  }

  function setupRecord(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var quizzes;
    try { quizzes = JSON.parse(root.querySelector(".record__data").textContent); } catch (e) { quizzes = []; }
    var notice = root.querySelector(".record__notice");
    if (!Store.available()) {
      notice.hidden = false;
      notice.textContent = "このブラウザーでは学習の記録を保存できないため、修了記録を作れません（プライベートモードなど）。";
    }
    var input = root.querySelector(".record__name-input");
    var who = root.querySelector(".record__who");
    function showName() { who.textContent = input.value.trim() || "（名前が入力されていません）"; }
    bindName(input, showName);
    root.querySelector(".record__print").addEventListener("click", function () { window.print(); });
    showName();
    renderRecord(root, quizzes);
  }

  Store.onPage(function () {
    $$(document, ".progress").forEach(setup);
    $$(document, ".record").forEach(setupRecord);
  });
})();

/* The progress page: each unit's quiz status from localStorage, an export of the results for the facilitator,
   and a reset. Export format (documented in docs/progress.md): {format: "nimo-course-results", version: 1, ...}. */
(function () {
  "use strict";
  var Store = window.NimoStore;

  function $$(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }

  function quizState(row) {
    var state = Store.read("quiz:" + row.dataset.quiz, null);
    /* Answers to an older version of the quiz do not count: the quiz page resets them. */
    if (!state || state.hash !== row.dataset.quizHash || typeof state.answers !== "object" || !state.answers) return null;
    return state;
  }

  function catalogue(row) {
    try { return JSON.parse(row.dataset.questions || "[]"); } catch (e) { return []; }
  }

  function summary(row) {
    var state = quizState(row);
    var total = Number(row.dataset.total);
    var ids = state ? Object.keys(state.answers) : [];
    var correct = ids.filter(function (id) { return state.answers[id] && state.answers[id].correct === true; }).length;
    var dates = ids.map(function (id) { return String(state.answers[id].at || ""); }).sort();
    return {
      quiz: row.dataset.quiz, title: row.dataset.quizTitle, hash: row.dataset.quizHash,
      total: total, answered: ids.length, correct: correct,
      last: dates.length ? dates[dates.length - 1] : null,
      /* In bank order, answered ones only, each with its number and topic for the results notebook. */
      questions: catalogue(row).filter(function (q) { return ids.indexOf(q.id) >= 0; }).map(function (q) {
        var a = state.answers[q.id];
        return { id: q.id, number: q.number, topic: q.topic, correct: a.correct === true, answered_at: a.at || null };
      })
    };
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
      var s = summary(row);
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
    var profile = Store.read("profile", {});
    nameInput.value = typeof profile.name === "string" ? profile.name : "";
    nameInput.addEventListener("input", function () { Store.write("profile", { name: nameInput.value }); });

    root.querySelector(".progress__export").addEventListener("click", function () {
      var data = {
        format: "nimo-course-results",
        version: 1,
        exported_at: new Date().toISOString(),
        participant: nameInput.value.trim(),
        quizzes: $$(root, ".progress-row").map(summary).map(function (s) { delete s.last; return s; })
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

  Store.onPage(function () { $$(document, ".progress").forEach(setup); });
})();

/* Results viewer for facilitators: reads participants' exported files (format "nimo-course-results" v1, see
   docs/progress.md) in the browser and shows the correct rate per question and the weakest topics. Same rules
   as the results notebook: files of another format are skipped; when files disagree on a quiz's version
   (hash), only the most common version is counted. Nothing is uploaded or stored. */
(function () {
  "use strict";
  var WEAKEST = 8;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function percent(correct, answered) {
    return answered ? Math.round((1000 * correct) / answered) / 10 : 0;
  }

  /* files: [{name, data}] of parsed JSON. Returns {used, warnings, questions, topics}. */
  function tally(files) {
    var warnings = [];
    var good = files.filter(function (f) {
      var d = f.data;
      if (d && d.format === "nimo-course-results" && d.version === 1 && Array.isArray(d.quizzes)) return true;
      warnings.push(f.name + "：コースの結果ファイルではないため、読み飛ばしました。");
      return false;
    });
    var versions = {}, newest = {};
    good.forEach(function (f) {
      f.data.quizzes.forEach(function (q) {
        if (!Array.isArray(q.questions) || !q.questions.length) return; /* an untouched quiz says nothing of its version */
        var byHash = versions[q.quiz] = versions[q.quiz] || {};
        byHash[q.hash] = (byHash[q.hash] || 0) + 1;
        var at = String(f.data.exported_at || ""), key = q.quiz + "\u0000" + q.hash;
        if (!newest[key] || at > newest[key]) newest[key] = at;
      });
    });
    var chosen = {};
    Object.keys(versions).forEach(function (quiz) {
      /* As the notebook: the most files, then the newest export, then the smaller hash. */
      var n = versions[quiz], at = function (h) { return newest[quiz + "\u0000" + h]; };
      var hashes = Object.keys(n).sort(function (a, b) {
        return n[b] - n[a] || (at(a) > at(b) ? -1 : at(a) < at(b) ? 1 : 0) || (a < b ? -1 : 1);
      });
      chosen[quiz] = hashes[0];
      if (hashes.length > 1) {
        warnings.push(quiz + "：問題の版が違うファイルがあります。いちばん多い版（" + versions[quiz][hashes[0]] +
                      " 件）だけを数えました。");
      }
    });
    var questions = {};
    good.forEach(function (f) {
      f.data.quizzes.forEach(function (q) {
        if (q.hash !== chosen[q.quiz] || !Array.isArray(q.questions)) return;
        q.questions.forEach(function (a) {
          var key = q.quiz + "\u0000" + a.number;
          var row = questions[key] = questions[key] || { quiz: q.quiz, title: q.title, number: a.number, topic: a.topic || "", answered: 0, correct: 0 };
          row.answered++;
          if (a.correct === true) row.correct++;
        });
      });
    });
    var rows = Object.keys(questions).map(function (k) { return questions[k]; }).sort(function (a, b) {
      return a.quiz.localeCompare(b.quiz, "en", { numeric: true }) || a.number - b.number; /* unit-10 after unit-9 */
    });
    var topics = {};
    rows.forEach(function (r, i) {
      var key = r.title + "\u0000" + r.topic;
      var t = topics[key] = topics[key] || { title: r.title, topic: r.topic, answered: 0, correct: 0, order: i };
      t.answered += r.answered;
      t.correct += r.correct;
    });
    var weakest = Object.keys(topics).map(function (k) { return topics[k]; }).sort(function (a, b) {
      return a.correct / a.answered - b.correct / b.answered || a.order - b.order;
    }).slice(0, WEAKEST);
    return { used: good.length, warnings: warnings, questions: rows, weakest: weakest };
  }

  function table(caption, heads, rows) {
    var t = el("table");
    t.appendChild(el("caption", caption));
    var tr = el("tr");
    heads.forEach(function (h) { var th = el("th", h); th.scope = "col"; tr.appendChild(th); });
    t.appendChild(el("thead")).appendChild(tr);
    var body = t.appendChild(el("tbody"));
    rows.forEach(function (cells) {
      var row = body.appendChild(el("tr"));
      cells.forEach(function (c) { row.appendChild(c instanceof Node ? c : el("td", String(c))); });
    });
    return t;
  }

  function bar(rate) {
    var td = el("td", rate + "%", "results__rate");
    var b = td.appendChild(el("span", undefined, "results__bar"));
    b.style.width = (rate * 0.06).toFixed(2) + "em"; /* 100 % = 6em */
    b.setAttribute("aria-hidden", "true");
    return td;
  }

  function show(root, files) {
    var out = root.querySelector(".results__output");
    out.textContent = "";
    var r = tally(files);
    root.querySelector(".results__status").textContent = r.used + " 件の結果ファイルを集計しました。";
    if (r.warnings.length) {
      var ul = out.appendChild(el("ul", undefined, "results__warnings"));
      r.warnings.forEach(function (w) { ul.appendChild(el("li", w)); });
    }
    if (!r.questions.length) return;
    out.appendChild(table("正答率の低い節（低い順に最大 " + WEAKEST + " 件）", ["クイズ", "節", "解答数", "正答率"],
      r.weakest.map(function (t) { return [t.title, t.topic, t.answered, bar(percent(t.correct, t.answered))]; })));
    /* Sixty rows: folded, so the weakest topics stay the first thing a facilitator sees. */
    var details = out.appendChild(el("details", undefined, "results__questions"));
    details.appendChild(el("summary", "問題ごとの正答率を見る（" + r.questions.length + " 問）"));
    details.appendChild(table("問題ごとの正答率", ["クイズ", "問", "節", "解答数", "正解数", "正答率"],
      r.questions.map(function (q) { return [q.title, "問" + q.number, q.topic, q.answered, q.correct, bar(percent(q.correct, q.answered))]; })));
  }

  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var input = root.querySelector(".results__files");
    input.addEventListener("change", function () {
      var list = Array.prototype.slice.call(input.files || []);
      Promise.all(list.map(function (file) {
        return file.text().then(function (text) {
          try { return { name: file.name, data: JSON.parse(text) }; } catch (e) { return { name: file.name, data: null }; }
        });
      })).then(function (files) {
        files.sort(function (a, b) { return a.name < b.name ? -1 : 1; });
        show(root, files);
      });
    });
  }

  window.NimoStore.onPage(function () {
    Array.prototype.slice.call(document.querySelectorAll(".results")).forEach(setup);
  });
})();

/* The training day (templates/prepost.html): the pre-test and the post-test, each answered whole and scored once;
   after the post-test, the change per section and both tests' answers and explanations; the questionnaire, saved
   as it is filled in. Stored under prepost ({v: 1, title, pre: part, post: part}, part = {shown, responses, at,
   results, correct, total, topics}) and survey ({v: 1, at, satisfaction, usefulness, next, comment}); answers by
   bank index, as in quiz.js. window.NimoPrePost.exported() gives both for the results file on any page. */
(() => {
  "use strict";
  const Core = window.NimoCore;
  const Q = window.NimoQuiz;
  const $ = (root, sel) => root.querySelector(sel);
  const $$ = (root, sel) => Array.from(root.querySelectorAll(sel));
  const isObject = Core.isObject;
  const SIDES = ["pre", "post"];

  function readPart(v) {
    if (!isObject(v)) return { shown: Object.create(null), responses: Object.create(null) };
    return Object.assign({}, v, { shown: isObject(v.shown) ? v.shown : Object.create(null),
                                  responses: isObject(v.responses) ? v.responses : Object.create(null) });
  }
  const scored = (part) => isObject(part) && typeof part.at === "string" && isObject(part.results);

  function exported() {
    const out = {};
    const pp = Core.get("prepost", null);
    if (isObject(pp) && SIDES.some((s) => scored(pp[s]))) {
      out.prepost = { title: typeof pp.title === "string" ? pp.title : "" };
      for (const side of SIDES) {
        const part = pp[side];
        if (!scored(part)) continue;
        const topics = isObject(part.topics) ? part.topics : {};
        out.prepost[side] = { at: part.at, correct: Number(part.correct) || 0, total: Number(part.total) || 0,
                              topics: Object.keys(part.results).map((id) => ({ topic: String(topics[id] || ""), id, correct: part.results[id] === true })) };
      }
    }
    const sv = Core.get("survey", null);
    if (isObject(sv) && typeof sv.at === "string") {
      out.survey = { at: sv.at, satisfaction: Number.isInteger(sv.satisfaction) ? sv.satisfaction : null,
                     usefulness: Number.isInteger(sv.usefulness) ? sv.usefulness : null,
                     next: Array.isArray(sv.next) ? sv.next.filter((x) => typeof x === "string") : [],
                     comment: typeof sv.comment === "string" ? sv.comment : "" };
    }
    return out;
  }
  window.NimoPrePost = { exported };

  function setup(root) {
    const data = Core.parse($(root, ".prepost__data").textContent);
    const keys = data.keys;
    const topicOf = Object.create(null);
    for (const t of data.topics) { topicOf[t.pre] = t.topic; topicOf[t.post] = t.topic; }
    const notice = $(root, ".prepost__notice");
    const title = data.title;
    let canWrite = Core.read("prepost").ok;
    if (!canWrite) Core.say(notice, Core.MSG.blocked);

    function load() {
      const v = Core.get("prepost", {});
      return { v: 1, title, pre: readPart(v.pre), post: readPart(v.post) };
    }
    function save(side, part) {
      if (!canWrite) return;
      const r = Core.update("prepost", (now) => {
        const v = isObject(now) ? now : {};
        return Object.assign({}, v, { v: 1, title, [side]: part });
      });
      if (!r.ok) Core.say(notice, Core.MSG.failed);
    }

    function show(side) {
      const box = $(root, `.prepost-part[data-part="${side}"]`);
      const part = load()[side];
      const done = scored(part);
      const reveal = done && (side === "post" || scored(load().post));
      for (const li of $$(box, "li.quiz-q")) {
        const qid = li.dataset.qid;
        $$(li, ".quiz-q__actions, .quiz-q__hint-wrap, .quiz-q__hint").forEach((el) => el.remove());
        Q.showAnswered(li, part.shown[qid], part.responses[qid], reveal ? part.results[qid] === true : null, keys[qid].answer);
        Q.setLocked(li, done);
      }
      const result = $(box, ".prepost-part__result");
      result.hidden = !done;
      result.textContent = done ? (side === "pre" ? "事前テスト" : "事後テスト") + "：" + part.total + " 問中 " + part.correct + " 問正解" +
        (side === "pre" && !reveal ? "。正解と解説は、事後テストのあとに表示します。" : "。") : "";
      $(box, ".prepost-part__submit").hidden = done;
    }

    function compare() {
      const v = load();
      const box = $(root, ".prepost__compare");
      box.hidden = !(scored(v.pre) && scored(v.post));
      if (box.hidden) return;
      const body = $(box, "tbody");
      body.textContent = "";
      const mark = (part, id) => (!(id in part.results) ? "—" : part.results[id] === true ? "✓ 正解" : "✗ 不正解");
      for (const t of data.topics) {
        const tr = body.appendChild(document.createElement("tr"));
        [t.topic, mark(v.pre, t.pre), mark(v.post, t.post)].forEach((text, i) => {
          const cell = tr.appendChild(document.createElement(i ? "td" : "th"));
          if (!i) cell.scope = "row";
          cell.textContent = text;
        });
      }
      const tr = body.appendChild(document.createElement("tr"));
      ["合計", v.pre.correct + " / " + v.pre.total + " 問", v.post.correct + " / " + v.post.total + " 問"].forEach((text, i) => {
        const cell = tr.appendChild(document.createElement(i ? "td" : "th"));
        if (!i) cell.scope = "row";
        cell.textContent = text;
      });
    }

    for (const side of SIDES) {
      const box = $(root, `.prepost-part[data-part="${side}"]`);
      const part = load()[side];
      /* A display order for each question, kept with the part. */
      let changed = false;
      for (const li of $$(box, "li.quiz-q")) {
        const n = Q.itemCount(li);
        if (n && !(Array.isArray(part.shown[li.dataset.qid]) && part.shown[li.dataset.qid].length === n)) {
          part.shown[li.dataset.qid] = Q.shuffledIndexes(n, li.dataset.type);
          changed = true;
        }
      }
      if (changed && !scored(part)) save(side, part);
      const keep = () => {
        const now = load()[side];
        if (scored(now)) return;
        for (const li of $$(box, "li.quiz-q")) now.responses[li.dataset.qid] = Q.response(li);
        save(side, now);
      };
      box.addEventListener("change", keep);
      Q.bindControls(box, keep);
      $(box, ".prepost-part__submit").addEventListener("click", () => {
        const lis = $$(box, "li.quiz-q");
        if (!Q.allAnswered(lis, $(box, ".prepost-part__missing"))) return;
        const now = load()[side];
        now.results = Object.create(null);
        now.topics = Object.create(null);
        now.correct = 0;
        for (const li of lis) {
          const qid = li.dataset.qid;
          now.responses[qid] = Q.response(li);
          now.results[qid] = Q.isCorrect(keys[qid].type, now.responses[qid], keys[qid].answer);
          now.topics[qid] = topicOf[qid] || "";
          if (now.results[qid]) now.correct++;
        }
        now.total = lis.length;
        now.at = new Date().toISOString();
        save(side, now);
        SIDES.forEach(show);
        compare();
        const result = $(box, ".prepost-part__result");
        result.setAttribute("tabindex", "-1");
        result.focus();
      });
      show(side);
    }
    compare();

    /* The questionnaire: saved as it is filled in. */
    const survey = $(root, ".survey");
    const status = $(survey, ".survey__status");
    const fill = () => {
      const v = Core.get("survey", {});
      for (const key of ["satisfaction", "usefulness"]) {
        $$(survey, `input[name="survey-${key}"]`).forEach((i) => { i.checked = Number(i.value) === v[key]; });
      }
      const next = Array.isArray(v.next) ? v.next : [];
      $$(survey, 'input[name="survey-next"]').forEach((i) => { i.checked = next.includes(i.value); });
      if (document.activeElement !== $(survey, "textarea")) $(survey, "textarea").value = typeof v.comment === "string" ? v.comment : "";
    };
    fill();
    survey.addEventListener("input", () => {
      const picked = (key) => { const i = $(survey, `input[name="survey-${key}"]:checked`); return i ? Number(i.value) : null; };
      const value = { v: 1, at: new Date().toISOString(), satisfaction: picked("satisfaction"), usefulness: picked("usefulness"),
                      next: $$(survey, 'input[name="survey-next"]:checked').map((i) => i.value), comment: $(survey, "textarea").value };
      const ok = canWrite && Core.write("survey", value);
      Core.say(status, ok ? "アンケートの回答を保存しました。" : Core.MSG.failed);
    });

    /* The results file, as on the progress page. */
    const name = $(root, ".prepost__name");
    const exportStatus = $(root, ".prepost__export-status");
    if (window.NimoProgress) window.NimoProgress.bindName(name, null, exportStatus);
    $(root, ".prepost__download").addEventListener("click", () => {
      window.NimoProgress.exportResults(data.quizzes, name.value, exportStatus);
    });

    Core.onChange((k) => {
      if (k !== null && k !== "prepost" && k !== "survey") return;
      SIDES.forEach(show);
      compare();
      fill();
      Core.say(notice, Core.MSG.otherTab);
    });
  }

  Core.mount(".prepost", setup);
})();

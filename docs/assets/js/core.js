/* The one browser core every widget uses: learner data in localStorage under one versioned prefix, a mount guard
   for Material's instant navigation, the shared messages, other tabs' changes, files in and out, and the checks
   of what a quiz answer still means. Nothing is ever sent anywhere.

   Rules that keep learner data from being lost:
   - A read never depends on a probe write: storage that is full still shows what it holds.
   - A widget writes only when its first read worked (read.ok), so unreadable data is never overwritten.
   - A corrupt entry is not deleted: its text is kept aside under broken:<key> (and goes into the backup).
   - Writes are read-modify-write (Core.update), so a change made in another tab is merged, not overwritten;
     the `storage` event tells open pages about such changes (Core.onChange).

   Storage format (all under PREFIX, values JSON): see docs/editors/learner-data.md「保存される学習データ」. */
(() => {
  "use strict";
  const PREFIX = "nimo-course:v1:";
  const BACKUP_FORMAT = "nimo-course-backup";
  const BACKUP_VERSION = 1;
  const BACKUP_LIMIT = 5 * 1024 * 1024; /* bytes: far above a real learner's data, far below a frozen tab */

  const MSG = {
    blocked: "このブラウザーでは学習データを保存できません（プライベートモードや、ブラウザーの設定で止められているなど）。" +
      "このページはこのまま使えますが、ページを閉じると入力や解答は残りません。",
    failed: "保存できませんでした。ブラウザーの保存できる量がいっぱいか、保存が止められています。入力はこの画面に残っています。" +
      "「学習データのバックアップ」でファイルに書き出して、手元に残してください。",
    corrupt: "保存されていたデータの一部を読み込めませんでした。そのデータは消さずに別に取ってあり、バックアップにも入ります。",
    otherTab: "別のタブ（またはウィンドウ）での変更を取り込みました。"
  };

  function storage() {
    try { return window.localStorage || null; } catch (e) { return null; }
  }

  const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

  /* A plain copy of parsed JSON without prototype keys (a file or entry may hold "__proto__"). */
  function clean(value, depth = 0) {
    if (depth > 20) return null;
    if (Array.isArray(value)) return value.map((v) => clean(v, depth + 1));
    if (!isObject(value)) return value;
    const out = Object.create(null);
    for (const k of Object.keys(value)) {
      if (k === "__proto__" || k === "constructor" || k === "prototype") continue;
      out[k] = clean(value[k], depth + 1);
    }
    return out;
  }
  function parse(text) { return clean(JSON.parse(text)); }

  const Core = {
    PREFIX, MSG, BACKUP_FORMAT, BACKUP_VERSION, BACKUP_LIMIT, isObject, clean, parse,

    /* {ok, value, corrupt}: ok is false only when storage cannot be read at all; value null when missing. */
    read(key) {
      const s = storage();
      if (!s) return { ok: false, value: null, corrupt: false };
      let raw;
      try { raw = s.getItem(PREFIX + key); } catch (e) { return { ok: false, value: null, corrupt: false }; }
      if (raw === null) return { ok: true, value: null, corrupt: false };
      try {
        const value = parse(raw);
        if (!isObject(value)) throw new Error("not an object");
        return { ok: true, value, corrupt: false };
      } catch (e) {
        /* Kept aside, never dropped; the entry itself is removed only once its copy is saved. */
        try {
          s.setItem(PREFIX + "broken:" + key, JSON.stringify({ key, text: raw, at: new Date().toISOString() }));
          s.removeItem(PREFIX + key);
        } catch (ignored) { /* full: leave it where it is */ }
        return { ok: true, value: null, corrupt: true };
      }
    },
    /* The parsed value or `fallback`. */
    get(key, fallback) {
      const r = Core.read(key);
      return r.value === null ? fallback : r.value;
    },
    /* true when saved. */
    write(key, value) {
      const s = storage();
      if (!s) return false;
      try { s.setItem(PREFIX + key, JSON.stringify(value)); return true; } catch (e) { return false; }
    },
    remove(key) {
      const s = storage();
      if (!s) return false;
      try { s.removeItem(PREFIX + key); return true; } catch (e) { return false; }
    },
    /* Read the newest value, change it with fn(value or null) -> new value (or undefined: no change), write.
       Returns {ok, value}: ok false when nothing could be read or the write failed. */
    update(key, fn) {
      const r = Core.read(key);
      if (!r.ok) return { ok: false, value: null };
      const next = fn(r.value);
      if (next === undefined) return { ok: true, value: r.value };
      return { ok: Core.write(key, next), value: next };
    },
    /* Keys (without the prefix) that start with `start`. */
    keys(start = "") {
      const s = storage();
      const found = [];
      if (!s) return found;
      try {
        for (let i = 0; i < s.length; i++) {
          const k = s.key(i);
          if (k && k.startsWith(PREFIX + start)) found.push(k.slice(PREFIX.length));
        }
      } catch (e) { /* storage went away: report what we have */ }
      return found;
    },
    /* Can storage be read at all? (Never a write.) */
    readable() { return Core.read("profile").ok; },

    /* fn(key without prefix, or null when everything was cleared) when another tab changes our data. */
    onChange(fn) {
      window.addEventListener("storage", (e) => {
        if (e.key === null) fn(null);
        else if (e.key.startsWith(PREFIX)) fn(e.key.slice(PREFIX.length));
      });
    },

    /* Set a live region's text at once; the same text again is changed by an invisible character, so that it is
       announced again (a failed save is said on every change). */
    say(el, text) {
      if (!el) return;
      el.hidden = !text;
      el.textContent = text && el.textContent === text ? text + "\u200b" : text;
    },

    download(filename, text, type = "application/json") {
      const blob = new Blob([text], { type });
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = filename;
      document.body.appendChild(a);
      a.click();
      setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 0);
    },
    /* A file's text, refused above `limit` bytes before anything is read. */
    readFile(file, limit = BACKUP_LIMIT) {
      if (file.size > limit) return Promise.reject(new RangeError("too large"));
      return file.text();
    },
    /* A name safe in a file name: letters kept (Japanese too), the rest to "_". */
    fileSafe(text) {
      return String(text || "").trim().replace(/[\\/:*?"<>|\s.]+/g, "_").slice(0, 30);
    },
    today() {
      const d = new Date();
      return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
    },

    /* Run setup(el) once per element matching `selector`, on every page view (Material's document$ when present).
       Once per setup, not per element: several widgets may mount on one element (body, section.quiz). */
    mount(selector, setup) {
      const done = new WeakSet();
      const run = () => {
        document.querySelectorAll(selector).forEach((el) => {
          if (done.has(el)) return;
          done.add(el);
          setup(el);
        });
      };
      if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(run);
      else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
      else run();
    }
  };

  /* ------------------------------------------------------------------ quiz answers
     quiz:<name> v2 = {v: 2, quiz, title, updated,
       answers: {qid: {h, response, correct, at}},     h: the question's correctness hash when answered
       aside: {"qid@h": {qid, h, response, correct, at}}, answers to removed or changed questions, kept
       completed: {at, correct, total, version, title} | absent}    the last time every question was answered
     v1 (before per-question hashes) = {hash, title, total, answers: {qid: {response, correct, at}}}: read as v2
     with h null ("not yet checked") and legacyHash = the bank hash it was answered on. */
  const Quiz = {
    normalize(value, name) {
      const v = isObject(value) ? value : {};
      const state = { v: 2, quiz: name, title: typeof v.title === "string" ? v.title : "", answers: Object.create(null),
                      aside: Object.create(null) };
      const take = (a) => isObject(a) ? { h: typeof a.h === "string" ? a.h : null, response: a.response === undefined ? null : a.response,
                                          correct: a.correct === true, at: typeof a.at === "string" ? a.at : "" } : null;
      if (isObject(v.answers)) {
        for (const qid of Object.keys(v.answers)) {
          const a = take(v.answers[qid]);
          if (a) state.answers[qid] = a;
        }
      }
      if (isObject(v.aside)) {
        for (const k of Object.keys(v.aside)) {
          const a = take(v.aside[k]);
          if (a && typeof v.aside[k].qid === "string") state.aside[k] = Object.assign(a, { qid: v.aside[k].qid });
        }
      }
      if (v.v !== 2 && typeof v.hash === "string") state.legacyHash = v.hash;
      else if (typeof v.legacyHash === "string") state.legacyHash = v.legacyHash;
      if (isObject(v.completed) && typeof v.completed.at === "string") {
        const c = v.completed;
        state.completed = { at: c.at, correct: Number(c.correct) || 0, total: Number(c.total) || 0,
                            version: typeof c.version === "string" ? c.version : "", title: typeof c.title === "string" ? c.title : "" };
      }
      if (typeof v.updated === "string") state.updated = v.updated;
      return state;
    },
    /* The answers that still count for `questions` ([{id, h}]): same hash, or an old answer not yet checked. */
    current(state, questions) {
      const out = [];
      for (const q of questions) {
        const a = state.answers[q.id];
        if (a && (a.h === q.h || a.h === null)) out.push([q, a]);
      }
      return out;
    },
    /* Keep the completion record in step: when every question has a current answer, the record is this
       completion (date of the last answer, score); otherwise the earlier record stays. Returns true if changed. */
    complete(state, meta) {
      const current = Quiz.current(state, meta.questions);
      if (!meta.questions.length || current.length < meta.questions.length) return false;
      const at = current.map(([, a]) => a.at).sort().pop() || new Date().toISOString();
      const correct = current.filter(([, a]) => a.correct).length;
      const c = state.completed;
      if (c && c.at === at && c.correct === correct && c.total === meta.questions.length) return false;
      state.completed = { at, correct, total: meta.questions.length, version: meta.hash, title: meta.title };
      return true;
    }
  };
  Core.Quiz = Quiz;

  /* ------------------------------------------------------------------ the unit test (確認テスト)
     test:<name> = {v: 1, quiz, title, updated,
       current: {started, version, drawn: [qid], h: {qid: h}, shown: {qid: [index]}, responses: {qid: response}} | absent,
       attempts: [{at, version, title, drawn, h, responses, results: {qid: bool}, correct, total, pass_percent, passed}],
       aside: [attempts in progress whose questions changed before they were scored, kept]}
     A unit is completed (修了) when one of its attempts passed. Attempts are never changed or dropped. */
  const Test = {
    normalize(value, name) {
      const v = isObject(value) ? value : {};
      const list = (x) => Array.isArray(x) ? x.filter(isObject) : [];
      const attempts = list(v.attempts).filter((a) => typeof a.at === "string").map((a) => Object.assign({}, a, {
        correct: Number(a.correct) || 0, total: Number(a.total) || 0, passed: a.passed === true,
        drawn: Array.isArray(a.drawn) ? a.drawn.filter((q) => typeof q === "string") : [],
        results: isObject(a.results) ? a.results : Object.create(null),
        title: typeof a.title === "string" ? a.title : "", version: typeof a.version === "string" ? a.version : "" }));
      const state = { v: 1, quiz: name, title: typeof v.title === "string" ? v.title : "", attempts, aside: list(v.aside) };
      const c = v.current;
      if (isObject(c) && Array.isArray(c.drawn) && c.drawn.every((q) => typeof q === "string")) {
        state.current = { started: typeof c.started === "string" ? c.started : "", version: typeof c.version === "string" ? c.version : "",
                          drawn: c.drawn, h: isObject(c.h) ? c.h : Object.create(null),
                          shown: isObject(c.shown) ? c.shown : Object.create(null),
                          responses: isObject(c.responses) ? c.responses : Object.create(null) };
      }
      if (typeof v.updated === "string") state.updated = v.updated;
      return state;
    },
    /* {tries, passed: first passing attempt | null, best: the best attempt | null, last: the newest | null} */
    summary(state) {
      const byDate = state.attempts.slice().sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
      const rate = (a) => (a.total ? a.correct / a.total : 0);
      const best = byDate.reduce((x, a) => (!x || rate(a) > rate(x) ? a : x), null);
      return { tries: byDate.length, passed: byDate.find((a) => a.passed) || null, best, last: byDate[byDate.length - 1] || null };
    },
    /* Two stores of one test (another tab, a backup): every attempt of both, once each. */
    merge(a, b, name) {
      const x = Test.normalize(a, name), y = Test.normalize(b, name);
      const seen = new Set(), attempts = [];
      for (const t of [...x.attempts, ...y.attempts]) {
        const id = t.at + "\u0000" + t.drawn.join();
        if (!seen.has(id)) { seen.add(id); attempts.push(t); }
      }
      const aside = [...new Map([...x.aside, ...y.aside].map((t) => [JSON.stringify(t), t])).values()];
      const out = Object.assign({}, x, { title: y.title || x.title, attempts, aside });
      const current = [x.current, y.current].filter(Boolean).sort((p, q) => (p.started < q.started ? 1 : -1))[0];
      if (current) out.current = current; else delete out.current;
      return out;
    }
  };
  Core.Test = Test;

  /* Where the page's sticky header ends on screen (0 when scrolled away or absent): popups and scrolled-to text go below it. */
  Core.headerBottom = function () {
    const header = document.querySelector(".md-header");
    return header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  };

  /* One unit's state for the course home, the navigation and the unit's last step: 修了 when its test was passed,
     学習中 when anything of it is stored (answers, tests, or a visit to its page), else 未着手. */
  Core.unitStatus = function (name) {
    const quiz = Quiz.normalize(Core.read("quiz:" + name).value, name);
    const test = Test.normalize(Core.read("test:" + name).value, name);
    const s = Test.summary(test);
    const visits = Core.get("visits", {});
    const seen = isObject(visits.seen) && typeof visits.seen[name] === "string";
    const started = seen || s.tries > 0 || Boolean(test.current) || Object.keys(quiz.answers).length > 0 || Boolean(quiz.completed);
    return { status: s.passed ? "修了" : started ? "学習中" : "未着手", passed: s.passed, best: s.best, tries: s.tries };
  };

  /* ------------------------------------------------------------------ file:// pages that do not share storage
     Some browsers may give each file opened from disk its own storage. Neither the referrer (empty for file://)
     nor a probe can tell; the tab's window.name can, as it stays with the tab from page to page: each page view
     from file:// saves a random token under pagecheck (the last 20, for other tabs) and puts it in window.name;
     the next page in the tab looks for the token. Not found: the two pages do not share storage. */
  Core.storageShared = function (here = location.href) {
    if (!here.startsWith("file:")) return true;
    const TAG = "nimo-course:";
    const r = Core.read("pagecheck");
    if (!r.ok) return true; /* the blocked-storage message says more */
    const tokens = r.value && Array.isArray(r.value.tokens) ? r.value.tokens.filter((t) => typeof t === "string") : [];
    const before = typeof window.name === "string" && window.name.startsWith(TAG) ? window.name.slice(TAG.length) : "";
    const shared = !before || tokens.includes(before);
    const token = Math.random().toString(36).slice(2, 12);
    window.name = Core.write("pagecheck", { tokens: [token, ...tokens].slice(0, 20) }) ? TAG + token : "";
    return shared;
  };
  Core.MSG.notShared = "このブラウザーでは、ファイルから開いたページどうしで学習データが共有されていないようです。" +
    "ページを移ると、解答や入力が引き継がれないことがあります。Microsoft Edge か Google Chrome で開くか、" +
    "研修担当者に、コースをサーバーのフォルダーから開けるようにしてもらってください。" +
    "今の入力は「学習の記録」の「学習データのバックアップ」でファイルに残せます。";

  /* Say so once per page view, above the page's text. */
  Core.mount("body", () => {
    if (Core.storageShared()) return;
    const box = document.createElement("p");
    box.className = "nimo-notshared";
    box.setAttribute("role", "status");
    box.textContent = Core.MSG.notShared;
    const main = document.querySelector("article") || document.body;
    main.insertBefore(box, main.firstChild);
  });

  window.NimoCore = Core;
})();

/* 「学習データのバックアップ」: one file with everything of this course in this browser (quiz answers, unit
   tests and completion records, the training day's tests and questionnaire, 見立て, support plan, self-check, name, ちがいさがし, entries kept aside), and its import.
   File: {format: "nimo-course-backup", version: 1, exported_at, entries: {<storage key without prefix>: value}}.
   Import reads at most Core.BACKUP_LIMIT bytes, validates the whole file first, shows what it will change and
   changes nothing until the learner confirms; then every entry is merged (nothing in this browser is dropped:
   for the same question or field the newer answer / the file's text wins) and written all together, or, if
   one write fails, none (the earlier values are put back). A support plan exported by older pages
   ({format: "nimo-case-plan"}) is read too, into this page's case. */
(() => {
  "use strict";
  const Core = window.NimoCore;
  const Quiz = Core.Quiz;
  const isObject = Core.isObject;
  const KEY = /^((quiz|test):[a-z0-9][a-z0-9-]*|case:[a-z0-9][a-z0-9-]*:(plan|mitate|check)|profile|chigai|prepost|survey|broken:.{1,200})$/;
  const PARTS = { plan: "支援計画", mitate: "見立て", check: "自己点検" };

  class Refused extends Error {}

  /* Everything of this course in this browser. */
  function collect() {
    const entries = Object.create(null);
    for (const key of Core.keys("")) {
      if (!KEY.test(key)) continue;
      const r = Core.read(key);
      if (r.value !== null) entries[key] = r.value;
    }
    for (const key of Core.keys("broken:")) { /* corrupt entries found just now */
      const r = Core.read(key);
      if (r.value !== null) entries[key] = r.value;
    }
    return entries;
  }

  const isText = (v) => typeof v === "string";
  const isTextList = (v) => Array.isArray(v) && v.every(isText);
  const isTeam = (v) => Array.isArray(v) && v.every((m) => isObject(m) && (m.member === undefined || isText(m.member)) &&
                                                        (m.role === undefined || isText(m.role)));
  const isFieldValue = (v) => isText(v) || typeof v === "boolean" || isTextList(v) || isTeam(v);

  /* A case entry's fields: {fields: {...}} (plan; 見立て and self-check since v2) or flat (older 見立て and
     self-check); null when a value is of no known shape. */
  const META = ["format", "version", "case", "hash", "updated", "labels", "v", "exported_at"];
  function caseFields(value) {
    if (!isObject(value)) return null;
    const f = value.fields !== undefined ? value.fields : value;
    if (!isObject(f)) return null;
    const out = Object.create(null);
    for (const k of Object.keys(f)) {
      if (f === value && META.includes(k)) continue;
      if (!isFieldValue(f[k])) return null;
      out[k] = f[k];
    }
    return out;
  }

  function checkEntry(key, value) {
    if (!isObject(value)) return false;
    if (key.startsWith("quiz:")) {
      for (const part of ["answers", "aside"]) {
        if (value[part] === undefined) continue;
        if (!isObject(value[part]) || !Object.values(value[part]).every(isObject)) return false;
      }
      return value.completed === undefined || value.completed === null || isObject(value.completed);
    }
    if (key.startsWith("test:")) {
      return ["attempts", "aside"].every((part) => value[part] === undefined || (Array.isArray(value[part]) && value[part].every(isObject))) &&
        (value.current === undefined || value.current === null || isObject(value.current));
    }
    if (key.startsWith("case:")) return caseFields(value) !== null && (value.labels === undefined || isObject(value.labels));
    if (key === "profile") return (value.name === undefined || isText(value.name)) && (value.id === undefined || isText(value.id));
    if (key === "chigai") return value.found === undefined || isTextList(value.found);
    if (key === "prepost") return ["pre", "post"].every((side) => value[side] === undefined || isObject(value[side]));
    if (key === "survey") return (value.comment === undefined || isText(value.comment)) && (value.next === undefined || isTextList(value.next));
    return true; /* broken:…, kept as it is */
  }

  /* The file's entries, or throws Refused with what is wrong (in the learner's words). */
  function validate(text, pageCase) {
    let data;
    try { data = Core.parse(text); } catch (e) { throw new Refused("ファイルの中身を読み取れませんでした。"); }
    if (!isObject(data)) throw new Refused("このコースのバックアップのファイルではありません。");
    if (data.format === "nimo-case-plan" && isObject(data.fields)) {
      /* An earlier page's plan export: into this page's case (the case may have been renamed since). */
      const name = pageCase || (isText(data.case) ? data.case : "");
      if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Refused("どの事例の計画かが分かりません。");
      const entry = { fields: data.fields };
      if (!checkEntry("case:" + name + ":plan", entry)) throw new Refused("計画の内容に、読み取れない項目があります。");
      return { ["case:" + name + ":plan"]: entry };
    }
    if (data.format !== Core.BACKUP_FORMAT) throw new Refused("このコースのバックアップのファイルではありません。");
    if (data.version !== Core.BACKUP_VERSION) throw new Refused("このコースの新しい版で作られたファイルのため、読み込めません。");
    if (!isObject(data.entries)) throw new Refused("バックアップの中身がありません。");
    const entries = Object.create(null);
    for (const key of Object.keys(data.entries)) {
      if (!KEY.test(key)) throw new Refused("知らない種類のデータ（" + key.slice(0, 40) + "）が入っています。");
      if (!checkEntry(key, data.entries[key])) throw new Refused("「" + describe(key, null).name + "」の内容を読み取れません。");
      entries[key] = data.entries[key];
    }
    if (!Object.keys(entries).length) throw new Refused("バックアップに学習データが入っていません。");
    return entries;
  }

  /* ------------------------------------------------------------------ merging one entry */
  const planFields = (value) => caseFields(value) || Object.create(null);

  function merge(key, now, incoming) {
    if (key.startsWith("quiz:")) {
      const name = key.slice(5);
      const a = Quiz.normalize(now, name), b = Quiz.normalize(incoming, name);
      const out = Quiz.normalize(null, name);
      out.title = b.title || a.title;
      for (const st of [a, b]) {
        for (const qid of Object.keys(st.answers)) {
          const x = st.answers[qid], y = out.answers[qid];
          if (y && (y.h !== x.h)) { /* two versions of one question: the older kept aside */
            const [keep, aside] = x.at >= y.at ? [x, y] : [y, x];
            out.answers[qid] = keep;
            out.aside[qid + "@" + (aside.h || "")] = Object.assign({ qid }, aside);
          } else if (!y || x.at >= y.at) out.answers[qid] = x;
        }
        Object.assign(out.aside, st.aside);
      }
      const cs = [a.completed, b.completed].filter(Boolean).sort((x, y) => (x.at < y.at ? 1 : -1));
      if (cs.length) out.completed = cs[0];
      out.updated = new Date().toISOString();
      return out;
    }
    if (key.startsWith("test:")) return Object.assign(Core.Test.merge(now, incoming, key.slice(5)), { updated: new Date().toISOString() });
    if (key.startsWith("case:")) {
      const labels = Object.assign(Object.create(null), now && isObject(now.labels) ? now.labels : {},
                                   incoming && isObject(incoming.labels) ? incoming.labels : {});
      return { v: 2, case: key.split(":")[1], updated: new Date().toISOString(), labels,
               fields: Object.assign(Object.create(null), planFields(now), planFields(incoming)) };
    }
    if (key === "profile") {
      return { name: incoming.name || (now && now.name) || "", id: (now && now.id) || incoming.id || "" };
    }
    if (key === "prepost") { /* per test, a scored one over one in progress, then the newer */
      const pick = (a, b) => (!isObject(a) ? b : !isObject(b) ? a : Boolean(a.at) !== Boolean(b.at) ? (a.at ? a : b) : (b.at || "") >= (a.at || "") ? b : a);
      return Object.assign({}, now, incoming, { pre: pick(now && now.pre, incoming.pre), post: pick(now && now.post, incoming.post) });
    }
    if (key === "survey" && isObject(now) && (now.at || "") > (incoming.at || "")) return now;
    if (key === "chigai" && now && now.hash === incoming.hash && Array.isArray(now.found)) {
      return Object.assign({}, incoming, { found: Array.from(new Set([...now.found, ...(incoming.found || [])])) });
    }
    return incoming;
  }

  /* ------------------------------------------------------------------ what the learner is shown */
  const filled = (v) => Array.isArray(v) ? v.length > 0 : typeof v === "boolean" ? v : isText(v) && v.trim() !== "";

  function describe(key, value) {
    if (key.startsWith("quiz:")) {
      const st = Quiz.normalize(value, key.slice(5));
      const n = Object.keys(st.answers).length;
      return { name: "クイズ「" + (st.title || key.slice(5)) + "」", what: "解答 " + n + " 問" + (st.completed ? "・修了記録あり" : "") };
    }
    if (key.startsWith("test:")) {
      const st = Core.Test.normalize(value, key.slice(5)), s = Core.Test.summary(st);
      return { name: "確認テスト「" + (st.title || key.slice(5)) + "」", what: "受験 " + s.tries + " 回" + (s.passed ? "・合格" : "") };
    }
    if (key.startsWith("case:")) {
      const [, name, part] = key.split(":");
      const n = Object.values(planFields(value)).filter(filled).length;
      return { name: "事例「" + name + "」の" + PARTS[part], what: "記入のある項目 " + n + " 個" };
    }
    if (key === "profile") return { name: "名前", what: value && value.name ? "「" + value.name + "」" : "（なし）" };
    if (key === "prepost") {
      const done = ["pre", "post"].filter((side) => value && isObject(value[side]) && value[side].at).map((side) => (side === "pre" ? "事前" : "事後"));
      return { name: "研修日の事前・事後テスト", what: done.length ? done.join("・") + "テストの結果あり" : "途中の解答" };
    }
    if (key === "survey") return { name: "研修アンケート", what: value && value.at ? "回答あり" : "（なし）" };
    if (key === "chigai") return { name: "まぁ！ちがいさがし", what: "見つけた違い " + (value && Array.isArray(value.found) ? value.found.length : 0) + " 個" };
    return { name: "以前に読み込めなかったデータ", what: "（取ってあるもの）" };
  }

  function setup(root) {
    const status = root.querySelector(".backup__status");
    const preview = root.querySelector(".backup__preview");
    const list = root.querySelector(".backup__changes");
    const fileInput = root.querySelector(".backup__file");
    const pageCase = root.dataset.case || "";
    let planned = null;

    root.querySelector(".backup__export").addEventListener("click", () => {
      const entries = collect();
      const p = Core.get("profile", {});
      const data = { format: Core.BACKUP_FORMAT, version: Core.BACKUP_VERSION, exported_at: new Date().toISOString(),
                     title: "学習データのバックアップ（にも包括 研修コース）", entries };
      const who = Core.fileSafe(p.name);
      Core.download("nimo-course-backup-" + (who ? who + "-" : "") + Core.today() + ".json", JSON.stringify(data, null, 2));
      Core.say(status, Object.keys(entries).length ?
        "学習データを一つのファイルに書き出しました（" + Object.keys(entries).length + " 件）。「バックアップから戻す」で、このブラウザーや別のブラウザーに戻せます。" :
        "このブラウザーには、まだ学習データがありません（空のバックアップを書き出しました）。");
    });

    function closePreview() {
      planned = null;
      preview.hidden = true;
      list.textContent = "";
    }

    fileInput.addEventListener("change", () => {
      const file = fileInput.files && fileInput.files[0];
      fileInput.value = "";
      closePreview();
      if (!file) return;
      Core.readFile(file).then((text) => {
        const entries = validate(text, pageCase);
        const changes = [];
        for (const key of Object.keys(entries)) {
          const now = Core.read(key).value;
          const next = merge(key, now, entries[key]);
          const d = describe(key, next), was = now === null ? null : describe(key, now);
          changes.push({ key, next, text: d.name + "：" + (was ? "今は " + was.what + " → 戻した後は " + d.what : "新しく " + d.what) });
        }
        planned = changes;
        for (const c of changes) {
          const li = document.createElement("li");
          li.textContent = c.text;
          list.appendChild(li);
        }
        preview.hidden = false;
        Core.say(status, "ファイルを確かめました。次の " + changes.length + " 件が変わります。まだ何も変えていません。" +
          "よければ「この内容で戻す」を押してください。");
        root.querySelector(".backup__confirm").focus();
      }).catch((e) => {
        const why = e instanceof RangeError ? "ファイルが大きすぎます（" + Math.round(Core.BACKUP_LIMIT / 1024 / 1024) + " MB まで）。" :
          e instanceof Refused ? e.message : "ファイルを読めませんでした。";
        Core.say(status, why + "今のデータはそのままです（何も変えていません）。");
      });
    });

    root.querySelector(".backup__cancel").addEventListener("click", () => {
      closePreview();
      Core.say(status, "戻すのをやめました。今のデータはそのままです。");
    });

    root.querySelector(".backup__confirm").addEventListener("click", () => {
      if (!planned) return;
      const before = planned.map((c) => [c.key, Core.read(c.key)]);
      if (before.some(([, r]) => !r.ok)) {
        Core.say(status, Core.MSG.blocked);
        return;
      }
      const done = [];
      let failed = false;
      for (const c of planned) {
        if (Core.write(c.key, c.next)) done.push(c.key);
        else { failed = true; break; }
      }
      if (failed) {
        for (const [key, r] of before) {
          if (!done.includes(key)) continue;
          if (r.value === null) Core.remove(key); else Core.write(key, r.value);
        }
        Core.say(status, "保存できる量が足りないため、戻せませんでした。今のデータはそのままです（何も変えていません）。");
        return;
      }
      const n = planned.length;
      closePreview();
      document.dispatchEvent(new CustomEvent("nimo:data-replaced"));
      Core.say(status, "バックアップから " + n + " 件を戻しました。");
    });
  }

  window.NimoBackup = { collect, validate, merge, caseFields };
  Core.mount(".backup", setup);
})();

/* The case exercise's tools (templates mitate.html, plan_builder.html, plan_check.html): 見立て notes, the
   support-plan builder and the self-check. Each is saved as it is typed under case:<case>:<mitate|plan|check>
   as {v: 2, case, updated, labels: {id: label}, fields: {id: value}} (older pages: the plan as {format, version: 1,
   case, hash, updated, fields}, 見立て and self-check flat {id: value}; both are read). Learner text is only set
   with .value or .textContent.
   - Values are keyed by the field's stable id. A value whose id the page no longer has (a field renamed or
     removed, or a case renamed) stays stored and is shown under 「以前の項目」 with the label it had, and goes
     into every export, until the learner deletes it.
   - A save merges: only the fields changed on this page since it last read storage are written; the rest keep
     what is stored (perhaps newer, from another tab), and changes from other tabs are shown as they come. */
(() => {
  "use strict";
  const Core = window.NimoCore;
  const $ = (root, sel) => root.querySelector(sel);
  const $$ = (root, sel) => Array.from(root.querySelectorAll(sel));
  const PARTS = { plan: "支援計画", mitate: "見立て", check: "自己点検" };
  const filled = (v) => Array.isArray(v) ? v.length > 0 : typeof v === "boolean" ? v : typeof v === "string" && v.trim() !== "";
  /* Two values of a field are the same when equal, or both empty (missing, "", [], unticked). */
  const empty = (v) => v === undefined || v === null || v === "" || v === false || (Array.isArray(v) && v.length === 0);
  const same = (a, b) => JSON.stringify(empty(a) ? null : a) === JSON.stringify(empty(b) ? null : b);

  function time() {
    const d = new Date();
    return String(d.getHours()).padStart(2, "0") + ":" + String(d.getMinutes()).padStart(2, "0");
  }

  function storedFields(value) {
    return (window.NimoBackup && window.NimoBackup.caseFields(value)) || Object.create(null);
  }

  /* One form (見立て, plan or self-check) bound to its entry. `kind` gives collect/fill/labels for the form. */
  function bindPart(form, kind) {
    const caseName = form.dataset.case;
    const part = form.dataset.store;
    const key = "case:" + caseName + ":" + part;
    const statusEl = $(form, ".case-tool__status");
    const status = (text) => Core.say(statusEl, text);
    const ids = kind.ids();
    let base = Object.create(null);   /* the stored values this page last saw */
    let baseLabels = Object.create(null);
    let canWrite = true;
    let failing = false;

    const old = document.createElement("div");
    old.className = "case-old";
    old.hidden = true;
    (kind.oldPlace ? kind.oldPlace() : statusEl).before(old);

    function load(replaceAll) {
      const r = Core.read(key);
      if (!r.ok) { canWrite = false; return r; }
      const stored = storedFields(r.value);
      const local = kind.collect();
      const take = Object.create(null);
      for (const id of ids) {
        if (replaceAll || same(local[id], base[id])) take[id] = stored[id];
        else take[id] = local[id]; /* an edit here not saved yet (saving failed): kept on screen */
      }
      kind.fill(take);
      base = stored;
      baseLabels = r.value && Core.isObject(r.value.labels) ? r.value.labels : Object.create(null);
      renderOld();
      if (r.corrupt) status(Core.MSG.corrupt);
      return r;
    }

    function save() {
      if (!canWrite) { status(Core.MSG.blocked); return; }
      const r = Core.read(key);
      if (!r.ok) { canWrite = false; status(Core.MSG.blocked); return; }
      const stored = storedFields(r.value);
      const local = kind.collect();
      const next = Object.assign(Object.create(null), stored);
      const fromOther = [];
      for (const id of ids) {
        if (!same(local[id], base[id])) next[id] = local[id];
        else if (!same(stored[id], local[id])) fromOther.push(id);
      }
      const labels = Object.assign(Object.create(null), r.value && Core.isObject(r.value.labels) ? r.value.labels : {}, kind.labels());
      if (Core.write(key, { v: 2, case: caseName, updated: new Date().toISOString(), labels, fields: next })) {
        base = next;
        baseLabels = labels;
        if (fromOther.length) {
          const show = Object.assign(Object.create(null), local);
          fromOther.forEach((id) => { show[id] = next[id]; });
          kind.fill(show);
        }
        failing = false;
        status("このブラウザーに保存しました（" + time() + "）" + (fromOther.length ? "。" + Core.MSG.otherTab : ""));
      } else {
        failing = true;
        status(Core.MSG.failed);
      }
    }

    /* Text of a value, as the learner wrote it. */
    function valueText(v) {
      if (typeof v === "boolean") return v ? "✓ 印を付けていました" : "（印なし）";
      if (typeof v === "string") return v;
      if (Array.isArray(v)) {
        return v.map((x) => Core.isObject(x) ? (kind.memberName(x.member) || "（未選択）") + "：" + (x.role || "") : String(x)).join("\n");
      }
      return "";
    }

    /* Values this page has no field for: of this case (fields renamed or removed) and of other case names. */
    function oldItems() {
      const items = [];
      const add = (entryKey, value, from) => {
        const fields = storedFields(value);
        const labels = value && Core.isObject(value.labels) ? value.labels : {};
        for (const id of Object.keys(fields)) {
          if ((entryKey === key && ids.includes(id)) || !filled(fields[id])) continue;
          items.push({ entryKey, id, label: (from ? "事例「" + from + "」の" : "") + (labels[id] || id), text: valueText(fields[id]) });
        }
      };
      add(key, { fields: base, labels: baseLabels }, "");
      for (const other of Core.keys("case:")) {
        const [, name, p] = other.split(":");
        if (p !== part || name === caseName) continue;
        add(other, Core.read(other).value, name);
      }
      return items;
    }

    function renderOld() {
      const items = oldItems();
      old.textContent = "";
      old.hidden = items.length === 0;
      if (!items.length) return;
      const h = document.createElement("p");
      h.className = "case-old__title";
      h.textContent = "以前の項目（" + PARTS[part] + "）";
      const intro = document.createElement("p");
      intro.textContent = "コースの更新で、今のページにない項目です。書いた内容は消さずに残してあり、書き出すファイルにも入ります。" +
        "必要なところを今の項目に写してから、不要になったら消してください。";
      old.append(h, intro);
      const list = document.createElement("dl");
      list.className = "case-old__list";
      for (const item of items) {
        const dt = document.createElement("dt");
        dt.textContent = item.label;
        const dd = document.createElement("dd");
        const text = document.createElement("p");
        text.className = "case-old__text";
        text.textContent = item.text;
        const del = document.createElement("button");
        del.type = "button";
        del.className = "md-button case-old__delete";
        del.textContent = "この項目を消す";
        del.setAttribute("aria-label", "以前の項目「" + item.label + "」を消す");
        del.addEventListener("click", () => {
          if (!window.confirm("以前の項目「" + item.label + "」を消します。よろしいですか？")) return;
          const r = Core.update(item.entryKey, (v) => {
            if (v === null) return undefined;
            const fields = storedFields(v);
            delete fields[item.id];
            return Object.assign({}, v.fields !== undefined ? v : { v: 2 }, { v: 2, fields, updated: new Date().toISOString() });
          });
          if (!r.ok) { status(Core.MSG.failed); return; }
          if (item.entryKey === key) { base = storedFields(r.value); baseLabels = r.value.labels || baseLabels; }
          renderOld();
          status("以前の項目「" + item.label + "」を消しました。");
          (old.querySelector(".case-old__delete") || form.querySelector("textarea, input, button")).focus();
        });
        dd.append(text, del);
        list.append(dt, dd);
      }
      old.appendChild(list);
    }

    const first = load(true);
    if (!first.ok) status(Core.MSG.blocked);
    form.addEventListener("input", (e) => { if (!e.target.closest(".backup")) save(); });
    form.addEventListener("change", (e) => { if (!e.target.closest(".backup")) save(); });
    form.addEventListener("submit", (e) => e.preventDefault());
    Core.onChange((k) => {
      if (k !== null && k !== key && !k.startsWith("case:")) return;
      load(false);
      if (!failing) status(Core.MSG.otherTab);
    });
    document.addEventListener("nimo:data-replaced", () => load(true));
    return { save, oldItems, key, reload: () => load(true) };
  }

  /* ---------------------------------------------------------------- 見立て and self-check: simple fields */
  function simpleKind(form) {
    const controls = () => $$(form, "textarea, input[type=text], input[type=checkbox]").filter((el) => !el.closest(".backup"));
    const labelOf = (el) => {
      const l = el.id ? form.querySelector("label[for='" + el.id + "']") : el.closest("label");
      return l ? l.textContent.trim() : el.name;
    };
    return {
      ids: () => controls().map((el) => el.name),
      labels: () => Object.fromEntries(controls().map((el) => [el.name, labelOf(el)])),
      collect: () => Object.fromEntries(controls().map((el) => [el.name, el.type === "checkbox" ? el.checked : el.value])),
      fill: (values) => controls().forEach((el) => {
        const v = values[el.name];
        if (el.type === "checkbox") el.checked = v === true; else el.value = typeof v === "string" ? v : "";
      }),
      memberName: (id) => id
    };
  }

  /* ---------------------------------------------------------------- the plan builder */
  function setupPlan(form) {
    const caseName = form.dataset.case;
    const data = Core.parse($(form, ".case-plan__data").textContent);
    const printView = form.nextElementSibling;
    let binding = null;
    const teamList = (field) => $(field, ".case-team");

    function addMember(field, member, role) {
      const row = $(field, "template.case-team__row").content.firstElementChild.cloneNode(true);
      const select = $(row, "select");
      select.value = member && data.members[member] ? member : "";
      $(row, "input").value = role || "";
      $(row, ".case-team__remove").addEventListener("click", () => {
        const next = row.nextElementSibling || row.previousElementSibling;
        row.remove();
        binding.save();
        (next ? $(next, "select") : $(field, ".case-team__add")).focus();
      });
      teamList(field).appendChild(row);
      return row;
    }

    const kind = {
      ids: () => data.fields.map((f) => f.id),
      labels: () => Object.fromEntries(data.fields.map((f) => [f.id, f.label])),
      oldPlace: () => $(form, ".case-tool__status"),
      memberName: (id) => data.members[id],
      /* {fieldId: string | [string] | [{member, role}]} */
      collect() {
        const values = Object.create(null);
        $$(form, ".case-field").forEach((field) => {
          const id = field.dataset.field, k = field.dataset.kind;
          if (k === "checklist") values[id] = $$(field, "input:checked").map((c) => c.value);
          else if (k === "team") {
            values[id] = $$(field, ".case-team__member").map((row) => ({ member: $(row, "select").value, role: $(row, "input").value }))
              .filter((m) => m.member || m.role);
          } else values[id] = $(field, "input, textarea").value;
        });
        return values;
      },
      fill(values) {
        $$(form, ".case-field").forEach((field) => {
          const id = field.dataset.field, k = field.dataset.kind, value = values[id];
          if (k === "checklist") {
            const chosen = Array.isArray(value) ? value : [];
            $$(field, "input").forEach((c) => { c.checked = chosen.includes(c.value); });
          } else if (k === "team") {
            const want = Array.isArray(value) ? value.filter(Core.isObject) : [];
            if (same(kind.collect()[id], want)) return; /* keep the rows (and the focus) as they are */
            teamList(field).textContent = "";
            want.forEach((m) => addMember(field, String(m.member || ""), String(m.role || "")));
          } else {
            const el = $(field, "input, textarea");
            const v = typeof value === "string" ? value : "";
            if (el.value !== v) el.value = v;
          }
        });
      }
    };

    function oldLines() {
      const items = binding.oldItems();
      return items.length ? ["## 以前の項目", "", ...items.flatMap((i) => ["### " + i.label, "", i.text, ""])] : [];
    }

    function markdown() {
      const values = kind.collect();
      let out = ["# 支援計画：" + data.title, "", "（架空事例の演習。" + Core.today() + " に書き出し）", ""];
      data.fields.forEach((f) => {
        const v = values[f.id];
        out.push("## " + f.label, "");
        if (f.kind === "checklist") out = out.concat(v.length ? v.map((x) => "- " + x) : ["（なし）"]);
        else if (f.kind === "team") out = out.concat(v.length ? v.map((m) => "- " + (data.members[m.member] || "（未選択）") + "：" + m.role) : ["（なし）"]);
        else out.push(v || "（未記入）");
        out.push("");
      });
      return out.concat(oldLines()).join("\n");
    }

    function renderPrint() {
      const values = kind.collect();
      printView.textContent = "";
      const h = document.createElement("h2");
      h.textContent = "支援計画：" + data.title;
      printView.appendChild(h);
      const block = (label, lines, list) => {
        const title = document.createElement("h3");
        title.textContent = label;
        printView.appendChild(title);
        if (list) {
          const ul = document.createElement("ul");
          (lines.length ? lines : ["（なし）"]).forEach((x) => { const li = document.createElement("li"); li.textContent = x; ul.appendChild(li); });
          printView.appendChild(ul);
        } else {
          const p = document.createElement("p");
          p.className = "case-print-view__text";
          p.textContent = lines || "（未記入）";
          printView.appendChild(p);
        }
      };
      data.fields.forEach((f) => {
        const v = values[f.id];
        if (f.kind === "checklist") block(f.label, v, true);
        else if (f.kind === "team") block(f.label, v.map((x) => (data.members[x.member] || "（未選択）") + "：" + x.role), true);
        else block(f.label, v, false);
      });
      binding.oldItems().forEach((i) => block("以前の項目：" + i.label, i.text, false));
    }

    binding = bindPart(form, kind);
    $$(form, ".case-team__add").forEach((button) => {
      button.addEventListener("click", () => {
        const field = button.closest(".case-field");
        $(addMember(field, "", ""), "select").focus();
        binding.save();
      });
    });
    $(form, ".case-export-md").addEventListener("click", () => {
      Core.download("shien-keikaku-" + caseName + "-" + Core.today() + ".md", markdown(), "text/markdown");
      Core.say($(form, ".case-tool__status"), "計画を文書のファイルに書き出しました。");
    });
    $(form, ".case-print").addEventListener("click", () => {
      renderPrint();
      document.body.classList.add("case-printing"); /* print the plan alone, not the whole page */
      window.print();
    });
    window.addEventListener("afterprint", () => document.body.classList.remove("case-printing"));
    window.addEventListener("beforeprint", renderPrint);
    $(form, ".case-clear").addEventListener("click", () => {
      if (!window.confirm("この演習で入力した内容（見立て・支援計画・自己点検、以前の項目も）を、このブラウザーから消します。" +
        "共用のパソコンでは消しておくと安心です。先に「バックアップを書き出す」でファイルに保存しておくと、" +
        "あとで「バックアップから戻す」で、見立て・支援計画・自己点検・クイズの解答をすべて元に戻せます。消しますか？")) return;
      const left = Core.keys("case:").filter((k) => !Core.remove(k));
      document.dispatchEvent(new CustomEvent("nimo:data-replaced"));
      Core.say($(form, ".case-tool__status"), left.length ? "一部の内容を消せませんでした。" : "入力した内容を消しました。");
    });
  }

  /* ---------------------------------------------------------------- self-check: the model plan after an attempt */
  function setupCheck(form) {
    bindPart(form, simpleKind(form));
    const button = $(form, ".case-model__show");
    button.addEventListener("click", () => {
      const plan = storedFields(Core.read("case:" + form.dataset.case + ":plan").value);
      const written = Object.values(plan).filter(filled).length;
      const ticked = $$(form, "input[type=checkbox]:checked").length;
      if (written === 0 && ticked === 0) {
        Core.say($(form, ".case-tool__status"), "先に自分の支援計画を書いてから、モデルプランと見比べましょう。");
        return;
      }
      $(form, ".case-model").hidden = false;
      button.hidden = true;
      Core.say($(form, ".case-tool__status"), "モデルプランを表示しました。一つの例として、自分の計画と見比べてください。");
    });
  }

  Core.mount("form.case-tool", (form) => {
    if (form.dataset.store === "plan") setupPlan(form);
    else if (form.dataset.store === "check") setupCheck(form);
    else bindPart(form, simpleKind(form));
  });
})();

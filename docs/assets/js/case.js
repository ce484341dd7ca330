/* The case exercise's tools (rendered by hooks/coursekit/cases.py): 見立て notes, the support-plan builder and
   the self-check. Everything is saved in localStorage as it is typed, under case:<case>:<mitate|plan|check>,
   and never sent anywhere. Learner text is only ever set with .value or .textContent, never as HTML.
   When the plan's fields change in a content update, values of fields that still exist are kept, and values
   of removed fields are kept too (under `fields`), so nothing a learner wrote is lost. */
(function () {
  "use strict";
  var Store = window.NimoStore;
  var FORMAT = "nimo-case-plan";

  function $(root, sel) { return root.querySelector(sel); }
  function $$(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }

  function status(form, text) { $(form, ".case-tool__status").textContent = text; }

  function time() {
    var d = new Date();
    return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
  }

  function savedMessage(ok) {
    return ok ? "このブラウザーに保存しました（" + time() + "）" :
      "このブラウザーでは保存できません（プライベートモードなど）。書き出して手元に残してください。";
  }

  /* ---------------------------------------------------------------- 見立て and self-check: simple fields */
  function setupSimple(form) {
    var key = "case:" + form.dataset.case + ":" + form.dataset.store;
    var state = Store.read(key, {}, function () { status(form, "保存されていた内容を読み込めなかったため、空の状態から始めます。"); });
    $$(form, "textarea, input[type=text]").forEach(function (el) {
      if (typeof state[el.name] === "string") el.value = state[el.name];
    });
    $$(form, "input[type=checkbox]").forEach(function (el) { el.checked = state[el.name] === true; });
    function save() {
      var next = {};
      $$(form, "textarea, input[type=text]").forEach(function (el) { next[el.name] = el.value; });
      $$(form, "input[type=checkbox]").forEach(function (el) { next[el.name] = el.checked; });
      status(form, savedMessage(Store.write(key, next)));
    }
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
  }

  /* ---------------------------------------------------------------- the plan builder */
  function setupPlan(form) {
    var caseName = form.dataset.case;
    var key = "case:" + caseName + ":plan";
    var data = JSON.parse($(form, ".case-plan__data").textContent);
    var printView = form.nextElementSibling;

    function teamList(field) { return $(field, ".case-team"); }

    function addMember(field, member, role) {
      var row = $(field, "template.case-team__row").content.firstElementChild.cloneNode(true);
      var select = $(row, "select");
      select.value = member && data.members[member] ? member : "";
      $(row, "input").value = role || "";
      $(row, ".case-team__remove").addEventListener("click", function () {
        var next = row.nextElementSibling || row.previousElementSibling;
        row.remove();
        save();
        (next ? $(next, "select") : $(field, ".case-team__add")).focus();
      });
      teamList(field).appendChild(row);
      return row;
    }

    /* The plan as data: {fieldId: string | [string] | [{member, role}]} */
    function collect() {
      var values = {};
      $$(form, ".case-field").forEach(function (field) {
        var id = field.dataset.field;
        var kind = field.dataset.kind;
        if (kind === "checklist") {
          values[id] = $$(field, "input:checked").map(function (c) { return c.value; });
        } else if (kind === "team") {
          values[id] = $$(field, ".case-team__member").map(function (row) {
            return { member: $(row, "select").value, role: $(row, "input").value };
          }).filter(function (m) { return m.member || m.role; });
        } else {
          values[id] = $(field, "input, textarea").value;
        }
      });
      return values;
    }

    function fill(values) {
      $$(form, ".case-field").forEach(function (field) {
        var id = field.dataset.field;
        var kind = field.dataset.kind;
        var value = values[id];
        if (kind === "checklist") {
          var chosen = Array.isArray(value) ? value : [];
          $$(field, "input").forEach(function (c) { c.checked = chosen.indexOf(c.value) !== -1; });
        } else if (kind === "team") {
          teamList(field).textContent = "";
          (Array.isArray(value) ? value : []).forEach(function (m) {
            if (m && typeof m === "object") addMember(field, String(m.member || ""), String(m.role || ""));
          });
        } else {
          $(field, "input, textarea").value = typeof value === "string" ? value : "";
        }
      });
    }

    var stored = Store.read(key, null, function () { status(form, "保存されていた計画を読み込めなかったため、空の状態から始めます。"); });
    var kept = stored && stored.fields && typeof stored.fields === "object" ? stored.fields : {};

    function save() {
      /* Values of fields this version no longer has stay in storage, so a content update loses nothing. */
      var values = Object.assign({}, kept, collect());
      kept = values;
      status(form, savedMessage(Store.write(key, { format: FORMAT, version: 1, case: caseName, hash: data.hash,
        updated: new Date().toISOString(), fields: values })));
    }

    function markdown() {
      var values = collect();
      var out = ["# 支援計画：" + data.title, "", "（架空事例の演習。" + new Date().toISOString().slice(0, 10) + " に書き出し）", ""];
      data.fields.forEach(function (f) {
        var v = values[f.id];
        out.push("## " + f.label, "");
        if (f.kind === "checklist") {
          out = out.concat(v.length ? v.map(function (x) { return "- " + x; }) : ["（なし）"]);
        } else if (f.kind === "team") {
          out = out.concat(v.length ? v.map(function (m) {
            return "- " + (data.members[m.member] || "（未選択）") + "：" + m.role;
          }) : ["（なし）"]);
        } else {
          out.push(v || "（未記入）");
        }
        out.push("");
      });
      return out.join("\n");
    }

    function renderPrint() {
      var values = collect();
      printView.textContent = "";
      var h = document.createElement("h2");
      h.textContent = "支援計画：" + data.title;
      printView.appendChild(h);
      data.fields.forEach(function (f) {
        var title = document.createElement("h3");
        title.textContent = f.label;
        printView.appendChild(title);
        var v = values[f.id];
        if (f.kind === "checklist" || f.kind === "team") {
          var ul = document.createElement("ul");
          (v.length ? v : [null]).forEach(function (x) {
            var li = document.createElement("li");
            li.textContent = x === null ? "（なし）" : f.kind === "team" ? (data.members[x.member] || "（未選択）") + "：" + x.role : x;
            ul.appendChild(li);
          });
          printView.appendChild(ul);
        } else {
          var p = document.createElement("p");
          p.className = "case-print-view__text";
          p.textContent = v || "（未記入）";
          printView.appendChild(p);
        }
      });
    }

    fill(kept);
    if (!Store.available()) status(form, savedMessage(false));
    form.addEventListener("input", save);
    form.addEventListener("change", function (e) { if (!e.target.classList.contains("case-import__file")) save(); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    $$(form, ".case-team__add").forEach(function (button) {
      button.addEventListener("click", function () {
        var field = button.closest(".case-field");
        $(addMember(field, "", ""), "select").focus();
        save();
      });
    });
    $(form, ".case-export-md").addEventListener("click", function () {
      Store.download("shien-keikaku-" + caseName + ".md", markdown(), "text/markdown");
      status(form, "Markdown のファイルに書き出しました。");
    });
    $(form, ".case-export-json").addEventListener("click", function () {
      var payload = { format: FORMAT, version: 1, case: caseName, exported_at: new Date().toISOString(), fields: collect() };
      Store.download("shien-keikaku-" + caseName + ".json", JSON.stringify(payload, null, 2));
      status(form, "JSON のファイルに書き出しました。あとで「JSON を読み込む」で戻せます。");
    });
    $(form, ".case-import__file").addEventListener("change", function (e) {
      var file = e.target.files && e.target.files[0];
      if (!file) return;
      var reader = new FileReader();
      reader.onload = function () {
        try {
          var payload = JSON.parse(String(reader.result));
          if (!payload || payload.format !== FORMAT || payload.case !== caseName || typeof payload.fields !== "object") {
            throw new Error("format");
          }
          kept = Object.assign({}, kept, payload.fields);
          fill(kept);
          save();
          status(form, "ファイルから計画を読み込みました。");
        } catch (err) {
          status(form, "このファイルは読み込めませんでした（この演習で書き出した JSON ファイルを選んでください）。今の内容はそのままです。");
        }
        e.target.value = "";
      };
      reader.readAsText(file);
    });
    $(form, ".case-print").addEventListener("click", function () {
      renderPrint();
      document.body.classList.add("case-printing"); /* print the plan alone, not the whole page */
      window.print();
    });
    window.addEventListener("afterprint", function () { document.body.classList.remove("case-printing"); });
    window.addEventListener("beforeprint", renderPrint);
    $(form, ".case-clear").addEventListener("click", function () {
      if (!window.confirm("この演習で入力した内容（見立て・支援計画・自己点検）を、このブラウザーから消します。" +
        "共用のパソコンでは消しておくと安心です。先に書き出しておくと、あとで読み込めます。消しますか？")) return;
      ["plan", "mitate", "check"].forEach(function (part) { Store.remove("case:" + caseName + ":" + part); });
      kept = {};
      fill({});
      $$(document, ".case-mitate textarea, .case-check-tool input").forEach(function (el) {
        if (el.type === "checkbox") el.checked = false; else el.value = "";
      });
      status(form, "入力した内容を消しました。");
    });
  }

  /* ---------------------------------------------------------------- self-check: the model plan after an attempt */
  function setupCheck(form) {
    setupSimple(form);
    var button = $(form, ".case-model__show");
    button.addEventListener("click", function () {
      var plan = Store.read("case:" + form.dataset.case + ":plan", null);
      var written = plan && plan.fields ? Object.keys(plan.fields).filter(function (k) {
        var v = plan.fields[k];
        return Array.isArray(v) ? v.length > 0 : typeof v === "string" && v.trim() !== "";
      }).length : 0;
      var ticked = $$(form, "input[type=checkbox]:checked").length;
      if (written === 0 && ticked === 0) {
        status(form, "先に自分の支援計画を書いてから、モデルプランと見比べましょう。");
        return;
      }
      $(form, ".case-model").hidden = false;
      button.hidden = true;
      status(form, "モデルプランを表示しました。一つの例として、自分の計画と見比べてください。");
    });
  }

  Store.onPage(function () {
    $$(document, "form.case-tool").forEach(function (form) {
      if (form.dataset.ready) return;
      form.dataset.ready = "1";
      if (form.dataset.store === "plan") setupPlan(form);
      else if (form.dataset.store === "check") setupCheck(form);
      else setupSimple(form);
    });
  });
})();

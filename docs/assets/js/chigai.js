/* まぁ！ちがいさがし (rendered by hooks/coursekit/chigai.py). Segments are inline role=button spans with a roving tabindex:
   Tab enters a text, arrow keys move, Enter/Space picks. Found differences are kept under "chigai" as
   {hash, found: [ids]}; facilitator mode (button or ?mode=facilitator) reads and writes nothing. */
(function () {
  "use strict";
  var Core = window.NimoCore;

  function $(root, sel) { return root.querySelector(sel); }
  function $$(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }

  function setup(root) {
    var total = Number(root.dataset.total);
    var hash = root.dataset.chigaiHash;
    var data = JSON.parse($(root, ".chigai__data").textContent);
    var message = $(root, ".chigai__message");
    var notice = $(root, ".chigai__notice");
    var facilitator = false;
    var found = [];

    function order() {
      return $$(root, ".chigai-answer").map(function (li) { return li.dataset.diff; });
    }

    function load() {
      var r = Core.read("chigai");
      if (r.corrupt) showNotice(Core.MSG.corrupt);
      var state = r.value;
      /* Found differences are kept by id: one that is still in the text stays found after an edit. */
      var ids = order();
      return state && Array.isArray(state.found) ? state.found.filter(function (id) { return ids.indexOf(id) !== -1; }) : [];
    }

    function save() {
      if (facilitator) return;
      if (!Core.write("chigai", { hash: hash, found: found })) showNotice(Core.MSG.failed);
    }

    function showNotice(text) {
      notice.textContent = text;
      notice.hidden = !text;
    }

    function mark(id, on) {
      $$(root, '.chigai-seg[data-diff="' + id + '"]').forEach(function (seg) {
        seg.setAttribute("aria-pressed", on ? "true" : "false");
        seg.classList.toggle("chigai-seg--found", on);
        var badge = $(seg, ".chigai-seg__badge");
        if (on && !badge) {
          badge = document.createElement("span");
          badge.className = "chigai-seg__badge";
          badge.textContent = "違い" + (order().indexOf(id) + 1) + "：";
          seg.insertBefore(badge, seg.firstChild);
        } else if (!on && badge) {
          badge.remove();
        }
      });
      $(root, '.chigai-answer[data-diff="' + id + '"]').hidden = !on;
    }

    function render() {
      order().forEach(function (id) { mark(id, found.indexOf(id) !== -1); });
      $(root, ".chigai__found").textContent = String(found.length);
      $(root, ".chigai__answers-title").hidden = found.length === 0;
    }

    function pick(seg) {
      var id = seg.dataset.diff;
      if (!id) {
        message.textContent = seg.hasAttribute("data-unchanged") && data.unchanged
          ? "ここは変わっていません。" + data.unchanged
          : seg.hasAttribute("data-changed")
            ? "「" + seg.textContent + "」は言い回しが変わっていますが、考え方にかかわる " + total +
              " つの違いには数えていません。ほかの区切りも見比べてみましょう。"
            : "「" + seg.textContent + "」は、新旧で同じ言葉です。ほかの区切りも見比べてみましょう。";
        return;
      }
      if (found.indexOf(id) !== -1) {
        message.textContent = "この違いはもう見つけています。";
        return;
      }
      found.push(id);
      save();
      render();
      message.textContent = "見つけました！（" + found.length + " / " + total + "）" +
        (found.length === total ? " すべての違いを見つけました。" : "");
    }

    /* Roving tabindex: one segment per text is in the tab order. */
    $$(root, ".chigai-text").forEach(function (text) {
      var segs = $$(text, ".chigai-seg");
      if (segs.length) segs[0].tabIndex = 0;
      segs.forEach(function (seg, i) {
        seg.addEventListener("click", function () { pick(seg); });
        seg.addEventListener("keydown", function (e) {
          if (e.key === "Enter" || e.key === " ") {
            e.preventDefault();
            pick(seg);
            return;
          }
          var to = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: segs.length - 1 }[e.key];
          if (to === undefined) return;
          e.preventDefault();
          to = Math.max(0, Math.min(segs.length - 1, to));
          seg.tabIndex = -1;
          segs[to].tabIndex = 0;
          segs[to].focus();
        });
      });
    });

    $(root, ".chigai__hint").addEventListener("click", function () {
      var next = order().filter(function (id) { return found.indexOf(id) === -1; })[0];
      message.textContent = next
        ? "ヒント：新しい説明の " + data.hints[next] + "に、まだ見つけていない違いがあります。" +
          (data.unchanged ? "（変わっていない言葉もあります。たとえば住まいは両方にあります。）" : "")
        : "すべて見つけています。下の解説を読み返してみましょう。";
    });
    $(root, ".chigai__show-all").addEventListener("click", function () {
      found = order();
      save();
      render();
      message.textContent = "すべての違い（" + total + " つ）と、その意味を表示しました。";
      $(root, ".chigai__answers-title").focus();
    });
    $(root, ".chigai__reset").addEventListener("click", function () {
      found = [];
      if (!facilitator) Core.remove("chigai");
      render();
      message.textContent = "最初からやり直します。";
    });

    function setFacilitator(on) {
      facilitator = on;
      root.classList.toggle("chigai--facilitator", on);
      document.body.classList.toggle("chigai-projector", on);
      $(root, ".chigai__facilitator").setAttribute("aria-pressed", on ? "true" : "false");
      $(root, ".chigai__next-wrap").hidden = !on;
      found = on ? [] : load();
      render();
      message.textContent = on
        ? "進行モードです。「次の違いを見せる」で一つずつ見せられます。このモードでは何も保存しません。"
        : "進行モードを終えました。";
    }
    $(root, ".chigai__facilitator").addEventListener("click", function () { setFacilitator(!facilitator); });
    $(root, ".chigai__next").addEventListener("click", function () {
      var next = order().filter(function (id) { return found.indexOf(id) === -1; })[0];
      if (!next) {
        message.textContent = "すべての違いを見せました。";
        return;
      }
      found.push(next);
      render();
      message.textContent = "違い" + found.length + "（" + found.length + " / " + total + "）";
      var answer = $(root, '.chigai-answer[data-diff="' + next + '"]');
      if (answer.scrollIntoView) answer.scrollIntoView({ block: "nearest" });
    });

    if (!Core.readable()) showNotice(Core.MSG.blocked);
    $(root, ".chigai__answers-title").tabIndex = -1;
    if (/[?&]mode=facilitator\b/.test(window.location.search)) {
      setFacilitator(true);
    } else {
      found = load();
      render();
    }
  }

  Core.mount("section.chigai", setup);
})();

/* まぁ！ちがいさがし (rendered by hooks/coursekit/chigai.py). Segments are inline role=button spans with a roving tabindex:
   Tab enters a text, arrow keys move, Enter/Space picks. Found differences are kept under "chigai" as
   {hash, found: [ids]}; facilitator mode (button or ?mode=facilitator) reads and writes nothing.
   What a pick means is said where the learner is looking: in a box right under the sentence picked (the tapped text
   stays where it was on the screen; the page scrolls only as far as the box needs), and in the live region at the
   top for screen readers. In facilitator mode the controls stay at the top of the screen and 「次の違いを見せる」
   brings the difference it marks into view, with its meaning under it. */
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
    var controls = $(root, ".chigai__controls");
    var bubble = $(root, ".chigai__bubble");
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

    /* A message about the controls: shown beside them (where the button was pressed). */
    function say(text) {
      bubble.hidden = true;
      message.classList.remove("chigai__message--aside");
      message.textContent = text;
    }

    /* The top of the screen that is not covered: Material's header, and in facilitator mode the controls' bar, which
       sticks under the header once the text below it is scrolled up to it. */
    function coveredTop() {
      return Core.headerBottom() + (facilitator ? controls.offsetHeight : 0) + 8;
    }

    function scrollBy(dy) {
      if (Math.abs(dy) >= 1) window.scrollBy({ top: dy, left: 0, behavior: "instant" });
    }

    /* Scroll as little as needed to show `seg` and the box under its sentence; if both do not fit, seg goes to the top. */
    function reveal(seg) {
      var top = coveredTop();
      var bottom = window.innerHeight - 8;
      var s = seg.getBoundingClientRect().top;
      var b = bubble.getBoundingClientRect().bottom;
      if (s >= top && b <= bottom) return;
      scrollBy(s < top || b - s > bottom - top ? s - top : b - bottom);
    }

    /* What a pick of `seg` means: `lead` (and a difference's explanation, cloned from its answer) in the box under
       seg's sentence, and in the live region. `before` is seg's place on the screen before the page changed. */
    function tell(seg, before, lead, id, kind) {
      var head = document.createElement("p");
      head.className = "chigai__bubble-lead";
      head.textContent = lead;
      bubble.textContent = "";
      bubble.appendChild(head);
      var spoken = lead;
      if (id) {
        var answer = $(root, '.chigai-answer[data-diff="' + id + '"]');
        $$(answer, "p:not(.chigai-answer__source)").forEach(function (p, i) {
          var copy = document.createElement("p");
          var text = p.textContent.replace(/\s+/g, " ").trim();
          if (i === 0) {
            var number = document.createElement("strong");
            number.textContent = "違い" + (order().indexOf(id) + 1);
            copy.appendChild(number);
            copy.appendChild(document.createTextNode(" " + text));
            spoken += " " + number.textContent + "。" + text;
          } else {
            copy.textContent = text;
            spoken += " " + text;
          }
          bubble.appendChild(copy);
        });
      }
      bubble.className = "chigai__bubble chigai__bubble--" + kind;
      seg.closest(".chigai-text__sentence").after(bubble);
      bubble.hidden = false;
      message.classList.add("chigai__message--aside");
      message.textContent = spoken;
      /* The box's arrow points up at the piece picked. */
      var piece = seg.getClientRects()[0];
      var box = bubble.getBoundingClientRect();
      if (piece) bubble.style.setProperty("--chigai-arrow", Math.max(8, Math.min(box.width - 32, piece.left - box.left + 4)) + "px");
      scrollBy(seg.getBoundingClientRect().top - before);
      reveal(seg);
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
      var before = seg.getBoundingClientRect().top;
      if (!id) {
        tell(seg, before, seg.hasAttribute("data-unchanged") && data.unchanged
          ? "ここは変わっていません。" + data.unchanged
          : seg.hasAttribute("data-changed")
            ? "「" + seg.textContent + "」は言い回しが変わっていますが、考え方にかかわる " + total +
              " つの違いには数えていません。ほかの区切りも見比べてみましょう。"
            : "「" + seg.textContent + "」は、新旧で同じ言葉です。ほかの区切りも見比べてみましょう。", "", "miss");
        return;
      }
      if (found.indexOf(id) !== -1) {
        tell(seg, before, "この違いはもう見つけています。", id, "again");
        return;
      }
      found.push(id);
      save();
      render();
      tell(seg, before, "見つけました！（" + found.length + " / " + total + "）" +
        (found.length === total ? " すべての違いを見つけました。" : ""), id, "found");
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
      say(next
        ? "ヒント：新しい説明の " + data.hints[next] + "に、まだ見つけていない違いがあります。" +
          (data.unchanged ? "（変わっていない言葉もあります。たとえば住まいは両方にあります。）" : "")
        : "すべて見つけています。下の解説を読み返してみましょう。");
    });
    $(root, ".chigai__show-all").addEventListener("click", function () {
      found = order();
      save();
      render();
      say("すべての違い（" + total + " つ）と、その意味を表示しました。");
      $(root, ".chigai__answers-title").focus();
    });
    $(root, ".chigai__reset").addEventListener("click", function () {
      found = [];
      if (!facilitator) Core.remove("chigai");
      render();
      say("最初からやり直します。");
    });

    function setFacilitator(on) {
      facilitator = on;
      root.classList.toggle("chigai--facilitator", on);
      document.body.classList.toggle("chigai-projector", on);
      $(root, ".chigai__facilitator").setAttribute("aria-pressed", on ? "true" : "false");
      $(root, ".chigai__next-wrap").hidden = !on;
      found = on ? [] : load();
      render();
      say(on
        ? "進行モードです。「次の違いを見せる」で一つずつ見せられます。このモードでは何も保存しません。"
        : "進行モードを終えました。");
    }
    $(root, ".chigai__facilitator").addEventListener("click", function () { setFacilitator(!facilitator); });
    $(root, ".chigai__next").addEventListener("click", function () {
      var next = order().filter(function (id) { return found.indexOf(id) === -1; })[0];
      if (!next) {
        say("すべての違いを見せました。");
        return;
      }
      /* The difference is shown where it stands in the new text (or the old one), its meaning under it. */
      var seg = $(root, '.chigai-text--new .chigai-seg[data-diff="' + next + '"]') || $(root, '.chigai-seg[data-diff="' + next + '"]');
      var before = seg.getBoundingClientRect().top;
      found.push(next);
      render();
      tell(seg, before, "見せた違い：" + found.length + " / " + total, next, "found");
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

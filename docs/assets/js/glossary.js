/* Glossary terms (<abbr title> from includes/glossary.md, marked by hooks/coursekit/glossary.py). A browser shows
   an abbr's title on mouse hover only: a tap on a phone shows nothing and a keyboard never reaches it. (Material's
   content.tooltips feature opens on hover or keyboard focus, which a tap on an abbr does not give, and has no Esc.)
   So each term becomes a button (role=button, in the tab order, aria-expanded): a tap, a click, Enter or Space opens
   its definition in a small box under the term. The box stands in the page right after the term, so that a screen
   reader reads it next and Tab reaches its 「閉じる」; it is drawn fixed on the screen, kept inside the screen's
   width, and follows the term when the page scrolls. Esc, 「閉じる」, a tap elsewhere or on the term again close it;
   one box is open at a time. Hovering with a mouse still shows the browser's own tooltip (not while the box is open). */
(function () {
  "use strict";
  var Core = window.NimoCore;
  var MARGIN = 8;
  var GAP = 6;
  var count = 0;
  var open = null; /* {term, box} */

  /* Under the term (its last line), or above it (its first line) when there is no room below; never past the sides. */
  function place(term, box) {
    var rects = term.getClientRects();
    if (!rects.length) return;
    var first = rects[0];
    var last = rects[rects.length - 1];
    var width = document.documentElement.clientWidth;
    var height = window.innerHeight;
    var w = box.offsetWidth;
    var h = box.offsetHeight;
    var top = last.bottom + GAP;
    if (top + h > height - MARGIN && first.top - GAP - h >= Core.headerBottom() + MARGIN) top = first.top - GAP - h;
    box.style.left = Math.max(MARGIN, Math.min(first.left, width - w - MARGIN)) + "px";
    box.style.top = top + "px";
  }

  function build(term) {
    var box = document.createElement("span");
    box.className = "gloss-pop";
    box.id = "gloss-pop-" + ++count;
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "用語の説明：" + term.textContent);
    box.hidden = true;
    var name = document.createElement("span");
    name.className = "gloss-pop__term";
    name.textContent = term.textContent;
    var text = document.createElement("span");
    text.className = "gloss-pop__def";
    text.textContent = term.dataset.definition;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "gloss-pop__close";
    close.textContent = "閉じる";
    close.addEventListener("click", function () { hide(true); });
    box.appendChild(name);
    box.appendChild(text);
    box.appendChild(close);
    term.after(box);
    term.setAttribute("aria-controls", box.id);
    return box;
  }

  function show(term) {
    if (open && open.term === term) return;
    hide(false);
    var box = term.nextElementSibling && term.nextElementSibling.classList.contains("gloss-pop") ? term.nextElementSibling : build(term);
    term.removeAttribute("title");
    term.setAttribute("aria-expanded", "true");
    box.hidden = false;
    open = { term: term, box: box };
    place(term, box);
  }

  /* `back`: the focus returns to the term (after Esc or 「閉じる」). */
  function hide(back) {
    if (!open) return;
    var term = open.term;
    open.box.hidden = true;
    term.setAttribute("aria-expanded", "false");
    term.setAttribute("title", term.dataset.definition);
    open = null;
    if (back) term.focus();
  }

  function setup(term) {
    /* A term inside a link, button or label already does something when tapped. */
    if (term.parentElement.closest("a, button, label, summary, [role=button]")) return;
    term.dataset.definition = term.getAttribute("title");
    term.classList.add("gloss-term");
    term.setAttribute("role", "button");
    term.setAttribute("aria-expanded", "false");
    term.tabIndex = 0;
    term.addEventListener("click", function (e) {
      e.preventDefault();
      if (open && open.term === term) hide(false);
      else show(term);
    });
    term.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        if (open && open.term === term) hide(true);
        else show(term);
      }
    });
  }

  document.addEventListener("click", function (e) {
    if (open && !open.term.contains(e.target) && !open.box.contains(e.target)) hide(false);
  });
  /* Esc closes the popup wherever the focus is; from the term or the popup, before any other widget sees the key
     (capture) and with the focus back on the term. */
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape" || !open) return;
    var inside = open.term === document.activeElement || open.box.contains(document.activeElement);
    if (inside) {
      e.preventDefault();
      e.stopPropagation();
    }
    hide(inside);
  }, true);
  var queued = false;
  function follow() {
    if (!open || queued) return;
    queued = true;
    window.requestAnimationFrame(function () {
      queued = false;
      if (open) place(open.term, open.box);
    });
  }
  /* capture: also when a table or figure scrolls inside its own box */
  window.addEventListener("scroll", follow, { capture: true, passive: true });
  window.addEventListener("resize", follow);

  Core.mount("article.md-content__inner abbr[title]", setup);
})();

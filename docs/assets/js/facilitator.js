/* The instructor view: `?mode=facilitator` shows the facilitator notes beside the questions (hidden from learners by
   default) and keeps them on while this tab moves between pages; `?mode=learner` or the banner's button ends it.
   Only this tab remembers the mode (sessionStorage): a learner who opens the course later sees no notes. */
(function () {
  "use strict";
  var KEY = "nimo-course:facilitator-mode";
  var params = new URLSearchParams(location.search);
  var mode = params.get("mode");
  try {
    if (mode === "facilitator") sessionStorage.setItem(KEY, "on");
    if (mode === "learner") sessionStorage.removeItem(KEY);
    if (sessionStorage.getItem(KEY) !== "on") return;
  } catch (e) {
    if (mode !== "facilitator") return; // no storage (a locked-down browser): the mode lasts for this page only
  }
  document.documentElement.classList.add("is-facilitator");

  function banner() {
    var article = document.querySelector("article.md-content__inner");
    if (!article || document.querySelector(".facilitator-banner")) return;
    var box = document.createElement("div");
    box.className = "facilitator-banner";
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", "研修担当者モード");
    var text = document.createElement("p");
    var notes = document.querySelectorAll(".facilitator-note").length;
    text.textContent = notes
      ? "研修担当者モード：問いの下に進行メモ（" + notes + " 件）を表示しています。学習者の画面には出ません。"
      : "研修担当者モードです。このページに進行メモはありません。";
    var end = document.createElement("button");
    end.type = "button";
    end.className = "md-button facilitator-banner__end";
    end.textContent = "研修担当者モードを終える";
    end.addEventListener("click", function () {
      try { sessionStorage.removeItem(KEY); } catch (e) { /* nothing kept */ }
      document.documentElement.classList.remove("is-facilitator");
      box.remove();
    });
    box.appendChild(text);
    box.appendChild(end);
    article.insertBefore(box, article.firstChild);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", banner);
  else banner();
})();

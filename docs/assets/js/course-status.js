/* Where the learner stands, shown where they look: the course home's start panel and unit cards (status, score,
   time left, a 「続きから」 link), a mark beside each unit in the navigation, and the step after a unit's test.
   By the course's convention (the slides and notes use it too) unit N's page is modules/unit-N.html and its quiz
   unit-N: so the navigation's links name their quiz. The last unit page opened is
   kept under visits ({last: {quiz, at}, seen: {quiz: at}}): not learner data, so not in the backup. */
(() => {
  "use strict";
  const Core = window.NimoCore;
  const $ = (root, sel) => root.querySelector(sel);
  const $$ = (root, sel) => Array.from(root.querySelectorAll(sel));
  const UNIT_LINK = /\/modules\/unit-(\d+)\.html$/; /* a whole page, not a heading in it (#…) */
  const score = (a) => a.correct + " / " + a.total + " 問";

  Core.mount("section.quiz", (quiz) => {
    const at = new Date().toISOString();
    Core.update("visits", (v) => {
      const seen = Object.assign(Object.create(null), v && Core.isObject(v.seen) ? v.seen : {});
      seen[quiz.dataset.quiz] = seen[quiz.dataset.quiz] || at;
      return { last: { quiz: quiz.dataset.quiz, at }, seen };
    });
  });

  function renderHome(box, cards) {
    let done = 0, left = 0, started = false;
    const states = cards.map((card) => {
      const u = Core.unitStatus(card.dataset.quiz);
      const badge = $(card, ".unit-card__status");
      badge.textContent = u.status;
      badge.dataset.status = u.status;
      $(card, ".unit-card__score").textContent = u.best ? "確認テスト 最高 " + score(u.best) : "";
      card.classList.toggle("unit-card--done", Boolean(u.passed));
      if (u.passed) done++; else left += Number(card.dataset.minutes) || 0;
      if (u.status !== "未着手") started = true;
      return u;
    });
    $(box, ".course-start__progress").textContent = started
      ? "修了 " + done + " / " + cards.length + " ユニット" + (left ? "・残り 約 " + left + " 分" : "。すべてのユニットを修了しました。") : "";
    const go = $(box, ".course-start__go");
    if (!go || !started) return;
    const last = (Core.get("visits", {}).last || {}).quiz;
    const lastAt = cards.findIndex((c) => c.dataset.quiz === last);
    const next = lastAt >= 0 && !states[lastAt].passed ? lastAt : states.findIndex((u) => !u.passed);
    if (next < 0) {
      go.textContent = "修了記録を見る";
      go.setAttribute("href", box.dataset.record);
      return;
    }
    const link = $(cards[next], ".unit-card__link");
    go.href = link.href;
    go.textContent = "続きから：ユニット " + $(link, ".unit-card__number").textContent.replace(/\D/g, "") + "「" +
      $(link, ".unit-card__title").textContent + "」";
  }

  Core.mount(".course-start", (box) => {
    const cards = $$(document, ".unit-card");
    if (!cards.length) return;
    const run = () => renderHome(box, cards);
    run();
    Core.onChange(run);
    document.addEventListener("nimo:data-replaced", run);
  });

  /* The navigation: 修了 / 学習中 beside each unit, in words (the mark is not colour alone). */
  function markNav() {
    for (const a of $$(document, ".md-nav--primary a.md-nav__link[href]")) {
      const m = UNIT_LINK.exec(a.href);
      if (!m) continue;
      const u = Core.unitStatus("unit-" + m[1]);
      let mark = $(a, ".nav-status");
      if (u.status === "未着手") { if (mark) mark.remove(); continue; }
      if (!mark) {
        mark = document.createElement("span");
        a.appendChild(mark);
      }
      mark.className = "nav-status nav-status--" + (u.passed ? "done" : "started");
      mark.textContent = u.passed ? "✓ 修了" : "学習中";
    }
  }
  Core.mount("body", () => {
    markNav();
    Core.onChange(markNav);
    document.addEventListener("nimo:test-scored", markNav);
  });

  /* After a unit's test: what the learner has done, and the next page. */
  Core.mount(".unit-next", (nav) => {
    const run = () => {
      const u = Core.unitStatus(nav.dataset.quiz);
      $(nav, ".unit-next__status").textContent = u.passed
        ? "このユニットは修了しました。次に進みましょう。"
        : "上の確認テストに合格すると、このユニットは修了です。先に次へ進んで、あとで受けることもできます。";
      nav.classList.toggle("unit-next--done", Boolean(u.passed));
    };
    run();
    Core.onChange(run);
    document.addEventListener("nimo:test-scored", run);
  });
})();

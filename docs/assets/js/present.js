/* The presenter view of a unit (facilitator/present/unit-N.html): one slide at a time, by keyboard; the answer of a
   show-of-hands slide on a key press; a black-out; a discussion timer; and a presenter window (the same page with
   ?view=notes: this slide, the next one, the speaker notes, the elapsed time and the timer) kept in step.

   The two windows tell each other every change through a BroadcastChannel, and through localStorage's `storage`
   event as well (a browser without BroadcastChannel). Both work between pages opened from file:// in Chromium, so
   the offline zip behaves as a server does. Messages carry the whole state, numbered, so one that arrives twice
   changes nothing. Only the position of the slides is kept (in the address, #3), nothing about any learner. */
(function () {
  "use strict";
  var deck = document.querySelector(".deck");
  if (!deck) return;
  var slides = Array.prototype.slice.call(deck.querySelectorAll(".deck__slides > .slide"));
  var total = slides.length;
  var name = deck.getAttribute("data-deck");
  var exercises = parseInt(deck.getAttribute("data-exercises"), 10) || 5;
  var notesView = new URLSearchParams(location.search).get("view") === "notes";
  var KEY = "nimo-course:present:" + name;
  var me = Math.random().toString(36).slice(2);
  var seq = 0;
  var seen = {};
  var live = deck.querySelector(".deck__live");
  var counter = deck.querySelector(".deck__counter");
  var badge = deck.querySelector(".deck__timer");
  var black = deck.querySelector(".deck__black");

  var state = { slide: startSlide(), revealed: false, black: false, timer: null, started: Date.now() };

  function startSlide() {
    var n = parseInt(location.hash.replace("#", ""), 10);
    return n >= 1 && n <= total ? n - 1 : 0;
  }

  /* ---------------------------------------------------------------- keeping the windows in step */
  var channel = null;
  try { channel = new BroadcastChannel("nimo-course-present:" + name); } catch (e) { channel = null; }

  function send(msg) {
    msg.from = me;
    msg.seq = ++seq;
    if (channel) channel.postMessage(msg);
    try { localStorage.setItem(KEY, JSON.stringify(msg)); } catch (e) { /* storage full or blocked: the channel alone */ }
  }

  function receive(msg) {
    if (!msg || msg.from === me || (seen[msg.from] || 0) >= msg.seq) return;
    seen[msg.from] = msg.seq;
    if (msg.type === "hello") send({ type: "state", state: state });
    else if (msg.type === "state" && msg.state) {
      state = msg.state;
      show(false);
    }
  }

  if (channel) channel.onmessage = function (e) { receive(e.data); };
  window.addEventListener("storage", function (e) {
    if (e.key !== KEY || !e.newValue) return;
    try { receive(JSON.parse(e.newValue)); } catch (err) { /* not ours */ }
  });

  function commit() {
    show(true);
    send({ type: "state", state: state });
  }

  /* ---------------------------------------------------------------- moving */
  function go(n) {
    n = Math.max(0, Math.min(total - 1, n));
    if (n !== state.slide) state.revealed = false;
    state.slide = n;
    state.black = false;
    commit();
  }

  function next() {
    if (state.black) { state.black = false; return commit(); }
    var kind = slides[state.slide].getAttribute("data-kind");
    if (kind === "hands" && !state.revealed) { state.revealed = true; return commit(); }
    go(state.slide + 1);
  }

  function prev() {
    if (state.black) { state.black = false; return commit(); }
    go(state.slide - 1);
  }

  function toggle(key) { state[key] = !state[key]; commit(); }

  /* ---------------------------------------------------------------- the discussion timer (shared by both windows) */
  function minutesHere() {
    return parseInt(slides[state.slide].getAttribute("data-minutes"), 10) || exercises;
  }

  function timeLeft(t) {
    if (!t) return 0;
    return Math.max(0, t.endsAt ? t.endsAt - Date.now() : t.left);
  }

  function startTimer(minutes) {
    var ms = minutes * 60000;
    state.timer = { total: ms, left: ms, endsAt: Date.now() + ms };
    commit();
  }

  function toggleTimer() {
    var t = state.timer;
    if (!t || timeLeft(t) === 0) return startTimer(minutesHere());
    if (t.endsAt) { t.left = timeLeft(t); t.endsAt = null; }
    else t.endsAt = Date.now() + t.left;
    commit();
  }

  function resetTimer() { state.timer = null; commit(); }

  function clock(ms) {
    var s = Math.ceil(ms / 1000);
    var h = Math.floor(s / 3600);
    var m = Math.floor((s % 3600) / 60);
    var r = s % 60;
    return (h ? h + ":" + (m < 10 ? "0" : "") : "") + m + ":" + (r < 10 ? "0" : "") + r;
  }

  function timerText() {
    var t = state.timer;
    if (!t) return "";
    var left = timeLeft(t);
    if (left === 0) return "話し合い：時間です";
    return "話し合い 残り " + clock(left) + (t.endsAt ? "" : "（一時停止）");
  }

  function tick() {
    var text = timerText();
    badge.hidden = !text;
    badge.textContent = text;
    badge.classList.toggle("is-over", !!state.timer && timeLeft(state.timer) === 0);
    if (panel) panel.tick(text);
  }

  /* ---------------------------------------------------------------- showing */
  function slideTitle(i) {
    var label = slides[i].getAttribute("aria-label") || "";
    return label.replace(/^\d+ \/ \d+：/, "");
  }

  function reveal(slide, on) {
    slide.classList.toggle("is-revealed", on);
    Array.prototype.forEach.call(slide.querySelectorAll(".slide__answer, .slide__mark"), function (el) { el.hidden = !on; });
    var cue = slide.querySelector(".slide--hands .slide__cue, .slide__cue");
    if (cue && slide.getAttribute("data-kind") === "hands") cue.hidden = on;
  }

  function show(announce) {
    slides.forEach(function (s, i) {
      s.hidden = i !== state.slide;
      reveal(s, i === state.slide && state.revealed);
    });
    black.hidden = !state.black;
    deck.classList.toggle("is-black", state.black);
    counter.textContent = state.slide + 1 + " / " + total;
    if (history.replaceState) history.replaceState(null, "", location.pathname + location.search + "#" + (state.slide + 1));
    if (announce !== false) {
      live.textContent = state.black ? "画面を黒くしました。B キーで戻ります。"
        : "スライド " + (state.slide + 1) + " / " + total + "：" + slideTitle(state.slide) + (state.revealed ? "（答えを表示）" : "");
    }
    tick();
    if (panel) panel.show();
  }

  /* ---------------------------------------------------------------- the presenter window (?view=notes) */
  var panel = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function button(text, action, cls) {
    var b = el("button", "presenter__button" + (cls ? " " + cls : ""), text);
    b.type = "button";
    b.addEventListener("click", action);
    return b;
  }

  function preview(i) {
    var copy = slides[i].cloneNode(true);
    copy.hidden = false;
    copy.removeAttribute("aria-label");
    copy.setAttribute("aria-hidden", "true");
    var notes = copy.querySelector(".slide__notes");
    if (notes) notes.remove();
    reveal(copy, i === state.slide && state.revealed);
    var frame = el("div", "presenter__screen");
    frame.appendChild(copy);
    return frame;
  }

  function buildPanel() {
    document.documentElement.classList.add("is-presenter");
    var root = el("div", "presenter");
    var bar = el("div", "presenter__bar");
    var count = el("span", "presenter__count");
    var elapsed = el("span", "presenter__elapsed");
    bar.appendChild(count);
    bar.appendChild(button("← 前へ", prev));
    bar.appendChild(button("次へ →", next, "presenter__button--main"));
    bar.appendChild(button("答え（R）", function () { toggle("revealed"); }));
    bar.appendChild(button("黒くする（B）", function () { toggle("black"); }));
    bar.appendChild(elapsed);
    bar.appendChild(button("経過時間を 0 に", function () { state.started = Date.now(); commit(); }));

    var now = el("section", "presenter__now");
    now.setAttribute("aria-label", "いまのスライド");
    var nextBox = el("section", "presenter__next");
    nextBox.setAttribute("aria-label", "次のスライド");
    var notes = el("section", "presenter__notes");
    notes.setAttribute("aria-label", "話すときのメモ");
    notes.tabIndex = 0;

    var timer = el("section", "presenter__timer");
    timer.setAttribute("aria-label", "話し合いのタイマー");
    var timeShown = el("p", "presenter__time");
    var label = el("label", "presenter__minutes", "分：");
    var minutes = el("input");
    minutes.type = "number";
    minutes.min = "1";
    minutes.max = "120";
    minutes.className = "presenter__minutes-input";
    label.appendChild(minutes);
    timer.appendChild(el("h2", "presenter__head", "話し合いのタイマー"));
    timer.appendChild(timeShown);
    timer.appendChild(label);
    timer.appendChild(button("始める", function () { startTimer(parseInt(minutes.value, 10) || minutesHere()); }, "presenter__start"));
    timer.appendChild(button("止める・続ける（T）", toggleTimer, "presenter__pause"));
    timer.appendChild(button("消す", resetTimer));

    var left = el("div", "presenter__left");
    left.appendChild(now);
    left.appendChild(timer);
    var right = el("div", "presenter__right");
    right.appendChild(el("h2", "presenter__head", "次のスライド"));
    right.appendChild(nextBox);
    right.appendChild(el("h2", "presenter__head", "話すときのメモ"));
    right.appendChild(notes);
    var body = el("div", "presenter__body");
    body.appendChild(left);
    body.appendChild(right);
    root.appendChild(bar);
    root.appendChild(body);
    deck.insertBefore(root, deck.firstChild);
    var lastSlide = -1;

    return {
      show: function () {
        count.textContent = "スライド " + (state.slide + 1) + " / " + total;
        now.replaceChildren(preview(state.slide));
        nextBox.replaceChildren(state.slide + 1 < total ? preview(state.slide + 1) : el("p", "presenter__end", "最後のスライドです"));
        var source = slides[state.slide].querySelector(".slide__notes");
        notes.replaceChildren.apply(notes, Array.prototype.map.call(source.children, function (c) { return c.cloneNode(true); }));
        if (lastSlide !== state.slide && document.activeElement !== minutes) minutes.value = String(minutesHere());
        lastSlide = state.slide;
        root.classList.toggle("is-black", state.black);
      },
      tick: function (text) {
        timeShown.textContent = text || "止まっています";
        elapsed.textContent = "経過 " + clock(Date.now() - state.started);
      }
    };
  }

  function openPresenter() {
    var url = location.pathname + "?view=notes#" + (state.slide + 1);
    var w = window.open(url, "nimo-presenter-" + name, "popup,width=1366,height=768");
    live.textContent = w ? "発表者用の画面を開きました。"
      : "発表者用の画面を開けませんでした（ポップアップが止められています）。このページを別のタブで開き、アドレスの最後に ?view=notes を付けてください。";
  }

  /* ---------------------------------------------------------------- keys */
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA")) return;
    var k = e.key;
    var done = true;
    if (k === "ArrowRight" || k === " " || k === "PageDown" || k === "ArrowDown") next();
    else if (k === "ArrowLeft" || k === "PageUp" || k === "ArrowUp" || k === "Backspace") prev();
    else if (k === "Home") go(0);
    else if (k === "End") go(total - 1);
    else if (k === "r" || k === "R") toggle("revealed");
    else if (k === "b" || k === "B" || k === ".") toggle("black");
    else if (k === "Escape" && state.black) toggle("black");
    else if (k === "t" || k === "T") toggleTimer();
    else if (k === "p" || k === "P") openPresenter();
    else if (k === "f" || k === "F") {
      if (document.fullscreenElement) document.exitFullscreen();
      else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(function () {});
    } else done = false;
    if (done) { e.preventDefault(); e.stopPropagation(); }
  }, true);

  deck.querySelector(".deck__slides").addEventListener("click", function (e) {
    if (e.target.closest("a, button")) return;
    next();
  });

  if (notesView) panel = buildPanel();
  deck.classList.add("is-ready");
  show(false);
  setInterval(tick, 250);
  send({ type: "hello" });
})();

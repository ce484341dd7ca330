/* Learner data in localStorage, under one versioned prefix. Every read survives a corrupt entry and every
   write survives a browser that refuses storage (private mode, quota, policy): the page keeps working and
   says that nothing is being saved. Nothing is ever sent anywhere. */
(function () {
  "use strict";
  var PREFIX = "nimo-course:v1:";

  function storage() {
    try {
      var s = window.localStorage;
      var probe = PREFIX + "probe";
      s.setItem(probe, "1");
      s.removeItem(probe);
      return s;
    } catch (e) {
      return null;
    }
  }

  var Store = {
    PREFIX: PREFIX,
    available: function () {
      return storage() !== null;
    },
    /* The parsed value, or `fallback` when missing. A corrupt entry is removed and reported through onCorrupt. */
    read: function (key, fallback, onCorrupt) {
      var s = storage();
      if (!s) return fallback;
      var raw;
      try {
        raw = s.getItem(PREFIX + key);
      } catch (e) {
        return fallback;
      }
      if (raw === null) return fallback;
      try {
        var value = JSON.parse(raw);
        if (value === null || typeof value !== "object") throw new Error("not an object");
        return value;
      } catch (e) {
        try { s.removeItem(PREFIX + key); } catch (ignored) { /* nothing more to do */ }
        if (onCorrupt) onCorrupt();
        return fallback;
      }
    },
    /* true when saved. */
    write: function (key, value) {
      var s = storage();
      if (!s) return false;
      try {
        s.setItem(PREFIX + key, JSON.stringify(value));
        return true;
      } catch (e) {
        return false;
      }
    },
    remove: function (key) {
      var s = storage();
      if (!s) return;
      try { s.removeItem(PREFIX + key); } catch (e) { /* nothing more to do */ }
    },
    /* Keys (without the prefix) that start with `start`. */
    keys: function (start) {
      var s = storage();
      var found = [];
      if (!s) return found;
      try {
        for (var i = 0; i < s.length; i++) {
          var k = s.key(i);
          if (k && k.indexOf(PREFIX + start) === 0) found.push(k.slice(PREFIX.length));
        }
      } catch (e) { /* storage went away: report what we have */ }
      return found;
    },
    download: function (filename, text, type) {
      var blob = new Blob([text], { type: type || "application/json" });
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = filename;
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
    },
    /* Run `init` on every page view: Material's document$ when present, else once the page is ready. */
    onPage: function (init) {
      if (window.document$ && typeof window.document$.subscribe === "function") {
        window.document$.subscribe(function () { init(); });
      } else if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
      } else {
        init();
      }
    }
  };
  window.NimoStore = Store;
})();

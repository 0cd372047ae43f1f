// Small helpers for every page: sliders show their value, ticked checklist items fade and are
// remembered on this device (a reload keeps them), a polite announcer for screen readers, and
// the screen kept awake while a test or a timer runs.
(function () {
  "use strict";
  var anklet = (window.anklet = window.anklet || {});

  // One live region (base.html) reads short messages to screen readers.
  anklet.announce = function (text) {
    var region = document.getElementById("announcer");
    if (!region) return;
    region.textContent = "";
    setTimeout(function () { region.textContent = text; }, 50);
  };

  // The Screen Wake Lock API: held while any reason wants it (a timer, the metronome, a test
  // step); released when the last reason goes. The page says its state in data-wake.
  var reasons = {};
  var sentinel = null;
  function wanted() { return Object.keys(reasons).length > 0; }
  function acquire() {
    var root = document.documentElement;
    if (!wanted()) return;
    root.dataset.wake = "wanted";
    if (!("wakeLock" in navigator) || sentinel || document.visibilityState !== "visible") return;
    navigator.wakeLock.request("screen").then(function (lock) {
      if (!wanted()) { lock.release(); return; }
      sentinel = lock;
      root.dataset.wake = "held";
      lock.addEventListener("release", function () {
        sentinel = null;
        root.dataset.wake = wanted() ? "wanted" : "off";
      });
    }).catch(function () { /* refused (battery saver, no permission): the page still works */ });
  }
  anklet.wake = {
    hold: function (reason) { reasons[reason] = true; acquire(); },
    release: function (reason) {
      delete reasons[reason];
      if (wanted()) return;
      document.documentElement.dataset.wake = "off";
      if (sentinel) { sentinel.release(); sentinel = null; }
    },
    reasons: reasons,
  };
  // A lock is dropped by the browser when the page is hidden; take it again on return.
  document.addEventListener("visibilitychange", acquire);

  // Storage on this device; private browsing may refuse it, so every use is guarded.
  anklet.store = {
    get: function (key, fallback) {
      try { var raw = window.localStorage.getItem(key); return raw === null ? fallback : JSON.parse(raw); }
      catch (e) { return fallback; }
    },
    set: function (key, value) {
      try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* full or refused */ }
    },
  };

  function mirrors(root) {
    root.querySelectorAll("output[data-mirror]").forEach(function (out) {
      var input = document.getElementById(out.dataset.mirror);
      if (!input || input.dataset.mirrored) return;
      input.dataset.mirrored = "1";
      input.addEventListener("input", function () { out.textContent = input.value || "?"; });
    });
  }

  // Ticks on the today page: kept per athlete and day under data-ticks.
  function tickKey(box) {
    var list = box.closest("[data-ticks]");
    var item = box.closest("[data-tick]");
    return list && item ? ["anklet.ticks." + list.dataset.ticks, item.dataset.tick] : null;
  }
  function restoreTicks(root) {
    root.querySelectorAll("input[data-done]").forEach(function (box) {
      var key = tickKey(box);
      if (!key) return;
      var ticks = anklet.store.get(key[0], {});
      if (ticks[key[1]]) {
        box.checked = true;
        box.closest(".item").classList.add("done");
      }
    });
  }
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!(box.matches && box.matches("input[data-done]"))) return;
    box.closest(".item").classList.toggle("done", box.checked);
    var key = tickKey(box);
    if (!key) return;
    var ticks = anklet.store.get(key[0], {});
    if (box.checked) ticks[key[1]] = true; else delete ticks[key[1]];
    anklet.store.set(key[0], ticks);
  });
  function ready(root) { mirrors(root); restoreTicks(root); }
  document.addEventListener("DOMContentLoaded", function () { ready(document); });
  document.addEventListener("htmx:afterSettle", function () { ready(document); });
  // offline.js put the server's answer in place of the page's content.
  document.addEventListener("anklet:replaced", function () { ready(document); });
})();

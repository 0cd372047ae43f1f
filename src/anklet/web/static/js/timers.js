// Hold timers on the today page: a countdown per item (and side) that survives a reload (the
// end time is kept on this device), keeps the screen awake while it runs, and marks the end
// with a short beep, a vibration where supported, and an announcement for screen readers.
(function () {
  "use strict";
  var anklet = window.anklet;
  var TICK_MS = 250;
  var ANNOUNCE_EVERY_S = 10;

  function beep() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    var ctx = new Context();
    var osc = ctx.createOscillator();
    osc.frequency.value = 880;
    osc.connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.25);
    osc.onended = function () { ctx.close(); };
  }

  function storeKey(box) {
    var list = box.closest("[data-ticks]");
    var item = box.closest("[data-tick]");
    return list && item ? "anklet.timer." + list.dataset.ticks + "|" + item.dataset.tick : null;
  }

  function finish(box, quietly) {
    clearInterval(box._timer);
    box._timer = null;
    box.classList.remove("running");
    box.classList.add("finished");
    box.querySelector("[data-timer-left]").textContent = "0";
    anklet.wake.release(storeKey(box) || "timer");
    if (quietly) return;
    beep();
    if (navigator.vibrate) navigator.vibrate(200);
    anklet.announce("Hold finished.");
  }

  function run(box, endsAt) {
    var out = box.querySelector("[data-timer-left]");
    var key = storeKey(box);
    var spoken = null;
    if (box._timer) clearInterval(box._timer);
    box.classList.remove("finished");
    box.classList.add("running");
    anklet.wake.hold(key || "timer");
    function tick() {
      var left = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
      out.textContent = String(left);
      if (left <= 0) {
        if (key) anklet.store.set(key, { endsAt: endsAt, done: true });
        finish(box, false);
        return;
      }
      if (left % ANNOUNCE_EVERY_S === 0 && left !== spoken) {
        spoken = left;
        anklet.announce(left + " seconds left.");
      }
    }
    tick();
    box._timer = setInterval(tick, TICK_MS);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-timer-start]");
    if (!button) return;
    var box = button.closest("[data-timer]");
    var seconds = Number(box.dataset.seconds);
    var endsAt = Date.now() + seconds * 1000;
    var key = storeKey(box);
    if (key) anklet.store.set(key, { endsAt: endsAt, done: false });
    anklet.announce("Hold " + seconds + " seconds: started.");
    run(box, endsAt);
  });

  // After a reload: a running hold continues, a finished one shows as finished.
  function restore(root) {
    root.querySelectorAll("[data-timer]").forEach(function (box) {
      var key = storeKey(box);
      var saved = key && anklet.store.get(key, null);
      if (!saved || box._timer) return;
      if (saved.endsAt > Date.now()) run(box, saved.endsAt);
      else finish(box, true);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { restore(document); });
  document.addEventListener("htmx:afterSettle", function () { restore(document); });
})();

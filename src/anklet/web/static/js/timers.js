// Hold timers on the today page: a countdown per item (and side), with a short beep at the end.
(function () {
  "use strict";
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
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-timer-start]");
    if (!button) return;
    var box = button.closest("[data-timer]");
    var out = box.querySelector("[data-timer-left]");
    if (box._timer) { clearInterval(box._timer); }
    var left = Number(box.dataset.seconds);
    out.textContent = String(left);
    box.classList.remove("finished");
    box.classList.add("running");
    box._timer = setInterval(function () {
      left -= 1;
      out.textContent = String(left);
      if (left <= 0) {
        clearInterval(box._timer);
        box._timer = null;
        box.classList.remove("running");
        box.classList.add("finished");
        beep();
      }
    }, 1000);
  });
})();

// A metronome: 60 beats a minute for the paced heel-raise test, or the rate a box names in
// data-bpm (the cadence cue of a running technique day: one beat per step). An audible click
// (Web Audio) and a visual beat, announced for screen readers and keeping the screen awake
// while it runs. window.ankletMetronome.clicks counts the beats played and .bpm is the
// running rate (tests read both).
(function () {
  "use strict";
  var BPM = 60;
  var MIN_BPM = 30, MAX_BPM = 300;
  var state = { clicks: 0, running: null, context: null, timer: null, bpm: null };
  window.ankletMetronome = state;

  function click() {
    var ctx = state.context;
    if (ctx && ctx.state !== "closed") {
      var osc = ctx.createOscillator();
      var gain = ctx.createGain();
      var now = ctx.currentTime;
      osc.frequency.value = 1000;
      gain.gain.setValueAtTime(0.0001, now);
      gain.gain.exponentialRampToValueAtTime(0.6, now + 0.005);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.08);
      osc.connect(gain).connect(ctx.destination);
      osc.start(now);
      osc.stop(now + 0.1);
    }
    state.clicks += 1;
    var box = state.running;
    if (!box) return;
    var beat = box.querySelector("[data-beat]");
    var count = box.querySelector("[data-beat-count]");
    beat.classList.add("on");
    beat.dataset.beats = String(state.clicks);
    if (count) count.textContent = String(Number(count.textContent) + 1);
    setTimeout(function () { beat.classList.remove("on"); }, 150);
  }

  function stop() {
    if (state.timer) clearInterval(state.timer);
    state.timer = null;
    if (state.running) {
      var button = state.running.querySelector("[data-metronome-toggle]");
      var count = state.running.querySelector("[data-beat-count]");
      button.textContent = "Start metronome";
      button.setAttribute("aria-pressed", "false");
      window.anklet.announce("Metronome stopped after " + (count ? count.textContent : "0") + " beats.");
      window.anklet.wake.release("metronome");
    }
    state.running = null;
  }

  function start(box) {
    stop();
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!state.context && Context) state.context = new Context();
    if (state.context && state.context.state === "suspended") state.context.resume();
    state.running = box;
    var button = box.querySelector("[data-metronome-toggle]");
    button.textContent = "Stop metronome";
    button.setAttribute("aria-pressed", "true");
    var wanted = Number(box.dataset.bpm);
    state.bpm = wanted >= MIN_BPM && wanted <= MAX_BPM ? wanted : BPM;
    window.anklet.announce("Metronome started: " + state.bpm + " beats a minute.");
    window.anklet.wake.hold("metronome");
    click();
    state.timer = setInterval(click, 60000 / state.bpm);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-metronome-toggle]");
    if (!button) return;
    var box = button.closest("[data-metronome]");
    if (state.running === box) stop(); else start(box);
  });
  window.addEventListener("pagehide", stop);
})();

// The guided test: one step at a time (all steps show without JavaScript), and tap counters
// that write the repetitions into the form.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.guided");
    if (!form) return;
    var steps = Array.prototype.slice.call(form.querySelectorAll(".step"));
    var nav = form.querySelector("[data-step-nav]");
    var stepper = form.querySelector("[data-stepper]");
    var index = 0;
    var moved = false; // focus follows the step once the user moves, not on arrival
    // After a rejected post, open the step holding the first field in error.
    var invalid = form.querySelector(".field.invalid, .field-error");
    if (invalid) index = Math.max(0, steps.indexOf(invalid.closest(".step")));

    function show(i) {
      index = Math.min(Math.max(i, 0), steps.length - 1);
      steps.forEach(function (s, n) { s.classList.toggle("current", n === index); });
      stepper.querySelector("[data-step-number]").textContent = String(index + 1);
      nav.querySelector("[data-step-back]").disabled = index === 0;
      nav.querySelector("[data-step-next]").hidden = index === steps.length - 1;
      if (window.ankletMetronome && window.ankletMetronome.running) {
        window.ankletMetronome.running.querySelector("[data-metronome-toggle]").click();
      }
      window.scrollTo(0, 0);
      var heading = steps[index].querySelector("h2");
      if (heading && moved) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
      moved = true;
    }
    document.documentElement.classList.add("js");
    // The phone leans on a wall during the tests: keep its screen on while this page is open.
    window.anklet.wake.hold("guided-test");
    nav.hidden = false;
    stepper.hidden = false;
    nav.querySelector("[data-step-back]").addEventListener("click", function () { show(index - 1); });
    nav.querySelector("[data-step-next]").addEventListener("click", function () { show(index + 1); });
    show(index);

    form.querySelectorAll("[data-counter]").forEach(function (counter) {
      var input = form.querySelector("[name='" + counter.dataset.counter + "']");
      var out = counter.querySelector("[data-count]");
      function set(n) { n = Math.max(0, n); input.value = String(n); out.textContent = String(n); }
      counter.querySelector("[data-tap]").addEventListener("click", function () { set(Number(input.value || 0) + 1); });
      counter.querySelector("[data-undo]").addEventListener("click", function () { set(Number(input.value || 0) - 1); });
      input.addEventListener("input", function () { out.textContent = input.value || "0"; });
    });
  });
})();

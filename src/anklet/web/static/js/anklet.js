// Small helpers for every page: sliders show their value, ticked checklist items fade.
(function () {
  "use strict";
  function mirrors(root) {
    root.querySelectorAll("output[data-mirror]").forEach(function (out) {
      var input = document.getElementById(out.dataset.mirror);
      if (!input || input.dataset.mirrored) return;
      input.dataset.mirrored = "1";
      input.addEventListener("input", function () { out.textContent = input.value || "?"; });
    });
  }
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.matches && box.matches("input[data-done]")) {
      box.closest(".item").classList.toggle("done", box.checked);
    }
  });
  document.addEventListener("DOMContentLoaded", function () { mirrors(document); });
  document.addEventListener("htmx:afterSettle", function () { mirrors(document); });
})();

// Draws each chart from its Vega-Lite specification, embedded in the page as JSON.
// The expression interpreter keeps Vega from compiling code (our CSP forbids eval).
(function () {
  "use strict";
  // The drawn views by chart name: what a test (or the console) can ask for its data.
  window.ankletCharts = {};
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-chart]").forEach(function (box) {
      var spec = JSON.parse(document.getElementById("spec-" + box.dataset.chart).textContent);
      window.vegaEmbed(box, spec, {
        actions: false,
        renderer: "svg",
        ast: true,
        expr: window.vegaInterpreter.expressionInterpreter
      }).then(function (result) {
        window.ankletCharts[box.dataset.chart] = result.view;
        box.dataset.rendered = "true";
      }).catch(function (error) {
        box.dataset.rendered = "error";
        box.textContent = "This chart could not be drawn: " + error.message;
      });
    });
  });
})();

// The report pages' Print button (a file, not inline code: the CSP allows only 'self').
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });
})();

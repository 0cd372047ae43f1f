// Starts the vendored Swagger UI on /api/v1/docs. A file, not an inline script, so the page
// keeps the app's Content-Security-Policy (script-src 'self').
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("swagger-ui");
    window.ui = window.SwaggerUIBundle({
      url: box.dataset.openapi,
      domNode: box,
      deepLinking: true,
      // No call to the public validator: the page works offline and sends nothing out.
      validatorUrl: null,
      defaultModelsExpandDepth: 0,
      onComplete: function () { box.dataset.rendered = "true"; }
    });
  });
})();

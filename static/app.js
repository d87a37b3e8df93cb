// Small progressive enhancements. Every page works without this file and without htmx.
(function () {
  "use strict";
  // Keep the CSRF header fresh for htmx requests when the body attribute is present.
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.body.getAttribute("data-csrf");
    if (token) { event.detail.headers["X-CSRF-Token"] = token; }
  });
  // Forms marked data-confirm ask before they submit.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  }, true);
})();

// Small progressive enhancements. Every page works without this file and without htmx.
(function () {
  "use strict";
  // Keep the CSRF header fresh for htmx requests when the body attribute is present.
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.body.getAttribute("data-csrf");
    if (token) { event.detail.headers["X-CSRF-Token"] = token; }
  });
  // Filter forms marked data-clean-url leave empty fields out of the address htmx pushes,
  // so a bookmarked view reads /claims?kind=direct rather than a row of empty parameters.
  document.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt.closest && event.detail.elt.closest("form[data-clean-url]");
    var data = event.detail.formData;
    if (!form || event.detail.verb !== "get" || !data) { return; }
    Array.from(data.keys()).forEach(function (key) {
      if (data.getAll(key).every(function (v) { return v === ""; })) { data.delete(key); }
    });
  });
  // Forms marked data-confirm ask before they submit.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  }, true);
})();

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
// A saved view names the address the table shows now (htmx pushes it as filters change).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.hasAttribute || !form.hasAttribute("data-current-address")) { return; }
  form.querySelector("input[name=address]").value = location.pathname + location.search;
}, true);
// Claims table keys (the help line lists them): j/k or arrows move, 1-7 set the status,
// t edits tags, x selects the row for a bulk change, Enter opens the claim.
(function () {
  "use strict";
  var currentId = null;
  function table() { return document.querySelector("table[data-keyboard]"); }
  function rows() { return Array.from(document.querySelectorAll("table[data-keyboard] tbody tr")); }
  function current() { return currentId && document.getElementById("claim-row-" + currentId); }
  function mark(row) {
    rows().forEach(function (r) { r.classList.remove("current"); r.removeAttribute("aria-current"); });
    if (!row) { return; }
    currentId = row.getAttribute("data-claim-id");
    row.classList.add("current");
    row.setAttribute("aria-current", "true");
    row.scrollIntoView({ block: "nearest" });
  }
  function move(step) {
    var all = rows();
    var i = all.indexOf(current());
    mark(all[Math.max(0, Math.min(all.length - 1, i === -1 ? 0 : i + step))]);
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey || !table()) { return; }
    if (target.closest && target.closest("input, select, textarea")) {
      if (event.key === "Escape") { target.blur(); }
      return;
    }
    var row = current();
    var key = event.key;
    if (key === "j" || key === "ArrowDown") { move(1); event.preventDefault(); return; }
    if (key === "k" || key === "ArrowUp") { move(-1); event.preventDefault(); return; }
    if (!row) { return; }
    if (/^[1-9]$/.test(key)) {
      var select = row.querySelector("select[name=status]");
      var option = select && select.options[Number(key) - 1];
      if (option) { select.value = option.value; row.querySelector("form.row-edit").requestSubmit(); }
    } else if (key === "t") {
      event.preventDefault();
      row.querySelector("input[name=tags]").focus();
    } else if (key === "x") {
      var box = row.querySelector("input.select-row");
      if (!box) { return; }
      box.checked = !box.checked;
      row.classList.toggle("selected", box.checked);
    } else if (key === "Enter") {
      window.location.href = row.querySelector("td.claim-text a").href;
    }
  });
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.classList && box.classList.contains("select-row")) {
      box.closest("tr").classList.toggle("selected", box.checked);
    }
  });
  // htmx replaces a saved row; the new one stays the current row.
  document.addEventListener("htmx:afterSettle", function () {
    var row = current();
    if (row && !row.classList.contains("current")) { mark(row); }
  });
})();
// Add a missed claim: select its words in the article; the form gets their offsets.
(function () {
  "use strict";
  var form = document.getElementById("add-claim");
  var reader = document.querySelector("article.reader[data-text-length]");
  if (!form || !reader) { return; }
  function offsetOf(node, offset) {
    var walker = document.createTreeWalker(reader, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        var el = n.parentElement;
        return el.closest(".who") || !el.closest("p") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var total = 0;
    var paragraphs = Array.from(reader.querySelectorAll("p"));
    for (var n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n === node) { return total + offset + 2 * paragraphs.indexOf(n.parentElement.closest("p")); }
      total += n.textContent.length;
    }
    return -1;
  }
  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    if (!selection.rangeCount || selection.isCollapsed) { return; }
    var range = selection.getRangeAt(0);
    if (!reader.contains(range.startContainer) || !reader.contains(range.endContainer)) { return; }
    var start = offsetOf(range.startContainer, range.startOffset);
    var end = offsetOf(range.endContainer, range.endOffset);
    if (start < 0 || end <= start) { return; }
    form.querySelector("[name=start]").value = start;
    form.querySelector("[name=end]").value = end;
    form.querySelector("[name=quote]").value = selection.toString();
    form.querySelector(".selected-text").textContent = selection.toString();
  });
})();

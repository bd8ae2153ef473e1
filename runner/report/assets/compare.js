// Filters for the lambdaconform comparison page. The page is complete without this script; with it, the checks
// can be filtered (only where the targets disagree, an outcome on one target or on any, free text), and the
// filter lives in the address's fragment (#show=disagree&target=moto&outcome=failed) so that a view can be shared.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.row"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("tbody.group"));
  var tables = Array.prototype.slice.call(document.querySelectorAll("section.rows"));
  var shown = document.getElementById("shown");
  var fields = ["show", "target", "outcome", "q"];
  var text = new Map();

  function state() {
    var s = {};
    fields.forEach(function (f) { s[f] = form.elements[f].value.trim(); });
    return s;
  }

  // The index of the target named in the filter, -1 for any.
  function targetIndex(name) {
    var opt = name && form.elements.target.querySelector('option[value="' + CSS.escape(name) + '"]');
    return opt ? Number(opt.dataset.index) : -1;
  }

  function matches(row, s) {
    var cells = row.dataset.cells.split(" ");
    if (s.show === "disagree" && row.dataset.disagree !== "true") return false;
    if (s.show === "problems" && cells.indexOf("failed") < 0 && cells.indexOf("error") < 0) return false;
    if (s.outcome) {
      var i = targetIndex(s.target);
      if (i >= 0 ? cells[i] !== s.outcome : cells.indexOf(s.outcome) < 0) return false;
    }
    if (s.q) {
      if (!text.has(row)) text.set(row, row.textContent.toLowerCase());
      var words = s.q.toLowerCase().split(/\s+/);
      for (var k = 0; k < words.length; k++) {
        if (text.get(row).indexOf(words[k]) < 0) return false;
      }
    }
    return true;
  }

  function apply() {
    var s = state(), n = 0;
    rows.forEach(function (row) {
      var ok = matches(row, s);
      row.hidden = !ok;
      if (ok) n++;
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector("tr.row:not([hidden])"); });
    tables.forEach(function (t) { t.hidden = t.dataset.rows !== "0" && !t.querySelector("tr.row:not([hidden])"); });
    shown.textContent = "Showing " + n + " of " + rows.length + " checks";
    var params = new URLSearchParams();
    fields.forEach(function (f) { if (s[f]) params.set(f, s[f]); });
    var hash = params.toString();
    if (hash !== location.hash.slice(1) && (hash || location.hash.indexOf("=") >= 0)) {
      try { history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search); } catch (e) { /* file: URLs in some browsers */ }
    }
  }

  function readHash() {
    var h = location.hash.slice(1);
    if (h.indexOf("=") < 0) return; // a link to one check or section
    var params = new URLSearchParams(h);
    fields.forEach(function (f) {
      var el = form.elements[f], v = params.get(f) || "";
      if (el.tagName === "SELECT" && v && !el.querySelector('option[value="' + CSS.escape(v) + '"]')) v = "";
      el.value = v;
    });
  }

  form.addEventListener("input", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.elements.clear.addEventListener("click", function () {
    fields.forEach(function (f) { form.elements[f].value = ""; });
    apply();
  });
  window.addEventListener("hashchange", function () { readHash(); apply(); });
  form.hidden = false;
  readHash();
  apply();
})();

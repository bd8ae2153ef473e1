// Filters for the lambdaconform HTML report. The page is complete without this script; with it, the checks can
// be filtered by outcome, severity, family, operation, evidence and free text, and the filter lives in the address's
// fragment (#outcome=failed&family=contract) so that a filtered view can be shared.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) return;
  var checks = Array.prototype.slice.call(document.querySelectorAll("details.check"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-group]")).reverse();
  var shown = document.getElementById("shown");
  var fields = ["outcome", "severity", "family", "operation", "evidence", "q"];
  var text = new Map();

  function state() {
    var s = {};
    fields.forEach(function (f) { s[f] = form.elements[f].value.trim(); });
    return s;
  }

  function matches(el, s) {
    if (s.outcome && (" " + el.dataset.tags + " ").indexOf(" " + s.outcome + " ") < 0) return false;
    if (s.severity && el.dataset.severity !== s.severity) return false;
    if (s.family && el.dataset.family !== s.family) return false;
    if (s.operation && el.dataset.operation !== s.operation) return false;
    if (s.evidence && el.dataset.evidence !== s.evidence) return false;
    if (s.q) {
      if (!text.has(el)) text.set(el, el.textContent.toLowerCase());
      var words = s.q.toLowerCase().split(/\s+/);
      for (var i = 0; i < words.length; i++) {
        if (text.get(el).indexOf(words[i]) < 0) return false;
      }
    }
    return true;
  }

  function apply() {
    var s = state(), n = 0;
    checks.forEach(function (el) {
      var ok = matches(el, s);
      el.hidden = !ok;
      if (ok) n++;
    });
    // Innermost groups first (the list is reversed), so that a family sees its operations' new state.
    groups.forEach(function (g) {
      g.hidden = !g.querySelector("details.check:not([hidden])");
    });
    shown.textContent = "Showing " + n + " of " + checks.length + " checks";
    var params = new URLSearchParams();
    fields.forEach(function (f) { if (s[f]) params.set(f, s[f]); });
    var hash = params.toString();
    if (hash !== location.hash.slice(1) && (hash || location.hash.indexOf("=") >= 0)) {
      try { history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search); } catch (e) { /* file: URLs in some browsers */ }
    }
  }

  function readHash() {
    var h = location.hash.slice(1);
    if (h.indexOf("=") < 0) {
      // A link to one check: open it.
      var target = h && document.getElementById(decodeURIComponent(h));
      if (target && target.tagName === "DETAILS") target.open = true;
      return;
    }
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
  form.elements.expand.addEventListener("click", function () {
    checks.forEach(function (el) {
      if (!el.hidden && /\b(failed|error|not-run)\b/.test(el.dataset.tags)) el.open = true;
    });
  });
  form.elements.collapse.addEventListener("click", function () {
    checks.forEach(function (el) { el.open = false; });
  });
  window.addEventListener("hashchange", function () { readHash(); apply(); });
  form.hidden = false;
  readHash();
  apply();
})();

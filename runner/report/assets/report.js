// Filters for the lambdaconform HTML report (see filters.js): by outcome, severity, family, operation, evidence
// and free text; a link to one check opens it.
(function () {
  "use strict";
  var checks = Array.prototype.slice.call(document.querySelectorAll("details.check"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-group]")).reverse();
  var text = new Map();

  var form = lambdaconformFilters({
    items: checks,
    fields: ["outcome", "severity", "family", "operation", "evidence", "q"],
    matches: function (el, s) {
      if (s.outcome && (" " + el.dataset.tags + " ").indexOf(" " + s.outcome + " ") < 0) return false;
      if (s.severity && el.dataset.severity !== s.severity) return false;
      if (s.family && el.dataset.family !== s.family) return false;
      if (s.operation && el.dataset.operation !== s.operation) return false;
      if (s.evidence && el.dataset.evidence !== s.evidence) return false;
      return textMatches(el, s.q, text);
    },
    // Innermost groups first (the list is reversed), so that a family sees its operations' new state.
    after: function () {
      groups.forEach(function (g) { g.hidden = !g.querySelector("details.check:not([hidden])"); });
    },
    onLink: function (id) {
      var target = document.getElementById(id);
      if (target && target.tagName === "DETAILS") target.open = true;
    }
  });
  if (!form) return;
  form.elements.expand.addEventListener("click", function () {
    checks.forEach(function (el) {
      if (!el.hidden && /\b(failed|error|not-run)\b/.test(el.dataset.tags)) el.open = true;
    });
  });
  form.elements.collapse.addEventListener("click", function () {
    checks.forEach(function (el) { el.open = false; });
  });
})();

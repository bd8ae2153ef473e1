// Filters for the lambdaconform comparison page (see filters.js): only where the targets disagree (or have
// problems), an outcome on one target or on any, free text.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) return;
  var groups = Array.prototype.slice.call(document.querySelectorAll("tbody.group"));
  var tables = Array.prototype.slice.call(document.querySelectorAll("section.rows"));
  var text = new Map();

  // The index of the target named in the filter, -1 for any.
  function targetIndex(name) {
    var opt = name && form.elements.target.querySelector('option[value="' + CSS.escape(name) + '"]');
    return opt ? Number(opt.dataset.index) : -1;
  }

  lambdaconformFilters({
    items: Array.prototype.slice.call(document.querySelectorAll("tr.row")),
    fields: ["show", "target", "outcome", "q"],
    matches: function (row, s) {
      var cells = row.dataset.cells.split(" ");
      if (s.show === "disagree" && row.dataset.disagree !== "true") return false;
      if (s.show === "problems" && cells.indexOf("failed") < 0 && cells.indexOf("error") < 0) return false;
      if (s.outcome) {
        var i = targetIndex(s.target);
        if (i >= 0 ? cells[i] !== s.outcome : cells.indexOf(s.outcome) < 0) return false;
      }
      return textMatches(row, s.q, text);
    },
    after: function () {
      groups.forEach(function (g) { g.hidden = !g.querySelector("tr.row:not([hidden])"); });
      tables.forEach(function (t) { t.hidden = t.dataset.rows !== "0" && !t.querySelector("tr.row:not([hidden])"); });
    }
  });
})();

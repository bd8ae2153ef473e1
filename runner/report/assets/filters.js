// The filter form of lambdaconform's HTML pages (the run report, the comparison). A page is complete without a
// script; with it, its checks can be filtered by the form's fields, and the filter lives in the address's
// fragment (#outcome=failed&family=contract) so that a filtered view can be shared. Each page's script calls
// lambdaconformFilters with:
//   items    the elements the form filters;
//   fields   the form's fields, in the fragment's order;
//   matches  function (item, state): whether the item shows for the fields' values (textMatches helps with q);
//   after    function (): hides the groups the filter left empty;
//   onLink   function (id): the fragment is not a filter but a link to one element (optional).
function lambdaconformFilters(opts) {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) return null;
  var shown = document.getElementById("shown");
  var fields = opts.fields;

  function state() {
    var s = {};
    fields.forEach(function (f) { s[f] = form.elements[f].value.trim(); });
    return s;
  }

  function apply() {
    var s = state(), n = 0;
    opts.items.forEach(function (el) {
      var ok = opts.matches(el, s);
      el.hidden = !ok;
      if (ok) n++;
    });
    opts.after();
    shown.textContent = "Showing " + n + " of " + opts.items.length + " checks";
    var params = new URLSearchParams();
    fields.forEach(function (f) { if (s[f]) params.set(f, s[f]); });
    var hash = params.toString();
    if (hash !== location.hash.slice(1) && (hash || location.hash.indexOf("=") >= 0)) {
      try { history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search); } catch (e) { /* file: URLs in some browsers */ }
    }
  }

  function readHash() {
    var h = location.hash.slice(1);
    if (h.indexOf("=") < 0) { // a link to one check or section
      if (h && opts.onLink) opts.onLink(decodeURIComponent(h));
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
  window.addEventListener("hashchange", function () { readHash(); apply(); });
  form.hidden = false;
  readHash();
  apply();
  return form;
}

// textMatches reports whether every word of the free-text filter q is in the element's text (lower case, read
// once per element and kept in cache).
function textMatches(el, q, cache) {
  if (!q) return true;
  if (!cache.has(el)) cache.set(el, el.textContent.toLowerCase());
  var words = q.toLowerCase().split(/\s+/);
  for (var i = 0; i < words.length; i++) {
    if (cache.get(el).indexOf(words[i]) < 0) return false;
  }
  return true;
}

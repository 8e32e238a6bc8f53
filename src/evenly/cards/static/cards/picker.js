// The card picker: search and category filter the list in place, by hiding rows, so every tick
// stays in the form whatever is shown. Without this script the Show button sends the ticks
// along with the new search (the server keeps them); with it nothing reloads. The status line
// counts the ticked cards and says how many are shown.
(function () {
  "use strict";
  var form = document.querySelector("form[data-picker]");
  if (!form) { return; }
  var q = form.querySelector("#q");
  var category = form.querySelector("#category");
  var rows = Array.prototype.slice.call(form.querySelectorAll("[data-row]"));
  var groups = Array.prototype.slice.call(form.querySelectorAll("[data-group]"));
  var ticked = form.querySelector("[data-ticked]");
  var shown = form.querySelector("[data-shown]");
  var empty = form.querySelector("[data-empty]");
  var clear = form.querySelector("[data-clear]");
  var said = { ticked: "", shown: "" };

  // The words come from the page (translated there): data-one / data-many, with %n for the count.
  function plural(el, n) {
    return el.getAttribute(n === 1 ? "data-one" : "data-many").replace("%n", n);
  }

  function count() {
    var n = form.querySelectorAll("[data-row] input[name=key]:checked:not(:disabled)").length;
    var text = plural(ticked, n);
    if (text !== said.ticked) { ticked.textContent = said.ticked = text; }
  }

  function filter() {
    var words = q.value.trim().toLowerCase();
    var cat = category.value;
    var visible = 0;
    rows.forEach(function (row) {
      var match = (!cat || row.getAttribute("data-category") === cat) &&
        (!words || row.getAttribute("data-text").indexOf(words) !== -1);
      row.hidden = !match;
      if (match) { visible += 1; }
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector("[data-row]:not([hidden])");
    });
    var filtered = Boolean(words || cat);
    empty.hidden = visible > 0;
    var q2 = empty.querySelector("[data-q]");
    if (q2) { q2.textContent = q.value.trim(); }
    clear.hidden = !filtered;
    shown.hidden = !filtered;
    var text = filtered ? " · " + plural(shown, visible) : "";
    if (text !== said.shown) { shown.textContent = said.shown = text; }
  }

  q.addEventListener("input", filter);
  category.addEventListener("change", filter);
  form.addEventListener("change", function (event) {
    if (event.target.name === "key") { count(); }
  });
  form.addEventListener("submit", function (event) {
    var action = event.submitter ? event.submitter.value : "";
    if (action === "show" || action === "clear") {
      event.preventDefault();
      if (action === "clear") {
        q.value = "";
        category.value = "";
        q.focus();
      }
      filter();
    }
  });
  said.ticked = ticked.textContent;
  said.shown = shown.textContent;
})();

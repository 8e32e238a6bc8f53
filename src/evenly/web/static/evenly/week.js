// The week page: after a one-tap action htmx swaps the week's sections; keep the keyboard where
// the person was. Focus goes to the row that was acted on, wherever it moved (its first button;
// a folded list it moved into unfolds), else to the message that says what happened.
(function () {
  "use strict";
  var lastRow = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var row = event.target.closest ? event.target.closest("[data-row]") : null;
    lastRow = row ? row.getAttribute("data-row") : null;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!event.target || event.target.id !== "week-main") {
      return;
    }
    var row = lastRow ? document.getElementById(lastRow) : null;
    var target = document.getElementById("week-status");
    if (row) {
      // A row that moved into a folded list (done) unfolds it, so its Undo is at hand.
      var fold = row.closest("details:not([open])");
      while (fold) {
        fold.open = true;
        fold = row.closest("details:not([open])");
      }
      target = row.querySelector("button") || row;
    }
    if (target) {
      target.focus();
    }
  });
})();

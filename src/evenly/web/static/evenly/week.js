// The week page: after a one-tap action htmx swaps the week's sections; keep the keyboard where
// the person was. Focus goes to the row that was acted on, wherever it moved (its first button),
// else to the message that says what happened.
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
    var fold = row ? row.closest("details:not([open])") : null;
    var target = null;
    if (row && !fold) {
      target = row.querySelector("button") || row;
    } else {
      target = document.getElementById("week-status");
    }
    if (target) {
      target.focus();
    }
  });
})();

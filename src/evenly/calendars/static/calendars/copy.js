// Copy buttons: <button type="button" data-copy="ID"> copies the value of the input #ID and
// says so in the live region named by data-status. No inline script (the CSP forbids it).
(function () {
  "use strict";
  function said(button, text) {
    var status = document.getElementById(button.getAttribute("data-status"));
    if (status) { status.textContent = text; }
  }
  function fallback(input) {
    input.focus();
    input.select();
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-copy]") : null;
    if (!button) { return; }
    var input = document.getElementById(button.getAttribute("data-copy"));
    if (!input) { return; }
    var done = function () { said(button, button.getAttribute("data-copied") || "Copied. Paste it into your calendar app."); };
    var failed = function () {
      input.focus();
      input.select();
      said(button, button.getAttribute("data-selected") || "Selected: copy it with your device's Copy.");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, function () {
        if (fallback(input)) { done(); } else { failed(); }
      });
    } else if (fallback(input)) {
      done();
    } else {
      failed();
    }
  });
})();

// Rating one card at a time, by thumb or keyboard. Over the plain form (which works without
// this script, a card per page): the keys 1-6 press the preference buttons in order (enjoy,
// like, fine, dislike, hate, can't), the arrow keys move between them and Enter presses one.
// After each rating htmx swaps in the next card; focus goes to the button in the same place
// (so arrow and Enter go on), else the card's name, and the live region says what was saved
// and what comes next.
(function () {
  "use strict";
  var lastIndex = -1;

  function panel() { return document.getElementById("rate-panel"); }
  function choices() {
    var p = panel();
    return p ? Array.prototype.slice.call(p.querySelectorAll("[data-choices] button")) : [];
  }
  function busy() {
    var form = document.querySelector("form[data-rate]");
    return !form || form.classList.contains("htmx-request");
  }
  function typing(target) {
    return target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
  }

  function enhance() {
    var form = document.querySelector("form[data-rate]");
    if (form) {
      form.classList.add("rate-keys");
      var help = document.getElementById("rate-keys-help");
      if (help) {
        choices().forEach(function (b) { b.setAttribute("aria-describedby", "rate-keys-help"); });
      }
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) { return; }
    var buttons = choices();
    if (!buttons.length) { return; }
    var n = "123456".indexOf(event.key);
    if (n !== -1 && event.key.length === 1 && n < buttons.length) {
      event.preventDefault();
      if (!busy()) {
        lastIndex = n;
        buttons[n].click();
      }
      return;
    }
    var at = buttons.indexOf(document.activeElement);
    var step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (step && at !== -1) {
      event.preventDefault();
      buttons[(at + step + buttons.length) % buttons.length].focus();
    } else if (step && at === -1 && document.activeElement &&
               document.activeElement.id === "rate-card-name") {
      event.preventDefault();
      buttons[step > 0 ? 0 : buttons.length - 1].focus();
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-choices] button") : null;
    if (button) { lastIndex = choices().indexOf(button); }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var p = panel();
    if (!p || event.target !== p) { return; }
    enhance();
    var said = p.getAttribute("data-said");
    var live = document.getElementById("rate-said");
    if (live && said) { live.textContent = said; }
    var buttons = choices();
    var target = buttons[lastIndex] || document.getElementById("rate-card-name") ||
      p.querySelector("a, button");
    if (target) { target.focus(); }
  });

  enhance();
})();

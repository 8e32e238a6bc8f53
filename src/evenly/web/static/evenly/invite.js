// The invitation link: "Copy link" copies it; "Share…" appears only where the browser can share
// (navigator.share, mostly phones) and opens the phone's own share sheet.
(function () {
  "use strict";
  var status = document.getElementById("invite-copied");
  function say(text) {
    if (status && text) status.textContent = text;
  }
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-copy"));
    if (!input) return;
    button.addEventListener("click", function () {
      var done = function () {
        say(status && status.getAttribute("data-copied"));
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done, function () {
          input.select();
          say(status && status.getAttribute("data-selected"));
        });
      } else {
        input.select();
        say(status && status.getAttribute("data-selected"));
      }
    });
  });
  if (typeof navigator.share !== "function") return;
  document.querySelectorAll("[data-share]").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-share"));
    if (!input) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator
        .share({
          title: button.getAttribute("data-share-title") || "",
          text: button.getAttribute("data-share-text") || "",
          url: input.value,
        })
        .catch(function () {
          /* the person closed the share sheet */
        });
    });
  });
})();

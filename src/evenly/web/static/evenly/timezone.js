// Sign-up's household form: preselect the browser's time zone while the field still holds the
// default. The server checks whatever is sent; without this script the default stays.
(function () {
  "use strict";
  var select = document.querySelector("select[data-browser-zone]");
  if (!select) return;
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  if (!zone || select.value !== select.getAttribute("data-browser-zone")) return;
  for (var i = 0; i < select.options.length; i++) {
    if (select.options[i].value === zone) {
      select.value = zone;
      return;
    }
  }
})();

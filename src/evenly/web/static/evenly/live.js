// Keeps an open household page up to date without a reload (see evenly/web/live.py).
// While the page is visible it asks the household's pulse every few seconds, sending the
// revision it knows as If-None-Match: "304 Not Modified" means nothing changed. When the
// household changed, it fetches the page again and swaps every element marked data-live (by
// id), except one holding a form being typed in, which waits for the next look.
(function () {
  "use strict";
  var script = document.querySelector("script[data-pulse]");
  if (!script || !window.fetch || !window.DOMParser) return;
  var pulseUrl = script.getAttribute("data-pulse");
  var every = Number(script.getAttribute("data-every")) || 5000;
  var etag = script.getAttribute("data-etag");
  var stale = false; // a change not shown yet (a region was being typed in)
  var stopped = false;
  var looking = false;
  var timer = null;

  function edited(region) {
    var active = document.activeElement;
    if (active && active !== document.body && region.contains(active) &&
        /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName)) return true;
    if (region.querySelector(".htmx-request")) return true; // a request of its own under way
    var fields = region.querySelectorAll("input, textarea, select");
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (f.type === "checkbox" || f.type === "radio") {
        if (f.checked !== f.defaultChecked) return true;
      } else if (f.tagName === "SELECT") {
        for (var j = 0; j < f.options.length; j++) {
          if (f.options[j].selected !== f.options[j].defaultSelected) return true;
        }
      } else if (f.type !== "hidden" && f.value !== f.defaultValue) {
        return true;
      }
    }
    return false;
  }

  function keepOpen(old, fresh) {
    // Folded parts the person opened stay open.
    var was = old.querySelectorAll("details");
    var now = fresh.querySelectorAll("details");
    for (var i = 0; i < was.length && i < now.length; i++) {
      if (was[i].open) now[i].open = true;
    }
  }

  function refresh() {
    var regions = document.querySelectorAll("[data-live][id]");
    if (!regions.length) { stale = false; return null; }
    return fetch(window.location.href, {credentials: "same-origin", redirect: "manual",
                                        headers: {"X-Evenly-Live": "1"}})
      .then(function (response) {
        // Signed out, or this address no longer shows this page: stop following it.
        if (response.type === "opaqueredirect" || !response.ok) { stopped = true; return null; }
        return response.text();
      })
      .then(function (html) {
        if (html === null) return;
        var page = new DOMParser().parseFromString(html, "text/html");
        var waiting = false;
        for (var i = 0; i < regions.length; i++) {
          var old = regions[i];
          var found = page.getElementById(old.id);
          if (!found) continue;
          if (edited(old)) { waiting = true; continue; }
          var fresh = document.importNode(found, true);
          keepOpen(old, fresh);
          var scrolled = old.scrollLeft;
          old.replaceWith(fresh);
          fresh.scrollLeft = scrolled; // the tab bar scrolls sideways on a phone
          if (window.htmx) window.htmx.process(fresh);
        }
        stale = waiting;
        document.dispatchEvent(new CustomEvent("evenly:live-refreshed"));
      });
  }

  function schedule() {
    if (stopped || timer !== null || document.visibilityState !== "visible") return;
    timer = window.setTimeout(look, every);
  }

  function look() {
    timer = null;
    if (stopped || looking || document.visibilityState !== "visible") return;
    looking = true;
    var headers = {};
    if (etag) headers["If-None-Match"] = etag;
    fetch(pulseUrl, {credentials: "same-origin", cache: "no-store", redirect: "manual",
                     headers: headers})
      .then(function (response) {
        if (response.status === 304) return stale ? refresh() : null;
        if (response.status !== 200) { stopped = true; return null; } // signed out, or left
        var tag = response.headers.get("ETag");
        if (tag !== etag) stale = true; // until the page shows it
        etag = tag;
        return stale ? refresh() : null;
      })
      .catch(function () { /* offline or a hiccup: look again later */ })
      .then(function () { looking = false; schedule(); });
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "visible") return;
    if (timer !== null) { window.clearTimeout(timer); timer = null; }
    look(); // back on the page: look at once
  });
  schedule();
})();

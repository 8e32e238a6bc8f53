// Evenly offline (with the service worker, /sw.js): registers the worker; gives every "Done"
// tick a key of its own, so that the server records it once however often it is sent; while
// offline, keeps a tick in IndexedDB and shows it as waiting to send, then sends each one when
// the connection is back (the `online` event, the next page load, or the worker's Background
// Sync); on a kept copy of this week, says that it is offline and as of when.
(function () {
  "use strict";
  var DB = "evenly-offline";
  var TICKS = "ticks";
  var SYNC_TAG = "evenly-ticks";
  var script = document.currentScript;
  var member = script ? script.getAttribute("data-member") || "" : "";
  // The words come translated from the week page's banner (data-*), English otherwise.
  var text = {
    waiting: "Waiting to send",
    waitingNote: "Waiting to send: it goes when you are back online.",
    reload: "Not sent yet: reload the page to send it.",
    signIn: "Not sent yet: sign in again to send it.",
  };

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "ticks-sent") window.location.reload();
    });
  }

  // --- the store of ticks waiting to be sent (the worker opens the same one) --------------

  function openDb() {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) { reject(new Error("no IndexedDB")); return; }
      var open = indexedDB.open(DB, 1);
      open.onupgradeneeded = function () { open.result.createObjectStore(TICKS, { keyPath: "key" }); };
      open.onsuccess = function () { resolve(open.result); };
      open.onerror = function () { reject(open.error); };
    });
  }

  function inStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(TICKS, mode);
        var request = work(tx.objectStore(TICKS));
        tx.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function waiting() {
    return inStore("readonly", function (store) { return store.getAll(); }).then(function (all) {
      return (all || []).filter(function (tick) { return tick.member === member; });
    });
  }

  // --- a tick's key, and a tick kept while offline ----------------------------------------

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return "";
  }

  function tickForm(target) {
    return target && target.tagName === "FORM" && target.querySelector("input[data-tick-key]")
      ? target : null;
  }

  function showWaiting(form, note) {
    var row = form.closest("li") || form;
    row.classList.add("waiting");
    var button = form.querySelector("button[type=submit]");
    if (button) {
      var name = form.querySelector(".item-title");
      button.disabled = true;
      button.textContent = text.waiting;
      button.setAttribute("aria-label", text.waiting + (name ? ": " + name.textContent : ""));
    }
    var line = row.querySelector(".waiting-note");
    if (!line) {
      line = document.createElement("p");
      line.className = "waiting-note";
      line.setAttribute("role", "status");
      (form.querySelector(".item-title") || form).parentNode.appendChild(line);
    }
    line.textContent = note || text.waitingNote;
  }

  function keep(form) {
    var data = new FormData(form);
    var body = [];
    data.forEach(function (value, name) { body.push([name, String(value)]); });
    var tick = {
      key: data.get("key"),
      member: member,
      action: form.getAttribute("action"),
      row: (form.closest("li") || form).id,
      body: body,
      at: new Date().toISOString(),
    };
    showWaiting(form);
    return inStore("readwrite", function (store) { return store.put(tick); }).then(function () {
      if (navigator.serviceWorker && window.SyncManager) {
        return navigator.serviceWorker.ready.then(function (registration) {
          return registration.sync.register(SYNC_TAG);
        }).catch(function () {});
      }
    });
  }

  // Before htmx sees the submit (capture phase): give the tick its key; offline, keep it.
  document.addEventListener("submit", function (event) {
    var form = tickForm(event.target);
    if (!form) return;
    var field = form.querySelector("input[data-tick-key]");
    if (!field.value) field.value = newKey();
    if (navigator.onLine !== false || !field.value) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    keep(form);
  }, true);

  // The network failed under an htmx tick (the browser still thought it was online): keep it.
  document.addEventListener("htmx:sendError", function (event) {
    var form = tickForm(event.detail && event.detail.elt);
    if (form && form.querySelector("input[data-tick-key]").value) keep(form);
  });

  // --- sending what waits -----------------------------------------------------------------

  function pageToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function sendOne(tick) {
    var body = new URLSearchParams();
    tick.body.forEach(function (pair) { body.append(pair[0], pair[1]); });
    var token = pageToken(); // this page's token is the freshest this session has
    if (token) body.set("csrfmiddlewaretoken", token);
    return fetch(tick.action, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        var row = document.getElementById(tick.row);
        var form = row ? tickForm(row.querySelector("form")) : null;
        if (response.status === 403) {
          if (form) showWaiting(form, text.reload);
          return false;
        }
        if (new URL(response.url).pathname.indexOf("/login") === 0) {
          if (form) showWaiting(form, text.signIn);
          return false;
        }
        // Recorded, already recorded, or refused for good (the card is gone): it waits no more.
        return inStore("readwrite", function (store) { return store.delete(tick.key); })
          .then(function () { return true; });
      });
  }

  function sendAll() {
    return waiting().then(function (ticks) {
      var sent = 0;
      var chain = Promise.resolve();
      ticks.forEach(function (tick) {
        chain = chain.then(function () {
          return sendOne(tick).then(function (ok) { if (ok) sent += 1; });
        });
      });
      return chain.then(function () { return sent; });
    });
  }

  function send() {
    if (!member || navigator.onLine === false) return Promise.resolve(0);
    var run = function () { return sendAll(); };
    // One sender at a time on this device (another tab, the worker): each tick goes once.
    var sending = navigator.locks ? navigator.locks.request(SYNC_TAG, run) : run();
    return sending.then(function (sent) {
      if (sent || banner.fromCache) window.location.reload();
      return sent;
    }).catch(function () { return 0; });
  }

  // --- the banner on a kept copy of this week ---------------------------------------------

  var banner = { el: null, fromCache: false };

  function showBanner() {
    if (!banner.el) return;
    banner.el.hidden = !(banner.fromCache || navigator.onLine === false);
  }

  function start() {
    banner.el = document.getElementById("offline-banner");
    if (banner.el) {
      Object.keys(text).forEach(function (name) {
        var said = banner.el.getAttribute("data-" + name.replace(/[A-Z]/g, "-$&").toLowerCase());
        if (said) text[name] = said;
      });
      banner.fromCache = banner.el.hasAttribute("data-from-cache");
      var time = banner.el.querySelector("time[datetime]");
      var saved = time ? new Date(time.getAttribute("datetime")) : null;
      if (saved && !isNaN(saved.getTime())) {
        time.textContent = saved.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      }
      showBanner();
    }
    var weeks = document.getElementById("offline-weeks");
    if (weeks && window.caches) listWeeks(weeks);
    if (!member) return;
    waiting().then(function (ticks) {
      ticks.forEach(function (tick) {
        var row = document.getElementById(tick.row);
        var form = row ? tickForm(row.querySelector("form")) : null;
        if (form) showWaiting(form);
      });
      if (ticks.length && navigator.onLine !== false) send();
    }).catch(function () {});
  }

  // The offline page links to each household's kept week.
  function listWeeks(list) {
    caches.open("evenly-pages").then(function (cache) { return cache.keys(); }).then(function (keys) {
      keys.forEach(function (request) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.className = "button";
        link.href = new URL(request.url).pathname;
        link.textContent = list.getAttribute("data-label");
        item.appendChild(link);
        list.appendChild(item);
      });
    }).catch(function () {});
  }

  // Logging out: forget this device's copy of the week and what waits to be sent, before the
  // form goes (the server's Clear-Site-Data does the same where the browser supports it).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || form.tagName !== "FORM" || !/\/logout\/$/.test(form.getAttribute("action") || "")) return;
    if (form.hasAttribute("data-forgotten")) return;
    event.preventDefault();
    form.setAttribute("data-forgotten", "");
    var done = function () { form.submit(); };
    var forgetting = [
      window.caches ? caches.delete("evenly-pages") : Promise.resolve(),
      inStore("readwrite", function (store) { return store.clear(); }),
    ];
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "forget" });
    }
    Promise.all(forgetting).then(done, done);
  }, true);

  window.addEventListener("online", function () { showBanner(); send(); });
  window.addEventListener("offline", showBanner);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

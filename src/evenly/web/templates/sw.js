/* Evenly's one service worker (scope "/"), served by evenly.web at /sw.js.
 *
 * 1. Reminders pushed to this device: show them, open their page on a tap.
 * 2. Offline: the app's shell (CSS, scripts, icons and the offline page) is kept from the first
 *    visit; the member's this-week page (/h/<id>/week/, and no other page of a household) is
 *    kept each time it loads online, network first. Offline, a visit to it shows that copy,
 *    marked so the page says it is offline and as of when; any other page shows the offline page.
 * 3. Nothing of one session survives into another: every page Evenly sends names its session
 *    (an opaque tag in the Evenly-Session header, none when signed out); a kept page whose tag
 *    differs from the latest one is dropped, with the ticks waiting to be sent. Logging out also
 *    clears everything (Clear-Site-Data).
 * 4. Ticks made offline wait in IndexedDB (evenly/offline.js); where Background Sync exists the
 *    worker sends them when the connection is back, each once (the server records a tick's key).
 */
"use strict";

const VERSION = "{{ version }}";
const SHELL = "evenly-shell-" + VERSION;
const PAGES = "evenly-pages";
const SHELL_URLS = {{ shell|safe }};
const OFFLINE_URL = {{ offline_url|safe }};
const STATIC_PREFIX = {{ static_prefix|safe }};
// The only household page kept: this week's, without ?week= (another week is not kept).
const WEEK_PAGE = /^\/h\/\d+\/week\/$/;
// ManifestStaticFilesStorage names: "evenly.3f2a9c1b7d4e.css". Such a file never changes.
const FINGERPRINTED = /\.[0-9a-f]{12}\.[A-Za-z0-9]+$/;
const SESSION = "Evenly-Session";
const DB = "evenly-offline";
const TICKS = "ticks";
const SYNC_TAG = "evenly-ticks";

// --- reminders ---------------------------------------------------------------------------

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (e) {
    data = { body: event.data ? event.data.text() : "" };
  }
  const title = data.title || "Evenly";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: data.body || "",
      data: { url: data.url || "/" },
      icon: {{ icon|safe }},
    })
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = (event.notification.data && event.notification.data.url) || "/";
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      for (const w of windows) {
        if (w.url === url && "focus" in w) {
          return w.focus();
        }
      }
      return self.clients.openWindow(url);
    })
  );
});

// --- the shell ---------------------------------------------------------------------------

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(SHELL_URLS.concat([OFFLINE_URL])))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith("evenly-shell-") && name !== SHELL)
            .map((name) => caches.delete(name))
        )
      )
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(request, url));
  } else if (url.pathname.startsWith(STATIC_PREFIX)) {
    event.respondWith(asset(request, url));
  }
});

async function asset(request, url) {
  const cached = await caches.match(request);
  if (cached && FINGERPRINTED.test(url.pathname)) return cached;
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") {
      const cache = await caches.open(SHELL);
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    if (cached) return cached;
    throw error;
  }
}

// --- pages -------------------------------------------------------------------------------

function isWeek(url) {
  return WEEK_PAGE.test(url.pathname) && !url.search;
}

async function navigate(request, url) {
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    return offline(url);
  }
  // A redirect comes back "opaqueredirect" and the browser follows it: a new navigation.
  if (response.type === "basic") {
    const session = response.headers.get(SESSION) || "";
    await forgetOtherSessions(session);
    if (isWeek(url) && session && response.ok) {
      const cache = await caches.open(PAGES);
      await cache.put(url.pathname, response.clone());
    }
  }
  return response;
}

async function offline(url) {
  const cache = await caches.open(PAGES);
  let kept = isWeek(url) ? await cache.match(url.pathname) : undefined;
  if (!kept && url.pathname === "/") {
    // The installed app starts at "/", which leads to the week: with one household, show it.
    const keys = await cache.keys();
    if (keys.length === 1) kept = await cache.match(keys[0]);
  }
  if (kept) return markedCopy(kept);
  const page = await caches.match(OFFLINE_URL, { cacheName: SHELL });
  return page || Response.error();
}

// The kept page, marked as a copy: its script then says "You are offline — … as of HH:MM".
async function markedCopy(kept) {
  const html = await kept.text();
  const headers = new Headers(kept.headers);
  headers.delete("Content-Length");
  headers.delete("Content-Encoding");
  return new Response(html.replace('id="offline-banner"', 'id="offline-banner" data-from-cache'), {
    status: 200,
    headers: headers,
  });
}

async function forgetOtherSessions(session) {
  const cache = await caches.open(PAGES);
  let dropped = false;
  for (const key of await cache.keys()) {
    const kept = await cache.match(key);
    if (!kept || (kept.headers.get(SESSION) || "") !== session) {
      await cache.delete(key);
      dropped = true;
    }
  }
  if (dropped) await clearTicks();
}

self.addEventListener("message", (event) => {
  // A page whose script saw the person sign out asks the worker to forget everything.
  if (event.data && event.data.type === "forget") {
    event.waitUntil(caches.delete(PAGES).then(clearTicks));
  }
});

// --- ticks waiting to be sent (shared with evenly/offline.js) ----------------------------

function openDb() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(TICKS, { keyPath: "key" });
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

function inStore(mode, work) {
  return openDb().then(
    (db) =>
      new Promise((resolve, reject) => {
        const tx = db.transaction(TICKS, mode);
        const result = work(tx.objectStore(TICKS));
        tx.oncomplete = () => {
          db.close();
          resolve(result && "result" in result ? result.result : undefined);
        };
        tx.onerror = () => {
          db.close();
          reject(tx.error);
        };
      })
  );
}

function clearTicks() {
  return inStore("readwrite", (store) => store.clear());
}

async function sendTicks() {
  const ticks = (await inStore("readonly", (store) => store.getAll())) || [];
  let sent = 0;
  for (const tick of ticks) {
    let response;
    try {
      response = await fetch(tick.action, {
        method: "POST",
        body: new URLSearchParams(tick.body),
        credentials: "same-origin",
      });
    } catch (error) {
      throw error; // still offline: Background Sync tries again later
    }
    const signedOut = new URL(response.url).pathname.startsWith("/login");
    // 403 (the form's token is stale) and a signed-out session wait for the page: its script
    // sends the tick with the page's own token and tells the member what to do.
    if (response.status === 403 || signedOut) continue;
    await inStore("readwrite", (store) => store.delete(tick.key));
    sent += 1;
  }
  if (sent) {
    const windows = await self.clients.matchAll({ type: "window" });
    for (const w of windows) w.postMessage({ type: "ticks-sent", sent: sent });
  }
}

self.addEventListener("sync", (event) => {
  if (event.tag !== SYNC_TAG) return;
  const send = () => sendTicks();
  // One sender at a time (the page may be sending too): a tick goes once from this device.
  event.waitUntil(
    self.navigator.locks ? self.navigator.locks.request(SYNC_TAG, send) : send()
  );
});

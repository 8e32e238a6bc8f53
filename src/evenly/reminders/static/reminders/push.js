/* "Send reminders to this phone": subscribe through the Push API with the site's public VAPID
   key, and give the subscription to Evenly by posting the form it lives in. */
(function () {
  "use strict";
  const form = document.getElementById("push-form");
  const button = document.getElementById("push-button");
  const status = document.getElementById("push-status");
  if (!form || !button) return;
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    status.textContent = "This browser cannot receive push reminders. On an iPhone, add Evenly to the home screen and open it from there.";
    return;
  }
  button.hidden = false;

  function keyBytes(base64) {
    const padded = (base64 + "=".repeat((4 - (base64.length % 4)) % 4))
      .replace(/-/g, "+")
      .replace(/_/g, "/");
    const raw = atob(padded);
    return Uint8Array.from(raw, (c) => c.charCodeAt(0));
  }

  function b64(buffer) {
    return btoa(String.fromCharCode.apply(null, new Uint8Array(buffer)))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");
  }

  button.addEventListener("click", async function () {
    button.disabled = true;
    status.textContent = "Asking this device…";
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        status.textContent = "Notifications are not allowed for Evenly on this device.";
        button.disabled = false;
        return;
      }
      const registration = await navigator.serviceWorker.register("/sw.js", { scope: "/" });
      await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(form.dataset.key),
      });
      const data = new FormData(form);
      data.set("endpoint", subscription.endpoint);
      data.set("p256dh", b64(subscription.getKey("p256dh")));
      data.set("auth", b64(subscription.getKey("auth")));
      const response = await fetch(form.action, {
        method: "POST",
        body: data,
        credentials: "same-origin",
      });
      window.location.assign(response.url || window.location.href);
    } catch (error) {
      status.textContent = "That did not work on this device; try again later.";
      button.disabled = false;
    }
  });
})();

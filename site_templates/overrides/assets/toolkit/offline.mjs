// Registers the service worker that keeps the toolkit working offline, and offers a
// reload when a new build has installed in the background. If anything here fails, the
// site simply keeps working online.

let askOfflineStatus = () => {};

// Whether the offline copy went stale: asked again when something failed to load.
export function checkOfflineCopy() {
  askOfflineStatus();
}

/** Listen to the service worker at once; register it (which, on a first visit, downloads
 * the whole build) only once ``settled`` resolves, so that it never competes with what the
 * page itself is loading. */
export function startOffline(siteUrl, settled = Promise.resolve()) {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return null;
  let reloading = false;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (reloading) window.location.reload();
  });
  // The offline copy belongs to an older build than the server's and a file of it is gone:
  // the service worker stepped aside, and a reload gets the new build whole.
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data?.type !== "site-changed") return;
    document.documentElement.dataset.offline = "site-changed";
    document.querySelector("[data-update-banner]")?.remove();
    showUpdate(() => window.location.reload(),
      "This site was updated while it was open. Reload to use the new version; your entries are kept.");
  });
  // Ask too, once this page listens: the notice may have been sent while it loaded.
  const ask = () => navigator.serviceWorker.controller?.postMessage("status");
  ask();
  window.addEventListener("load", ask);
  askOfflineStatus = ask;
  const offer = (worker) => showUpdate(() => {
    reloading = true;
    worker.postMessage("skip-waiting");
  });
  return settled
    .then(() => navigator.serviceWorker.register(new URL("sw.js", siteUrl),
      { scope: siteUrl.pathname, type: "classic" }))
    .then((registration) => {
      if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
      registration.addEventListener("updatefound", () => {
        const worker = registration.installing;
        worker?.addEventListener("statechange", () => {
          if (worker.state === "installed" && navigator.serviceWorker.controller) offer(worker);
        });
      });
      document.documentElement.dataset.offline = "registered";
      return registration;
    })
    .catch(() => {
      document.documentElement.dataset.offline = "unavailable";
      return null;
    });
}

function showUpdate(apply, message = "A new version of the toolkit is ready. Your entries are kept.") {
  if (document.querySelector("[data-update-banner]")) return;
  const banner = document.createElement("div");
  banner.className = "tk-update";
  banner.dataset.updateBanner = "";
  banner.setAttribute("role", "status");
  const text = document.createElement("span");
  text.textContent = message;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "ws-button";
  button.textContent = "Reload to update";
  button.addEventListener("click", apply);
  banner.append(text, button);
  document.body.append(banner);
}

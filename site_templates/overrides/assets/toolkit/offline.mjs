// Registers the service worker that keeps the toolkit working offline, and offers a
// reload when a new build has installed in the background. If anything here fails, the
// site simply keeps working online.
import { say } from "./words.mjs";

let askOfflineStatus = () => {};

// The offline copy waits for the person to pause (no click or key for QUIET_MS), and
// while it downloads each click or key holds its next download back (sw.js): moving on to
// the next page right away is not slowed by it.
const QUIET_MS = 1500;
const USE = ["pointerdown", "keydown", "click"];
let lastUse = performance.now();
for (const type of USE) {
  document.addEventListener(type, () => { lastUse = performance.now(); },
    { capture: true, passive: true });
}

function quietMoment() {
  return new Promise((resolve) => {
    const check = () => {
      const wait = lastUse + QUIET_MS - performance.now();
      if (wait <= 0) resolve();
      else setTimeout(check, wait);
    };
    check();
  });
}

// Whether the offline copy went stale: asked again when something failed to load.
export function checkOfflineCopy() {
  askOfflineStatus();
}

/** Listen to the service worker at once; register it (which, on a first visit, downloads
 * the whole build) only once ``settled`` resolves and the person has paused, so that it
 * never competes with what the page itself is loading or what the person is doing. */
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
    showUpdate(() => window.location.reload(), say("site_updated"));
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
    .then(quietMoment)
    .then(() => navigator.serviceWorker.register(new URL("sw.js", siteUrl),
      { scope: siteUrl.pathname, type: "classic" }))
    .then((registration) => {
      if (!registration) throw new Error("no registration"); // service workers blocked
      yieldToThePerson(registration);
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

// While the offline copy downloads, each click or key tells the service worker that the
// person is using the page (at most every half second).
function yieldToThePerson(registration) {
  let told = 0;
  const tell = () => {
    const installing = registration.installing;
    if (!installing || performance.now() - told < 500) return;
    told = performance.now();
    installing.postMessage("busy");
  };
  for (const type of USE) document.addEventListener(type, tell, { capture: true, passive: true });
}

function showUpdate(apply, message = say("update_ready")) {
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
  button.textContent = say("reload_to_update");
  button.addEventListener("click", apply);
  banner.append(text, button);
  document.body.append(banner);
}

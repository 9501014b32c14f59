// NutriNube's service worker (everywhere.md §3). Served at /sw.js by
// src/web/offline.rs, which writes one line above this one:
//   const SHELL = {version, assets};
// the app shell's addresses (hashed asset names, manifest, off-line page)
// and a version made from them, so that a deploy installs a new worker.
//
// - The shell: kept at installation, answered from the cache (its names
//   change with its content).
// - The diary: network first; the last diary page seen is kept, and
//   answered for any page while the network is unreachable (else the
//   off-line page). Answers from the cache are marked `data-offline-copy`
//   on <html>, so that the page says it is off line.
// - Nothing else is touched: the API, POSTs and other requests go to the
//   network as if there were no worker.
/* global SHELL */
"use strict";

const CACHE = "nutrinube-" + SHELL.version;
// The one diary page kept: the last seen, whatever its date.
const DIARY_KEY = "/diary";
const OFFLINE_PAGE = "/offline";
// A network that hangs (a train's) is given this long before the kept
// copy answers; the request goes on, and a late answer is still kept.
const NAVIGATION_PATIENCE_MS = 8000;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE)
      .then(function (cache) { return cache.addAll(SHELL.assets); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (names) {
        return Promise.all(names
          .filter(function (name) { return name.startsWith("nutrinube-") && name !== CACHE; })
          .map(function (name) { return caches.delete(name); }));
      })
      // Controls the page that registered it, so that a first visit is
      // already kept.
      .then(function () { return self.clients.claim(); })
  );
});

function isDiary(url) {
  return url.pathname === "/diary";
}

// A page as the server sent it: not a redirect (to the login page), not an
// error.
function isPage(response) {
  const type = response.headers.get("Content-Type") || "";
  return response.ok && response.type === "basic" && !response.redirected &&
    type.startsWith("text/html");
}

async function keepDiary(response) {
  const cache = await caches.open(CACHE);
  await cache.put(DIARY_KEY, response);
}

// Someone else may sign in next: their page must not show this one's diary.
async function forgetDiary() {
  const cache = await caches.open(CACHE);
  await cache.delete(DIARY_KEY);
}

// The kept diary (else the off-line page), marked as a copy; its headers,
// the Content-Security-Policy among them, are the original's.
async function keptPage() {
  const cache = await caches.open(CACHE);
  const kept = (await cache.match(DIARY_KEY)) || (await cache.match(OFFLINE_PAGE));
  if (!kept) return Response.error();
  const html = (await kept.text()).replace(/<html\b/i, "<html data-offline-copy");
  return new Response(html, { status: 200, headers: kept.headers });
}

function navigate(event, url) {
  const fromNetwork = fetch(event.request);
  if (isDiary(url)) {
    // Cloned before the page reads the body (the first callback runs first).
    const kept = fromNetwork.then(function (r) { return isPage(r) ? keepDiary(r.clone()) : null; });
    event.waitUntil(kept.catch(function () {}));
  }
  const patience = new Promise(function (resolve, reject) {
    setTimeout(function () { reject(new Error("no answer yet")); }, NAVIGATION_PATIENCE_MS);
  });
  return Promise.race([fromNetwork, patience]).catch(keptPage);
}

async function fromShell(request) {
  const cache = await caches.open(CACHE);
  return (await cache.match(request)) || fetch(request);
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && (url.pathname === "/logout" || url.pathname === "/login")) {
    event.waitUntil(forgetDiary());
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(event, url));
  } else if (SHELL.assets.includes(url.pathname)) {
    event.respondWith(fromShell(request));
  }
});

// The page updated its diary in place (app.js) with a diary page it
// fetched: that is the last diary seen now. It sends the page's text and
// its Content-Security-Policy, which the copy keeps.
self.addEventListener("message", function (event) {
  const message = event.data || {};
  if (message.type !== "diary-page" || typeof message.html !== "string") return;
  let url;
  try { url = new URL(message.url); } catch (e) { return; }
  if (url.origin !== self.location.origin || !isDiary(url)) return;
  const headers = { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" };
  if (typeof message.csp === "string" && message.csp) headers["Content-Security-Policy"] = message.csp;
  event.waitUntil(keepDiary(new Response(message.html, { headers: headers })));
});

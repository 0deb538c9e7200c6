// The counter's service worker (served by the platform at /counter-sw.js, after a line that
// sets OGOP: the cache's version, the counter pages' path pattern, the static files' prefix,
// and the login and logout paths).
//
// It keeps two things, in one cache named by the version: the counter pages a cashier opened
// and the static files those pages use. Nothing else: no other page, no answer to a sale, no
// other person's page. A counter page comes from the network whenever the network answers in
// time, and from the kept copy only when it does not, so that a reload without a network
// opens the counter with its queue of sales (kept by the page, in localStorage). The sales
// themselves never pass through here: the page sends them, exactly once, when it can.
//
// It forgets every kept page when someone logs in or out on this device, or when a counter
// page is answered by a redirect (the session ended): a kept page is one person's. A new
// version (a deploy) drops the old cache when it takes over.
"use strict";

const CACHE_PREFIX = "ogop-counter-";
const CACHE = CACHE_PREFIX + OGOP.version;
const COUNTER = new RegExp(OGOP.counter);
// On a weak connection, how long a counter page may take before the kept copy is shown.
const WAIT_MS = 4000;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE)
            .map((name) => caches.delete(name))
        )
      )
      .then(() => self.clients.claim())
  );
});

function isCounterPage(url) {
  return url.origin === self.location.origin && COUNTER.test(url.pathname);
}

function isStatic(url) {
  return url.origin === self.location.origin && url.pathname.startsWith(OGOP.static);
}

async function forgetPages() {
  const cache = await caches.open(CACHE);
  const requests = await cache.keys();
  await Promise.all(
    requests
      .filter((request) => isCounterPage(new URL(request.url)))
      .map((request) => cache.delete(request))
  );
}

function keepable(response) {
  return response.ok && response.status === 200 && response.type === "basic" && !response.redirected;
}

// A counter page: the network's if it answers in time, else the kept copy.
async function counterPage(event) {
  const cache = await caches.open(CACHE);
  const fromNetwork = fetch(event.request).then(async (response) => {
    if (response.type === "opaqueredirect" || response.redirected) {
      await forgetPages();
    } else if (keepable(response)) {
      await cache.put(event.request.url, response.clone());
    }
    return response;
  });
  event.waitUntil(fromNetwork.catch(() => undefined));
  const late = new Promise((resolve, reject) => setTimeout(() => reject(new Error("late")), WAIT_MS));
  try {
    return await Promise.race([fromNetwork, late]);
  } catch (error) {
    const kept = await cache.match(event.request.url, { ignoreVary: true });
    return kept || fromNetwork;
  }
}

// A static file: the network's (and the kept copy renewed), else the kept copy.
async function staticFile(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (keepable(response) && (await cache.match(request.url, { ignoreVary: true }))) {
      await cache.put(request.url, response.clone());
    }
    return response;
  } catch (error) {
    const kept = await cache.match(request.url, { ignoreVary: true });
    if (kept) {
      return kept;
    }
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.mode === "navigate" && url.origin === self.location.origin && OGOP.forgetOn.includes(url.pathname)) {
    event.waitUntil(forgetPages());
    return;
  }
  if (request.method !== "GET") {
    return;
  }
  if (request.mode === "navigate" && isCounterPage(url)) {
    event.respondWith(counterPage(event));
  } else if (isStatic(url)) {
    event.respondWith(staticFile(request));
  }
});

// A counter page asks to keep itself and its files (it may have loaded before this worker
// was there to see them); the worker answers when they are kept.
self.addEventListener("message", (event) => {
  const urls = (event.data && event.data.keep) || [];
  const wanted = urls
    .map((text) => new URL(text, self.location.origin))
    .filter((url) => isCounterPage(url) || isStatic(url));
  const port = event.ports && event.ports[0];
  event.waitUntil(
    caches.open(CACHE).then(async (cache) => {
      let kept = 0;
      for (const url of wanted) {
        if (await cache.match(url.href, { ignoreVary: true })) {
          kept += 1;
          continue;
        }
        try {
          const response = await fetch(url.href, { credentials: "same-origin", redirect: "manual" });
          if (keepable(response)) {
            await cache.put(url.href, response);
            kept += 1;
          }
        } catch (error) {
          // Offline: kept another time.
        }
      }
      if (port) {
        port.postMessage({ kept: kept, wanted: wanted.length });
      }
    })
  );
});

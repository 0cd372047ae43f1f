// Anklet's service worker (served at /sw.js, so its scope is the whole app).
//
// It keeps what a runner needs in a gym with no signal: the app shell (styles, scripts,
// icons), the exercise library, and, for each athlete opened on this device, the overview,
// today and every day of this week (the day's page and its log form), the plan, the
// check-in and the guided tests. Pages are asked of the network first and kept as they
// come; with no connection the kept copy is shown. Writes are never answered here: the page
// queues them (offline.js) and sends them, each with its Idempotency-Key, when the
// connection returns.
"use strict";

var VERSION = "__ANKLET_VERSION__"; // replaced when served: a new app or new files, new caches
var SHELL = "anklet-shell-" + VERSION;
var PAGES = "anklet-pages-" + VERSION;
// Public files, kept at install.
var SHELL_FILES = [
  "/manifest.webmanifest",
  "/static/css/anklet.css",
  "/static/vendor/htmx.min.js",
  "/static/js/anklet.js",
  "/static/js/offline.js",
  "/static/js/timers.js",
  "/static/js/metronome.js",
  "/static/js/assess.js",
  "/static/js/inclinometer.js",
  "/static/icons/icon-192.png",
];
// Pages kept once they can be read (on a shared server, after signing in): the athletes,
// the sources and the library, with every exercise page the library links to.
var SHELL_PAGES = ["/", "/sources", "/exercises"];
// An athlete's pages kept for offline use; {h} is the handle.
var ATHLETE_PAGES = ["", "/today", "/plan", "/log", "/checkin", "/assess"];
var DAY_PAGES = ["/today", "/log"]; // each also kept for every day of this week (?date=)
var EXERCISE_LINK = /href="(\/exercises\/[a-z0-9-]+)"/g;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL).then(function (cache) { return cache.addAll(SHELL_FILES); })
      .then(keepLibrary)
      .then(function () { return self.skipWaiting(); })
  );
});

// Fetch and keep pages one at a time (a phone's server is a laptop; this is background
// work); a page that answers with a redirect (the sign-in page) is not kept. How many were.
function keepPages(cacheName, urls) {
  return caches.open(cacheName).then(function (cache) {
    return urls.reduce(function (previous, address) {
      return previous.then(function (count) {
        return fetch(address, { credentials: "same-origin", headers: { Accept: "text/html" } })
          .then(function (response) {
            if (!response.ok || response.redirected) return count;
            return cache.put(address, response).then(function () { return count + 1; });
          }, function () { return count; });
      });
    }, Promise.resolve(0));
  });
}

// The library and the shell pages, once: kept until a new version empties the cache.
function keepLibrary() {
  return caches.open(SHELL).then(function (cache) {
    return cache.match("/exercises").then(function (kept) {
      if (kept) return 0;
      return keepPages(SHELL, SHELL_PAGES).then(function () {
        return cache.match("/exercises");
      }).then(function (list) { return list ? list.text() : ""; }).then(function (html) {
        var pages = {};
        var found;
        EXERCISE_LINK.lastIndex = 0;
        while ((found = EXERCISE_LINK.exec(html)) !== null) pages[found[1]] = true;
        return keepPages(SHELL, Object.keys(pages));
      });
    });
  }).catch(function () { return 0; });
}

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("anklet-") === 0 && name !== SHELL && name !== PAGES;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function isShell(url) {
  return url.pathname.indexOf("/static/") === 0 || url.pathname === "/manifest.webmanifest";
}

// Only a page as asked for: a redirect (to the sign-in page, say) is never kept in its place.
function keep(cacheName, request, response) {
  if (response && response.ok && response.type === "basic" && !response.redirected) {
    var copy = response.clone();
    caches.open(cacheName).then(function (cache) { cache.put(request, copy); });
  }
  return response;
}

// The device's own date (the page's day as the athlete lives it), YYYY-MM-DD.
function localDay(date) {
  var month = String(date.getMonth() + 1).padStart(2, "0");
  return date.getFullYear() + "-" + month + "-" + String(date.getDate()).padStart(2, "0");
}

// With no connection: the kept page; for today or the log without a date, the copy kept
// for the device's today first (kept this week), then whatever was kept last.
function kept(request) {
  var url = new URL(request.url);
  var tries = [];
  var day = /^\/athletes\/[^/]+\/(today|log)$/.test(url.pathname) && !url.search;
  if (day) tries.push(url.pathname + "?date=" + localDay(new Date()));
  tries.push(request);
  return tries.reduce(function (found, candidate) {
    return found.then(function (hit) { return hit || caches.match(candidate); });
  }, Promise.resolve(undefined)).then(function (hit) { return hit || notKept(url); });
}

function notKept(url) {
  var page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">" +
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
    "<title>Offline · Anklet</title><link rel=\"stylesheet\" href=\"/static/css/anklet.css\"></head>" +
    "<body><main id=\"main\"><h1>No connection</h1><p class=\"banner warn\" id=\"offline-missing\">" +
    "This page (" + url.pathname.replace(/[<>&"]/g, "") + ") was not kept on this device. " +
    "Today, this week, the log, the check-in, the plan and the tests of every athlete opened " +
    "here are, and so is the exercise library.</p><p><a class=\"button\" href=\"/exercises\">" +
    "The exercise library</a></p></main></body></html>";
  return new Response(page, {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  // Writes go to the network as they are (the page queues them); the API and this file too.
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/api/") === 0 || url.pathname === "/sw.js") return;
  if (isShell(url)) {
    // Kept files first (they change only with a new version, which empties the cache).
    event.respondWith(caches.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) { return keep(SHELL, request, response); });
    }));
    return;
  }
  if (request.mode !== "navigate" && (request.headers.get("accept") || "").indexOf("text/html") < 0) return;
  var library = url.pathname === "/exercises" || url.pathname.indexOf("/exercises/") === 0;
  var athlete = url.pathname.indexOf("/athletes/") === 0;
  event.respondWith(fetch(request).then(function (response) {
    if (library || url.pathname === "/" || url.pathname === "/sources") return keep(SHELL, request, response);
    return athlete ? keep(PAGES, request, response) : response;
  }, function () { return kept(request); }));
});

// The page asks for an athlete's pages to be kept (offline.js, once a day per athlete); the
// answer says how many were kept.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "keep-athlete" || !/^[a-z0-9-]{1,32}$/.test(data.handle || "")) return;
  var base = "/athletes/" + data.handle;
  var urls = ATHLETE_PAGES.map(function (path) { return base + path; });
  (data.days || []).forEach(function (day) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return;
    DAY_PAGES.forEach(function (path) { urls.push(base + path + "?date=" + day); });
  });
  var port = event.ports && event.ports[0];
  var marker = base + "/log?date=" + localDay(new Date());
  var done = keepLibrary().then(function () { return caches.open(PAGES); }).then(function (cache) {
    return cache.match(marker);
  }).then(function (hit) {
    // Kept today already (pages opened since are kept as they come).
    return hit ? 0 : keepPages(PAGES, urls);
  }).then(function (count) { if (port) port.postMessage({ kept: count, of: urls.length }); });
  event.waitUntil(done);
});

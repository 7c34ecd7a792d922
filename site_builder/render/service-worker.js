// The site's service worker: phones keep the site, so it opens with the network off.
// render/offline.py writes it to service-worker.js at the site's root, after the lines
// that give BUILD (a hash of every file of the build) and PRECACHE (the files to store
// at the first visit, as URLs relative to the root).
//
// One cache per build: pages, assets and PDFs are answered from it first (in a room with
// bad Wi-Fi a page opens at once, and every file comes from one build, so a page never
// meets another build's scripts). A new build is a new worker (its BUILD differs): the
// browser fetches it when a page of the site is opened, it stores the new build, takes
// over and deletes the old cache; the open page then reloads itself (assets/offline.js).

var PREFIX = "site-builder " + self.registration.scope + " ";  // several sites may share a host
var CACHE = PREFIX + BUILD;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    // "no-cache": asked of the server again, never an older build from the HTTP cache
    return cache.addAll(PRECACHE.map(function (path) {
      return new Request(new URL(path, self.registration.scope), { cache: "no-cache" });
    }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PREFIX) === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

// A folder's address (".../section/") is its index.html.
function stored(url) {
  var address = new URL(url);
  address.hash = "";
  if (address.pathname.slice(-1) === "/") address.pathname += "index.html";
  return address.href;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf(self.registration.scope) !== 0) return;
  var key = stored(request.url);
  event.respondWith(caches.open(CACHE).then(function (cache) {
    // ignoreSearch: an asset's "?v=..." names the same file of this build
    return cache.match(key, { ignoreSearch: true }).then(function (found) {
      if (found) return unredirected(found);
      // Not stored yet (a page of a large site): from the network, kept for next time.
      return fetch(request).then(function (response) {
        if (response.status === 200 && response.type === "basic" && !response.redirected) {
          cache.put(key, response.clone()).catch(function () {});  // full: the page still shows
        }
        return response;
      });
    });
  }));
});

// A host that redirected a stored file ("page.html" to "page") gave a response that a
// browser refuses for a page it opens: the same body, unmarked.
function unredirected(response) {
  if (!response.redirected) return response;
  return new Response(response.body, { status: response.status,
    statusText: response.statusText, headers: response.headers });
}

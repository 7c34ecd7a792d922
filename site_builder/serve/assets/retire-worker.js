// site-builder serve only: answered for the site's service worker, so that a worker left
// on this address by a published copy of a site (opened here over HTTP before) stops
// answering from its cache: live reload must show the files just built. It deletes the
// site's caches, unregisters itself and reloads the pages it held.
self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  var prefix = "site-builder " + self.registration.scope + " ";
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(prefix) === 0;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () {
    return self.registration.unregister();
  }).then(function () {
    return self.clients.matchAll({ type: "window" });
  }).then(function (pages) {
    pages.forEach(function (page) { page.navigate(page.url); });
  }));
});

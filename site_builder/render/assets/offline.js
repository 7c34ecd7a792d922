// Registers the site's service worker (service-worker.js, at the site's root: its scope is
// the whole site), which keeps the site on the phone so it opens with the network off.
// Only over http(s): from the disk (file://) there is no worker and nothing to do. Not
// under `site-builder serve` either (the page then carries the dev server's reload script):
// pages kept by a worker would hide the files each rebuild makes.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  if (document.querySelector("script[src^='/.site-builder/']")) return;
  var root = new URL("../", script.src);  // this file is in assets/, one level below the root
  var held = Boolean(navigator.serviceWorker.controller);

  // A new build took over (its worker stored it first): show it. Answers are kept, in
  // localStorage; a first visit has no earlier worker, so nothing reloads.
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (held) window.location.reload();
    held = true;
  });

  window.addEventListener("load", function () {
    navigator.serviceWorker.register(new URL("service-worker.js", root).href,
                                     { scope: root.href }).catch(function () {
      // Storage refused (a private window, say): the site works online as it is.
    });
  });
})();

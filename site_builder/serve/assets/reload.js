// site-builder serve only: reload the page when the kit has been built again.
// The server adds this script to every HTML page it serves, with the number of the
// build the page comes from; the event stream sends the current number at once and
// after every build, so a page that is already out of date reloads straight away.
(function () {
  "use strict";
  var script = document.currentScript;
  var shown = script ? script.getAttribute("data-build") : null;
  var events = new EventSource("/.site-builder/events");
  events.onmessage = function (event) {
    if (event.data !== shown) {
      events.close();
      window.location.reload();
    }
  };
  window.addEventListener("pagehide", function () { events.close(); });

  document.addEventListener("DOMContentLoaded", function () {
    var overlay = document.querySelector(".sb-overlay");
    var hide = overlay && overlay.querySelector(".sb-overlay-close");
    if (!hide) return;
    hide.hidden = false;
    hide.addEventListener("click", function () { overlay.hidden = true; });
  });
})();

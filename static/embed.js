// On a page that embeds sharetrack charts: resize each chart iframe to its content.
// Messages are accepted only from the iframe's own window and only in the expected shape.
(function () {
  "use strict";
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.sharetrack !== "resize" || typeof data.height !== "number") return;
    var frames = document.querySelectorAll("iframe[data-sharetrack-embed]");
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      if (frame.contentWindow !== event.source) continue;
      if (new URL(frame.src, location.href).origin !== event.origin) return;
      var height = Math.max(150, Math.min(2000, Math.round(data.height)));
      frame.style.height = height + "px";
      frame.setAttribute("height", String(height));
    }
  });
})();

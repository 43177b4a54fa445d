// Inside an embed iframe: draw the chart, then tell the host page how tall we are
// (embed.js on the host resizes the iframe). Data only arrives as JSON; no inline script.
(function () {
  "use strict";
  function height() { return Math.ceil(document.documentElement.getBoundingClientRect().height); }

  function report() {
    if (window.parent === window) return;
    window.parent.postMessage({ sharetrack: "resize", height: height(), href: location.href }, "*");
  }

  function draw() {
    var el = document.getElementById("chart");
    var figure = JSON.parse(document.getElementById("chart-data").textContent);
    var layout = figure.layout;
    var narrow = el.clientWidth < 520;
    layout.title = { text: "" };  // the one-line heading above says it
    layout.autosize = true;
    layout.height = narrow ? 300 : 360;
    layout.margin = Object.assign({}, layout.margin, { t: 24, l: narrow ? 4 : 10 });
    el.style.height = layout.height + "px";
    window.Plotly.newPlot(el, figure.data, layout, {
      responsive: true, displaylogo: false, displayModeBar: false,
    }).then(function () {
      el.setAttribute("data-drawn", "true");
      report();
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
  window.addEventListener("resize", report);
})();

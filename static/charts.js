// Draws every chart on the page from its inline figure JSON (data only, so the CSP can forbid
// inline scripts), keeps charts readable on narrow screens, and wires the small page controls.
(function () {
  "use strict";
  var NARROW = 520;

  var NARROW_QUARTERS = 12;

  function tune(figure, width, pageTitle) {
    var layout = figure.layout;
    var narrow = width < NARROW;
    layout.autosize = true;
    layout.height = narrow ? 360 : 440;
    if (pageTitle) {  // the page heading already says it; keep the plot area for data
      layout.title = { text: "" };
      layout.margin = Object.assign({}, layout.margin, { t: 28 });
    }
    if (!narrow) return layout;
    layout.margin = Object.assign({}, layout.margin, { l: 4 });
    layout.font = Object.assign({}, layout.font, { size: 11 });
    // A phone shows the latest three years; the table and the from/to controls have the rest.
    var xs = (figure.data[0] || {}).x || [];
    if (layout.xaxis.type === "category" && xs.length > NARROW_QUARTERS) {
      layout.xaxis = Object.assign({}, layout.xaxis, {
        range: [xs.length - NARROW_QUARTERS - 0.5, xs.length - 0.5],
      });
    }
    // Event titles would cover each other: keep the dots, titles stay in the hover.
    (layout.annotations || []).forEach(function (a) {
      if (a.yref === "paper" && a.hovertext) a.text = "\u25cf";
    });
    return layout;
  }

  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-figure"));
    if (!source || !window.Plotly) return;
    var figure = JSON.parse(source.textContent);
    var layout = tune(figure, el.clientWidth || window.innerWidth,
                      el.hasAttribute("data-page-title"));
    window.Plotly.newPlot(el, figure.data, layout, {
      responsive: true,
      displaylogo: false,
      modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "zoom2d", "pan2d",
                               "zoomIn2d", "zoomOut2d", "resetScale2d"],
    }).then(function () { el.setAttribute("data-drawn", "true"); });
  }

  function wireControls() {
    var form = document.querySelector("form.controls");
    if (!form) return;
    var chartSwitch = form.querySelector("[data-chart-switch]");
    if (chartSwitch) {
      chartSwitch.removeAttribute("name");  // the chart id is the path, not a parameter
      chartSwitch.addEventListener("change", function () {
        form.action = chartSwitch.selectedOptions[0].getAttribute("data-url");
        form.submit();
      });
    }
    form.querySelectorAll("select:not([data-chart-switch])").forEach(function (select) {
      select.addEventListener("change", function () { form.submit(); });
    });
    // Empty fields would put "from=&to=" in every shared link.
    form.addEventListener("formdata", function (event) {
      Array.from(event.formData.entries()).forEach(function (entry) {
        if (entry[1] === "") event.formData.delete(entry[0]);
      });
    });
  }

  function wireCopy() {
    document.querySelectorAll("[data-copy]").forEach(function (input) {
      input.addEventListener("focus", function () { input.select(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-figure]").forEach(draw);
    wireControls();
    wireCopy();
  });
})();

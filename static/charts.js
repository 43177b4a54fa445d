// Draws every chart on the page from its inline figure JSON (data only, so the CSP can forbid
// inline scripts), keeps charts readable on narrow screens, and wires the small page controls.
(function () {
  "use strict";
  var NARROW = 520;

  function tune(layout, width, pageTitle) {
    var narrow = width < NARROW;
    layout.autosize = true;
    if (pageTitle) {  // the page heading already says it; keep the plot area for data
      layout.title = { text: "" };
      layout.margin = Object.assign({}, layout.margin, { t: 28 });
    }
    layout.height = narrow ? 340 : 440;
    if (narrow) {
      layout.margin = Object.assign({}, layout.margin, { l: 4 });
      var ticks = layout.xaxis.tickvals;
      if (ticks && ticks.length > 4) {  // every other year on a phone
        layout.xaxis = Object.assign({}, layout.xaxis, {
          tickvals: ticks.filter(function (_, i) { return i % 2 === 0; }),
          ticktext: layout.xaxis.ticktext.filter(function (_, i) { return i % 2 === 0; }),
        });
      }
      layout.font = Object.assign({}, layout.font, { size: 11 });
    }
    return layout;
  }

  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-figure"));
    if (!source || !window.Plotly) return;
    var figure = JSON.parse(source.textContent);
    var layout = tune(figure.layout, el.clientWidth || window.innerWidth,
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
        form.action = "/charts/" + encodeURIComponent(chartSwitch.value);
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
    document.querySelectorAll("input[data-copy]").forEach(function (input) {
      input.addEventListener("focus", function () { input.select(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-figure]").forEach(draw);
    wireControls();
    wireCopy();
  });
})();

// Draws every chart from its figure JSON (data only, so the CSP can forbid inline scripts):
// the one draw function for the chart pages and the embed. A plot marked data-embed gets the
// embed's sizes and no modebar, and the frame then tells the host page how tall it is
// (embed.js on the host, or an AMP page's amp-iframe, resizes the iframe); the embed loads
// only this file and plotly.
(function () {
  "use strict";
  var NARROW = 520;
  var NARROW_QUARTERS = 12;

  var PAGE = {
    heights: { narrow: 360, wide: 440 },
    top: 28,
    wideLeft: null,  // the figure's own margin
    phone: true,
    // No modebar: its buttons would be controls inside an image to assistive technology,
    // and the page offers the picture and the data as links and a table.
    config: { displayModeBar: false },
  };
  var EMBED = {
    heights: { narrow: 300, wide: 360 },
    top: 24,
    wideLeft: 10,
    phone: false,  // the embed has never had the phone tuning: it shows the whole range
    config: { displayModeBar: false },
  };

  function phone(figure, layout) {
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
  }

  function tune(figure, width, pageTitle, profile) {
    var layout = figure.layout;
    var narrow = width < NARROW;
    layout.autosize = true;
    layout.height = narrow ? profile.heights.narrow : profile.heights.wide;
    if (pageTitle) {  // the heading above already says it; keep the plot area for data
      layout.title = { text: "" };
      layout.margin = Object.assign({}, layout.margin, { t: profile.top });
    }
    var left = narrow ? 4 : profile.wideLeft;
    if (left !== null) layout.margin = Object.assign({}, layout.margin, { l: left });
    if (narrow && profile.phone) phone(figure, layout);
    return layout;
  }

  // The theme of the page: <html data-theme>, "auto" following the reader's setting.
  var DARK_QUERY = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  var PRINT_QUERY = window.matchMedia ? window.matchMedia("print") : null;
  function dark() {
    if (PRINT_QUERY && PRINT_QUERY.matches) return false;  // paper is light
    var theme = document.documentElement.getAttribute("data-theme");
    return theme === "dark" || (theme === "auto" && !!DARK_QUERY && DARK_QUERY.matches);
  }

  // The figure is drawn for a light page; figure.dark maps each of its colours to its dark
  // version (app/themes.py), applied to the values of colour properties only.
  function recolour(value, colours, isColour) {
    if (Array.isArray(value)) return value.map(function (v) { return recolour(v, colours, isColour); });
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (key) {
        out[key] = recolour(value[key], colours, /color$/.test(key));
      });
      return out;
    }
    if (isColour && typeof value === "string") {
      var mapped = colours[value.toLowerCase()];
      return mapped === undefined ? value : mapped;
    }
    return value;
  }

  function height() { return Math.ceil(document.documentElement.getBoundingClientRect().height); }

  // The frame's height for the host: embed.js reads the first message, an AMP page's
  // <amp-iframe resizable> the second (AMP's embed-size protocol).
  function report() {
    if (window.parent === window) return;
    var h = height();
    window.parent.postMessage({ sharetrack: "resize", height: h, href: location.href }, "*");
    window.parent.postMessage({ sentinel: "amp", type: "embed-size", height: h }, "*");
  }

  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-figure"));
    if (!source || !window.Plotly) return;
    var embed = el.hasAttribute("data-embed");
    var profile = embed ? EMBED : PAGE;
    var figure = JSON.parse(source.textContent);
    if (dark() && figure.dark) figure = recolour(figure, figure.dark, false);
    var layout = tune(figure, el.clientWidth || window.innerWidth,
                      el.hasAttribute("data-page-title"), profile);
    el.style.height = layout.height + "px";  // the embed's stylesheet fixes its plot at 360px
    var config = Object.assign({ responsive: true, displaylogo: false }, profile.config);
    window.Plotly.newPlot(el, figure.data, layout, config).then(function () {
      el.setAttribute("data-drawn", "true");
      if (embed) report();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-figure]").forEach(draw);
    if (document.querySelector("[data-embed]")) window.addEventListener("resize", report);
    // Printing redraws the charts light and as wide as the paper, and again after.
    if (PRINT_QUERY) {
      PRINT_QUERY.addEventListener("change", function () {
        document.querySelectorAll("[data-figure]").forEach(draw);
      });
    }
    // theme=auto: the reader switching their system to dark (or back) redraws the charts.
    if (DARK_QUERY && document.documentElement.getAttribute("data-theme") === "auto") {
      DARK_QUERY.addEventListener("change", function () {
        document.querySelectorAll("[data-figure]").forEach(draw);
      });
    }
  });
})();

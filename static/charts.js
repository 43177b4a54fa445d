// The small page controls: the chart switch, submit on change, select-all on the copy fields.
// The charts themselves are drawn by draw.js.
(function () {
  "use strict";
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

  // "The data as a table" under a chart: open the table and give it the focus, so a keyboard
  // user lands on the figures the drawing shows.
  function wireTableLinks() {
    document.querySelectorAll("a[data-to-table]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var details = document.getElementById(link.getAttribute("href").slice(1));
        if (!details) return;
        event.preventDefault();
        details.open = true;
        var region = details.querySelector(".scroll") || details;
        region.focus();
        region.scrollIntoView({ block: "nearest" });
      });
    });
  }

  // A cell's sort key: its number ("23.0%", "#3", "−1.2 pts", "7.9 M") or its text; a
  // figure not stated ("–") sorts last either way.
  function sortKey(cell) {
    var text = cell.textContent.trim();
    if (text === "\u2013" || text === "") return null;
    var number = parseFloat(text.replace("\u2212", "-").replace(/[^0-9.\-]/g, ""));
    return isNaN(number) ? text.toLowerCase() : number;
  }

  function compare(a, b) {
    if (a === b) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    if (typeof a !== typeof b) return typeof a === "number" ? -1 : 1;
    return a < b ? -1 : 1;
  }

  // Column headers become buttons: Enter or Space sorts by that column, again reverses.
  // The first column keeps the table's own order (periods oldest first, or by rank).
  function wireSortable(table) {
    var body = table.tBodies[0];
    if (!body) return;
    Array.from(body.rows).forEach(function (row, i) { row.setAttribute("data-order", i); });
    var headers = Array.from(table.tHead.rows[0].cells);
    headers.forEach(function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.from(body.rows).map(function (row) {
          var key = column === 0 ? Number(row.getAttribute("data-order")) : sortKey(row.cells[column]);
          return { row: row, key: key };
        });
        rows.sort(function (a, b) {
          var order = compare(a.key, b.key);
          if (a.key === null || b.key === null) return order;
          return ascending ? order : -order;
        });
        rows.forEach(function (item) { body.appendChild(item.row); });
      });
    });
  }

  // "Theme of the embed": show the embed code of the theme chosen.
  function wireEmbedTheme() {
    document.querySelectorAll("input[name=embed-theme]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        document.querySelectorAll("[data-embed-theme]").forEach(function (group) {
          group.hidden = group.getAttribute("data-embed-theme") !== radio.value;
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    wireEmbedTheme();
    wireControls();
    wireCopy();
    wireTableLinks();
    document.querySelectorAll("table[data-sortable]").forEach(wireSortable);
  });
})();

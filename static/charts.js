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

  document.addEventListener("DOMContentLoaded", function () {
    wireControls();
    wireCopy();
  });
})();

/* Station directory filter: narrows the no-JavaScript grouped list by kind, service
   and text.  The form is rendered hidden and only shown when this script runs. */
(function () {
  "use strict";

  function setup() {
    var form = document.querySelector("[data-portal-filter]:not([data-ready])");
    if (!form) return;
    form.setAttribute("data-ready", "");
    form.hidden = false;
    var items = Array.prototype.slice.call(document.querySelectorAll(".portal-stations li[data-kind]"));
    var output = form.querySelector("output");

    function apply() {
      var kind = form.elements.kind.value;
      var service = form.elements.service.value;
      var query = form.elements.q.value.trim();
      var shown = 0;
      items.forEach(function (li) {
        var services = (li.getAttribute("data-services") || "").split("|");
        var match = (!kind || li.getAttribute("data-kind") === kind) &&
          (!service || services.indexOf(service) !== -1) &&
          (!query || li.getAttribute("data-text").indexOf(query) !== -1);
        li.hidden = !match;
        if (match) shown += 1;
      });
      document.querySelectorAll(".portal-stations").forEach(function (list) {
        var any = list.querySelector("li:not([hidden])") !== null;
        list.hidden = !any;
        var heading = list.previousElementSibling;
        if (heading && /^H[1-6]$/.test(heading.tagName)) heading.hidden = !any;
      });
      output.textContent = "显示 " + shown + " / " + items.length + " 个站点";
    }

    form.addEventListener("input", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();

/* "打印海报" button on poster pages: rendered hidden, shown only when this script runs. */
(function () {
  "use strict";

  function setup() {
    document.querySelectorAll("[data-portal-print]:not([data-ready])").forEach(function (button) {
      button.setAttribute("data-ready", "");
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();

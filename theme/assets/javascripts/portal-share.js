/* "复制链接" on story pages: the permanent URL is already visible, selectable text; where scripts
   run, a button copies it (Clipboard API, else selecting the text and the copy command). */
(function () {
  "use strict";

  function select(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copy(text, element) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    select(element);
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy"));
  }

  function setup() {
    document.querySelectorAll("[data-portal-copy]:not([data-ready])").forEach(function (button) {
      var kit = button.closest(".portal-share");
      var source = kit && kit.querySelector("[data-portal-copy-text]");
      var status = kit && kit.querySelector("[data-portal-copy-status]");
      if (!source) return;
      button.setAttribute("data-ready", "");
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = source.textContent.trim();
        copy(text, source).then(function () {
          if (status) status.textContent = "已复制：" + text;
        }, function () {
          select(source);
          if (status) status.textContent = "未能自动复制：网址已选中，请长按或按 Ctrl+C 复制。";
        });
      });
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();

/* `portal serve` only (publish/preview.py adds it): when a save has errors, every page says so
   and lists them — the page below is the last one that was generated without errors.

   The preview writes portal-preview.json beside the site after each rebuild: a generation number
   and the errors, if any.  This script reads it when the page loads and every second after, so
   the list follows the editor's saves; once they are fixed, the page reloads and is current.
   Everything shown is set as text (textContent): the messages quote what the editor wrote. */
(function () {
  "use strict";

  var script = document.currentScript;
  var statusUrl = new URL("../../portal-preview.json", script ? script.src : location.href).href;
  var shown = null;  // the generation the page shows the errors of, or null: no errors shown
  var hidden = false;  // the editor closed the list; a badge stays to open it again
  var panel = null;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function where(error) {
    return error.file + " 第 " + error.line + " 行" + (error.field ? " · " + error.field : "");
  }

  function render(status) {
    if (!panel) {
      panel = element("section", "portal-preview-errors");
      panel.setAttribute("role", "alert");
      panel.setAttribute("aria-labelledby", "portal-preview-title");
      document.body.appendChild(panel);
    }
    panel.textContent = "";
    panel.classList.toggle("portal-preview-errors--closed", hidden);
    if (hidden) {
      var badge = element("button", "portal-preview-badge", "内容有 " + status.errors.length + " 个错误，点击查看");
      badge.type = "button";
      badge.addEventListener("click", function () { hidden = false; render(status); });
      panel.appendChild(badge);
      return;
    }
    var title = element("h2", "portal-preview-title", "内容有 " + status.errors.length + " 个错误，预览没有更新");
    title.id = "portal-preview-title";
    panel.appendChild(title);
    panel.appendChild(element("p", "portal-preview-note",
      "这次保存的修改还没有出现在下面的页面上（页面停在上一次没有错误时的样子，或者还没有生成过）。请按提示修改文件并保存，改好后这里会自动刷新。"));
    var list = element("ol", "portal-preview-list");
    status.errors.forEach(function (error) {
      var item = element("li");
      item.appendChild(element("strong", "portal-preview-where", where(error)));
      item.appendChild(element("span", "portal-preview-message", error.message));
      item.appendChild(element("code", "portal-preview-raw", error.text));
      list.appendChild(item);
    });
    panel.appendChild(list);
    var close = element("button", "portal-preview-close", "先看页面（错误仍在）");
    close.type = "button";
    close.addEventListener("click", function () { hidden = true; render(status); });
    panel.appendChild(close);
  }

  function update(status) {
    if (status.errors && status.errors.length) {
      if (shown !== status.generation) {
        shown = status.generation;
        render(status);
      }
    } else if (shown !== null) {
      location.reload();  // fixed: the pages were generated again
    }
  }

  function poll() {
    fetch(statusUrl, { cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) { if (status) update(status); })
      .catch(function () { /* the preview is restarting: try again */ })
      .then(function () { setTimeout(poll, 1000); });
  }

  poll();
})();

// After each save in the local preview: did the project still pass `portal check`?
// The preview checks what decap-server wrote (publish/preview.py) and reports it at status.json;
// a save that fails is shown here, with the same Chinese messages `portal check` prints.
// In production there is no status.json: CI checks each commit, and nothing is shown here.
(function () {
  "use strict";
  var WAIT_MS = 60000;
  var before = null;

  function status() {
    return fetch("status.json", { cache: "no-store" }).then(function (response) {
      return response.ok ? response.json() : null;
    }).catch(function () { return null; });
  }

  function show(state, title, text) {
    var box = document.getElementById("portal-save-notice");
    if (!box) {
      box = document.createElement("div");
      box.id = "portal-save-notice";
      document.body.appendChild(box);
    }
    box.setAttribute("data-portal-state", state);
    box.setAttribute("role", state === "failed" ? "alert" : "status");
    box.textContent = "";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", "关闭提示");
    close.addEventListener("click", function () { box.remove(); });
    var heading = document.createElement("h2");
    heading.textContent = title;
    box.append(close, heading);
    if (text) {
      var pre = document.createElement("pre");
      pre.textContent = text;
      box.appendChild(pre);
    }
  }

  function waitForCheck(serial, deadline) {
    return status().then(function (current) {
      if (current === null) { return null; }
      // A check that read the saved files: a later one than before the save, started after
      // the last write (a photo and its entry may be noticed by two rebuilds).
      if (current.serial > serial && !current.pending) { return current; }
      if (Date.now() > deadline) { return undefined; }
      return new Promise(function (resolve) { setTimeout(resolve, 500); }).then(function () {
        return waitForCheck(serial, deadline);
      });
    });
  }

  CMS.registerEventListener({
    name: "preSave",
    handler: function () {
      return status().then(function (current) { before = current ? current.serial : null; });
    },
  });

  CMS.registerEventListener({
    name: "postSave",
    handler: function () {
      if (before === null) { return; }
      show("waiting", "已保存，正在检查……", "");
      waitForCheck(before, Date.now() + WAIT_MS).then(function (result) {
        if (result === undefined) {
          show("waiting", "已保存，检查尚未完成", "请稍后查看运行 portal serve 的终端窗口中的提示。");
        } else if (result && result.ok) {
          show("ok", "已保存，检查通过", "预览网站已更新。");
        } else if (result) {
          show("failed", "已保存，但内容检查未通过：这次修改不会发布，预览仍显示上一次通过检查的页面。请按提示修改后再保存。",
               result.report);
        }
      });
    },
  });
})();

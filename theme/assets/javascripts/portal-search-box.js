/* Material's header search box, completed: the true number of results, a city filter as on
   the search page, and a link to the search page, which pages through all the results
   ("显示更多" there: Material's list renders one answer and adds to it only on scrolling).

   Material renders what the worker answers (portal-search-worker.js) and passes the whole
   answer on through its component$ stream, so the extra facts (total, filters, choices)
   arrive here.  Material created the worker, so this page cannot post to it: it asks on the
   BroadcastChannel "portal-search" instead, naming the worker that answered.  Without
   BroadcastChannel (old browsers) the count and the link to the search page remain. */
(function () {
  "use strict";

  if (window.portalSearchBox || !window.component$) return;  // instant navigation runs this again
  window.portalSearchBox = true;

  var script = document.currentScript;
  var base = script ? script.src.replace(/assets\/javascripts\/portal-search-box\.js.*$/, "") : "/";
  var channel = window.BroadcastChannel ? new BroadcastChannel("portal-search") : null;
  var last = null;  // the answer on screen

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) node.textContent = text;
    return node;
  }

  function ask(filters) {
    channel.postMessage({ worker: last.worker, query: last.query, filters: filters });
  }

  function parts(result) {
    var tools = result.querySelector(".portal-search-box");
    if (!tools) {
      tools = element("div", { "class": "portal-search-box" });
      var label = element("label", {}, "城市 ");
      var select = element("select", { "class": "portal-search-box__city" });
      label.appendChild(select);
      tools.appendChild(label);
      select.addEventListener("change", function () { ask({ city: select.value }); });
      result.insertBefore(tools, result.firstElementChild.nextSibling);  // after Material's count

      var footer = element("div", { "class": "portal-search-box__more" });
      footer.appendChild(element("a", { "class": "portal-search-box__all" }));
      result.appendChild(footer);
    }
    return { tools: tools, select: tools.querySelector("select"),
             footer: result.querySelector(".portal-search-box__more"),
             all: result.querySelector(".portal-search-box__all") };
  }

  function render(result, data) {
    last = data;
    if (!data.query) {  // an empty box: nothing to count or filter
      [".portal-search-box", ".portal-search-box__more"].forEach(function (selector) {
        var node = result.querySelector(selector);
        if (node) node.hidden = true;
      });
      return;
    }
    var ui = parts(result);
    var city = (data.filters || {}).city || "";
    var shown = data.items.length;
    ui.footer.hidden = false;
    if (data.total) {
      result.querySelector(".md-search-result__meta").textContent =
        "共 " + data.total + " 个结果" + (shown < data.total ? "，显示前 " + shown + " 个" : "");
    }
    var cities = ((data.choices || {}).city || []).slice();
    if (city && cities.indexOf(city) === -1) cities.unshift(city);
    ui.tools.hidden = !channel || cities.length < 2;
    ui.select.innerHTML = "";
    ui.select.appendChild(element("option", { value: "" }, "全部城市"));
    cities.forEach(function (name) { ui.select.appendChild(element("option", { value: name }, name)); });
    ui.select.value = city;
    var params = new URLSearchParams({ keyword: data.query });  // ?q= would open this box again
    if (city) params.set("city", city);
    ui.all.href = base + "search/?" + params.toString();
    ui.all.textContent = shown < data.total ? "在搜索页查看全部 " + data.total + " 个结果" : "到搜索页按类型、方案筛选";
  }

  window.component$.subscribe(function (component) {
    var ref = component && component.ref;
    if (ref && ref.matches && ref.matches("[data-md-component=search-result]") && "total" in component) {
      render(ref, component);
    }
  });
})();

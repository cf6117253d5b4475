/* The search page: the same Pagefind worker as the header box, plus filters by kind,
   city and campaign.  Without JavaScript the page still offers the lists of indexes. */
(function () {
  "use strict";

  var self = document.currentScript;
  var base = self ? self.src.replace(/assets\/javascripts\/portal-search-page\.js.*$/, "") : "/";
  var worker = null;

  function ensureWorker() {
    if (!worker) {
      worker = new Worker(base + "assets/javascripts/portal-search-worker.js");
      worker.postMessage({ type: 0, data: { config: { lang: [document.documentElement.lang || "zh"] }, docs: [] } });
    }
    return worker;
  }

  function render(form, items) {
    var status = form.parentNode.querySelector(".portal-search-status");
    var list = form.parentNode.querySelector(".portal-search-results");
    list.innerHTML = "";
    items.forEach(function (group) {
      var page = group[0];
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = base + page.location;
      link.innerHTML = page.title;  // escaped by the worker
      var text = document.createElement("div");
      text.innerHTML = page.text;  // escaped by the worker; <mark> highlights the match
      item.appendChild(link);
      item.appendChild(text);
      list.appendChild(item);
    });
    status.textContent = items.length ? "找到 " + items.length + " 个结果" + (items.length >= 10 ? "（显示前 10 个）" : "")
                                      : "没有找到结果，可以换个关键词或减少筛选条件。";
  }

  function run(form) {
    var query = form.elements.q.value.trim();
    if (!query) return;
    var filters = { kind: form.elements.kind.value, city: form.elements.city.value,
                    campaign: form.elements.campaign.value };
    var params = new URLSearchParams({ q: query });
    Object.keys(filters).forEach(function (key) { if (filters[key]) params.set(key, filters[key]); });
    history.replaceState(null, "", "?" + params.toString());
    form.parentNode.querySelector(".portal-search-status").textContent = "正在搜索…";
    var current = ensureWorker();
    current.onmessage = function (event) {
      if (event.data.type === 3) render(form, event.data.data.items);
    };
    current.postMessage({ type: 2, data: query, filters: filters });
  }

  function setup() {
    var form = document.querySelector("[data-portal-search-page]:not([data-ready])");
    if (!form) return;
    form.setAttribute("data-ready", "");
    var notice = form.parentNode.querySelector(".portal-search-nojs");
    if (notice) notice.hidden = true;  // search works here: the no-JavaScript notice does not apply
    var params = new URLSearchParams(location.search);
    ["q", "kind", "city", "campaign"].forEach(function (name) {
      if (params.get(name)) form.elements[name].value = params.get(name);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); run(form); });
    ["kind", "city", "campaign"].forEach(function (name) {
      form.elements[name].addEventListener("change", function () { run(form); });
    });
    if (params.get("q")) run(form);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();

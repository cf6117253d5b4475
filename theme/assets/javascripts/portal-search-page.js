/* The search page: the same Pagefind worker as the header box, plus filters by kind,
   city and campaign (Pagefind filters), the true number of results and "显示更多" through
   all of them, ten at a time.  Without JavaScript the page still offers the lists of indexes.

   The query is ?keyword=, not ?q=: on a page loaded with ?q= Material opens its own search
   overlay over the page (its deep link).  A link with ?q= still works: the query is taken
   over and the overlay closed. */
(function () {
  "use strict";

  var self = document.currentScript;
  var base = self ? self.src.replace(/assets\/javascripts\/portal-search-page\.js.*$/, "") : "/";
  var PAGE = 10;
  var FILTERS = ["kind", "city", "campaign"];
  var worker = null;

  function ensureWorker() {
    if (!worker) {
      worker = new Worker(base + "assets/javascripts/portal-search-worker.js");
      worker.postMessage({ type: 0, data: { config: { lang: [document.documentElement.lang || "zh"] }, docs: [] } });
    }
    return worker;
  }

  function item(group) {
    var page = group[0];
    var entry = document.createElement("li");
    var link = document.createElement("a");
    link.href = base + page.location;
    link.innerHTML = page.title;  // escaped by the worker
    var text = document.createElement("div");
    text.innerHTML = page.text;  // escaped by the worker; <mark> highlights the match
    entry.appendChild(link);
    entry.appendChild(text);
    return entry;
  }

  function render(form, data) {
    var status = form.parentNode.querySelector(".portal-search-status");
    var list = form.parentNode.querySelector(".portal-search-results");
    var more = form.parentNode.querySelector(".portal-search-more");
    if (!data.offset) list.innerHTML = "";
    data.items.forEach(function (group) { list.appendChild(item(group)); });
    var shown = list.children.length;
    status.textContent = data.total
      ? "找到 " + data.total + " 个结果" + (shown < data.total ? "，已显示 " + shown + " 个" : "")
      : "没有找到结果，可以换个关键词或减少筛选条件。";
    if (more) {
      more.hidden = shown >= data.total;
      more.textContent = "显示更多（还有 " + (data.total - shown) + " 个）";
      more.disabled = false;
    }
  }

  function filtersOf(form) {
    var filters = {};
    FILTERS.forEach(function (name) { filters[name] = form.elements[name].value; });
    return filters;
  }

  function ask(form, offset) {
    var current = ensureWorker();
    current.onmessage = function (event) {
      if (event.data.type === 3) render(form, event.data.data);
    };
    current.postMessage({ type: 2, data: form.elements.keyword.value.trim(), filters: filtersOf(form),
                          offset: offset, limit: PAGE });
  }

  function run(form) {
    var query = form.elements.keyword.value.trim();
    if (!query) return;
    var params = new URLSearchParams({ keyword: query });
    var filters = filtersOf(form);
    FILTERS.forEach(function (key) { if (filters[key]) params.set(key, filters[key]); });
    history.replaceState(null, "", "?" + params.toString());
    form.parentNode.querySelector(".portal-search-status").textContent = "正在搜索…";
    ask(form, 0);
  }

  function setup() {
    var form = document.querySelector("[data-portal-search-page]:not([data-ready])");
    if (!form) return;
    form.setAttribute("data-ready", "");
    var notice = form.parentNode.querySelector(".portal-search-nojs");
    if (notice) notice.hidden = true;  // search works here: the no-JavaScript notice does not apply
    var params = new URLSearchParams(location.search);
    var query = params.get("keyword") || params.get("q");
    if (query) form.elements.keyword.value = query;
    FILTERS.forEach(function (name) {
      if (params.get(name)) form.elements[name].value = params.get(name);
    });
    var overlay = document.getElementById("__search");
    if (params.has("q") && overlay && overlay.checked) overlay.click();  // Material's deep link
    form.addEventListener("submit", function (event) { event.preventDefault(); run(form); });
    FILTERS.forEach(function (name) {
      form.elements[name].addEventListener("change", function () { run(form); });
    });
    var more = form.parentNode.querySelector(".portal-search-more");
    if (more) {
      more.addEventListener("click", function () {
        more.disabled = true;
        ask(form, form.parentNode.querySelector(".portal-search-results").children.length);
      });
    }
    if (query) run(form);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();

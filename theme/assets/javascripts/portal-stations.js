/* Station lists on the directory and the map page: 离我最近, a district chooser and (on the
   directory) filters by kind, service and text.  Without JavaScript the lists are grouped by region
   and district, with links to each district's heading, and this form stays hidden.

   The location is asked for only when 离我最近 is tapped, and used only in this page.  Browsers'
   geolocation is WGS-84 (in China too, WeChat's browser included), like the stations' coordinates;
   WeChat's JS-SDK, which answers in GCJ-02, is not used.  The map (portal-map.js) follows the list
   through a "portal:stations-focus" event on the document. */
(function () {
  "use strict";

  var EARTH_RADIUS = 6371008.8;  // metres, the mean radius
  var NEAREST_ON_MAP = 3;  // the map fits your position and this many nearest stations
  var PATIENCE = 20000;  // a prompt nobody answers never calls back: after this, say so and allow a retry
  var CHOOSE = "请在下面的“区县”中选择你所在的区县。";

  function metresBetween(lat1, lon1, lat2, lon2) {  // haversine
    var rad = Math.PI / 180;
    var dLat = (lat2 - lat1) * rad;
    var dLon = (lon2 - lon1) * rad;
    var a = Math.pow(Math.sin(dLat / 2), 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * EARTH_RADIUS * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  function distanceText(metres) {
    if (metres < 950) return "约 " + Math.max(10, Math.round(metres / 10) * 10) + " 米";
    var tenths = Math.round(metres / 100);
    return "约 " + (tenths < 100 ? String(tenths / 10) : String(Math.round(metres / 1000))) + " 公里";
  }

  function focusMap(detail) {
    document.dispatchEvent(new CustomEvent("portal:stations-focus", { detail: detail }));
  }

  function setup() {
    var form = document.querySelector("[data-portal-filter]:not([data-ready])");
    if (!form) return;
    form.setAttribute("data-ready", "");
    form.hidden = false;

    var part = function (name) { return form.querySelector('[data-nearby="' + name + '"]'); };
    var locateButton = part("locate");
    var resetButton = part("reset");
    var status = part("status");
    var results = document.querySelector('[data-nearby="results"]');
    var output = form.querySelector("output");
    var districts = form.elements.district;
    var hasMap = document.querySelector("[data-portal-map]") !== null;
    var resultsList = null;
    var request = 0;  // the location request whose answer counts (a late answer to an older one does not)

    var items = Array.prototype.map.call(document.querySelectorAll("ul.portal-stations[data-district] > li"),
      function (li) {
        return {
          li: li, home: li.parentNode, district: li.parentNode.getAttribute("data-district"),
          lat: parseFloat(li.getAttribute("data-lat")), lon: parseFloat(li.getAttribute("data-lon")),
          name: li.querySelector("a").textContent, label: null
        };
      });

    function value(name) {
      var field = form.elements[name];
      return field ? field.value.trim() : "";
    }

    function matches(item) {
      var kind = value("kind"), service = value("service"), query = value("q"), district = value("district");
      var li = item.li;
      return (!district || item.district === district) &&
        (!kind || li.getAttribute("data-kind") === kind) &&
        (!service || (li.getAttribute("data-services") || "").split("|").indexOf(service) !== -1) &&
        (!query || (li.getAttribute("data-text") || "").indexOf(query) !== -1);
    }

    function isHeading(el) { return /^H[2-6]$/.test(el.tagName); }

    // A list with no station shown is hidden; so is a heading whose section (up to the next heading
    // of its rank or higher) lists stations but shows none, with everything else in that section.
    function tidy() {
      document.querySelectorAll(".portal-stations").forEach(function (list) {
        list.hidden = list.querySelector(":scope > li:not([hidden])") === null;
      });
      document.querySelectorAll("article h2, article h3, article h4, article h5, article h6").forEach(function (heading) {
        var rank = heading.tagName.charAt(1);
        var others = [], lists = 0, shown = 0;
        for (var el = heading.nextElementSibling; el && !(isHeading(el) && el.tagName.charAt(1) <= rank); el = el.nextElementSibling) {
          if (el.classList.contains("portal-stations")) {
            lists += 1;
            if (!el.hidden) shown += 1;
          } else if (!isHeading(el)) {
            others.push(el);
          }
        }
        if (!lists) return;
        heading.hidden = !shown;
        others.forEach(function (el) { el.hidden = !shown; });
      });
    }

    function apply() {
      var shown = 0;
      items.forEach(function (item) {
        var match = matches(item);
        item.li.hidden = !match;
        if (match) shown += 1;
      });
      tidy();
      output.textContent = "显示 " + shown + " / " + items.length + " 个站点";
    }

    function shownItems() {
      return items.filter(function (item) { return !item.li.hidden; });
    }

    function say(text) {
      status.textContent = text;
    }

    function nearbyList() {
      if (!resultsList) {
        var heading = document.createElement("h2");
        heading.id = "portal-nearby-title";
        heading.textContent = "离你最近的站点";
        resultsList = document.createElement("ol");
        resultsList.className = "portal-stations portal-stations--nearby";
        resultsList.setAttribute("aria-labelledby", heading.id);
        results.appendChild(heading);
        results.appendChild(resultsList);
      }
      return resultsList;
    }

    // Every station, nearest first, with its distance; the grouped lists empty out and hide.
    function sortByDistance(lat, lon) {
      items.forEach(function (item) {
        item.metres = metresBetween(lat, lon, item.lat, item.lon);
        if (!item.label) {
          item.label = document.createElement("span");
          item.label.className = "portal-distance";
          item.li.insertBefore(item.label, item.li.firstChild);
        }
        item.label.textContent = distanceText(item.metres);
      });
      var list = nearbyList();
      items.slice().sort(function (a, b) { return a.metres - b.metres; })
        .forEach(function (item) { list.appendChild(item.li); });
      results.hidden = false;
      resetButton.hidden = false;
      if (districts) districts.value = "";  // the nearest of all, wherever they are
      apply();
      var nearest = shownItems().slice().sort(function (a, b) { return a.metres - b.metres; }).slice(0, NEAREST_ON_MAP);
      var named = nearest.map(function (item) { return item.name + "，" + distanceText(item.metres); });
      say("已按离你的距离由近到远排列。最近的是：" + named.join("；") + "。" +
        (hasMap ? "地图已移到你的位置和最近的站点。" : ""));
      focusMap({ here: [lat, lon], points: nearest.map(function (item) { return [item.lat, item.lon]; }) });
    }

    // Back to the grouped lists; quietly when a district link asked for it (it says what it shows).
    function regroup(quietly) {
      request += 1;  // a location still on its way no longer counts
      locateButton.disabled = false;
      items.forEach(function (item) {
        item.home.appendChild(item.li);  // items are in their original order
        if (item.label) item.li.removeChild(item.label);
        item.label = null;
      });
      results.hidden = true;
      resetButton.hidden = true;
      apply();
      if (quietly === true) return;
      say("已恢复按地区排列。");
      focusMap(null);
      locateButton.focus();
    }

    // The district chooser does what 离我最近 could not: the message points to it, and it stands out.
    function refuse(reason, retry) {
      locateButton.disabled = false;
      say(reason + CHOOSE + (retry || ""));
      if (districts) districts.parentNode.classList.add("portal-filter__suggested");
    }

    function locate() {
      if (window.isSecureContext === false) {
        return refuse("本页不是 https 加密连接，浏览器不提供位置。");
      }
      if (!navigator.geolocation) {
        return refuse("这个浏览器不能提供位置。");
      }
      var ticket = ++request;
      var current = function () { return ticket === request && document.body.contains(form); };
      locateButton.disabled = true;
      say("正在获取你的位置……位置只在本页用来计算距离，不会发送给网站。");
      var patience = setTimeout(function () {
        if (!current()) return;
        locateButton.disabled = false;
        say("仍在等待位置。没有看到是否允许获取位置的提示时，可以再点一次“离我最近”，或" + CHOOSE.slice(1));
      }, PATIENCE);
      navigator.geolocation.getCurrentPosition(function (position) {
        clearTimeout(patience);
        if (!current()) return;
        locateButton.disabled = false;
        sortByDistance(position.coords.latitude, position.coords.longitude);
      }, function (error) {
        clearTimeout(patience);
        if (!current()) return;
        var denied = error.code === error.PERMISSION_DENIED;
        refuse({
          1: "没有得到位置权限。",
          2: "暂时无法确定你的位置（手机的定位服务可能没有打开）。",
          3: "获取位置超时。"
        }[error.code] || "无法获取你的位置。", denied ? "要使用“离我最近”，请在浏览器或微信的设置中允许本网站获取位置。" : "也可以稍后再试。");
      }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 });
    }

    function chooseDistrict() {
      districts.parentNode.classList.remove("portal-filter__suggested");
      if (!districts.value) {
        focusMap(null);
        return;
      }
      var chosen = shownItems();
      say("显示" + districts.options[districts.selectedIndex].text + "的 " + chosen.length + " 个站点。" +
        (hasMap ? "地图已移到这些站点。" : ""));
      focusMap({ here: null, points: chosen.map(function (item) { return [item.lat, item.lon]; }) });
    }

    // The district links (the chooser without JavaScript) choose their district here too, so that
    // the heading they jump to is shown even when another district or 离我最近 is on.
    function followDistrictLink(event) {
      // Material's instant navigation makes the links absolute: compare the page, read the fragment.
      var link = event.target.closest ? event.target.closest('a[href*="#portal-district-"]') : null;
      if (!link || link.pathname !== location.pathname) return;
      var heading = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      var list = heading && heading.nextElementSibling;
      if (!districts || !list || !list.matches("ul.portal-stations[data-district]")) return;
      if (!results.hidden) regroup(true);
      districts.value = list.getAttribute("data-district");
      apply();
      chooseDistrict();
      // The jump is made here: Material's instant navigation would fetch the page again (its first
      // navigation does, even to a fragment of the same page, and so does a native jump's popstate)
      // and lose the choice.  portal.css gives the heading room under the sticky header.
      event.preventDefault();
      event.stopPropagation();
      history.pushState(null, "", link.hash);
      heading.setAttribute("tabindex", "-1");  // where reading goes on, as after a native jump
      heading.focus({ preventScroll: true });
      heading.scrollIntoView();
    }

    form.addEventListener("input", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    locateButton.addEventListener("click", locate);
    resetButton.addEventListener("click", regroup);
    // On the page's content, which instant navigation replaces with the page (and its listener).
    (form.closest("article") || form.parentNode).addEventListener("click", followDistrictLink);
    if (districts) districts.addEventListener("change", chooseDistrict);  // after "input" has filtered
    apply();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();

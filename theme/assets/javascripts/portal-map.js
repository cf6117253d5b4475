/* Station maps.  Leaflet and its marker clustering are served from this site
   (assets/vendor/, copied from npm by the generator) and loaded only when a
   [data-portal-map] element comes near the screen.  Material's instant navigation swaps pages
   without reloading scripts, so maps are (re)built on every document$ emission.  The station list's
   离我最近 and district chooser (portal-stations.js) move the overview map through a
   "portal:stations-focus" event. */
(function () {
  "use strict";

  var self = document.currentScript;
  var base = self ? self.src.replace(/assets\/javascripts\/portal-map\.js.*$/, "") : "/";
  var loading = null;
  var maps = [];
  var focus = null;  // the list's last request: {here: [lat, lon] | null, points: [[lat, lon], …]}, or null for all

  function addScript(src) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement("script");
      el.src = src;
      el.onload = resolve;
      el.onerror = reject;
      document.head.appendChild(el);
    });
  }

  function addStyle(href) {
    if (document.querySelector('link[href="' + href + '"]')) return;
    var el = document.createElement("link");
    el.rel = "stylesheet";
    el.href = href;
    document.head.appendChild(el);
  }

  function loadLeaflet() {
    if (!loading) {
      var vendor = base + "assets/vendor/";
      addStyle(vendor + "leaflet/leaflet.css");
      addStyle(vendor + "leaflet.markercluster/MarkerCluster.css");
      addStyle(vendor + "leaflet.markercluster/MarkerCluster.Default.css");
      loading = addScript(vendor + "leaflet/leaflet.js").then(function () {
        return addScript(vendor + "leaflet.markercluster/leaflet.markercluster.js");
      });
    }
    return loading;
  }

  function escapeHtml(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  var MARKER = { radius: 8, weight: 2, color: "#ffffff", fillColor: "#a4161a", fillOpacity: 0.95 };
  var HERE = { radius: 7, weight: 3, color: "#ffffff", fillColor: "#1565c0", fillOpacity: 1, className: "portal-map-here" };
  // Leaflet 1.9's default prefix carries a national flag; a plain link fits a government portal.
  var PREFIX = '<a href="https://leafletjs.com">Leaflet</a>';

  function addTiles(map, el, config) {
    var layers = config.layers || [];
    if (!layers.length) {
      el.classList.add("portal-map--plain");
      return;
    }
    layers.forEach(function (layer) {
      L.tileLayer(layer.url, {
        subdomains: layer.subdomains || "abc",
        // Leaflet inserts attributions as HTML; ours come from campaigns.yaml and are text.
        attribution: escapeHtml(layer.attribution || ""),
        maxZoom: config.maxZoom || 18
      }).addTo(map);
    });
  }

  function popup(props, pages) {
    var page = pages + encodeURIComponent(props.id) + "/";
    return '<strong><a href="' + page + '">' + escapeHtml(props.name) + "</a></strong><br>" +
      escapeHtml(props.kind) + " · " + escapeHtml(props.address) + "<br>" +
      '<a href="' + page + '#navigate">导航去这里</a>';
  }

  function fitAll(entry) {
    if (entry.bounds.isValid()) entry.map.fitBounds(entry.bounds, { padding: [24, 24], maxZoom: 15 });
    else entry.map.setView([35, 105], 4);
  }

  // Your position (when 离我最近 found it) and the stations the list puts first, or every station.
  function applyFocus(entry) {
    if (!entry.bounds) return;  // the stations are still loading: buildOverview applies it
    if (entry.here) entry.map.removeLayer(entry.here);
    entry.here = null;
    if (!focus || (!focus.points.length && !focus.here)) return fitAll(entry);
    var points = focus.points.slice();
    if (focus.here) {
      entry.here = L.circleMarker(focus.here, HERE).addTo(entry.map).bindTooltip("你的位置");
      points.push(focus.here);
    }
    entry.map.fitBounds(L.latLngBounds(points), { padding: [32, 32], maxZoom: 16 });
  }

  document.addEventListener("portal:stations-focus", function (event) {
    focus = event.detail;
    maps.forEach(function (entry) { if (entry.overview) applyFocus(entry); });
  });

  function buildOverview(entry) {
    var map = entry.map, el = entry.el;
    var pages = el.getAttribute("data-pages");
    return fetch(el.getAttribute("data-geojson"))
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var count = String(data.features.length);
        var cluster = L.markerClusterGroup({
          chunkedLoading: true,
          showCoverageOnHover: false,
          // data-markers marks the moment every station is placed (tests and benchmarks wait for it)
          chunkProgress: function (done, total) { if (done === total) el.setAttribute("data-markers", count); }
        });
        var layer = L.geoJSON(data, {
          pointToLayer: function (feature, latlng) { return L.circleMarker(latlng, MARKER); },
          onEachFeature: function (feature, marker) { marker.bindPopup(popup(feature.properties, pages)); }
        });
        entry.bounds = layer.getBounds();
        if (focus) applyFocus(entry); else fitAll(entry);
        map.addLayer(cluster);  // on the map with a view first, so addLayers clusters in chunks
        cluster.addLayers(layer.getLayers());
      });
  }

  function buildSingle(map, el) {
    var latlng = [parseFloat(el.getAttribute("data-lat")), parseFloat(el.getAttribute("data-lon"))];
    // A tooltip's string is HTML to Leaflet; the station's name is text.
    L.circleMarker(latlng, MARKER).addTo(map).bindTooltip(escapeHtml(el.getAttribute("data-name")));
    map.setView(latlng, 15);
    el.setAttribute("data-markers", "1");
  }

  function build(el) {
    el.setAttribute("data-ready", "");
    var config = JSON.parse(el.getAttribute("data-tiles") || "{}");
    // Clustering needs a maxZoom even when there is no tile layer to supply one.
    var map = L.map(el, { scrollWheelZoom: false, maxZoom: config.maxZoom || 18 });
    map.attributionControl.setPrefix(PREFIX);
    addTiles(map, el, config);
    var entry = { el: el, map: map, overview: el.hasAttribute("data-geojson"), bounds: null, here: null };
    maps.push(entry);
    var built = entry.overview ? buildOverview(entry) : Promise.resolve(buildSingle(map, el));
    built.catch(function (error) {
      if (window.console) console.error("portal-map:", error);
      el.insertAdjacentHTML("afterend", '<p class="portal-map-error">地图数据加载失败，请使用下方列表。</p>');
    });
  }

  function show(el) {
    loadLeaflet().then(function () {
      if (!el.hasAttribute("data-ready") && document.body.contains(el)) build(el);
    }).catch(function () {
      el.hidden = true;  // the list below still works
    });
  }

  // Leaflet (about 55 KB with gzip) is fetched only when a map comes near the screen: a station
  // page read on a phone for its address and 导航 buttons does not pay for a map below the fold.
  var watcher = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      watcher.unobserve(entry.target);
      show(entry.target);
    });
  }, { rootMargin: "100px 0px" }) : null;

  function init() {
    focus = null;  // a new page: its list has asked nothing yet
    maps = maps.filter(function (entry) {
      if (document.body.contains(entry.el)) return true;
      entry.map.remove();  // the page was left through instant navigation
      return false;
    });
    document.querySelectorAll("[data-portal-map]:not([data-ready])").forEach(function (el) {
      if (watcher) watcher.observe(el); else show(el);
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

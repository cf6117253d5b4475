/* Search worker for Material's own search box, answered by Pagefind.

   Material's search UI (header box, "/" shortcut, result list, phone overlay) talks to a
   Web Worker: {type: 0, data: index} → {type: 1}; {type: 2, data: query} →
   {type: 3, data: {items}}.  theme/main.html points Material at this worker instead of
   its lunr worker, which would need the whole site's index up front (about 5 MB per
   1,000 Chinese pages).  Pagefind loads only the index chunks a query needs. */
"use strict";

var base = self.location.href.replace(/assets\/javascripts\/portal-search-worker\.js.*$/, "");
var RESULTS = 10;  // fragments loaded for the first screen of results
var pagefind = null;
var language = "zh";  // from Material's setup message; a worker has no <html lang> to read

function load() {
  if (!pagefind) {
    // Pagefind picks its index (and whether to segment Chinese queries) from <html lang>;
    // a worker has no document, so answer that one question for it.
    if (typeof self.document === "undefined") {
      self.document = { querySelector: function (selector) {
        return selector === "html" ? { getAttribute: function () { return language; } } : null;
      } };
    }
    pagefind = import(base + "pagefind/pagefind.js").then(function (module) {
      return module.options({ baseUrl: new URL(base).pathname, excerptLength: 40 })
        .then(function () { return module.init(); })
        .then(function () { return module; });
    });
  }
  return pagefind;
}

function escapeHtml(text) {
  return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

function relative(url) {
  // Material resolves locations against the site base; Pagefind gives root-relative paths.
  var path = new URL(base).pathname;
  return url.indexOf(path) === 0 ? url.slice(path.length) : url;
}

function group(data, score, terms) {
  var meta = data.meta || {};
  var facts = [meta.kind, meta.campaign, meta.city, meta.date].filter(Boolean).map(escapeHtml).join(" · ");
  var page = {
    location: relative(data.url),
    title: escapeHtml(meta.title || data.url),
    text: (facts ? '<p class="portal-search-facts">' + facts + "</p>" : "") + "<p>" + data.excerpt + "</p>",
    score: score,
    terms: terms
  };
  var sections = (data.sub_results || [])
    .filter(function (sub) { return sub.url !== data.url && sub.url.indexOf("#") !== -1; })
    .slice(0, 3)
    .map(function (sub) {
      return { location: relative(sub.url), title: escapeHtml(sub.title), text: "<p>" + sub.excerpt + "</p>",
               score: score / 2, terms: terms };
    });
  return [page].concat(sections);
}

/* Pagefind cuts a Chinese query with the browser's Intl.Segmenter, whose dictionary differs
   from the one the index was cut with at build time (Chromium on Debian makes 扶/贫/攻/坚 of
   扶贫攻坚, which the index holds as 扶贫 + 攻坚).  So each Chinese run is cut here instead, with
   the words the index really contains (search/lexicon, written by generator/search_lexicon.py,
   fetched per first character), and Pagefind's segmenter keeps those words whole. */
var CJK_RUN = /[\u3400-\u9fff]+/g;
var lexicon = null;  // {names, longest, words: {}, loaded: {bucket: promise}}

function lexiconIndex() {
  if (!lexicon) {
    lexicon = fetch(base + "search/lexicon/index.json").then(function (response) {
      return response.ok ? response.json() : { buckets: [], longest: 1 };
    }).catch(function () { return { buckets: [], longest: 1 }; }).then(function (index) {
      return { names: index.buckets, longest: index.longest, words: {}, loaded: {} };
    });
  }
  return lexicon;
}

function loadWords(query) {
  return lexiconIndex().then(function (lex) {
    var count = lex.names.length;
    var wanted = {};
    (query.match(CJK_RUN) || []).join("").split("").forEach(function (c) {
      if (count) wanted[c.charCodeAt(0) % count] = true;  // same rule as bucket_of() in Python
    });
    return Promise.all(Object.keys(wanted).map(function (bucket) {
      if (!lex.loaded[bucket]) {
        lex.loaded[bucket] = fetch(base + "search/lexicon/" + lex.names[bucket])
          .then(function (response) { return response.ok ? response.text() : ""; })
          .catch(function () { return ""; })
          .then(function (text) { text.split("\n").forEach(function (w) { if (w) lex.words[w] = true; }); });
      }
      return lex.loaded[bucket];
    })).then(function () { return lex; });
  });
}

// Fewest pieces wins; a piece is a known word or a single character.
function cut(run, lex) {
  var best = [0], from = [0];
  for (var end = 1; end <= run.length; end++) {
    best[end] = Infinity;
    for (var length = Math.min(lex.longest, end); length >= 1; length--) {
      if (length > 1 && !lex.words[run.slice(end - length, end)]) continue;
      if (best[end - length] + 1 < best[end]) { best[end] = best[end - length] + 1; from[end] = end - length; }
    }
  }
  var words = [];
  for (var at = run.length; at > 0; at = from[at]) words.unshift(run.slice(from[at], at));
  return words.join(" ");
}

function segmented(query, lex) {
  return query.replace(CJK_RUN, function (run) { return " " + cut(run, lex) + " "; }).replace(/\s+/g, " ").trim();
}

// Pagefind asks for a word segmenter: words already cut above stay whole, the rest is native.
var NativeSegmenter = self.Intl && Intl.Segmenter;
if (NativeSegmenter) {
  Intl.Segmenter = function (locale, options) {
    var native = new NativeSegmenter(locale, options);
    if (!options || options.granularity !== "word") return native;
    return { segment: function (text) {
      var out = [];
      text.split(/(\s+)/).forEach(function (part) {
        if (/^[\u3400-\u9fff]+$/.test(part)) out.push({ segment: part, isWordLike: true });
        else for (var s of native.segment(part)) out.push(s);
      });
      return out;
    } };
  };
}

/* When a query still finds little (a phrase the pages word differently), shorter pieces of
   each Chinese run are searched too, longest first, and their results appended. */
var FEW = 3;
var MAX_PIECES = 8;

function pieces(query) {
  var result = [];
  (query.match(/[\u3400-\u9fff]{3,}/g) || []).forEach(function (run) {
    for (var length = run.length - 1; length >= 2; length--) {
      for (var start = 0; start + length <= run.length; start++) result.push(run.slice(start, start + length));
    }
  });
  return result.slice(0, MAX_PIECES);
}

function collect(module, query) {
  var seen = {};
  var ordered = [];
  function add(found) {
    found.results.forEach(function (result) {
      if (!seen[result.id]) { seen[result.id] = true; ordered.push(result); }
    });
  }
  return loadWords(query).then(function (lex) {
    return module.search(segmented(query, lex)).then(function (found) {
      add(found);
      if (ordered.length >= FEW) return ordered;
      return pieces(query).reduce(function (chain, piece) {
        return chain.then(function () {
          return ordered.length >= RESULTS ? null : module.search(segmented(piece, lex)).then(add);
        });
      }, Promise.resolve()).then(function () { return ordered; });
    });
  });
}

function matches(data, filters) {
  var meta = data.meta || {};
  return Object.keys(filters || {}).every(function (key) { return !filters[key] || meta[key] === filters[key]; });
}

/* Fragments are loaded ten at a time: without filters the first ten are the answer; with
   filters (the search page's 类型 / 城市 / 方案) more are read until ten match. */
function search(query, filters) {
  var terms = {};
  query.split(/\s+/).filter(Boolean).forEach(function (term) { terms[term] = true; });
  return load().then(function (module) {
    return collect(module, query);
  }).then(function (found) {
    var kept = [];
    function next(offset) {
      if (kept.length >= RESULTS || offset >= found.length || offset >= RESULTS * 5) return Promise.resolve(kept);
      var batch = found.slice(offset, offset + RESULTS);
      return Promise.all(batch.map(function (result) { return result.data(); })).then(function (pages) {
        pages.forEach(function (data) { if (kept.length < RESULTS && matches(data, filters)) kept.push(data); });
        return next(offset + RESULTS);
      });
    }
    return next(0);
  }).then(function (pages) {
    // Material orders result groups by score: hand it Pagefind's rank, not its raw scores.
    return { items: pages.map(function (data, index) { return group(data, pages.length - index, terms); }) };
  });
}

addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === 0) {
    var config = message.data && message.data.config;
    if (config && config.lang && config.lang.length) language = config.lang[0];
    postMessage({ type: 1 });  // ready at once: Pagefind loads on the first query
  } else if (message.type === 2) {
    if (!String(message.data || "").trim()) {  // Material asks once on every page load: load nothing
      postMessage({ type: 3, data: { items: [] } });
      return;
    }
    search(message.data, message.filters).then(function (data) {
      postMessage({ type: 3, data: data });
    }, function () {
      postMessage({ type: 3, data: { items: [] } });
    });
  }
});

/* Search worker for Material's own search box and the search page, answered by Pagefind.

   Material's search UI (header box, "/" shortcut, result list, phone overlay) talks to a
   Web Worker: {type: 0, data: index} → {type: 1}; {type: 2, data: query} →
   {type: 3, data: {items}}.  theme/main.html points Material at this worker instead of
   its lunr worker, which would need the whole site's index up front (about 5 MB per
   1,000 Chinese pages).  Pagefind loads only the index chunks a query needs.

   Beyond Material's protocol, a query may carry {filters, offset, limit} and every answer
   carries {total, offset, query, filters, choices, worker}: the true number of results, the
   filters applied and the ones offered.  Pagefind returns every matching page cheaply (ids
   and scores); only the fragments of the results shown are downloaded.  The header box's
   own controls (portal-search-box.js) cannot reach this worker, which Material created:
   they ask on the BroadcastChannel "portal-search", naming this worker's id. */
"use strict";

var base = self.location.href.replace(/assets\/javascripts\/portal-search-worker\.js.*$/, "");
var PAGE = 10;        // results shown at a time
var MAX_LIMIT = 500;  // fragments one answer may load
var LAST_KIND = "单位";  // unit pages go after the others (see ranked())
var TITLE_FIELD = "heading";  // the words of a page's title (generator/publish/search_words.py)
var FILTERS = ["kind", "city", "campaign"];
var worker = Math.random().toString(36).slice(2);
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
      return module.options({
        baseUrl: new URL(base).pathname,
        // The displayed title is indexed as Pagefind found it (a whole title is one "word"):
        // the title's real words are in `heading`, the text's inner words in `terms`.
        ranking: { metaWeights: { title: 0, heading: 5, terms: 1 } }
      }).then(function () { return module.init(); }).then(function () { return module; });
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

/* Pagefind cuts a Chinese query with the browser's Intl.Segmenter, whose dictionary differs
   from the one the index was cut with at build time (Chromium on Debian makes 扶/贫/攻/坚 of
   扶贫攻坚).  So each Chinese run is cut here instead, with the words the index really
   contains (search/lexicon, written by generator/search_lexicon.py, fetched per first
   character), and Pagefind's segmenter keeps those words whole. */
var CJK_RUN = /[\u3400-\u9fff]+/g;
var lexicon = null;  // {names, longest, choices, words: {}, loaded: {bucket: promise}}

function lexiconIndex() {
  if (!lexicon) {
    lexicon = fetch(base + "search/lexicon/index.json").then(function (response) {
      return response.ok ? response.json() : {};
    }).catch(function () { return {}; }).then(function (index) {
      return { names: index.buckets || [], longest: index.longest || 1, choices: index.filters || {},
               words: {}, loaded: {} };
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

/* Pagefind filters: {city: "昆明市"} → {city: "昆明市"}; empty choices are dropped. */
function pagefindFilters(filters) {
  var out = {};
  FILTERS.forEach(function (key) { if (filters && filters[key]) out[key] = String(filters[key]); });
  return out;
}

/* All results of one Pagefind query, in the portal's order: pages whose title holds the query
   first, then every other page; in both, unit pages after the others (they list what campaigns,
   activities, stations and stories describe).  The kind filter names the unit pages without
   loading a single fragment; Pagefind's score orders each group. */
function ranked(module, text, filters) {
  var wanted = pagefindFilters(filters);
  var units = wanted.kind ? Promise.resolve(null)
    : module.search(text, { filters: Object.assign({}, wanted, { kind: LAST_KIND }) });
  return Promise.all([module.search(text, { filters: wanted }), units]).then(function (answers) {
    var unit = {};
    if (answers[1]) answers[1].results.forEach(function (result) { unit[result.id] = true; });
    return answers[0].results.map(function (result, index) {
      var title = (result.matchedMetaFields || []).indexOf(TITLE_FIELD) !== -1;
      return { result: result, group: (title ? 0 : 2) + (unit[result.id] ? 1 : 0), index: index };
    }).sort(function (a, b) { return a.group - b.group || a.index - b.index; })
      .map(function (entry) { return entry.result; });
  });
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

function collect(module, query, filters, lex) {
  var seen = {};
  var ordered = [];
  function add(found) {
    found.forEach(function (result) {
      if (!seen[result.id]) { seen[result.id] = true; ordered.push(result); }
    });
  }
  return ranked(module, segmented(query, lex), filters).then(function (found) {
    add(found);
    if (ordered.length >= FEW) return ordered;
    return pieces(query).reduce(function (chain, piece) {
      return chain.then(function () {
        return ordered.length >= PAGE ? null : ranked(module, segmented(piece, lex), filters).then(add);
      });
    }, Promise.resolve()).then(function () { return ordered; });
  });
}

/* Excerpts are cut here, around the query as typed: Pagefind marks whole index words, and a
   page found through a word inside a longer one (雷锋 in 学雷锋) has no index word to mark. */
var EXCERPT = 60;  // characters
var BEFORE = 16;

function marksFor(query, lex) {
  var marks = {};
  (query.match(CJK_RUN) || []).forEach(function (run) {
    marks[run] = true;
    cut(run, lex).split(" ").forEach(function (word) { if (word.length > 1) marks[word] = true; });
  });
  query.replace(CJK_RUN, " ").split(/\s+/).forEach(function (word) {
    if (word.length > 1) marks[word.toLowerCase()] = true;
  });
  return Object.keys(marks).sort(function (a, b) { return b.length - a.length; });
}

/* The page's text as Pagefind holds it: words, and what joins them.  Pagefind ends every block
   (heading, list item, table cell) without punctuation with ". ", a word of its own; after
   Chinese text that reads as a stray English full stop, so it becomes a space. */
function textOf(data) {
  var raw = (data.raw_content || "").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
  var delimited = raw.indexOf("\u200B") !== -1;
  var words = delimited ? raw.split("\u200B") : raw.split(/\s+/);
  if (delimited) {
    words = words.map(function (word, i) {
      return word === ". " && i > 0 && /[^\x00-\x7f]\s*$/.test(words[i - 1]) ? " " : word;
    });
  }
  return { words: words, joiner: delimited ? "" : " " };
}

// Every mark's occurrences, longest mark first where two overlap.
function occurrences(text, marks) {
  var lower = text.toLowerCase();
  var taken = [];
  marks.forEach(function (mark) {
    for (var at = lower.indexOf(mark); at !== -1; at = lower.indexOf(mark, at + mark.length)) {
      var end = at + mark.length;
      if (!taken.some(function (t) { return at < t[1] && end > t[0]; })) taken.push([at, end]);
    }
  });
  return taken.sort(function (a, b) { return a[0] - b[0]; });
}

// {html, start, end}: about EXCERPT characters around the first match at or after `skip`, or null.
function excerpt(text, marks, skip) {
  var found = occurrences(text, marks);
  // A match after the heading says more than the heading itself, which the result shows already.
  var after = found.filter(function (range) { return range[0] >= (skip || 0); });
  if (after.length) found = after;
  if (!found.length) return null;
  var start = Math.max(0, found[0][0] - BEFORE);
  var end = Math.min(text.length, start + EXCERPT);
  var out = start > 0 ? "…" : "";
  var at = start;
  found.forEach(function (range) {
    if (range[0] < at || range[1] > end) return;
    out += escapeHtml(text.slice(at, range[0])) + "<mark>" + escapeHtml(text.slice(range[0], range[1])) + "</mark>";
    at = range[1];
  });
  return { html: out + escapeHtml(text.slice(at, end)) + (end < text.length ? "…" : ""), start: start, end: end };
}

/* Sections (h2–h6 with an id) whose own text holds the query, at most three, leaving out the
   ones the page's own excerpt already shows (`shown`: its character range). */
function sections(data, text, marks, shown) {
  var anchors = (data.anchors || []).filter(function (a) {
    return /^h[2-6]$/i.test(a.element) && a.id && /\S/.test(a.text || "");
  }).sort(function (a, b) { return a.location - b.location; });
  var offsets = [0];  // character offset of each word in the joined text
  text.words.forEach(function (word, i) { offsets.push(offsets[i] + word.length + text.joiner.length); });
  var found = [];
  anchors.forEach(function (anchor, i) {
    var last = i + 1 < anchors.length ? anchors[i + 1].location : text.words.length;
    if (found.length >= 3 || (shown && shown.start < offsets[last] && shown.end > offsets[anchor.location])) return;
    var body = text.words.slice(anchor.location, last).join(text.joiner);
    var cut = excerpt(body, marks, body.indexOf(anchor.text) === 0 ? anchor.text.length : 0);
    if (cut) found.push({ anchor: anchor, excerpt: cut.html });
  });
  return found;
}

function fact(data, key) {
  var values = (data.filters || {})[key];
  return values && values.length ? values[0] : "";
}

function group(data, score, terms, marks) {
  var meta = data.meta || {};
  var facts = ["kind", "campaign", "city", "date"].map(function (key) { return fact(data, key); })
    .filter(Boolean).map(escapeHtml).join(" · ");
  var text = textOf(data);
  var whole = text.words.join(text.joiner);
  var heading = (data.anchors || []).filter(function (a) { return /^h1$/i.test(a.element) && a.location === 0; })[0];
  var skip = heading && whole.indexOf(heading.text) === 0 ? heading.text.length : 0;
  var cut = excerpt(whole, marks, skip);
  var page = {
    location: relative(data.url),
    title: escapeHtml(meta.title || data.url),
    text: (facts ? '<p class="portal-search-facts">' + facts + "</p>" : "") +
          "<p>" + (cut ? cut.html : data.excerpt) + "</p>",
    score: score,
    terms: terms
  };
  var parts = sections(data, text, marks, cut).map(function (section) {
    return { location: relative(data.url) + "#" + encodeURIComponent(section.anchor.id),
             title: escapeHtml(section.anchor.text), text: "<p>" + section.excerpt + "</p>",
             score: score / 2, terms: terms };
  });
  return [page].concat(parts);
}

function search(query, filters, offset, limit) {
  var terms = {};
  query.split(/\s+/).filter(Boolean).forEach(function (term) { terms[term] = true; });
  return Promise.all([load(), loadWords(query)]).then(function (ready) {
    var lex = ready[1];
    return collect(ready[0], query, filters, lex).then(function (found) {
      var shown = found.slice(offset, offset + limit);
      return Promise.all(shown.map(function (result) { return result.data(); })).then(function (pages) {
        var marks = marksFor(query, lex);
        // Material orders result groups by score: hand it the portal's rank, not Pagefind's scores.
        var items = pages.map(function (data, index) { return group(data, pages.length - index, terms, marks); });
        return { items: items, total: found.length, offset: offset, query: query,
                 filters: pagefindFilters(filters), choices: lex.choices, worker: worker };
      });
    });
  });
}

/* Material's own queries carry no filters: the ones last set here (the header box's city)
   stay until set again.  Only the latest question is answered: an older one still running
   when the reader typed on would replace the newer answer in Material's list. */
var current = { filters: {}, asked: 0 };

function ask(message) {
  var query = String(message.data || "").trim();
  if (message.filters) current.filters = message.filters;
  var asked = ++current.asked;
  if (!query) {  // Material asks once on every page load: load nothing
    postMessage({ type: 3, data: { items: [], total: 0, offset: 0, query: "", filters: pagefindFilters(current.filters),
                                   choices: {}, worker: worker } });
    return;
  }
  var offset = Math.max(0, Math.floor(+message.offset || 0));
  var limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(+message.limit || PAGE)));
  search(query, current.filters, offset, limit).then(function (data) {
    if (asked === current.asked) postMessage({ type: 3, data: data });
  }, function () {
    if (asked === current.asked) postMessage({ type: 3, data: { items: [], total: 0, offset: 0, query: query,
                                                               filters: {}, choices: {}, worker: worker } });
  });
}

addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === 0) {
    var config = message.data && message.data.config;
    if (config && config.lang && config.lang.length) language = config.lang[0];
    postMessage({ type: 1 });  // ready at once: Pagefind loads on the first query
  } else if (message.type === 2) {
    ask(message);
  }
});

if (self.BroadcastChannel) {
  new BroadcastChannel("portal-search").addEventListener("message", function (event) {
    var message = event.data || {};
    if (message.worker === worker) ask({ type: 2, data: message.query, filters: message.filters, limit: message.limit });
  });
}

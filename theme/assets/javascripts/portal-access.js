/* 适老化 reading aids: large text and high contrast, remembered across pages and visits
   (localStorage), a keyboard help dialog on "?", and focus kept on the page after
   Material's instant navigation.  theme/main.html applies the saved choice in <head>
   before the first paint and shows the banner; this script wires its buttons.  Without
   JavaScript the banner stays hidden and every page still works. */
(function () {
  "use strict";

  var KEY = "portal-access";
  var root = document.documentElement;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (error) { return {}; }
  }

  function save(state) {
    try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (error) { /* private mode: this page only */ }
  }

  function apply(state) {
    root.classList.toggle("portal-large", !!state.large);
    root.classList.toggle("portal-contrast", !!state.contrast);
  }

  function openHelp() {
    var dialog = document.querySelector("dialog.portal-help");
    if (dialog && !dialog.open) dialog.showModal();
  }

  function setup() {
    var state = load();
    apply(state);
    var bar = document.querySelector("[data-portal-access]");
    if (!bar) return;
    bar.querySelectorAll("[data-portal-access-toggle]").forEach(function (button) {
      var key = button.getAttribute("data-portal-access-toggle");
      button.setAttribute("aria-pressed", String(!!state[key]));
      button.onclick = function () {
        var current = load();
        current[key] = !current[key];
        save(current);
        apply(current);
        button.setAttribute("aria-pressed", String(current[key]));
      };
    });
    var help = bar.querySelector("[data-portal-access-help]");
    if (help) help.onclick = openHelp;
    var dialog = document.querySelector("dialog.portal-help");
    if (dialog) {
      dialog.querySelector("[data-portal-help-close]").onclick = function () { dialog.close(); };
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "?" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    event.preventDefault();
    openHelp();
  });

  // Instant navigation swaps the page under the link that had focus; without this the focus
  // falls back to <body> and a keyboard or screen-reader user starts again from the top.
  var first = true;
  function keepFocus() {
    if (location.hash) return;  // Material scrolls to the anchor
    var active = document.activeElement;
    if (active && active !== document.body && document.contains(active)) return;
    var heading = document.querySelector("article h1");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }
  }

  function afterNavigation() {
    setup();
    if (first) { first = false; return; }
    setTimeout(keepFocus, 0);  // after Material has swapped the content the focus was in
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(afterNavigation);
  } else {
    document.addEventListener("DOMContentLoaded", afterNavigation);
  }
})();

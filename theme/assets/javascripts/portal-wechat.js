/* Inside WeChat's browser, calendar files (.ics) and webcal: links do nothing: show the notes
   (rendered hidden next to the calendar buttons) that say how to open the page in a browser, and
   make a tap on such a link bring the note into view instead of failing silently.
   Elsewhere, and without this script, nothing changes. */
(function () {
  "use strict";

  var inWeChat = /MicroMessenger/i.test(navigator.userAgent);
  var CALENDAR_LINK = 'a[href^="webcal:"], a[href$=".ics"]';

  function setup() {
    if (!inWeChat) {
      return;
    }
    var notes = document.querySelectorAll("[data-portal-wechat]");
    notes.forEach(function (note) {
      note.hidden = false;
      note.setAttribute("tabindex", "-1");
      note.setAttribute("role", "note");
    });
    if (!notes.length) {
      return;
    }
    document.querySelectorAll(CALENDAR_LINK).forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var note = notes[0];
        note.scrollIntoView({ block: "center" });
        note.focus({ preventScroll: true });
      });
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();

/* Pages that moved (generator/plan/permalinks.py): go on to the new address and keep the
   #fragment, which the <meta http-equiv="refresh"> alone would drop.  A file rather than an
   inline script, so that the Content-Security-Policy needs no exception for it. */
(function () {
  "use strict";
  var refresh = document.querySelector('meta[http-equiv="refresh"]');
  var target = refresh && /;\s*url=(.*)$/i.exec(refresh.getAttribute("content") || "");
  if (target) location.replace(target[1] + location.hash);
})();

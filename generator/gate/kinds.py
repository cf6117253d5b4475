"""The kinds of output: each has its own policy in the gate (gate/policies.py), and the plan
gives every output one of them (plan/outputs.py)."""

PAGE = "page"  # Markdown that mkdocs renders; its HTML passes the page policy in the mkdocs hook
CARD = "card"  # share image drawn by the generator (PNG)
ICS = "ics"
ATOM, RSS, JSON_FEED = "atom", "rss", "json-feed"
GEOJSON, CSV = "geojson", "csv"
ATTACHMENT = "attachment"  # an editor's document, copied
PHOTO = "photo"  # a story photo, copied
VENDOR = "vendor"  # front-end libraries from npm (package-lock.json)
REDIRECT = "redirect"  # HTML the generator writes itself, from a fixed template
TEXT = "text"  # robots.txt
ZIP = "zip"  # a story's press kit (render/press.py): its text and photos, built by the generator
KINDS = frozenset({PAGE, CARD, ICS, ATOM, RSS, JSON_FEED, GEOJSON, CSV, ATTACHMENT, PHOTO, VENDOR, REDIRECT, TEXT,
                   ZIP})

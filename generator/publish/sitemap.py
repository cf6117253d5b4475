"""Two sitemaps: every page for search engines, at most a bounded number for the browser.

Material's instant navigation downloads sitemap.xml on a reader's first visit, to know which
links it may load in place; mkdocs lists every page there, about 70 KB (gzip) at 10,000 pages,
a cost that grew with the site.  So the full list moves to sitemap-pages.xml (robots.txt names
it for search engines), and sitemap.xml keeps at most MAX_URLS pages, the shallowest first
(the sections, their lists, campaigns and their months before single activities): a small
portal keeps every page there and loses nothing; on a large one, a link to a page left out
is an ordinary page load.
"""

from __future__ import annotations

import gzip
import io
import os
import re
from pathlib import Path

from generator.publish import safe_fs

MAX_URLS = 2000
FULL = "sitemap-pages.xml"
_URL = re.compile(r"\s*<url>.*?</url>", re.S)
_LOC = re.compile(r"<loc>([^<]*)</loc>")


def _write(site: Path, name: str, text: str) -> None:
    data = text.encode("utf-8")
    safe_fs.replace_file(site / name, data)
    buffer = io.BytesIO()
    # mtime from the build's date, as mkdocs' own sitemap.xml.gz: two builds are byte-identical
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=int(os.environ.get("SOURCE_DATE_EPOCH", 0))) as z:
        z.write(data)
    safe_fs.replace_file(site / f"{name}.gz", buffer.getvalue())


def split_sitemap(site: Path, limit: int = MAX_URLS) -> None:
    path = site / "sitemap.xml"
    data = safe_fs.read_file(path, 256 * 1024 * 1024)
    if data is None:
        return
    text = data.decode("utf-8")
    _write(site, FULL, text)
    entries = _URL.findall(text)
    if len(entries) <= limit:
        return
    def depth(entry: str) -> tuple:
        loc = _LOC.search(entry)
        url = loc.group(1) if loc else ""
        return (url.rstrip("/").count("/"), url)
    kept = set(sorted(entries, key=depth)[:limit])
    start = text.index(entries[0])
    end = text.index(entries[-1]) + len(entries[-1])
    _write(site, "sitemap.xml", text[:start] + "".join(e for e in entries if e in kept) + text[end:])

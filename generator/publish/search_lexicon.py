"""The Chinese words of the search index, for cutting queries the way the index was cut.

Pagefind segments pages at build time (jieba) but queries in the browser with
Intl.Segmenter, whose dictionary differs by browser: Chromium on Debian cuts 扶贫攻坚 into
扶/贫/攻/坚 and finds nothing, although the index holds 扶贫 and 攻坚.  So the search worker
cuts each Chinese run of a query itself, with the words the index really contains.

The words are read from Pagefind's own index chunks (gzip + CBOR) and split into buckets
by first character, so a query downloads only the buckets of its characters.  Bucket
files are named by content hash; index.json lists them (the only file that can go stale),
and the values of the filters the header search box offers (城市), most pages first.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import re
from pathlib import Path

import cbor2

from generator.errors import BuildError

SIGNATURE = b"pagefind_dcd"
WORD = re.compile(r"[\u3400-\u9fff]{2,8}")  # longer index words are whole headings, never typed
BUCKET_BYTES = 4096  # raw size aimed at per bucket: about 1.5 KB with gzip
LEXICON_DIR = ("search", "lexicon")
BOX_FILTERS = ("city",)  # offered in the header box's results; the search page has all of them


def index_words(pagefind_dir: Path) -> set[str]:
    words: set[str] = set()
    for chunk in sorted((pagefind_dir / "index").glob("*.pf_index")):
        raw = gzip.decompress(chunk.read_bytes())
        if not raw.startswith(SIGNATURE):
            raise BuildError(f"无法读取搜索索引文件 {chunk.name}：Pagefind 的格式与本程序不符，请检查 pagefind 版本。")
        try:
            entries = cbor2.loads(raw[len(SIGNATURE):])[0]
            words.update(entry[0] for entry in entries)
        except (cbor2.CBORDecodeError, IndexError, TypeError) as error:
            raise BuildError(f"无法读取搜索索引文件 {chunk.name}（{error}），请检查 pagefind 版本。") from None
    return {word for word in words if isinstance(word, str) and WORD.fullmatch(word)}


def bucket_of(word: str, buckets: int) -> int:
    # Same rule in portal-search-worker.js: first character's code point modulo the count.
    return ord(word[0]) % buckets


def write_lexicon(site_dir: Path, filters: dict[str, dict[str, int]] | None = None) -> Path:
    words = sorted(index_words(site_dir / "pagefind"))
    size = sum(len(word.encode("utf-8")) + 1 for word in words)
    buckets = max(1, math.ceil(size / BUCKET_BYTES))
    grouped: list[list[str]] = [[] for _ in range(buckets)]
    for word in words:
        grouped[bucket_of(word, buckets)].append(word)
    target = site_dir.joinpath(*LEXICON_DIR)
    target.mkdir(parents=True, exist_ok=True)
    names = []
    for group in grouped:
        body = "\n".join(group).encode("utf-8")
        name = hashlib.sha256(body).hexdigest()[:12] + ".txt"
        (target / name).write_bytes(body)
        names.append(name)
    longest = max((len(word) for word in words), default=1)
    choices = {name: sorted(values, key=lambda value: (-values[value], value))
               for name, values in sorted((filters or {}).items()) if name in BOX_FILTERS}
    index = {"buckets": names, "longest": longest, "filters": choices}
    (target / "index.json").write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    return target

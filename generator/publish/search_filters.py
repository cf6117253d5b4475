"""Pagefind's filter files, written the same way on every run.

Pagefind 1.5 writes the values of a filter (城市: 昆明市, 普洱市 …) in hash-map order, which
changes from run to run, and names each filter file, the index's metadata file that lists them
and pagefind-entry.json's pointer to it by their contents — so two builds of the same pages
differed.  Here each filter file is rewritten with its values sorted and renamed by its new
contents, and the metadata file and the entry follow.  The same pages now give the same bytes,
and a name still says what a file holds (search_grace.py relies on that).

Also returns each filter's values with their page counts, for the search boxes' choices.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import cbor2

from generator.errors import BuildError
from generator.publish import safe_fs

SIGNATURE = b"pagefind_dcd"


def _read(path: Path):
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise BuildError(f"无法读取搜索索引文件 {path.name}：Pagefind 的格式与本程序不符，请检查 pagefind 版本。")
    try:
        return cbor2.loads(raw[len(SIGNATURE):])
    except cbor2.CBORDecodeError as error:
        raise BuildError(f"无法读取搜索索引文件 {path.name}（{error}），请检查 pagefind 版本。") from None


def _pack(data) -> bytes:
    return gzip.compress(SIGNATURE + cbor2.dumps(data), compresslevel=9, mtime=0)


def _name(language: str, body: bytes, digits: int) -> str:
    return f"{language}_{hashlib.sha256(body).hexdigest()[:digits]}"


def canonical_filters(pagefind_dir: Path) -> dict[str, dict[str, int]]:
    """Rewrite every language's filter files in a fixed order; returns {filter: {value: pages}}."""
    entry_path = pagefind_dir / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    counts: dict[str, dict[str, int]] = {}
    for language, info in sorted(entry["languages"].items()):
        meta_path = pagefind_dir / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        try:
            filters = meta[3]
            renamed = []
            for name, chunk in filters:
                chunk_path = pagefind_dir / "filter" / f"{chunk}.pf_filter"
                filter_name, values = _read(chunk_path)
                values = sorted(values, key=lambda value: value[0])
                for value, pages in values:
                    counts.setdefault(filter_name, {})[value] = counts.get(filter_name, {}).get(value, 0) + len(pages)
                body = _pack([filter_name, values])
                new = _name(language, body, 7)
                safe_fs.remove(chunk_path)
                safe_fs.replace_file(pagefind_dir / "filter" / f"{new}.pf_filter", body)
                renamed.append([name, new])
        except (IndexError, TypeError, ValueError) as error:
            raise BuildError(f"无法读取搜索索引的筛选文件（{error}），请检查 pagefind 版本。") from None
        meta[3] = sorted(renamed)
        body = _pack(meta)
        new_hash = _name(language, body, 10)
        safe_fs.remove(meta_path)
        safe_fs.replace_file(pagefind_dir / f"pagefind.{new_hash}.pf_meta", body)
        info["hash"] = new_hash
    safe_fs.replace_file(entry_path, json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return counts

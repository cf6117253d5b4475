"""Full-text search index: Pagefind over the built HTML, with every Chinese word findable.

Pagefind's extended build segments Chinese at index time and splits the index into
chunks, so a browser downloads only what a query needs.  Before it runs, search_words.py
stages the searchable pages with the words Pagefind's own segmentation would hide (雷锋 in
学雷锋); after it, search_filters.py makes its filter files deterministic and the lexicon
(search_lexicon.py) lists the index's words for cutting queries.  Material's own lunr index
(search/search_index.json, one file with every page) is replaced by an empty stub: its
search box stays, answered by theme/assets/javascripts/portal-search-worker.js.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from generator.errors import BuildError
from generator.publish import safe_fs
from generator.publish.search_filters import canonical_filters
from generator.publish.search_lexicon import LEXICON_DIR, write_lexicon
from generator.publish.search_words import stage_site

STUB = {"config": {"lang": ["zh"], "separator": "[\\s\\-]+", "pipeline": []}, "docs": []}


def index_site(site_dir: Path) -> None:
    """Index the whole site again.  The previous index goes first: Pagefind writes into files in
    place, and in an incremental build they are hard links to the published site's."""
    for generated in (site_dir / "pagefind", site_dir.joinpath(*LEXICON_DIR)):
        safe_fs.remove(generated)
    with tempfile.TemporaryDirectory(prefix="portal-search-") as temporary:
        stage = Path(temporary)
        stage_site(site_dir, stage)
        command = [sys.executable, "-m", "pagefind", "--site", str(stage),
                   "--output-path", str(site_dir / "pagefind"), "--quiet"]
        result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildError(f"搜索索引（Pagefind）生成失败：{(result.stderr or result.stdout).strip()[-500:]}")
    filters = canonical_filters(site_dir / "pagefind")
    write_lexicon(site_dir, filters)
    stub = site_dir / "search" / "search_index.json"
    if stub.parent.is_dir():
        safe_fs.replace_file(stub, json.dumps(STUB).encode("utf-8"))

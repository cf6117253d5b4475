"""Full-text search index: Pagefind over the built HTML, with Chinese word segmentation.

Pagefind's extended build segments Chinese at index time and splits the index into
chunks, so a browser downloads only what a query needs.  Material's own lunr index
(search/search_index.json, one file with every page) is replaced by an empty stub:
its search box stays, answered by theme/assets/javascripts/portal-search-worker.js.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from generator.errors import BuildError
from generator.publish import safe_fs
from generator.publish.search_lexicon import LEXICON_DIR, write_lexicon

STUB = {"config": {"lang": ["zh"], "separator": "[\\s\\-]+", "pipeline": []}, "docs": []}
# Text that is on the page but means nothing in a result excerpt: heading permalinks (¶)
# and the screen-reader header of fact tables (项目 / 内容).
EXCLUDE = (".headerlink", ".portal-facts thead")


def index_site(site_dir: Path) -> None:
    """Index the whole site again.  The previous index goes first: Pagefind writes into files in
    place, and in an incremental build they are hard links to the published site's."""
    for generated in (site_dir / "pagefind", site_dir.joinpath(*LEXICON_DIR)):
        safe_fs.remove(generated)
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--quiet"]
    for selector in EXCLUDE:
        command += ["--exclude-selectors", selector]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildError(f"搜索索引（Pagefind）生成失败：{(result.stderr or result.stdout).strip()[-500:]}")
    write_lexicon(site_dir)
    stub = site_dir / "search" / "search_index.json"
    if stub.parent.is_dir():
        safe_fs.replace_file(stub, json.dumps(STUB).encode("utf-8"))

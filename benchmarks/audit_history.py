"""How long the audit trail's git history takes at portal scale (publish/revisions.py).

A scratch repository with FILES content files and COMMITS commits (each touching a few files, some
moving one into a region folder); prints the cold read (one `git log` pass), the read again at the
same HEAD (cached: what `portal serve` pays after each save) and after one more commit.

    .venv/bin/python benchmarks/audit_history.py [FILES] [COMMITS]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.publish import revisions  # noqa: E402


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.cn",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.cn"}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def main() -> None:
    files = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    commits = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        git(root, "init", "-q", "-b", "main")
        stations = root / "content" / "stations"
        stations.mkdir(parents=True)
        for i in range(files):
            (stations / f"s{i:05d}.yaml").write_text(f"name: 站点{i}\nregion: r{i % 50}\n", encoding="utf-8")
        (root / "campaigns.yaml").write_text("site: {}\n", encoding="utf-8")
        git(root, "add", "-A")
        git(root, "commit", "-qm", "initial")
        for c in range(commits):
            for k in range(5):
                path = stations / f"s{(c * 37 + k * 101) % files:05d}.yaml"
                if path.exists():
                    path.write_text(path.read_text(encoding="utf-8") + f"# edit {c}\n", encoding="utf-8")
            if c % 10 == 0:  # a station moved into its region folder
                source = stations / f"s{c:05d}.yaml"
                if source.exists():
                    (stations / "r").mkdir(exist_ok=True)
                    git(root, "mv", str(source), str(stations / "r" / source.name))
            git(root, "commit", "-qam", f"edit {c}")

        start = time.perf_counter()
        history = revisions.read_history(root)
        cold = time.perf_counter() - start
        start = time.perf_counter()
        revisions.read_history(root)
        cached = time.perf_counter() - start
        (stations / "s00001.yaml").write_text("name: 改\nregion: r1\n", encoding="utf-8")
        git(root, "commit", "-qam", "one more")
        start = time.perf_counter()
        revisions.read_history(root)
        after = time.perf_counter() - start
        known = sum(1 for p in (root / "content").rglob("*.yaml") if history.commit_of(p.relative_to(root).as_posix()))
        print(f"Audit history: {files} files, {commits + 1} commits ({known} files with a commit)")
        print(f"  cold read (one git log pass)     {cold:6.2f} s")
        print(f"  same HEAD again (portal serve)   {cached:6.2f} s")
        print(f"  after one more commit            {after:6.2f} s")


if __name__ == "__main__":
    main()

"""The staging directory of an incremental build: the published site, shared by hard links.

Copying 10,000 pages to change one would cost more than building it; a hard link costs
nothing and the published site is never touched, provided nothing writes *into* a linked
file.  mkdocs and Pagefind write with plain ``open(path, "w")``, which would write through
the link into the published file — so every file they are about to write is unlinked first
(mkdocs_hooks.on_files, on_post_build), and the files of removed outputs are deleted here.
Then the usual atomic swap publishes the staging directory.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from generator.plan.urls import page_dir
from generator.publish import safe_fs

DIRTY_WARNING = "A 'dirty' build is being performed"


def linked_copy(site: Path, staging: Path) -> None:
    """Every directory of ``site`` made again in ``staging``, every file hard-linked into it
    (GNU cp -al where there is one: 20,000 files in a fraction of Python's time)."""
    if shutil.which("cp") and subprocess.run(["cp", "-al", "--no-dereference", f"{site}/.", f"{staging}/"],
                                             capture_output=True).returncode == 0:
        return
    for directory, dirs, files in os.walk(site):
        relative = Path(directory).relative_to(site)
        for name in dirs:
            (staging / relative / name).mkdir(mode=0o755)
        for name in files:
            source = Path(directory) / name
            if safe_fs.kind(source) == "file":  # the site is ours: a link in it is not copied
                os.link(source, staging / relative / name)


def site_path(docs_path: str) -> str:
    """Where mkdocs puts a docs file: a page as its directory's index.html, anything else as it is."""
    return page_dir(docs_path) + "index.html" if docs_path.endswith(".md") else docs_path


def remove_outputs(staging: Path, docs_paths: Iterable[str]) -> None:
    """The built files of outputs that no longer exist (mkdocs, building dirty, leaves them)."""
    for docs_path in docs_paths:
        safe_fs.remove(staging / site_path(docs_path))


def unlink_shared(path: Path) -> None:
    """Before a file is written in place: a hard link to the published site is unlinked, so the
    writer creates a new file instead of changing the published one."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if info.st_nlink > 1 or not os.path.isfile(path):
        os.unlink(path)


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


@contextmanager
def quiet_dirty_warning() -> Iterator[None]:
    """mkdocs warns that a dirty build may leave navigation stale — true of its file-time guess,
    not of ours (only index pages are in the navigation, and they are rebuilt when they change);
    in strict mode the warning would abort the build."""
    logger = logging.getLogger("mkdocs.commands.build")
    dropped = _DropDirtyWarning()
    logger.addFilter(dropped)
    try:
        yield
    finally:
        logger.removeFilter(dropped)

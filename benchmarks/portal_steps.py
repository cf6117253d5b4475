"""`portal` with a stopwatch on each build step: the CLI unchanged, step times written as JSON.

    PORTAL_STEP_TIMES=FILE .venv/bin/python benchmarks/portal_steps.py --project DIR --today D build

Used by scale.py instead of `python -m generator.cli`.  It wraps the step functions that
generator/build.py calls by name (load_sources … swap_into_place, see its docstring) and the
search step that the mkdocs hook runs (publish/search_index.index_site), then calls the CLI's
main().  Nothing in the generator changes; a step that has been renamed or removed is simply
not timed.  Times are seconds, summed when a step runs more than once.
"""

from __future__ import annotations

import atexit
import json
import os
import sys
import time
from functools import wraps
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator import build, cli  # noqa: E402
from generator.publish import search_index  # noqa: E402

# Steps called from build.py (nested: check runs load_sources … render_plan; _mkdocs runs the hook's
# index_site), and the lexicon written after Pagefind inside index_site.
BUILD_STEPS = ("check", "load_sources", "build_model", "render_fragments", "plan_site", "render_plan",
               "vanished_urls", "draw_cards", "write_docs", "linked_copy", "mkdocs_build", "swap_into_place", "write_manifest")
SEARCH_STEPS = ("index_site", "write_lexicon")
STARTED = time.perf_counter()
times: dict[str, float] = {}


def _timed(name: str, function):
    @wraps(function)
    def run(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            times[name] = times.get(name, 0.0) + time.perf_counter() - started
    return run


def install() -> None:
    for module, names in ((build, BUILD_STEPS), (search_index, SEARCH_STEPS)):
        for name in names:
            if callable(getattr(module, name, None)):
                setattr(module, name, _timed(name, getattr(module, name)))


def _save() -> None:
    times["process"] = time.perf_counter() - STARTED  # after imports: the interpreter's start is not in it
    path = os.environ.get("PORTAL_STEP_TIMES")
    if path:
        Path(path).write_text(json.dumps(times), encoding="utf-8")


if __name__ == "__main__":
    install()  # before mkdocs loads the hook, which imports index_site by name
    atexit.register(_save)
    sys.exit(cli.main())

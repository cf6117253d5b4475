"""The preview's last check (publish/preview.py records it): the form editor (/admin/,
preview_admin.py) tells the editor whether a save passed, with `portal check`'s messages."""

from __future__ import annotations

import threading
from typing import Optional

_lock = threading.Lock()
_last = {"serial": 0, "started": 0.0, "report": None}  # report: the mistakes; None when it passed


def record(started: float, report: Optional[str]) -> None:
    """A check that began at ``started`` (time.time()) ended with ``report``."""
    with _lock:
        _last.update(serial=_last["serial"] + 1, started=started, report=report)


def status(written_at: float = 0.0) -> dict:
    """The last check; ``pending``: a file was written (at ``written_at``) after it started, so a
    check that reads it is still to come."""
    with _lock:
        return {"serial": _last["serial"], "ok": _last["report"] is None, "report": _last["report"] or "",
                "pending": written_at >= _last["started"]}

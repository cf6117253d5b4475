"""Write phase: the only code that touches the generated docs directory.

Outputs are collected first, then written: each passes its kind's policy in the output
gate (gate/policies.py) as it is added; a path claimed twice is a bug and is refused;
files whose bytes did not change are left alone (so mkdocs' live reload only sees real
changes); files no longer produced are removed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from generator.gate.policies import police


class DuplicateOutput(Exception):
    pass


@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


class Outputs:
    def __init__(self) -> None:
        self._files: dict[str, bytes] = {}
        self.issues: list = []  # what the render phase found while filling this

    def add(self, path: str, content: str | bytes, kind: Optional[str] = None) -> None:
        """``kind`` picks the gate policy (see gate/policies.py); by default it follows the suffix."""
        if path in self._files:
            raise DuplicateOutput(f"two outputs claim {path}")
        data = content.encode("utf-8") if isinstance(content, str) else content
        self._files[path] = police(path, data, kind)

    def __contains__(self, path: str) -> bool:
        return path in self._files

    def __len__(self) -> int:
        return len(self._files)

    def items(self):
        return sorted(self._files.items())

    def write(self, target: Path) -> WriteStats:
        stats = WriteStats()
        target.mkdir(parents=True, exist_ok=True)
        for relative, data in self.items():
            path = target / relative
            if path.is_file() and path.read_bytes() == data:
                stats.unchanged += 1
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(path.name + ".tmp")
            temporary.write_bytes(data)
            os.replace(temporary, path)  # readers never see a half-written page
            stats.written += 1
        for path in sorted(target.rglob("*"), reverse=True):
            relative = path.relative_to(target).as_posix()
            if path.is_file() and relative not in self._files:
                path.unlink()
                stats.removed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
        return stats

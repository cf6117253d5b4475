"""Every rendered output in memory, each through its kind's policy as it is added
(gate/policies.py); a path claimed twice is a generator bug and is refused.  Writing them
is the publish phase's (publish/docs.py)."""

from __future__ import annotations

from typing import Optional

from generator.gate.policies import police


class DuplicateOutput(Exception):
    pass


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

"""Groups of nodes as people read lists: ordered by their key, case-insensitively (as Jinja's
``groupby`` did when templates grouped), each group keeping its items' own order."""

from __future__ import annotations

from itertools import groupby
from typing import Any, Callable, Iterable, TypeVar

T = TypeVar("T")


def _fold(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def sorted_by(items: Iterable[T], key: Callable[[T], Any], reverse: bool = False) -> list[T]:
    """A stable sort on ``key``, strings compared case-insensitively."""
    return sorted(items, key=lambda item: _fold(key(item)), reverse=reverse)


def grouped(items: Iterable[T], key: Callable[[T], Any], reverse: bool = False) -> list[tuple[Any, list[T]]]:
    """(key of the group's first item, items) for each key, in key order."""
    ordered = sorted_by(items, key, reverse)
    groups = []
    for _, members in groupby(ordered, key=lambda item: _fold(key(item))):
        members = list(members)
        groups.append((key(members[0]), members))
    return groups

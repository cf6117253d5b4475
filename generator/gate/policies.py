"""The output gate's table: every kind of output and the policy its bytes must pass.

A policy takes (docs path, bytes) and returns the bytes to publish (the same, or
neutralised) or raises GateError.  `Outputs.add` runs it for every file, so nothing
reaches the docs dir without its kind's rule.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Callable, Optional

from generator.gate import kinds
from generator.gate.attachments import attachment_policy
from generator.gate.feeds import feed_policy, json_feed_policy
from generator.gate.pages import page_policy, redirect_policy
from generator.gate.csv import csv_policy
from generator.gate.errors import GateError
from generator.gate.ics import ics_policy
from generator.gate.json import json_policy
from generator.gate.names import path_problem
from generator.gate.raster import FORMATS as RASTER_FORMATS, drawn_image_policy, photo_raster_policy
from generator.gate.svg import svg_policy
from generator.gate.zips import zip_policy

Policy = Callable[[str, bytes], bytes]


def _shipped(path: str, data: bytes) -> bytes:
    # Files of this program or of npm packages pinned by package-lock.json; no content reaches them.
    return data


def _photo_policy(path: str, data: bytes) -> bytes:
    return svg_policy(path, data) if path.lower().endswith(".svg") else photo_raster_policy(path, data)


POLICIES: dict[str, Policy] = {
    kinds.PAGE: page_policy,
    kinds.REDIRECT: redirect_policy,
    kinds.ATOM: feed_policy,
    kinds.RSS: feed_policy,
    kinds.JSON_FEED: json_feed_policy,
    kinds.VENDOR: _shipped,
    kinds.TEXT: _shipped,
    kinds.GEOJSON: json_policy,
    kinds.CSV: csv_policy,
    kinds.ICS: ics_policy,
    kinds.CARD: drawn_image_policy,
    kinds.PHOTO: _photo_policy,
    kinds.ATTACHMENT: attachment_policy,
    kinds.ZIP: zip_policy,
}
assert set(POLICIES) == kinds.KINDS

# The kind of an output whose caller did not say (every planned output says).
SUFFIX_KINDS = {".md": kinds.PAGE, ".html": kinds.REDIRECT, ".xml": kinds.ATOM, ".rss": kinds.RSS,
                ".json": kinds.GEOJSON, ".geojson": kinds.GEOJSON, ".csv": kinds.CSV, ".ics": kinds.ICS,
                ".svg": kinds.PHOTO, **{suffix: kinds.CARD for suffix in RASTER_FORMATS},
                ".js": kinds.VENDOR, ".css": kinds.VENDOR, ".txt": kinds.TEXT, ".zip": kinds.ZIP,
                "": kinds.VENDOR}


def kind_of(path: str) -> Optional[str]:
    return SUFFIX_KINDS.get(PurePosixPath(path).suffix.lower())


def police(path: str, data: bytes, kind: Optional[str] = None) -> bytes:
    """The bytes ``path`` may be published with; GateError names the output and what is wrong."""
    problem = path_problem(path)
    if problem:
        raise GateError(f"输出路径 {path} {problem}，不能用作网址。")
    kind = kind or kind_of(path)
    policy = POLICIES.get(kind) if kind else None
    if policy is None:
        raise GateError(f"输出 {path} 的类型{f'“{kind}”' if kind else ''}没有发布规则，不能发布。")
    try:
        return policy(path, data)
    except GateError as error:
        raise GateError(f"输出 {path}（{kind}）未通过检查：{path.rpartition('/')[2]}{error}") from None

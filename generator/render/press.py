"""A story's press kit: a zip, built with the site, of its text and every photo at full size,
with a credits file — what a journalist needs to reprint it correctly.

The archive is the same bytes for the same story: entries sorted, one fixed timestamp, fixed
permissions, no directory entries (gate/zips.py refuses anything else).  Its plan sources are
the story's file and its photos (plan/pages.files), so a changed photo rebuilds it.
"""

from __future__ import annotations

import io
import zipfile

from generator.model.nodes import ExemplarNode, Site, StoryNode
from generator.model.timing import cn_date
from generator.plan.urls import page_url

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: the build's time is not news
TEXT_NAME, CREDITS_NAME = "story.md", "credits.txt"


def _photo_names(story: StoryNode) -> dict[str, str]:
    """Entry name (photos/…, as under content/images/) → docs path, each photo once."""
    return {"photos/" + photo.path.removeprefix("images/"): photo.path for photo in story.photos}


def story_text(site: Site, story: StoryNode) -> str:
    model = story.model
    facts = [f"日期：{cn_date(model.date)}"]
    if model.author:
        facts.append(f"作者：{model.author}")
    if isinstance(story, ExemplarNode):
        facts.append(f"典型：{model.kind} · {model.name}" + (f"（{model.organisation}）" if model.organisation else ""))
    facts.append(f"来源：{site.settings.title}（{site.settings.operator}）")
    facts.append(f"原文网址：{page_url(site, story.path)}")
    if model.sample:
        facts.append("说明：本文为演示用示例，内容为虚构。")
    summary = [f"摘要：{' '.join(model.summary.split())}", ""] if model.summary else []
    return "\n".join([f"# {' '.join(story.title.split())}", "", *[f"- {fact}" for fact in facts], "",
                      *summary, story.body.strip(), ""])


def credits_text(site: Site, story: StoryNode) -> str:
    lines = [f"《{' '.join(story.title.split())}》的图片", f"原文网址：{page_url(site, story.path)}", ""]
    if not story.photos:
        lines.append("本文没有配图。")
    for name, photo in zip(_photo_names(story), story.photos):
        model = photo.model
        lines += [f"文件：{name}", f"说明：{model.alt}"]
        if model.caption:
            lines.append(f"图注：{model.caption}")
        lines += [f"摄影或来源：{model.credit}", "转载请注明摄影或来源。", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def press_zip(site: Site, story: StoryNode) -> bytes:
    folder = story.id
    entries = {f"{folder}/{TEXT_NAME}": story_text(site, story).encode("utf-8"),
               f"{folder}/{CREDITS_NAME}": credits_text(site, story).encode("utf-8")}
    for name, path in _photo_names(story).items():
        entries[f"{folder}/{name}"] = site.images[path].read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            info.create_system = 3  # Unix, whatever machine builds it
            archive.writestr(info, entries[name])
    return buffer.getvalue()

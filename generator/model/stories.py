"""Stories — exemplar stories and news posts — resolved into nodes with permanent URLs.

Checked here: references, photos (the file exists inside content/images/, alt text and
credit are required by the model), and URL collisions between slugs and aliases.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.model import resolve
from generator.model.nodes import (ARCHIVED, PUBLISHED, ExemplarNode, NewsNode, PhotoRef, StoryNode,
                                   editorial_status)
from generator.model.resolve import Resolver
from generator.model.slugs import story_slug
from generator.source.images import photo_file
from generator.source.load import Record
from generator.source.schema import ExemplarFile, NewsFile

def _photos(builder: Resolver, record: Record, images_dir: Path, images: dict) -> list[PhotoRef]:
    refs = []
    for index, photo in enumerate(record.model.photos):
        found = photo_file(images_dir, photo.src)  # checked by the output gate's photo policy
        if isinstance(found, str):
            builder.report(record, ("photos", index, "src"), found)
            continue
        images[found.path] = found.source
        refs.append(PhotoRef(photo, found.path, found.size))
    return refs


def _set_status(builder: Resolver, today: date, record: Record, node: StoryNode) -> None:
    model = record.model
    start = model.publish or model.date
    if model.expires and model.expires <= start:
        what = "publish" if model.publish else "date"
        builder.report(record, ("expires",), f"expires（{model.expires}）应晚于 {what}（{start}）："
                       "expires 是文章移入归档的日期，删除它或改为更晚的日期。")
    node.status = editorial_status(model, today)


def _published(drafts: bool, nodes: list, own_images: dict, images: dict) -> list:
    """Drafts and scheduled stories are checked like any (their URLs are claimed too, so a clash
    shows today, not on publication day) but only the preview publishes them or their photos."""
    kept = [node for node in nodes if node.status in (PUBLISHED, ARCHIVED) or drafts]
    for node in kept:
        images.update(own_images[node])
    return kept


def _claim_urls(builder: Resolver, nodes: list[StoryNode]) -> list[StoryNode]:
    """Slugs and aliases share one URL space per folder; a clash is the editor's to resolve."""
    owners: dict[str, tuple[StoryNode, str]] = {"index": (None, "栏目首页")}
    kept = []
    for node in nodes:
        owner = owners.get(node.id)
        if owner is not None:
            what = owner[1] if owner[0] is None else f" {owner[0].source} 的{owner[1]}"
            builder.report(node.record, ("slug",) if node.model.slug else ("title",),
                           f"网址 {node.folder}/{node.id}/ 已被{what}占用：请用 slug 指定另一个网址。")
            continue
        owners[node.id] = (node, "网址")
        kept.append(node)
    for node in kept:
        for index, alias in enumerate(node.model.aliases):
            owner = owners.get(alias)
            if owner is not None:
                what = owner[1] if owner[0] is None else f" {owner[0].source} 的{owner[1]}"
                builder.report(node.record, ("aliases", index),
                               f"旧网址 {node.folder}/{alias}/ 与{what}冲突：aliases 只写本文以前用过、现已不用的网址。")
                continue
            owners[alias] = (node, "旧网址（aliases）")
            node.aliases.append((index, alias))
    return kept


def build_exemplars(builder: Resolver, today: date, drafts: bool, regions, campaigns, stations,
                    images: dict) -> list[ExemplarNode]:
    sources = builder.sources
    nodes = []
    node_images: dict[StoryNode, dict] = {}
    activities = {f"{c.id}/{a.id}": a for c in campaigns.values() for a in c.activities}
    for record in sources.exemplars.values():
        model: ExemplarFile = record.model
        region = builder.find(record, ("region",), resolve.REGION, model.region, regions)
        node = ExemplarNode(story_slug(model.slug, record.id, model.title), record, region=region)
        own_images: dict = {}
        node.photos = _photos(builder, record, sources.images_dir, own_images)
        if model.campaign:
            node.campaign = builder.find(record, ("campaign",), resolve.CAMPAIGN, model.campaign, campaigns)
        for index, ref in enumerate(model.activities):
            activity = activities.get(ref)
            campaign_id = ref.partition("/")[0]
            if activity is None:
                if ref not in builder.dropped and not (campaign_id not in campaigns
                                                       and builder.broken("campaigns", campaign_id)):
                    builder.report(record, ("activities", index),
                                   f"未知活动“{ref}”：请写成“方案id/活动id”，如 kunming-2018/lei-feng-square。")
                continue
            node.activities.append(activity)
        node.stations = builder.find_all(record, ("stations",), resolve.STATION, model.stations, stations)
        _set_status(builder, today, record, node)
        if region is None:  # checked, but without its region (its file has errors) not built
            continue
        node_images[node] = own_images
        nodes.append(node)
    nodes = _published(drafts, _claim_urls(builder, sorted(nodes, key=lambda n: n.source)), node_images, images)
    for node in nodes:  # link back only once the node is certain to be published
        if node.campaign is not None:
            node.campaign.exemplars.append(node)
        for activity in node.activities:
            activity.exemplars.append(node)
        for station in node.stations:
            station.exemplars.append(node)
    return sorted(nodes, key=lambda n: (-n.model.date.toordinal(), n.id))


def build_news(builder: Resolver, today: date, drafts: bool, regions, campaigns, images: dict) -> list[NewsNode]:
    sources = builder.sources
    nodes = []
    node_images: dict[StoryNode, dict] = {}
    for record in sources.news.values():
        model: NewsFile = record.model
        node = NewsNode(story_slug(model.slug, record.id, model.title), record)
        own_images: dict = {}
        node.photos = _photos(builder, record, sources.images_dir, own_images)
        if model.region:
            node.region = builder.find(record, ("region",), resolve.REGION, model.region, regions)
        if model.campaign:
            node.campaign = builder.find(record, ("campaign",), resolve.CAMPAIGN, model.campaign, campaigns)
        _set_status(builder, today, record, node)
        node_images[node] = own_images
        nodes.append(node)
    nodes = _published(drafts, _claim_urls(builder, sorted(nodes, key=lambda n: n.source)), node_images, images)
    return sorted(nodes, key=lambda n: (-n.model.date.toordinal(), n.id))

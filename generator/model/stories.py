"""Stories — exemplar stories and news posts — resolved into nodes with permanent URLs.

Checked here: references, photos (the file exists inside content/images/, alt text and
credit are required by the model), and URL collisions between slugs and aliases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from generator.errors import suggest
from generator.source.images import image_size
from generator.source.load import Record, file_inside
from generator.source.schema import ExemplarFile, NewsFile, Photo
from generator.model.slugs import story_slug

if TYPE_CHECKING:
    from generator.model.site import ActivityNode, CampaignNode, RegionNode, StationNode, _Builder

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg")


@dataclass(frozen=True)
class PhotoRef:
    model: Photo
    path: str  # docs-relative output path, e.g. images/zhenghe.svg
    size: Optional[tuple[int, int]] = None  # pixels, written as width/height against layout shift


DRAFT, SCHEDULED, PUBLISHED, ARCHIVED = "draft", "scheduled", "published", "archived"


def editorial_status(model, today: date) -> str:
    if model.draft:
        return DRAFT
    if model.publish and model.publish > today:
        return SCHEDULED
    if model.expires and model.expires <= today:
        return ARCHIVED
    return PUBLISHED


def current(stories: list) -> list:
    """What lists, feeds and the home page show: everything not yet archived."""
    return [story for story in stories if story.status != ARCHIVED]


def archived(stories: list) -> list:
    return [story for story in stories if story.status == ARCHIVED]


@dataclass(eq=False)
class StoryNode:
    id: str  # the URL segment, fixed at first publication
    record: Record
    photos: list[PhotoRef] = field(default_factory=list)
    region: Optional["RegionNode"] = None
    campaign: Optional["CampaignNode"] = None
    status: str = PUBLISHED  # draft and scheduled nodes exist only in the preview

    folder = ""

    @property
    def model(self):
        return self.record.model

    @property
    def body(self) -> str:
        return self.record.body

    @property
    def title(self) -> str:
        return self.model.title

    @property
    def path(self) -> str:
        return f"{self.folder}/{self.id}.md"

    @property
    def source(self) -> str:
        return self.record.doc.display


@dataclass(eq=False)
class ExemplarNode(StoryNode):
    activities: list["ActivityNode"] = field(default_factory=list)
    stations: list["StationNode"] = field(default_factory=list)
    folder = "exemplars"


@dataclass(eq=False)
class NewsNode(StoryNode):
    folder = "news"


def _photos(builder: "_Builder", record: Record, images_dir: Path, images: dict) -> list[PhotoRef]:
    refs = []
    root = images_dir.resolve()
    for index, photo in enumerate(record.model.photos):
        source = file_inside(images_dir, photo.src)
        if source is None or source.suffix.lower() not in IMAGE_SUFFIXES:
            builder.report(record, ("photos", index, "src"),
                           f"图片“{photo.src}”不存在或不是图片文件：请把图片放到 content/images/ 下，"
                           f"写相对路径（如 zhenghe-square.jpg），格式为 {'、'.join(IMAGE_SUFFIXES)}。")
            continue
        path = "images/" + source.relative_to(root).as_posix()
        images[path] = source
        refs.append(PhotoRef(photo, path, image_size(source)))
    return refs


def _set_status(builder: "_Builder", record: Record, node: StoryNode) -> None:
    model = record.model
    start = model.publish or model.date
    if model.expires and model.expires <= start:
        what = "publish" if model.publish else "date"
        builder.report(record, ("expires",), f"expires（{model.expires}）应晚于 {what}（{start}）："
                       "expires 是文章移入归档的日期，删除它或改为更晚的日期。")
    node.status = editorial_status(model, builder.today)


def _published(builder: "_Builder", nodes: list, own_images: dict, images: dict) -> list:
    """Drafts and scheduled stories are checked like any (their URLs are claimed too, so a clash
    shows today, not on publication day) but only the preview publishes them or their photos."""
    kept = [node for node in nodes if node.status in (PUBLISHED, ARCHIVED) or builder.drafts]
    for node in kept:
        images.update(own_images[node])
    return kept


def _claim_urls(builder: "_Builder", nodes: list[StoryNode]) -> list[StoryNode]:
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
    return kept


def build_exemplars(builder: "_Builder", regions, campaigns, stations, images: dict) -> list[ExemplarNode]:
    sources = builder.sources
    nodes = []
    node_images: dict[StoryNode, dict] = {}
    activities = {f"{c.id}/{a.id}": a for c in campaigns.values() for a in c.activities}
    for record in sources.exemplars.values():
        model: ExemplarFile = record.model
        region = regions.get(model.region)
        if region is None:
            if not builder.broken("regions", model.region):
                builder.report(record, ("region",), f"未知地区“{model.region}”{suggest(model.region, regions)}。")
            continue
        node = ExemplarNode(story_slug(model.slug, record.id, model.title), record, region=region)
        own_images: dict = {}
        node.photos = _photos(builder, record, sources.images_dir, own_images)
        if model.campaign:
            node.campaign = campaigns.get(model.campaign)
            if node.campaign is None and not builder.broken("campaigns", model.campaign):
                builder.report(record, ("campaign",),
                               f"未知方案“{model.campaign}”{suggest(model.campaign, campaigns)}。")
        for index, ref in enumerate(model.activities):
            campaign_id = ref.partition("/")[0]
            activity = activities.get(ref)
            if activity is None:
                if ref not in builder.dropped and not (campaign_id not in campaigns
                                                       and builder.broken("campaigns", campaign_id)):
                    builder.report(record, ("activities", index),
                                   f"未知活动“{ref}”：请写成“方案id/活动id”，如 kunming-2018/lei-feng-square。")
                continue
            node.activities.append(activity)
        for index, station_id in enumerate(model.stations):
            station = stations.get(station_id)
            if station is None:
                if not builder.broken("stations", station_id):
                    builder.report(record, ("stations", index),
                                   f"未知站点“{station_id}”{suggest(station_id, stations)}。")
                continue
            node.stations.append(station)
        _set_status(builder, record, node)
        node_images[node] = own_images
        nodes.append(node)
    nodes = _published(builder, _claim_urls(builder, sorted(nodes, key=lambda n: n.source)), node_images, images)
    for node in nodes:  # link back only once the node is certain to be published
        if node.campaign is not None:
            node.campaign.exemplars.append(node)
        for activity in node.activities:
            activity.exemplars.append(node)
        for station in node.stations:
            station.exemplars.append(node)
    return sorted(nodes, key=lambda n: (-n.model.date.toordinal(), n.id))


def build_news(builder: "_Builder", regions, campaigns, images: dict) -> list[NewsNode]:
    sources = builder.sources
    nodes = []
    node_images: dict[StoryNode, dict] = {}
    for record in sources.news.values():
        model: NewsFile = record.model
        node = NewsNode(story_slug(model.slug, record.id, model.title), record)
        own_images: dict = {}
        node.photos = _photos(builder, record, sources.images_dir, own_images)
        if model.region:
            node.region = regions.get(model.region)
            if node.region is None and not builder.broken("regions", model.region):
                builder.report(record, ("region",), f"未知地区“{model.region}”{suggest(model.region, regions)}。")
        if model.campaign:
            node.campaign = campaigns.get(model.campaign)
            if node.campaign is None and not builder.broken("campaigns", model.campaign):
                builder.report(record, ("campaign",),
                               f"未知方案“{model.campaign}”{suggest(model.campaign, campaigns)}。")
        _set_status(builder, record, node)
        node_images[node] = own_images
        nodes.append(node)
    nodes = _published(builder, _claim_urls(builder, sorted(nodes, key=lambda n: n.source)), node_images, images)
    return sorted(nodes, key=lambda n: (-n.model.date.toordinal(), n.id))

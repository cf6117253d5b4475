"""What the search index learns about a page beyond its text: kind, campaign, city, date.

Written into front matter; theme/main.html turns it into Pagefind filters and metadata,
and marks only these pages as searchable (data-pagefind-body).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional

from generator.model.nodes import ActivityNode, CampaignNode, StationNode, UnitNode
from generator.model.nodes import ExemplarNode, NewsNode
from generator.model.timing import cn_date


@dataclass(frozen=True)
class SearchMeta:
    kind: str  # 活动 / 方案 / 站点 / 先进典型 / 动态 / 单位
    campaign: Optional[str] = None
    city: Optional[str] = None
    date: Optional[str] = None

    def front_matter(self) -> str:
        lines = []
        for key in ("kind", "campaign", "city", "date"):
            value = getattr(self, key)
            if value:
                # Pagefind reads "key:value, key:value" from attributes: keep ASCII , and : out.
                clean = value.replace(",", "，").replace(":", "：")
                lines.append(f"search_{key}: {json.dumps(clean, ensure_ascii=False)}")
        return "\n".join(lines) + "\n"


def for_campaign(node: CampaignNode) -> SearchMeta:
    return SearchMeta("方案", node.model.short_title, node.region.name, node.period_label)


def for_activity(node: ActivityNode) -> SearchMeta:
    return SearchMeta("活动", node.campaign.model.short_title, node.campaign.region.name, node.timing.label())


def for_station(node: StationNode) -> SearchMeta:
    return SearchMeta("站点", None, node.region.name, None)


def for_unit(node: UnitNode) -> SearchMeta:
    return SearchMeta("单位", None, node.region.name, None)


def for_story(node: ExemplarNode | NewsNode) -> SearchMeta:
    kind = "先进典型" if isinstance(node, ExemplarNode) else "动态"
    campaign = node.campaign.model.short_title if node.campaign else None
    city = node.region.name if node.region else (node.campaign.region.name if node.campaign else None)
    return SearchMeta(kind, campaign, city, cn_date(node.model.date))

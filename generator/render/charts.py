"""Progress charts for quantitative targets, drawn at build time as inline SVG.

No JavaScript: each chart is an image with a text equivalent (<title> and the table
beside it), and achievement is stated in words, never by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Optional

from generator.model.nodes import number_text
from generator.source.schema import Progress, Target

WIDTH, BAR_X, BAR_W = 360, 0, 340  # about a phone column wide, so text stays readable
COMPARE = {"at_least": "≥", "at_most": "≤", "exactly": "="}


number = number_text  # one way to print a target's value

@dataclass(frozen=True)
class TargetStatus:
    target: Target
    latest: Optional[Progress]

    @property
    def goal(self) -> str:
        return f"{COMPARE[self.target.comparison]} {number(self.target.value)}{self.target.unit}"

    @property
    def achieved(self) -> Optional[bool]:
        if self.latest is None:
            return None
        value, goal = self.latest.value, self.target.value
        return {"at_least": value >= goal, "at_most": value <= goal, "exactly": value == goal}[self.target.comparison]

    @property
    def share(self) -> Optional[float]:
        """Progress as a fraction of the goal (for ≥ targets), for the 完成度 column."""
        if self.latest is None or self.target.comparison != "at_least" or not self.target.value:
            return None
        return self.latest.value / self.target.value

    @property
    def share_label(self) -> Optional[str]:
        """The 完成度 column: 85%."""
        return None if self.share is None else f"{self.share * 100:.0f}%"

    @property
    def verdict(self) -> str:
        if self.latest is None:
            return "尚无报告"
        if self.achieved:
            return "已达标"
        return "未达标"


def status(target: Target) -> TargetStatus:
    latest = max(target.progress, key=lambda p: p.date) if target.progress else None
    return TargetStatus(target, latest)


def bar_svg(item: TargetStatus, chart_id: str) -> str:
    target = item.target
    values = [p.value for p in target.progress]
    top = max([target.value, *values]) * 1.25
    if target.unit == "%":
        top = min(top, 100.0) if max([target.value, *values]) <= 100 else top
    scale = BAR_W / top if top else 0
    goal_x = BAR_X + target.value * scale
    unit = escape(target.unit)
    summary = f"{target.label}：目标 {item.goal}"
    if item.latest is not None:
        summary += f"，{item.latest.date:%Y年%-m月%-d日}报告 {number(item.latest.value)}{target.unit}，{item.verdict}"
    parts = [
        f'<svg class="portal-target-chart" viewBox="0 0 {WIDTH} 62" role="img" aria-labelledby="{chart_id}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}">{escape(summary)}</title>',
        f'<rect x="{BAR_X}" y="18" width="{BAR_W}" height="20" rx="3" fill="#eee6dc"/>',
    ]
    for earlier in sorted(target.progress, key=lambda p: p.date)[:-1]:
        x = BAR_X + earlier.value * scale
        parts.append(f'<rect x="{x - 1:.1f}" y="18" width="2" height="20" fill="#8a7a6e"/>')
    if item.latest is not None:
        width = item.latest.value * scale
        colour = "#1b6e20" if item.achieved else "#a4161a"
        parts.append(f'<rect x="{BAR_X}" y="18" width="{width:.1f}" height="20" rx="3" fill="{colour}"/>')
        inside = width > 70  # the value sits inside a long bar, after a short one
        label_x = BAR_X + width - 6 if inside else BAR_X + width + 6
        parts.append(f'<text x="{label_x:.1f}" y="33" font-size="15" text-anchor="{"end" if inside else "start"}" '
                     f'fill="{"#ffffff" if inside else "#2b1a1a"}">{number(item.latest.value)}{unit}</text>')
    parts.append(f'<line x1="{goal_x:.1f}" x2="{goal_x:.1f}" y1="12" y2="44" stroke="#2b1a1a" stroke-width="2" '
                 f'stroke-dasharray="4 2"/>')
    anchor = "end" if goal_x > WIDTH - 70 else "middle"
    parts.append(f'<text x="{goal_x:.1f}" y="60" font-size="14" text-anchor="{anchor}" fill="#2b1a1a">'
                 f'目标 {escape(item.goal)}</text>')
    parts.append("</svg>")
    return "".join(parts)

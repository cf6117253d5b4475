"""Hostile corpus, class: mistakes `check` must see because `build` would hit them (see __init__.py).

Before the plan phase these passed `check` and then crashed `build` or ended in mkdocs' bare
"Aborted with 1 warnings": a file name or slug that takes a place the generator owns, a redirect
onto a generated file, a line break in a title (share-image layout).  The harness asserts for
every refused case of the corpus that check and build print the same report.
"""

from gate_corpus import *  # noqa: F401,F403

STATION_TEXT = """name: 第二学雷锋广场
kind: 广场
region: democity
district: 示例区
address: 云南省示例市示例区第二广场
location: {lat: 25.05, lon: 102.72}
standard: si-ge-you
"""
RENAME = "：请换一个名称。"


@refused("parity-station-file-named-like-the-map", "parity", "content/stations/map.yaml",
         "站点文件名“map”（/stations/map/）与站点地图的网址冲突" + RENAME)
def _(p):
    write(p, "content/stations/map.yaml", STATION_TEXT)
    return 1


@refused("parity-station-file-named-index", "parity", "content/stations/index.yaml",
         "站点文件名“index”（/stations/）与志愿服务站目录的网址冲突" + RENAME)
def _(p):
    write(p, "content/stations/index.yaml", STATION_TEXT)
    return 1


@refused("parity-story-slug-of-the-archive-page", "parity", "content/exemplars/archive-story.md",
         "slug: 文章网址“archive”（/exemplars/archive/）与先进典型归档的网址冲突" + RENAME)
def _(p):
    return story(p, "content/exemplars/archive-story.md",
                 "kind: 最美志愿者\nname: 王某\ntitle: 归档\nyear: 2019\nregion: democity\ndate: 2019-03-05\nslug: archive") - 2


@refused("parity-redirect-onto-theme-scripts", "parity", SITE,
         "redirects[0].old: 跳转的旧网址 assets/javascripts/（/assets/javascripts/index.html）会占用网站程序的网址"
         "（主题资源、站点地图或搜索索引）：请换一个名称。")
def _(p):
    return append(p, SITE, "redirects:\n  - old: assets/javascripts/\n    new: stations/\n") + 1


@refused("parity-redirect-through-a-calendar-file", "parity", SITE,
         "redirects[0].old: 跳转的旧网址 calendar/all.ics/（/calendar/all.ics/index.html）与文件 calendar/all.ics 的网址冲突"
         + RENAME)
def _(p):
    return append(p, SITE, "redirects:\n  - old: calendar/all.ics/\n    new: stations/\n") + 1


@refused("parity-redirect-onto-the-sitemap", "parity", SITE,
         "redirects[0].old: 跳转的旧网址 sitemap.xml/（/sitemap.xml/index.html）会占用网站程序的网址"
         "（主题资源、站点地图或搜索索引）：请换一个名称。")
def _(p):
    return append(p, SITE, "redirects:\n  - old: sitemap.xml/\n    new: stations/\n") + 1


@refused("parity-line-break-in-a-title", "parity", CAMPAIGN,
         "activities[0].title: 名称、标题等一行的文字中不能换行：请写在一行里（YAML 的“|”“>”会保留换行，请去掉它们，"
         "或用引号括起整段文字）。")
def _(p):
    return replace_line(p, CAMPAIGN, "title: 学雷锋广场志愿服务日", '    title: "学雷锋\\r\\n广场志愿服务日"')

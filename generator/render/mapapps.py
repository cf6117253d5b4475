"""导航 links that open a station in AMap, Baidu Maps and Tencent Maps.

Stations are stored in WGS-84.  AMap and Tencent expect GCJ-02 and Baidu BD-09, so
coordinates are converted (with the coordTransform library) before they go into
each provider's marker URI.  The links are plain https URIs: on a phone with the app
installed they open the app, otherwise the provider's mobile web page.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

import coordTransform

APP_SOURCE = "xueleifeng-portal"


@dataclass(frozen=True)
class NavLink:
    provider: str  # 高德地图 / 百度地图 / 腾讯地图
    url: str
    lat: float  # in the provider's coordinate system
    lon: float


def to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    lon2, lat2 = coordTransform.wgs84_to_gcj02(lon, lat)
    return lat2, lon2


def to_bd09(lat: float, lon: float) -> tuple[float, float]:
    lon2, lat2 = coordTransform.wgs84_to_bd09(lon, lat)
    return lat2, lon2


def _fmt(value: float) -> str:
    return f"{value:.6f}"


def navigation_links(name: str, address: str, lat: float, lon: float) -> list[NavLink]:
    gcj_lat, gcj_lon = to_gcj02(lat, lon)
    bd_lat, bd_lon = to_bd09(lat, lon)
    amap = "https://uri.amap.com/marker?" + urlencode({
        "position": f"{_fmt(gcj_lon)},{_fmt(gcj_lat)}", "name": name, "src": APP_SOURCE,
        "coordinate": "gaode", "callnative": "1"}, quote_via=quote, safe=",")
    baidu = "https://api.map.baidu.com/marker?" + urlencode({
        "location": f"{_fmt(bd_lat)},{_fmt(bd_lon)}", "title": name, "content": address,
        "output": "html", "coord_type": "bd09ll", "src": f"webapp.{APP_SOURCE}"}, quote_via=quote, safe=",")
    tencent = "https://apis.map.qq.com/uri/v1/marker?" + urlencode({
        "marker": f"coord:{_fmt(gcj_lat)},{_fmt(gcj_lon)};title:{name};addr:{address}",
        "referer": APP_SOURCE}, quote_via=quote, safe=",:;")
    return [
        NavLink("高德地图", amap, gcj_lat, gcj_lon),
        NavLink("百度地图", baidu, bd_lat, bd_lon),
        NavLink("腾讯地图", tencent, gcj_lat, gcj_lon),
    ]

"""Stations: coordinate conversion, 导航 links, open data, and station validation."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import parse_qs, urlsplit

import geojson
import pytest

from conftest import DEMO_TODAY, REPO
from generator.build import render
from generator.render.mapapps import navigation_links, to_bd09, to_gcj02
from generator.project import load_site
from conftest import edit, line_of

STATION = "content/stations/square.yaml"


def test_wgs84_to_gcj02_matches_amap_reference():
    # AMap web service documentation: gps 116.481499,39.990475 → 116.487585177952,39.991754014757
    lat, lon = to_gcj02(39.990475, 116.481499)
    assert lon == pytest.approx(116.487585177952, abs=1e-5)
    assert lat == pytest.approx(39.991754014757, abs=1e-5)


def test_wgs84_to_bd09_matches_baidu_reference():
    # Baidu geoconv documentation: from=1 (GPS) to=5 (bd09ll) 114.21892734521,29.575429778924
    lat, lon = to_bd09(29.575429778924, 114.21892734521)
    assert lon == pytest.approx(114.23074871003, abs=1e-5)
    assert lat == pytest.approx(29.579084787993, abs=1e-5)


def test_navigation_links_carry_each_providers_coordinates():
    links = {link.provider: link for link in navigation_links("郑和广场", "晋宁区", 24.67, 102.59)}
    amap = parse_qs(urlsplit(links["高德地图"].url).query)
    lon, lat = (float(v) for v in amap["position"][0].split(","))
    assert (lat, lon) == pytest.approx(to_gcj02(24.67, 102.59), abs=1e-6)
    assert amap["coordinate"] == ["gaode"] and amap["name"] == ["郑和广场"]
    baidu = parse_qs(urlsplit(links["百度地图"].url).query)
    lat, lon = (float(v) for v in baidu["location"][0].split(","))
    assert (lat, lon) == pytest.approx(to_bd09(24.67, 102.59), abs=1e-6)
    assert baidu["coord_type"] == ["bd09ll"]
    tencent = parse_qs(urlsplit(links["腾讯地图"].url).query)["marker"][0]
    lat, lon = (float(v) for v in tencent.split(";")[0].removeprefix("coord:").split(","))
    assert (lat, lon) == pytest.approx(to_gcj02(24.67, 102.59), abs=1e-6)
    # the three systems really differ here: a provider given the wrong one points ~500 m away
    assert abs(to_bd09(24.67, 102.59)[0] - to_gcj02(24.67, 102.59)[0]) > 0.004


@pytest.fixture(scope="module")
def outputs():
    return dict(render(REPO, DEMO_TODAY).items())


def test_geojson_is_valid_and_holds_every_station(outputs):
    site = load_site(REPO, DEMO_TODAY)
    collection = geojson.loads(outputs["data/stations.geojson"].decode("utf-8"))
    assert collection.is_valid, collection.errors()
    assert "crs" not in collection  # RFC 7946: WGS-84 is implied
    features = {f["id"]: f for f in collection["features"]}
    assert set(features) == {s.id for s in site.stations}
    square = features["zhenghe-square"]
    lon, lat = square["geometry"]["coordinates"]
    assert 100 < lon < 110 and 20 < lat < 30  # [lon, lat] order
    assert square["properties"]["kind"] == "广场" and square["properties"]["approximate"] is True
    assert square["properties"]["url"] == "https://xueleifeng.example.cn/stations/zhenghe-square/"


def test_csv_has_a_bom_and_one_row_per_station(outputs):
    data = outputs["data/stations.csv"]
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 5
    library = next(r for r in rows if r["id"] == "meilie-library")
    assert library["kind"] == "公共文化设施" and library["province"] == "福建省"
    assert float(library["lat"]) == pytest.approx(json.loads(outputs["data/stations.geojson"])["features"][
        [f["id"] for f in json.loads(outputs["data/stations.geojson"])["features"]].index("meilie-library")
    ]["geometry"]["coordinates"][1])


def test_station_page_has_navigation_links(outputs):
    page = outputs["stations/zhenghe-square.md"].decode("utf-8")
    for provider in ("高德地图", "百度地图", "腾讯地图"):
        assert f": {provider}](https://" in page


def test_station_without_address(check, mini):
    edit(mini, STATION, "address: 云南省示例市示例区中心广场\n", "")
    assert check() == [f"{STATION}:1: address: 缺少 address（地址，详细地址，显示在站点页面和地图上，群众按它找到站点）："
                       "请在这里补上一行，如“address: 云南省昆明市晋宁区郑和文化广场”。"]


def test_same_station_entered_twice(check, mini):
    (mini / "content/stations/square-copy.yaml").write_text(
        (mini / STATION).read_text(encoding="utf-8"), encoding="utf-8")
    # files are read in name order, so the later one (square.yaml) is flagged
    assert check() == [
        f"{STATION}:1: name: 与 content/stations/square-copy.yaml:1 的站点同名且在同一区县，"
        "疑似重复录入：请删除其中一个；如确为两个站点，请修改名称加以区分。"]


def test_tianditu_needs_a_key(check, mini):
    edit(mini, "campaigns.yaml", "  operator: 测试文明办\n", "  operator: 测试文明办\n  map:\n    tiles: tianditu\n")
    assert check() == [f"campaigns.yaml:{line_of(mini, 'campaigns.yaml', 'map:')}: site.map: "
                       "使用天地图（tiles: tianditu）需要填写 key（天地图浏览器端密钥）：在 "
                       "https://console.tianditu.gov.cn/ 申请“浏览器端”密钥，并绑定门户网站的域名。"]


def test_district_anchors_are_readable_distinct_and_allowed():
    from generator.gate.html import SAFE_ID, THEME_ID
    from generator.plan.listings import district_anchor

    taken: set[str] = set()
    anchors = [district_anchor("kunming", name, taken) for name in ("城区", "程区", "晋宁区", "🏙", "区" * 200)]
    assert anchors[:3] == ["portal-district-kunming-cheng-qu", "portal-district-kunming-cheng-qu-2",
                           "portal-district-kunming-jin-ning-qu"]
    assert anchors[3] == "portal-district-kunming"  # nothing to spell: the region's id
    assert len(set(anchors)) == len(anchors)
    assert all(SAFE_ID.match(a) and not THEME_ID.match(a) for a in anchors)  # what the page gate keeps


def test_directory_and_map_group_by_the_same_districts():
    from generator.plan.listings import stations_by_region

    site = load_site(REPO, DEMO_TODAY)
    groups = [(d.label, d.anchor, d.key, [s.name for s in d.items]) for r in stations_by_region(site) for d in r.districts]
    assert groups == [(d.label, d.anchor, d.key, [s.name for s in d.items])
                      for r in stations_by_region(site) for d in r.districts]  # stable: both pages link alike
    assert sorted(name for *_, names in groups for name in names) == sorted(s.name for s in site.stations)
    assert [key for _, _, key, _ in groups] == [f"d{i}" for i in range(1, len(groups) + 1)]

"""The map's tile layers, from campaigns.yaml site.map: one description for the map script
(portal-map.js, through a data attribute) and for the Content-Security-Policy (its img-src)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from generator.gate.urls import tile_origins

if TYPE_CHECKING:
    from generator.model.site import Site
    from generator.source.schema import MapSettings


def tile_layers(settings: "MapSettings") -> list[dict]:
    """Leaflet tile layers: url template, subdomains for {s}, attribution text (no tiles: none)."""
    return {
        "none": [],
        "osm": [{"url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                 "attribution": settings.attribution or "© OpenStreetMap contributors"}],
        "tianditu": [
            {"url": f"https://t{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
                    f"&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={{z}}&TILEROW={{y}}"
                    f"&TILECOL={{x}}&tk={settings.key}",
             "subdomains": "01234567", "attribution": settings.attribution or "© 天地图"}
            for layer in ("vec", "cva")],
        "custom": [{"url": settings.url, "attribution": settings.attribution or ""}],
    }[settings.tiles]


def tile_sources(settings: "MapSettings") -> list[str]:
    """Every origin the map loads tiles from ("abc" is Leaflet's default for {s})."""
    found = [origin for layer in tile_layers(settings)
             for origin in tile_origins(layer["url"], layer.get("subdomains", "abc"))]
    return list(dict.fromkeys(found))


def tiles_config(site: "Site") -> str:
    """The tile layer for the map script, as JSON in a data attribute (no tiles: markers only).
    The attribution is text: portal-map.js escapes it before Leaflet inserts it as HTML."""
    settings = site.settings.map
    return json.dumps({"layers": tile_layers(settings), "maxZoom": settings.max_zoom}, ensure_ascii=False)

"""Open data: every station as a GeoJSON Feature (RFC 7946, WGS-84, [lon, lat])."""

from __future__ import annotations

import json

from generator.plan.urls import page_url
from generator.model.nodes import Site, StationNode

PATH = "data/stations.geojson"  # open data: every documented field
MAP_PATH = "assets/map/stations.geojson"  # what the map needs, a quarter of the bytes at 10,000 stations
MAP_FIELDS = ("id", "name", "kind", "address")


def station_properties(site: Site, station: StationNode) -> dict:
    """The documented fields; the CSV uses the same ones (see data/index.md)."""
    model = station.model
    contact = model.contact
    return {
        "id": station.id,
        "name": model.name,
        "kind": model.kind,
        "province": station.region.model.province,
        "city": station.region.model.city,
        "district": model.district,
        "address": model.address,
        "standard": station.standard.name,
        "standard_met": station.met_items,
        "standard_total": station.item_count,
        "services": list(model.services),
        "hours": model.hours,
        "phone": contact.phone if contact else None,
        "email": contact.email if contact else None,
        "approximate": model.location.approximate,
        "sample": model.sample,
        "url": page_url(site, station.path),
    }


def stations_geojson(site: Site, fields: tuple[str, ...] | None = None) -> dict:
    def properties(station: StationNode) -> dict:
        full = station_properties(site, station)
        return full if fields is None else {key: full[key] for key in fields}

    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": station.id,
                "geometry": {"type": "Point", "coordinates": [round(station.model.location.lon, 6),
                                                              round(station.model.location.lat, 6)]},
                "properties": properties(station),
            }
            for station in site.stations
        ],
    }


def _dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def open_data(site: Site) -> str:
    return _dump(stations_geojson(site))


def map_data(site: Site) -> str:
    return _dump(stations_geojson(site, MAP_FIELDS))

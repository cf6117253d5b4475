"""Open data: every station as a CSV row, UTF-8 with BOM so that Excel opens Chinese right."""

from __future__ import annotations

import csv
import io

from generator.model.nodes import Site
from generator.render.stations_geojson import station_properties

PATH = "data/stations.csv"
COLUMNS = ["id", "name", "kind", "province", "city", "district", "address", "lat", "lon", "approximate",
           "standard", "standard_met", "standard_total", "services", "hours", "phone", "email", "sample", "url"]


def stations_csv(site: Site) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for station in site.stations:
        row = station_properties(site, station)
        row["lat"] = f"{station.model.location.lat:.6f}"
        row["lon"] = f"{station.model.location.lon:.6f}"
        for key in ("standard_met", "services"):
            row[key] = "；".join(row[key])
        for key in ("approximate", "sample"):
            row[key] = "是" if row[key] else "否"
        writer.writerow({key: ("" if row[key] is None else row[key]) for key in COLUMNS})
    return "\ufeff".encode("utf-8") + buffer.getvalue().encode("utf-8")

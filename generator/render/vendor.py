"""Third-party front-end files, installed from npm (package-lock.json) and served from our own host.

Nothing here is committed: the files are copied from node_modules/ into the built site.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import BuildError

TARGET = "assets/vendor"
FILES = {
    "leaflet/leaflet.js": "leaflet/dist/leaflet.js",
    "leaflet/leaflet.css": "leaflet/dist/leaflet.css",
    "leaflet.markercluster/leaflet.markercluster.js": "leaflet.markercluster/dist/leaflet.markercluster.js",
    "leaflet.markercluster/MarkerCluster.css": "leaflet.markercluster/dist/MarkerCluster.css",
    "leaflet.markercluster/MarkerCluster.Default.css": "leaflet.markercluster/dist/MarkerCluster.Default.css",
    # leaflet.css refers to these (layers control, default marker): shipped so no URL is broken.
    **{f"leaflet/images/{name}": f"leaflet/dist/images/{name}"
       for name in ("layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png", "marker-shadow.png")},
    "leaflet/LICENSE": "leaflet/LICENSE",
    "leaflet.markercluster/MIT-LICENCE.txt": "leaflet.markercluster/MIT-LICENCE.txt",
}


# The portal's own checkout, where scripts/setup ran `npm ci` (content may live elsewhere).
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"


def vendor_files() -> dict[str, Path]:
    """Docs path → installed file of every front-end file the site serves."""
    missing = [name for name in FILES.values() if not (NODE_MODULES / name).is_file()]
    if missing:
        raise BuildError(f"缺少前端依赖（{', '.join(missing)}）：请先运行 scripts/setup（其中会执行 npm ci）。")
    return {f"{TARGET}/{target}": NODE_MODULES / name for target, name in FILES.items()}

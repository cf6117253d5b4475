"""What the theme prints besides page content: the site's settings and each page's front matter,
escaped once, and each page's Content-Security-Policy with the hashes of the theme's scripts.

Material prints ``config.site_name``, ``copyright``, page titles and front matter values into
HTML without escaping; these steps are run by the mkdocs hooks (mkdocs_hooks.py) so that every
such string reaches Material's templates as markupsafe ``Markup``, escaped exactly once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from markupsafe import escape
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin
from pydantic import ValidationError

from generator.gate import csp, urls
from generator.source.load import SITE_FILE, read_source
from generator.source.schema import SiteSettings
from generator.source.yamlsource import SourceError, parse_yaml

log = logging.getLogger("mkdocs.portal")


class SearchBoxConfig(Config):
    enabled = config_options.Type(bool, default=True)

SEARCH_PLUGIN = "material/search"


class SearchBox(BasePlugin[SearchBoxConfig]):
    """What Material's header asks of its search plugin to show the search box (``enabled``), without
    the plugin's work: it would index every page into a search_index.json that no page downloads."""


# Front matter values that are data for our own templates, not text: printed as they are.
DATA_META = frozenset({"jsonld"})


@dataclass
class Theme:
    """The settings of one mkdocs run, and the theme scripts its pages carry."""

    settings: Optional[SiteSettings] = None
    preview: bool = False  # `portal serve`: live reload adds a script that differs per request
    script_hashes: Optional[list[str]] = field(default=None)

    @property
    def video_hosts(self) -> frozenset[str]:
        return frozenset(self.settings.video_hosts) if self.settings else frozenset()

    def configure(self, config):
        """campaigns.yaml is the one place for the site's title, description, URL and hosts."""
        if SEARCH_PLUGIN not in config.plugins:
            box = SearchBox()
            box.load_config({})
            config.plugins[SEARCH_PLUGIN] = box
        config.extra["portal_csp"] = csp.policy(None)  # until the settings are known: no tiles, no frames
        self.settings, self.script_hashes = read_settings(Path(config.config_file_path).parent), None
        if self.settings is None:
            return config  # `check` reports it; a preview keeps mkdocs.yml's values meanwhile
        config.site_name = escape(self.settings.title)
        config.site_description = escape(self.settings.description)
        config.copyright = escape(self.settings.operator)
        config.site_url = self.settings.url  # an https URL of plain characters (schema.py, gate/urls.py)
        # Material's head script embeds the site's root; by default as a path relative to each page,
        # which would give every depth of page another script hash (see csp.py).
        config.extra["scope"] = urls.path(self.settings.url)
        config.extra["portal_csp"] = csp.policy(self.settings)
        return config

    def with_policy(self, output: str, content: str, name: str) -> str:
        """The page's Content-Security-Policy gets the hashes of the theme's inline scripts."""
        hashes = csp.theme_script_hashes(output, content)
        if self.script_hashes is None:
            self.script_hashes = hashes
        elif hashes != self.script_hashes:
            # The theme writes the same scripts on every page, so the header policy in nginx.conf
            # fits them all; a difference means something outside the content wrote a script.
            log.error("%s：主题写入的内联脚本与其他页面不同（%s），请检查模板。", name,
                      " ".join(sorted(set(hashes) ^ set(self.script_hashes))))
        if self.preview:
            # The preview's live reload appends an inline script that differs on every request: the
            # local preview allows inline scripts (a hash would let no other inline script in).
            hashes = ["'unsafe-inline'"]
        page = csp.with_policy(output, csp.policy(self.settings, hashes))
        if page is None:
            log.error("%s：页面开头缺少 Content-Security-Policy（theme/main.html 的 site_meta），或它不在第一个脚本之前。",
                      name)
            return output
        return page


def read_settings(root: Path) -> Optional[SiteSettings]:
    """The site settings, read as `check` reads campaigns.yaml (size limit, BOM, encodings)."""
    path = root / SITE_FILE
    text = read_source(root, path, [])
    try:
        data = parse_yaml(text, path, SITE_FILE).data if text is not None else None
        return SiteSettings.model_validate(data.get("site") if isinstance(data, dict) else None)
    except (SourceError, ValidationError):
        return None


def escape_meta(page) -> None:
    """Every text value of a page's front matter reaches the templates escaped, once, as Markup.
    Done when each page is read and before any template runs: one page's template prints other
    pages' titles too."""
    page.meta["title"] = page.title or ""
    for key, value in page.meta.items():
        if isinstance(value, str) and key not in DATA_META:
            page.meta[key] = escape(value)

"""mkdocs hooks: each event runs one named step of the publish phase (see build.py).

    on_config         theme.configure       settings from campaigns.yaml, escaped for Material
    on_pre_build      preview.regenerate    `portal serve` only: the changed outputs, after a save
    on_files          staging.unlink_shared no file mkdocs writes is a hard link to the published site
    on_page_content   escape_meta, gate     every page's HTML through the HTML gate (gate/html.py)
    on_post_page      theme.with_policy     the Content-Security-Policy with the theme's script hashes
    on_post_build     split_sitemap         every page for search engines, a bounded list for the browser
                      search                Pagefind (in the preview, in the background)
    on_serve          preview_admin.install `portal serve` only: /admin/, the form editor, and decap-server
    on_shutdown       preview_admin.shutdown  decap-server stops with the preview
"""

from __future__ import annotations

from pathlib import Path

from generator.gate import html as gate_html
from generator.publish import preview, preview_admin, staging
from generator.publish.search_index import index_site
from generator.publish.sitemap import split_sitemap
from generator.publish.theme import Theme, escape_meta

theme = Theme()
ALWAYS_WRITTEN = ("404.html", "sitemap.xml", "sitemap.xml.gz", "sitemap-pages.xml", "sitemap-pages.xml.gz")


def on_startup(command, dirty):
    theme.preview = command == "serve"


def on_config(config):
    return theme.configure(config)


def on_pre_build(config):
    if theme.preview:
        preview.regenerate(Path(config.config_file_path).parent)


def on_files(files, config):
    for file in files:
        if file.is_modified():  # what mkdocs will write, building dirty or not
            staging.unlink_shared(Path(file.abs_dest_path))
    for name in ALWAYS_WRITTEN:
        staging.unlink_shared(Path(config.site_dir) / name)
    return files


def on_page_content(html, page, config, files):
    escape_meta(page)
    return gate_html.clean_html(html, theme.video_hosts)


def on_post_page(output, page, config):
    return theme.with_policy(output, page.content or "", page.file.src_uri)


def on_post_template(output, template_name, config):
    if template_name.endswith(".html"):  # 404.html; sitemap.xml has no scripts
        return theme.with_policy(output, "", template_name)
    return output


def on_post_build(config):
    split_sitemap(Path(config.site_dir))
    if theme.preview:
        preview.index_in_background(Path(config.site_dir))
    else:
        index_site(Path(config.site_dir))


def on_serve(server, config, builder):
    if preview.cms:
        preview_admin.install(server, Path(config.config_file_path).parent, config.site_name)
    return server


def on_shutdown():
    preview_admin.shutdown()

"""Every output of the site, planned: path, kind, sources and renderer — nothing rendered yet.

Pages first (they own the URL space), then what hangs off them (share cards, calendars,
feeds, open data), then files copied from the project (attachments, photos) and the
redirects that keep old URLs alive.  A clash is an issue at the editor's file:line
(plan/outputs.py); the rest of the plan stands, so every problem is reported in one run.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Optional

from generator.model.audit import Audit
from generator.model.nodes import Site
from generator.plan import changes
from generator.plan.changes import changes_page
from generator.plan import outputs as kinds
from generator.plan.outputs import TODAY, Origin, Output, Plan
from generator.plan.pages import Page, files, plan_pages, press_page, with_kit
from generator.plan.urls import page_url
from generator.plan.permalinks import redirect_page, redirects
from generator.render import feeds, ics, press, robots, stations_csv, stations_geojson
from generator.render.changes_feed import changes_atom
from generator.render.posters import qr_png
from generator.render.cards import card_png, layout
from generator.render.fragments import Fragments
from generator.render.pages import PageRenderer
from generator.render.social import site_card
from generator.render.vendor import vendor_files
from generator.source.load import SITE_FILE

SITE_CARD = "assets/cards/site.png"


def plan_site(site: Site, fragments: Fragments, cache_dir: Path, audit: Optional[Audit] = None) -> Plan:
    """``audit``: when and by which unit each source file last changed (model/audit.py), for 最后更新
    and the 更新记录."""
    plan = Plan()
    renderer = PageRenderer(site, fragments, audit)
    pages = plan_pages(site)
    pages.append(changes_page(site, pages, audit))
    pages.append(press_page(site, plan.outputs))
    for page in pages:
        plan.add(Output(page.path, kinds.PAGE, page.sources, partial(renderer.render, page), page.origin, page.title))
    plan.add(Output(changes.FEED, kinds.ATOM, changes.sources(site),
                    partial(changes_atom, site, {page.path for page in pages}, audit)))
    _cards(plan, site, pages, cache_dir)
    _share_kits(plan, site)
    _calendars(plan, site)
    _feeds(plan, site, fragments, cache_dir)
    _open_data(plan, site)
    for path, source in vendor_files().items():
        plan.add(Output(path, kinds.VENDOR, frozenset(), source.read_bytes))
    _copied_files(plan, site)
    moves, issues = redirects(site, plan.pages())
    plan.issues += issues
    for move in moves:
        plan.add(Output(f"{move.old}index.html", kinds.REDIRECT, frozenset({move.source, SITE_FILE}),
                        partial(redirect_page, site, move), move.origin))
    plan.add(Output(robots.PATH, kinds.TEXT, frozenset({SITE_FILE}), partial(robots.robots_txt, site)))
    return plan


def _cards(plan: Plan, site: Site, pages: list[Page], cache_dir: Path) -> None:
    """Share images: the site's card, and one per campaign, per region's stations and per story
    (pages that would draw the same card share it; see render/social.py)."""
    card = site_card(site)
    plan.add(Output(SITE_CARD, kinds.CARD, frozenset({SITE_FILE}), partial(card_png, card, cache_dir),
                    check=partial(layout, card)))
    for page in pages:
        social = page.social
        if social.card is not None and page.path in plan.outputs and social.card_path not in plan.outputs:
            # The first page to share a card is the campaign's own, or a story's: its sources cover the card's.
            plan.add(Output(social.card_path, kinds.CARD, page.sources, partial(card_png, social.card, cache_dir),
                            page.origin, check=partial(layout, social.card)))


def _share_kits(plan: Plan, site: Site) -> None:
    """Each published story's QR code (a PNG to save or print) and its press kit (a zip of the text
    and every photo with credits); the zip's sources include the photos, so a new photo rebuilds it."""
    for story in with_kit([*site.exemplars, *site.news], plan.outputs):
        origin = Origin(story.doc, (), f"文章“{story.title}”")
        plan.add(Output(story.qr_path, kinds.CARD, frozenset({story.source, SITE_FILE}),
                        partial(qr_png, page_url(site, story.path)), origin))
        plan.add(Output(story.press_path, kinds.ZIP, files(story) | {SITE_FILE},
                        partial(press.press_zip, site, story), origin))


def _calendars(plan: Plan, site: Site) -> None:
    calendars = ics.Calendars(site)
    every_campaign = files(site.campaigns)
    for feed, activities in ics.feeds(site):
        sources = (every_campaign if activities is None else files(activities)) | files(feed.about)
        plan.add(Output(feed.path, kinds.ICS, sources | {SITE_FILE}, partial(calendars.feed, feed, activities)))
    for activity in site.activities:
        if activity.path in plan.outputs:
            plan.add(Output(ics.activity_ics_path(activity), kinds.ICS, files(activity) | {SITE_FILE},
                            partial(calendars.single, activity)))


def _feeds(plan: Plan, site: Site, fragments: Fragments, cache_dir: Path) -> None:
    """After the cards: an SVG lead photo's enclosure is its story's share card, if planned."""
    planned = set(plan.outputs)
    enclosures = {story: feeds.lead_image(site, story, planned, cache_dir) for story in [*site.exemplars, *site.news]}
    renderer = feeds.FeedRenderer(site, fragments, enclosures)
    for spec, stories in feeds.feed_specs(site):
        photos = {photo.path for story in stories[:feeds.LIMIT] for photo in story.photos}
        sources = (files(stories, [s.campaign for s in stories], spec.region)
                   | {_relative(site.root, site.images[path]) for path in photos if path in site.images}
                   | {SITE_FILE, TODAY})
        origin = Origin(spec.region.doc, (), f"地区文件名“{spec.region.id}”") if spec.region else None
        for suffix, kind, render in (("xml", kinds.ATOM, renderer.atom), ("rss", kinds.RSS, renderer.rss),
                                     ("json", kinds.JSON_FEED, renderer.json_feed)):
            plan.add(Output(spec.path(suffix), kind, sources, partial(render, spec, stories), origin,
                            f"订阅源“{spec.title}”"))


def _open_data(plan: Plan, site: Site) -> None:
    sources = files(site.stations) | {SITE_FILE}
    plan.add(Output(stations_geojson.PATH, kinds.GEOJSON, sources, partial(stations_geojson.open_data, site)))
    plan.add(Output(stations_geojson.MAP_PATH, kinds.GEOJSON, sources, partial(stations_geojson.map_data, site)))
    plan.add(Output(stations_csv.PATH, kinds.CSV, sources, partial(stations_csv.stations_csv, site)))


def _copied_files(plan: Plan, site: Site) -> None:
    """Attachments and photos, copied as they are (their gate checks what they are)."""
    root = site.root
    for campaign in site.campaigns:
        if campaign.attachment_path is None:
            continue
        source = site.attachments[campaign.attachment_path]
        plan.add(Output(campaign.attachment_path, kinds.ATTACHMENT,
                        frozenset({_relative(root, source), campaign.source}), source.read_bytes,
                        Origin(campaign.doc, ("attachment", "file"), f"附件“{campaign.model.attachment.file}”")))
    for path, source in sorted(site.images.items()):
        plan.add(Output(path, kinds.PHOTO, frozenset({_relative(root, source)}), source.read_bytes))


def _relative(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()

"""Incremental builds (issue 13): after any sequence of edits, a build that starts from the last
build's state is byte-identical to a clean build of the same sources; it never writes into the
published site, which it shares by hard links until the swap; a build killed half-way leaves the
site whole and the next build right.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import REPO, make_project
from generator.build import build_site
from generator.publish.search_grace import RETIRED, retired_files

TODAY = date(2019, 3, 4)
CAMPAIGN = "content/campaigns/demo-2019.yaml"
STATION = "content/stations/extra.yaml"
NEWS = "content/news/extra-news.md"
EXEMPLAR = "content/exemplars/li-xiaolei.md"


def tree(root: Path) -> dict[str, str]:
    """Every file by content, but the search index files a replaced site carries for a while
    (publish/search_grace.py): a clean build has no site before it to carry them from."""
    carried = set(retired_files(root)) | {RETIRED}
    return {path: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*"))
            if p.is_file() and (path := p.relative_to(root).as_posix()) not in carried}


def replace(project: Path, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def toggle(project: Path, relative: str, text: str | bytes) -> None:
    path = project / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    elif isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


# --- what editors do, each valid whatever came before it ------------------------------------------------

def edit_activity_body(project, rng):
    replace(project, CAMPAIGN, "body: 每周六固定为志愿服务日", f"body: 每周六固定为志愿服务日{rng.randint(0, 9)}")


def edit_campaign_title(project, rng):
    replace(project, CAMPAIGN, "short_title: 示例市2019年学雷锋活动", f"short_title: 示例市2019年学雷锋活动{rng.randint(0, 9)}")


def toggle_station(project, rng):
    toggle(project, STATION, "name: 第二学雷锋驿站\nkind: 驿站\nregion: democity\ndistrict: 东区\naddress: 示例市东区一号\n"
                             "location: {lat: 25.05, lon: 102.72}\nstandard: si-ge-you\nhours: 每周六 9:00-11:00\n")


def toggle_news_with_photo(project, rng):
    from PIL import Image

    photo = project / "content" / "images" / "extra.png"
    photo.parent.mkdir(exist_ok=True)
    if (project / NEWS).exists():
        photo.unlink()
    else:
        Image.new("RGB", (64, 48), (rng.randint(0, 255), 30, 30)).save(photo)
    toggle(project, NEWS, "---\ntitle: 示例市开展学雷锋活动\ndate: 2019-03-05\ncampaign: demo-2019\nphotos:\n"
                          "  - src: extra.png\n    alt: 志愿者合影\n    credit: 某某 摄\n---\n志愿者在广场服务。\n")


def move_story_url(project, rng):
    path = project / EXEMPLAR
    text = path.read_text(encoding="utf-8")
    slug = f"slug: lei-feng-da-jie-{rng.randint(0, 9)}\n"
    text = "\n".join(line for line in text.split("\n") if not line.startswith("slug: "))
    path.write_text(text.replace("sample: true\n", "sample: true\n" + slug, 1), encoding="utf-8")


def edit_unit(project, rng):
    path = project / "content" / "regions" / "democity.yaml"
    text = path.read_text(encoding="utf-8")
    mark = "    description: 负责全市学雷锋志愿服务的统筹协调。"
    text = text.replace(mark + "\n", "") if mark in text else text.replace(
        "    name: 团市委\n", "    name: 团市委\n" + mark + "\n", 1)
    path.write_text(text, encoding="utf-8")


def edit_settings(project, rng):
    replace(project, "campaigns.yaml", "description: 用于测试的小型项目", f"description: 用于测试的小型项目{rng.randint(0, 9)}")


def edit_theme(project, rng):
    path = project / "theme" / "main.html"
    path.write_text(path.read_text(encoding="utf-8") + f"{{#- edit {rng.randint(0, 99)} #}}\n", encoding="utf-8")


def edit_attachment(project, rng):
    path = project / "content" / "attachments" / "demo-2019.txt"
    path.write_text(path.read_text(encoding="utf-8") + f"附{rng.randint(0, 9)}\n", encoding="utf-8")


def toggle_activity(project, rng):
    path = project / CAMPAIGN
    text = path.read_text(encoding="utf-8")
    extra = ("  - id: extra-day\n    section: monthly\n    month: 4\n    title: 四月文明交通志愿服务\n"
             "    when: {date: 2019-04-12}\n    leads: [团市委]\n")
    text = text.replace(extra, "") if extra in text else text.replace("activities:\n", "activities:\n" + extra, 1)
    path.write_text(text, encoding="utf-8")


def toggle_audience(project, rng):
    """A section's activities become work tasks for the units (or citizens' again): they leave the
    city's, the site's and the campaign's calendars and feeds but stay on the plan page."""
    path = project / CAMPAIGN
    text = path.read_text(encoding="utf-8")
    mark = "    category: standing\n"
    internal = mark + "    audience: internal\n"
    path.write_text(text.replace(internal, mark) if internal in text else text.replace(mark, internal, 1),
                    encoding="utf-8")


def toggle_district(project, rng):
    """A district of the city gets its own region file: its calendar, and a link on the city's."""
    toggle(project, "content/regions/dongqu.yaml", "name: 东区\nprovince: 云南省\ncity: 示例市\ndistrict: 东区\n"
                                                   "units:\n  - id: wenmingban\n    name: 东区文明办\n")


def move_station_district(project, rng):
    """A station moves to another district: one district calendar goes, another comes, and the
    activities held there move with it."""
    path = project / "content/stations/square.yaml"
    text = path.read_text(encoding="utf-8")
    moved = text.replace("district: 示例区\n", "district: 北区\n")
    path.write_text(moved if moved != text else text.replace("district: 北区\n", "district: 示例区\n"), encoding="utf-8")


def edit_contact_phone(project, rng):
    """A campaign's contact is on its stations' 我要当志愿者 blocks too."""
    path = project / CAMPAIGN
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'(?m)^(    phone: "0000-000000)(\d)"$', lambda m: f'{m[1]}{(int(m[2]) + 1) % 10}"', text, count=1)
    path.write_text(text, encoding="utf-8")


def edit_platform_code(project, rng):
    """A registration platform's code picture, shown on the join page with its size: added, then redrawn
    at another size (campaigns.yaml unchanged), then removed."""
    from PIL import Image

    picture = project / "content" / "images" / "platform-code.png"
    line = "      qr: platform-code.png\n"
    if not picture.exists():
        picture.parent.mkdir(exist_ok=True)
        Image.new("L", (40, 40), 255).save(picture)
        replace(project, "campaigns.yaml", "url: https://volunteer.example.org/\n", "url: https://volunteer.example.org/\n" + line)
    elif Image.open(picture).size == (40, 40):
        Image.new("L", (72, 72), 255).save(picture)
    else:
        picture.unlink()
        replace(project, "campaigns.yaml", line, "")


def next_day(project, rng):
    return timedelta(days=rng.choice((1, 7, 30)))


EDITS = [edit_activity_body, edit_campaign_title, toggle_station, toggle_news_with_photo, move_story_url, edit_unit,
         edit_settings, edit_theme, edit_attachment, toggle_activity, edit_contact_phone, edit_platform_code,
         edit_platform_code, edit_platform_code, toggle_audience, toggle_district, move_station_district,
         next_day]


def clean_copy(project: Path, target: Path) -> Path:
    """The same sources in a fresh project: no .portal, no site, no state."""
    target.mkdir()
    for name in ("campaigns.yaml", "mkdocs.yml"):
        shutil.copy2(project / name, target / name)
    for name in ("content", "theme"):
        shutil.copytree(project / name, target / name)
    (target / "generator").symlink_to(REPO / "generator")
    return target


def test_after_any_edits_an_incremental_build_equals_a_clean_build(tmp_path):
    """Every kind of edit once, in a random order, then some again: after each, compare."""
    rng = random.Random(13)
    sequence = rng.sample(EDITS, len(EDITS)) + [rng.choice(EDITS) for _ in range(3)]
    project = make_project(tmp_path / "incremental")
    today = TODAY
    build_site(project, today)
    for step, edit in enumerate(sequence):
        today += edit(project, rng) or timedelta()
        (project / "published-urls.txt").unlink(missing_ok=True)  # URLs may vanish here: not this test's rule
        incremental = build_site(project, today)
        clean = build_site(clean_copy(project, tmp_path / f"clean-{step}"), today)
        assert tree(incremental) == tree(clean), f"step {step}: {edit.__name__}"


def test_nothing_changed_rebuilds_nothing_and_one_edit_rebuilds_its_pages(tmp_path):
    project = make_project(tmp_path / "p")
    site = build_site(project, TODAY)
    before = {path: os.stat(site / path).st_ino for path in tree(site)}
    assert build_site(project, TODAY) == site
    assert {path: os.stat(site / path).st_ino for path in tree(site)} == before  # not even swapped
    edit_activity_body(project, random.Random(1))
    build_site(project, TODAY)
    after = {path: os.stat(site / path).st_ino for path in tree(site)}
    rebuilt = sorted(path for path in after if after[path] != before.get(path))
    assert "campaigns/demo-2019/activities/saturday/index.html" in rebuilt
    assert "campaigns/demo-2019/activities/saturday.ics" in rebuilt
    assert "stations/square/index.html" not in rebuilt and "index.html" not in rebuilt
    assert all(path.startswith(("campaigns/demo-2019/", "calendar/", "pagefind/", "search/", "sitemap", "404",
                                "assets/cards/campaigns/demo-2019/"))
               for path in rebuilt), rebuilt


def test_an_incremental_build_never_writes_into_the_published_site(tmp_path):
    project = make_project(tmp_path / "p")
    site = build_site(project, TODAY)
    witness = tmp_path / "witness"  # the published files, by their inodes: a write through a link shows here
    for path in tree(site):
        (witness / path).parent.mkdir(parents=True, exist_ok=True)
        os.link(site / path, witness / path)
    published = tree(site)
    for edit in (edit_activity_body, toggle_station, edit_unit, toggle_news_with_photo):
        edit(project, random.Random(3))
    build_site(project, TODAY)
    assert tree(witness) == published


def start_build(project: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator.cli", "--project", str(project), "--today",
                             TODAY.isoformat(), "build"], cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def test_a_killed_incremental_build_leaves_the_site_whole_and_the_next_build_right(tmp_path):
    import time

    project = make_project(tmp_path / "p")
    site = build_site(project, TODAY)
    published = tree(site)
    edit_activity_body(project, random.Random(5))
    build = start_build(project)
    page = Path("campaigns/demo-2019/activities/saturday/index.html")
    try:
        # Kill it once mkdocs has written the changed page into the linked staging copy.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            staged = [s / page for s in project.glob(".site.*") if (s / page).is_file()]
            if any(os.stat(p).st_nlink == 1 for p in staged):
                break
            time.sleep(0.005)
        else:
            pytest.fail("the incremental build never rebuilt the page")
        build.send_signal(signal.SIGKILL)
        build.wait(30)
    finally:
        if build.poll() is None:
            build.kill()
    assert tree(site) == published
    rebuilt = build_site(project, TODAY)
    assert tree(rebuilt) == tree(build_site(clean_copy(project, tmp_path / "clean"), TODAY))


def test_search_files_of_the_replaced_index_stay_for_the_grace_period(tmp_path):
    """A page opened before a publish asks for the old index files by name (they are content-hashed)."""
    from generator.publish.search_grace import GRACE_DAYS

    project = make_project(tmp_path / "p")
    site = build_site(project, TODAY)
    old = {path for path in tree(site) if path.startswith(("pagefind/", "search/lexicon/"))}
    edit_activity_body(project, random.Random(7))
    build_site(project, TODAY)
    carried = retired_files(site)
    assert carried and set(carried) <= old and all(day == TODAY for day in carried.values())
    assert all((site / path).is_file() for path in carried)
    for day in (TODAY + timedelta(days=GRACE_DAYS), TODAY + timedelta(days=GRACE_DAYS + 1)):
        edit_activity_body(project, random.Random(day.day))
        build_site(project, day)
    assert not set(retired_files(site)) & set(carried)  # gone once the grace period is over
    assert not any((site / path).exists() for path in carried if path not in tree(site))


def test_the_browsers_sitemap_is_bounded_and_the_full_one_is_for_search_engines(tmp_path):
    import re

    from generator.publish.sitemap import FULL, split_sitemap

    urls = [f"https://example.org/{'a/' * (i % 4)}p{i}/" for i in range(50)]
    body = "".join(f"\n    <url>\n         <loc>{u}</loc>\n         <lastmod>2019-03-04</lastmod>\n    </url>" for u in urls)
    (tmp_path / "sitemap.xml").write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset>{body}\n</urlset>',
                                          encoding="utf-8")
    split_sitemap(tmp_path, limit=20)
    kept = re.findall(r"<loc>([^<]*)</loc>", (tmp_path / "sitemap.xml").read_text(encoding="utf-8"))
    assert re.findall(r"<loc>([^<]*)</loc>", (tmp_path / FULL).read_text(encoding="utf-8")) == urls
    assert len(kept) == 20 and all(u.count("/") <= 5 for u in kept)  # the shallowest pages first
    assert (tmp_path / "sitemap.xml.gz").is_file() and (tmp_path / f"{FULL}.gz").is_file()

"""Benchmark: one campaign with thousands of activities — does its build grow linearly?

    .venv/bin/python benchmarks/big_campaign.py [--activities 500 1000 2000]

A one-city project from fixture.py, whose 2025 campaign is given N activities: the fixture's 40
(dated, on festivals, ranges, weekly and monthly rules) repeated with new ids and numbered titles,
so every size has the same mix.  For each N, a cold `portal build` (a subprocess, timed by
portal_steps.py as in scale.py) and its steps; then the time per activity and the ratio of each
size's time to the previous one's, next to the ratio of their activity counts.  The rest of the
site (the other campaign, stations, stories) is the same at every size, so a linear build shows
as a constant time per added activity.  Prints numbers only.
"""

from __future__ import annotations

import argparse
import copy
import sys
import tempfile
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import fixture  # noqa: E402
import scale  # noqa: E402

CITY_PAGES = 400  # fixture.py: one city of about this many pages


def grow_campaign(project: Path, activities: int) -> Path:
    """Give the project's 2025 campaign ``activities`` activities; return its file."""
    path = next(p for p in sorted((project / "content" / "campaigns").glob("*.yaml")) if p.stem.endswith("2025"))
    text = path.read_text(encoding="utf-8")
    head = text.split("\n", 1)[0] + "\n" if text.startswith("#") else ""
    data = yaml.safe_load(text)
    templates = data["activities"]
    grown = []
    for index in range(activities):
        activity = copy.deepcopy(templates[index % len(templates)])
        round_ = index // len(templates)
        if round_:  # the first round keeps its ids: stories link to them
            activity["id"] = f"b{index + 1:05d}"
            activity["title"] = f"{activity['title']}（第{round_ + 1}批）"
        grown.append(activity)
    data["activities"] = grown
    path.write_text(head + fixture.dump(data), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--activities", type=int, nargs="+", default=[500, 1000, 2000])
    arguments = parser.parse_args()
    print(f"today = {scale.TODAY}; python {sys.version.split()[0]}")
    rows = []
    for count in arguments.activities:
        with tempfile.TemporaryDirectory(prefix="portal-big-campaign-") as temp:
            project = Path(temp) / "project"
            fixture.write_fixture(project, CITY_PAGES)
            grow_campaign(project, count)
            pages = fixture.planned_pages(project, fixture.TODAY)
            result = scale.portal_build(project)
            if result.code != 0:
                print(f"  {count} activities: build failed\n{result.error}")
                return
            steps = result.steps
            rows.append((count, pages, result.seconds, result.peak_mb, steps))
            print(f"  {count:>6,} activities  {pages:>6,} pages  {result.seconds:7.1f} s  {result.peak_mb:6.0f} MB  "
                  f"check {steps.get('check', 0):6.1f}  mkdocs {steps.get('mkdocs_build', 0):6.1f}  "
                  f"search {steps.get('index_site', 0):5.1f}", flush=True)
    print("\n  activities   s/activity   time ratio   count ratio")
    previous = None
    for count, pages, seconds, _, _ in rows:
        ratio = f"{seconds / previous[1]:10.2f}   {count / previous[0]:11.2f}" if previous else f"{'–':>10}   {'–':>11}"
        print(f"  {count:>10,}   {seconds / count:10.3f}   {ratio}")
        previous = (count, seconds)


if __name__ == "__main__":
    main()

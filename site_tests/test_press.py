"""The press page (新闻中心) as a journalist uses it: whom to call, every story's permanent URL, and a
zip per story with its text and every photo at full size, with credits — safe to unpack, the same
bytes on every build, rebuilt when a photo changes."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from PIL import Image

from conftest import edit, line_of, make_project
from generator.build import build_site
from generator.gate.errors import GateError
from generator.gate.policies import police
from generator.gate.zips import FIXED_TIME

from test_share import STORIES, SITE_URL

TODAY_MINI = date(2019, 3, 1)
STORY = "content/exemplars/li-xiaolei.md"


def test_press_page_has_the_media_contact_and_every_story(demo_site):
    html = (demo_site / "press/index.html").read_text(encoding="utf-8")
    # site.press of campaigns.yaml
    assert "门户编辑部（示例）" in html and "新闻联络岗" in html and "press@xueleifeng.example.cn" in html
    assert 'href="tel:087100000000"' in html  # tap to call
    assert 'href="mailto:press@xueleifeng.example.cn"' in html  # tap to write
    for path in STORIES:
        assert f"<code>{SITE_URL}{path}</code>" in html, path
        kit = path.rstrip("/").replace("exemplars/", "press/exemplars/").replace("news/", "press/news/") + ".zip"
        assert f'href="{kit.removeprefix("press/")}"' in html, kit
        assert zipfile.is_zipfile(demo_site / kit)
    assert 'href="press/"' in (demo_site / "index.html").read_text(encoding="utf-8")  # in the navigation


def _png(colour: str, size=(800, 600)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def with_photos(tmp_path):
    project = make_project(tmp_path / "mini")
    images = project / "content/images"
    images.mkdir()
    (images / "square.png").write_bytes(_png("#a4161a"))
    (images / "sign.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg' width='400' height='300'>"
                                     "<rect width='400' height='300' fill='#fdf6ec'/></svg>", encoding="utf-8")
    edit(project, STORY, "stations: [square]\n",
         "stations: [square]\nauthor: 示例通讯员\nphotos:\n"
         "  - src: square.png\n    alt: 广场上的服务台\n    credit: 张三 摄\n    caption: 3月5日的广场\n"
         "  - src: sign.svg\n    alt: 服务站标识\n    credit: 站点供图\n")
    return project


def _kit(site) -> zipfile.ZipFile:
    [path] = (site / "press/exemplars").glob("*.zip")
    return zipfile.ZipFile(io.BytesIO(path.read_bytes()))


def test_press_zip_holds_the_text_and_every_full_size_photo_with_credits(with_photos):
    project = with_photos
    site = build_site(project, TODAY_MINI)
    [zip_path] = (site / "press/exemplars").glob("*.zip")
    slug = zip_path.stem
    archive = _kit(site)
    assert archive.namelist() == sorted(archive.namelist()) == [
        f"{slug}/credits.txt", f"{slug}/photos/sign.svg", f"{slug}/photos/square.png", f"{slug}/story.md"]
    assert {info.date_time for info in archive.infolist()} == {FIXED_TIME}
    for name in ("square.png", "sign.svg"):  # the editor's own bytes, not a resized copy
        assert archive.read(f"{slug}/photos/{name}") == (project / "content/images" / name).read_bytes()
    text = archive.read(f"{slug}/story.md").decode("utf-8")
    url = f"https://example.org/exemplars/{slug}/"
    assert text.startswith("# 广场上的“雷锋大姐”\n")
    assert "日期：2019年3月5日" in text and "作者：示例通讯员" in text and f"原文网址：{url}" in text
    assert "每个周六，她都在广场上为居民量血压。" in text
    credits = archive.read(f"{slug}/credits.txt").decode("utf-8")
    assert "文件：photos/square.png\n说明：广场上的服务台\n图注：3月5日的广场\n摄影或来源：张三 摄" in credits
    assert "文件：photos/sign.svg\n说明：服务站标识\n摄影或来源：站点供图" in credits
    page = (site / f"exemplars/{slug}/index.html").read_text(encoding="utf-8")
    assert f'href="../../press/exemplars/{slug}.zip" download' in page


def test_press_zip_is_byte_identical_and_follows_its_photos(with_photos, tmp_path):
    project = with_photos
    site = build_site(project, TODAY_MINI)
    [zip_path] = (site / "press/exemplars").glob("*.zip")
    relative = zip_path.relative_to(site)
    first = zip_path.read_bytes()
    other = build_site(make_project(tmp_path / "clean"), TODAY_MINI)  # a clean build without photos differs …
    assert (other / relative).read_bytes() != first
    assert build_site(project, TODAY_MINI, incremental=False).joinpath(relative).read_bytes() == first  # … a rebuild not
    # Only the photo changes (same name, story untouched): the incremental build packs the new bytes.
    (project / "content/images/square.png").write_bytes(_png("#2b1a1a", (1024, 768)))
    site = build_site(project, TODAY_MINI)
    archive = zipfile.ZipFile(site / relative)
    assert archive.read(f"{relative.stem}/photos/square.png") == (project / "content/images/square.png").read_bytes()


def _zip(entries, time=FIXED_TIME, mode=0o100644) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, time)
            info.external_attr = mode << 16
            archive.writestr(info, data)
    return buffer.getvalue()


@pytest.mark.parametrize("data, problem", [
    (_zip([("a/../../etc/passwd.txt", b"x")]), "含有 .. 或空的路径段"),
    (_zip([("/abs/story.md", b"x")]), "是绝对路径"),
    (_zip([("a\\b.md", b"x")]), "是绝对路径或含有 \\ 或 :"),
    (_zip([("C:/story.md", b"x")]), "是绝对路径或含有 \\ 或 :"),
    (_zip([("a/link.md", b"/etc/passwd")], mode=0o120777), "不是普通文件（目录或链接）"),
    (_zip([("a/story.md", b"x")], time=(2026, 12, 3, 8, 0, 0)), "的时间不是固定的"),
    (_zip([("b/story.md", b"x"), ("a/story.md", b"x")]), "重复或未排序"),
    (_zip([("a/page.html", b"<script>alert(1)</script>")]), "不是文本或图片"),
    (_zip([("a/photo.png", b"<html>not a png</html>")]), "中的“a/photo.png”"),
    (_zip([("a/photo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")]), "中的“a/photo.svg”含有 <script>"),
    (_zip([("a/story.md", "文字".encode("gbk"))]), "不是 UTF-8 文本"),
    (b"PK\x03\x04 not really a zip", "不是有效的 zip 文件"),
])
def test_the_zip_gate_refuses_what_could_harm_whoever_unpacks_it(data, problem):
    with pytest.raises(GateError) as refused:
        police("press/exemplars/x.zip", data)
    assert problem in str(refused.value)


def test_the_zip_gate_passes_a_press_kit(with_photos):
    site = build_site(with_photos, TODAY_MINI)
    [zip_path] = (site / "press/exemplars").glob("*.zip")
    assert police("press/exemplars/x.zip", zip_path.read_bytes()) == zip_path.read_bytes()


def test_press_contact_is_checked_like_every_phone_number(check, mini):
    edit(mini, "campaigns.yaml", "  signup_hosts:", "  press:\n    unit: 宣传科\n    phone: 请拨 12345 转 8\n  signup_hosts:")
    line = line_of(mini, "campaigns.yaml", "phone: 请拨")
    [error] = check()
    assert error.startswith(f"campaigns.yaml:{line}: site.press.phone: 电话“请拨 12345 转 8”应只写一个号码")


def test_press_contact_mobile_needs_consent(check, mini):
    edit(mini, "campaigns.yaml", "  signup_hosts:", "  press:\n    unit: 宣传科\n    phone: \"13912345678\"\n  signup_hosts:")
    [error] = check()
    assert error.startswith(f"campaigns.yaml:{line_of(mini, 'campaigns.yaml', '13912345678')}:")
    assert "疑似个人手机号码" in error


def test_press_email_is_one_plain_address(check, mini):
    """It becomes a mailto: link: nothing but an address may reach the href."""
    edit(mini, "campaigns.yaml", "  signup_hosts:",
         "  press:\n    unit: 宣传科\n    email: \"a@b.cn?subject=x) [点我](javascript:alert(1)\"\n  signup_hosts:")
    [error] = check()
    assert error.startswith(f"campaigns.yaml:{line_of(mini, 'campaigns.yaml', 'email: ')}: site.press.email: 邮箱")


def test_the_press_page_links_only_kits_the_plan_makes(mini, tmp_path):
    """A story whose page is not published (here: its URL clashes with the archive, an error a
    preview still shows the site with) has no kit: the press page does not link one."""
    from generator.model.site import build_site as build_model
    from generator.plan.site_plan import plan_site
    from generator.render.fragments import render_fragments
    from generator.source.load import load_sources

    text = (mini / STORY).read_text(encoding="utf-8").replace("title: 广场上的“雷锋大姐”", "title: 与归档同名")
    (mini / "content/exemplars/archive.md").write_text(text, encoding="utf-8")
    sources = load_sources(mini)
    site, _ = build_model(sources, TODAY_MINI, True)
    plan = plan_site(site, render_fragments(sources), tmp_path / "cards")
    assert plan.issues  # the clash, reported
    page = plan.outputs["press/index.md"].render()
    assert "与归档同名" not in page and "广场上的“雷锋大姐”" in page
    kits = [path for path in plan.outputs if path.endswith(".zip")]
    assert kits and all(path.removeprefix("press/") in page for path in kits)

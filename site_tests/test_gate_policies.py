"""The output gate's policies, one kind at a time (issue 12, class "outputs").

Each policy is fed the bytes of one output and returns what may be published or raises GateError.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import struct
import zipfile
import zlib
from datetime import datetime, timezone

import pytest
import yaml
from PIL import Image

from conftest import REPO
from generator.errors import BuildError
from generator.gate.attachments import check_attachment
from generator.gate.csv import neutralise
from generator.gate.errors import GateError
from generator.gate.ics import check_ics, ics_policy
from generator.gate.json import json_policy, script_json
from generator.gate.names import path_problem
from generator.gate.outputs import Outputs
from generator.gate.policies import POLICIES, SUFFIX_KINDS
from generator.gate.raster import MAX_PIXELS, check_raster
from generator.gate.svg import check_svg
from generator.render.ics import _base_event, calendar_bytes
from generator.render.social import Social

# --- SVG ------------------------------------------------------------------------------------------------

OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 80 45"'


def svg(inner: str = "", attributes: str = "") -> bytes:
    return f"{OPEN}{attributes}>{inner}</svg>".encode()


@pytest.mark.parametrize("path", sorted((REPO / "content/images").glob("*.svg")), ids=lambda p: p.name)
def test_the_demo_drawings_pass_and_are_measured_by_their_view_box(path):
    assert check_svg(path.read_bytes()) == (800, 450)


@pytest.mark.parametrize("inner, attributes, found", [
    ("<script>alert(1)</script>", "", "含有 <script>"),
    ('<script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script>', "", "含有 <script>（命名空间 http://www.w3.org/1999/xhtml）"),
    ('<metadata><x:RDF xmlns:x="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><script>1</script></x:RDF></metadata>', "",
     "含有 <script>"),  # hidden inside editor metadata
    ('<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>', "", "含有 <foreignObject>"),
    ('<a href="javascript:alert(1)"><rect/></a>', "", "含有 <a>"),
    ('<set attributeName="href" to="javascript:alert(1)"/>', "", "含有 <set>"),
    ('<image href="https://evil.example/a.png"/>', "", "含有 <image>"),
    ('<feImage href="https://evil.example/a.png"/>', "", "含有 <feImage>"),
    ("", ' onload="alert(1)"', "含有事件属性 onload"),
    ('<rect ONCLICK="alert(1)"/>', "", "含有事件属性 ONCLICK"),
    ('<use href="https://evil.example/a.svg#x"/>', "", '含有指向文件之外的链接 href="https://evil.example/a.svg#x"'),
    ('<use xlink:href="data:image/svg+xml,&lt;svg/&gt;"/>', "", "含有指向文件之外的链接 href="),
    ('<rect style="fill:url(https://evil.example/x)"/>', "", "含有引用外部资源的样式 url(https://evil.example/x)"),
    ("<rect fill=\"url('//evil.example/x')\"/>", "", "含有引用外部资源的样式 url(//evil.example/x)"),
    ('<rect style="background:image-set(\'x.png\' 1x)"/>', "", "含有样式函数 image-set()"),
    ('<style>@import "https://evil.example/x.css";</style>', "", "含有样式规则 @import"),
    ("<style>@font-face{src:local(x)}</style>", "", "含有样式规则 @font-face"),
    ('<style>.a{fill:url("https://evil.example/x")}</style>', "", "含有引用外部资源的样式 url(https://evil.example/x)"),
    ("", ' xml:base="https://evil.example/"', "含有属性 xml:base"),
    ('<rect srcdoc="x"/>', "", "含有属性 srcdoc（<rect> 上）"),
])
def test_svg_content_outside_the_drawing_allow_list_is_refused(inner, attributes, found):
    with pytest.raises(GateError) as refused:
        check_svg(svg(inner, attributes))
    assert str(refused.value).startswith(found)


def test_svg_drawings_with_local_references_css_and_editor_notes_pass():
    data = svg('<defs><linearGradient id="g"><stop offset="0" stop-color="#a4161a"/></linearGradient>'
               '<clipPath id="c"><rect width="10" height="10"/></clipPath></defs>'
               '<style>.a{fill:url(#g);stroke:rgb(1,2,3)}</style>'
               '<g id="m" clip-path="url(#c)" class="a" data-name="层 1" aria-label="标志"><circle r="3"/></g>'
               '<use xlink:href="#m" x="20"/><use href="#m" x="40"/>'
               '<path d="M0 0h10" style="fill:url(\'#g\');stroke-width:2" transform="rotate(10)"/>'
               '<text x="1" y="2" inkscape:label="文字" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape">学雷锋</text>'
               '<sodipodi:namedview xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" pagecolor="#fff"/>')
    assert check_svg(data) == (80, 45)


@pytest.mark.parametrize("data, found", [
    (b'<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="x.xsl"?>' + svg(), "含有处理指令 <?xml-stylesheet …?>"),
    (b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">' + svg(),
     "含有 DOCTYPE 声明"),
    (b'<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>' + svg("<text>&b;</text>"),
     "含有 DOCTYPE 声明"),  # a billion laughs never expands
    (b'<svg viewBox="0 0 1 1"/>', "不是 SVG 图片"),
    (b'<html xmlns="http://www.w3.org/1999/xhtml"><script>1</script></html>', "不是 SVG 图片"),
    (svg()[:40], "不是有效的 SVG（第 1 行不符合 XML 格式）"),
    (b"\x89PNG\r\n", "不是有效的 SVG"),
])
def test_svg_documents_that_are_not_plain_drawings_are_refused(data, found):
    with pytest.raises(GateError) as refused:
        check_svg(data)
    assert str(refused.value).startswith(found)


@pytest.mark.parametrize("attributes", [
    ' viewBox="0 0 1e999 45"', ' viewBox="0 0 nan 45"', ' viewBox="0 0 1.2.3 45"', ' viewBox="0 0 80"',
    ' viewBox="0 0 -80 45"', ' viewBox="0 0 0 45"', ' viewBox="0 0 100000 45"', ' viewBox="1e300 0 80 45"',
    ' width="1e999"', ' width="abc"', ' height="-3"', ' height="0"', ' width="100000"', ' width="inf"',
])
def test_svg_sizes_must_be_sane_numbers_within_bounds(attributes):
    data = (f'<svg xmlns="http://www.w3.org/2000/svg"{attributes}/>' if "viewBox" in attributes
            else f'{OPEN}{attributes}/>').encode()
    with pytest.raises(GateError, match="不是合理的"):
        check_svg(data)


@pytest.mark.parametrize("attributes, size", [
    (' viewBox="0, 0, 640, 360"', (640, 360)), (' viewBox="0 0 0.4 0.3"', (1, 1)),
    (' width="120" height="60"', (120, 60)), (' width="120px" height="60px"', (120, 60)),
    (' width="10cm" height="5cm"', None), ("", None),
])
def test_svg_size_comes_from_the_view_box_or_pixel_width_and_height(attributes, size):
    assert check_svg(f'<svg xmlns="http://www.w3.org/2000/svg"{attributes}/>'.encode()) == size


# --- raster images ------------------------------------------------------------------------------------------


def image_bytes(fmt: str, size=(64, 48), **options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (164, 22, 26)).save(buffer, fmt, **options)
    return buffer.getvalue()


def claimed_png(width: int, height: int) -> bytes:
    """A 1×1 PNG whose IHDR claims another size."""
    data = image_bytes("PNG", (1, 1))
    chunk = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return data[:8] + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk)) + data[33:]


@pytest.mark.parametrize("fmt, suffix", [("PNG", ".png"), ("JPEG", ".jpg"), ("JPEG", ".JPEG"), ("GIF", ".gif"),
                                         ("WEBP", ".webp")])
def test_sound_images_pass_with_their_size(fmt, suffix):
    assert check_raster(image_bytes(fmt), suffix) == (64, 48)


@pytest.mark.parametrize("data, suffix, found", [
    (claimed_png(100_000, 100_000), ".png", "像素过多，超过 50 百万像素的上限"),  # Pillow's own guard, reported
    (claimed_png(8000, 8000), ".png", "有 8000×8000 像素，超过 50 百万像素的上限"),
    (claimed_png(2000, 2000), ".png", "的数据不完整或已损坏"),  # the header lies about a small size: decoding fails
    (image_bytes("JPEG", (640, 480))[:1500], ".jpg", "的数据不完整或已损坏"),
    (image_bytes("PNG", (640, 480))[:-30], ".png", "的数据不完整或已损坏"),
    (b"not an image at all", ".jpg", "不是可识别的 JPEG 图片"),
    (image_bytes("JPEG"), ".png", "的扩展名是 .png，内容却是 JPEG 格式"),
    (image_bytes("GIF"), ".webp", "的扩展名是 .webp，内容却是 GIF 格式"),
    (image_bytes("PNG"), ".bmp", "的扩展名 .bmp 不是支持的图片格式"),
])
def test_unsound_images_are_refused_not_crashed_on(data, suffix, found):
    with pytest.raises(GateError) as refused:
        check_raster(data, suffix)
    assert str(refused.value).startswith(found)


def test_animation_frames_count_towards_the_pixel_bound():
    side = int((MAX_PIXELS / 4) ** 0.5) + 1
    frames = [Image.new("P", (side, side), index) for index in range(4)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])
    with pytest.raises(GateError, match=f"有 {side}×{side} 像素、4 帧"):
        check_raster(buffer.getvalue(), ".gif")


# --- names ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path, problem", [
    ("images/zhenghe-square_2.jpg", None), ("images/郑和广场.jpg", None), ("campaigns/x/方案原文.pdf", None),
    ("images/a#b.jpg", "含有“#”"), ("images/a?b.jpg", "含有“?”"), ("images/a%20b.jpg", "含有“%”"),
    ("images/a b.jpg", "含有空格"), ("images/a（1）.jpg", "含有“（”、“）”"), ('images/a".jpg', "含有“\"”"),
    ("images/.hidden.jpg", "中的“.hidden.jpg”以“.”开头（隐藏文件不会发布）"), ("images//a.jpg", "含有空的路径段（连续的 /）"),
])
def test_output_paths_must_need_no_escaping_in_a_url(path, problem):
    assert path_problem(path) == problem


# --- attachments ------------------------------------------------------------------------------------------


def zip_bytes(members: dict[str, bytes], stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_STORED if stored_first else zipfile.ZIP_DEFLATED)
            stored_first = False
    return buffer.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
DOCUMENTS = {
    "方案.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n",
    "方案.doc": OLE, "表.xls": OLE, "演示.ppt": OLE, "方案.wps": OLE, "表.et": OLE, "演示.dps": OLE,
    "方案.docx": zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}),
    "表.xlsx": zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<x/>"}),
    "演示.pptx": zip_bytes({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}),
    "方案.odt": zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<o/>"}, True),
    "方案.ofd": zip_bytes({"OFD.xml": b"<ofd:OFD/>", "Doc_0/Document.xml": b"<d/>"}),
    "方案.txt": "\ufeff一、指导思想\r\n以习近平新时代……\r\n".encode(),
    "照片.jpg": image_bytes("JPEG"),
}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_documents_of_every_allowed_type_pass_unchanged(name):
    assert check_attachment(name, DOCUMENTS[name]) == DOCUMENTS[name]


@pytest.mark.parametrize("name, data, found", [
    ("plan.html", b"<html></html>", "的扩展名 .html 不是允许的附件类型。附件只能是：PDF（.pdf）"),
    ("plan.htm", b"x", "的扩展名 .htm 不是允许的附件类型"), ("plan.xhtml", b"x", "的扩展名 .xhtml 不是允许的附件类型"),
    ("plan.svg", svg(), "的扩展名 .svg 不是允许的附件类型"), ("plan.js", b"x", "的扩展名 .js 不是允许的附件类型"),
    ("plan.mjs", b"x", "的扩展名 .mjs 不是允许的附件类型"), ("plan.xml", b"x", "的扩展名 .xml 不是允许的附件类型"),
    ("plan.md", b"# x", "的扩展名 .md 不是允许的附件类型"), ("plan.markdown", b"x", "的扩展名 .markdown 不是允许的附件类型"),
    ("plan.PHP", b"x", "的扩展名 .php 不是允许的附件类型"), ("plan.exe", b"MZ", "的扩展名 .exe 不是允许的附件类型"),
    ("plan.zip", zip_bytes({"a.html": b"x"}), "的扩展名 .zip 不是允许的附件类型"),
    ("README", b"x", "没有扩展名，无法确认是允许的附件类型"),
    ("plan.pdf", b"<html><script>1</script>", "的内容不是 PDF（文件开头与扩展名不符）"),
    ("plan.doc", b"%PDF-1.4", "的内容不是 Word 97-2003 文档"),
    ("plan.docx", zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<x/>"}), "的内容不是 Word 文档"),
    ("plan.docx", zip_bytes({"index.html": b"<script>1</script>"}), "的内容不是 Word 文档"),
    ("plan.odt", zip_bytes({"mimetype": b"text/html"}, True), "的内容不是 OpenDocument 文本"),
    ("plan.ofd", zip_bytes({"a.xml": b"x"}), "的内容不是 OFD"),
    ("plan.txt", "一、指导思想".encode("gb18030"), "不是 UTF-8 编码的文本"),
    ("plan.txt", b"abc\x00def", "含有控制字符，不是纯文本"),
    ("plan.txt", b"  \r\n<!DOCTYPE html><p>x", "开头含有网页标记“<!DOCTYPE html>”"),
    ("plan.txt", "方案\n<script>alert(1)</script>".encode(), "开头含有网页标记“<script>”"),
    ("plan.txt", b"<?xml version='1.0'?><x/>", "开头含有网页标记“<?xml”"),
    ("plan.csv", b"<svg onload=alert(1)>", "开头含有网页标记“<svg”"),
    ("photo.png", image_bytes("JPEG"), "的扩展名是 .png，内容却是 JPEG 格式"),
])
def test_attachments_that_are_not_documents_are_refused(name, data, found):
    with pytest.raises(GateError) as refused:
        check_attachment(name, data)
    assert str(refused.value).startswith(found)


def test_a_csv_attachment_is_published_with_formula_cells_neutralised():
    assert check_attachment("figures.csv", "项目,数量\r\n=1+2,3\r\n".encode()) == "项目,数量\r\n'=1+2,3\r\n".encode()


# --- CSV ----------------------------------------------------------------------------------------------------


def cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_formula_cells_are_prefixed_with_a_quote_and_nothing_else_changes():
    rows = [["name", "note", "lat", "phone"],
            ['=HYPERLINK("https://evil.example","x")', "+cmd|'/C calc'!A0", "-33.5", "+86"],
            ["@SUM(A1:A2)", "\t=1+1", "25.04", "-"],
            ["\r=2", "a\n=b", "1e5", "普通文字"]]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    data = codecs.BOM_UTF8 + buffer.getvalue().encode()
    cleaned = neutralise(data)
    assert cleaned.startswith(codecs.BOM_UTF8)
    assert cells(cleaned) == [["name", "note", "lat", "phone"],
                              ['\'=HYPERLINK("https://evil.example","x")', "'+cmd|'/C calc'!A0", "-33.5", "+86"],
                              ["'@SUM(A1:A2)", "'\t=1+1", "25.04", "'-"],
                              ["'\r=2", "a\n=b", "1e5", "普通文字"]]


def test_a_csv_without_formula_cells_keeps_its_exact_bytes():
    data = codecs.BOM_UTF8 + "id,name\r\nsquare,中心广场\r\n".encode()
    assert neutralise(data) is data


def test_the_stations_csv_goes_through_the_csv_policy():
    outputs = Outputs()
    outputs.add("data/stations.csv", "id,name\r\nx,=1+1\r\n")
    assert dict(outputs.items())["data/stations.csv"] == b"id,name\r\nx,'=1+1\r\n"


# --- JSON -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b'{"a": 1', b'{"a": NaN}', b'{"a": Infinity}', "{'a': 1}".encode(), b"\xff"])
def test_json_outputs_must_parse_back_strictly(data):
    with pytest.raises(GateError, match="不是有效的 JSON"):
        json_policy("data/x.json", data)


def test_json_inside_a_script_cannot_end_it_or_open_markup():
    hostile = {"name": "</script><script>alert(1)</script><!-- & \u2028\u2029"}
    text = script_json(hostile)
    assert not any(c in text for c in "<>&\u2028\u2029")
    assert json.loads(text) == hostile


def test_json_ld_in_front_matter_is_script_safe_and_round_trips():
    hostile = {"@type": "Event", "name": "</script><script>window.top.__pwned=1</script>", "x": "a & b > c"}
    front = yaml.safe_load(Social("website", None, hostile).front_matter("campaigns/x/index.md"))
    assert "<" not in front["jsonld"] and "&" not in front["jsonld"]
    assert json.loads(front["jsonld"]) == {"@context": "https://schema.org", **hostile}


# --- ICS --------------------------------------------------------------------------------------------------------

STAMP = datetime(2019, 3, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize("title", [
    "周六服务\r\nATTENDEE:mailto:evil@example.com",
    "周六服务\nEND:VEVENT\nBEGIN:VTODO\nSUMMARY:x",
    "周六服务;ATTENDEE=mailto:evil@example.com:x,y",
    "周六服务\rURL:https://evil.example/",
])
def test_a_title_cannot_inject_a_property_or_a_component(title):
    event = _base_event("activity-x@portal.test", title, STAMP)
    event.add("location", title)
    data = calendar_bytes(None, title, [event], title)
    calendar = check_ics(data)  # passes the gate: one VEVENT, only our properties
    (parsed,) = calendar.walk("VEVENT")
    assert sorted(parsed.keys()) == ["DTSTAMP", "LOCATION", "SUMMARY", "UID"]
    assert str(parsed["SUMMARY"]) == title.replace("\r\n", "\n").replace("\r", "\n")
    assert str(parsed["LOCATION"]) == str(parsed["SUMMARY"])


def test_ics_the_portal_did_not_mean_to_write_is_refused():
    data = calendar_bytes(None, "日历", [_base_event("a@portal.test", "活动", STAMP)])
    check_ics(data)
    for bad, found in [(data.replace(b"SUMMARY", b"ATTENDEE:mailto:x@example.com\r\nSUMMARY"), "的 VEVENT 含有不应有的属性 ATTENDEE"),
                       (data.replace(b"VEVENT", b"VTODO"), "含有不应有的组件 VTODO"),
                       (data + data, "应只含一个 VCALENDAR，实有 2 个"),
                       (data.replace(b"SUMMARY:", b"URL:https://evil.example/\r\nSUMMARY:"), "的 VEVENT 含有重复的属性 URL")
                       if b"URL:" in data else (data.replace(b"VEVENT", b"VTODO"), "含有不应有的组件 VTODO"),
                       (data.replace(b"BEGIN:VEVENT", b"BEGIN:VALARM"), "的 VALARM 不在它应在的组件里"),
                       (data.replace(b"SUMMARY:", b"SUMMARY\x01:"), "不是有效的 iCalendar"),
                       (b"<html>", "不是有效的 iCalendar")]:
        with pytest.raises(GateError) as refused:
            ics_policy("a.ics", bad)  # the gate's own reading, without icalendar
        assert str(refused.value).startswith(found)


# --- the gate as a whole ------------------------------------------------------------------------------------


def test_every_suffix_has_a_policy():
    assert set(SUFFIX_KINDS.values()) <= set(POLICIES)


def test_outputs_refuse_what_their_kind_does_not_allow_and_name_the_output():
    outputs = Outputs()
    with pytest.raises(GateError, match=r"^输出 campaigns/x/plan\.md（attachment）未通过检查：plan\.md的扩展名 \.md"):
        outputs.add("campaigns/x/plan.md", b"# x", kind="attachment")
    with pytest.raises(GateError, match=r"^输出 images/x\.svg（photo）未通过检查：x\.svg含有 <script>"):
        outputs.add("images/x.svg", svg("<script>1</script>"), kind="photo")
    with pytest.raises(GateError, match="输出路径 images/a#b.png 含有“#”，不能用作网址"):
        outputs.add("images/a#b.png", image_bytes("PNG"), kind="photo")
    with pytest.raises(GateError, match="没有发布规则"):
        outputs.add("assets/x.wasm", b"\0asm")
    with pytest.raises(GateError, match="没有发布规则"):
        outputs.add("assets/x.png", image_bytes("PNG"), kind="unknown")
    assert len(outputs) == 0
    assert issubclass(GateError, BuildError) and issubclass(GateError, ValueError)  # the CLI prints it, no traceback



# --- where editors hear about it: the model's look-ups use the same policies ---------------------------------


def test_attachment_and_photo_look_ups_report_what_the_gate_would_refuse(tmp_path):
    from generator.source.attachments import attachment_file
    from generator.source.images import photo_file

    (tmp_path / "方案 原文.pdf").write_bytes(DOCUMENTS["方案.pdf"])
    (tmp_path / "方案.pdf").write_bytes(DOCUMENTS["方案.pdf"])
    (tmp_path / "page.html").write_bytes(b"<html>")
    (tmp_path / "sign.svg").write_bytes(svg('<rect width="80" height="45"/>'))
    (tmp_path / "bomb.png").write_bytes(claimed_png(100_000, 100_000))
    assert attachment_file(tmp_path, "方案.pdf") == (tmp_path / "方案.pdf").resolve()
    assert attachment_file(tmp_path, "方案 原文.pdf").startswith("附件“方案 原文.pdf”的文件名含有空格：")
    assert attachment_file(tmp_path, "page.html").startswith("附件“page.html”的扩展名 .html 不是允许的附件类型。")
    assert attachment_file(tmp_path, "missing.pdf") == "附件“missing.pdf”不存在：请把文件放到 content/attachments/ 下。"
    found = photo_file(tmp_path, "sign.svg")
    assert (found.path, found.size) == ("images/sign.svg", (80, 45))
    assert photo_file(tmp_path, "bomb.png").startswith("图片“bomb.png”像素过多，超过 50 百万像素的上限")

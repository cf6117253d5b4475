"""Hostile corpus, class: outputs (see __init__.py).

Files an editor supplies and the portal copies (attachments, photos) and outputs beside the
pages (CSV, ICS, JSON-LD).  Each refused case names the source line the editor must change.
"""

import csv
import io
import struct
import zlib

from PIL import Image

from gate_corpus import *  # noqa: F401,F403

ALLOWED = ("附件只能是：PDF（.pdf）、OFD（.ofd）、Word（.doc .docx）、Excel（.xls .xlsx）、PowerPoint（.ppt .pptx）、"
           "WPS（.wps .et .dps）、OpenDocument（.odt .ods .odp）、纯文本（UTF-8）（.txt .csv）、"
           "图片（.png .jpg .jpeg .gif .webp）；网页、SVG、脚本、Markdown 和压缩包不能作为附件（方案正文请写在方案文件中）。")
SVG_REMOVE = "：网站只发布纯图形的 SVG，请删除它后重新保存（或在绘图软件中导出为普通 SVG），也可把图片另存为 PNG/JPG。"
SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 80 45">'


def _attach(p, name: str, content: bytes) -> int:
    write(p, f"content/attachments/{name}", content)
    return replace_line(p, CAMPAIGN, "file: demo-2019.txt", f"  file: {name}")


def _photo(p, name: str, content: bytes) -> int:
    write(p, f"{IMAGES}/{name}", content)
    return insert_after(p, EXEMPLAR, "stations:", f"photos:\n  - src: {name}\n    alt: 量血压\n    credit: 某某 摄") + 1


def _svg(inner: str, open_tag: str = SVG_OPEN) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{open_tag}<rect width="80" height="45"/>{inner}</svg>\n'.encode()


def _png(width: int, height: int) -> bytes:
    """A real 1×1 PNG whose header claims another size: tiny on disk, a bomb for a decoder."""
    buffer = io.BytesIO()
    Image.new("RGB", (1, 1)).save(buffer, "PNG")
    data = buffer.getvalue()
    chunk = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return data[:8] + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk)) + data[33:]


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (164, 22, 26)).save(buffer, "JPEG")
    return buffer.getvalue()


# --- attachments: documents only, by name and by content ------------------------------------------------


@refused("outputs-attachment-html", "outputs", CAMPAIGN,
         f"attachment.file: 附件“plan.html”的扩展名 .html 不是允许的附件类型。{ALLOWED}")
def _(p):
    return _attach(p, "plan.html", f"<!doctype html><script>{CANARY}</script>".encode())


@refused("outputs-attachment-markdown", "outputs", CAMPAIGN,
         f"attachment.file: 附件“plan.md”的扩展名 .md 不是允许的附件类型。{ALLOWED}")
def _(p):
    # mkdocs would have published it as a page that no check of ours ever read.
    return _attach(p, "plan.md", f"# 方案\n\n<script>{CANARY}</script>\n".encode())


@refused("outputs-attachment-svg", "outputs", CAMPAIGN,
         f"attachment.file: 附件“plan.svg”的扩展名 .svg 不是允许的附件类型。{ALLOWED}")
def _(p):
    return _attach(p, "plan.svg", _svg(""))


@refused("outputs-attachment-txt-that-is-html", "outputs", CAMPAIGN,
         "attachment.file: 附件“demo-2019.txt”开头含有网页标记“<html>”，浏览器会把它当作网页打开："
         "附件不能是网页，请改为 PDF 或去掉这些标记。")
def _(p):
    write(p, ATTACHMENT, f"\n  <html><body><script>{CANARY}</script>\n".encode())
    return line_of(p, CAMPAIGN, "file: demo-2019.txt")


@refused("outputs-attachment-pdf-that-is-not", "outputs", CAMPAIGN,
         "attachment.file: 附件“plan.pdf”的内容不是 PDF（文件开头与扩展名不符）：请确认文件没有损坏，且扩展名与实际格式一致。")
def _(p):
    return _attach(p, "plan.pdf", f"<html><script>{CANARY}</script></html>".encode())


# --- SVG photos: drawings only ------------------------------------------------------------------------------


@refused("outputs-svg-script", "outputs", EXEMPLAR, "photos[0].src: 图片“sign.svg”含有 <script>" + SVG_REMOVE)
def _(p):
    return _photo(p, "sign.svg", _svg(f"<script>{CANARY}</script>"))


@refused("outputs-svg-foreign-object", "outputs", EXEMPLAR, "photos[0].src: 图片“sign.svg”含有 <foreignObject>" + SVG_REMOVE)
def _(p):
    return _photo(p, "sign.svg", _svg('<foreignObject width="80" height="45"><body xmlns="http://www.w3.org/1999/xhtml">'
                                      f'<iframe src="javascript:{CANARY}"/></body></foreignObject>'))


@refused("outputs-svg-onload", "outputs", EXEMPLAR, "photos[0].src: 图片“sign.svg”含有事件属性 onload" + SVG_REMOVE)
def _(p):
    return _photo(p, "sign.svg", _svg("", SVG_OPEN.replace(">", f' onload="{CANARY}">', 1)))


@refused("outputs-svg-external-href", "outputs", EXEMPLAR,
         'photos[0].src: 图片“sign.svg”含有指向文件之外的链接 href="https://evil.example/x.svg#a"' + SVG_REMOVE)
def _(p):
    return _photo(p, "sign.svg", _svg('<use xlink:href="https://evil.example/x.svg#a"/>'))


@refused("outputs-svg-xml-stylesheet", "outputs", EXEMPLAR,
         "photos[0].src: 图片“sign.svg”含有处理指令 <?xml-stylesheet …?>" + SVG_REMOVE)
def _(p):
    # Opened directly, the SVG would be transformed by an XSLT from anywhere.
    return _photo(p, "sign.svg", _svg("").replace(b"?>\n", b'?>\n<?xml-stylesheet type="text/xsl" href="https://evil.example/x.xsl"?>\n', 1))


@refused("outputs-svg-huge-viewbox", "outputs", EXEMPLAR,
         'photos[0].src: 图片“sign.svg”的 viewBox="0 0 1e999 45" 不是合理的画布（应为 4 个数字“x y 宽 高”，宽高在 0 到 20000 之间）：'
         "请在绘图软件中重设画布大小后重新导出。")
def _(p):
    return _photo(p, "sign.svg", _svg("", SVG_OPEN.replace("0 0 80 45", "0 0 1e999 45")))


@refused("outputs-svg-malformed-width", "outputs", EXEMPLAR,
         'photos[0].src: 图片“sign.svg”的 width="8O0" 不是合理的尺寸（应为 0 到 20000 之间的数字）：请在绘图软件中重设画布大小后重新导出。')
def _(p):
    return _photo(p, "sign.svg", _svg("", SVG_OPEN.replace(" viewBox", ' width="8O0" viewBox')))


# --- raster photos: the format the name says, within bounds, decodable ---------------------------------------


@refused("outputs-png-decompression-bomb", "outputs", EXEMPLAR,
         "photos[0].src: 图片“crowd.png”像素过多，超过 50 百万像素的上限（可能是“解压炸弹”图片）：请把图片缩小后重新保存。")
def _(p):
    return _photo(p, "crowd.png", _png(100_000, 100_000))


@refused("outputs-png-over-the-pixel-bound", "outputs", EXEMPLAR,
         "photos[0].src: 图片“crowd.png”有 8000×8000 像素，超过 50 百万像素的上限（可能是“解压炸弹”图片）：请把图片缩小后重新保存。")
def _(p):
    return _photo(p, "crowd.png", _png(8000, 8000))  # under Pillow's own guard, over ours


@refused("outputs-jpeg-truncated", "outputs", EXEMPLAR,
         "photos[0].src: 图片“crowd.jpg”的数据不完整或已损坏，无法解码：请重新导出或另存后再放入。")
def _(p):
    return _photo(p, "crowd.jpg", _jpeg()[:900])


@refused("outputs-jpeg-named-png", "outputs", EXEMPLAR,
         "photos[0].src: 图片“crowd.png”的扩展名是 .png，内容却是 JPEG 格式：请用图片软件另存为与扩展名一致的格式，或改正扩展名。")
def _(p):
    return _photo(p, "crowd.png", _jpeg())


@refused("outputs-photo-name-with-hash", "outputs", EXEMPLAR,
         "photos[0].src: 图片“crowd#1.jpg”的文件名含有“#”：网址中的文件名只能由字母、数字、汉字和 - _ . 组成，"
         "请重命名文件（如 zhenghe-square.jpg）并相应修改此处。")
def _(p):
    write(p, f"{IMAGES}/crowd#1.jpg", _jpeg())
    return insert_after(p, EXEMPLAR, "stations:", 'photos:\n  - src: "crowd#1.jpg"\n    alt: 量血压\n    credit: 某某 摄') + 1


# --- accepted: published, neutralised -----------------------------------------------------------------------

FORMULA = '=HYPERLINK("https://evil.example","x")'


def _station_row(site) -> dict:
    text = (site / "data/stations.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    return next(row for row in rows if row["id"] == "square")


def _formula_neutralised(site):
    row = _station_row(site)
    assert row["name"] == "'" + FORMULA
    assert row["lat"] == "25.040000"  # numbers stay numbers
    assert not any(cell.startswith(("=", "+", "-", "@")) and not cell.replace(".", "").lstrip("+-").isdigit()
                   for cell in row.values())


@accepted("outputs-csv-formula-station-name", "outputs", _formula_neutralised)
def _(p):
    replace_line(p, STATION, "name:", "name: '" + FORMULA.replace("'", "''") + "'")
    replace_line(p, STATION, "address:", "address: '@SUM(1+1)*cmd|\" /C calc\"!A0'")


def _csv_attachment_neutralised(site):
    rows = list(csv.reader(io.StringIO((site / "campaigns/demo-2019/figures.csv").read_text("utf-8"), newline="")))
    assert rows == [["项目", "数量"], ["'=1+2", "3"], ["'+cmd|'/C calc'!A0", "-4"]]


@accepted("outputs-csv-attachment-neutralised", "outputs", _csv_attachment_neutralised)
def _(p):
    _attach(p, "figures.csv", "项目,数量\r\n=1+2,3\r\n+cmd|'/C calc'!A0,-4\r\n".encode())


def _svg_published_unchanged(site):
    assert (site / "images/sign.svg").read_bytes() == SAFE_SVG
    page = (site / "exemplars/li-xiaolei/index.html").read_text("utf-8")
    image = next(tag for tag in page.split("<img")[1:] if "images/sign.svg" in tag)
    assert 'width="80"' in image and 'height="45"' in image  # measured from the viewBox


SAFE_SVG = _svg('<defs><linearGradient id="g"><stop offset="0" stop-color="#a4161a"/></linearGradient></defs>'
                '<g id="mark"><circle cx="10" cy="10" r="5" style="fill:url(#g)"/></g><use xlink:href="#mark" x="20"/>'
                '<text x="40" y="30" font-family="sans-serif">学雷锋</text>')


@accepted("outputs-svg-drawing-published-as-drawn", "outputs", _svg_published_unchanged)
def _(p):
    _photo(p, "sign.svg", SAFE_SVG)


@refused("outputs-registration-code-svg-script", "outputs", SITE,
         "site.registration[0].qr: 图片“code.svg”含有 <script>" + SVG_REMOVE)
def _(p):
    # The platform's mini-program code is published like a story photo, through the same policy.
    write(p, f"{IMAGES}/code.svg", _svg(f"<script>{CANARY}</script>"))
    return insert_after(p, SITE, "url: https://volunteer.example.org/", "      qr: code.svg")

"""SVG policy: a drawing is published as the editor made it, or refused with what was found.

An SVG opened directly (not through <img>) is a document on our origin: it can run scripts,
embed HTML, load a stylesheet or an XSLT transform, and fetch from other hosts.  So an SVG
passes only if every element and attribute is on an allow-list for drawings, every reference
(href, url()) points inside the file, its CSS can fetch nothing, it has no DTD or entities
(defusedxml) and no processing instructions, and its size is made of sane numbers.
Refusing, rather than silently rewriting, keeps the published image the one the editor
checked, and the message says what to remove.
"""

from __future__ import annotations

import math
import re
from typing import Optional
from xml.etree.ElementTree import ParseError, TreeBuilder

import tinycss2
from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml.ElementTree import DefusedXMLParser

from generator.gate.errors import GateError

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 20_000  # user units or px: far beyond any drawing, small enough for any layout

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
# Drawing programs keep their own notes in these namespaces; browsers give them no behaviour.
EDITOR_NAMESPACES = {
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://creativecommons.org/ns#",
    "http://purl.org/dc/elements/1.1/",
}

ELEMENTS = frozenset("""
    svg g defs symbol use title desc metadata style switch
    path rect circle ellipse line polyline polygon
    text tspan textPath
    linearGradient radialGradient stop pattern clipPath mask marker
    filter feBlend feColorMatrix feComponentTransfer feComposite feFlood feFuncA feFuncB feFuncG feFuncR
    feGaussianBlur feMerge feMergeNode feMorphology feOffset feDropShadow
""".split())

ATTRIBUTES = frozenset("""
    id class style lang tabindex role focusable version baseProfile
    x y x1 y1 x2 y2 cx cy r rx ry fx fy fr width height d points pathLength transform
    viewBox preserveAspectRatio dx dy rotate textLength lengthAdjust startOffset method spacing side
    gradientUnits gradientTransform spreadMethod offset
    clipPathUnits maskUnits maskContentUnits patternUnits patternContentUnits patternTransform
    markerWidth markerHeight markerUnits refX refY orient
    filterUnits primitiveUnits in in2 result stdDeviation mode operator k1 k2 k3 k4 values type
    tableValues slope intercept amplitude exponent radius edgeMode
    requiredFeatures systemLanguage
    fill fill-opacity fill-rule stroke stroke-width stroke-opacity stroke-linecap stroke-linejoin
    stroke-miterlimit stroke-dasharray stroke-dashoffset opacity color display visibility overflow
    clip-path clip-rule mask filter marker-start marker-mid marker-end
    font-family font-size font-size-adjust font-weight font-style font-variant font-stretch
    text-anchor text-decoration dominant-baseline alignment-baseline baseline-shift
    letter-spacing word-spacing writing-mode direction unicode-bidi
    stop-color stop-opacity flood-color flood-opacity lighting-color
    color-interpolation color-interpolation-filters color-rendering shape-rendering text-rendering
    image-rendering vector-effect paint-order mix-blend-mode isolation transform-origin enable-background
""".split())
HREFS = {"href", f"{{{XLINK}}}href"}

# The CSS functions a drawing needs; url() is checked to stay inside the file.  Anything that
# can fetch (image-set(), src(), @import, @font-face) is not here.
CSS_FUNCTIONS = frozenset("""
    url rgb rgba hsl hsla hwb lab lch oklab oklch color calc min max clamp var
    matrix translate translatex translatey scale scalex scaley rotate skew skewx skewy
    blur brightness contrast drop-shadow grayscale hue-rotate invert opacity saturate sepia
""".split())

REMOVE = "：网站只发布纯图形的 SVG，请删除它后重新保存（或在绘图软件中导出为普通 SVG），也可把图片另存为 PNG/JPG。"
LENGTH = re.compile(r"\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(px|pt|pc|mm|cm|in|em|ex|%)?\s*")


class _Recorder(TreeBuilder):
    """Keeps the processing instructions ElementTree would drop: <?xml-stylesheet?> applies XSLT."""

    def __init__(self) -> None:
        super().__init__()
        self.instructions: list[str] = []

    def pi(self, target, data=None):
        self.instructions.append(target)
        return super().pi(target, data)


def _parse(data: bytes):
    recorder = _Recorder()
    parser = DefusedXMLParser(target=recorder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    try:
        parser.feed(data)
        root = parser.close()
    except DTDForbidden:
        raise GateError("含有 DOCTYPE 声明（<!DOCTYPE …>）" + REMOVE) from None
    except EntitiesForbidden:
        raise GateError("含有实体声明（<!ENTITY …>）" + REMOVE) from None
    except ParseError as error:
        raise GateError(f"不是有效的 SVG（第 {error.position[0]} 行不符合 XML 格式）：请用绘图软件重新导出。") from None
    except (DefusedXmlException, ValueError):
        raise GateError("不是有效的 SVG（不符合 XML 格式）：请用绘图软件重新导出。") from None
    if recorder.instructions:
        raise GateError(f"含有处理指令 <?{recorder.instructions[0]} …?>" + REMOVE)
    return root


def _split(name: str) -> tuple[str, str]:
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return "", name


def _css_problem(tokens) -> Optional[str]:
    """The first thing in parsed CSS that could fetch or is not CSS; None when clean."""
    for token in tokens:
        kind = token.type
        if kind == "error":
            return f"无法解析的样式（{token.message}）"
        if kind == "at-rule":
            return f"样式规则 @{token.at_keyword}"
        if kind == "url":
            if not token.value.startswith("#"):
                return f"引用外部资源的样式 url({token.value})"
        elif kind == "function":
            name = token.lower_name
            if name not in CSS_FUNCTIONS:
                return f"样式函数 {token.name}()"
            if name == "url":
                target = next((t.value for t in token.arguments if t.type == "string"), "")
                if not target.startswith("#"):
                    return f"引用外部资源的样式 url({target})"
            problem = _css_problem(token.arguments)
            if problem:
                return problem
        elif kind in ("() block", "[] block", "{} block"):
            problem = _css_problem(token.content)
            if problem:
                return problem
        elif kind == "declaration":
            problem = _css_problem(token.value)
            if problem:
                return problem
        elif kind == "qualified-rule":
            problem = _css_problem(tinycss2.parse_blocks_contents(token.content))
            if problem:
                return problem
    return None


def _attribute_problem(element: str, name: str, value: str) -> Optional[str]:
    namespace, local = _split(name)
    if namespace in EDITOR_NAMESPACES:
        return None
    if name in HREFS:
        return None if value.strip().startswith("#") else f"指向文件之外的链接 {local}=\"{value}\""
    if namespace == XML:
        return None if local in ("space", "lang") else f"属性 xml:{local}"
    if namespace:
        return f"属性 {{{namespace}}}{local}"
    if local.lower().startswith("on"):
        return f"事件属性 {local}"
    if local == "style":
        return _css_problem(tinycss2.parse_blocks_contents(value))
    if local not in ATTRIBUTES and not local.startswith(("data-", "aria-")):
        return f"属性 {local}（<{element}> 上）"
    if "(" in value:  # presentation attributes hold CSS values: url(#id) for fills, clips, markers
        return _css_problem(tinycss2.parse_component_value_list(value))
    return None


def _element_problem(element) -> Optional[str]:
    namespace, local = _split(element.tag)
    if namespace in EDITOR_NAMESPACES:
        return None  # inert with all its attributes; what it contains is checked on its own
    if namespace != SVG or local not in ELEMENTS:
        where = "" if namespace == SVG else ("（无命名空间）" if not namespace else f"（命名空间 {namespace}）")
        return f"<{local}>{where}"
    for name, value in element.attrib.items():
        problem = _attribute_problem(local, name, value)
        if problem:
            return problem
    if local == "style" and namespace == SVG:
        return _css_problem(tinycss2.parse_stylesheet("".join(element.itertext())))
    return None


def _length(root, name: str) -> Optional[float]:
    value = root.get(name)
    if value is None:
        return None
    match = LENGTH.fullmatch(value)
    number = float(match.group(1)) if match else math.nan
    if not (math.isfinite(number) and 0 < number <= MAX_SIDE):
        raise GateError(f"的 {name}=\"{value}\" 不是合理的尺寸（应为 0 到 {MAX_SIDE} 之间的数字）：请在绘图软件中重设画布大小后重新导出。")
    return number if match.group(2) in (None, "px") else None


def _view_box(root) -> Optional[tuple[float, float]]:
    value = root.get("viewBox")
    if value is None:
        return None
    try:
        numbers = [float(part) for part in re.split(r"[\s,]+", value.strip())]
    except ValueError:
        numbers = []
    if (len(numbers) != 4 or not all(math.isfinite(n) and abs(n) <= 1e9 for n in numbers)
            or not (0 < numbers[2] <= MAX_SIDE and 0 < numbers[3] <= MAX_SIDE)):
        raise GateError(f"的 viewBox=\"{value}\" 不是合理的画布（应为 4 个数字“x y 宽 高”，宽高在 0 到 {MAX_SIDE} 之间）："
                        "请在绘图软件中重设画布大小后重新导出。")
    return numbers[2], numbers[3]


def check_svg(data: bytes) -> Optional[tuple[int, int]]:
    """Raise GateError unless ``data`` is a safe drawing; return its size for the page's width/height."""
    if len(data) > MAX_BYTES:
        raise GateError(f"有 {len(data) / 1048576:.1f} MB，超过 SVG 图片 {MAX_BYTES // 1048576} MB 的上限：请简化图形或改用 PNG/JPG。")
    root = _parse(data)
    if root.tag != f"{{{SVG}}}svg":
        raise GateError('不是 SVG 图片（根元素应为 <svg xmlns="http://www.w3.org/2000/svg">）：请用绘图软件重新导出。')
    for element in root.iter():
        problem = _element_problem(element)
        if problem:
            raise GateError(f"含有{' ' if problem.startswith('<') else ''}{problem}" + REMOVE)
    box = _view_box(root)
    width, height = _length(root, "width"), _length(root, "height")
    if box is None and width and height:
        box = width, height
    if box is None:
        return None
    return max(1, round(box[0])), max(1, round(box[1]))


def svg_policy(path: str, data: bytes) -> bytes:
    check_svg(data)
    return data

"""Hostile corpus, class: keyboard (see __init__.py).

What editors who are not programmers type (issue 15): a Chinese input method's full-width
punctuation where YAML needs ASCII, tabs, a stray BOM, a misspelt key, a field left out, an id
entered twice.  YAML's own message named the wrong line or the wrong cause; each must now name
the character or the field, on its own line, and say how to fix it.
"""

from gate_corpus import *  # noqa: F401,F403

FULL_COLON = "“{}：”里的冒号是全角“：”，请改为半角“: ”（英文冒号加空格）。"


@refused("keyboard-full-width-colon-after-a-key", "keyboard", STATION, FULL_COLON.format("hours"))
def _(p):
    return append(p, STATION, "hours：每周六 9:00-11:30\n")


@refused("keyboard-full-width-colon-in-front-matter", "keyboard", EXEMPLAR, FULL_COLON.format("year"))
def _(p):
    return replace_line(p, EXEMPLAR, "year: 2019", "year：2019")


@refused("keyboard-full-width-space-as-indentation", "keyboard", REGION,
         "行首用了全角空格“　”（中文输入法）缩进，YAML 只认半角空格：请把它换成英文空格（每一级缩进两个空格）。")
def _(p):
    return replace_line(p, REGION, "name: 团市委", "\u3000\u3000name: 团市委")


@refused("keyboard-chinese-quotes-around-a-key", "keyboard", STATION,
         "键 district 两边加了中文引号 “ ”：键不用加引号，请删除它们，写成“district: …”。")
def _(p):
    return replace_line(p, STATION, "district:", "“district”: 示例区")


@refused("keyboard-chinese-quotes-around-a-time", "keyboard", CAMPAIGN,
         "deadlines[0].time: 值两边的中文引号 “ ” 不是 YAML 的引号，成了值的一部分：请改用英文引号，写成 time: \"16:00\"。")
def _(p):
    return replace_line(p, CAMPAIGN, 'time: "16:00"', "    time: “16:00”")


@refused("keyboard-tab-indentation", "keyboard", REGION,
         "行首用 Tab 键缩进，YAML 只认空格：请把行首的 Tab 换成空格（每一级缩进两个空格，与同一级的行对齐）。")
def _(p):
    return replace_line(p, REGION, "- id: tuanshiwei", "\t- id: tuanshiwei")


@refused("keyboard-stray-bom", "keyboard", STATION,
         "行首有一个看不见的 BOM 字符（U+FEFF，常见于把几个文件拼在一起，或从记事本复制的文字）："
         "请删除这一行开头的不可见字符（可在编辑器中打开“显示不可见字符”），或重新输入这一行的开头。")
def _(p):
    return replace_line(p, STATION, "district:", "\ufeffdistrict: 示例区")


@refused("keyboard-full-width-hyphen-list-item", "keyboard", REGION,
         "列表项开头的“－”是全角符号（中文输入法打出的横线），YAML 不认：请改为半角减号加空格“- ”。")
def _(p):
    return replace_line(p, REGION, "- id: tuanshiwei", "  － id: tuanshiwei")


@refused("keyboard-missing-colon", "keyboard", STATION, "“kind”后面缺少冒号：请写成“kind: 广场”（英文冒号加空格）。")
def _(p):
    return replace_line(p, STATION, "kind:", "kind 广场")


@refused("keyboard-misspelt-key", "keyboard", STATION,
         "houres: 未知字段“houres”：是否想写 hours？请改正拼写（字段名见字段说明 docs/字段说明.md）。")
def _(p):
    return append(p, STATION, "houres: 每周六\n")


@refused("keyboard-photo-without-alt", "keyboard", EXEMPLAR,
         "photos[0].alt: 缺少 alt（图片说明，图片的文字说明，供读屏软件朗读，图片打不开时也显示它：写图片里有什么）："
         "请在这里补上一行，如“alt: 志愿者在广场上为居民量血压”。")
def _(p):
    write(p, f"{IMAGES}/a.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    return insert_after(p, EXEMPLAR, "stations: [square]", "photos:\n  - src: a.svg\n    credit: 摄影 张三") + 1


@refused("keyboard-activity-id-twice", "keyboard", CAMPAIGN,
         "activities[2].id: 活动 id“saturday”重复（第 35 行已有），同一方案内每个活动的 id 必须唯一：请改用另一个 id。")
def _(p):
    assert line_of(p, CAMPAIGN, "- id: saturday") == 35
    return replace_line(p, CAMPAIGN, "- id: civilised-april", "  - id: saturday")

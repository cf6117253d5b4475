"""Characters nobody can see, in the strings that name things.

Every source file is first refused for control characters and bidirectional controls
(yamlsource.check_characters, which names the line).  What is left are the *format*
characters (Unicode category Cf): zero-width spaces and joiners, word joiners, a BOM in
the middle of a text, soft hyphens, tag characters.  In a name, title or id they make two
stations look the same and be different (or the reverse), and search misses them.  They
are refused in every one-line field (schema.Model).  Long text — Markdown bodies and
descriptions — keeps them: emoji such as 🧑‍🤝‍🧑 are joined with U+200D, and a body is no
identity that anything could be confused with.
"""

from __future__ import annotations

import unicodedata
from typing import Optional

NAMES = {
    "\u00ad": "软连字符",
    "\u200b": "零宽空格",
    "\u200c": "零宽不连字",
    "\u200d": "零宽连接符",
    "\u2060": "字连接符",
    "\ufeff": "零宽不换行空格（BOM）",
}


def first_invisible(text: str) -> Optional[str]:
    return next((char for char in text if unicodedata.category(char) == "Cf"), None)


def invisible_problem(text: str) -> Optional[str]:
    """The Chinese message for the first invisible character in a one-line text, or None."""
    char = first_invisible(text) if not text.isascii() else None
    if char is None:
        return None
    name = NAMES.get(char, "不可见的格式字符")
    return (f"含有看不见的字符 U+{ord(char):04X}（{name}），常见于从网页、Word 或聊天软件复制的文字："
            "名称、标题等一行的文字中不能有这类字符（否则两个看起来相同的名称会被当作不同），"
            "请删除后重新输入这段文字。")

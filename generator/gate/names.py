"""Output paths are printed verbatim into Markdown links, HTML attributes and feeds.

So every segment is made of letters (any script, 汉字 included), digits and - _ . only,
and does not start with a dot (mkdocs does not publish hidden files).  `#`, `?`, `%`,
spaces, brackets and quotes would each end or change a URL somewhere.
"""

from __future__ import annotations

from typing import Optional

ALLOWED_PUNCTUATION = "-_."
NAMED = {" ": "空格", "\u3000": "全角空格", "\t": "制表符"}


def path_problem(path: str) -> Optional[str]:
    """What makes ``path`` unusable in a URL as it is, as a Chinese predicate; None when it is fine."""
    for segment in path.split("/"):
        if not segment:
            return "含有空的路径段（连续的 /）"
        if segment.startswith("."):
            return f"中的“{segment}”以“.”开头（隐藏文件不会发布）"
        bad = dict.fromkeys(c for c in segment if not (c.isalnum() or c in ALLOWED_PUNCTUATION))
        if bad:
            shown = "、".join(NAMED.get(c, f"“{c}”") for c in bad)
            return f"含有{shown}"
    return None


RENAME_ADVICE = "网址中的文件名只能由字母、数字、汉字和 - _ . 组成，请重命名文件（如 zhenghe-square.jpg）并相应修改此处。"

"""JSON policy: every JSON output parses back as strict JSON, and JSON placed inside an HTML
<script> element cannot end it or start markup."""

from __future__ import annotations

import json

from generator.gate.errors import GateError

# Inside <script>, "</script>" or "<!--" in a string would end or change the element; the
# line separators end a JavaScript string in older engines.  All are valid JSON escapes.
_IN_SCRIPT = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                            "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script_json(value) -> str:
    """``value`` as JSON text that is safe inside <script type="application/…json">."""
    return json.dumps(value, ensure_ascii=False).translate(_IN_SCRIPT)


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def json_policy(path: str, data: bytes) -> bytes:
    try:
        json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError) as error:
        raise GateError(f"不是有效的 JSON（{error}）。") from None
    return data

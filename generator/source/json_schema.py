"""JSON Schemas of the files editors write, for YAML plugins (VS Code's, JetBrains') to check as they type.

Made from the same models as validation (pydantic's ``model_json_schema``), in the shapes editors
really write: dates are strings in YYYY-MM-DD (the loader keeps them so, yamlsource.py), ids,
times and rules carry patterns (shapes.py), every key its Chinese title, meaning and example.
Draft-07, the newest the YAML language server supports.  What needs more than one file (a
station's region exists, an activity id is unique) or a model's own rule (``when`` takes one
form) stays with ``portal check``: an editor's plugin finds the early mistakes, check finds all.
"""

from __future__ import annotations

from typing import Any

from generator.source.fields import FileKind

DRAFT = "http://json-schema.org/draft-07/schema#"
GENERATED = "由 portal reference 根据 generator/source/schema.py 生成，请勿手改。"


def json_schema(kind: FileKind) -> dict[str, Any]:
    generated = kind.model.model_json_schema(mode="validation", by_alias=True)
    for definition in generated.get("$defs", {}).values():
        # A model's own title is its class name and its docstring is for developers: the
        # fields that use it carry the Chinese title and meaning.
        definition.pop("title", None)
        definition.pop("description", None)
    generated.pop("title", None)
    generated.pop("description", None)
    _refs_alone(generated)
    front_matter = ("本 Schema 描述开头“---”之间的元数据；编辑器的 YAML 插件不检查 Markdown 文件，"
                    "请用 portal check 检查。" if kind.front_matter else "")
    return {
        "$schema": DRAFT,
        "$comment": GENERATED,
        "title": f"{kind.title}（{kind.path}）",
        "description": kind.description + front_matter,
        **generated,
    }


def _refs_alone(node: Any) -> None:
    """Draft-07 ignores every keyword beside a ``$ref``: pydantic's ``{"$ref": …, "description": …}``
    becomes ``{"allOf": [{"$ref": …}], "description": …}``, so editors show the field's meaning."""
    if isinstance(node, dict):
        if "$ref" in node and len(node) > 1:
            node["allOf"] = [{"$ref": node.pop("$ref")}]
        for value in node.values():
            _refs_alone(value)
    elif isinstance(node, list):
        for value in node:
            _refs_alone(value)

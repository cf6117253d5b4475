"""Write the editors' field reference and JSON Schemas from the schema: ``portal reference``.

    python -m generator.tools.reference [--check] [PROJECT]

Writes ``docs/字段说明.md``, ``schemas/<kind>.schema.json`` for every kind of file, and the
``yaml.schemas`` entry of ``.vscode/settings.json`` that maps each kind's files to its schema
(other settings in that file are kept).  ``--check`` writes nothing and exits 1 when a file is
out of date (site_tests/test_reference.py does the same).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from generator.render.field_reference import REFERENCE_FILE, document
from generator.source.fields import file_kinds
from generator.source.json_schema import json_schema

SCHEMA_DIR = "schemas"
VSCODE_SETTINGS = ".vscode/settings.json"


def schema_file(key: str) -> str:
    return f"{SCHEMA_DIR}/{key}.schema.json"


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def yaml_schemas() -> dict[str, str]:
    """VS Code's YAML plugin: schema → the files it describes ("/" is the workspace root).
    Markdown front matter is not YAML to the plugin, so stories and news have none."""
    return {f"./{schema_file(kind.key)}": f"/{kind.glob}" for kind in file_kinds() if not kind.front_matter}


def _settings(root: Path) -> str:
    path = root / VSCODE_SETTINGS
    settings = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    settings["yaml.schemas"] = yaml_schemas()
    return _json(settings)


def outputs(root: Path) -> dict[str, str]:
    """Every file this tool writes, by path relative to ``root``, with its text."""
    files = {REFERENCE_FILE: document()}
    for kind in file_kinds():
        files[schema_file(kind.key)] = _json(json_schema(kind))
    files[VSCODE_SETTINGS] = _settings(root)
    return files


def stale(root: Path) -> list[str]:
    """The files that differ from what the schema says now."""
    found = []
    for relative, text in outputs(root).items():
        path = root / relative
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            found.append(relative)
    return found


def write(root: Path) -> list[str]:
    """Write the files that changed; return their paths."""
    changed = stale(root)
    for relative, text in outputs(root).items():
        if relative in changed:
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            (root / relative).write_text(text, encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.tools.reference",
                                     description="根据数据格式生成字段说明和 JSON Schema。")
    parser.add_argument("project", nargs="?", type=Path, default=Path("."), help="项目目录，默认为当前目录")
    parser.add_argument("--check", action="store_true", help="只检查是否需要更新，不写文件")
    args = parser.parse_args(argv)
    return run(args.project, args.check)


def run(root: Path, check: bool) -> int:
    if check:
        changed = stale(root)
        for relative in changed:
            print(f"{relative}: 与数据格式不一致，请运行 portal reference 重新生成。", file=sys.stderr)
        return 1 if changed else 0
    changed = write(root)
    print(f"已更新：{'、'.join(changed)}" if changed else "字段说明和 JSON Schema 已是最新。")
    return 0


if __name__ == "__main__":
    sys.exit(main())

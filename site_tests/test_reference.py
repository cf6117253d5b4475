"""The editors' field reference and JSON Schemas: complete, in sync with the schema, and right.

The JSON Schemas are judged by an independent validator (``jsonschema``, Draft 7 with format
checks): all demo and fixture content passes, known mistakes fail, and every field's example
passes both the schema and pydantic.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import pytest
from jsonschema import Draft7Validator, FormatChecker
from pydantic import TypeAdapter

from conftest import FIXTURES, REPO
from generator.cli import main
from generator.errors import FIELD_REFERENCE
from generator.source.fields import file_kind, file_kinds, walk, yaml_text
from generator.source.json_schema import json_schema
from generator.source.yamlsource import parse_front_matter, parse_yaml
from generator.tools import reference

KINDS = [kind.key for kind in file_kinds()]


def _validator(key: str) -> Draft7Validator:
    schema = json.loads((REPO / reference.schema_file(key)).read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=FormatChecker())


def _data(path: Path, front_matter: bool):
    """The file as an editor's YAML plugin sees it: dates stay strings (YAML 1.2), as our loader keeps them."""
    text = path.read_text(encoding="utf-8")
    if front_matter:
        return parse_front_matter(text, path, path.name)[0].data
    return parse_yaml(text, path, path.name).data


def _files(root: Path, key: str) -> list[Path]:
    return sorted(root.glob(file_kind(key).glob))


def _errors(key: str, data) -> list[str]:
    return [f"{'.'.join(map(str, error.absolute_path))}: {error.message}"
            for error in _leaves(_validator(key).iter_errors(data))]


def _leaves(errors):
    """An optional field is "anyOf: [its type, null]": the error inside its type, not "not valid under any"."""
    for error in errors:
        if error.context:
            yield from _leaves(e for e in error.context if (e.validator, e.validator_value) != ("type", "null"))
        else:
            yield error


# --- in sync -----------------------------------------------------------------------------


def test_generated_files_are_up_to_date():
    assert reference.stale(REPO) == [], "run `portal reference` (python -m generator.tools.reference) and commit"


def test_the_check_command_agrees(capsys):
    assert main(["--project", str(REPO), "reference", "--check"]) == 0


def test_the_check_command_finds_a_stale_file(tmp_path, capsys):
    for relative in reference.outputs(REPO):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_bytes((REPO / relative).read_bytes())
    (tmp_path / reference.schema_file("station")).write_text("{}\n", encoding="utf-8")
    assert main(["--project", str(tmp_path), "reference", "--check"]) == 1
    assert "schemas/station.schema.json: 与数据格式不一致，请运行 portal reference 重新生成。" in capsys.readouterr().err
    assert main(["--project", str(tmp_path), "reference"]) == 0
    assert reference.stale(tmp_path) == []


def test_messages_point_to_the_reference():
    assert (REPO / FIELD_REFERENCE).is_file()
    assert FIELD_REFERENCE in (REPO / "README.md").read_text(encoding="utf-8")


def test_editor_settings_map_every_yaml_file_to_its_schema():
    settings = json.loads((REPO / reference.VSCODE_SETTINGS).read_text(encoding="utf-8"))["yaml.schemas"]
    covered = {}
    for schema_path, pattern in settings.items():
        assert (REPO / schema_path).is_file(), schema_path
        for path in REPO.glob(pattern.lstrip("/")):
            covered.setdefault(path, []).append(schema_path)
    yaml_files = [REPO / "campaigns.yaml", *(REPO / "content").rglob("*.yaml")]
    assert sorted(covered) == sorted(yaml_files)
    assert all(len(schemas) == 1 for schemas in covered.values())


# --- complete ----------------------------------------------------------------------------


@pytest.mark.parametrize("key", KINDS)
def test_every_field_has_a_label_a_meaning_and_an_example(key):
    for doc in walk(file_kind(key).fields):
        where = f"{key}: {doc.path}: add Field(title=…, description=…, examples=[…]) in generator/source/schema.py"
        assert doc.label and doc.meaning, where
        if not doc.is_mapping:
            assert doc.example is not None, where
            # printed in a code span, in a list item
            assert not set(yaml_text(doc.example)) & set("`|\n"), where


def test_the_reference_lists_every_field():
    text = (REPO / FIELD_REFERENCE).read_text(encoding="utf-8")
    for kind in file_kinds():
        assert f"`{kind.path}`" in text
        for doc in walk(kind.fields):
            assert f"- `{doc.name}` **{doc.label}**" in text, doc.path
            if doc.is_mapping:
                assert f"`{doc.path}{'[]' if doc.many else ''}`" in text, doc.path


def test_shared_mappings_are_listed_once():
    text = (REPO / FIELD_REFERENCE).read_text(encoding="utf-8")
    assert "### 时间：`activities[].when`" in text
    assert "### 报送时间：`deadlines[].when`\n\n写法与上文的 `activities[].when` 相同。" in text


def test_a_field_reads_as_a_sentence():
    text = (REPO / FIELD_REFERENCE).read_text(encoding="utf-8")
    assert ("- `kind` **站点类型**：必填，取值 `社区`、`公共文化设施`、`景区景点`、`窗口单位`、`广场`、`驿站`。"
            "站点属于哪一类。例：`广场`") in text
    assert ("- `time` **截止时刻**：可选，时刻（HH:MM 或 HH:MM-HH:MM，如 16:00、09:00-11:30）。"
            "几点之前报送；写了它就不看 when.time。例：`16:00`") in text  # YAML 1.2: a time needs no quotes


# --- examples: what the reference shows is what check accepts ------------------------------------


def _property(schema: dict, path: str) -> dict:
    """The JSON Schema of a field, by its reference path (activities[].when.date)."""
    node, parent = schema, None
    for part in path.split("."):
        name, many = part.removesuffix("[]"), part.endswith("[]")
        parent = _resolve(schema, node)
        node = parent["properties"][name]
        if many:
            node = _resolve(schema, node)["items"]
    return node, parent


def _resolve(schema: dict, node: dict) -> dict:
    for ref in [node.get("$ref"), *(item.get("$ref") for item in node.get("allOf", []) + node.get("anyOf", []))]:
        if ref:
            return schema["$defs"][ref.rsplit("/", 1)[1]]
    if "anyOf" in node:
        return next(item for item in node["anyOf"] if item.get("type") != "null")
    return node


@pytest.mark.parametrize("key", KINDS)
def test_examples_pass_pydantic_and_the_json_schema(key):
    kind = file_kind(key)
    schema = json_schema(kind)
    for model in {doc.model for doc in walk(kind.fields) if doc.model} | {kind.model}:
        prefix_docs = [doc for doc in walk(kind.fields) if doc.model is model]
        for name, info in model.model_fields.items():
            if not info.examples:
                continue
            example = info.examples[0]
            # the text the reference prints reads back as the same value
            text = yaml_text(example)
            assert parse_yaml(f"x: {text}\n", Path("x"), "x").data == {"x": example}, (model, name)
            annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
            TypeAdapter(annotation).validate_python(example)
            path = f"{prefix_docs[0].path}{'[]' if prefix_docs[0].many else ''}.{name}" if prefix_docs else name
            field_schema, _ = _property(schema, path)
            assert list(Draft7Validator(dict(field_schema, **{"$defs": schema.get("$defs", {})}),
                                        format_checker=FormatChecker()).iter_errors(example)) == [], path


@pytest.mark.parametrize("key", KINDS)
def test_json_schema_agrees_with_the_reference(key):
    kind = file_kind(key)
    schema = json_schema(kind)
    for doc in walk(kind.fields):
        field_schema, parent = _property(schema, doc.path)
        assert (doc.name in parent.get("required", [])) == doc.required, doc.path
        assert field_schema["title"] == doc.label and field_schema["description"] == doc.meaning, doc.path
        if doc.allowed:
            values = _resolve(schema, field_schema)
            values = values.get("items", values)
            assert tuple(values.get("enum") or [values.get("const")]) == doc.allowed, doc.path
    # Models' class names and docstrings are for developers: editors see the fields' Chinese text.
    assert all("title" not in d and "description" not in d for d in schema.get("$defs", {}).values())


# --- the demo and fixtures pass, mistakes fail ---------------------------------------------------


@pytest.mark.parametrize("root", [REPO, FIXTURES / "mini"], ids=["demo", "mini"])
@pytest.mark.parametrize("key", KINDS)
def test_content_passes_its_json_schema(root, key):
    files = _files(root, key)
    if root == REPO:
        assert files, key
    for path in files:
        assert _errors(key, _data(path, file_kind(key).front_matter)) == [], path


STATION = REPO / "content/stations/kunming/zhenghe-square.yaml"


@pytest.mark.parametrize("change, error", [
    ({"titel": "x"}, "Additional properties are not allowed ('titel' was unexpected)"),
    ({"kind": "公园"}, "kind: '公园' is not one of"),
    ({"region": "Kunming"}, "region: 'Kunming' does not match"),
    ({"location": {"lat": 24.67}}, "location: 'lon' is a required property"),
    ({"location": {"lat": "24.67", "lon": 102.59}}, "location.lat: '24.67' is not of type 'number'"),
    ({"meets": "服务场所"}, "meets: '服务场所' is not of type 'array'"),
    ({"sample": "是"}, "sample: '是' is not of type 'boolean'"),
], ids=["unknown-key", "kind", "id", "missing", "number", "list", "boolean"])
def test_a_station_with_a_mistake_fails(change, error):
    data = _data(STATION, False) | change
    assert any(error in message for message in _errors("station", data)), _errors("station", data)


def test_a_campaign_with_a_mistake_fails():
    data = _data(REPO / "content/campaigns/kunming-2018.yaml", False)
    data["activities"][0]["when"] = {"date": "2018-02-30", "time": "25:00"}
    data["deadlines"][0]["id"] = "月报"
    del data["sections"]
    errors = _errors("campaign", data)
    assert "activities.0.when.date: '2018-02-30' is not a 'date'" in errors
    assert any(e.startswith("activities.0.when.time: '25:00' does not match") for e in errors)
    assert any(e.startswith("deadlines.0.id: '月报' does not match") for e in errors)
    assert "'sections' is a required property" in [e.removeprefix(": ") for e in errors]


def test_front_matter_with_a_mistake_fails(tmp_path):
    story = tmp_path / "x.md"
    story.write_text("---\ntitle: 标题\ndate: 2018-3-5\nkind: 最美志愿者\nname: 李某\nyear: 2018\nregion: kunming\n"
                     "photos:\n  - src: a.jpg\n---\n正文\n", encoding="utf-8")
    errors = _errors("exemplar", _data(story, True))
    assert any(e.startswith("date: '2018-3-5' does not match") for e in errors)
    assert "photos.0: 'alt' is a required property" in errors

"""Templates only iterate and print: counting, grouping, filtering, sorting, lookups and arithmetic
belong to the model (model/nodes.py) or the page's context (plan/pages.py, plan/listings.py).

Read from the templates' syntax trees, so a filter cannot hide in a macro or an expression.
Escaping is tested by what comes out (test_template_escaping.py), not here.
"""

from __future__ import annotations

import pytest
from jinja2 import nodes

from generator.render.fragments import Fragments
from generator.render.pages import environment

ENV = environment(Fragments(frozenset(), True))
TEMPLATES = ENV.list_templates()

# Escaping (t, e, yaml_str, markdown, md_url), formats (cn_date, number, format) and the joins
# of what the model listed; striptags, replace and truncate shape a front matter description.
ALLOWED_FILTERS = {"t", "e", "yaml_str", "markdown", "md_url", "cn_date", "number", "format", "join", "map",
                   "striptags", "replace", "truncate"}
ARITHMETIC = (nodes.Add, nodes.Sub, nodes.Mul, nodes.Div, nodes.FloorDiv, nodes.Mod, nodes.Pow)


def _tree(name: str) -> nodes.Template:
    return ENV.parse(ENV.loader.get_source(ENV, name)[0])


def test_there_are_templates():
    assert len(TEMPLATES) > 20


@pytest.mark.parametrize("name", TEMPLATES)
def test_templates_only_iterate_and_print(name):
    tree = _tree(name)
    filters = {f.name for f in tree.find_all(nodes.Filter)}
    assert filters <= ALLOWED_FILTERS, f"{name}: {sorted(filters - ALLOWED_FILTERS)} — compute it in the model"
    assert not list(tree.find_all(nodes.Test)), f"{name}: a test (`is …`) decides in the template"
    for op in ARITHMETIC:
        assert not list(tree.find_all(op)), f"{name}: {op.__name__} — paths, counts and labels come from the model"
    for f in tree.find_all(nodes.Filter):
        if f.name == "map":  # map("t") / map("e") to escape each item; map(attribute=…) is a join
            assert not f.kwargs and [a.value for a in f.args if isinstance(a, nodes.Const)] in (["t"], ["e"]), name


def test_the_rule_finds_what_it_forbids():
    tree = ENV.parse('{{ items | selectattr("x") | list | length }}{{ "a/%s.md" % id }}')
    assert {f.name for f in tree.find_all(nodes.Filter)} - ALLOWED_FILTERS == {"selectattr", "list", "length"}
    assert list(tree.find_all(nodes.Mod))

"""Hostile corpus, class: urls (see __init__.py)."""

from gate_corpus import *  # noqa: F401,F403

"""Hostile corpus, class: markup (see __init__.py)."""

from gate_corpus import *  # noqa: F401,F403

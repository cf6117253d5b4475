"""Hostile corpus, class: files (see __init__.py)."""

from gate_corpus import *  # noqa: F401,F403

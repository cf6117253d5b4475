"""Publish phase: write the docs dir, run mkdocs into staging, index search, swap into site/."""

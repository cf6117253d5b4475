"""Render phase: one module per output kind (Markdown pages, calendars, feeds, data, images)."""

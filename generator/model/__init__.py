"""Model phase: resolve references into linked read-only nodes; timing, key days, calendars."""

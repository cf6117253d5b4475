"""The output gate: one policy per output kind (HTML, SVG, CSV, JSON, ICS, attachments)."""

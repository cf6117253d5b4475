"""The output gate: one policy per output kind (HTML, SVG, raster images, CSV, JSON, ICS, attachments);
the table is in policies.py, and Outputs.add (outputs.py) applies it to every file."""

"""Source phase: find project files safely, parse YAML with lines, validate against the schema."""

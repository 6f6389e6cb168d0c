"""Exports for other tools, one module per format family: JSON, CSV, YAML, Markdown, HTML, STIX, SQLite, annotations, citations."""

"""Terminal plumbing: the one way text reaches rich (console), writing and paging (output), column widths (layout)."""

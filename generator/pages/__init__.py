"""Pages: every generated page, from the collection to Markdown."""

"""The collection: what needs every document at once, computed once per build."""

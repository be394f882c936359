"""Stages: pure functions `(Document, Config) -> Document`, no I/O, no globals.

Each module's docstring states what the stage assumes and what it guarantees.
"""

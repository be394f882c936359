"""Conversion: the pipeline and its pure stages, each stage's helpers beside it."""

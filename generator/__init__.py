"""Zhiku (知库): turn a folder of collected Chinese documents into a knowledge-base site."""

__version__ = "0.1.0"

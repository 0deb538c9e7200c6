"""OGOP Platform: runs a 'one area, one product' programme end to end."""

__version__ = "0.1.0"

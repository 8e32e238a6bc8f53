"""Evenly: run an equal partnership for a real household."""

__version__ = "0.1.0"

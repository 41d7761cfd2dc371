"""Extraction: from a fetched page to clean text, title, date, outlet and author."""

from __future__ import annotations

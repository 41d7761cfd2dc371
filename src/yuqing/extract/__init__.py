"""Extraction: from a fetched page to clean text, title, date, outlet and author."""

from __future__ import annotations

from yuqing.extract.article import Extracted, extract_article
from yuqing.extract.kind import page_kind

__all__ = ["Extracted", "extract_article", "page_kind"]

"""Collection: the source registry, discovery of article URLs, polite fetching, storing."""

from __future__ import annotations

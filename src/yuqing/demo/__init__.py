"""The offline demonstration: a fixture web of real pages on 127.0.0.x, crawled end to end."""

from __future__ import annotations

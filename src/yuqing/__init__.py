"""yuqing (舆情): watch Chinese news and government sites on one subject, publish a periodic report."""

from __future__ import annotations

__version__ = "0.1.0"

"""Understanding: relevance to the topic profile, the learned model, reprint clusters, ranking."""

from __future__ import annotations

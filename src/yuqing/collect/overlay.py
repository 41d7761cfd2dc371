"""The admin's enabled/disabled choices from the web app, laid over the source registry."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from yuqing.collect.sources import Source, load_sources, sources_path
from yuqing.settings import Settings
from yuqing.store.db import Store
from yuqing.store.models import Source as SourceRow

ADMIN_SET = "enabled_by_admin"  # key in sources.config: `enabled` was set in the web app, over the YAML


def overlay(store: Store) -> dict[str, bool]:
    """Sources an admin enabled or disabled in the web app; their flag wins over the registry's."""
    with store.session() as s:
        return {row.name: row.enabled for row in s.scalars(select(SourceRow)) if row.config.get(ADMIN_SET)}


def sources_in_force(settings: Settings, store: Store) -> list[Source]:
    """The registry in force with the admin's enabled flags applied."""
    flags = overlay(store)
    return [replace(s, enabled=flags.get(s.name, s.enabled)) for s in load_sources(sources_path(settings))]

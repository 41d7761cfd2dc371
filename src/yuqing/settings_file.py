"""Writing settings into ``$YUQING_HOME/config.toml`` (the admin pages do), keeping the rest of
the file — other settings, comments, order — as it was (tomlkit edits the document in place).
Values are checked by loading the settings again: a wrong one raises ConfigError, file unchanged."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomlkit

from yuqing import settings as settings_mod
from yuqing.settings import Settings, env_name, toml_key


def locked(names: list[str]) -> dict[str, str]:
    """The settings among ``names`` that an environment variable sets (a file cannot change
    them): field → variable."""
    return {name: env_name(name) for name in names if env_name(name) in os.environ}


def write(home: Path, values: Mapping[str, Any]) -> Settings:
    """Set the settings (field → value) in config.toml; the settings now in force."""
    path = home / "config.toml"
    before = path.read_text("utf-8") if path.is_file() else ""
    doc = tomlkit.parse(before)
    for name, value in values.items():
        section, _, key = toml_key(name).rpartition(".")
        table: Any = doc
        if section:
            if section not in doc:
                doc[section] = tomlkit.table()
            table = doc[section]
        table[key] = tomlkit.string(value, multiline="\n" in value) if isinstance(value, str) else value
    home.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".toml.part")
    partial.write_text(tomlkit.dumps(doc), "utf-8")
    partial.replace(path)
    try:
        return settings_mod.load()
    except Exception:
        _restore(path, before)
        raise


def _restore(path: Path, text: str) -> None:
    if text:
        path.write_text(text, "utf-8")
    else:
        path.unlink(missing_ok=True)

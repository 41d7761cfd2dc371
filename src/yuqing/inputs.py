"""Reading a file a user names on the command line (ingest, import-report)."""

from __future__ import annotations

from pathlib import Path

from yuqing.errors import InputError


def read_input(path: Path) -> bytes:
    """The file's bytes; an InputError naming the file when it is missing or unreadable."""
    if path.is_dir():
        raise InputError("a folder, not a file: name the files in it", path=path)
    if not path.is_file():
        raise InputError("no such file", path=path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", path=path) from exc

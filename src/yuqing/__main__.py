"""`python -m yuqing` is the `yuqing` command."""

from __future__ import annotations

from yuqing.cli import main

main()

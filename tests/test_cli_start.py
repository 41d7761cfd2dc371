"""`yuqing --help` starts fast because the CLI imports a heavy library only in the command that uses it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# Each takes from 0.1 s (SQLAlchemy) to 1.3 s (scikit-learn's scipy) to import on the 2-core machine.
HEAVY = ("sklearn", "scipy", "scrapy", "twisted", "playwright", "weasyprint", "sqlalchemy", "alembic", "lxml")


def _modules_after(code: str) -> set[str]:
    run = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(run.stdout.splitlines()[-1]))


def test_importing_the_cli_loads_no_heavy_library() -> None:
    loaded = _modules_after("import yuqing.cli")
    assert "yuqing.cli.analyze" in loaded  # every command module is there, so --help lists them all
    assert sorted(m for m in HEAVY if m in loaded) == []


def test_help_lists_every_command_without_heavy_libraries() -> None:
    code = (
        "import contextlib, io\n"
        "from yuqing.cli import app\n"
        "buf = io.StringIO()\n"
        "with contextlib.redirect_stdout(buf), contextlib.suppress(SystemExit):\n"
        "    app(['--help'])\n"
        "open('/dev/stderr', 'w').write(buf.getvalue())"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    for command in ("collect", "analyze", "candidates", "search", "report", "serve", "issue", "sources"):
        assert command in run.stderr
    loaded = _modules_after(code.replace("open('/dev/stderr', 'w').write(buf.getvalue())", ""))
    assert sorted(m for m in HEAVY if m in loaded) == []


def test_a_command_still_imports_what_it_needs(tmp_path: Path) -> None:
    loaded = _modules_after(
        "import os, contextlib\n"
        f"os.environ['YUQING_HOME'] = {str(tmp_path)!r}\n"
        "from yuqing.cli import app\n"
        "with contextlib.suppress(SystemExit):\n"
        "    app(['issue', 'list'])"
    )
    assert "sqlalchemy" in loaded

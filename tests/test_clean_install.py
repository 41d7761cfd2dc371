"""A clean install: `pip install .` without extras, in a fresh virtual environment, gives a
working `yuqing`; a source that needs the browser extra says so by name. Uses pip's cache (CI's
scripts/setup has just filled it); several minutes on a cold cache."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import crawlsites

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]


def run(cmd: list[str], env: dict[str, str], timeout: float = 900) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, (
        f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    )
    return proc


def test_a_clean_install_runs_the_cli_extracts_a_page_and_names_the_missing_browser(
    tmp_path: Path, web: crawlsites.CrawlWeb
) -> None:
    package = tmp_path / "package"  # what a release holds: no tests, no .venv, no build leftovers
    package.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, package / name)
    shutil.copytree(ROOT / "src", package / "src", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    venv = tmp_path / "venv"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("YUQING_", "PYTHON", "VIRTUAL_ENV"))}
    env["YUQING_HOME"] = str(tmp_path / "home")
    run([sys.executable, "-m", "venv", str(venv)], env)
    python = str(venv / "bin" / "python")
    run([python, "-m", "pip", "install", "-q", "--upgrade", "pip"], env)  # the bundled pip is too old
    run([python, "-m", "pip", "install", "-q", str(package)], env)
    missing = subprocess.run([python, "-c", "import playwright"], env=env, capture_output=True)
    assert missing.returncode != 0, "playwright belongs to the browser extra, not the plain install"

    yuqing = str(venv / "bin" / "yuqing")
    helped = run([yuqing, "--help"], env).stdout
    assert all(command in helped for command in ("collect", "extract", "worker", "notify", "serve"))
    page = crawlsites.NETEASE / "1.html"
    record = json.loads(run([yuqing, "extract", str(page), "--json"], env).stdout.strip().splitlines()[-1])
    assert record["title"] and len(record["text"]) > 100

    env["YUQING_SOURCES_FILE"] = str(web.sources_yaml(tmp_path / "sources.yaml"))
    checked = run([yuqing, "sources", "check"], env).stdout
    assert "Playwright is NOT installed" in checked and "yuqing[browser]" in checked
    env["COLUMNS"] = "300"
    summary = run([yuqing, "collect", "--source", "jsgate"], env).stdout
    assert "needs_browser" in summary and "Playwright is not installed" in summary

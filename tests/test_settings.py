from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import yuqing
from yuqing import settings as settings_mod
from yuqing.errors import ConfigError


def test_defaults_put_everything_in_the_data_directory(home: Path) -> None:
    settings = settings_mod.load()
    assert settings.home == home
    assert settings.url == f"sqlite:///{home / 'yuqing.db'}"
    assert settings.report_title == "北京市卫生信息化舆情监测月报"
    assert settings.anchor.text == "534@2024-05" and settings.anchor.unit == "month"


def test_config_file_and_environment_override_defaults(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home.mkdir()
    (home / "config.toml").write_text('[report]\ntitle = "测试月报"\nanchor = "1@2025-01"\n', "utf-8")
    monkeypatch.setenv("YUQING_REPORT_ANCHOR", "10@2025-01")
    settings = settings_mod.load()
    assert settings.report_title == "测试月报"
    assert (settings.anchor.number, settings.anchor.period.label) == (10, "2025-01")


def test_a_typo_in_the_config_file_names_file_line_and_the_right_key(home: Path) -> None:
    home.mkdir()
    (home / "config.toml").write_text('[report]\ntitle = "x"\norganization = "y"\n', "utf-8")
    with pytest.raises(ConfigError) as info:
        settings_mod.load()
    message = str(info.value)
    assert f"{home / 'config.toml'}:3:" in message
    assert "report.organization" in message and "report.organisation" in message


def test_broken_toml_and_bad_values_are_named(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home.mkdir()
    (home / "config.toml").write_text('[report\ntitle = "x"\n', "utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        settings_mod.load()
    (home / "config.toml").write_text('[report]\nintro = "共{count}篇，{nonsense}"\n', "utf-8")
    with pytest.raises(ConfigError, match=r"report\.intro"):
        settings_mod.load()
    (home / "config.toml").unlink()
    monkeypatch.setenv("YUQING_REPORT_ANCHOR", "2024-05")
    with pytest.raises(ConfigError, match="534@2024-05"):
        settings_mod.load()


def test_config_command_lists_every_setting_and_errors_are_one_line(home: Path) -> None:
    listing = yuqing("config").stdout
    for name, env, _, _ in settings_mod.describe():
        assert env in listing or name in listing
    home.mkdir()
    (home / "config.toml").write_text("databse_url = 'x'\n", "utf-8")
    proc = yuqing("config", check=False)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "databse_url" in proc.stderr and "database_url" in proc.stderr


def test_docs_settings_reference_is_generated_from_the_registry() -> None:
    doc = (Path(__file__).parents[1] / "docs" / "settings.md").read_text("utf-8")
    assert settings_mod.markdown_table() in doc, "regenerate with: yuqing config --markdown"

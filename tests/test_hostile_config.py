"""Broken registries and settings are refused when loaded, naming file, line and key: the
registries of ../shared/evaldata/zh_hostile_cases/yaml that passed `sources check` and then broke
collection (bad selectors, delay .inf/.nan, a catastrophic regex) or crashed it (control
characters, YAML tags, alias bombs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EVALDATA, yuqing
from yuqing import settings as settings_mod
from yuqing.collect.patterns import link_matches, pattern_problem
from yuqing.collect.sources import load_sources
from yuqing.errors import ConfigError

YAML = EVALDATA / "zh_hostile_cases" / "yaml"
# file → (line, words the message must hold); the line is where the mistake is written
EXPECTED = {
    "alias_bomb.yaml": (None, "anchors and aliases"),
    "bad_css.yaml": (11, "not a valid CSS selector"),
    "bad_xpath.yaml": (11, "not a valid XPath"),
    "binary_tag.yaml": (3, "YAML tag !!binary"),
    "conc_zero.yaml": (6, "'concurrency'"),
    "ctrl_char.yaml": (3, "control character U+0001"),
    "custom_tag.yaml": (5, "YAML tag !seconds"),
    "delay_huge.yaml": (5, "'delay'"),
    "delay_inf.yaml": (5, "'delay' should be a finite number, not inf"),
    "delay_nan.yaml": (5, "not nan"),
    "domain_upper.yaml": (4, "bare host name"),
    "dup_name.yaml": (17, "not one of the source's domains"),
    "empty.yaml": (1, "empty"),
    "interval_bad.yaml": (5, "interval"),
    "keyword_typo.yaml": (9, "did you mean 'keyword'"),
    "kind_typo.yaml": (8, "did you mean 'sitemap'"),
    "latin1.yaml": (None, "not UTF-8"),
    "list_root.yaml": (1, "mapping"),
    "max_pages_str.yaml": (10, "'max_pages'"),
    "missing_colon.yaml": (4, "not valid YAML"),
    "name_space.yaml": (2, "slug"),
    "nul_char.yaml": (3, "control character U+0000"),
    "python_tag.yaml": (5, "YAML tag !!python/object/apply:os.system"),
    "regex_bad.yaml": (10, "not a valid regular expression"),
    "regex_redos.yaml": (10, "quantifier inside a quantifier"),
    "set_tag.yaml": (3, "YAML tag !!set"),
    "tab_indent.yaml": (5, "not valid YAML"),
    "typo_key.yaml": (5, "did you mean 'delay'"),
    "url_offsite.yaml": (9, "not one of the source's domains"),
    "xpath_func.yaml": (11, "not a valid XPath"),
}

pytestmark = pytest.mark.skipif(not YAML.is_dir(), reason="shared evaldata not present")


def test_every_hostile_registry_is_known_here() -> None:
    assert {p.name for p in YAML.glob("*.yaml")} == {*EXPECTED, "ok.yaml"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_broken_registry_is_refused_with_file_and_line(name: str) -> None:
    line, words = EXPECTED[name]
    with pytest.raises(ConfigError) as caught:  # an alias bomb is refused before it is expanded
        load_sources(YAML / name)
    message = str(caught.value)
    where = f"{YAML / name}:{line}: " if line else f"{YAML / name}"
    assert message.startswith(where) and words in message, message
    if line is not None:
        assert caught.value.line == line


def test_the_good_registry_loads() -> None:
    (source,) = load_sources(YAML / "ok.yaml")
    assert source.name == "t300" and source.delay == 0


def test_sources_check_prints_one_line_for_tags_and_control_characters(home: Path) -> None:
    for name in ("python_tag.yaml", "ctrl_char.yaml", "regex_redos.yaml"):
        proc = yuqing("sources", "check", "--file", str(YAML / name), check=False)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
        assert proc.stderr.startswith("error: ") and f"{name}:" in proc.stderr


@pytest.mark.parametrize(
    ("pattern", "refused"),
    [
        (r"^(a+)+$", True),  # nested quantifiers
        (r"^(\w+\s?)*$", True),
        (r"(a|aa)+$", True),  # overlapping alternatives: found by the timed probe
        (r"(?:/\d++)+\.html", False),  # possessive inner part: linear
        (r"/(detail|article)/\d+", False),
        (r"/20\d{2}/\d{4}/", False),
    ],
)
def test_link_patterns_that_backtrack_catastrophically_are_refused(pattern: str, refused: bool) -> None:
    assert (pattern_problem(pattern) is not None) is refused


def test_a_slow_pattern_cannot_stall_a_crawl() -> None:
    """Matched under a time limit: the search gives up (this would run for ages with `re`)."""
    assert not link_matches(r"(a|aa)+$", "http://a.cn/" + "a" * 5000 + "!")
    assert link_matches(r"/(detail|article)/\d+", "http://a.cn/detail/123")


def test_numeric_settings_out_of_range_name_the_setting(home: Path) -> None:
    home.mkdir()
    (home / "config.toml").write_text("[collect]\ntimeout = inf\n", "utf-8")
    with pytest.raises(ConfigError, match=r"collect\.timeout.*not inf"):
        settings_mod.load({"YUQING_HOME": str(home)})
    with pytest.raises(ConfigError, match=r"collect\.retries"):
        settings_mod.load({"YUQING_HOME": str(home / "none"), "YUQING_COLLECT_RETRIES": "-1"})
    (home / "config.toml").write_bytes("[report]\ntitle = '月报'\n".encode("gbk"))
    with pytest.raises(ConfigError, match="cannot read the config file"):
        settings_mod.load({"YUQING_HOME": str(home)})


def test_a_data_directory_that_is_a_file_is_one_clear_line(
    tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    afile = tmp_path / "not-a-dir"
    afile.write_text("x", "utf-8")
    monkeypatch.setenv("YUQING_HOME", str(afile))
    proc = yuqing("search", "医保", check=False)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "is a file, not a directory" in proc.stderr

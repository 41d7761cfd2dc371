"""YAML read as a node tree, so every complaint about the source registry names its line.

``yaml.safe_load`` forgets where values came from; ``yaml.compose`` keeps a mark on every node.
`Doc` turns nodes into checked Python values and raises `ConfigError` with the file and line.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn

import yaml
from yaml.constructor import SafeConstructor

from yuqing.errors import ConfigError

KIND_NAMES = {"int": "a whole number", "float": "a number", "bool": "true or false"}


def hint(word: str, choices: Iterable[str]) -> str:
    """'; did you mean 'x'?' for the closest choice, or ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


class Doc:
    """One YAML file: its root node and checked accessors that fail with file and line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read the source registry: {exc.strerror}", path=path) from exc
        except UnicodeDecodeError as exc:
            raise ConfigError("not UTF-8 text", path=path) from exc
        try:
            root = yaml.compose(text)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else None
            raise ConfigError(f"not valid YAML: {exc.problem or exc}", path=path, line=line) from exc
        if root is None:
            raise ConfigError("the file is empty; it needs a 'sources:' list", path=path, line=1)
        self.root: yaml.Node = root
        self._construct = SafeConstructor()

    def fail(self, message: str, node: yaml.Node, key: str | None = None) -> NoReturn:
        raise ConfigError(message, path=self.path, line=node.start_mark.line + 1, key=key)

    def mapping(
        self, node: yaml.Node, what: str, allowed: Iterable[str], required: Iterable[str] = ()
    ) -> dict[str, yaml.Node]:
        """The keys of a mapping node; unknown, repeated or missing keys are errors."""
        if not isinstance(node, yaml.MappingNode):
            self.fail(f"{what} should be a mapping of 'key: value' lines", node)
        known = list(allowed)
        result: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key not in known:
                self.fail(f"unknown key {key!r} in {what}{hint(key, known)}", key_node, key)
            if key in result:
                self.fail(f"key {key!r} appears twice in {what}", key_node, key)
            result[key] = value_node
        for key in required:
            if key not in result:
                self.fail(f"{what} lacks the required key {key!r}", node, key)
        return result

    def value(self, node: yaml.Node) -> Any:
        return self._construct.construct_object(node, deep=True)

    def typed(self, node: yaml.Node, key: str, kind: type) -> Any:
        value = self.value(node)
        ok = isinstance(value, kind) and not (kind is not bool and isinstance(value, bool))
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            ok, value = True, float(value)
        if not ok:
            self.fail(f"{key!r} should be {KIND_NAMES[kind.__name__]}, not {value!r}", node, key)
        return value

    def text(self, node: yaml.Node, key: str) -> str:
        value = self.value(node)
        if not isinstance(value, str | int | float) or isinstance(value, bool) or not str(value).strip():
            self.fail(f"{key!r} should be a non-empty text, not {value!r}", node, key)
        return str(value).strip()

    def integer(self, node: yaml.Node, key: str, minimum: int, maximum: int = 10**6) -> int:
        value: int = self.typed(node, key, int)
        if not minimum <= value <= maximum:
            self.fail(f"{key!r} should be between {minimum} and {maximum}, not {value}", node, key)
        return value

    def number(self, node: yaml.Node, key: str, minimum: float) -> float:
        value: float = self.typed(node, key, float)
        if value < minimum:
            self.fail(f"{key!r} should be at least {minimum}, not {value}", node, key)
        return value

    def boolean(self, node: yaml.Node, key: str) -> bool:
        value: bool = self.typed(node, key, bool)
        return value

    def items(self, node: yaml.Node, key: str) -> list[yaml.Node]:
        """The items of a list; a single value counts as a list of one."""
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        if not isinstance(node, yaml.ScalarNode):
            self.fail(f"{key!r} should be a list", node, key)
        return [node]

    def texts(self, node: yaml.Node, key: str) -> tuple[str, ...]:
        return tuple(self.text(item, key) for item in self.items(node, key))

"""YAML read as a node tree, so every complaint about the source registry names its line.

``yaml.safe_load`` forgets where values came from; ``yaml.compose`` keeps a mark on every node.
`Doc` turns nodes into checked Python values and raises `ConfigError` with the file and line.
Before anything is built, the whole tree is checked: control characters, tags other than YAML's
plain scalars, lists and mappings (``!!python/…``, ``!!binary``, ``!!set``, custom ``!tags``) and
anchors that expand past MAX_NODES values (an "alias bomb" of 10^7 items in 200 bytes) are refused.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn

import yaml
from yaml.constructor import SafeConstructor

from yuqing.errors import ConfigError

KIND_NAMES = {"int": "a whole number", "float": "a number", "bool": "true or false"}
MAX_NODES = 100_000  # values the registry may hold once aliases are expanded
_PLAIN = "tag:yaml.org,2002:"
ALLOWED_TAGS = frozenset(
    _PLAIN + t for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)


def shown(value: Any) -> str:
    """A value for a message, cut short: an alias bomb must not become a gigabyte of text."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


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
        except yaml.reader.ReaderError as exc:  # a control character: YAML allows none
            at = text.count("\n", 0, exc.position) + 1
            raise ConfigError(
                f"control character U+{exc.character:04X} is not allowed; remove it", path=path, line=at
            ) from exc
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else None
            raise ConfigError(f"not valid YAML: {exc.problem or exc}", path=path, line=line) from exc
        except yaml.YAMLError as exc:
            raise ConfigError(f"not valid YAML: {exc}", path=path) from exc
        except RecursionError as exc:
            raise ConfigError("not valid YAML: lists or mappings nested too deeply", path=path) from exc
        if root is None:
            raise ConfigError("the file is empty; it needs a 'sources:' list", path=path, line=1)
        self.root: yaml.Node = root
        self.lines = text.splitlines()
        self._construct = SafeConstructor()
        self._check_tree(root)

    def _check_tree(self, root: yaml.Node) -> None:
        """Refuse tags beyond plain YAML, recursive anchors and aliases that expand too far."""
        sizes: dict[int, int] = {}
        open_nodes: set[int] = set()

        def size(node: yaml.Node) -> int:
            key = id(node)
            if key in sizes:
                return sizes[key]
            if key in open_nodes:
                self.fail("an anchor refers to itself (a recursive alias)", node)
            if node.tag not in ALLOWED_TAGS:
                tag = node.tag.replace(_PLAIN, "!!")
                self.fail(f"YAML tag {tag} is not allowed here; write the plain value", node)
            open_nodes.add(key)
            children: list[yaml.Node] = []
            if isinstance(node, yaml.SequenceNode):
                children = list(node.value)
            elif isinstance(node, yaml.MappingNode):
                children = [part for pair in node.value for part in pair]
            total = 1 + sum(size(child) for child in children)
            open_nodes.discard(key)
            if total > MAX_NODES:
                self.fail(
                    f"anchors and aliases (&, *) expand to over {MAX_NODES:,} values here; "
                    "write the values out",
                    node,
                )
            sizes[key] = total
            return total

        try:
            size(root)
        except RecursionError:
            raise ConfigError("lists or mappings nested too deeply", path=self.path) from None

    def comment_cut(self, node: yaml.Node) -> bool:
        """Whether an unquoted value was cut short by a ' #' (YAML starts a comment there)."""
        if not isinstance(node, yaml.ScalarNode) or node.style is not None:
            return False
        line = self.lines[node.end_mark.line] if node.end_mark.line < len(self.lines) else ""
        return "#" in line[node.end_mark.column :]

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
            self.fail(f"{key!r} should be {KIND_NAMES[kind.__name__]}, not {shown(value)}", node, key)
        return value

    def text(self, node: yaml.Node, key: str) -> str:
        value = self.value(node)
        if not isinstance(value, str | int | float) or isinstance(value, bool) or not str(value).strip():
            self.fail(f"{key!r} should be a non-empty text, not {shown(value)}", node, key)
        return str(value).strip()

    def integer(self, node: yaml.Node, key: str, minimum: int, maximum: int = 10**6) -> int:
        value: int = self.typed(node, key, int)
        if not minimum <= value <= maximum:
            self.fail(f"{key!r} should be between {minimum} and {maximum}, not {value}", node, key)
        return value

    def number(self, node: yaml.Node, key: str, minimum: float, maximum: float = 10**6) -> float:
        value: float = self.typed(node, key, float)
        if not math.isfinite(value):  # .inf, .nan: a crawl that never fetches
            self.fail(f"{key!r} should be a finite number, not {value}", node, key)
        if value < minimum:
            self.fail(f"{key!r} should be at least {minimum}, not {value}", node, key)
        if value > maximum:
            self.fail(f"{key!r} should be at most {maximum:g}, not {value}", node, key)
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

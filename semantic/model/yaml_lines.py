"""Read YAML keeping the line of every mapping, sequence and key, so issues can say ``file:line``.

Uses libyaml (CSafeLoader) when present. Guards against inputs that would hang or exhaust the
process: very large files, deep nesting and alias bombs become a :class:`YamlProblem`.

>>> data = parse_yaml_text("a:\\n  b: 1\\n", "x.yml")
>>> data.line, data.key_lines["a"], data["a"].key_lines["b"]
(1, 1, 2)
"""

from __future__ import annotations

from typing import Any, Optional

import yaml

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_NODES = 2_000_000
MAX_DEPTH = 100

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlProblem(Exception):
    """A file that is not usable YAML; carries the line where the parser stopped."""

    def __init__(self, message: str, line: Optional[int] = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class LineDict(dict):  # type: ignore[type-arg]
    """A mapping that remembers its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class LineList(list):  # type: ignore[type-arg]
    """A sequence that remembers its line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list[int]


class _LineLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
        mapping = LineDict()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise YamlProblem("mapping keys must be plain scalars", key_node.start_mark.line + 1)
            key = str(key)
            if key in mapping:
                raise YamlProblem(f"duplicate key {key!r}", key_node.start_mark.line + 1)
            mapping[key] = self.construct_object(value_node, deep=deep)
            mapping.key_lines[key] = key_node.start_mark.line + 1
        return mapping

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> LineList:
        items = LineList(self.construct_object(child, deep=deep) for child in node.value)
        items.line = node.start_mark.line + 1
        items.item_lines = [child.start_mark.line + 1 for child in node.value]
        return items


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> Any:
    return loader.construct_mapping(node, deep=True)


def _construct_seq(loader: _LineLoader, node: yaml.SequenceNode) -> Any:
    return loader.construct_sequence(node, deep=True)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_seq)


def parse_yaml_text(text: str, filename: str = "<string>") -> Any:
    """Parse one YAML document with line information; raise YamlProblem on anything unusable."""
    if len(text.encode("utf-8", errors="replace")) > MAX_FILE_BYTES:
        raise YamlProblem(f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    if "\x00" in text:
        raise YamlProblem("file contains NUL bytes; is it binary?")
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise YamlProblem(f"invalid YAML: {exc.problem or exc}", line) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"invalid YAML: {exc}") from None
    except RecursionError:
        raise YamlProblem("YAML is nested too deeply") from None
    _check_size(data)
    return data


def _check_size(data: Any) -> None:
    """Reject documents whose expanded size (aliases counted each time) or depth is too large."""
    sizes: dict[int, int] = {}

    def size(node: Any, depth: int) -> int:
        if depth > MAX_DEPTH:
            raise YamlProblem(f"YAML is nested deeper than {MAX_DEPTH} levels")
        if not isinstance(node, (dict, list)):
            return 1
        known = sizes.get(id(node))
        if known is not None:
            return known
        children = node.values() if isinstance(node, dict) else node
        total = 1
        for child in children:
            total += size(child, depth + 1)
            if total > MAX_NODES:
                raise YamlProblem("YAML expands to too many nodes (an alias bomb?)")
        sizes[id(node)] = total
        return total

    size(data, 0)


def line_of(data: Any, loc: tuple[Any, ...]) -> Optional[int]:
    """The line of the deepest node along ``loc`` (a pydantic error location) inside ``data``."""
    line = getattr(data, "line", None)
    node = data
    for part in loc:
        if isinstance(node, LineDict) and isinstance(part, str) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.item_lines[part]
            node = node[part]
        else:
            break
    return line

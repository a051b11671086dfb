"""YAML loading that remembers where every key and value came from.

PyYAML returns plain dicts and lists and forgets positions; linli needs
``FILE:LINE:COL`` for every error, so mappings load as :class:`MarkedDict`
and sequences as :class:`MarkedList`, each holding the marks of its items.
Duplicate keys, which PyYAML silently accepts, are reported with both lines.
Dates stay strings: the schema checks their format, and the document stays
JSON-compatible.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

import yaml

from linli.core.config.problems import ConfigProblem

MAX_DOCUMENT_BYTES = 8 * 1024 * 1024
# Aliases share nodes, so a small file can stand for billions of values
# ("billion laughs"); everything after parsing walks the expanded tree.
MAX_EXPANDED_NODES = 1_000_000


class Mark(NamedTuple):
    """Where a key or value starts. A tuple, not a frozen dataclass: a large program makes tens of thousands."""

    file: str
    line: int  # 1-based
    column: int  # 1-based

    @classmethod
    def of(cls, node: yaml.Node | yaml.Mark, file: str) -> Mark:
        mark = node.start_mark if isinstance(node, yaml.Node) else node
        return cls(file, mark.line + 1, mark.column + 1)


class MarkedDict(dict[Any, Any]):
    """A mapping that knows the position of itself, each key and each value."""

    mark: Mark | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_marks: dict[Any, Mark] = {}
        self.value_marks: dict[Any, Mark] = {}


class MarkedList(list[Any]):
    """A sequence that knows the position of itself and of each item."""

    mark: Mark | None = None

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.item_marks: list[Mark] = []


class _Loader(yaml.SafeLoader):
    def __init__(self, stream: str, file: str) -> None:
        super().__init__(stream)
        self.file = file
        self.problems: list[ConfigProblem] = []


# libyaml parses three times faster than PyYAML's pure-Python scanner (a
# 2,500-line program: 0.1 s against 0.33 s). Its error texts differ, so a
# document it refuses is parsed again by _Loader, whose messages are the ones
# linli reports; only valid YAML takes the fast path.
_FastLoader: type[yaml.SafeLoader] | None = None
if yaml.__with_libyaml__:

    class _CLoader(yaml.CSafeLoader):  # type: ignore[name-defined,misc]
        def __init__(self, stream: str, file: str) -> None:
            super().__init__(stream)
            self.file = file
            self.problems: list[ConfigProblem] = []

    _FastLoader = _CLoader


def expanded_size(node: yaml.Node, sizes: dict[int, int] | None = None) -> int:
    """How many nodes *node* stands for once every alias is expanded (memoized, so linear)."""
    sizes = {} if sizes is None else sizes
    if id(node) in sizes:
        return sizes[id(node)]
    sizes[id(node)] = 1  # a recursive alias counts once instead of looping
    if isinstance(node, yaml.SequenceNode):
        total = 1 + sum(expanded_size(item, sizes) for item in node.value)
    elif isinstance(node, yaml.MappingNode):
        total = 1 + sum(expanded_size(key, sizes) + expanded_size(value, sizes) for key, value in node.value)
    else:
        total = 1
    sizes[id(node)] = total
    return total


# Dates and times stay text (validated by the schema), so drop the timestamp resolver.
_RESOLVERS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Iterator[MarkedDict]:
    data = MarkedDict()
    data.mark = Mark.of(node, loader.file)
    yield data
    seen: dict[Any, Mark] = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        here = Mark.of(key_node, loader.file)
        try:
            first = seen.get(key)
        except TypeError:
            loader.problems.append(ConfigProblem((), "config.unhashable_key", file=here.file, line=here.line, column=here.column))
            continue
        if first is not None:
            loader.problems.append(
                ConfigProblem((), "config.duplicate_key", {"key": key, "first_line": first.line}, file=here.file, line=here.line, column=here.column)
            )
        else:
            seen[key] = here
    loader.flatten_mapping(node)  # resolves YAML merge keys (<<); later keys win
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            continue
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_marks[key] = Mark.of(key_node, loader.file)
        data.value_marks[key] = Mark.of(value_node, loader.file)


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> Iterator[MarkedList]:
    data = MarkedList()
    data.mark = Mark.of(node, loader.file)
    yield data
    for item in node.value:
        data.append(loader.construct_object(item, deep=True))
        data.item_marks.append(Mark.of(item, loader.file))


for _loader_class in (_Loader, _FastLoader):
    if _loader_class is not None:
        _loader_class.yaml_implicit_resolvers = _RESOLVERS
        _loader_class.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
        _loader_class.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def parse_yaml(text: str, file: str) -> tuple[Any, list[ConfigProblem]]:
    """Parse one YAML document; return it (None if unreadable) and the problems found."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_DOCUMENT_BYTES:
        return None, [ConfigProblem((), "config.too_large", {"limit_mib": MAX_DOCUMENT_BYTES // (1024 * 1024)}, file=file)]
    if _FastLoader is not None:
        fast = _FastLoader(text, file)
        try:
            root = fast.get_single_node()
            # Only an alias (written *name) can make the expanded tree larger than the text.
            if root is None or "*" not in text or expanded_size(root) <= MAX_EXPANDED_NODES:
                return (fast.construct_document(root) if root is not None else None), fast.problems
        except yaml.YAMLError:
            pass  # reported below, in PyYAML's words
        finally:
            fast.dispose()
    try:
        loader = _Loader(text, file)
    except yaml.reader.ReaderError as error:  # a control character: the reader refuses before parsing starts
        line = text.count("\n", 0, error.position) + 1
        return None, [ConfigProblem((), "config.yaml_syntax", {"detail": error.reason}, file=file, line=line)]
    try:
        root = loader.get_single_node()
        if root is not None and expanded_size(root) > MAX_EXPANDED_NODES:
            return None, [ConfigProblem((), "config.too_many_aliases", {"limit": MAX_EXPANDED_NODES}, file=file)]
        document = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, file)]
    except yaml.YAMLError as error:
        return None, [ConfigProblem((), "config.yaml_syntax", {"detail": str(error)}, file=file)]
    finally:
        loader.dispose()
    return document, loader.problems


def _syntax_problem(error: yaml.MarkedYAMLError, file: str) -> ConfigProblem:
    mark = error.problem_mark or error.context_mark
    where = {"file": file, "line": mark.line + 1, "column": mark.column + 1} if mark else {"file": file}
    problem = error.problem or ""
    if "'\\t'" in problem or "\t" in problem:
        return ConfigProblem((), "config.tab", **where)
    detail = " ".join(part for part in (error.context, problem) if part)
    return ConfigProblem((), "config.yaml_syntax", {"detail": detail}, **where)


def locate(document: Any, path: tuple[Any, ...], *, key: bool = False) -> Mark | None:
    """The mark of the deepest node along *path* (the key's own mark when *key*)."""
    found: Mark | None = getattr(document, "mark", None)
    node = document
    for depth, part in enumerate(path):
        last = depth == len(path) - 1
        if isinstance(node, MarkedDict) and part in node:
            marks = node.key_marks if (key and last) else node.value_marks
            found = marks.get(part, found)
            node = node[part]
        elif isinstance(node, MarkedList) and isinstance(part, int) and 0 <= part < len(node):
            found = node.item_marks[part] if part < len(node.item_marks) else found
            node = node[part]
        else:
            break
    return found

"""``extends:``: a program file starts from presets (or other files) and overrides them.

Merge rule: mappings merge key by key, deeply; any other value (a list, a
number, text) replaces the base's value whole; a key set to null removes
the key. ``extends`` takes one name or a list, merged in order, the file
itself last. A name without a ``.yaml`` ending and not starting with ``.``
or ``/`` is a preset shipped with linli (``baibuting``,
``fragments/stars-common``); anything else is a path relative to the file
that names it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from linli.core.config.problems import ConfigProblem
from linli.core.config.yamlsource import MarkedDict, MarkedList, locate, parse_yaml

PRESET_PACKAGE = "linli.configs"


def presets_root() -> Traversable:
    return resources.files(PRESET_PACKAGE)


def is_path_reference(reference: str) -> bool:
    return reference.endswith((".yaml", ".yml")) or reference.startswith((".", "/"))


@dataclass
class Source:
    """Where a document came from: a file on disk or a shipped preset."""

    label: str  # what error messages print
    text: str
    directory: Path | None  # for resolving relative references
    identity: str = ""  # the resolved path or preset name, to detect cycles

    def __post_init__(self) -> None:
        self.identity = self.identity or self.label


def preset_source(name: str) -> Source | None:
    entry = presets_root().joinpath(*f"{name}.yaml".split("/"))
    if not entry.is_file():
        return None
    path = Path(str(entry))
    label = str(path) if path.is_file() else f"<preset {name}>"
    return Source(label, entry.read_text("utf-8"), path.parent if path.is_file() else None, f"preset:{name}")


def file_source(path: Path, label: str | None = None) -> Source:
    return Source(label or str(path), path.read_text("utf-8"), path.parent, str(path.resolve()))


def merge(base: Any, override: Any) -> Any:
    """Merge *override* onto *base* by the documented rule, keeping source marks."""
    if not (isinstance(base, dict) and isinstance(override, dict)):
        return override
    merged = MarkedDict()
    merged.mark = getattr(override, "mark", None) or getattr(base, "mark", None)
    for source in (base, override):
        for key, value in source.items():
            if source is override and value is None:
                for table in (merged, merged.key_marks, merged.value_marks):
                    table.pop(key, None)
                continue
            merged[key] = merge(merged[key], value) if source is override and key in merged else value
            if isinstance(source, MarkedDict):  # marks follow the value that wins
                for marks, source_marks in ((merged.key_marks, source.key_marks), (merged.value_marks, source.value_marks)):
                    if key in source_marks:
                        marks[key] = source_marks[key]
    return merged


@dataclass
class Resolver:
    """Loads a document and everything it extends, collecting every problem."""

    problems: list[ConfigProblem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def load(self, source: Source, chain: tuple[str, ...] = ()) -> Any:
        self.files.append(source.label)
        document, problems = parse_yaml(source.text, source.label)
        self.problems.extend(problems)
        if not isinstance(document, dict):
            return document
        references = document.get("extends")
        if references is None:
            return document
        if isinstance(references, str):
            references = MarkedList([references])
            references.item_marks = [document.value_marks["extends"]]
        if not isinstance(references, list):
            return document  # the schema reports the wrong type
        base: Any = MarkedDict()
        for index, reference in enumerate(references):
            if not isinstance(reference, str):
                continue
            loaded = self._load_reference(reference, source, (*chain, source.identity), document, index)
            if isinstance(loaded, dict):
                base = merge(base, loaded)
        merged = merge(base, document)
        merged.pop("extends", None)
        return merged

    def _load_reference(self, reference: str, source: Source, chain: tuple[str, ...], document: MarkedDict, index: int) -> Any:
        where = locate(document, ("extends", index)) or locate(document, ("extends",))
        at = {"file": where.file, "line": where.line, "column": where.column} if where else {"file": source.label}
        path = ("extends", index) if isinstance(document.get("extends"), list) else ("extends",)
        if is_path_reference(reference):
            target = Path(reference) if Path(reference).is_absolute() else (source.directory or Path.cwd()) / reference
            if not target.is_file():
                self.problems.append(ConfigProblem(path, "config.extends_missing_file", {"reference": reference, "resolved": str(target)}, **at))
                return None
            base = file_source(target.resolve())
        else:
            found = preset_source(reference)
            if found is None:
                self.problems.append(ConfigProblem(path, "config.extends_unknown_preset", {"reference": reference, "presets": ", ".join(list_presets())}, **at))
                return None
            base = found
        if base.identity in chain:
            cycle = " → ".join(Path(name).name for name in (*chain, base.identity))
            self.problems.append(ConfigProblem(path, "config.extends_cycle", {"cycle": cycle}, **at))
            return None
        return self.load(base, chain)


def list_presets() -> list[str]:
    """Names of the shipped whole-program presets (fragments excluded)."""
    return sorted(entry.name.removesuffix(".yaml") for entry in presets_root().iterdir() if entry.name.endswith(".yaml"))


def preset_summary(name: str) -> str:
    """The preset's first header comment line: its one-line description."""
    source = preset_source(name)
    if source is None:
        return ""
    for line in source.text.splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
        if line.strip():
            break
    return ""

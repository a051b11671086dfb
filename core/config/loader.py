"""Load a program file: YAML → extends → schema → checks → frozen Program.

Every problem found on the way is collected, located (FILE:LINE:COL plus the
path in the document) and reported together; nothing here prints a
traceback for bad input.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from linli.core.config.build import build_program
from linli.core.config.checks import check_core, check_star_roles
from linli.core.config.extends import Resolver, Source, file_source, preset_source
from linli.core.config.messages import problems_from
from linli.core.config.problems import ConfigProblem
from linli.core.config.program import Program, thaw
from linli.core.config.schema import assemble
from linli.core.config.validators import validator_for
from linli.core.config.yamlsource import locate
from linli.core.errors import ConfigError, PluginError
from linli.core.i18n import DEFAULT_LOCALE, LOCALES, Locale, current_locale, normalize_locale
from linli.core.plugins import PluginHost


@dataclass
class LoadResult:
    """What loading found: the program (when valid) and every problem."""

    program: Program | None
    problems: list[ConfigProblem]
    locale: Locale
    files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.program is not None and not self.problems


class ProgramLoader:
    """Loads program files against the schema of one plugin host (its validator built once per process)."""

    def __init__(self, host: PluginHost) -> None:
        self.host = host
        claims = host.section_owners()
        self.conflicts = {section: [owner for owner, _ in owners] for section, owners in claims.items() if len(owners) > 1}
        self.section_owners = {section: owners[0][0] for section, owners in claims.items()}
        self.validator = validator_for(assemble({section: owners[0][1] for section, owners in claims.items()}))
        self.schema = self.validator.schema

    def load(self, path: Path | str) -> Program:
        """The program in *path*; raises :class:`ConfigError` listing every problem."""
        result = self.check(path)
        if not result.ok:
            raise ConfigError(result.problems)
        assert result.program is not None
        return result.program

    def check(self, path: Path | str) -> LoadResult:
        path = Path(path)
        try:
            source = file_source(path)
        except FileNotFoundError:
            return self._failed(ConfigProblem((), "config.file_missing", {"path": str(path)}, file=str(path)))
        except UnicodeDecodeError as error:
            return self._failed(ConfigProblem((), "config.not_utf8", {"position": error.start}, file=str(path)))
        except OSError as error:
            return self._failed(ConfigProblem((), "config.unreadable", {"detail": error.strerror or str(error)}, file=str(path)))
        return self.check_source(source, source_path=path)

    def check_preset(self, name: str) -> LoadResult:
        source = preset_source(name)
        if source is None:
            return self._failed(ConfigProblem((), "config.extends_unknown_preset", {"reference": name, "presets": ""}))
        return self.check_source(source)

    def check_text(self, text: str, label: str = "<string>", directory: Path | None = None) -> LoadResult:
        return self.check_source(Source(label, text, directory))

    def check_source(self, source: Source, source_path: Path | None = None) -> LoadResult:
        resolver = Resolver()
        document = resolver.load(source)
        problems = list(resolver.problems)
        locale = _document_locale(document)
        program = None
        if document is None and not problems:
            problems.append(ConfigProblem((), "config.empty", file=source.label))
        elif document is not None and not isinstance(document, dict):
            problems.append(ConfigProblem((), "config.not_mapping", file=source.label))
        elif document is not None:
            problems.extend(self._conflict_problems())
            schema_problems = [p for error in self.validator.iter_errors(document) for p in problems_from(error, locale, self.section_owners)]
            problems.extend(schema_problems)
            if not schema_problems:
                program = build_program(thaw(document), source_path)
                problems.extend(self._semantic_problems(program))
        located = sorted((_located(p, document, source.label) for p in problems), key=_position)
        return LoadResult(program if not located else None, located, locale, resolver.files)

    def _conflict_problems(self) -> Iterable[ConfigProblem]:
        for section, owners in sorted(self.conflicts.items()):
            yield ConfigProblem((section,), "config.section_conflict", {"section": section, "plugins": ", ".join(owners)})

    def _semantic_problems(self, program: Program) -> list[ConfigProblem]:
        problems = list(check_core(program))
        try:
            hooks = self.host.hooks_for(program.sections)
            problems.extend(check_star_roles(program, hooks))
            for result in hooks.linli_check_config(program=program, hooks=hooks):
                problems.extend(result or ())
        except PluginError as error:
            problems.append(ConfigProblem((), text=error.render(program.locale)))
        return problems

    def _failed(self, problem: ConfigProblem) -> LoadResult:
        return LoadResult(None, [problem], current_locale())


def _document_locale(document: Any) -> Locale:
    """The program's own locale (zh-CN unless it says otherwise); LINLI_LANG only when there is no program to ask."""
    if isinstance(document, dict) and isinstance(document.get("program"), dict):
        locale = document["program"].get("locale", DEFAULT_LOCALE)
        if locale in LOCALES:
            return normalize_locale(locale)
    return current_locale()


def _located(problem: ConfigProblem, document: Any, label: str) -> ConfigProblem:
    if problem.line is not None or document is None:
        return problem if problem.file else _with(problem, file=label)
    mark = locate(document, problem.path, key=problem.at_key)
    if mark is None:
        return _with(problem, file=label)
    return _with(problem, file=mark.file, line=mark.line, column=mark.column)


def _with(problem: ConfigProblem, **changes: Any) -> ConfigProblem:
    return replace(problem, **changes)


def _position(problem: ConfigProblem) -> tuple[str, int, int]:
    return (problem.file or "", problem.line or 0, problem.column or 0)

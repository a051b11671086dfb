"""Every hook a linli plugin can implement.

Implement a hook by writing a function of the same name marked with
``@hookimpl`` (``from linli.core import hookimpl``). An implementation may
accept any subset of the arguments listed, so hooks evolve by adding
arguments only. Unless a hook says "first result wins", every enabled
plugin's result is collected into a list, in registration order reversed
(pluggy's LIFO order), with ``None`` results dropped.

A plugin that declares a config section (see :func:`linli_config_sections`)
is *enabled* only in programs whose YAML names that section; its other hooks
are not called for other programs. A plugin without a section is always on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    import click

    from linli.core.config.problems import ConfigProblem
    from linli.core.config.program import Program

hookspec = pluggy.HookspecMarker("linli")


# -- configuration -----------------------------------------------------------


@hookspec
def linli_config_sections() -> Mapping[str, Mapping[str, Any]]:
    """Declare the top-level config sections this plugin owns, with their JSON Schema.

    Called once per plugin manager, for every installed plugin (enabled or
    not), when the program schema is assembled.

    :returns: ``{section_name: json_schema}``; the schema validates the
        section's value (JSON Schema 2020-12). A section claimed by two
        plugins is a configuration error naming both.

    .. versionadded:: 0.1
    """


@hookspec
def linli_check_config(program: Program, hooks: Any) -> Iterable[ConfigProblem] | None:
    """Check the whole validated program for problems a schema cannot express.

    Called after the schema accepted the file, for every enabled plugin, and
    for core's own checks.

    :param program: the frozen program.
    :param hooks: the program's hook callers, to consult other plugins (e.g.
        the points rule kinds they add).
    :returns: problems found, each with the document path it concerns (the
        loader turns the path into FILE:LINE:COL). Results of all plugins are
        reported together.

    .. versionadded:: 0.1
    """


# -- command line --------------------------------------------------------------


@hookspec
def linli_cli_commands() -> Iterable[click.Command] | None:
    """Add commands to the ``linli`` command line.

    Called once when the CLI starts, for every installed plugin.

    :returns: click commands or groups; their names must not clash with
        core commands or another plugin's (a clash is reported by name).

    .. versionadded:: 0.1
    """


# -- events ----------------------------------------------------------------------


@hookspec
def linli_members_registered(ctx: Any, members: Sequence[Any]) -> None:
    """React to newly registered members, inside the registering transaction.

    :param ctx: the service :class:`~linli.core.services.Context`.
    :param members: the new :class:`~linli.core.models.Member` rows (a batch:
        one for a single registration, many for an import).

    Raising aborts and rolls back the whole registration.

    .. versionadded:: 0.1
    """


@hookspec
def linli_service_approved(ctx: Any, records: Sequence[Any]) -> None:
    """React to service records approved by review, inside the approving transaction.

    Incentive plugins credit points here, time banks deposit minutes.

    :param ctx: the service context.
    :param records: the approved :class:`~linli.core.models.ServiceRecord`
        rows, as a batch (an import or a batch review approves many at once).

    Raising aborts and rolls back the whole approval.

    .. versionadded:: 0.1
    """


# -- queries -------------------------------------------------------------------


@hookspec(firstresult=True)
def linli_star_levels(ctx: Any, member_ids: Sequence[int]) -> Mapping[int, int] | None:
    """Answer the current star level of each member.

    Called when a role requires a minimum star level, and by reports.
    First result wins: the star-rating plugin answers, others return None.

    :param member_ids: the members asked about.
    :returns: ``{member_id: stars}`` (0 when unrated) or None to pass.

    .. versionadded:: 0.1
    """


# -- storage ---------------------------------------------------------------------


@hookspec
def linli_migration_scripts() -> Any:
    """Point at this plugin's Alembic versions folder, if it has tables.

    Called by ``linli db upgrade`` for every installed plugin. The folder's
    first revision names the plugin in ``branch_labels`` and depends on
    core's newest revision at the time; tables subclass ``linli.core.Base``.

    :returns: a path or ``importlib.resources`` Traversable, or None.

    .. versionadded:: 0.1
    """

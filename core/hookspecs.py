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

import datetime as dt
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    import click

    from linli.core.config.problems import ConfigProblem
    from linli.core.config.program import Program
    from linli.core.rules import PointsRuleKind
    from linli.core.services.erase import AuditTarget

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
def linli_member_erased(ctx: Any, member_ids: Sequence[int]) -> Iterable[AuditTarget] | None:
    """Remove or pseudonymize the personal data this plugin holds about members being erased (PIPL art. 47).

    Called by ``linli member erase`` inside the erasing transaction, before
    core replaces the members' own fields, so an implementation can still
    match rows by the member's current phone or ID number. Keep ids, amounts
    and minutes: the ledger, hours and reports must total as before.
    Audit only the fact, never the values removed.

    Core erases the personal values (a ``Change``'s ``personal`` keys) of the
    members' own audit entries (target ``member``); return the other audit
    targets whose entries hold the person's data, such as the needs a
    requester who is the member raised, so those values are erased too.

    :param ctx: the service context.
    :param member_ids: ids of the members being erased (a batch).
    :returns: :class:`~linli.core.services.AuditTarget` items (target kind,
        id, optionally the summary keys to erase), or None.

    Every enabled plugin's implementation runs; the targets of all are
    erased. Anything but an iterable of ``AuditTarget`` is reported naming
    the plugin. Raising aborts and rolls back the whole erasure.

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


@hookspec
def linli_star_changed(ctx: Any, changes: Sequence[Any]) -> None:
    """React to members' star levels going up or down, inside the transaction that changed them.

    Called by the star-rating plugin once per batch (an approval, a
    recompute, an admin approving promotions), only when some level changed.
    Commendation and report plugins listen here.

    :param ctx: the service context.
    :param changes: objects with ``member_id``, ``before`` and ``after`` (star
        counts, 0 when unrated), ``metric_value`` and ``at`` (aware datetime).

    Raising aborts and rolls back the whole batch.

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


@hookspec(firstresult=True)
def linli_member_metric(
    ctx: Any, metric: str, member_ids: Sequence[int], since: dt.datetime | None, until: dt.datetime | None
) -> Mapping[int, float] | None:
    """Answer the value of a named metric (e.g. ``points_earned``) per member.

    The star-rating plugin asks it for any metric but ``service_hours``,
    once per batch and window. First result wins: the plugin that knows
    *metric* answers, others return None.

    :param metric: the metric's name, as the program file writes it.
    :param member_ids: the members asked about.
    :param since: start of the window of service time (aware, inclusive),
        or None for no start.
    :param until: end of the window (exclusive), or None for no end. An
        implementation that cannot restrict to a window returns None when
        *since* or *until* is given, rather than a lifetime value.
    :returns: ``{member_id: value}`` (members without any may be left out:
        they count as 0) or None to pass.

    .. versionadded:: 0.1
    """


@hookspec
def linli_member_entitlements(ctx: Any, member_ids: Sequence[int]) -> Mapping[int, Iterable[str]] | None:
    """Answer which named entitlements (e.g. ``priority_medical``) each member holds.

    Called by plugins and reports that honour entitlements (a scenic spot's
    free entry, a clinic's priority queue). Results combine: a member holds
    the union of what every plugin grants.

    :param member_ids: the members asked about.
    :returns: ``{member_id: entitlement names}`` (members with none may be
        left out) or None to pass.

    .. versionadded:: 0.1
    """


# -- dispatch --------------------------------------------------------------------


@hookspec
def linli_order_completed(ctx: Any, orders: Sequence[Any]) -> None:
    """React to service orders (工单) completed, inside the completing transaction.

    Called by the dispatch plugin after each order's service record is written
    (checked out and waiting for review, so hours and points still flow
    through :func:`linli_service_approved`).

    :param ctx: the service context.
    :param orders: the completed orders; ``order.record_id`` names each one's
        :class:`~linli.core.models.ServiceRecord`.

    Raising aborts and rolls back the completion.

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def linli_order_facts(ctx: Any, order_id: int) -> Mapping[str, Any] | None:
    """Describe one service order to plugins that do not own orders (matching).

    Orders are looked at one at a time by a person, so this is not batched.
    First result wins: the dispatch plugin answers.

    :param order_id: the order asked about.
    :returns: ``{"id", "state", "category", "node_id", "requester_member_id"}``
        (``node_id``: the org node where the service is needed;
        ``requester_member_id``: the member who asked, None when the
        requester is not a member) or None to pass; None from every plugin
        means there is no such order.

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def linli_open_orders(ctx: Any, member_ids: Sequence[int]) -> Mapping[int, int] | None:
    """Answer how many orders each volunteer holds and has not finished (their current load).

    First result wins: the dispatch plugin answers, others return None.

    :param member_ids: the volunteers asked about.
    :returns: ``{member_id: open_orders}`` (0 when none) or None to pass.

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def linli_open_needs(ctx: Any, node_id: int) -> Mapping[str, int] | None:
    """Count the residents' needs not yet turned into a live order, by category, in a subtree.

    The demand side of a supply-demand menu (供需菜单). First result wins:
    the dispatch plugin answers.

    :param node_id: the org node whose subtree is counted.
    :returns: ``{category: needs}`` or None to pass.

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def linli_route_order(ctx: Any, category: str, node_id: int) -> Mapping[str, Any] | None:
    """Choose where a new order of *category*, needed at *node_id*, should be queued.

    Called once when a station makes an order (制单); orders are made one at
    a time. First result wins: the service-points plugin answers with the
    nearest point of a kind that serves the category (15-minute service circle).

    :returns: ``{"node_id", "team_id", "label"}`` — the node whose queue takes
        the order, the team (or None) whose members may accept it too, and how
        messages name the route — or None to leave the order where it was made.

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def linli_order_suggestions(ctx: Any, order_id: int, limit: int) -> Sequence[Mapping[str, Any]] | None:
    """Suggest volunteers for a service order, best first, each with the reasons for its score.

    Called when an operator looks at an order on the dispatch board of
    ``linli tui``, so the plugin that owns orders need not know who ranks
    them. First result wins: the matching plugin answers.

    :param order_id: the order (its facts come from :func:`linli_order_facts`).
    :param limit: the most suggestions wanted.
    :returns: None to pass (no ranking plugin enabled), or mappings with
        ``member_id``, ``name`` (the volunteer's label, phone masked),
        ``score`` (float) and ``reasons`` (sentences in the program's
        locale). Raises the refusal of its scope check for an operator who
        may not see the order's place.

    .. versionadded:: 0.1
    """


# -- merchants and exchange ------------------------------------------------------


@hookspec(firstresult=True)
def linli_catalogue_item(ctx: Any, code: str) -> Mapping[str, Any] | None:
    """Describe one catalogue item (goods, a service, a privilege) and its merchant, for a redemption.

    Called by the exchange plugin when a member redeems, and when a code is
    verified or cancelled. Items are looked at one at a time by a person, so
    this is not batched. First result wins: the merchants plugin answers.

    :param code: the item's code, as the catalogue lists it.
    :returns: None to pass, or a mapping with ``code``, ``name``, ``kind``,
        ``price`` (points per unit), ``cny`` (Decimal the merchant claims per
        unit), ``stock`` (units left, None for unlimited), ``limit`` (None or
        ``(count, period)``, period one of day/week/month/year/ever),
        ``valid_from``/``valid_until`` (dates or None), ``min_stars``,
        ``min_hours``, ``tags`` (the member needs one of them; empty: anyone),
        ``within`` (org codes whose subtrees the member's home must lie in;
        empty: anywhere), ``active`` (bool), and ``merchant``: a mapping with
        ``code``, ``name``, ``nodes`` (org codes it serves), ``clerks``
        (usernames of the clerks who verify its codes) and ``active`` (bool,
        today within its active dates).

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def linli_adjust_stock(ctx: Any, code: str, delta: int) -> bool | None:
    """Take units of an item's stock (*delta* < 0) or put them back (*delta* > 0), inside the caller's transaction.

    Safe under concurrency: a conditional UPDATE that never takes the stock
    below zero, so two redemptions of the last unit cannot both succeed.
    First result wins: the merchants plugin answers.

    :param code: the item's code.
    :param delta: units to add (negative: to take).
    :returns: True when done (always, for unlimited stock), False when the
        stock is short and nothing changed, None to pass.

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def linli_catalogue(ctx: Any) -> Sequence[Mapping[str, Any]] | None:
    """List the catalogue items on offer, for a person choosing what to redeem (the exchange screen of ``linli tui``).

    Called when an operator opens or refreshes a catalogue. The catalogue is a
    program's few hundred items at most, so it comes whole. First result
    wins: the merchants plugin answers.

    :returns: None to pass, or the active items of open merchants in code
        order, each a mapping of the shape :func:`linli_catalogue_item`
        returns.

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def linli_funds(ctx: Any, since: dt.datetime, until: dt.datetime) -> Mapping[str, Mapping[str, Any]] | None:
    """Describe the funds that back points, for a settlement of the window [*since*, *until*).

    First result wins: the funds plugin answers.

    :returns: ``{fund key: {"name", "source", "budget", "flagged"}}`` —
        the fund's name, its source (government, community, crowdfunding,
        charity, sponsor), its budget in points per its own period (None:
        none) and the points issued over budget in the window that were
        allowed but flagged — or None to pass.

    .. versionadded:: 0.1
    """


# -- demo ------------------------------------------------------------------------------


@hookspec
def linli_demo_fill(
    ctx: Any, stream: Callable[[str], random.Random], members: Sequence[int], password: str | None
) -> Iterable[str] | None:
    """Add this plugin's share of a demo (``linli demo``, ``linli tui --demo``), so its screens and commands show data.

    Called for every enabled plugin after core has filled the demo (org tree,
    volunteers, teams, roles, projects and a year of service, approved but
    for the last week's, with the points and stars other plugins derived
    from it), inside the same
    transaction: a plugin that raises leaves an empty database. Work through
    services, as an operator would. An implementation that needs another
    plugin's demo data first (redemptions need the synced catalogue) marks
    itself ``trylast``.

    :param ctx: the service context, acting as the demo's admin.
    :param stream: ``stream(name)`` gives a random stream seeded with the
        demo's seed and *name*; name it after the plugin, so the same seed
        gives the same data and one plugin's draws leave another's as they were.
    :param members: ids of the demo's volunteers.
    :param password: the admin's password, for accounts the plugin creates
        (a merchant's clerk), so the demo's visitor can sign in as them; None
        to create them without one.
    :returns: lines for the summary ``linli demo`` prints, in the program's
        locale (what was made, the accounts to sign in with), or None.
        All plugins' lines are printed, in the order the plugins ran.

    .. versionadded:: 0.1
    """


# -- importing -----------------------------------------------------------------------


@hookspec
def linli_importers() -> Mapping[str, Any] | None:
    """Add sheet kinds to ``linli import``: ``linli import NAME FILE``.

    Called once when the CLI starts, for every installed plugin. Each
    importer works like core's (orgs, members, service): ``kind``,
    ``columns(program)``, ``checks()`` and ``write(ctx, batches)``, see
    :func:`linli.core.importers.run_import`; it also carries ``label_key``,
    the message key that names its rows in the import summary. Its class
    docstring is the command's help. Problems are reported as
    FILE:ROW:COLUMN, nothing is written unless every row is valid, and
    ``--skip-invalid`` writes a rejects file, as for core's sheets.

    :returns: ``{name: importer}``; a name taken by core or another plugin is
        an error naming the plugin.

    .. versionadded:: 0.1
    """


# -- incentives ------------------------------------------------------------------


@hookspec
def linli_points_rule_kinds() -> Mapping[str, PointsRuleKind]:
    """Add kinds of points rule that the ``incentives`` section's rules may name.

    Called for every enabled plugin when a program with an ``incentives``
    section is checked, and when approved service accrues points. The
    incentives plugin registers its own kinds (``rate``, ``multiplier``,
    ``cap`` …) through this same hook.

    :returns: ``{kind_name: kind}``, each kind a
        :class:`~linli.core.PointsRuleKind` (its phase, the JSON Schema of
        its options, how it applies). Results of all plugins combine into
        one table; a kind name defined by two plugins is a configuration
        error naming both.

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def linli_points_source(ctx: Any, credits: Sequence[Any]) -> Mapping[str, tuple[str, str]] | None:
    """Choose the account each batch of points is issued from (a fund, instead of the community's issuer).

    Called by the incentives plugin inside the approving transaction, once per
    accrual batch, before anything is posted. First result wins: the funds
    plugin answers. The answering plugin may refuse the whole batch (raise
    :class:`~linli.core.Refused`, e.g. a fund over its budget) or note what
    it allowed.

    :param ctx: the service context.
    :param credits: what is about to be credited, each with ``key`` (the
        transfer's idempotency key), ``member_id``, ``points`` (whole,
        positive), ``cause`` (``service`` or ``bonus``), ``record_id`` (the
        service record behind it), ``category`` (that record's activity
        category), ``home_node`` (code of the credited member's home node) and
        ``served_at`` (aware datetime the transfer is dated by).
    :returns: ``{key: (account kind, owner)}`` for the credits to take from
        another points account, e.g. ``("fund", "gov_project")``; credits left
        out come from ``issuer:<home node>``. None to pass.

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


# -- explaining -------------------------------------------------------------------


@hookspec
def linli_explain_member(ctx: Any, member: Any) -> Iterable[str] | None:
    """Add lines to ``linli explain MEMBER`` about what this plugin decided for the member.

    Called for every enabled plugin after core has listed the member's points
    and time transfers; the star-rating plugin says which level was reached at
    which threshold, for example.

    :param ctx: the service context (read-only use).
    :param member: the :class:`~linli.core.models.Member`.
    :returns: lines of text in the program's locale; all plugins' lines are shown, in plugin order.

    .. versionadded:: 0.1
    """


@hookspec
def linli_member_summary(ctx: Any, member: Any) -> Iterable[tuple[str, Sequence[tuple[str, str]]]] | None:
    """Add labelled sections to a member's page (the terminal UI's members screen): what this plugin holds about them.

    Called for every enabled plugin each time an operator opens a member's
    page, after core has checked that the operator's scope covers the
    member's home node and listed what core holds (roles, teams, hours,
    recent service). Read only. The incentives plugin gives the points
    balance and recent postings, for example; the star-rating plugin the
    level and its history.

    :param ctx: the service context (read-only use).
    :param member: the :class:`~linli.core.models.Member`.
    :returns: ``(title, rows)`` sections, each row a ``(label, value)`` pair;
        all text in the program's locale, a history as one row per entry,
        newest first, a few entries at most. All plugins' sections are shown
        after core's, in plugin order; a result of another shape is an error
        naming the plugin.

    .. versionadded:: 0.1
    """


# -- records ------------------------------------------------------------------------


@hookspec
def linli_member_records(ctx: Any, member_ids: Sequence[int]) -> Mapping[str, Mapping[int, Sequence[Mapping[str, Any]]]] | None:
    """Add what this plugin keeps about members to their service record (``linli records export``).

    MCA Order No. 67 has a record hold awards and evaluation besides the
    service itself; plugins keep some of that (the commendations plugin keeps
    titles). Called for every enabled plugin once per export, with every
    exported member.

    :param ctx: the service context (read-only use).
    :param member_ids: the members being exported.
    :returns: ``{section: {member_id: [item, …]}}``, items JSON-ready
        (strings, numbers, booleans, None, lists and mappings of them);
        members without any may be left out. ``awards`` is the section the
        records format defines (docs/records-format.md); another name is
        written as a section of its own on each volunteer. Results combine:
        items of the same section from several plugins are concatenated, in
        plugin order; a section named like a field core writes is an error
        naming the plugin.

    .. versionadded:: 0.1
    """


@hookspec
def linli_member_records_imported(ctx: Any, source: str, volunteers: Mapping[int, Mapping[str, Any]]) -> int | None:
    """Keep what this plugin understands of imported volunteers' records (``linli records import``).

    Called for every enabled plugin once per import, inside the importing
    transaction, after the volunteers are registered and their service
    recorded. Importing the same file again must keep nothing twice.

    :param ctx: the service context.
    :param source: the recording organization that exported the file.
    :param volunteers: ``{member_id: volunteer}``: each consenting
        volunteer's entry of the file (its ``awards`` and any plugin
        section), keyed by the member it was matched to or registered as.
    :returns: how many items it kept now, or None. Results are summed into
        the import's summary. Raise :class:`~linli.core.Refused` for an item
        it cannot read: the whole import rolls back.

    .. versionadded:: 0.1
    """


# -- terminal UI -------------------------------------------------------------------


@hookspec
def linli_tui_panels(program: Any) -> Iterable[tuple[str, type]] | None:
    """Add panels to the terminal UI's dashboard (``linli tui``).

    Called for every enabled plugin each time the dashboard opens, after the
    operator has signed in.

    :param program: the loaded :class:`~linli.core.Program`.
    :returns: ``(title, widget_class)`` pairs; the title is shown above the
        panel, in the program's locale. Each class is a Textual widget built
        as ``widget_class(runtime, username)`` — the
        :class:`~linli.core.Runtime` and the signed-in operator — and
        must read through ``runtime.view(username, ...)`` so the operator's
        scope applies. All plugins' panels are shown, in plugin order.

    .. versionadded:: 0.1
    """


@hookspec
def linli_tui_screens(program: Any) -> Iterable[tuple[str, str, type]] | None:
    """Add screens to the terminal UI (``linli tui``): a plugin's own desk, such as the exchange or the dispatch board.

    Called for every enabled plugin once, when the terminal UI starts. A
    plugin imports its Textual module inside its implementation, so Textual
    is loaded only by the terminal UI.

    :param program: the loaded :class:`~linli.core.Program`.
    :returns: ``(name, title, screen_class)`` entries. *name* is the screen's
        key (lower-case, unique; a name already taken is skipped with a
        notice), *title* its label in the program's locale for the footer and
        the command palette. The class subclasses
        :class:`linli.tui.api.PluginScreen`, is built without arguments, and
        calls services as the signed-in operator through its ``view`` and
        ``act``. All plugins' screens are added, in plugin order, after the
        core screens: they take the next free F-keys up to F12, and every one
        is listed in the command palette.

    .. versionadded:: 0.1
    """

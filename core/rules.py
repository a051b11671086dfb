"""The contract of points rules: what a rule kind reads, what it may change, and when it runs.

The ``incentives`` plugin runs the engine; every kind of rule it can run —
its own built-ins and any third party's — implements :class:`PointsRuleKind`
and is announced through the ``linli_points_rule_kinds`` hook. The contract
lives in core because a third-party plugin may import only ``linli.core``.

For each batch of approved service records the engine loads one
:class:`ServiceFacts` per record (in bulk), wraps each in an
:class:`Accrual`, and hands the accruals, in service order, to each rule's
kind, phase by phase (:data:`PHASES`). A kind changes an accrual only
through its methods, which note the rule id, so every credited transfer
names the rules that produced it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, Protocol

from linli.core.errors import PluginError

if TYPE_CHECKING:
    from linli.core.config.problems import ConfigProblem
    from linli.core.config.program import Program
    from linli.core.plugins import Hooks

Phase = Literal["base", "multiplier", "cap", "bonus"]
PHASES: tuple[Phase, ...] = ("base", "multiplier", "cap", "bonus")
"""The order rules run in: a base amount, then multipliers, then caps, then bonuses.

Within a phase rules run in file order. In the base phase the first rule
that sets a record's base wins (later base rules skip that record), so a
specific rule (training credit) goes before a general one (the hourly rate).
"""

Span = Literal["activity", "day", "month"]
SPANS: tuple[Span, ...] = ("activity", "day", "month")
"""The windows caps count over: one activity, one day, one calendar month (China time)."""

HOOK = "linli_points_rule_kinds"


@dataclass(frozen=True)
class Window:
    """A stretch of one member's service that caps count over: an activity, a day or a month (China time)."""

    span: Span
    key: int | dt.date

    @classmethod
    def of(cls, span: Span, activity_id: int, served_on: dt.date) -> Window:
        """The window of *span* holding a service at *activity_id* on *served_on*."""
        if span == "activity":
            return cls(span, activity_id)
        return cls(span, served_on if span == "day" else served_on.replace(day=1))


@dataclass(frozen=True)
class ServiceFacts:
    """What a rule may read about one approved service record, loaded for a whole batch at once."""

    record_id: int
    member_id: int
    activity_id: int
    category: str
    activity_kind: str  # "service" or "training"
    source: str  # "self", "operator", "import" or "paper_ledger"
    minutes: int  # approved minutes
    score: int | None  # the served person's rating, 1–5
    served_at: dt.datetime  # check-in time, in China Standard Time
    tags: frozenset[str]
    registered_on: dt.date
    referred_by_id: int | None
    home_node_code: str

    @property
    def served_on(self) -> dt.date:
        return self.served_at.date()

    @property
    def hours(self) -> Decimal:
        return Decimal(self.minutes) / 60

    def window(self, span: Span) -> Window:
        return Window.of(span, self.activity_id, self.served_on)


@dataclass(frozen=True)
class Bonus:
    """Points granted once for an occasion, credited as a transfer of their own.

    *occasion* names the event once and for all (``member:42`` for a
    member's first service): the transfer's key is
    ``points:bonus:{rule_id}:{occasion}``, so the same bonus is never paid twice.
    """

    rule_id: str
    points: Decimal
    member_id: int  # who receives it
    occasion: str
    record_id: int  # the record whose approval triggered it


@dataclass
class Accrual:
    """The points one record is earning, as the rules work on it, and the rules that contributed."""

    facts: ServiceFacts
    points: Decimal = Decimal(0)
    rule_ids: list[str] = field(default_factory=list)
    base_rule: str | None = None
    bonuses: list[Bonus] = field(default_factory=list)

    def set_base(self, rule_id: str, points: Decimal) -> None:
        """Give the record its base amount (base phase); later base rules then pass it by."""
        self.points, self.base_rule = Decimal(points), rule_id
        self._note(rule_id)

    def add(self, rule_id: str, points: Decimal) -> None:
        self.points += Decimal(points)
        self._note(rule_id)

    def scale(self, rule_id: str, factor: Decimal) -> None:
        self.points *= Decimal(factor)
        self._note(rule_id)

    def limit(self, rule_id: str, maximum: Decimal) -> None:
        """Cut the points to *maximum* (never below zero); the rule is noted only when it cuts."""
        maximum = max(Decimal(maximum), Decimal(0))
        if self.points > maximum:
            self.points = maximum
            self._note(rule_id)

    def grant(self, rule_id: str, points: Decimal, *, occasion: str, member_id: int | None = None) -> None:
        """Grant a one-off bonus to *member_id* (default: this record's member)."""
        beneficiary = self.facts.member_id if member_id is None else member_id
        self.bonuses.append(Bonus(rule_id, Decimal(points), beneficiary, occasion, self.facts.record_id))

    def _note(self, rule_id: str) -> None:
        if rule_id not in self.rule_ids:
            self.rule_ids.append(rule_id)


class History(Protocol):
    """What came before each record of the batch, on the member's record and in the ledger.

    "Before" means the member's approved records outside this batch plus
    the records of the batch that come earlier in service order, so a kind
    needs no running totals of its own, and every rule sees the same order
    whichever records its ``when`` picks. The engine prefetches it in bulk.
    """

    def is_first_service(self, facts: ServiceFacts) -> bool:
        """True when this is the member's first approved service record."""
        ...

    def minutes_before(self, facts: ServiceFacts, span: Span | None = None) -> int:
        """Approved minutes on the member's record before this one: in its window of *span*, or in all (None)."""
        ...

    def points_before(self, facts: ServiceFacts, span: Span) -> Decimal:
        """Service points (bonuses aside) of the member's records before this one in its window of *span*.

        Earlier records of the batch count with the points they hold now, so
        a cap sees what the rules before it left.
        """
        ...


@dataclass(frozen=True)
class PointsRule:
    """One configured rule: its id, its kind and its kind-specific options (``when`` is the engine's)."""

    id: str
    kind: str
    options: Mapping[str, Any]


class PointsRuleKind(Protocol):
    """A kind of points rule. Subclass it to inherit the default :meth:`check`.

    ``phase`` says when its rules run (:data:`PHASES`); ``schema`` is the JSON
    Schema of a rule's own options (everything but ``id``, ``kind``, ``name``
    and ``when``), checked when the program loads, with errors located.
    """

    phase: Phase
    schema: Mapping[str, Any]

    def apply(self, rule: PointsRule, accruals: Sequence[Accrual], history: History) -> None:
        """Work on the accruals the rule's ``when`` matched, in service order."""
        ...

    def check(self, rule: PointsRule, program: Program) -> Iterable[ConfigProblem]:
        """Problems with a schema-valid rule; paths are relative to the rule (e.g. ``("factors", "x")``)."""
        return ()


@dataclass(frozen=True)
class RuleKinds:
    """The rule kinds of a program's enabled plugins, with the plugins defining each name."""

    kinds: Mapping[str, PointsRuleKind]
    owners: Mapping[str, tuple[str, ...]]

    @property
    def clashes(self) -> dict[str, tuple[str, ...]]:
        """Kind names defined by more than one plugin: a configuration error."""
        return {name: plugins for name, plugins in self.owners.items() if len(plugins) > 1}


def collect_rule_kinds(hooks: Hooks) -> RuleKinds:
    """Call ``linli_points_rule_kinds`` on each enabled plugin, keeping who defined what.

    The first plugin (in registration order) keeps a name defined twice; the
    incentives plugin's checks report the clash, naming both.
    """
    kinds: dict[str, PointsRuleKind] = {}
    owners: dict[str, list[str]] = {}
    for plugin, provided in _results_by_plugin(hooks):
        for name, kind in provided.items():
            owners.setdefault(name, []).append(plugin)
            kinds.setdefault(name, kind)
    return RuleKinds(kinds, {name: tuple(plugins) for name, plugins in owners.items()})


def _results_by_plugin(hooks: Hooks) -> Iterator[tuple[str, Mapping[str, PointsRuleKind]]]:
    for plugin, provided in hooks.by_plugin(HOOK):
        if not isinstance(provided, Mapping):
            raise PluginError(plugin, HOOK, f"returned {type(provided).__name__}, expected a mapping")
        yield plugin, provided

"""Pairing ledger lines with platform records, and sorting every line into one class.

Key: the person (mobile number; the name when a ledger line has none), the
China-time day, and the activity title normalized (full-width folded, spaces
and punctuation dropped, case ignored), so 「敬老 服务（一）」 and 「敬老服务(一)」
meet. Fallback (``same_day_fallback``): a person's *only* unpaired platform
record and *only* unpaired ledger line of a day pair even when the titles
differ — ledgers are written by hand and titles drift; two or more on a day
stay unpaired, since guessing which goes with which would hide a real gap.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field

from linli.plugins.reconcile.ledger import LedgerLine
from linli.plugins.reconcile.platform import PlatformLine


@dataclass(frozen=True)
class Pair:
    platform: PlatformLine
    ledger: LedgerLine
    by_title: bool  # False: paired by the same-day fallback

    @property
    def difference(self) -> int:
        """Platform minutes minus ledger minutes."""
        return self.platform.minutes - self.ledger.minutes


@dataclass
class Report:
    matched: list[Pair] = field(default_factory=list)
    mismatched: list[Pair] = field(default_factory=list)
    platform_only: list[PlatformLine] = field(default_factory=list)
    ledger_only: list[LedgerLine] = field(default_factory=list)


def normalize_title(title: str) -> str:
    folded = unicodedata.normalize("NFKC", title).casefold()
    return "".join(ch for ch in folded if not (ch.isspace() or unicodedata.category(ch).startswith("P")))


def reconcile(platform: Sequence[PlatformLine], ledger: Sequence[LedgerLine], *, tolerance_minutes: int, same_day_fallback: bool) -> Report:
    # A ledger line without a phone stands for the platform's only member of that name; namesakes stay unpaired.
    phones_of: dict[str, set[str]] = defaultdict(set)
    for line in platform:
        phones_of[line.name].add(line.phone)
    names_with_phone = {name: next(iter(phones)) for name, phones in phones_of.items() if len(phones) == 1}

    def who_ledger(line: LedgerLine) -> str:
        return line.phone if line.phone else names_with_phone.get(line.name, "name:" + line.name)

    pairs, rest_p, rest_l = _pair(
        platform,
        ledger,
        lambda p: (p.phone, p.on, normalize_title(p.activity)),
        lambda line: (who_ledger(line), line.on, normalize_title(line.activity)),
        by_title=True,
    )
    if same_day_fallback:
        day_p, day_l = (lambda p: (p.phone, p.on)), (lambda line: (who_ledger(line), line.on))
        more, rest_p, rest_l = _pair(rest_p, rest_l, day_p, day_l, by_title=False, only_one=True)
        pairs += more
    report = Report(platform_only=list(rest_p), ledger_only=list(rest_l))
    for pair in sorted(pairs, key=lambda pair: pair.ledger.row):
        (report.matched if abs(pair.difference) <= tolerance_minutes else report.mismatched).append(pair)
    return report


def _pair(
    platform: Sequence[PlatformLine],
    ledger: Sequence[LedgerLine],
    key_p: Callable[[PlatformLine], Hashable],
    key_l: Callable[[LedgerLine], Hashable],
    *,
    by_title: bool,
    only_one: bool = False,
) -> tuple[list[Pair], list[PlatformLine], list[LedgerLine]]:
    """Pair lines sharing a key, in record and row order; *only_one*: only keys with one line on each side."""
    waiting: dict[Hashable, list[PlatformLine]] = defaultdict(list)
    for line in platform:
        waiting[key_p(line)].append(line)
    ledger_keys: dict[Hashable, int] = defaultdict(int)
    for line in ledger:
        ledger_keys[key_l(line)] += 1
    pairs, rest_l = [], []
    for line in ledger:
        key = key_l(line)
        candidates = waiting.get(key)
        if candidates and (not only_one or (len(candidates) == 1 and ledger_keys[key] == 1)):
            pairs.append(Pair(candidates.pop(0), line, by_title))
        else:
            rest_l.append(line)
    rest_p = sorted((line for lines in waiting.values() for line in lines), key=lambda line: line.record_id)
    return pairs, rest_p, rest_l

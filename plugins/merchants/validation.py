"""Everything that makes a catalogue unsavable, found for every merchant and item at once.

The same checks serve the program file (``linli merchants sync``) and the
spreadsheet import, which places each problem in its row and column. Only
the database can say whether an org code, a clerk or an earlier item exists,
so these are not config checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from linli.core import LinliError, NotFound, Program, Refused, t
from linli.core.models import Operator, OrgNode

from linli.plugins.merchants.models import CatalogueItem, Merchant
from linli.plugins.merchants.specs import ItemSpec, MerchantSpec

Origin = Literal["program", "import"]


@dataclass(frozen=True)
class Problem:
    """What is wrong with one merchant or item (by its index in the batch) and in which field."""

    target: Literal["merchant", "item"]
    index: int
    field: str
    error: LinliError


class CatalogueRefused(Refused):
    """Nothing was saved because some merchants or items are wrong; ``problems`` lists them all."""

    def __init__(self, problems: Sequence[Problem], merchants: Sequence[MerchantSpec], items: Sequence[ItemSpec]) -> None:
        super().__init__("merchants.refused", count=len(problems))
        self.problems = list(problems)
        first = problems[0]
        self.first_code = (merchants if first.target == "merchant" else items)[first.index].code

    def render(self, locale: str | None = None) -> str:
        first = self.problems[0]
        return t(self.key, locale, count=len(self.problems), code=self.first_code, field=first.field, detail=first.error.render(locale))


def find_problems(session: Session, program: Program, merchants: Sequence[MerchantSpec], items: Sequence[ItemSpec], origin: Origin) -> list[Problem]:
    codes = {code for m in merchants for code in m.nodes} | {code for i in items for code in i.within}
    nodes = set(session.scalars(select(OrgNode.code).where(OrgNode.code.in_(sorted(codes)))))
    usernames = sorted({name for m in merchants for name in m.clerks})
    roles = dict(session.execute(select(Operator.username, Operator.role).where(Operator.username.in_(usernames))).all())
    stored_items = {i.code: i for i in session.scalars(select(CatalogueItem).where(CatalogueItem.code.in_([i.code for i in items])))}
    known_merchants = {m.code for m in merchants} | set(
        session.scalars(select(Merchant.code).where(Merchant.code.in_(sorted({i.merchant for i in items}))))
    )
    merchant_ids = dict(session.execute(select(Merchant.id, Merchant.code)).all())
    problems = []
    for index, merchant in enumerate(merchants):
        problems += [Problem("merchant", index, "nodes", NotFound("merchants.unknown_node", code=c)) for c in merchant.nodes if c not in nodes]
        for name in merchant.clerks:
            if name not in roles:
                problems.append(Problem("merchant", index, "clerks", NotFound("merchants.unknown_clerk", username=name)))
            elif roles[name] != "clerk":
                problems.append(Problem("merchant", index, "clerks", Refused("merchants.not_clerk", username=name, role=roles[name])))
        if merchant.active_from and merchant.active_until and merchant.active_from > merchant.active_until:
            problems.append(Problem("merchant", index, "active_until", Refused("merchants.dates_backwards", start=merchant.active_from, end=merchant.active_until)))
    for index, item in enumerate(items):
        problems += [Problem("item", index, "within", NotFound("merchants.unknown_node", code=c)) for c in item.within if c not in nodes]
        for tag in item.tags:
            if tag not in program.member_tags:
                known = "、".join(program.member_tags) or "-"
                problems.append(Problem("item", index, "tags", Refused("merchants.unknown_tag", tag=tag, known=known)))
        if item.merchant not in known_merchants:
            problems.append(Problem("item", index, "merchant", NotFound("merchants.unknown_merchant", code=item.merchant)))
        if item.valid_from and item.valid_until and item.valid_from > item.valid_until:
            problems.append(Problem("item", index, "valid_until", Refused("merchants.dates_backwards", start=item.valid_from, end=item.valid_until)))
        stored = stored_items.get(item.code)
        if stored is None:
            continue
        if origin == "import" and stored.origin == "program":
            problems.append(Problem("item", index, "code", Refused("merchants.item_in_program", code=item.code)))
        elif merchant_ids[stored.merchant_id] != item.merchant:
            owner = merchant_ids[stored.merchant_id]
            problems.append(Problem("item", index, "merchant", Refused("merchants.item_moves", code=item.code, merchant=owner)))
    return problems

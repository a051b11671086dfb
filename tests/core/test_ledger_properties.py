"""Random sequences of ledger operations against a model kept in Python.

Each example opens fresh accounts (owners carry a uuid), so the examples
of one test share a database without seeing each other.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from linli.core import ledger
from linli.core.db import Database
from linli.core.ledger import Account, TransferRequest

MEMBERS = 3
amounts = st.integers(min_value=1, max_value=60)
member = st.integers(min_value=0, max_value=MEMBERS - 1)
pick = st.integers(min_value=0, max_value=10_000)  # an earlier transfer, modulo how many there are

operations = st.lists(
    st.one_of(
        st.tuples(st.just("credit"), member, amounts),
        st.tuples(st.just("debit"), member, amounts),
        st.tuples(st.just("give"), member, st.integers(1, MEMBERS - 1), amounts),
        st.tuples(st.just("retry"), pick, st.booleans()),
        st.tuples(st.just("reverse"), pick),
        st.tuples(st.just("bulk"), st.lists(st.tuples(member, st.integers(-40, 40).filter(bool)), max_size=6)),
    ),
    max_size=20,
)


@dataclass
class Recorded:
    """A transfer that went through: how to repeat it, and what it did to each account."""

    transfer_id: int
    legs: dict[int, int]
    request: TransferRequest | None = None  # None for reversals: repeated with reverse()
    reverses: int | None = None
    reversal_key: str | None = None


@dataclass
class World:
    session: Session
    tag: str
    issuer: Account
    shop: Account
    members: list[Account]
    model: defaultdict[int, int] = field(default_factory=lambda: defaultdict(int))
    recorded: list[Recorded] = field(default_factory=list)
    reversed_by: dict[int, int] = field(default_factory=dict)

    @property
    def accounts(self) -> list[Account]:
        return [self.issuer, self.shop, *self.members]

    def fits(self, legs: dict[int, int]) -> bool:
        """Whether the model lets these net changes through (only the issuer may go negative)."""
        return all(self.model[a] + d >= 0 for a, d in legs.items() if a != self.issuer.id)

    def post(self, request: TransferRequest) -> None:
        legs = {leg.account.id: leg.amount for leg in request.legs}
        if not self.fits(legs):
            try:
                ledger.post(self.session, request)
            except ledger.InsufficientBalance:
                return
            raise AssertionError(f"overdraft accepted: {request}")
        transfer = ledger.post(self.session, request)
        self.apply(legs)
        self.recorded.append(Recorded(transfer.id, legs, request=request))

    def apply(self, legs: dict[int, int]) -> None:
        for account_id, delta in legs.items():
            self.model[account_id] += delta


def step(world: World, number: int, operation: tuple) -> None:  # type: ignore[type-arg]
    key = f"{world.tag}:{number}"
    kind = operation[0]
    if kind == "credit":
        world.post(TransferRequest.move(key, world.issuer, world.members[operation[1]], operation[2], cause="service"))
    elif kind == "debit":
        world.post(TransferRequest.move(key, world.members[operation[1]], world.shop, operation[2], cause="redemption"))
    elif kind == "give":
        giver = world.members[operation[1]]
        taker = world.members[(operation[1] + operation[2]) % MEMBERS]
        world.post(TransferRequest.move(key, giver, taker, operation[3], cause="gift"))
    elif kind == "retry" and world.recorded:
        retry(world, world.recorded[operation[1] % len(world.recorded)], altered=operation[2])
    elif kind == "reverse" and world.recorded:
        reverse(world, key, world.recorded[operation[1] % len(world.recorded)])
    elif kind == "bulk":
        bulk(world, key, operation[1])


def retry(world: World, earlier: Recorded, *, altered: bool) -> None:
    if earlier.request is None:
        original = world.session.get(ledger.Transfer, earlier.reverses)
        assert original is not None and earlier.reversal_key is not None
        assert ledger.reverse(world.session, original, key=earlier.reversal_key).id == earlier.transfer_id
        return
    request = earlier.request
    if altered:
        source, destination = (leg.account for leg in request.legs)
        changed = TransferRequest.move(
            request.key, source, destination, -request.legs[0].amount + 1, cause=request.cause
        )
        try:
            ledger.post(world.session, changed)
        except ledger.KeyReused:
            return
        raise AssertionError("a reused key was accepted")
    assert ledger.post(world.session, request).id == earlier.transfer_id


def reverse(world: World, key: str, earlier: Recorded) -> None:
    original = world.session.get(ledger.Transfer, earlier.transfer_id)
    assert original is not None
    legs = {account_id: -amount for account_id, amount in earlier.legs.items()}
    if earlier.transfer_id in world.reversed_by:
        expected: type[Exception] | None = ledger.AlreadyReversed
    else:
        expected = None if world.fits(legs) else ledger.InsufficientBalance
    try:
        reversal = ledger.reverse(world.session, original, key=key)
    except (ledger.AlreadyReversed, ledger.InsufficientBalance) as refusal:
        assert type(refusal) is expected, refusal
        return
    assert expected is None
    world.apply(legs)
    world.reversed_by[earlier.transfer_id] = reversal.id
    world.recorded.append(Recorded(reversal.id, legs, reverses=earlier.transfer_id, reversal_key=key))


def bulk(world: World, key: str, moves: list[tuple[int, int]]) -> None:
    """Credits (positive) and debits (negative) posted as one batch; it nets per account, all or nothing."""
    requests = []
    for n, (index, amount) in enumerate(moves):
        target = world.members[index]
        source, destination = (world.issuer, target) if amount > 0 else (target, world.shop)
        requests.append(TransferRequest.move(f"{key}:{n}", source, destination, abs(amount), cause="accrual"))
    net: defaultdict[int, int] = defaultdict(int)
    for request in requests:
        for leg in request.legs:
            net[leg.account.id] += leg.amount
    if not world.fits(net):
        try:
            ledger.post_many(world.session, requests)
        except ledger.InsufficientBalance:
            return
        raise AssertionError("an overdrawing batch was accepted")
    ids = ledger.post_many(world.session, requests)
    world.apply(net)
    for request, transfer_id in zip(requests, ids, strict=True):
        world.recorded.append(Recorded(transfer_id, {leg.account.id: leg.amount for leg in request.legs}, request))


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=100, deadline=None)
@given(operations)
def test_random_operations_keep_the_ledger_consistent(database: Database, ops: list[tuple]) -> None:  # type: ignore[type-arg]
    tag = uuid.uuid4().hex
    with database.writing() as session:
        world = World(
            session,
            tag,
            issuer=ledger.account(session, "issuer", f"{tag}:community", "points"),
            shop=ledger.account(session, "merchant", f"{tag}:shop", "points"),
            members=[ledger.account(session, "member", f"{tag}:m{i}", "points") for i in range(MEMBERS)],
        )
        for number, operation in enumerate(ops):
            step(world, number, operation)
        assert ledger.check_invariants(session) == []
        for account in world.accounts:
            assert ledger.balance(session, account) == world.model[account.id]
            lines = ledger.statement(session, account)
            assert (lines[-1].balance if lines else 0) == world.model[account.id]
        assert all(ledger.balance(session, m) >= 0 for m in world.members)

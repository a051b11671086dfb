"""A service record's life: sign-up, check-in, check-out, manual entry, evaluation."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
import sqlalchemy as sa

from linli.core import NotFound, Refused
from linli.core.db import Database
from linli.core.models import ServiceRecord
from linli.core.services import (
    check_in,
    check_out,
    create_activity,
    evaluate,
    open_activity,
    record_manual,
    register_member,
    review,
    sign_up,
)
from tests.core.factories import T0, World, make_world

HOUR = dt.timedelta(hours=1)


def setup_activity(world: World, *, capacity: int | None = None, cap: int | None = None, members: int = 1) -> tuple[int, list[int]]:
    with world.acting() as ctx:
        people = [register_member(ctx, name=f"志愿者{i}", phone=f"1380000000{i}", home_node="G0101").id for i in range(members)]
        activity = create_activity(
            ctx,
            title="夜间巡逻",
            category="patrol",
            host_node="S01",
            starts_at=T0,
            ends_at=T0 + 3 * HOUR,
            capacity=capacity,
            max_minutes_per_person=cap,
        )
        open_activity(ctx, activity.id)
        return activity.id, people


def test_full_lifecycle(database: Database) -> None:
    world = make_world(database)
    activity, (member,) = setup_activity(world)
    with world.acting() as ctx:
        record = sign_up(ctx, activity_id=activity, member_id=member)
        assert (record.state, record.source) == ("signed_up", "self")
        check_in(ctx, record.id, at=T0 + dt.timedelta(minutes=5))
        check_out(ctx, record.id, at=T0 + 2 * HOUR + dt.timedelta(seconds=59))
        assert (record.state, record.minutes, record.span_minutes) == ("checked_out", 115, 115)
        evaluate(ctx, record.id, score=5, comment="很耐心")
        review(ctx, approve=[record.id])
        assert (record.state, record.approved_minutes, record.reviewed_by) == ("approved", 115, world.admin_id)


def test_claimed_minutes_may_not_exceed_the_span(database: Database) -> None:
    world = make_world(database)
    activity, (member,) = setup_activity(world)
    with world.acting() as ctx:
        record = sign_up(ctx, activity_id=activity, member_id=member)
        check_in(ctx, record.id, at=T0)
        with pytest.raises(Refused) as refused:
            check_out(ctx, record.id, at=T0 + HOUR, minutes=61)
        assert refused.value.key == "service.minutes_exceed_span"
        assert record.state == "checked_in"  # nothing changed
        with pytest.raises(Refused) as backwards:
            check_out(ctx, record.id, at=T0 - HOUR)
        assert backwards.value.key == "service.out_before_in"
        check_out(ctx, record.id, at=T0 + HOUR, minutes=45)
        assert record.minutes == 45


def test_the_activity_cap_limits_credited_minutes(database: Database) -> None:
    world = make_world(database)
    activity, (member,) = setup_activity(world, cap=120)
    with world.acting() as ctx:
        record = sign_up(ctx, activity_id=activity, member_id=member)
        check_in(ctx, record.id, at=T0)
        check_out(ctx, record.id, at=T0 + 3 * HOUR)
        review(ctx, approve=[record.id])
        assert (record.minutes, record.approved_minutes) == (180, 120)


@pytest.mark.parametrize("step", ["check_out_first", "review_early", "check_in_twice", "approve_twice", "reject_approved"])
def test_illegal_transitions_are_refused(database: Database, step: str) -> None:
    world = make_world(database)
    activity, (member,) = setup_activity(world)
    with world.acting() as ctx:
        record = sign_up(ctx, activity_id=activity, member_id=member)
        moves = {
            "check_out_first": lambda: check_out(ctx, record.id, at=T0),
            "review_early": lambda: review(ctx, approve=[record.id]),
            "check_in_twice": lambda: (check_in(ctx, record.id, at=T0), check_in(ctx, record.id, at=T0)),
            "approve_twice": lambda: (
                check_in(ctx, record.id, at=T0),
                check_out(ctx, record.id, at=T0 + HOUR),
                review(ctx, approve=[record.id]),
                review(ctx, approve=[record.id]),
            ),
            "reject_approved": lambda: (
                check_in(ctx, record.id, at=T0),
                check_out(ctx, record.id, at=T0 + HOUR),
                review(ctx, approve=[record.id]),
                review(ctx, reject={record.id: "重复"}),
            ),
        }
        with pytest.raises(Refused) as refused:
            moves[step]()
        assert refused.value.key == "service.illegal_transition"


def test_capacity_is_enforced_at_sign_up(database: Database) -> None:
    world = make_world(database)
    activity, (first, second, third) = setup_activity(world, capacity=2, members=3)
    with world.acting() as ctx:
        sign_up(ctx, activity_id=activity, member_id=first)
        sign_up(ctx, activity_id=activity, member_id=second)
        with pytest.raises(Refused) as full:
            sign_up(ctx, activity_id=activity, member_id=third)
        assert full.value.key == "service.full" and full.value.params["capacity"] == 2
        with pytest.raises(Refused) as twice:
            sign_up(ctx, activity_id=activity, member_id=first)
        assert twice.value.key == "service.already_signed_up"


def test_sign_up_needs_an_open_activity(database: Database) -> None:
    world = make_world(database)
    with world.acting() as ctx:
        member = register_member(ctx, name="张秀英", phone="13812345678", home_node="G0101")
        planned = create_activity(ctx, title="万家宴", category="culture", host_node="BBT", starts_at=T0, ends_at=T0 + HOUR)
        with pytest.raises(Refused) as refused:
            sign_up(ctx, activity_id=planned.id, member_id=member.id)
        assert refused.value.key == "service.not_open"
        with pytest.raises(NotFound):
            sign_up(ctx, activity_id=9999, member_id=member.id)


def test_manual_entry_is_bounded_by_the_activity_and_awaits_review(database: Database) -> None:
    world = make_world(database)
    activity, (member,) = setup_activity(world)
    with world.acting() as ctx:
        record = record_manual(ctx, member_id=member, activity_id=activity, minutes=150)
        assert (record.state, record.source, record.check_in_at, record.recorded_by) == ("checked_out", "operator", T0, world.admin_id)
        with pytest.raises(Refused) as refused:
            record_manual(ctx, member_id=member, activity_id=activity, minutes=181)
        assert refused.value.key == "service.minutes_exceed_span"
        with pytest.raises(Refused) as half:
            record_manual(ctx, member_id=member, activity_id=activity, minutes=10, check_in_at=T0)
        assert half.value.key == "service.times_incomplete"
        review(ctx, approve=[record.id])
        assert record.approved_minutes == 150


def test_evaluation(database: Database) -> None:
    world = make_world(database)
    activity, (member,) = setup_activity(world)
    with world.acting() as ctx:
        record = sign_up(ctx, activity_id=activity, member_id=member)
        with pytest.raises(Refused) as early:
            evaluate(ctx, record.id, score=5)
        assert early.value.key == "service.not_evaluable"
        check_in(ctx, record.id, at=T0)
        check_out(ctx, record.id, at=T0 + HOUR)
        with pytest.raises(Refused) as bad:
            evaluate(ctx, record.id, score=6)
        assert bad.value.key == "service.bad_score"
        evaluate(ctx, record.id, score=4)
        with pytest.raises(Refused) as again:
            evaluate(ctx, record.id, score=5)
        assert again.value.key == "service.already_evaluated"


def test_rejection_needs_a_reason_and_frees_the_seat(database: Database) -> None:
    world = make_world(database)
    activity, (first, second) = setup_activity(world, capacity=1, members=2)
    with world.acting() as ctx:
        record = sign_up(ctx, activity_id=activity, member_id=first)
        check_in(ctx, record.id, at=T0)
        check_out(ctx, record.id, at=T0 + HOUR)
        with pytest.raises(Refused) as missing:
            review(ctx, reject={record.id: "  "})
        assert missing.value.key == "service.reason_missing"
        review(ctx, reject={record.id: "未实际到岗"})
        assert (record.state, record.reject_reason, record.approved_minutes) == ("rejected", "未实际到岗", None)
        sign_up(ctx, activity_id=activity, member_id=second)


def test_two_transactions_cannot_both_take_the_last_seat(database: Database) -> None:
    world = make_world(database)
    activity, (first, second) = setup_activity(world, capacity=1, members=2)
    first_signed, commit_first = threading.Event(), threading.Event()
    outcome: list[object] = []

    def take_seat_and_hold() -> None:
        with world.acting() as ctx:
            sign_up(ctx, activity_id=activity, member_id=first)
            first_signed.set()
            commit_first.wait(10)

    def take_seat() -> None:
        first_signed.wait(10)
        try:
            world.act(lambda ctx: sign_up(ctx, activity_id=activity, member_id=second))
            outcome.append("signed up")
        except Refused as refused:
            outcome.append(refused.key)

    threads = [threading.Thread(target=take_seat_and_hold), threading.Thread(target=take_seat)]
    for thread in threads:
        thread.start()
    first_signed.wait(10)
    time.sleep(0.2)  # the second sign-up is now waiting for the first transaction
    commit_first.set()
    for thread in threads:
        thread.join(20)
    assert outcome == ["service.full"]
    with world.database.reading() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(ServiceRecord)) == 1


def test_manual_record_names_the_person_served_and_checks_they_exist(database: Database) -> None:
    world = make_world(database)

    def setup(ctx):
        volunteer = register_member(ctx, name="张秀英", phone="13800000011", home_node="G0101")
        elder = register_member(ctx, name="刘奶奶", phone="13800000012", home_node="G0101")
        activity = create_activity(ctx, title="上门助老", category="elderly", host_node="S01", starts_at=T0, ends_at=T0 + dt.timedelta(hours=3))
        open_activity(ctx, activity.id)
        return volunteer.id, elder.id, activity.id

    volunteer, elder, activity = world.act(setup)
    record = world.act(lambda ctx: record_manual(ctx, member_id=volunteer, activity_id=activity, minutes=60, served_member_id=elder))
    assert record.served_member_id == elder
    with pytest.raises(NotFound):
        world.act(lambda ctx: record_manual(ctx, member_id=volunteer, activity_id=activity, minutes=60, served_member_id=99999))

"""A hand-computed week of one in-service party member, on both engines.

Rules (10 points per hour, Kunshan-style):

====================  =============================================
training              training credit, 3 points a session
base                  rate, 10 points per hour
weekend               ×1.5 on Saturdays and Sundays
party                 ×1.2 for in-service party members
rated                 by score 1–5: ×0.5 0.8 1 1.1 1.2, unrated ×1
daily                 at most 60 points a day
first                 5 points for a member's first service
ten_hours             20 points on reaching 10 hours
referral              8 points to whoever referred the member
====================  =============================================

A (in-service party member, referred by R) serves, approved in two batches:

- r1 Sat 2 Mar 09:00, 3 h, rated 5: 30 ×1.5 ×1.2 ×1.2 = 64.8 → 65, cut by daily to 60.
  First service: A +5; referral: R +8.
- r3 Mon 4 Mar 19:00, 5 h, rated 3: 50 ×1.2 ×1 = 60 (daily not reached). 8 h in all.
- second batch — r2 Sat 2 Mar 14:00, 2 h, unrated: 36, but r1 already filled
  Saturday's 60: 0 points, no transfer. 480 + 120 = 600 minutes: ten_hours A +20.
- r4 Tue 5 Mar training, 1.5 h, unrated: 3 ×1.2 = 3.6 → 4.

A: 60 + 60 + 4 + 5 + 20 = 149 points and 690 minutes; R: 8; the issuer G0101: −157.
"""

from __future__ import annotations

import sqlalchemy as sa

from linli.core import Database, ledger
from linli.core.models import ServiceRecord
from tests.plugins.incentives.helpers import activity, approve, credited, incentives_world, member, points, served

RULES = [
    {"id": "training", "kind": "training_credit", "points": 3},
    {"id": "base", "kind": "rate", "points": 10, "per": "hour"},
    {"id": "weekend", "kind": "multiplier", "factor": 1.5, "when": {"weekend": True}},
    {"id": "party", "kind": "multiplier", "factor": 1.2, "when": {"tags": ["in_service_party"]}},
    {"id": "rated", "kind": "score_factors", "factors": [0.5, 0.8, 1, 1.1, 1.2]},
    {"id": "daily", "kind": "cap", "window": "day", "max": 60},
    {"id": "first", "kind": "first_service", "points": 5},
    {"id": "ten_hours", "kind": "milestone", "hours": 10, "points": 20},
    {"id": "referral", "kind": "referral", "points": 8},
]


def test_a_week_of_service_agrees_with_the_hand_computation(database: Database) -> None:
    world = incentives_world(database, RULES)
    referrer = member(world, "13900000001")
    a = member(world, "13900000002", tags=["in_service_party", "party_member"], referred_by=referrer)
    patrol, elderly = activity(world, "2024-03-02 08:00", hours=10), activity(world, "2024-03-02 13:00", category="elderly")
    evening, course = activity(world, "2024-03-04 18:00", hours=6), activity(world, "2024-03-05 09:00", kind="training", category="training")
    r1 = served(world, a, patrol, "2024-03-02 09:00", 180, score=5)
    r2 = served(world, a, elderly, "2024-03-02 14:00", 120)
    r3 = served(world, a, evening, "2024-03-04 19:00", 300, score=3)
    r4 = served(world, a, course, "2024-03-05 09:30", 90)

    approve(world, r1, r3)
    approve(world, r4, r2)

    assert credited(world) == {
        f"points:service:{r1}": (60, ["base", "weekend", "party", "rated", "daily"]),
        f"points:service:{r3}": (60, ["base", "party", "rated"]),
        f"points:service:{r4}": (4, ["training", "party", "rated"]),
        f"points:bonus:first:member:{a}": (5, ["first"]),
        f"points:bonus:referral:member:{a}": (8, ["referral"]),
        f"points:bonus:ten_hours:member:{a}": (20, ["ten_hours"]),
    }
    assert points(world, a) == 149
    assert points(world, referrer) == 8
    with world.database.reading() as session:
        minutes = session.scalar(sa.select(sa.func.sum(ServiceRecord.approved_minutes)).where(ServiceRecord.member_id == a))
        issuer = ledger.balance(session, ledger.account(session, "issuer", "G0101", "points"))
        milestone = session.scalar(sa.select(ledger.Transfer.cause_ref).where(ledger.Transfer.idempotency_key == f"points:bonus:ten_hours:member:{a}"))
        assert ledger.check_invariants(session) == []
    assert (minutes, issuer, milestone) == (690, -157, f"service_record:{r2}")

"""Wrong passwords slow a username down, the slow-down survives a restart, and no password reaches the audit log."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from linli.core import Refused
from linli.core.db import Database
from linli.core.models import AuditEntry
from linli.core.services import bootstrap_admin
from linli.core.services.operators import FREE_FAILURES, sign_in

GOOD, BAD = "百步亭-correct-horse", "百步亭-wrong-horse"
T0 = dt.datetime(2024, 3, 1, 1, 0, tzinfo=dt.UTC)


def test_failures_slow_the_username_down_across_restarts(database: Database) -> None:
    with database.writing() as session:
        bootstrap_admin(session, username="zhangxy", display_name="张秀英", password=GOOD)
    clock = [T0]

    def attempt(db: Database, password: str, username: str = "zhangxy") -> object:
        return sign_in(db, username, password, now=lambda: clock[0])

    for _ in range(FREE_FAILURES):
        assert attempt(database, BAD) is None
    with pytest.raises(Refused) as first_wait:
        attempt(database, GOOD)  # even the right password waits: the check itself is what is slowed
    assert first_wait.value.params["seconds"] == 1
    clock[0] += dt.timedelta(seconds=1)
    assert attempt(database, GOOD) is not None  # and a success starts the count afresh
    for _ in range(FREE_FAILURES + 3):
        assert attempt(database, BAD) is None
        clock[0] += dt.timedelta(seconds=4)  # enough for the 1, 2 and 4 second waits
    restarted = Database(str(database.engine.url.render_as_string(hide_password=False)))
    try:
        with pytest.raises(Refused) as slowed:
            attempt(restarted, GOOD)  # 8 failures: a 8-second wait, 4 seconds gone
        assert slowed.value.key == "signin.slowed"
        clock[0] += dt.timedelta(seconds=5)
        assert attempt(restarted, GOOD) is not None
    finally:
        restarted.dispose()
    # Another username is not slowed by zhangxy's failures; an unknown one is refused like a wrong password.
    assert attempt(database, GOOD, "nobody") is None


def test_no_password_or_typed_username_is_stored_in_clear(database: Database) -> None:
    with database.writing() as session:
        bootstrap_admin(session, username="zhangxy", display_name="张秀英", password=GOOD)
    sign_in(database, "zhangxy", BAD)
    sign_in(database, BAD, GOOD)  # a password typed into the username box
    sign_in(database, "zhangxy", GOOD)
    with database.reading() as session:
        rows = session.scalars(sa.select(AuditEntry)).all()
        text = "\n".join(repr((e.action, e.target_kind, e.target_id, e.before, e.after)) for e in rows)
        actions = {e.action for e in rows}
    assert {"operator.signin_failed", "operator.signin"} <= actions
    assert GOOD not in text and BAD not in text and "horse" not in text

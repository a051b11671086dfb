"""What every service function receives: who acts, in which transaction, under which program."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from linli.core.config.program import Program
from linli.core.db.base import utcnow
from linli.core.models.operators import Operator
from linli.core.plugins import Hooks

# China keeps one zone without daylight saving, so a fixed offset is exact and needs no tz database.
CHINA_STANDARD_TIME = dt.timezone(dt.timedelta(hours=8), "CST")


@dataclass
class Context:
    """One operator acting on one program inside the caller's write transaction.

    Service functions flush but never commit: the caller's
    ``database.writing()`` block commits everything or nothing.
    """

    session: Session
    operator: Operator
    program: Program
    hooks: Hooks
    now: Callable[[], dt.datetime] = utcnow
    # The zone that decides which calendar day "today" is (registration dates, role terms).
    zone: dt.tzinfo = field(default=CHINA_STANDARD_TIME)

    def today(self) -> dt.date:
        return self.now().astimezone(self.zone).date()

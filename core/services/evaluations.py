"""Served people's ratings entered in bulk, e.g. from a paper evaluation form collected after an event.

The same rules as :func:`linli.core.services.evaluate` (a finished record,
rated once, 1–5, within the operator's scope), with records loaded in a
fixed number of queries and one audit batch instead of a round per rating.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from linli.core.errors import Refused
from linli.core.models.service import ServiceRecord
from linli.core.services.approval import load_records
from linli.core.services.audit import Change, record_many
from linli.core.services.context import Context
from linli.core.services.scope import require_admin, require_scope
from linli.core.i18n import state_label


def evaluate_many(ctx: Context, ratings: Mapping[int, tuple[int, str | None]]) -> None:
    """Record *ratings* (record id → (score, comment)), all or none."""
    require_admin(ctx)
    if not ratings:
        return
    records = load_records(ctx, list(ratings))
    for record_id, (score, _) in ratings.items():
        found = records[record_id]
        require_scope(ctx, found.activity.organizer_node)
        if found.state not in ("checked_out", "approved"):
            raise Refused("service.not_evaluable", record=found.id, state=state_label("record", found.state))
        if found.score is not None:
            raise Refused("service.already_evaluated", record=found.id)
        if not 1 <= score <= 5:
            raise Refused("service.bad_score", score=score)
    # One executemany by primary key; the loaded records are brought in line without another query.
    ctx.session.execute(update(ServiceRecord), [{"id": i, "score": score, "comment": comment} for i, (score, comment) in ratings.items()])
    for record_id, (score, comment) in ratings.items():
        set_committed_value(records[record_id], "score", score)
        set_committed_value(records[record_id], "comment", comment)
    record_many(ctx, [Change("service.evaluate", "service_record", record_id, after={"score": score}) for record_id, (score, _) in ratings.items()])

"""Rolling org nodes up to the settlement level: a household's points count for its community."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from linli.core.models import Member, OrgNode
from linli.core.services import chunks


class Rollup:
    """Node id → the code of its ancestor at *level* (itself when at or above it, or without a level)."""

    def __init__(self, session: Session, level: str | None) -> None:
        self.session, self.level = session, level
        self.codes: dict[int, str] = {}

    def nodes(self, node_ids: Iterable[int]) -> dict[int, str]:
        wanted = set(node_ids) - self.codes.keys()
        paths: dict[int, str] = {}
        for chunk in chunks(sorted(wanted)):
            paths.update(self.session.execute(select(OrgNode.id, OrgNode.path).where(OrgNode.id.in_(chunk))).all())
        ancestors = {int(part) for path in paths.values() for part in path.strip("/").split("/")}
        found: dict[int, tuple[str, str]] = {}
        for chunk in chunks(sorted(ancestors)):
            query = select(OrgNode.id, OrgNode.code, OrgNode.level).where(OrgNode.id.in_(chunk))
            found.update((node_id, (code, level)) for node_id, code, level in self.session.execute(query))
        for node_id, path in paths.items():
            line = [found[int(part)] for part in path.strip("/").split("/")]
            self.codes[node_id] = next((code for code, level in line if level == self.level), line[-1][0])
        return self.codes

    def members(self, member_ids: Iterable[int]) -> dict[int, str]:
        """Member id → the rolled-up code of their home node."""
        homes: dict[int, int] = {}
        for chunk in chunks(sorted(set(member_ids))):
            homes.update(self.session.execute(select(Member.id, Member.home_node_id).where(Member.id.in_(chunk))).all())
        codes = self.nodes(homes.values())
        return {member: codes[node] for member, node in homes.items()}

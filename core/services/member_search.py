"""What a search box's text means for the member list, as indexed predicates.

The administrator types a name, a phone number or the last four characters
of a phone or ID number into one box; each keystroke runs a query over up to
half a million members, so every kind of text maps to a predicate an index
answers, in an order that index already holds or over a handful of rows,
one page at a time and never counted:

* letters or Chinese characters: a name prefix, ordered by name;
* four digits: the phone's last four or the ID number's last four (what
  lists show unmasked, and what people quote as 尾号), ordered by id: each
  matches about one member in ten thousand. Not a phone prefix: four leading
  digits are a carrier's block, shared by hundreds of thousands;
* other digits: a phone prefix, ordered by phone;
* three digits and an X: the ID number's last four.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal_column, or_

from linli.core.models.members import Member

TAIL = 4
_DIGITS = re.compile(r"\d+")
_ID_TAIL = re.compile(r"\d{3}[xX]")
_PHONE_TAIL = func.substr(Member.phone, literal_column("8"))  # the expression of ix_member_phone_tail, literally


def starts_with(column: Any, prefix: str) -> ColumnElement[bool]:
    """*column* begins with *prefix*, as the range of strings that do, which an ordinary B-tree index answers.

    A LIKE prefix uses an index only under SQLite's case_sensitive_like or a
    PostgreSQL column collated exactly "C" (not even C.UTF-8); the range does
    under any. It is exact where strings sort by code point: SQLite always,
    and PostgreSQL's ``member.name``, collated "C" whatever the database's own
    collation (migration 0005). The LIKE after it keeps any other column under
    a linguistic collation (zh_CN's pinyin order) from adding false matches.
    """
    last = ord(prefix[-1])
    bounds = [column >= prefix]
    if last < 0x10FFFF:
        bounds.append(column < prefix[:-1] + chr(last + 1))
    return and_(*bounds, column.startswith(prefix, autoescape=True))


def member_search(text: str) -> tuple[ColumnElement[bool], tuple[Any, ...]] | None:
    """The predicate and order for *text* typed into a member search, or None for blank text."""
    text = text.strip()
    if not text:
        return None
    if _ID_TAIL.fullmatch(text):
        return Member.id_tail == text.upper(), (Member.id,)
    if _DIGITS.fullmatch(text):
        if len(text) == TAIL:
            return or_(_PHONE_TAIL == text, Member.id_tail == text), (Member.id,)
        return starts_with(Member.phone, text), (Member.phone,)
    return starts_with(Member.name, text), (Member.name, Member.id)

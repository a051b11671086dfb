"""Operator passwords (scrypt) and signing in."""

from __future__ import annotations

import pytest

from linli.core import Refused
from linli.core.db import Database
from linli.core.models import Operator
from linli.core.models.operators import check_password, hash_password
from linli.core.services import authenticate, bootstrap_admin, disable_operator, set_password
from tests.core.factories import make_world


def test_scrypt_round_trip_without_storing_the_password() -> None:
    stored = hash_password("百步亭2024!")
    assert stored.split("$")[:4] == ["scrypt", "16384", "8", "1"]
    assert "百步亭2024!" not in stored
    assert check_password("百步亭2024!", stored)
    assert not check_password("百步亭2024", stored)
    assert hash_password("百步亭2024!") != stored  # a fresh salt each time
    assert not check_password("x", "md5$abc") and not check_password("x", "garbage")


def test_verify_password_on_the_row() -> None:
    operator = Operator(username="zhangxy", display_name="张秀英", role="admin")
    assert not operator.verify_password("")  # no password set: nobody gets in
    operator.set_password("correct horse")
    assert operator.verify_password("correct horse") and not operator.verify_password("Correct horse")


def test_bootstrap_authenticate_and_disable(database) -> None:  # type: ignore[no-untyped-def]
    with database.writing() as session:
        first = bootstrap_admin(session, username="zhangxy", display_name="张秀英", password="correct horse")
        assert first.password_hash is not None and "correct horse" not in first.password_hash
        with pytest.raises(Refused):
            bootstrap_admin(session, username="again", display_name="又一个", password="correct horse")
    with database.reading() as session:
        assert authenticate(session, "zhangxy", "correct horse") is not None
        assert authenticate(session, "zhangxy", "wrong horse") is None
        assert authenticate(session, "nobody", "correct horse") is None


def test_passwords_are_changed_by_oneself_or_an_admin_in_scope(database: Database) -> None:
    world = make_world(database)
    station_admin = world.operator("anjuyuan", "S01")
    world.act(lambda ctx: set_password(ctx, station_admin, "安居苑志愿服务站值班室"), station_admin)
    with pytest.raises(Refused) as short:
        world.act(lambda ctx: set_password(ctx, station_admin, "short"))
    assert short.value.key == "operators.password_too_short"
    with world.database.reading() as session:
        assert authenticate(session, "anjuyuan", "安居苑志愿服务站值班室") is not None
    world.act(lambda ctx: disable_operator(ctx, station_admin))
    with world.database.reading() as session:
        assert authenticate(session, "anjuyuan", "安居苑志愿服务站值班室") is None
    with pytest.raises(Refused):
        world.act(lambda ctx: disable_operator(ctx, world.admin_id))

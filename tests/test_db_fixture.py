import sqlalchemy as sa


def test_database_fixture_opens_a_write_transaction(database):
    with database.writing() as session:
        assert session.execute(sa.text("select 1")).scalar() == 1

"""The Alembic migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from marketplace import create_app
from marketplace.extensions import db
from models import Base, PilotCity, SubsidyPolicy


def empty_app(tmp_path, name: str):
    """An app over a database file that does not exist yet (no template, unlike `app`)."""
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / f'{name}.sqlite'}",
            "SEARCH_INDEX_DIR": str(tmp_path / "search"),
        }
    )


def test_init_db_migrates_an_empty_database_to_the_models(tmp_path):
    app = empty_app(tmp_path, "fresh")
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": False})
            differences = compare_metadata(context, Base.metadata)
        assert differences == []
        assert db.session.query(PilotCity).count() == 5
        # the pages only read policies: init-db is where every pilot gets its first one
        current = db.session.query(SubsidyPolicy).filter(SubsidyPolicy.is_current)
        assert current.count() == 5
        db.engine.dispose()


def test_init_db_runs_twice_without_duplicating_pilots(tmp_path):
    app = empty_app(tmp_path, "twice")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["init-db"]).exit_code == 0
    assert runner.invoke(args=["init-db"]).exit_code == 0
    with app.app_context():
        assert db.session.query(PilotCity).count() == 5
        db.engine.dispose()

"""While the database server is out of reach, every page says so, in the user's language,
with a 503: never a 500, never a success. Found by `make faulttest` (PostgreSQL stopped for
a few seconds under load): the 503 page of a signed-in user loaded the user again to draw
the page's header, failed a second time inside the error handler, and became a 500."""

from contextlib import contextmanager

from flask import g
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from marketplace.extensions import db
from models import Need


@contextmanager
def database_down():
    """Every new connection fails as a stopped server's does, and the pool is emptied: the
    next statement of any request needs a new connection."""
    engine = db.engine
    refused = engine.dialect.loaded_dbapi.OperationalError

    def refuse(dialect, connection_record, cargs, cparams):
        raise refused("connection refused: is the server running on that host?")

    db.session.remove()
    engine.dispose()
    event.listen(engine, "do_connect", refuse)
    g.pop("_login_user", None)  # as in a new request: the user is loaded from the database
    try:
        yield
    finally:
        event.remove(engine, "do_connect", refuse)
        db.session.remove()
        engine.dispose()


def test_a_signed_in_page_is_a_503_in_chinese_while_the_database_is_down(client, login, make_user):
    login(make_user("enterprise"))
    with database_down():
        response = client.get("/needs/my-needs")
    assert response.status_code == 503
    assert "服务暂时不可用，您的操作未保存，请稍后重试" in response.get_data(as_text=True)
    g.pop("_login_user", None)
    assert client.get("/needs/my-needs").status_code == 200  # and it serves again after


def test_a_write_while_the_database_is_down_is_a_503_and_saves_nothing(client, login, make_user):
    login(make_user("enterprise"))
    form = {
        "title": "停机期间提交的需求",
        "description": "数据库停机时提交，不应保存。",
        "stages": ["生产管控"],
        "target_level": "2",
    }
    with database_down():
        response = client.post("/needs/new", data=form)
    assert response.status_code == 503
    assert "您的操作未保存" in response.get_data(as_text=True)
    assert db.session.scalar(select(Need).where(Need.title == form["title"])) is None


def test_the_503_page_speaks_english_to_an_english_user(client, login, make_user):
    login(make_user("provider"))
    with client.session_transaction() as session:
        session["locale"] = "en"  # the language switch's choice
    with database_down():
        response = client.get("/quotes/inbox")
    assert response.status_code == 503
    text = response.get_data(as_text=True)
    assert "服务暂时不可用" not in text
    assert "unavailable" in text.lower()


def test_a_change_saved_before_the_database_went_away_is_not_called_unsaved(
    client, login, make_user
):
    """The commit went through, then the server went away while the page after it was
    drawn (the index and the rankings follow a commit for a moment): the user is told the
    change is saved, not 未保存 (they would post it again)."""
    login(make_user("enterprise"))
    form = {
        "title": "提交后数据库才停机的需求",
        "description": "保存成功后数据库停机，页面应说明已保存。",
        "stages": ["生产管控"],
        "target_level": "2",
    }
    engine = db.engine
    refused = engine.dialect.loaded_dbapi.OperationalError

    def refuse(dialect, connection_record, cargs, cparams):
        raise refused("connection refused: is the server running on that host?")

    def go_down(session):
        if not event.contains(engine, "do_connect", refuse):
            event.listen(engine, "do_connect", refuse)
            engine.dispose()

    event.listen(Session, "after_commit", go_down)
    try:
        response = client.post("/needs/new", data=form)
    finally:
        event.remove(Session, "after_commit", go_down)
        if event.contains(engine, "do_connect", refuse):
            event.remove(engine, "do_connect", refuse)
        db.session.remove()
        engine.dispose()
    text = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "您的操作已保存，但页面暂时无法显示，请稍后刷新" in text
    assert "未保存" not in text
    assert db.session.scalar(select(Need).where(Need.title == form["title"])) is not None


def test_a_fault_while_the_database_is_down_still_gets_the_chinese_error_page(
    app, client, login, make_user, monkeypatch
):
    """A fault in a page (not the database's) just as the database goes away: the error
    page's rollback expires the signed-in user, drawing the header would load them again;
    the page is drawn for a visitor instead of failing inside the error handler (gunicorn's
    bare English 500)."""
    from marketplace.services import needs as need_service

    login(make_user("enterprise"))
    engine = db.engine
    refused = engine.dialect.loaded_dbapi.OperationalError

    def refuse(dialect, connection_record, cargs, cparams):
        raise refused("connection refused: is the server running on that host?")

    def broken(*args, **kwargs):
        event.listen(engine, "do_connect", refuse)
        engine.dispose()
        raise RuntimeError("a fault in the middle of the page")

    monkeypatch.setattr(need_service, "enterprise_needs_query", broken)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # as in production
    try:
        response = client.get("/needs/my-needs")
    finally:
        if event.contains(engine, "do_connect", refuse):
            event.remove(engine, "do_connect", refuse)
        db.session.remove()
        engine.dispose()
    assert response.status_code == 500
    assert "服务器开小差了，请稍后再试" in response.get_data(as_text=True)

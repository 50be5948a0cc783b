"""One winner per state change: sessions racing on real threads against the real database
(SQLite here, PostgreSQL under `make test-postgres`, where the loser waits on the row lock).

Each racer has its own request context, so its own session and connection; a barrier lets them
read the same state before any of them writes."""

import threading

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from marketplace import wording
from marketplace.extensions import db
from marketplace.services import projects, quotes
from marketplace.services.accounts import create_staff_user
from marketplace.services.errors import DomainError
from models import Need, Project, Quote, QuoteRequest, User
from tests.conftest import _submit_quote, first_user, pilot


def race(app, moves):
    """Run each `move(session_objects)` in its own thread and session at the same instant;
    returns (winners, messages of the losers)."""
    barrier = threading.Barrier(len(moves))
    outcomes = []
    lock = threading.Lock()

    def run(prepare, act):
        with app.test_request_context():  # a request: the loser's message is in its language
            subject = prepare()  # read while nobody has written yet
            barrier.wait(timeout=30)
            try:
                act(subject)
                db.session.commit()
                outcome = ("won", None)
            except DomainError as error:
                db.session.rollback()
                outcome = ("lost", wording.error(error))
            except Exception as error:  # noqa: BLE001 (reported below, with its type)
                db.session.rollback()
                outcome = ("crashed", repr(error))
            finally:
                db.session.remove()
            with lock:
                outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=move) for move in moves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    winners = [o for o in outcomes if o[0] == "won"]
    losers = [message for kind, message in outcomes if kind == "lost"]
    assert [o for o in outcomes if o[0] == "crashed"] == []
    assert len(outcomes) == len(moves), "a racer neither won nor lost (hung)"
    return winners, losers


def test_two_acceptances_of_one_need_at_once_make_one_project(
    app, make_organisation, make_need, make_quote_request, make_quote
):
    enterprise = make_organisation("enterprise")
    need = make_need(enterprise=enterprise)
    requests = [make_quote_request(need, make_organisation("provider")) for _ in range(2)]
    for request in requests:
        make_quote(request)
    owner_id, request_ids = first_user(enterprise).id, [r.id for r in requests]

    def accept(request_id):
        def prepare():
            request = db.session.get(QuoteRequest, request_id)
            assert request.need.status == "open"
            return request

        return prepare, lambda request: quotes.accept_quote(
            request, db.session.get(User, owner_id), revision=1
        )

    winners, losers = race(app, [accept(i) for i in request_ids])

    assert len(winners) == 1
    assert losers == ["该需求已接受其他报价，本次操作未生效"]
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Project.id))) == 1
    statuses = sorted(db.session.get(QuoteRequest, i).status for i in request_ids)
    assert statuses == ["accepted", "not_selected"]
    assert db.session.get(Need, need.id).status == "awarded"


def test_accepting_the_same_quote_twice_at_once_is_one_acceptance(
    app, make_organisation, make_need, make_quote_request, make_quote
):
    enterprise = make_organisation("enterprise")
    request = make_quote_request(make_need(enterprise=enterprise), make_organisation("provider"))
    make_quote(request)
    owner_id, request_id = first_user(enterprise).id, request.id

    def accept():
        return (
            lambda: db.session.get(QuoteRequest, request_id),
            lambda r: quotes.accept_quote(r, db.session.get(User, owner_id), revision=1),
        )

    winners, losers = race(app, [accept(), accept()])

    assert len(winners) == 1
    assert len(losers) == 1
    assert "本次操作未生效" in losers[0]
    assert db.session.scalar(select(func.count(Project.id))) == 1


def test_two_city_officials_deciding_one_project_give_one_decision(app, make_project):
    project = make_project("district_approved")
    city = pilot("xiamen")
    officials = [
        create_staff_user(
            email=f"city{n}@race.cn", name=f"复核{n}", role="official", password="x" * 8, pilot=city
        ).id
        for n in range(2)
    ]
    db.session.commit()
    project_id = project.id

    def decide(official_id, approve):
        return (
            lambda: db.session.get(Project, project_id),
            lambda p: projects.approve_project_city(
                p, db.session.get(User, official_id), approve=approve, reason="材料不全"
            ),
        )

    winners, losers = race(app, [decide(officials[0], True), decide(officials[1], False)])

    assert len(winners) == 1
    assert len(losers) == 1
    assert "该项目刚刚已由他人处理" in losers[0]
    db.session.expire_all()
    decided = db.session.get(Project, project_id).status
    assert decided in ("in_progress", "returned")
    from marketplace.services.workflow import events_for

    city_moves = [
        e
        for e in events_for(db.session.get(Project, project_id))
        if e.from_state == "district_approved"
    ]
    assert [e.to_state for e in city_moves] == [decided]


def test_twenty_providers_answering_one_need_at_once_lose_no_quote(
    app, make_organisation, make_need, make_quote_request
):
    need = make_need()
    request_ids = [make_quote_request(need, make_organisation("provider")).id for _ in range(20)]

    def answer(request_id):
        # more racers than the pool has connections: each takes one only once released
        return lambda: request_id, lambda i: _submit_quote(db.session.get(QuoteRequest, i))

    winners, losers = race(app, [answer(i) for i in request_ids])

    assert (len(winners), losers) == (20, [])
    db.session.expire_all()
    answered = db.session.scalars(
        select(QuoteRequest.status).where(QuoteRequest.id.in_(request_ids))
    ).all()
    assert answered == ["quoted"] * 20
    assert db.session.scalar(select(func.count(Quote.id))) == 20


def test_the_database_itself_refuses_a_second_accepted_request_for_one_need(
    app, make_organisation, make_need, make_quote_request
):
    """Behind the services: a script or a future bug writing the rows directly still cannot
    give one need two accepted quotes."""
    need = make_need()
    first, second = (make_quote_request(need, make_organisation("provider")) for _ in range(2))
    accepted = update(QuoteRequest).values(status="accepted")
    db.session.execute(accepted.where(QuoteRequest.id == first.id))
    with pytest.raises(IntegrityError):
        db.session.execute(accepted.where(QuoteRequest.id == second.id))
    db.session.rollback()


def test_a_lost_race_reaching_a_page_is_a_clear_message_not_a_500(app, client):
    """A view that commits on its own and loses (a unique key, an UPDATE that matched no
    row) answers 409 with the message, in the user's language."""

    @app.get("/_race_lost_at_commit")
    def lost():
        raise IntegrityError("INSERT …", {}, Exception("duplicate key"))

    response = client.get("/_race_lost_at_commit")
    assert response.status_code == 409
    assert "这项内容刚刚已被他人修改，本次操作未保存" in response.get_data(as_text=True)

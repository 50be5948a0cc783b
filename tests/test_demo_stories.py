"""The demo tells true stories: every project's need, product, provider and texts belong
together, and its dates follow one timeline. One seeded database serves the module."""

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from marketplace import create_app
from marketplace.demo.seed import LOCAL_TZ, seed_demo_data
from marketplace.extensions import db
from models import Event, Message, Project, QuoteRequest

LOAD_DAY = datetime.now(LOCAL_TZ).date()
CHINESE_NUMBERS = "一二两三四五六七八九十"
# any "运行N个月" (or 周, 天), in digits or in words: each one must match the dates
RUNNING = re.compile(rf"运行([0-9{CHINESE_NUMBERS}]+)(个月|周|天)")
GO_LIVE = re.compile(r"于(\d{4})年(\d{1,2})月(\d{1,2})日上线，已运行(\d+)(个月|周|天)")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stories")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'demo.sqlite'}",
            "SEARCH_INDEX_DIR": str(folder / "search"),
            "SEARCH_AUTO_INDEX": False,
        }
    )
    with app.app_context():
        db.create_all()
        seed_demo_data(today=LOAD_DAY)
        db.session.commit()
        yield db.session.scalars(select(Project).order_by(Project.id)).all()
        db.session.remove()


def local_day(moment: datetime) -> date:
    if moment.tzinfo is None:  # SQLite gives back naive UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_TZ).date()


def months_between(start: date, end: date) -> int:
    """Whole calendar months from start to end (5 March → 4 April is 0, → 5 April is 1)."""
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def texts_of(project: Project) -> list[str]:
    texts = [project.plan or "", project.self_evaluation or ""]
    texts += [r.content for r in project.progress_reports]
    texts += [c.findings for c in project.spot_checks]
    for assessment in project.assessments:
        texts.append(assessment.summary or "")
        texts += [str(v.get("finding", "")) for v in (assessment.dimensions or {}).values()]
    texts += db.session.scalars(
        select(Message.body).where(
            Message.thread_type == "projects", Message.thread_id == project.id
        )
    ).all()
    return texts


def test_every_quote_offers_a_product_for_the_needs_stage(seeded):
    for request in db.session.scalars(select(QuoteRequest)):
        if request.need.stages:
            assert set(request.need.stages) & set(request.product.stages), (
                request.need.title,
                request.product.name,
            )


def test_each_project_is_the_need_product_and_provider_of_its_accepted_quote(seeded):
    for project in seeded:
        request = project.quote_request
        assert request.status == "accepted"
        assert project.need_id == request.need_id
        assert project.enterprise_id == request.need.enterprise_id
        assert project.provider_id == request.provider_id == request.product.provider_id
        assert request.need.stages, project.title  # the owner said which stage it is about
        assert set(request.need.stages) & set(request.product.stages), project.title
        for report in project.progress_reports:
            assert report.author.organisation_id == project.provider_id
        if project.filed_at is not None:  # a draft's plan is the quote's note until filed
            assert request.product.name in project.plan
            assert project.need.title in project.plan


def test_project_dates_follow_one_timeline(seeded):
    filed = [p for p in seeded if p.filed_at is not None]
    assert len(filed) >= 15
    for project in filed:
        filed_on = local_day(project.filed_at)
        assert project.contract_signed_on <= filed_on < project.start_on < project.end_on
        if project.approved_at is not None:
            assert local_day(project.approved_at) < project.start_on
        milestones = sorted(project.milestones, key=lambda m: m.due_on)
        dues = [m.due_on for m in milestones]
        assert dues == sorted(set(dues)), project.title  # in order, none on the same day
        if milestones:
            assert project.start_on < dues[0]
            assert dues[-1] <= project.end_on
        done = [m.done_on for m in milestones if m.done_on]
        assert done == sorted(set(done))
        assert all(project.start_on < d <= LOAD_DAY for d in done)
        for report in project.progress_reports:
            assert local_day(report.created_at) >= project.start_on
        for check in project.spot_checks:
            assert project.start_on <= check.checked_on <= LOAD_DAY
        times = db.session.scalars(
            select(Event.at)
            .where(Event.subject_type == "projects", Event.subject_id == project.id)
            .order_by(Event.id)
        ).all()
        assert times == sorted(times), project.title


def test_acceptance_is_requested_only_after_every_milestone_is_done(seeded):
    requested = [p for p in seeded if p.acceptance_requested_at is not None]
    assert len(requested) >= 10
    for project in requested:
        asked_on = local_day(project.acceptance_requested_at)
        assert len(project.milestones) >= 3
        for milestone in project.milestones:
            assert milestone.done_on is not None, (project.title, milestone.title)
            assert milestone.done_on < asked_on
        assert project.end_on < asked_on


def test_how_long_a_system_has_run_matches_the_dates(seeded):
    said = 0
    for project in seeded:
        for text in texts_of(project):
            stated = GO_LIVE.findall(text)
            # every "运行…" is one with its go-live date, so it can be checked
            assert len(RUNNING.findall(text)) == len(stated), text
            for year, month, day, number, unit in stated:
                live = date(int(year), int(month), int(day))
                assert live in {m.done_on for m in project.milestones}, text
                asked_on = local_day(project.acceptance_requested_at)
                days, months = (asked_on - live).days, months_between(live, asked_on)
                if unit == "个月":
                    assert int(number) == months >= 1, text
                elif unit == "周":
                    assert months == 0, text
                    assert int(number) == days // 7 >= 1, text
                else:
                    assert days < 7, text
                    assert int(number) == days, text
                said += 1
    assert said >= 10  # every self-evaluation says it


def test_months_between_counts_whole_months():
    assert months_between(date(2025, 3, 5), date(2025, 4, 4)) == 0
    assert months_between(date(2025, 3, 5), date(2025, 4, 5)) == 1
    assert months_between(date(2025, 1, 31), date(2025, 3, 1)) == 1
    assert months_between(date(2025, 11, 20), date(2026, 2, 19)) == 2


def test_demo_threads_are_written_by_their_members_in_order_and_name_their_story(seeded):
    from marketplace.services.messages import may_take_part, thread_of

    messages = db.session.scalars(select(Message).order_by(Message.id)).all()
    threads = {(m.thread_type, m.thread_id) for m in messages}
    assert {t for t, _ in threads} == {"quote_requests", "projects"}
    assert len(threads) >= 8
    load_start = datetime.combine(LOAD_DAY, datetime.min.time(), tzinfo=LOCAL_TZ)
    officials_wrote = False
    for thread_type, thread_id in threads:
        subject = thread_of(thread_type, thread_id)
        request = subject if thread_type == "quote_requests" else subject.quote_request
        own = [m for m in messages if (m.thread_type, m.thread_id) == (thread_type, thread_id)]
        assert [m.created_at for m in own] == sorted(m.created_at for m in own)
        assert own[0].created_at.replace(tzinfo=UTC) > subject.created_at.replace(tzinfo=UTC)
        assert own[-1].created_at.replace(tzinfo=UTC) < load_start
        assert any(request.product.name in m.body for m in own) or thread_type == "projects"
        for message in own:
            assert may_take_part(subject, message.author), message.body
            officials_wrote |= message.author.role == "official"
            if thread_type == "projects":
                named = re.findall(r"“([^”]+)”", message.body)
                titles = {m.title for m in subject.milestones}
                assert set(named) <= titles, message.body
    assert officials_wrote

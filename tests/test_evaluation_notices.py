"""The performance evaluation beyond its steps: the command line that computes a draft, the
provider told of its result, the result page in English."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import evaluation as svc
from marketplace.services.workflow import events_for
from models import EvaluationPeriod
from tests.conftest import first_user
from tests.test_evaluation import current_quarter, publish_this_quarter


@pytest.fixture
def published(app, make_organisation, reviewer):
    return publish_this_quarter(make_organisation, reviewer)


def test_the_command_line_computes_a_draft(app, runner, make_organisation):
    provider = make_organisation("provider")
    result = runner.invoke(
        args=["evaluation", "compute", "--city", "xiamen", "--period", current_quarter()]
    )
    assert result.exit_code == 0, result.output
    assert f"80.00  合格  {provider.name}" in result.output  # no records: 80, 合格
    period = db.session.scalar(select(EvaluationPeriod))
    assert period.status == "draft"
    assert events_for(period)[0].actor_id is None  # the system, not a person
    again = runner.invoke(
        args=["evaluation", "compute", "--city", "xiamen", "--period", current_quarter()]
    )
    assert again.exit_code == 0
    bad = runner.invoke(args=["evaluation", "compute", "--city", "xiamen", "--period", "2026Q7"])
    assert bad.exit_code == 1
    assert "期间格式应为年份加季度" in bad.output


def test_the_provider_is_told_when_its_result_is_published_and_final(app, client, login, published):
    from models import Notification

    period, mine, _other, official = published
    user = first_user(mine.provider)
    told = db.session.scalars(select(Notification).where(Notification.user_id == user.id)).all()
    assert [n.kind for n in told if n.kind.startswith("evaluation")] == ["evaluation_published"]
    login(user)
    inbox = client.get("/notifications/").get_data(as_text=True)
    assert f"厦门 {period.code} 绩效评价结果已发布" in inbox
    note = next(n for n in told if n.kind == "evaluation_published")
    opened = client.get(f"/notifications/{note.id}/open")
    assert opened.headers["Location"].endswith(f"/evaluation/results/{mine.id}")
    svc.finalise_period(period, official, today=period.appeal_until + timedelta(days=1))
    kinds = db.session.scalars(
        select(Notification.kind).where(Notification.user_id == user.id)
    ).all()
    assert "evaluation_final" in kinds


def test_the_result_page_reads_in_english(app, client, login, published):
    from tests.test_i18n import switch_language

    _period, mine, _other, _official = published
    login(first_user(mine.provider))
    switch_language(client, "en")
    page = client.get(f"/evaluation/results/{mine.id}").get_data(as_text=True)
    assert "Quote response rate" in page
    assert "No records" in page
    assert "Qualified" in page
    assert "Appeal" in page

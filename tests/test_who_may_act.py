"""Who may make a move: each name the transition tables use, against every kind of actor,
with the answers written out by hand."""

import pytest

from marketplace.extensions import db
from marketplace.services.assessments import create_assessor_user
from marketplace.services.errors import NotAllowed
from marketplace.services.quotes import accept_quote
from models import Project
from models.access import Who, may
from tests.conftest import pilot

ACTORS = (
    "owner",
    "other_enterprise",
    "provider",
    "other_provider",
    "district_official",
    "other_district_official",
    "city_official",
    "other_city_official",
    "admin",
    "assessor",  # the assessment agency assigned to the project
    "other_assessor",
)

EXPECTED = {
    Who.OWNER: {"owner"},
    Who.COUNTERPARTY: {"provider"},
    Who.PARTY: {"provider"},
    Who.DISTRICT: {"district_official"},
    Who.CITY: {"city_official", "admin"},
    Who.SUPERVISOR: {"district_official", "city_official", "admin"},
    Who.ASSESSOR: {"assessor"},
}


@pytest.fixture
def world(app, make_user, make_organisation):
    """A 厦门 project in the city's first district, and one actor of each kind."""
    city = pilot("xiamen")
    home, other = city.districts[0], city.districts[1]
    enterprise = make_organisation("enterprise")
    provider = make_organisation("provider")
    project = Project(
        enterprise=enterprise,
        pilot_id=city.id,
        district_id=home.id,
        provider=provider,
        title="贴片车间质量追溯",
    )
    db.session.add(project)
    db.session.commit()
    actors = {
        "owner": make_user("enterprise", organisation=enterprise),
        "other_enterprise": make_user("enterprise"),
        "provider": make_user("provider", organisation=provider),
        "other_provider": make_user("provider"),
        "district_official": make_user("official", "xiamen", district=home),
        "other_district_official": make_user("official", "xiamen", district=other),
        "city_official": make_user("official", "xiamen"),
        "other_city_official": make_user("official", "fuzhou"),
        "admin": make_user("admin"),
        "assessor": agency_user("assessor.a@example.cn", "甲评估机构"),
        "other_assessor": agency_user("assessor.b@example.cn", "乙评估机构"),
    }
    project.assessor = actors["assessor"].organisation
    db.session.commit()
    return project, actors


def agency_user(email: str, agency: str):
    return create_assessor_user(
        email=email,
        name=agency,
        password="password123",
        pilot=pilot("xiamen"),
        organisation_name=agency,
    )


@pytest.mark.parametrize("who", list(EXPECTED), ids=str)
def test_each_name_in_the_tables_means_exactly_these_actors(world, who):
    project, actors = world
    allowed = {name for name in ACTORS if may(actors[name], project, who)}
    assert allowed == EXPECTED[who]


def test_provider_vetting_follows_the_seat_of_the_provider(world):
    project, actors = world
    provider = project.provider  # seated in the first district, like the project
    allowed = {name for name in ACTORS if may(actors[name], provider, Who.VETTER)}
    assert allowed == {"district_official", "city_official", "admin"}


def test_a_provider_cannot_accept_its_own_quote(
    app, make_user, make_need, make_organisation, make_quote_request, make_quote
):
    provider = make_organisation("provider")
    request = make_quote_request(make_need(), provider)
    make_quote(request)
    with pytest.raises(NotAllowed):
        accept_quote(
            request, make_user("provider", organisation=provider), revision=request.quote.revision
        )
    assert request.status == "quoted"

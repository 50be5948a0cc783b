"""An official's token reads its own city (district) only: others' objects are absent and 404."""

import pytest
from flask_babel import refresh
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services.workflow import change_state
from models import Project


@pytest.fixture
def two_cities(make_organisation, make_need, make_quote_request, make_quote):
    """A need with a quoted request in 厦门 and another in 福州."""
    world = {}
    for code in ("xiamen", "fuzhou"):
        enterprise = make_organisation("enterprise", code)
        provider = make_organisation("provider", code)
        need = make_need(enterprise=enterprise, title=f"{code} 车间改造")
        request = make_quote_request(need, provider)
        make_quote(request)
        project = Project(
            enterprise_id=enterprise.id,
            pilot_id=enterprise.pilot_id,
            district_id=enterprise.district_id,
            need_id=need.id,
            provider_id=provider.id,
            title=f"{code} 改造项目",
        )
        db.session.add(project)
        db.session.commit()
        world[code] = {
            "enterprise": enterprise,
            "need": need,
            "request": request,
            "project": project,
        }
    return world


def ids(response) -> set[int]:
    assert response.status_code == 200, response.json
    return {item["id"] for item in response.json["items"]}


def test_xiamen_token_never_lists_fuzhou_objects(client, make_user, api_headers, two_cities):
    headers = api_headers(make_user("official", "xiamen"))
    xm, fz = two_cities["xiamen"], two_cities["fuzhou"]

    assert ids(client.get("/api/v1/enterprises", headers=headers)) == {xm["enterprise"].id}
    assert ids(client.get("/api/v1/needs", headers=headers)) == {xm["need"].id}
    assert ids(client.get("/api/v1/quote-requests", headers=headers)) == {xm["request"].id}
    assert ids(client.get("/api/v1/projects", headers=headers)) == {xm["project"].id}
    # filtering on a foreign id does not reach across the border either
    query = f"/api/v1/needs?enterprise_id={fz['enterprise'].id}"
    assert client.get(query, headers=headers).json["total"] == 0


def test_xiamen_token_gets_404_on_fuzhou_details(client, make_user, api_headers, two_cities):
    headers = api_headers(make_user("official", "xiamen"))
    fz = two_cities["fuzhou"]

    for path in (
        f"/api/v1/enterprises/{fz['enterprise'].id}",
        f"/api/v1/needs/{fz['need'].id}",
        f"/api/v1/projects/{fz['project'].id}",
        f"/api/v1/events?subject_type=needs&subject_id={fz['need'].id}",
        f"/api/v1/events?subject_type=organisations&subject_id={fz['enterprise'].id}",
        f"/api/v1/events?subject_type=quote_requests&subject_id={fz['request'].id}",
    ):
        response = client.get(path, headers=headers)
        assert response.status_code == 404, path
        assert response.json["status"] == 404


def test_need_detail_shows_its_quote_requests(client, make_user, api_headers, two_cities):
    headers = api_headers(make_user("official", "xiamen"))
    xm = two_cities["xiamen"]

    response = client.get(f"/api/v1/needs/{xm['need'].id}", headers=headers)

    assert response.status_code == 200
    body = response.json
    assert body["title"] == "xiamen 车间改造"
    assert body["stages"] == ["生产管控"]
    [request] = body["quote_requests"]
    assert request["id"] == xm["request"].id
    assert request["status"] == "quoted"
    assert request["provider"]["id"] == xm["request"].provider_id
    assert request["quote"]["total"] == 50000.0  # 1 × 40000 + 5 × 2000


def test_events_list_the_state_changes_of_a_subject(client, make_user, api_headers, two_cities):
    official = make_user("official", "xiamen")
    need = two_cities["xiamen"]["need"]
    owner = make_user("enterprise", organisation=need.enterprise)
    change_state(need, "closed", owner, "企业已自行解决")
    db.session.commit()

    response = client.get(
        f"/api/v1/events?subject_type=needs&subject_id={need.id}", headers=api_headers(official)
    )

    assert response.status_code == 200
    moves = [(e["from_state"], e["to_state"]) for e in response.json["items"]]
    assert moves == [(None, "open"), ("open", "closed")]
    assert response.json["items"][1]["actor"]["id"] == owner.id
    assert response.json["items"][1]["reason"] == "企业已自行解决"


@pytest.mark.parametrize(
    "query", ["", "?subject_type=needs", "?subject_type=bogus&subject_id=1", "?subject_id=1"]
)
def test_events_need_a_known_subject(client, make_user, api_headers, query):
    headers = api_headers(make_user("official"))
    assert client.get(f"/api/v1/events{query}", headers=headers).status_code == 400


def test_district_official_sees_only_its_district(
    client, make_user, make_organisation, make_need, api_headers
):
    ours, theirs = make_organisation("enterprise"), make_organisation("enterprise")
    district, other_district = ours.pilot.districts[0], ours.pilot.districts[1]
    theirs.district = other_district
    db.session.commit()
    our_need, their_need = make_need(enterprise=ours), make_need(enterprise=theirs)
    headers = api_headers(make_user("official", "xiamen", district=district))

    assert ids(client.get("/api/v1/needs", headers=headers)) == {our_need.id}
    assert ids(client.get("/api/v1/enterprises", headers=headers)) == {ours.id}
    assert client.get(f"/api/v1/needs/{their_need.id}", headers=headers).status_code == 404


def test_admin_token_sees_every_city(client, make_user, api_headers, two_cities):
    headers = api_headers(make_user("admin"))
    expected = {two_cities[c]["need"].id for c in two_cities}
    assert ids(client.get("/api/v1/needs", headers=headers)) == expected


def test_supervision_filters(client, make_user, make_organisation, make_need, api_headers):
    city = make_organisation("enterprise").pilot
    other_industry = make_organisation("enterprise", sub_industry=city.sub_industries[1])
    open_need = make_need(stages=("质量管理",))
    closed_need = make_need(enterprise=other_industry)
    closed_need.status = "closed"
    db.session.commit()
    headers = api_headers(make_user("official"))

    def need_ids(query):
        return ids(client.get(f"/api/v1/needs?{query}", headers=headers))

    assert need_ids("status=open") == {open_need.id}
    assert need_ids("status=closed") == {closed_need.id}
    assert need_ids("stage=质量管理") == {open_need.id}
    assert need_ids(f"sub_industry_id={city.sub_industries[1].id}") == {closed_need.id}
    assert need_ids("created_since=2000-01-01") == {open_need.id, closed_need.id}
    assert client.get("/api/v1/needs?status=lost", headers=headers).status_code == 400
    assert client.get("/api/v1/needs?created_since=yesterday", headers=headers).status_code == 400


def test_events_carry_the_system_reason_as_a_code_and_in_the_asked_language(
    client, make_user, api_headers, accepted_quote
):
    request = accepted_quote()
    official = make_user("official", "xiamen")
    project_id = db.session.scalar(select(Project.id).where(Project.quote_request_id == request.id))
    url = f"/api/v1/events?subject_type=projects&subject_id={project_id}"

    created = client.get(url, headers=api_headers(official)).json["items"][0]
    refresh()  # the test's app context outlives requests: forget the cached language
    english = client.get(url + "&lang=en", headers=api_headers(official)).json["items"][0]

    assert created["reason_code"] == "project_created_from_quote"
    assert created["reason_text"] == "由已中选报价生成"
    assert english["reason_text"] == "Created from the accepted quote"

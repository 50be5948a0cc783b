"""One jurisdiction rule everywhere: what a district official sees and vets, written out by
hand for the cases that matter (the API list, the supervision pages and the review queue
must agree)."""

import pytest

from marketplace.extensions import db
from marketplace.services.errors import NotAllowed
from marketplace.services.review import review
from models import Need, Organisation, Product, User
from tests.conftest import pilot


@pytest.fixture
def xiamen(app):
    """Two districts of 厦门 and a district official of the first."""
    city = pilot("xiamen")
    return {"city": city, "home": city.districts[0], "other": city.districts[1]}


def move(org: Organisation, district) -> Organisation:
    org.district = district
    db.session.commit()
    return org


def district_official(make_user, xiamen) -> User:
    return make_user("official", "xiamen", district=xiamen["home"])


def test_district_official_sees_only_needs_of_own_district_in_api_and_pages(
    client, login, make_user, make_organisation, make_need, api_headers, xiamen
):
    own = make_need(enterprise=move(make_organisation(), xiamen["home"]))
    elsewhere = make_need(enterprise=move(make_organisation(), xiamen["other"]))
    no_district = make_need(enterprise=move(make_organisation(), None))
    official = district_official(make_user, xiamen)

    listed = client.get("/api/v1/needs?per_page=100", headers=api_headers(official))
    assert {item["id"] for item in listed.json["items"]} == {own.id}

    login(official)
    assert client.get(f"/supervision/needs/{own.id}").status_code == 200
    assert client.get(f"/supervision/needs/{elsewhere.id}").status_code == 404
    assert client.get(f"/supervision/needs/{no_district.id}").status_code == 404
    assert (
        client.get(f"/api/v1/needs/{no_district.id}", headers=api_headers(official)).status_code
        == 404
    )


def test_city_official_sees_needs_of_every_district_and_none_of_another_city(
    make_user, make_organisation, make_need, xiamen
):
    inside = [
        make_need(enterprise=move(make_organisation(), district))
        for district in (xiamen["home"], xiamen["other"], None)
    ]
    fuzhou = make_need(enterprise=make_organisation(pilot_code="fuzhou"))
    official = make_user("official", "xiamen")

    visible = set(db.session.scalars(db.select(Need.id).where(Need.visible_to(official))))
    assert visible == {need.id for need in inside}
    assert not fuzhou.can_view(official)


def test_district_official_vets_only_providers_seated_in_the_district(
    client, login, make_user, make_organisation, xiamen
):
    own = move(make_organisation("provider", status="pending"), xiamen["home"])
    other = move(make_organisation("provider", status="pending"), xiamen["other"])
    official = district_official(make_user, xiamen)
    login(official)

    queue = client.get("/supervision/review-queue").get_data(as_text=True)
    assert own.name in queue
    assert other.name not in queue

    client.post(f"/supervision/providers/{other.id}/approve")
    client.post(f"/supervision/providers/{own.id}/approve")
    assert db.session.get(Organisation, other.id).status == "pending"
    assert db.session.get(Organisation, own.id).status == "approved"


def test_district_official_cannot_suspend_a_product_of_another_district(
    make_user, make_product, make_organisation, xiamen
):
    product = make_product(provider=move(make_organisation("provider"), xiamen["other"]))
    official = district_official(make_user, xiamen)

    with pytest.raises(NotAllowed):
        review(product, "suspend", official, "资质存疑")
    assert db.session.get(Product, product.id).status == "approved"


def test_city_level_vetting_lets_district_officials_vet_the_whole_city(
    make_user, make_organisation, xiamen
):
    xiamen["city"].is_provider_vetting_city_level = True
    other = move(make_organisation("provider", status="pending"), xiamen["other"])
    official = district_official(make_user, xiamen)

    review(other, "approve", official)
    assert other.status == "approved"


def test_no_official_vets_providers_of_another_city(app, make_user, make_organisation):
    fuzhou_provider = make_organisation("provider", "fuzhou", status="pending")
    with pytest.raises(NotAllowed):
        review(fuzhou_provider, "approve", make_user("official", "xiamen"))


def test_pending_product_is_hidden_from_other_providers_and_visitors(
    make_user, make_product, xiamen
):
    product = make_product(status="pending")
    owner = make_user("provider", organisation=product.provider)
    rival = make_user("provider")
    city_official = make_user("official", "xiamen")
    fuzhou_official = make_user("official", "fuzhou")

    assert product.can_view(owner)
    assert product.can_view(city_official)
    assert not product.can_view(rival)
    assert not product.can_view(fuzhou_official)


def test_provider_sees_closed_need_only_when_it_was_asked_to_quote(
    app, make_user, make_need, make_quote_request, make_organisation
):
    asked, other = make_organisation("provider"), make_organisation("provider")
    need = make_need()
    make_quote_request(need, asked)
    need.status = "closed"
    db.session.commit()

    assert need.can_view(make_user("provider", organisation=asked))
    assert not need.can_view(make_user("provider", organisation=other))

"""Ratings of providers: once per project and provider, only after acceptance and only by the
project's enterprise, one public reply; shown on the provider and product pages and in the
API; and they move a provider in the matcher's ranking, shrunk toward the midpoint so that
one review cannot dominate."""

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.services.matching import match_reasons, rank_products_for_need
from models import ProviderRating
from tests.conftest import first_user

GOOD = {"quality": "5", "timeliness": "4", "responsiveness": "5", "value": "4"}


def _rate(client, project, provider_id, scores=GOOD, comment="按期上线，响应及时"):
    data = {"provider_id": str(provider_id), "comment": comment, **scores}
    return client.post(f"/ratings/projects/{project.id}", data=data, follow_redirects=True)


def _count():
    return db.session.scalar(select(func.count(ProviderRating.id)))


def test_enterprise_rates_each_provider_of_a_passed_project_once(app, client, login, make_project):
    project = make_project("passed")
    login(first_user(project.enterprise))
    page = _rate(client, project, project.provider_id).get_data(as_text=True)
    assert "评价已提交" in page
    rating = db.session.scalar(select(ProviderRating))
    assert (rating.quality, rating.timeliness, rating.responsiveness, rating.value) == (5, 4, 5, 4)
    assert rating.average == 4.5

    again = _rate(client, project, project.provider_id, comment="再评一次").get_data(as_text=True)
    assert "每个项目每家服务商只能评价一次" in again
    assert _count() == 1


def test_paid_project_can_be_rated_too(app, client, login, make_project):
    project = make_project("paid")
    login(first_user(project.enterprise))
    assert "评价已提交" in _rate(client, project, project.provider_id).get_data(as_text=True)
    assert _count() == 1


def test_no_rating_before_acceptance(app, client, login, make_project):
    project = make_project("acceptance_requested")
    login(first_user(project.enterprise))
    page = _rate(client, project, project.provider_id).get_data(as_text=True)
    assert "项目验收通过后才能评价服务商" in page
    assert _count() == 0


def test_only_the_projects_enterprise_rates(app, client, login, make_project, make_user):
    project = make_project("passed")
    login(make_user("enterprise"))  # another enterprise of the same city
    assert _rate(client, project, project.provider_id).status_code == 404
    login(first_user(project.provider))
    assert _rate(client, project, project.provider_id).status_code == 403
    assert _count() == 0


def test_only_the_projects_providers_and_scores_from_one_to_five(
    app, client, login, make_project, make_organisation
):
    project = make_project("passed")
    stranger = make_organisation("provider")
    login(first_user(project.enterprise))
    assert "只能评价本项目的服务商" in _rate(client, project, stranger.id).get_data(as_text=True)
    for bad in ("6", "0", "x"):
        page = _rate(client, project, project.provider_id, GOOD | {"value": bad})
        assert "每项评分须为1到5分" in page.get_data(as_text=True)
    assert _count() == 0


def test_provider_replies_publicly_once(app, client, login, make_project, make_user):
    project = make_project("passed")
    login(first_user(project.enterprise))
    _rate(client, project, project.provider_id, comment="数据采集稳定")
    rating = db.session.scalar(select(ProviderRating))

    login(make_user("provider"))  # another provider may not answer for it
    page = client.post(f"/ratings/{rating.id}/reply", data={"reply": "谢谢"}, follow_redirects=True)
    assert "只有被评价的服务商可以回复" in page.get_data(as_text=True)

    login(first_user(project.provider))
    page = client.post(
        f"/ratings/{rating.id}/reply",
        data={"reply": "感谢认可，后续持续运维"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "回复已公开" in page
    again = client.post(
        f"/ratings/{rating.id}/reply", data={"reply": "再次回复"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "每条评价只能回复一次" in again
    db.session.refresh(rating)
    assert rating.reply == "感谢认可，后续持续运维"

    with client.session_transaction() as session:
        session.clear()
    public = client.get(f"/ratings/providers/{project.provider_id}").get_data(as_text=True)
    assert "数据采集稳定" in public
    assert "感谢认可，后续持续运维" in public


def test_ratings_show_on_the_product_page_and_in_the_api(
    app, client, login, make_project, make_product
):
    project = make_project("passed")
    product = make_product(provider=project.provider)
    # a visitor's product page, kept before the rating (marketplace/page_cache.py)
    assert "部署顺利" not in client.get(f"/catalog/products/{product.id}").get_data(as_text=True)
    login(first_user(project.enterprise))
    _rate(client, project, project.provider_id, comment="部署顺利")
    with client.session_transaction() as session:
        session.clear()

    page = client.get(f"/catalog/products/{product.id}").get_data(as_text=True)
    assert "4.5" in page
    assert "部署顺利" in page
    assert "1 条评价" in page

    body = client.get(f"/api/v1/providers/{project.provider_id}/ratings").get_json()
    assert body["count"] == 1
    assert body["average"] == 4.5
    assert body["shrunk_average"] == round((5 * 3 + 4.5) / 6, 2)  # 3.25
    assert body["aspects"] == {"quality": 5, "timeliness": 4, "responsiveness": 5, "value": 4}
    assert body["recent"][0]["comment"] == "部署顺利"
    assert body["recent"][0]["reply"] is None


MES = {
    "name": "离散制造MES",
    "summary": "工单派工、报工和质量追溯",
    "description": "车间工单下达、扫码报工、工序质检记录与追溯。",
    "stages": ("生产管控",),
}
NEED = {"title": "车间报工靠纸质", "description": "想用扫码报工和工单派工", "stages": ("生产管控",)}


def _ratings(provider, drafts, *scores):
    """Rating rows on drafts of other projects (one each), so that nothing but the ratings
    tells the providers apart: no quote requests, the same product."""
    for draft, value in zip(drafts, scores, strict=False):
        db.session.add(
            ProviderRating(
                project_id=draft.id,
                provider_id=provider.id,
                enterprise_id=draft.enterprise_id,
                **dict.fromkeys(("quality", "timeliness", "responsiveness", "value"), value),
            )
        )
    db.session.commit()


def _order(need, providers):
    wanted = {p.id for p in providers}
    return [m for m in rank_products_for_need(need) if m.product.provider_id in wanted]


def test_identical_products_without_ratings_keep_the_engines_order(
    app, make_organisation, make_product, make_need
):
    """The control for the two tests below: the first product made comes first."""
    first, second = (make_organisation("provider") for _ in range(2))
    for provider in (first, second):
        make_product(provider=provider, **MES)
    matches = _order(make_need(**NEED), (first, second))
    assert [m.product.provider_id for m in matches] == [first.id, second.id]


def test_several_good_ratings_outrank_a_single_five_star_one(
    app, make_organisation, make_product, make_need, make_project
):
    """many: four ratings of 4.5 → (5·3 + 18) / 9 = 3.67; single: one 5 → (15 + 5) / 6 = 3.33.
    The single one's product is made first, so only the ratings can put `many` above it."""
    single, many = (make_organisation("provider") for _ in range(2))
    for provider in (single, many):
        make_product(provider=provider, **MES)
    drafts = [make_project("draft") for _ in range(4)]
    _ratings(many, drafts, 4, 5, 4, 5)
    _ratings(single, drafts, 5)

    matches = _order(make_need(**NEED), (single, many))
    assert [m.product.provider_id for m in matches] == [many.id, single.id]
    assert [m.provider_record.rating_average for m in matches] == [3.67, 3.33]
    assert ("provider_rating", {"count": 4, "average": 3.67}) in match_reasons(matches[0])


def test_a_bad_rating_puts_a_provider_below_an_unrated_one(
    app, make_organisation, make_product, make_need, make_project
):
    """bad: one rating of 1 → (15 + 1) / 6 = 2.67, below an unrated provider's 3."""
    bad, unrated = (make_organisation("provider") for _ in range(2))
    for provider in (bad, unrated):
        make_product(provider=provider, **MES)
    _ratings(bad, [make_project("draft")], 1)

    matches = _order(make_need(**NEED), (bad, unrated))
    assert [m.product.provider_id for m in matches] == [unrated.id, bad.id]
    assert [m.provider_record.rating_average for m in matches] == [None, 2.67]

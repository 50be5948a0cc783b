"""An official sees only their city, a district official only their district; admins all."""

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import supervision as sv
from models import PilotCity


def city(code):
    return db.session.scalar(select(PilotCity).where(PilotCity.code == code))


def test_xiamen_official_gets_404_for_fuzhou_objects(
    client, login, make_user, make_organisation, make_product, make_need
):
    fuzhou_provider = make_organisation("provider", "fuzhou")
    fuzhou_product = make_product(provider=fuzhou_provider)
    fuzhou_need = make_need(enterprise=make_organisation("enterprise", "fuzhou"))
    login(make_user("official", "xiamen"))
    for url in (
        f"/supervision/products/{fuzhou_product.id}",
        f"/supervision/providers/{fuzhou_provider.id}",
        f"/supervision/needs/{fuzhou_need.id}",
        f"/supervision/enterprises/{fuzhou_need.enterprise_id}",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            f"/supervision/products/{fuzhou_product.id}/suspend", data={"reason": "越权"}
        ).status_code
        == 404
    )
    assert fuzhou_product.status == "approved"


def test_xiamen_lists_and_counts_leave_out_fuzhou(
    client, login, make_user, make_organisation, make_product, make_need
):
    make_product(
        provider=make_organisation("provider", "fuzhou", name="榕城智造科技"), name="福州专属MES"
    )
    make_need(
        enterprise=make_organisation("enterprise", "fuzhou", name="闽江电机厂"),
        title="福州电机车间改造",
    )
    make_product(
        provider=make_organisation("provider", "xiamen", name="鹭岛数科"), name="厦门质量追溯平台"
    )
    make_need(
        enterprise=make_organisation("enterprise", "xiamen", name="鹭江电子"),
        title="厦门贴片车间改造",
    )
    login(make_user("official", "xiamen"))
    pages = {
        "/supervision/products": ("厦门质量追溯平台", "福州专属MES"),
        "/supervision/providers": ("鹭岛数科", "榕城智造科技"),
        "/supervision/needs": ("厦门贴片车间改造", "福州电机车间改造"),
        "/supervision/enterprises": ("鹭江电子", "闽江电机厂"),
    }
    for url, (mine, theirs) in pages.items():
        html = client.get(url).get_data(as_text=True)
        assert mine in html, url
        assert theirs not in html, url
    activity = sv.activity(sv.Scope(sv.Jurisdiction(city("xiamen").id)))
    assert activity.totals["needs"] == 1


def test_provider_serving_the_city_is_in_scope(app, make_organisation):
    provider = make_organisation("provider", "fuzhou")
    provider.served_pilots.append(city("xiamen"))
    db.session.commit()
    xiamen = sv.Scope(sv.Jurisdiction(city("xiamen").id))
    shenyang = sv.Scope(sv.Jurisdiction(city("shenyang").id))
    assert sv.find_in_scope(xiamen, "provider", provider.id) is provider
    assert sv.find_in_scope(shenyang, "provider", provider.id) is None


def test_district_official_sees_only_their_district(
    client, login, make_user, make_organisation, make_need
):
    xiamen = city("xiamen")
    siming, huli = xiamen.districts[0], xiamen.districts[1]
    mine = make_need(enterprise=make_organisation("enterprise"), title="思明需求")  # districts[0]
    other_org = make_organisation("enterprise")
    other_org.district = huli
    db.session.commit()
    other = make_need(enterprise=other_org, title="湖里需求")
    official = make_user("official", "xiamen", district=siming)
    login(official)
    html = client.get("/supervision/needs").get_data(as_text=True)
    assert "思明需求" in html
    assert "湖里需求" not in html
    assert client.get(f"/supervision/needs/{mine.id}").status_code == 200
    assert client.get(f"/supervision/needs/{other.id}").status_code == 404
    assert client.get(f"/supervision/enterprises/{other_org.id}").status_code == 404
    scope = sv.scope_of(official)
    assert sv.count_in_scope(sv.scoped_needs(scope)) == 1


def test_admin_sees_every_city(app, make_user, make_need, make_organisation):
    make_need(enterprise=make_organisation("enterprise", "fuzhou"))
    make_need(enterprise=make_organisation("enterprise", "hohhot"))
    scope = sv.scope_of(make_user("admin"))
    assert sv.count_in_scope(sv.scoped_needs(scope)) == 2


def test_filters_narrow_within_scope(app, make_organisation, make_need):
    xiamen = city("xiamen")
    sub_a, sub_b = xiamen.sub_industries[0], xiamen.sub_industries[1]
    make_need(enterprise=make_organisation("enterprise", sub_industry=sub_a), title="甲")
    make_need(
        enterprise=make_organisation("enterprise", sub_industry=sub_b),
        title="乙",
        stages=("质量管理",),
    )
    scope = sv.Scope(sv.Jurisdiction(xiamen.id))
    titles = [n.title for n in sv.all_rows(sv.filter_needs(scope, sub_industry_id=sub_b.id))]
    assert titles == ["乙"]
    titles = [n.title for n in sv.all_rows(sv.filter_needs(scope, stage="生产管控"))]
    assert titles == ["甲"]


def test_admin_can_narrow_lists_to_one_city(client, login, make_user, make_organisation, make_need):
    make_need(enterprise=make_organisation("enterprise", "fuzhou"), title="福州需求")
    make_need(enterprise=make_organisation("enterprise", "xiamen"), title="厦门需求")
    login(make_user("admin"))
    both = client.get("/supervision/needs").get_data(as_text=True)
    assert "福州需求" in both
    assert "厦门需求" in both
    only = client.get(f"/supervision/needs?pilot={city('fuzhou').id}").get_data(as_text=True)
    assert "福州需求" in only
    assert "厦门需求" not in only


def test_official_cannot_widen_scope_with_the_city_argument(
    client, login, make_user, make_organisation, make_need
):
    make_need(enterprise=make_organisation("enterprise", "fuzhou"), title="福州需求")
    login(make_user("official", "xiamen"))
    html = client.get(f"/supervision/needs?pilot={city('fuzhou').id}").get_data(as_text=True)
    assert "福州需求" not in html

"""One small world for the object-level access matrices (tests/test_access_matrix_*.py),
built through the services by the fixtures of conftest.py.

厦门 district A: enterprise E with need N; a quote request R of N to provider P, quoted and
accepted, and its project taken to `filed`; P's products: one pending, one approved; a provider still pending vetting.
厦门 district B: enterprise E2 with need N2, provider P2 with an approved product.
福州: enterprise EF with need NF, provider PF.
厦门 vets providers at district level (set explicitly: the expectations depend on it).

The actors, in the column order of every matrix table (ACTORS).
"""

from marketplace.extensions import db
from marketplace.services.projects import project_for_quote_request
from tests.conftest import first_user, pilot
from tests.project_chain import walk

ACTORS = (
    "anonymous",
    "owner",  # the user of enterprise E
    "other_enterprise",  # the user of E2 (厦门 district B)
    "provider",  # the user of P (asked for a quote, party of the project)
    "other_provider",  # the user of P2 (厦门 district B, never asked)
    "district_a",  # official of 厦门 district A
    "district_b",  # official of 厦门 district B
    "city",  # city-level official of 厦门
    "fuzhou",  # city-level official of 福州
    "admin",
)

NAMES = {
    "enterprise": "甲区精密电子厂",
    "enterprise_b": "乙区输配电设备厂",
    "enterprise_fz": "福州纺织厂",
    "provider": "甲区数智服务商",
    "provider_b": "乙区工业互联服务商",
    "provider_fz": "福州云服务商",
    "provider_pending": "甲区待审服务商",
    "need": "甲区车间生产透明化改造",
    "need_b": "乙区开关柜设备联网",
    "need_fz": "福州纺织排产需求",
    "pending": "甲区待审MES",
    "approved": "甲区已上架MES",
    "approved_b": "乙区设备联网网关",
}


def build_world(
    make_organisation, make_user, make_need, make_quote_request, make_product, reviewer
):
    """→ (ids: name → id, users: actor → User or None)."""
    xiamen = pilot("xiamen")
    xiamen.is_provider_vetting_city_level = False
    db.session.commit()
    district_a, district_b = xiamen.districts[0], xiamen.districts[1]

    def org(kind, key, code="xiamen", district=None):
        return make_organisation(kind, code, name=NAMES[key], district=district)

    enterprise = org("enterprise", "enterprise", district=district_a)
    enterprise_b = org("enterprise", "enterprise_b", district=district_b)
    enterprise_fz = org("enterprise", "enterprise_fz", "fuzhou")
    provider = org("provider", "provider", district=district_a)
    provider_b = org("provider", "provider_b", district=district_b)
    org("provider", "provider_fz", "fuzhou")
    provider_pending = make_organisation(
        "provider", name=NAMES["provider_pending"], district=district_a, status="pending"
    )

    need = make_need(enterprise=enterprise, title=NAMES["need"])
    need_b = make_need(enterprise=enterprise_b, title=NAMES["need_b"])
    make_need(enterprise=enterprise_fz, title=NAMES["need_fz"])
    request = make_quote_request(need, provider, status="accepted")
    project = project_for_quote_request(request.id)
    walk(project, "filed", first_user(enterprise), reviewer(xiamen))
    db.session.commit()
    pending = make_product(provider=provider, status="pending", name=NAMES["pending"])
    approved = make_product(provider=provider, name=NAMES["approved"])
    make_product(provider=provider_b, name=NAMES["approved_b"])

    ids = {
        "need": need.id,
        "need_b": need_b.id,
        "request": request.id,
        "project": project.id,
        "enterprise": enterprise.id,
        "enterprise_fz": enterprise_fz.id,
        "provider": provider.id,
        "provider_pending": provider_pending.id,
        "pending": pending.id,
        "approved": approved.id,
    }
    users = {
        "anonymous": None,
        "owner": first_user(enterprise),
        "other_enterprise": first_user(enterprise_b),
        "provider": first_user(provider),
        "other_provider": first_user(provider_b),
        "district_a": make_user("official", "xiamen", district=district_a),
        "district_b": make_user("official", "xiamen", district=district_b),
        "city": make_user("official", "xiamen"),
        "fuzhou": make_user("official", "fuzhou"),
        "admin": make_user("admin"),
    }
    return ids, users

"""A little of everything in 厦门 for the API tests that walk every documented path: two
products (one generic), a need with two quote requests (one answered), a project and an
event, and the official of the city who may read them all."""

from types import SimpleNamespace

from marketplace.extensions import db
from marketplace.services.workflow import record_event
from models import Project


def build_little_city(
    make_user, make_product, make_need, make_quote_request, make_quote
) -> SimpleNamespace:
    official = make_user("official")
    product = make_product()
    make_product(name="云ERP", is_generic=True, stages=("财务管理",), sub_industries=[])
    need = make_need()
    request = make_quote_request(need, product.provider, product=product)
    make_quote(request)
    make_quote_request(need, make_product(name="质量追溯系统").provider)
    project = Project(
        enterprise_id=need.enterprise_id,
        pilot_id=need.enterprise.pilot_id,
        district_id=need.enterprise.district_id,
        need_id=need.id,
        quote_request_id=request.id,
        provider_id=product.provider_id,
        title="车间透明化改造项目",
    )
    db.session.add(project)
    db.session.commit()
    record_event(need, None, "open", official)
    db.session.commit()
    return SimpleNamespace(official=official, product=product, need=need, project=project)

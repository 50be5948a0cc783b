"""Stored rankings: the need page and the leads read rankings computed when a need, a product
or a provider changed, and show what the live matcher shows."""

import logging
import os
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import delete, event, insert, select
from sqlalchemy.orm import Session

from marketplace.extensions import db
from marketplace.services import indexing, products, ranked_matches, review
from marketplace.services.matching import (
    match_reasons,
    rank_needs_for_provider,
    rank_products_for_need,
)
from marketplace.services.needs import update_need
from marketplace.services.workflow import change_state
from models import LeadCandidateSet, MatchResult, NeedRanking, RankedMatch
from tests.conftest import first_user
from tests.test_matching_ranking import WAREHOUSE_NEED, WMS


def stored_products(need) -> list[int]:
    """The products of the need's stored ranking (enterprise list), in rank order."""
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(RankedMatch.product_id)
            .where(RankedMatch.need_id == need.id, RankedMatch.rank.is_not(None))
            .order_by(RankedMatch.rank)
        )
    )


def shown(matches):
    return [(m.product.id, m.score, match_reasons(m)) for m in matches]


@pytest.fixture
def encoder_calls(app, monkeypatch):
    """Counts the encoder's calls from here on (the encoder itself still answers)."""
    encoder = indexing.get_encoder()
    calls = []
    real = encoder.encode

    def counting(texts, *args, **kwargs):
        calls.append(list(texts))
        return real(texts, *args, **kwargs)

    monkeypatch.setattr(encoder, "encode", counting)
    return calls


def test_a_new_need_is_ranked_when_it_is_posted(app, make_product, make_need):
    wms = make_product(**WMS)
    need = make_need(**WAREHOUSE_NEED)
    assert stored_products(need) == [wms.id]
    assert db.session.get(NeedRanking, need.id) is not None


def test_need_page_reads_stored_rows_without_the_encoder(
    app, client, login, make_product, make_need, encoder_calls
):
    wms = make_product(**WMS)
    need = make_need(**WAREHOUSE_NEED)
    encoder_calls.clear()
    login(first_user(need.enterprise))
    page = client.get(f"/needs/{need.id}")
    assert page.status_code == 200
    assert WMS["name"] in page.get_data(as_text=True)
    assert encoder_calls == []
    # what was shown is still recorded, as before
    rows = db.session.scalars(select(MatchResult).where(MatchResult.need_id == need.id)).all()
    assert [r.product_id for r in rows] == [wms.id]


def test_leads_page_reads_stored_rows_without_the_encoder(
    app, client, login, make_product, make_need, encoder_calls
):
    wms = make_product(**WMS)
    need = make_need(**WAREHOUSE_NEED)
    # the new need made the provider's lead candidates stale: the view recomputes them once
    assert db.session.get(LeadCandidateSet, wms.provider_id).is_stale
    encoder_calls.clear()
    login(first_user(wms.provider))
    page = client.get("/needs/leads")
    assert page.status_code == 200
    assert WAREHOUSE_NEED["title"] in page.get_data(as_text=True)
    assert encoder_calls == []
    db.session.expire_all()
    assert not db.session.get(LeadCandidateSet, wms.provider_id).is_stale
    audience = db.session.scalars(
        select(MatchResult.audience).where(MatchResult.need_id == need.id)
    ).all()
    assert audience == ["provider"]


def test_stored_matches_and_leads_are_the_live_ones(
    app, make_organisation, make_product, make_need, make_quote_request
):
    provider = make_organisation("provider")
    make_product(provider=provider, **WMS)
    make_product(provider=provider)  # MES
    make_product(name="云仓储库存管理", pilot_price="95000", **{k: WMS[k] for k in ("stages",)})
    need = make_need(**WAREHOUSE_NEED)
    other = make_need(title="设备联网与能耗监测", description="车间设备联网，采集能耗数据。")
    # the provider's record changes without touching a product: the pages follow it
    make_quote_request(other, provider)
    for each in (need, other):
        assert shown(ranked_matches.stored_matches(each, 10)) == shown(
            rank_products_for_need(each, 10)
        )
    stored = ranked_matches.stored_leads(provider, 60)
    live = rank_needs_for_provider(provider, 60)
    assert [(n.id, m.product.id, m.score, match_reasons(m)) for n, m in stored] == [
        (n.id, m.product.id, m.score, match_reasons(m)) for n, m in live
    ]
    assert stored


def test_suspended_product_leaves_the_stored_ranking_and_the_need_page(
    app, client, login, make_product, make_need, reviewer
):
    wms = make_product(**WMS)
    need = make_need(**WAREHOUSE_NEED)
    assert stored_products(need) == [wms.id]
    review.review(wms, "suspend", reviewer(wms.provider.pilot), "投诉核查中")
    db.session.commit()
    assert stored_products(need) == []
    login(first_user(need.enterprise))
    assert WMS["name"] not in client.get(f"/needs/{need.id}").get_data(as_text=True)
    login(first_user(wms.provider))
    assert WAREHOUSE_NEED["title"] not in client.get("/needs/leads").get_data(as_text=True)


def test_newly_approved_product_in_scope_joins_the_stored_ranking(
    app, client, login, make_product, make_need, reviewer
):
    need = make_need(**WAREHOUSE_NEED)
    wms = make_product(status="pending", **WMS)
    assert stored_products(need) == []
    review.review(wms, "approve", reviewer(wms.provider.pilot), None)
    db.session.commit()
    assert stored_products(need) == [wms.id]
    login(first_user(need.enterprise))
    assert WMS["name"] in client.get(f"/needs/{need.id}").get_data(as_text=True)


def test_edited_product_price_changes_the_stored_reason(app, make_product, make_need, reviewer):
    wms = make_product(**WMS)
    need = make_need(**WAREHOUSE_NEED)  # budget up to 80,000
    [before] = ranked_matches.stored_matches(need, 10)
    assert before.price_fit == "within"
    data = products.ProductData(
        name=wms.name,
        summary=wms.summary,
        description=wms.description,
        stages=list(wms.stages),
        sub_industry_ids=[s.id for s in wms.sub_industries],
        is_generic=False,
        delivery_mode="SaaS",
        list_price=Decimal("150000"),
        pilot_price=Decimal("120000"),
        price_unit="元/年",
        deployment_days=30,
        cases=[("某物流公司", "发错货率下降")],
    )
    products.update_product(wms, data, first_user(wms.provider))
    db.session.commit()
    assert stored_products(need) == []  # back in review, out of the catalog
    review.review(wms, "approve", reviewer(wms.provider.pilot), None)
    db.session.commit()
    [after] = ranked_matches.stored_matches(need, 10)
    assert after.price_fit == "above"
    assert ("price_above", {"price": 120000.0}) in match_reasons(after)


def test_edited_need_is_ranked_again(app, make_product, make_need):
    wms = make_product(**WMS)
    mes = make_product()
    need = make_need(**WAREHOUSE_NEED)
    assert stored_products(need)[0] == wms.id
    update_need(
        need,
        first_user(need.enterprise),
        title="车间生产过程透明化改造",
        description="希望实现工单下达、扫码报工和设备数据采集，管理层能实时看到生产进度。",
        stages=["生产管控"],
    )
    db.session.commit()
    assert stored_products(need)[0] == mes.id


def test_closed_need_keeps_no_stored_rows(app, make_product, make_need):
    make_product(**WMS)
    need = make_need(**WAREHOUSE_NEED)
    change_state(need, "closed", None, "项目延期")
    db.session.commit()
    assert stored_products(need) == []


def test_a_need_never_ranked_is_ranked_once_on_view(
    app, client, login, make_product, make_need, encoder_calls
):
    wms = make_product(**WMS)
    app.config["SEARCH_AUTO_INDEX"] = False  # nothing runs after the commit
    need = make_need(**WAREHOUSE_NEED)
    app.config["SEARCH_AUTO_INDEX"] = True
    assert db.session.get(NeedRanking, need.id) is None
    login(first_user(need.enterprise))
    encoder_calls.clear()
    assert WMS["name"] in client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert len(encoder_calls) == 1
    assert stored_products(need) == [wms.id]
    client.get(f"/needs/{need.id}")
    assert len(encoder_calls) == 1


def test_stored_ranking_of_another_ranker_is_computed_again(app, make_product, make_need):
    wms = make_product(**WMS)
    need = make_need(**WAREHOUSE_NEED)
    db.session.get(NeedRanking, need.id).model_version = "lr-old"
    db.session.commit()
    assert [m.product.id for m in ranked_matches.stored_matches(need, 10)] == [wms.id]
    db.session.expire_all()
    assert db.session.get(NeedRanking, need.id).model_version != "lr-old"


def test_a_failed_refresh_is_logged_and_the_change_still_saved(
    app, monkeypatch, caplog, make_product, make_need
):
    make_product(**WMS)
    need = make_need(**WAREHOUSE_NEED)

    def broken(*args, **kwargs):
        raise RuntimeError("ranking store unavailable")

    monkeypatch.setattr(ranked_matches, "refresh_matches", broken)
    with caplog.at_level(logging.ERROR):
        update_need(
            need,
            first_user(need.enterprise),
            title="仓库扫码出入库",
            description=WAREHOUSE_NEED["description"],
        )
        db.session.commit()
    assert "stored matches not refreshed" in caplog.text
    db.session.expire_all()
    assert need.title == "仓库扫码出入库"


def test_reindex_fills_the_stored_rankings(app, runner, make_product, make_need):
    wms = make_product(**WMS)
    need = make_need(**WAREHOUSE_NEED)
    db.session.query(RankedMatch).delete()
    db.session.commit()
    assert stored_products(need) == []
    result = runner.invoke(args=["reindex"])
    assert result.exit_code == 0, result.output
    assert stored_products(need) == [wms.id]


def test_provider_record_stays_live_on_the_stored_page(
    app, make_organisation, make_product, make_need, make_quote_request
):
    provider = make_organisation("provider")
    make_product(provider=provider, **WMS)
    need = make_need(**WAREHOUSE_NEED)
    [before] = ranked_matches.stored_matches(need, 10)
    assert not before.provider_record
    make_quote_request(make_need(), provider)
    [after] = ranked_matches.stored_matches(need, 10)
    assert after.provider_record.requests == 1
    assert replace(after, provider_record=None).parts["record"] != before.parts["record"]


def test_the_needs_list_counts_what_the_need_page_would_show(
    app, make_product, make_need, reviewer
):
    wms = make_product(**WMS)
    need = make_need(**WAREHOUSE_NEED)
    assert ranked_matches.match_counts([need], 10) == {need.id: 1}
    assert ranked_matches.match_counts([need], 0) == {need.id: 0}
    review.review(wms.provider, "suspend", reviewer(wms.provider.pilot), "多次投诉未整改")
    db.session.commit()
    assert ranked_matches.match_counts([need], 10) == {need.id: 0}


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL"),
    reason="SQLite lets one writer at a time: two re-rankings of a need cannot collide there",
)
def test_two_processes_re_ranking_one_need_both_succeed(app, make_product, make_need):
    """The other process commits its ranking of the need between this one's delete and its
    insert: this one's insert collides, and it runs again on what the other committed."""
    wms = make_product(**WMS)
    need = make_need(**WAREHOUSE_NEED)
    db.session.execute(delete(NeedRanking).where(NeedRanking.need_id == need.id))
    db.session.commit()
    deletes = []

    def the_other_process_commits_between(state):
        if state.is_delete and state.statement.table.name == "need_rankings":
            deletes.append(1)
            result = state.invoke_statement()
            if len(deletes) == 1:
                with db.engine.begin() as other:
                    other.execute(insert(NeedRanking).values(need_id=need.id, model_version="x"))
            return result
        return None

    event.listen(Session, "do_orm_execute", the_other_process_commits_between)
    try:
        ranked_matches.refresh_matches([need.id])
    finally:
        event.remove(Session, "do_orm_execute", the_other_process_commits_between)
    assert len(deletes) == 2  # the collision, then the run that replaced the other's rows
    assert stored_products(need) == [wms.id]
    assert db.session.get(NeedRanking, need.id).model_version != "x"

"""The comparison compares like with like: quotes covering different stages of a need are
grouped apart and never ranked against each other; equal coverage compares price."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from marketplace.extensions import db
from marketplace.services import quotes
from marketplace.services.errors import InvalidInput
from tests.conftest import first_user
from tests.test_i18n import switch_language

BOTH = ("设备管理", "质量管理")


def quote(request, price, covered):
    done = quotes.submit_quote(
        request,
        first_user(request.provider),
        lines=[quotes.LineInput("软件", "平台订阅", Decimal(1), "套", Decimal(price))],
        valid_until=date.today() + timedelta(days=30),
        delivery_days=30,
        covered_stages=covered,
    )
    db.session.commit()
    return done


@pytest.fixture
def need_for_both(make_organisation, make_need):
    enterprise = make_organisation("enterprise")
    return make_need(enterprise=enterprise, stages=BOTH)


def asked(make_organisation, make_quote_request, need, name):
    return make_quote_request(need, make_organisation("provider", name=name))


def best_cells(page: str) -> list[str]:
    return re.findall(r'class="num best">(¥[\d,.]+)', page.replace("  ", " "))


def test_quotes_of_different_coverage_are_not_ranked_against_each_other(
    client, login, make_organisation, make_quote_request, need_for_both
):
    need = need_for_both
    quote(asked(make_organisation, make_quote_request, need, "联网甲"), 3000, ["设备管理"])
    quote(asked(make_organisation, make_quote_request, need, "追溯乙"), 9000, ["质量管理"])
    login(first_user(need.enterprise))
    page = client.get(f"/quotes/need/{need.id}/compare").get_data(as_text=True)

    assert page.count('class="coverage-group"') == 2
    assert "各报价覆盖的需求环节不同" in page
    # each group names what it leaves out; no total is starred across the two
    assert "未覆盖" in page
    assert best_cells(page) == []
    first, second = page.split('class="coverage-group"')[1:]
    # partial groups follow the catalogue's stage order: 质量管理 (追溯乙) before 设备管理
    assert ("追溯乙" in first, "联网甲" in first) == (True, False)
    assert ("联网甲" in second, "追溯乙" in second) == (True, False)


def test_full_coverage_comes_first_and_equal_coverage_compares_price(
    client, login, make_organisation, make_quote_request, need_for_both
):
    need = need_for_both
    quote(asked(make_organisation, make_quote_request, need, "半套丙"), 1000, ["质量管理"])
    quote(asked(make_organisation, make_quote_request, need, "全套甲"), 52000, list(BOTH))
    quote(asked(make_organisation, make_quote_request, need, "全套乙"), 48000, list(BOTH))
    login(first_user(need.enterprise))
    page = client.get(f"/quotes/need/{need.id}/compare").get_data(as_text=True)

    full, partial = page.split('class="coverage-group"')[1:]
    assert "覆盖全部需求环节" in full
    assert ("全套甲" in full, "全套乙" in full, "半套丙" in full) == (True, True, False)
    # 48,000 is the best of the two full quotes; the far cheaper partial one is not starred
    assert "¥48,000" in best_cells(full)
    assert best_cells(partial) == []
    assert "该覆盖范围只有一份报价，不参与比价" in partial


def test_comparison_groups_name_covered_and_missing_stages(
    app, make_organisation, make_quote_request, need_for_both
):
    from marketplace.services.quote_comparison import compare_quotes

    need = need_for_both
    quote(asked(make_organisation, make_quote_request, need, "甲"), 3000, ["质量管理"])
    quote(asked(make_organisation, make_quote_request, need, "乙"), 5000, list(BOTH))
    comparison = compare_quotes(need)
    # stages in the catalogue's order (质量管理 before 设备管理), however they were stored
    assert [(g.covered, g.missing) for g in comparison.coverage] == [
        (["质量管理", "设备管理"], []),
        (["质量管理"], ["设备管理"]),
    ]
    total_row = next(r for r in comparison.coverage[1].summary if r.label == "total")
    assert total_row.best == set()


def test_a_quote_covers_only_stages_of_its_need_and_at_least_one(
    app, make_organisation, make_quote_request, need_for_both
):
    request = asked(make_organisation, make_quote_request, need_for_both, "甲")
    with pytest.raises(InvalidInput) as outside:
        quote(request, 1000, ["财务管理"])
    assert outside.value.code == "coverage_not_in_need"
    db.session.rollback()
    with pytest.raises(InvalidInput) as nothing:
        quote(request, 1000, [])
    assert nothing.value.code == "coverage_required"


def test_quote_form_asks_which_stages_are_covered_and_keeps_them_on_revision(
    client, login, make_organisation, make_quote_request, need_for_both
):
    request = asked(make_organisation, make_quote_request, need_for_both, "甲")
    login(first_user(request.provider))
    form = client.get(f"/quotes/{request.id}/answer").get_data(as_text=True)
    assert 'name="covered_stages" value="设备管理"' in form
    data = {
        "lines-0-kind": "软件",
        "lines-0-description": "平台订阅",
        "lines-0-quantity": "1",
        "lines-0-unit": "套",
        "lines-0-unit_price": "1000",
        "valid_until": (date.today() + timedelta(days=30)).isoformat(),
        "delivery_days": "30",
    }
    refused = client.post(f"/quotes/{request.id}/answer", data=data).get_data(as_text=True)
    assert "请勾选本报价覆盖的需求环节" in refused
    db.session.refresh(request)
    assert request.quote is None

    client.post(f"/quotes/{request.id}/answer", data={**data, "covered_stages": "质量管理"})
    db.session.refresh(request)
    assert request.quote.covered_stages == ["质量管理"]
    again = client.get(f"/quotes/{request.id}/answer").get_data(as_text=True)
    assert 'value="质量管理" checked' in again
    assert 'value="设备管理" checked' not in again
    detail = client.get(f"/quotes/{request.id}").get_data(as_text=True)
    coverage = detail[detail.index('<dd class="coverage">') :]
    coverage = coverage[: coverage.index("</dd>")]
    assert coverage.index("质量管理") < coverage.index("未覆盖") < coverage.index("设备管理")


def test_quote_form_coverage_error_in_english(
    client, login, make_organisation, make_quote_request, need_for_both
):
    request = asked(make_organisation, make_quote_request, need_for_both, "甲")
    login(first_user(request.provider))
    switch_language(client, "en")
    page = client.post(
        f"/quotes/{request.id}/answer",
        data={
            "lines-0-kind": "软件",
            "lines-0-description": "x",
            "lines-0-quantity": "1",
            "lines-0-unit_price": "1",
            "valid_until": (date.today() + timedelta(days=30)).isoformat(),
            "delivery_days": "30",
        },
    ).get_data(as_text=True)
    assert "Tick the stages of the need this quote covers" in page

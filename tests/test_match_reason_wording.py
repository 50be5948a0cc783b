"""Match reasons say what they mean: the price judged against the budget range both ways,
keyword chips that are words, and caveats shown as caveats (not with the ✓ of a reason)."""

import re
from decimal import Decimal

import pytest

from marketplace.services.matching import price_fit
from models import Need, Product
from search_index.lexical import is_chip_word
from tests.test_i18n import switch_language


@pytest.mark.parametrize(
    ("budget", "price", "expected"),
    [
        ((150000, 300000), 200000, "within"),
        ((150000, 300000), 150000, "within"),  # the bounds are inside
        ((150000, 300000), 300000, "within"),
        ((150000, 300000), 100000, "below"),
        ((150000, 300000), 30001, "below"),
        ((150000, 300000), 3040, "far_below"),  # 1/50 of the lower bound
        ((150000, 300000), 29999, "far_below"),
        ((150000, 300000), 300001, "above"),
        ((None, 80000), 1000, "within"),  # no lower bound: nothing is "too cheap"
        ((30000, None), 5000, "far_below"),
        ((30000, None), 900000, "within"),  # no upper bound: nothing is over it
        ((None, None), 5000, "unknown"),
    ],
)
def test_price_is_judged_against_the_budget_range_both_ways(budget, price, expected):
    low, high = budget
    need = Need(
        budget_min=None if low is None else Decimal(low),
        budget_max=None if high is None else Decimal(high),
    )
    assert price_fit(need, Product(pilot_price=Decimal(price))) == expected


@pytest.mark.parametrize(
    ("term", "shown"),
    [("12", False), ("2.5", False), ("30%", False), ("3/5", False), ("a", False)],
    ids=["integer", "decimal", "percent", "fraction", "one letter"],
)
def test_numbers_and_short_tokens_are_not_keyword_chips(term, shown):
    assert is_chip_word(term) is shown


@pytest.mark.parametrize("term", ["报工", "设备联网", "MES", "ERP"])
def test_words_are_keyword_chips(term):
    assert is_chip_word(term)


def reasons_of(page: str, product_name: str) -> str:
    """The reasons list of the match card naming `product_name`."""
    start = page.index(product_name)
    return page[page.index('<ul class="reasons">', start) : page.index("</ul>", start)]


@pytest.fixture
def need_page(client, login, make_user, make_product, make_need):
    """A need budgeted 150,000–300,000 and products priced each way around it."""
    user = login(make_user("enterprise"))
    need = make_need(
        enterprise=user.organisation,
        stages=("生产管控",),
        budget_min=Decimal("150000"),
        budget_max=Decimal("300000"),
        description="车间工单报工与设备联网，12 台设备，生产看板。",
    )
    priced = {
        "甲MES生产管控系统": 200000,
        "乙MES生产管控系统": 100000,
        "丙MES生产管控系统": 3040,
        "丁MES生产管控系统": 360000,
    }
    for name, price in priced.items():
        make_product(
            name=name,
            pilot_price=price,
            list_price=max(price, 400000),
            description="面向离散制造车间的轻量化MES，支持工单管理、扫码报工、12 台设备联网。",
        )
    make_product(
        name="通用ERP进销存生产管控",
        is_generic=True,
        sub_industries=[],
        pilot_price=200000,
        list_price=400000,
        description="适用各行业的ERP，也支持生产工单、报工和12台设备联网。",
    )
    return need


def test_match_reasons_read_the_price_both_ways(client, need_page):
    page = client.get(f"/needs/{need_page.id}").get_data(as_text=True)
    assert "试点价 ¥200,000 在预算 ¥150,000 – ¥300,000 之内" in reasons_of(
        page, "甲MES生产管控系统"
    )
    assert "试点价 ¥100,000 略低于预算下限 ¥150,000，投入更省" in reasons_of(
        page, "乙MES生产管控系统"
    )
    far = reasons_of(page, "丙MES生产管控系统")
    assert "投入更省" not in far
    assert (
        '<li class="caveat price-far-below">试点价 ¥3,040 远低于预算下限 ¥150,000'
        "（不到五分之一），覆盖的内容可能少于您的计划，请询价核实</li>"
    ) in far
    over = reasons_of(page, "丁MES生产管控系统")
    assert "试点价 ¥360,000 高于预算上限 ¥300,000，超出预算" in over
    assert 'class="warn price-above"' in over


def test_generic_caveat_is_marked_as_a_caveat_and_chips_are_words(client, need_page):
    page = client.get(f"/needs/{need_page.id}").get_data(as_text=True)
    generic = reasons_of(page, "通用ERP进销存生产管控")
    assert '<li class="caveat">跨行业通用产品（如ERP、OA），非本细分行业专用</li>' in generic
    chips = re.findall(r'<mark class="tag tag-term">([^<]*)</mark>', page)
    assert chips  # the need and products share words
    assert "12" not in chips
    assert all(len(chip) >= 2 for chip in chips)


def test_price_reasons_in_english(client, need_page):
    switch_language(client, "en")
    page = client.get(f"/needs/{need_page.id}").get_data(as_text=True)
    assert "may cover less than you plan" in page
    assert "slightly below the budget's lower bound" in page
    assert "over budget" in page

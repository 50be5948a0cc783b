"""Figures said one way everywhere: money to the 元 when whole, levels as 二级 (Level 2),
exported times in local time with the zone in the header, and the questionnaire's level said
with the rule that decided it. Expected values are written out by hand."""

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook

from marketplace.services.exports import csv_bytes, xlsx_bytes
from marketplace.template_helpers import money, wan
from marketplace.wording.levels import level_label, score_text
from tests.test_i18n import switch_language

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (35000, "¥35,000"),
        (Decimal("44000.00"), "¥44,000"),
        ("12345.5", "¥12,345.50"),
        (Decimal("36000.90"), "¥36,000.90"),
        (Decimal("0.01"), "¥0.01"),
        (0, "¥0"),
        (Decimal("1234567"), "¥1,234,567"),
        (None, "—"),
        ("", "—"),
    ],
)
def test_money_is_to_the_yuan_when_whole_and_to_the_fen_otherwise(value, shown):
    assert money(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [(250000, "25"), (60000, "6"), (500, "0.05"), (15000, "1.50"), (None, "—")],
)
def test_wan_drops_zero_decimals_like_money(value, shown):
    assert wan(value) == shown


@pytest.mark.parametrize(
    ("level", "chinese", "english"),
    [
        (1, "一级", "Level 1"),
        (2, "二级", "Level 2"),
        ("3", "三级", "Level 3"),
        (4, "四级", "Level 4"),
        (0, "无等级", "No level"),
        (None, "无等级", "No level"),
        (9, "—", "—"),
    ],
)
def test_level_label_in_both_languages(app, level, chinese, english):
    with app.test_request_context():
        with force_locale("zh"):
            assert level_label(level) == chinese
        with force_locale("en"):
            assert level_label(level) == english


@pytest.mark.parametrize(
    ("score", "shown"),
    [(Decimal("54.900"), "54.9"), (Decimal("60.000"), "60"), (Decimal("44.875"), "44.875")],
)
def test_scores_lose_trailing_zeros(score, shown):
    assert score_text(score) == shown


def test_need_page_and_form_say_the_level_the_same_way(client, login, make_user, make_need):
    user = login(make_user("enterprise"))
    need = make_need(enterprise=user.organisation, target_level=3)
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "三级" in page
    assert "3 级" not in page
    form = client.get(f"/needs/{need.id}/edit").get_data(as_text=True)
    assert '<option selected value="3">三级</option>' in form


def test_csv_times_are_local_and_the_header_names_the_zone(app):
    with app.app_context():
        body = csv_bytes(
            ["提交时间", "名称"],
            [
                [datetime(2026, 12, 1, 13, 5, tzinfo=UTC), "甲"],
                [datetime(2026, 12, 1, 20, 30), "乙"],  # naive, as SQLite gives it: UTC
            ],
        )
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows == [
        ["提交时间（UTC+08:00）", "名称"],
        ["2026-12-01 21:05", "甲"],
        ["2026-12-02 04:30", "乙"],
    ]


def test_english_headers_name_the_zone_in_ascii_brackets(app):
    with app.app_context():
        body = csv_bytes(["Submitted at"], [[datetime(2026, 1, 1, 0, 0, tzinfo=UTC)]])
    assert body.decode("utf-8-sig").splitlines() == ["Submitted at (UTC+08:00)", "2026-01-01 08:00"]


def test_xlsx_times_are_local_and_the_header_names_the_zone(app):
    with app.app_context():
        body = xlsx_bytes(
            [("需求", ["编号", "发布时间"], [[7, datetime(2026, 6, 30, 17, 0, tzinfo=UTC)]])]
        )
    sheet = load_workbook(io.BytesIO(body)).active
    assert [c.value for c in sheet[1]] == ["编号", "发布时间（UTC+08:00）"]
    assert sheet["B2"].value == datetime(2026, 7, 1, 1, 0)  # the next day in 厦门


def test_an_exported_list_shows_times_as_the_screen_does(
    client, login, make_user, make_need, make_organisation
):
    need = make_need(enterprise=make_organisation("enterprise"), title="电子车间排产")
    login(make_user("official", "xiamen"))
    body = client.get("/supervision/needs?format=csv").data
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    timed = [i for i, h in enumerate(rows[0]) if h.endswith("（UTC+08:00）")]
    assert timed, rows[0]
    stored = need.created_at.replace(tzinfo=need.created_at.tzinfo or UTC)
    local = stored.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    assert rows[1][timed[0]] == local
    page = client.get(f"/supervision/needs/{need.id}").get_data(as_text=True)
    assert local in page  # the page shows the same minute


def test_home_page_and_catalog_count_the_same_products(client, make_product):
    make_product(name="甲", status="approved")
    make_product(name="乙", status="approved")
    make_product(name="丙", status="pending")
    home = client.get("/").get_data(as_text=True)
    catalog = client.get("/catalog/browse").get_data(as_text=True)
    assert '<div class="stat-label">已上架产品</div><div class="stat-value">2</div>' in home
    assert "共 2 个产品" in catalog


def test_reversed_price_range_is_said_and_set_aside(client, make_product):
    make_product(name="便宜的", pilot_price=Decimal("8000"))
    make_product(name="贵的", pilot_price=Decimal("45000"))
    page = client.get("/catalog/browse?price_min=50000&price_max=1000").get_data(as_text=True)
    assert "最低价高于最高价，价格区间未生效" in page
    assert "便宜的" in page
    assert "贵的" in page
    assert "共 2 个产品" in page
    switch_language(client, "en")
    page = client.get("/catalog/browse?price_min=50000&price_max=1000").get_data(as_text=True)
    assert "The minimum price is above the maximum" in page


MID_ANSWERS = {
    "q1": ["q1b", "q1c"],
    "q2": "q2c",
    "q3": "q3b",
    "q4": ["q4b", "q4c", "q4d", "q4e", "q4f"],
    "q5": "q5c",
    "q6": ["q6b"],
    "q7": ["q7a"],
    "q8": "q8d",
    "q9": ["q9b", "q9c"],
    "q10": ["q10b"],
    "q11": "q11b",
    "q12": "q12b",
    "q13": "q13c",
    "q14": "q14c",
    "q15": "q15b",
}  # 44.875 points (tests/test_digital_level_questionnaire.py adds them up by hand)


def test_saved_assessment_says_which_rule_gave_the_level_and_what_the_next_lacks(
    client, login, make_user
):
    login(make_user("enterprise"))
    # scenes 0–5 of the questionnaire: 产品设计 工艺设计 营销管理 售后服务 计划排程 生产管控, all at
    # grade 2; three of them (产品设计 营销管理 生产管控) are 约束性
    form = {**MID_ANSWERS, **{f"scene_{i}": "2" for i in range(6)}}
    page = client.post("/projects/assessment", data=form, follow_redirects=True).get_data(
        as_text=True
    )
    assert "评测已保存：得分 44.875，二级。" in page
    assert (
        "定为二级：总分 44.875 ≥ 40，6 个场景达到二级（须 ≥ 6），其中约束性 3 个（须 ≥ 3）。"
        in page
    )
    assert (
        "未达三级：总分须 ≥ 60（现为 44.875）；达到三级的场景须 ≥ 8 个（现有 0 个）；"
        "其中约束性场景须 ≥ 5 个（现有 0 个）。" in page
    )


def test_questionnaire_has_no_research_notes_and_reads_in_english(client, login, make_user):
    login(make_user("enterprise"))
    page = client.get("/projects/assessment").get_data(as_text=True)
    for note in ("sceneType", "待核对", "官方PDF", "S4"):
        assert note not in page
    assert "企业网络建设连接情况" in page
    switch_language(client, "en")
    page = client.get("/projects/assessment").get_data(as_text=True)
    assert "How the company&#39;s networks are built and connected" in page
    assert "企业网络建设连接情况" not in page
    assert "Digital foundations" in page
    assert "Equipment management" in page  # a scene
    assert "(Multiple choice, 8 points)" in page
    assert "：" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_policy_page_keeps_its_basis_for_officials(client, login, make_user):
    login(make_user("enterprise"))
    page = client.get("/projects/policy").get_data(as_text=True)
    for research in ("[I]", "seeds/000", "依据（仅主管部门可见）", ">retrofit<", ">diagnosis<"):
        assert research not in page
    assert "第 1 组" in page  # the 就高 group of the retrofit items, said as a number
    assert "等级=二级" in page
    client.post("/account/logout")
    login(make_user("official", "xiamen"))
    page = client.get("/projects/policy").get_data(as_text=True)
    assert "依据（仅主管部门可见）" in page
    assert "[I]" in page


def test_review_decisions_ask_before_they_are_sent(client, login, make_user, make_product):
    make_product(name="待审的能耗监测", status="pending")
    login(make_user("official", "xiamen"))
    page = client.get("/supervision/review-queue").get_data(as_text=True)
    assert 'data-confirm="确定通过“待审的能耗监测”吗？"' in page
    assert 'data-confirm="确定驳回“待审的能耗监测”吗？"' in page

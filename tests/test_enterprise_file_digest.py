"""一企一档 shows a digest of the products the enterprise was shown (one row per product:
first seen, how often, whether a quote was asked), never raw scores; and one level, the
latest certified else the latest self-assessed, named as such."""

import io
from datetime import timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import digital_level
from models import MatchResult
from tests.conftest import first_user


def section(page: str, anchor: str) -> str:
    start = page.index(f'id="{anchor}"')
    return page[start : page.index("</section>", start)]


def test_file_lists_each_shown_product_once_with_times_and_the_asked_flag(
    every_page_drawn,
    client,
    login,
    make_user,
    make_organisation,
    make_product,
    make_need,
    make_quote_request,
):
    enterprise = make_organisation("enterprise")
    owner = first_user(enterprise)
    need = make_need(enterprise=enterprise)
    asked_provider = make_organisation("provider", name="被询价服务商")
    make_product(provider=asked_provider, name="甲MES生产管控系统")
    make_product(name="乙MES生产管控系统")
    login(owner)
    assert client.get(f"/needs/{need.id}").status_code == 200
    for row in db.session.scalars(select(MatchResult)):  # that sitting was 31 minutes ago
        row.shown_at -= timedelta(minutes=31)
    db.session.commit()
    for _ in range(2):  # a reload within the sitting is the same impression
        assert client.get(f"/needs/{need.id}").status_code == 200
    official = make_user("official", district=enterprise.district)
    login(official)
    client.get(f"/needs/{need.id}")  # an official's look is not the enterprise's record
    make_quote_request(need, asked_provider)

    page = client.get(f"/projects/enterprise/{enterprise.id}").get_data(as_text=True)
    digest = section(page, "shown-products")
    assert "看过的推荐产品" in digest
    assert "最近 200 条" not in page
    assert digest.count("甲MES生产管控系统") == 1
    assert digest.count("乙MES生产管控系统") == 1
    assert "得分" not in digest
    rows = digest.split("<tr")[2:]  # after the header row
    by_name = {("甲" if "甲MES" in row else "乙"): row for row in rows}
    assert '<td class="num">2</td>' in by_name["甲"]  # two sittings; the official's look is not one
    assert "已询价" in by_name["甲"]
    assert "未询价" in by_name["乙"]

    book = load_workbook(
        io.BytesIO(client.get(f"/projects/enterprise/{enterprise.id}?format=xlsx").data)
    )
    sheet = book["看过的推荐产品"]
    assert [c.value for c in sheet[1]] == [
        "产品",
        "服务商",
        "首次看到（UTC+08:00）",
        "最近看到（UTC+08:00）",
        "看到次数",
        "涉及需求数",
        "是否询价",
    ]
    values = {row[0]: (row[4], row[6]) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values == {"甲MES生产管控系统": (2, "是"), "乙MES生产管控系统": (2, "否")}


def test_file_states_one_level_certified_over_self_assessed(client, login, make_organisation):
    enterprise = make_organisation("enterprise", self_assessed_level=1)
    owner = first_user(enterprise)
    login(owner)
    page = client.get(f"/projects/enterprise/{enterprise.id}").get_data(as_text=True)
    assert "数字化水平（企业自评）" in section(page, "current-level")
    assert "一级" in section(page, "current-level")

    digital_level.record_level(enterprise, owner, 2, "self")
    db.session.commit()
    page = client.get(f"/projects/enterprise/{enterprise.id}").get_data(as_text=True)
    assert "二级" in section(page, "current-level")
    assert "数字化水平（企业自评）" in section(page, "current-level")

    digital_level.record_level(enterprise, owner, 3, "certified")
    digital_level.record_level(enterprise, owner, 1, "self")  # a later self-assessment
    db.session.commit()
    page = client.get(f"/projects/enterprise/{enterprise.id}").get_data(as_text=True)
    header = section(page, "current-level")
    assert "数字化水平（验收认定）" in header
    assert "三级" in header

"""The subsidy policies are data in both languages: in English the policy page shows each
item's, instalment's and title's English words (label_en…), never the Chinese ones."""

import re

from marketplace.services.pilots import all_pilots
from tests.conftest import first_user
from tests.test_i18n import switch_language

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


def _item_labels(page: str) -> list[str]:
    """The first cell of each row of the 现行补贴项目 table."""
    table = page[page.index("<tbody>") : page.index("</tbody>")]
    return [
        re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<tr><td>(.*?)</td>", table)
    ]


def test_the_english_policy_page_shows_no_chinese_in_item_labels(client, login, make_user):
    login(make_user("admin"))
    switch_language(client, "en")
    seen = 0
    for pilot in all_pilots():
        page = client.get(f"/projects/policy?pilot={pilot.id}").get_data(as_text=True)
        labels = _item_labels(page) if "<tbody>" in page and "Current subsidy items" in page else []
        for label in labels:
            assert label
            assert not CJK.search(label), f"{pilot.code}: {label}"
        seen += len(labels)
        instalments = page.split("Payment")[1].split("</dd>")[0] if "Payment" in page else ""
        assert not CJK.search(re.sub(r"<[^>]+>", "", instalments)), instalments
    assert seen >= 40  # 厦门 13, 珠海 4, 沈阳 8, 呼和浩特 21; 福州 gives no figures


def test_the_chinese_policy_page_keeps_the_chinese_labels(client, login, make_user):
    login(make_user("enterprise", "xiamen"))
    page = client.get("/projects/policy").get_data(as_text=True)
    assert "诊断咨询补贴（费用60%，最高6万元）" in _item_labels(page)
    switch_language(client, "en")
    english = client.get("/projects/policy").get_data(as_text=True)
    assert "Diagnosis and consulting (60% of the fee, up to CNY 60,000)" in _item_labels(english)
    assert "Xiamen SME digital transformation pilot work plan" in english


def test_the_subsidy_estimate_names_its_items_in_english(client, login, make_project):
    project = make_project("passed")  # 厦门, certified level 2
    login(first_user(project.enterprise))
    switch_language(client, "en")
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    box = page[page.index('class="subsidy-box"') :]
    box = box[: box.index("</div>\n</div>") if "</div>\n</div>" in box else 4000]
    assert "Level 2 reached after the retrofit (40% of the actual investment" in box
    assert "改造后达到二级" not in box

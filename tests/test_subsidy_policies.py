"""Each pilot city's subsidy rules, checked against examples computed by hand from the seeds."""

from decimal import Decimal

import pytest

from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.subsidy import (
    compute_subsidy,
    create_policy_version,
    current_policy,
    policy_definitions,
)
from models import PilotCity
from tests.conftest import pilot

WAN = Decimal(10000)


def rules_of(code):
    spec = next(p for p in policy_definitions() if p["pilot"] == code)
    return {k: v for k, v in spec.items() if k not in ("pilot", "title", "source")}


def subsidy(code, amounts_wan, level, **flags):
    amounts = {k: Decimal(str(v)) * WAN for k, v in amounts_wan.items()}
    return compute_subsidy(rules_of(code), amounts, level, **flags)


@pytest.mark.parametrize(
    ("city", "amounts_wan", "level", "expected_wan"),
    [
        # 呼和浩特: 二级 70% ≤35万, 三级 50% ≤150万, 四级 40% ≤300万; 诊断/软件/信息化服务/设备
        ("hohhot", {"软件": 400}, 3, 150),  # 50% × 400 = 200 → cap 150
        ("hohhot", {"软件": 40}, 2, 28),  # 70% × 40 = 28
        ("hohhot", {"软件": 600, "网关路由等数据采集设备": 400}, 4, 300),  # 40% × 1000 → cap 300
        (
            "hohhot",
            {"软件": 30, "诊断": 10, "实施": 20, "培训": 5},
            2,
            28,
        ),  # base 40 (no 实施/培训)
        ("hohhot", {"软件": 100}, 1, 0),  # level 1: nothing
        # 厦门: 二/三/四级 实际投入40% ≤25/35/40万; 诊断60% ≤6万 separately; 首次上云 ≤30万
        ("xiamen", {"软件": 50}, 2, 20),  # 40% × 50 = 20
        ("xiamen", {"软件": 60, "实施": 40}, 3, 35),  # 40% × 100 = 40 → cap 35
        ("xiamen", {"软件": 80}, 4, 32),  # 40% × 80 = 32 (cap 40)
        ("xiamen", {"软件": 50, "诊断": 5}, 2, 23),  # 20 + 诊断 60% × 5 = 3
        ("xiamen", {"软件": 10, "诊断": 20}, 2, 10),  # 4 + 诊断 60% × 20 = 12 → cap 6
        # 沈阳: 二级及以上 50% ≤50万 on 软件、云服务、网关路由等数据采集设备 only
        ("shenyang", {"软件": 200}, 2, 50),  # 50% × 200 = 100 → cap 50
        ("shenyang", {"软件": 30, "云服务": 10, "实施": 20, "培训": 5}, 3, 20),  # 50% × 40
        ("shenyang", {"网关路由等数据采集设备": 16}, 4, 8),
        ("shenyang", {"软件": 200}, 1, 0),
        # 珠海: 普惠 30% ≤20万 (cumulative per enterprise); level ≥ 2 required
        ("zhuhai", {"软件": 50}, 2, 15),
        ("zhuhai", {"软件": 70, "实施": 30}, 3, 20),  # 30% × 100 = 30 → cap 20
        ("zhuhai", {"软件": 50}, 1, 0),
    ],
)
def test_city_subsidy_matches_hand_computed_example(city, amounts_wan, level, expected_wan):
    assert subsidy(city, amounts_wan, level).total == Decimal(expected_wan) * WAN


def test_xiamen_first_cloud_is_the_best_of_not_added_to_the_level_subsidy():
    # level 2: 40% × 80 = 32 → cap 25; 首次上云: min(云服务 60, 30) = 30. 就高 → 30, never 55
    result = subsidy("xiamen", {"云服务": 60, "软件": 20}, 2, first_cloud=True)
    assert [i.code for i in result.chosen] == ["first_cloud"]
    assert result.total == 30 * WAN
    # level 3: 40% × 80 = 32 (cap 35) beats 30
    result = subsidy("xiamen", {"云服务": 60, "软件": 20}, 3, first_cloud=True)
    assert [i.code for i in result.chosen] == ["level_3"]
    assert result.total == 32 * WAN


def test_zhuhai_benchmark_pays_30_percent_minus_puhui_already_received():
    result = subsidy("zhuhai", {"软件": 200}, 2, benchmark=True, received={"puhui": 20 * WAN})
    assert result.total == 40 * WAN  # 30% × 200 = 60 − 20
    result = subsidy("zhuhai", {"软件": 500}, 3, benchmark=True, received={"puhui": 20 * WAN})
    assert result.total == 80 * WAN  # 150 → cap 100 − 20


def test_zhuhai_puhui_cap_is_cumulative_for_the_enterprise():
    result = subsidy("zhuhai", {"软件": 50}, 2, received={"puhui": 12 * WAN})
    assert result.total == 8 * WAN  # 15 but only 20 − 12 left


def test_fuzhou_policy_gives_no_figures_and_no_estimate():
    result = subsidy("fuzhou", {"软件": 100}, 3)
    assert result.no_figures is True
    assert result.total == 0


def test_provider_and_platform_items_are_never_paid_to_the_enterprise():
    result = subsidy("zhuhai", {"软件": 100}, 2)
    assert {i.code for i in result.items} == {"puhui", "benchmark"}


def test_policies_load_as_version_one_for_every_city(app):
    for city in ("xiamen", "zhuhai", "fuzhou", "shenyang", "hohhot"):
        policy = current_policy(pilot(city).id)
        assert policy.version == 1
        assert policy.source


def test_policy_edit_makes_a_new_version_and_keeps_the_old(app, make_user):
    official = make_user("official", pilot_code="shenyang")
    city = pilot("shenyang")
    old = current_policy(city.id)
    rules = dict(old.rules)
    rules["items"] = [dict(rules["items"][0], cap=600000)]
    new = create_policy_version(city.id, rules, official, "上限调整为60万元")
    assert (new.version, new.is_current, old.is_current) == (2, True, False)
    assert old.rules["items"][0]["cap"] == 500000


def test_policy_version_with_bad_rate_is_refused(app, make_user):
    city = pilot("hohhot")
    with pytest.raises(InvalidInput):
        create_policy_version(
            city.id,
            {"items": [{"code": "x", "label": "x", "rate": 5}]},
            make_user("official", pilot_code="hohhot"),
            "",
        )
    assert current_policy(city.id).version == 1
    assert isinstance(city, PilotCity)


def test_only_the_citys_own_city_level_officials_publish_its_policy(app, make_user):
    city = pilot("shenyang")
    rules = dict(current_policy(city.id).rules)
    district_official = make_user("official", pilot_code="shenyang", district=city.districts[0])
    for outsider in (district_official, make_user("official", pilot_code="xiamen")):
        with pytest.raises(NotAllowed):
            create_policy_version(city.id, rules, outsider, "越权修改")
    assert current_policy(city.id).version == 1
    assert create_policy_version(city.id, rules, make_user("admin"), "平台代录").version == 2

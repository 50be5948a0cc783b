"""`flask subsidy estimate --json CASE.json`: the seeds' rules on one enterprise's projects in
order, each earlier one accepted and confirmed in full, so per-enterprise caps run across
them. Every expected figure is worked out by hand from the quoted seed sentence (amounts in
元; 1万 = 10,000), never read from the code."""

import json

import pytest

WAN = 10000


def project(level, investment_wan, benchmark=False, first_cloud=False):
    return {
        "level_after": level,
        "benchmark": benchmark,
        "first_cloud": first_cloud,
        "investment": {kind: wan * WAN for kind, wan in investment_wan.items()},
    }


def run(runner, tmp_path, case, name="case.json"):
    path = tmp_path / name
    path.write_text(case if isinstance(case, str) else json.dumps(case, ensure_ascii=False))
    return runner.invoke(args=["subsidy", "estimate", "--json", str(path)])


def estimate(runner, tmp_path, pilot, *projects):
    result = run(runner, tmp_path, {"pilot": pilot, "projects": list(projects)})
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) == {"projects"}
    for p in out["projects"]:
        assert set(p) == {"total", "items", "notes"}
        assert p["total"] == sum(i["amount"] for i in p["items"])
        assert all(set(i) == {"code", "label", "amount"} for i in p["items"])
    return out["projects"]


def totals(runner, tmp_path, pilot, *projects):
    return [p["total"] for p in estimate(runner, tmp_path, pilot, *projects)]


# --- 厦门 (seeds/000) ---------------------------------------------------------------------


def test_xiamen_level_two_is_40_percent_of_the_investment(app, runner, tmp_path):
    # "对改造后数字化水平达到二级、三级、四级的企业按照实际投入资金最高40%给予补贴，
    #  最高25万元、35万元、40万元": 40% × (30万 + 20万) = 20万, under the 25万 cap
    (out,) = estimate(runner, tmp_path, "xiamen", project(2, {"软件": 30, "实施": 20}))
    assert out["total"] == 200000
    assert [(i["code"], i["amount"]) for i in out["items"]] == [("level_2", 200000)]


def test_xiamen_diagnosis_cap_is_six_wan_per_enterprise_across_projects(app, runner, tmp_path):
    # "一是每家企业诊断按费用的60%、最高6万元予以补贴"
    # project 1: 诊断 60% × 8万 = 4.8万; level 2: 40% × 10万 = 4万 → 8.8万
    # project 2: 诊断 60% × 5万 = 3万, but only 6万 − 4.8万 = 1.2万 left; level 2: 40% × 10万
    #            = 4万 (25万 − 4万 left) → 5.2万
    first, second = estimate(
        runner,
        tmp_path,
        "xiamen",
        project(2, {"诊断": 8, "软件": 10}),
        project(2, {"诊断": 5, "软件": 10}),
    )
    assert first["total"] == 88000
    assert second["total"] == 52000
    assert {i["code"]: i["amount"] for i in second["items"]} == {
        "diagnosis": 12000,
        "level_2": 40000,
    }
    assert any("60,000" in n and "48,000" in n and "12,000" in n for n in second["notes"])


def test_xiamen_level_caps_do_not_add_up_across_projects(app, runner, tmp_path):
    # "…达到二级、三级、四级的企业…最高25万元、35万元、40万元": silent on per project or per
    # enterprise; the reading that cannot overpay: the enterprise gets at most the cap of the
    # level it reached, in all. Project 1: 40% × 80万 = 32万 → 25万. Project 2 (level 3):
    # 40% × 50万 = 20万, but 35万 − 25万 = 10万 left.
    first, second = estimate(
        runner, tmp_path, "xiamen", project(2, {"软件": 80}), project(3, {"软件": 50})
    )
    assert (first["total"], second["total"]) == (250000, 100000)
    assert any("按企业累计" in n for n in second["notes"])


def test_xiamen_first_cloud_is_at_most_30_wan_and_not_on_top(app, runner, tmp_path):
    # "四是对首次使用上云服务的试点企业给予最高30万元补贴": 云服务 60万 → 30万; level 2 would be
    # 40% × 80万 = 32万 → 25万; 就高不重复 → 30万
    (out,) = estimate(
        runner, tmp_path, "xiamen", project(2, {"云服务": 60, "软件": 20}, first_cloud=True)
    )
    assert out["total"] == 300000
    assert [i["code"] for i in out["items"]] == ["first_cloud"]


def test_xiamen_tech_upgrade_threshold_is_a_note_not_money(app, runner, tmp_path):
    # "三是加大数字化转型技改补助，将补助门槛降低至100万元": 软件 120万 at level 4:
    # 40% × 120万 = 48万 → cap 40万; the 技改 subsidy is only mentioned
    (out,) = estimate(runner, tmp_path, "xiamen", project(4, {"软件": 120}))
    assert out["total"] == 400000
    assert any("1,000,000" in n and "技改" in n for n in out["notes"])


# --- 珠海 (seeds/001) ---------------------------------------------------------------------


def test_zhuhai_puhui_is_20_wan_cumulative_per_enterprise(app, runner, tmp_path):
    # "对符合申报条件的“小快轻准”数字化转型项目按照核定的项目投入费用(不含税)不超过30%比例
    #  予以奖补,单个企业奖补累计不超过20万元": 30% × 50万 = 15万; then 30% × 30万 = 9万 but
    #  only 20万 − 15万 = 5万 left
    assert totals(
        runner, tmp_path, "zhuhai", project(2, {"软件": 50}), project(2, {"软件": 30})
    ) == [150000, 50000]


def test_zhuhai_benchmark_is_paid_less_the_puhui_already_received(app, runner, tmp_path):
    # "单个企业奖补最高不超过100万元…如获得普惠项目又评上标杆项目的,则扣除其已获得的普惠
    #  项目奖补金额后予以标杆项目奖补": 普惠 30% × 40万 = 12万; 标杆 30% × 200万 = 60万 − 12万
    first, second = estimate(
        runner,
        tmp_path,
        "zhuhai",
        project(2, {"软件": 40}),
        project(3, {"软件": 200}, benchmark=True),
    )
    assert (first["total"], second["total"]) == (120000, 480000)
    assert [i["code"] for i in second["items"]] == ["benchmark"]
    assert any("120,000" in n for n in second["notes"])


def test_zhuhai_benchmark_cap_of_100_wan_is_per_enterprise(app, runner, tmp_path):
    # "单个企业奖补最高不超过100万元": 30% × 400万 = 120万 → 100万; a second 标杆 of 30% ×
    # 100万 = 30万 finds nothing left, and "标杆项目与普惠项目不重复支持" leaves no 普惠 either
    assert totals(
        runner,
        tmp_path,
        "zhuhai",
        project(3, {"软件": 400}, benchmark=True),
        project(3, {"软件": 100}, benchmark=True),
    ) == [1000000, 0]


def test_zhuhai_requires_level_two(app, runner, tmp_path):
    # "…改造企业(数字化水平应达到二级及以上)": level 1 gets nothing
    assert totals(runner, tmp_path, "zhuhai", project(1, {"软件": 50})) == [0]


# --- 沈阳 (seeds/003) ---------------------------------------------------------------------


def test_shenyang_counts_software_cloud_and_gateways_only(app, runner, tmp_path):
    # "对于企业在试点期间数字化改造相关软件、云服务支出,网关、路由等必要数据采集传输设备等
    #  符合要求的数字化改造资金投入,按照项目投资额50%补贴,最高不超过50万元":
    #  50% × (30万 + 10万) = 20万; 实施 and 培训 do not count
    assert totals(
        runner, tmp_path, "shenyang", project(2, {"软件": 30, "云服务": 10, "实施": 20, "培训": 5})
    ) == [200000]


def test_shenyang_50_wan_is_the_enterprises_for_the_pilot(app, runner, tmp_path):
    # "企业在试点期间…最高不超过50万元": 50% × 80万 = 40万; then 50% × 40万 = 20万 but only
    # 50万 − 40万 = 10万 left
    assert totals(
        runner, tmp_path, "shenyang", project(2, {"软件": 80}), project(3, {"软件": 40})
    ) == [400000, 100000]


def test_shenyang_cap_used_up_leaves_nothing(app, runner, tmp_path):
    # "按照项目投资额50%补贴,最高不超过50万元": 50% × 120万 = 60万 → 50万; then nothing left
    assert totals(
        runner,
        tmp_path,
        "shenyang",
        project(2, {"网关路由等数据采集设备": 120}),
        project(2, {"软件": 10}),
    ) == [500000, 0]


# --- 呼和浩特 (seeds/004) -----------------------------------------------------------------


def test_hohhot_level_two_is_70_percent_of_the_listed_investment(app, runner, tmp_path):
    # "達到二級水平的企業按照改造投入的70%進行補貼，最高補貼35萬元…數字化改造投入指…購買
    #  數字化水平診斷服務、數字化改造相關軟件、信息化服務、網關、路由等…": 70% × (30万 + 诊断
    #  10万) = 28万; 实施 is not listed
    assert totals(runner, tmp_path, "hohhot", project(2, {"软件": 30, "诊断": 10, "实施": 20})) == [
        280000
    ]


def test_hohhot_best_not_repeated_across_levels(app, runner, tmp_path):
    # "達到二級…70%…最高35萬元；達到三級…50%…最高150萬元" and "從優、就高、不重複":
    # project 1: 70% × 100万 = 70万 → 35万; project 2 (level 3): 50% × 200万 = 100万, under
    # 150万 − 35万 = 115万
    assert totals(
        runner, tmp_path, "hohhot", project(2, {"软件": 100}), project(3, {"软件": 200})
    ) == [350000, 1000000]


def test_hohhot_level_four_tops_up_to_300_wan(app, runner, tmp_path):
    # "達到三級…50%…最高150萬元；達到四級水平的企業按照改造投入的40%進行補貼，最高補貼300萬元":
    # 50% × 400万 = 200万 → 150万; then 40% × 500万 = 200万, but 300万 − 150万 = 150万 left
    assert totals(
        runner, tmp_path, "hohhot", project(3, {"软件": 400}), project(4, {"软件": 500})
    ) == [1500000, 1500000]


def test_hohhot_awards_the_city_grants_are_listed_not_paid(app, runner, tmp_path):
    # "通過…數據管理能力成熟度(DCMM)評估,并獲得3級…的企業…給予20萬元…的獎勵": a certificate
    # the platform does not see, so only named in the notes; 40% × 10万 = 4万 at level 4
    (out,) = estimate(runner, tmp_path, "hohhot", project(4, {"软件": 10}))
    assert out["total"] == 40000
    assert any("DCMM" in n and "不计算" in n for n in out["notes"])


# --- 福州 (seeds/002) ---------------------------------------------------------------------


def test_fuzhou_gives_no_figures_and_says_so(app, runner, tmp_path):
    # 福州's plan sets out the flows but no rate, cap or award: nothing is estimated
    (out,) = estimate(runner, tmp_path, "fuzhou", project(3, {"软件": 100}))
    assert out == {"total": 0, "items": [], "notes": [out["notes"][0]]}
    assert "未给出补助比例" in out["notes"][0]


def test_amounts_with_cents_come_out_as_numbers(app, runner, tmp_path):
    # 厦门 level 2: 40% × 12,345.5 = 4,938.2
    case = {"pilot": "xiamen", "projects": [{"level_after": 2, "investment": {"软件": 12345.5}}]}
    result = run(runner, tmp_path, case)
    assert json.loads(result.stdout)["projects"][0]["total"] == 4938.2


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "said"),
    [
        ({"pilot": "atlantis", "projects": [project(2, {"软件": 1})]}, "atlantis"),
        ({"pilot": "xiamen", "projects": [{"level_after": 2, "investment": {"硬件": 1}}]}, "硬件"),
        ({"pilot": "xiamen", "projects": [{"level_after": 2, "investment": {"软件": -5}}]}, "软件"),
        (
            {"pilot": "xiamen", "projects": [{"level_after": 2, "investment": {"软件": "5"}}]},
            "软件",
        ),
        ({"pilot": "xiamen", "projects": [{"level_after": 7, "investment": {}}]}, "7"),
        ({"pilot": "xiamen", "projects": [{"investment": {"软件": 1}}]}, "level_after"),
        ({"pilot": "xiamen", "projects": [project(2, {}) | {"benchmark": "yes"}]}, "benchmark"),
        ({"pilot": "xiamen", "projects": []}, "projects"),
        ({"pilot": "xiamen", "projects": ["one"]}, "projects"),
        ({"projects": [project(2, {"软件": 1})]}, "pilot"),
        ([1, 2], "pilot"),
        ('{"pilot": "xiamen", "projects": [', "JSON"),
        (
            '{"pilot": "xiamen", "projects": [{"level_after": 2, "investment": {"软件": NaN}}]}',
            "NaN",
        ),
    ],
)
def test_bad_case_is_one_clear_line_and_exit_code_one(app, runner, tmp_path, case, said):
    result = run(runner, tmp_path, case)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert said in lines[0]
    assert lines[0].startswith("错误：")


def test_missing_file_is_one_clear_line(app, runner, tmp_path):
    result = runner.invoke(args=["subsidy", "estimate", "--json", str(tmp_path / "nope.json")])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "nope.json" in result.stderr


def test_without_the_json_option_click_says_what_is_missing(app, runner):
    result = runner.invoke(args=["subsidy", "estimate"])
    assert result.exit_code == 2
    assert "--json" in result.stderr

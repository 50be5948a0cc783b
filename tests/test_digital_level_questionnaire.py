"""The 2024 questionnaire scored on full answer sets computed by hand, and the level rule."""

from decimal import Decimal

import pytest

from marketplace.services.digital_level import (
    all_scenes,
    compute_level,
    level_history,
    questionnaire,
    record_assessment,
)
from marketplace.services.errors import InvalidInput

CONSTRAINED = [
    "产品设计",
    "营销管理",
    "生产管控",
    "质量管理",
    "设备管理",
    "安全生产",
    "能耗管理",
    "采购管理",
    "仓储物流",
    "财务管理",
]
GUIDED = ["工艺设计", "售后服务", "计划排程", "人力资源", "协同办公", "决策支持"]


def best_answers():
    answers = {}
    for q in questionnaire("2024")["questions"]:
        if q["type"] == "multi":
            answers[q["id"]] = [o["id"] for o in q["options"] if o["points"] > 0]
        else:
            answers[q["id"]] = max(q["options"], key=lambda o: o["points"])["id"]
    return answers


def test_2024_edition_has_15_questions_worth_100_and_16_scenes():
    data = questionnaire("2024")
    assert len(data["questions"]) == 15
    assert sum(q["max"] for q in data["questions"]) == 100
    assert len(all_scenes("2024")) == 16
    assert sorted(data["constrained_scenes"]) == sorted(CONSTRAINED)


def test_best_answers_and_all_scenes_at_level_4_give_100_and_level_4():
    result = compute_level("2024", best_answers(), {s: 4 for s in all_scenes()})
    assert result.score == 100
    assert result.by_dimension == {"基础": 50, "管理": 30, "成效": 20}
    assert result.level == 4


def mid_answers():
    return {
        "q1": ["q1b", "q1c"],  # 2 + 2
        "q2": "q2c",  # 3
        "q3": "q3b",  # 1.5
        "q4": ["q4b", "q4c", "q4d", "q4e", "q4f"],  # 5 × 0.7 = 3.5
        "q5": "q5c",  # 5
        "q6": ["q6b"],  # 1.25
        "q7": ["q7a"],  # 无: 0        → 基础 18.25
        "q8": "q8d",  # 4.5
        "q9": ["q9b", "q9c"],  # 3.75
        "q10": ["q10b"],  # 1.5
        "q11": "q11b",  # 1.875       → 管理 11.625
        "q12": "q12b",  # 3.5
        "q13": "q13c",  # 7
        "q14": "q14c",  # 3
        "q15": "q15b",  # 1.5         → 成效 15
    }


def test_mid_questionnaire_scores_44_875_and_is_level_2_with_six_scenes_three_constrained():
    scenes = dict.fromkeys(
        ["产品设计", "营销管理", "生产管控", "工艺设计", "售后服务", "计划排程"], 2
    )
    result = compute_level("2024", mid_answers(), scenes)
    assert result.by_dimension == {
        "基础": Decimal("18.25"),
        "管理": Decimal("11.625"),
        "成效": Decimal("15"),
    }
    assert result.score == Decimal("44.875")
    assert result.level == 2


def test_too_few_constrained_scenes_lower_the_level():
    scenes = dict.fromkeys(["产品设计", "营销管理", "工艺设计", "售后服务", "计划排程"], 2)
    scenes["生产管控"] = 1  # only 2 constrained scenes at L2 → 一级 (6 at ≥ L1, 3 constrained)
    assert compute_level("2024", mid_answers(), scenes).level == 1


def test_score_80_with_nine_scenes_at_l4_is_level_3_not_4():
    answers = best_answers()
    answers.update(q12="q12a", q13="q13a", q14="q14a", q15="q15a")  # 成效 0 → 80
    scenes = {s: 3 for s in all_scenes()}
    for s in CONSTRAINED[:6] + GUIDED[:3]:
        scenes[s] = 4  # 9 at L4 (6 constrained) < 10
    result = compute_level("2024", answers, scenes)
    assert result.score == 80
    assert result.level == 3
    scenes[GUIDED[3]] = 4  # the tenth scene at L4
    assert compute_level("2024", answers, scenes).level == 4


def test_low_score_has_no_level_whatever_the_scenes():
    answers = {
        q["id"]: ([q["id"] + "a"] if q["type"] == "multi" else q["id"] + "a")
        for q in questionnaire()["questions"]
    }
    answers.update(q12="q12b", q13="q13b")  # 7 points only
    result = compute_level("2024", answers, {s: 4 for s in all_scenes()})
    assert (result.score, result.level) == (Decimal("7"), 0)


def test_2022_edition_uses_the_score_bands():
    assert [compute_level("2022", score=s).level for s in (15, 20, 45, 60, 79.5, 80)] == [
        0,
        1,
        2,
        3,
        3,
        4,
    ]


def test_unanswered_or_unknown_option_is_refused():
    answers = mid_answers()
    del answers["q5"]
    with pytest.raises(InvalidInput):
        compute_level("2024", answers, {})
    answers = mid_answers() | {"q2": ["q2a", "q2b"]}
    with pytest.raises(InvalidInput):
        compute_level("2024", answers, {})


def test_self_assessment_is_stored_in_the_history_and_updates_the_profile(app, make_user):
    user = make_user("enterprise")
    scenes = dict.fromkeys(
        ["产品设计", "营销管理", "生产管控", "工艺设计", "售后服务", "计划排程"], 2
    )
    record_assessment(user.organisation, user, answers=mid_answers(), scenes=scenes)
    history = level_history(user.organisation)
    assert [(a.kind, a.level, a.score) for a in history] == [("self", 2, Decimal("44.875"))]
    assert user.organisation.self_assessed_level == 2

"""The foundation: pilots as data, credit-code validation, the state machine and its log,
and the search index following commits."""

import pytest

from marketplace.extensions import db
from marketplace.services import indexing
from marketplace.services.credit_code import credit_code_problem, make_credit_code
from marketplace.services.errors import InvalidTransition
from marketplace.services.pilots import all_pilots
from marketplace.services.workflow import change_state, events_for


def test_five_pilots_with_their_seed_sub_industries(app):
    pilots = {
        p.name: [s.name for s in p.sub_industries if not s.is_extension] for p in all_pilots()
    }
    assert pilots["厦门"] == ["电子器件制造", "输配电及控制设备制造", "医疗仪器设备及耗材制造"]
    assert len(pilots["珠海"]) == 5
    assert len(pilots["福州"]) == 4
    assert len(pilots["沈阳"]) == 3
    assert len(pilots["呼和浩特"]) == 6


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("91110000802100433B", None),
        ("91110000802100433C", "check"),
        ("9111000080210043", "length"),
        ("91110000802100433I", "charset"),
        (" 91110000802100433b ", None),
    ],
)
def test_credit_code_check_character(code, problem):
    assert credit_code_problem(code) == problem


def test_generated_demo_codes_are_valid_and_distinct():
    codes = {make_credit_code(n) for n in range(500)}
    assert len(codes) == 500
    assert all(credit_code_problem(c) is None for c in codes)


def test_state_change_is_logged_with_actor_and_reason(app, make_product, make_user):
    official = make_user("official")
    product = make_product(status="pending")
    history = len(events_for(product))
    change_state(product, "rejected", official, "案例材料不完整")
    db.session.commit()
    (event,) = events_for(product)[history:]
    assert (event.from_state, event.to_state, event.actor_id, event.reason) == (
        "pending",
        "rejected",
        official.id,
        "案例材料不完整",
    )


def test_forbidden_transition_changes_nothing(app, make_product):
    product = make_product(status="draft")
    history = events_for(product)
    with pytest.raises(InvalidTransition):
        change_state(product, "approved")
    assert product.status == "draft"
    assert events_for(product) == history


def test_suspended_product_leaves_the_index_after_commit(app, make_product):
    product = make_product(name="注塑车间能耗监测平台", stages=("能耗管理",))
    assert [pid for pid, _ in indexing.search_product_ids("能耗监测")] == [product.id]
    change_state(product, "suspended", None, "投诉核查中")
    assert [pid for pid, _ in indexing.search_product_ids("能耗监测")] == [
        product.id
    ]  # not yet committed
    db.session.commit()
    assert indexing.search_product_ids("能耗监测") == []

"""`flask match train`: the learned re-ranker is put in use only when it beats the formula on
held-out needs; the decision persists with the model, and the officials' audit of a ranking
says which ranker ordered it and with what weights, in words."""

import json

import pytest
from flask_babel import refresh

from marketplace.extensions import db
from marketplace.services import ranking_log
from marketplace.services.matching import current_ranker, rank_products_for_need, reset_ranker
from marketplace.services.ranking_log import record_ranking
from search_index import ranker
from tests.test_i18n import switch_language

# Two warehouse products for one kind of need. The formula puts CLOSE first (its text is
# nearer the need's), but CLOSE costs far over every budget; enterprises ask for FITS, whose
# price is within budget: feedback that clearly favours the price feature.
CLOSE = {
    "name": "仓库扫码出入库与库位管理",
    "summary": "替代手写单据，扫码出入库，库位管理，随时知道库存",
    "description": "仓库进出库扫码登记替代手写单据，库位管理防止发错货，库存随时可查，账实相符。",
    "stages": ("仓储物流",),
    "pilot_price": "400000",
    "list_price": "450000",
}
FITS = {
    "name": "库存台账小程序",
    "summary": "库存台账",
    "description": "手机上记录库存台账。",
    "stages": ("仓储物流",),
    "pilot_price": "50000",
}
NEED = {
    "title": "仓库账实不符",
    "description": "仓库进出库靠手写单据，经常发错货，想扫码出入库、库位管理、随时知道库存。",
    "stages": ("仓储物流",),
}


@pytest.fixture
def plenty_of_feedback(monkeypatch):
    """The thresholds of a busy site, scaled to a test's handful of rows."""
    monkeypatch.setattr(ranker, "MIN_TRAINING_ROWS", 6)
    monkeypatch.setattr(ranking_log, "THIN_FEEDBACK", 4)


def train(runner, *args):
    result = runner.invoke(args=["match", "train", *args])
    assert result.exit_code == 0, result.output
    return result.output


def price_feedback(make_organisation, make_product, make_need, make_quote_request, needs=8):
    close = make_product(provider=make_organisation("provider"), **CLOSE)
    fits = make_product(provider=make_organisation("provider"), **FITS)
    posted = [make_need(**NEED) for _ in range(needs)]
    for need in posted:
        shown = rank_products_for_need(need)
        assert [m.product.id for m in shown] == [close.id, fits.id]  # the formula's order
        record_ranking(need, shown)
    db.session.commit()
    for need in posted:
        make_quote_request(need, fits.provider, product=fits)
    return close, fits, posted


def test_feedback_favouring_price_switches_to_the_learned_ranker_and_the_audit_shows_it(
    app,
    runner,
    client,
    login,
    make_user,
    make_organisation,
    make_product,
    make_need,
    make_quote_request,
    plenty_of_feedback,
):
    close, fits, needs = price_feedback(
        make_organisation, make_product, make_need, make_quote_request
    )
    output = train(runner)
    assert "feedback: 16 shown matches, 8 led to a quote request" in output
    assert "feedback is thin" not in output
    assert "formula formula-v2: nDCG@10 0.6309" in output  # FITS second: 1/log2(3)
    assert "learned lr-" in output
    assert "nDCG@10 1.0000" in output
    assert "the learned re-ranker wins" in output

    # in use from now on, and after a restart (the decision persists beside the model)
    reset_ranker()
    assert current_ranker().version.startswith("lr-")
    assert current_ranker().weights()["price"] > 0
    need = make_need(**NEED)
    assert [m.product.id for m in rank_products_for_need(need)] == [fits.id, close.id]

    # the officials' audit of the ranking says so, in words, with the weights
    login(make_user("official"))
    html = client.get(f"/supervision/needs/{need.id}").get_data(as_text=True)
    assert "从反馈学习的模型" in html
    assert "试点价与预算" in html
    assert "nDCG@10：公式 0.6309，学习模型 1.0" in html
    assert "scope_exact" not in html
    assert "retrieval" not in html
    switch_language(client, "en")
    html = client.get(f"/supervision/needs/{need.id}").get_data(as_text=True)
    refresh()
    assert "Learned from feedback" in html
    assert "Pilot price vs budget" in html
    assert f"{current_ranker().weights()['price']:.3f}" in html


def test_training_that_does_not_beat_the_formula_keeps_it(
    app,
    runner,
    client,
    login,
    make_user,
    make_organisation,
    make_product,
    make_need,
    make_quote_request,
    plenty_of_feedback,
):
    # enterprises ask for the product the formula already puts first: nothing to beat
    close = make_product(
        provider=make_organisation("provider"), **{**CLOSE, "pilot_price": "50000"}
    )
    other = make_product(provider=make_organisation("provider"), **FITS)
    needs = [make_need(**NEED) for _ in range(8)]
    for need in needs:
        record_ranking(need, rank_products_for_need(need))
    db.session.commit()
    for need in needs:
        make_quote_request(need, close.provider, product=close)
    report = json.loads(train(runner, "--json"))
    assert report["ndcg_formula"] == 1.0
    assert report["in_use"] == "formula"
    assert report["version"] == "formula-v2"
    assert report["saved"] is False
    reset_ranker()
    assert current_ranker().version == "formula-v2"
    need = make_need(**NEED)
    assert [m.product.id for m in rank_products_for_need(need)] == [close.id, other.id]
    login(make_user("official"))
    html = client.get(f"/supervision/needs/{need.id}").get_data(as_text=True)
    assert "人工设定的公式" in html
    assert "从反馈学习的模型" not in html.split("当前排序方式")[1].split("</dd>")[0]
    assert "0.400" in html  # the formula's stage weight


def test_thin_feedback_also_trains_on_the_dev_set_judgements_and_says_so(app, runner):
    output = train(runner, "--dev-set", "tests/data/match_dev")
    assert "feedback: 0 shown matches, 0 led to a quote request" in output
    assert "feedback is thin (fewer than 30 quote requests)" in output
    assert "graded dev-set judgements from" in output
    assert "tests/data/match_dev" in output
    assert output.count("nDCG@10") == 2
    report = ranker.read_decision(ranking_log.indexing.ranker_folder())
    assert 24 <= report["dev_rows"] <= 24 * 20  # each judged need's (at most) 20 best candidates
    assert report["held_out_needs"] == 6  # a quarter of the 24 judged needs
    assert (report["in_use"] == "learned") == (report["ndcg_learned"] > report["ndcg_formula"])

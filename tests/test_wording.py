"""Wording is data: every error code a service raises and every status of every transition
table has words in Chinese and English, and a state change made by a service reads in the
viewer's language on a supervision page and in an export.

The codes are found by reading the source (not by asking the catalogue), the states come from
the models, and the expected words for a few of them are written out here by hand."""

import ast
import csv
import io
import re
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook

from marketplace import wording
from marketplace.extensions import db
from marketplace.services import projects as project_service
from marketplace.services import quotes as quote_service
from marketplace.services.workflow import events_for
from models import Need, Organisation, PilotApplication, Product, Project, QuoteRequest
from tests.project_chain import file_project
from tests.test_i18n import switch_language

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")


def _source_trees():
    for folder in ("marketplace", "models"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _error_classes(trees) -> set[str]:
    """DomainError and every class that derives from it, however deep."""
    classes = {"DomainError"}
    grew = True
    while grew:
        grew = False
        for _path, tree in trees:
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.ClassDef)
                    and node.name not in classes
                    and any(getattr(base, "id", None) in classes for base in node.bases)
                ):
                    classes.add(node.name)
                    grew = True
    return classes


def raised_error_codes() -> dict[str, set[str]]:
    """code → files: class-level `code = "..."` of DomainError subclasses, and the codes of
    `X("code")` / `X(code="code")` for those classes. A code built at run time fails here."""
    trees = list(_source_trees())
    classes = _error_classes(trees)
    codes: dict[str, set[str]] = {}
    dynamic = []
    for path, tree in trees:
        where = str(path.relative_to(ROOT))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name in classes:
                for stmt in node.body:
                    if (
                        isinstance(stmt, ast.Assign)
                        and any(getattr(t, "id", None) == "code" for t in stmt.targets)
                        and isinstance(stmt.value, ast.Constant)
                    ):
                        codes.setdefault(stmt.value.value, set()).add(where)
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in classes:
                arg = node.args[0] if node.args else None
                arg = next((k.value for k in node.keywords if k.arg == "code"), arg)
                if arg is None:
                    continue
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    codes.setdefault(arg.value, set()).add(where)
                else:
                    dynamic.append(f"{where}:{node.lineno}")
    assert not dynamic, f"error codes must be literals so they can be worded: {dynamic}"
    return codes


RAISED = raised_error_codes()


def test_the_scan_finds_the_codes_services_raise():
    assert len(RAISED) > 100
    assert {"invalid_transition", "not_allowed", "invalid_input"} <= RAISED.keys()
    # the subsidy policy editor's codes, which once had no message
    assert {"unknown_kind", "item_code_label_required", "bad_number"} <= RAISED.keys()
    assert "marketplace/services/subsidy.py" in RAISED["bad_number"]


@pytest.mark.parametrize("code", sorted(RAISED))
def test_every_raised_error_code_has_a_message_in_both_languages(app, code):
    with app.test_request_context():
        with force_locale("zh"):
            fallback_zh = wording.error("a code nobody raises")
            chinese = wording.error(code)
        with force_locale("en"):
            fallback_en = wording.error("a code nobody raises")
            english = wording.error(code)
    if code != "domain_error":  # the base class's message is the general one
        assert chinese != fallback_zh, f"{code} ({sorted(RAISED[code])}) has no message"
        assert english != fallback_en
    assert CJK.search(chinese), chinese
    assert english != chinese
    assert not CJK.search(english), f"{code}: {english!r} is not English"
    assert re.search(r"[A-Za-z]{3}", english)


@pytest.mark.parametrize(
    ("error", "chinese", "english"),
    [
        ("not_allowed", "您没有权限执行此操作", "You are not allowed to do this"),
        ("payment_not_open", "该期补贴已登记拨付，或项目补贴尚未确认", None),
        ("unknown_kind", "政策中的费用类别无效", None),
    ],
)
def test_some_messages_say_what_we_wrote(app, error, chinese, english):
    with app.test_request_context():
        with force_locale("zh"):
            assert wording.error(error) == chinese
        if english:
            with force_locale("en"):
                assert wording.error(error) == english


def test_details_sharpen_the_message(app):
    from marketplace.services.errors import InvalidInput

    with app.test_request_context(), force_locale("en"):
        assert "18" in wording.error(InvalidInput("credit_code_invalid", problem="length"))
        assert "12 MB" in wording.error(InvalidInput("file_too_large", limit_mb=12))
        assert "软件X" in wording.error(InvalidInput("unknown_kind", kind="软件X"))


AGGREGATES = (Organisation, Product, Need, QuoteRequest, Project, PilotApplication)


def transition_states():
    for model in AGGREGATES:
        states = set(model.TRANSITIONS)
        for targets in model.TRANSITIONS.values():
            states |= set(targets)
        for state in sorted(states):
            yield model.__tablename__, state


@pytest.mark.parametrize(("aggregate", "state"), list(transition_states()))
def test_every_state_of_every_transition_table_has_a_label(app, aggregate, state):
    with app.test_request_context():
        with force_locale("zh"):
            chinese = wording.status(state, aggregate)
        with force_locale("en"):
            english = wording.status(state, aggregate)
    assert CJK.search(chinese), f"{aggregate}.{state} has no Chinese label"
    assert english not in (state, chinese)
    assert not CJK.search(english)


@pytest.mark.parametrize(
    ("aggregate", "state", "chinese", "english"),
    [
        ("projects", "rectifying", "限期整改", "Under rectification"),
        (
            "projects",
            "district_approved",
            "初审通过待复核",
            "District-approved, awaiting city review",
        ),
        ("projects", "subsidy_confirmed", "补贴已核定", "Subsidy confirmed"),
        ("quote_requests", "declined", "已婉拒", "Declined"),
        ("quote_requests", "not_selected", "未中选", "Not selected"),
        ("needs", "awarded", "已选定", "Awarded"),
        ("organisations", "removed", "已清退", "Removed"),
        ("products", "pending", "待审核", "Pending review"),
    ],
)
def test_status_labels_say_what_we_wrote(app, aggregate, state, chinese, english):
    with app.test_request_context():
        with force_locale("zh"):
            assert wording.status(state, aggregate) == chinese
        with force_locale("en"):
            assert wording.status(state, aggregate) == english


def test_old_free_text_reasons_show_as_typed_and_old_system_sentences_are_translated(app):
    with app.test_request_context(), force_locale("en"):
        assert wording.reason("价格信息缺失") == "价格信息缺失"
        assert wording.reason("已选定其他服务商") == "Another provider was selected"
        assert wording.reason("第2期拨付 5000.00 元") == "Instalment 2 paid: 5000.00 yuan"
        both = SimpleNamespace(
            reason_code="filing_submitted", reason_args=None, reason="请尽快审核"
        )
        assert wording.event_reason(both) == "Filing submitted: 请尽快审核"
        paid = SimpleNamespace(
            reason_code="instalment_paid",
            reason_args={"instalment": 1, "amount": "80.00"},
            reason=None,
        )
        assert wording.event_reason(paid) == "Instalment 1 paid: 80.00 yuan"


# --- the English interface, after state changes made by services -----------------------------


def test_english_supervision_pages_show_english_statuses_and_reasons(
    client, login, make_user, make_organisation, make_need, make_quote_request, make_quote
):
    enterprise = make_organisation("enterprise")
    need = make_need(enterprise=enterprise)
    winner, loser = make_organisation("provider"), make_organisation("provider")
    chosen, other = make_quote_request(need, winner), make_quote_request(need, loser)
    make_quote(chosen)
    make_quote(other)
    owner = make_user("enterprise", organisation=enterprise)
    quote_service.accept_quote(chosen, owner, revision=chosen.quote.revision)
    db.session.commit()
    assert events_for(other)[-1].reason_code == "other_provider_selected"

    login(make_user("official", "xiamen"))
    switch_language(client, "en")
    page = client.get(f"/supervision/needs/{need.id}").get_data(as_text=True)
    assert "Another provider was selected" in page
    assert "Not selected" in page
    assert "已选定其他服务商" not in page
    assert "未中选" not in page


def test_english_project_event_log_and_export_are_in_english(
    client, login, make_user, accepted_quote
):
    request = accepted_quote("xiamen")
    owner = make_user("enterprise", organisation=request.need.enterprise)
    project = project_service.create_project_from_quote(request, owner)
    file_project(
        project,
        owner,
        contract_no="HT-2025-009",
        end_on=date.today() + timedelta(days=60),
        plan="上线MES",
        target_level=2,
    )
    db.session.commit()
    codes = [e.reason_code for e in events_for(project)]
    assert codes == ["project_created_from_quote", "filing_submitted"]

    login(make_user("official", "xiamen"))
    switch_language(client, "en")
    url = f"/projects/enterprise/{project.enterprise_id}"
    page = client.get(url).get_data(as_text=True)
    assert "Created from the accepted quote" in page
    assert "Filing submitted" in page
    assert "由已中选报价生成" not in page

    book = load_workbook(io.BytesIO(client.get(f"{url}?format=xlsx").data))
    assert "Project events" in book.sheetnames
    events = list(book["Project events"].iter_rows(values_only=True))
    # times are local, and the header names the zone (services/exports.py)
    assert events[0] == ("Project", "Time (UTC+08:00)", "From", "To", "By", "Reason")
    assert [row[5] for row in events[1:]] == ["Created from the accepted quote", "Filing submitted"]
    assert events[-1][3] == "Filed, awaiting district review"

    text = client.get(f"{url}?format=csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert ["Item", "Content"] in rows
    assert not CJK.search(" ".join(r[0] for r in rows if r and r[0].startswith("【")))


def test_english_list_export_has_english_headers_and_statuses(
    client, login, make_user, make_product
):
    make_product(name="厦门MES", status="pending")
    login(make_user("official", "xiamen"))
    switch_language(client, "en")
    response = client.get("/supervision/products?format=csv")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["No.", "Product name", "Provider"]
    assert "Status" in rows[0]
    status_column = rows[0].index("Status")
    assert rows[1][status_column] == "Pending review"
    assert not any(CJK.search(h) for h in rows[0])

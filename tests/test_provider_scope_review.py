"""An approved provider's change of served cities or sub-industries goes back to review: the
approved scope stays live until the vetting official approves the change (it then goes live)
or rejects it with a reason the provider sees. A provider never approved edits its scope
directly. Every step is an event of the change."""

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import scope_changes
from marketplace.services.errors import InvalidInput, InvalidTransition, NotAllowed
from marketplace.services.profiles import update_provider_profile
from marketplace.services.workflow import events_for
from models import ProviderScopeChange
from tests.conftest import first_user, pilot
from tests.test_i18n import switch_language


def profile_form(org, pilots, subs, **changes) -> dict:
    """The provider profile form as the browser posts it."""
    form = {
        "name": org.name,
        "provider_type": org.provider_type,
        "local_service": org.local_service,
        "introduction": org.introduction or "专注离散制造业的设备联网。",
        "contact_name": org.contact_name,
        "contact_phone": org.contact_phone,
        "address": org.address,
        "served_pilot_ids": [p.id for p in pilots],
        "sub_industry_ids": [s.id for s in subs],
    }
    form.update(changes)
    return form


def names(rows) -> set[str]:
    return {row.name for row in rows}


@pytest.fixture
def widening(app, make_organisation):
    """An approved Xiamen provider that asks to serve Fuzhou too, with one Fuzhou
    sub-industry, through the profile service."""

    def make(status="approved"):
        provider = make_organisation("provider", status=status)
        xiamen, fuzhou = pilot("xiamen"), pilot("fuzhou")
        values = {
            "served_pilot_ids": [xiamen.id, fuzhou.id],
            "sub_industry_ids": [
                *(s.id for s in xiamen.sub_industries),
                fuzhou.sub_industries[0].id,
            ],
        }
        update_provider_profile(provider, values, first_user(provider))
        db.session.commit()
        return provider, fuzhou

    return make


def test_approved_provider_scope_change_waits_and_old_scope_stays_live(widening):
    provider, fuzhou = widening()
    assert names(provider.served_pilots) == {"厦门"}
    assert fuzhou.sub_industries[0] not in provider.served_sub_industries
    assert not provider.serves_pilot(fuzhou.id)
    change = provider.pending_scope_change
    assert change is not None
    assert names(change.pilots) == {"厦门", fuzhou.name}
    assert change.requested_by_id == first_user(provider).id
    [event] = events_for(change)
    assert (event.from_state, event.to_state, event.reason_code) == (
        None,
        "pending",
        "scope_change_requested",
    )


def test_vetting_official_approves_and_the_new_scope_goes_live(widening, reviewer):
    provider, fuzhou = widening()
    official = reviewer(provider.pilot)
    change = provider.pending_scope_change
    scope_changes.decide_scope_change(change, official, approve=True)
    db.session.commit()
    db.session.refresh(provider)
    assert provider.serves_pilot(fuzhou.id)
    assert fuzhou.sub_industries[0] in provider.served_sub_industries
    assert (change.status, change.decided_by_id) == ("approved", official.id)
    assert change.decided_at is not None
    assert provider.pending_scope_change is None
    assert [e.to_state for e in events_for(change)] == ["pending", "approved"]


def test_rejection_needs_a_reason_and_keeps_the_old_scope(widening, reviewer):
    provider, fuzhou = widening()
    official = reviewer(provider.pilot)
    change = provider.pending_scope_change
    with pytest.raises(InvalidInput) as refused:
        scope_changes.decide_scope_change(change, official, approve=False, reason="  ")
    db.session.rollback()
    assert refused.value.code == "reason_required"
    scope_changes.decide_scope_change(change, official, approve=False, reason="福州无服务网点")
    db.session.commit()
    assert change.status == "rejected"
    assert not provider.serves_pilot(fuzhou.id)
    [_, event] = events_for(change)
    assert (event.to_state, event.reason, event.actor_id) == (
        "rejected",
        "福州无服务网点",
        official.id,
    )
    # a decided change is not decided again
    with pytest.raises(InvalidTransition):
        scope_changes.decide_scope_change(change, official, approve=True)


def test_only_the_vetting_official_decides(widening, reviewer):
    provider, fuzhou = widening()
    change = provider.pending_scope_change
    for outsider in (reviewer(fuzhou), first_user(provider)):
        with pytest.raises(NotAllowed):
            scope_changes.decide_scope_change(change, outsider, approve=True)
        db.session.rollback()
    assert change.status == "pending"
    assert not provider.serves_pilot(fuzhou.id)


def test_a_second_edit_revises_the_waiting_change(widening):
    provider, fuzhou = widening()
    xiamen = pilot("xiamen")
    values = {"served_pilot_ids": [xiamen.id], "sub_industry_ids": [xiamen.sub_industries[0].id]}
    update_provider_profile(provider, values, first_user(provider))
    db.session.commit()
    changes = db.session.scalars(select(ProviderScopeChange)).all()
    assert len(changes) == 1
    assert changes[0].sub_industry_ids == [xiamen.sub_industries[0].id]
    assert [e.reason_code for e in events_for(changes[0])] == [
        "scope_change_requested",
        "scope_change_revised",
    ]
    # sending the live scope again (the form shows it) leaves the waiting change alone
    live = {
        "served_pilot_ids": [p.id for p in provider.served_pilots],
        "sub_industry_ids": [s.id for s in provider.served_sub_industries],
    }
    update_provider_profile(provider, live, first_user(provider))
    db.session.commit()
    assert provider.pending_scope_change.id == changes[0].id
    assert len(events_for(changes[0])) == 2


def test_provider_not_yet_approved_edits_its_scope_directly(widening):
    provider, fuzhou = widening(status="pending")
    assert provider.serves_pilot(fuzhou.id)
    assert provider.pending_scope_change is None
    assert db.session.scalars(select(ProviderScopeChange)).all() == []


def test_profile_form_stores_a_pending_change_and_the_page_shows_it(
    client, login, make_organisation
):
    provider = make_organisation("provider")
    xiamen, fuzhou = pilot("xiamen"), pilot("fuzhou")
    login(first_user(provider))
    subs = [*xiamen.sub_industries, fuzhou.sub_industries[0]]
    response = client.post(
        "/account/profile",
        data=profile_form(provider, [xiamen, fuzhou], subs),
        follow_redirects=True,
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    db.session.expire_all()
    assert not provider.serves_pilot(fuzhou.id)
    change = provider.pending_scope_change
    assert change.requested_by_id == first_user(provider).id
    assert "服务范围变更待审核" in page
    assert f"申请将服务城市改为 厦门、{fuzhou.name}" in page

    switch_language(client, "en")
    english = client.get("/account/profile").get_data(as_text=True)
    assert "Change of served scope awaiting review" in english


def test_review_queue_lists_the_change_and_the_official_approves_it(
    client, login, widening, reviewer
):
    provider, fuzhou = widening()
    official = login(reviewer(provider.pilot))
    queue = client.get("/supervision/review-queue?tab=scope").get_data(as_text=True)
    assert "服务范围变更 (1)" in queue
    assert provider.name in queue
    change = provider.pending_scope_change
    assert f"/supervision/scope-changes/{change.id}/approve" in queue
    # with nothing else waiting, the queue opens on the scope changes
    opened = client.get("/supervision/review-queue").get_data(as_text=True)
    assert f"/supervision/scope-changes/{change.id}/approve" in opened
    page = client.get(f"/supervision/providers/{provider.id}").get_data(as_text=True)
    assert "服务范围变更待审核" in page

    response = client.post(f"/supervision/scope-changes/{change.id}/approve", follow_redirects=True)
    assert response.status_code == 200
    db.session.expire_all()
    assert provider.serves_pilot(fuzhou.id)
    assert change.decided_by_id == official.id
    queue = client.get("/supervision/review-queue?tab=scope").get_data(as_text=True)
    assert "服务范围变更 (0)" in queue


def test_rejecting_in_the_queue_without_a_reason_is_refused_then_worded_to_the_provider(
    client, login, widening, reviewer
):
    provider, fuzhou = widening()
    change = provider.pending_scope_change
    login(reviewer(provider.pilot))
    response = client.post(
        f"/supervision/scope-changes/{change.id}/reject", data={"reason": ""}, follow_redirects=True
    )
    assert "请填写理由" in response.get_data(as_text=True)
    db.session.expire_all()
    assert change.status == "pending"
    client.post(f"/supervision/scope-changes/{change.id}/reject", data={"reason": "福州无服务网点"})
    db.session.expire_all()
    assert change.status == "rejected"

    login(first_user(provider))
    page = client.get("/account/profile").get_data(as_text=True)
    assert "服务范围变更未通过" in page
    assert "福州无服务网点" in page


def test_official_of_another_city_cannot_decide(client, login, widening, reviewer):
    provider, fuzhou = widening()
    change = provider.pending_scope_change
    login(reviewer(fuzhou))
    response = client.post(f"/supervision/scope-changes/{change.id}/approve")
    assert response.status_code == 404
    queue = client.get("/supervision/review-queue?tab=scope").get_data(as_text=True)
    assert provider.name not in queue
    db.session.expire_all()
    assert change.status == "pending"

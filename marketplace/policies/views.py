"""policies blueprint: the city's subsidy policy (奖补政策), its versions, and the editor that
publishes a new version; under /projects beside the projects the policy pays for."""

import json

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace import wording
from marketplace.extensions import db
from marketplace.policies.forms import PolicyVersionForm
from marketplace.routing import id_arg
from marketplace.services import subsidy as subsidy_service
from marketplace.services.errors import DomainError
from marketplace.services.pilots import all_pilots
from models.project import BUDGET_KINDS

bp = Blueprint("policies", __name__, url_prefix="/projects")


def _pilot_id() -> int:
    """The user's own city; admins pick any city (?pilot=), the first by default."""
    if current_user.home_pilot_id is not None:
        return current_user.home_pilot_id
    pilots = all_pilots()
    pilot_id = id_arg("pilot") or pilots[0].id
    if pilot_id not in {p.id for p in pilots}:
        abort(404)
    return pilot_id


def _publish(form: PolicyVersionForm, pilot_id: int) -> bool:
    """A new policy version from the editor; what is wrong with the rules is said under them."""
    try:
        rules = json.loads(form.rules.data)
        subsidy_service.create_policy_version(pilot_id, rules, current_user, form.change_note.data)
    except ValueError:
        form.rules.errors.append(_("不是有效的 JSON"))
        return False
    except DomainError as error:
        db.session.rollback()
        form.rules.errors.append(wording.error(error))
        return False
    db.session.commit()
    return True


@bp.route("/policy", methods=["GET", "POST"])
@login_required
def policy():
    pilot_id = _pilot_id()
    versions = subsidy_service.policy_versions(pilot_id)
    current = versions[0] if versions else None
    can_edit = subsidy_service.can_edit_policy(current_user, pilot_id)
    form = PolicyVersionForm(
        rules=json.dumps(current.rules, ensure_ascii=False, indent=2) if current else "{}"
    )
    if request.method == "POST" and not can_edit:
        abort(403)
    if form.validate_on_submit() and _publish(form, pilot_id):
        flash(_("已发布新版本政策；已立项的项目仍按原版本计算"), "success")
        return redirect(url_for("policies.policy"))
    return render_template(
        "policies/policy.html",
        versions=versions,
        current=current,
        form=form,
        can_edit=can_edit,
        budget_kinds=BUDGET_KINDS,
        pilots=all_pilots() if current_user.home_pilot_id is None else [],
        pilot_id=pilot_id,
    )

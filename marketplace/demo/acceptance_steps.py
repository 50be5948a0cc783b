"""The acceptance chain in the demo: one assessment agency and a second (reviewing) city
official per city, each city's subsidy budget, and the steps between the enterprise's request
and the city's verdict (板块初审, assignment, the agency's assessment), taken through the
services like every other demo step."""

import io
from decimal import ROUND_DOWN, Decimal

from werkzeug.datastructures import FileStorage

from marketplace.demo.common import EMAIL_DOMAIN
from marketplace.demo.organisations import CITY_SLUGS
from marketplace.demo.project_texts import story_of
from marketplace.demo.stories import (
    ASSESSMENT_FINDINGS,
    ASSESSMENT_SUMMARY,
    ASSESSOR_NAMES,
    BUDGET_ADJUST_NOTE,
    BUDGET_NOTE,
    EXCESS_REASON,
    MATERIALS_COMPLETE_NOTE,
    MATERIALS_MISSING_NOTE,
    REVIEWERS,
)
from marketplace.extensions import db
from marketplace.services import acceptance, assessments, subsidy_budget, subsidy_confirmation
from models import ASSESSOR, Organisation

FIRST_BUDGET = 5_000_000
# the city whose budget is adjusted so the dashboard shows the 80% warning
TIGHT_CITY, TIGHT_SHARE = "xiamen", 0.85
PLAUSIBLE_BUDGET = 1_000_000  # 元: below this the warning would be shown on a made-up budget


class AcceptanceSteps:
    def __init__(self, stories):
        self.stories = stories
        self.demo = stories.demo
        self.assessors: dict[str, object] = {}
        self.reviewers: dict[str, object] = {}

    def set_up(self) -> None:
        """Agencies, reviewing officials and a first budget for every city."""
        demo = self.demo
        start = demo.moment(100)
        for code, pilot in demo.pilots.items():
            slug = CITY_SLUGS[code]
            agency = Organisation(
                kind=ASSESSOR,
                name=ASSESSOR_NAMES[code],
                credit_code=demo.credit_code(code),
                pilot=pilot,
                status="approved",
                created_at=start,
            )
            db.session.add(agency)
            self.assessors[code] = demo.add_user(
                f"assessor.{slug}@{EMAIL_DOMAIN}",
                f"{ASSESSOR_NAMES[code]}评估组",
                "assessor",
                start,
                organisation=agency,
            )
            db.session.flush()
            demo.log(agency, "approved", self.assessors[code], start)
            self.reviewers[code] = demo.add_user(
                f"reviewer.{slug}@{EMAIL_DOMAIN}", REVIEWERS[code], "official", start, pilot=pilot
            )
            db.session.flush()
            budget = subsidy_budget.set_budget(
                pilot.id, demo.officials[code], FIRST_BUDGET, BUDGET_NOTE
            )
            budget.created_at = start

    def through_assessment(self, project, goal, steps, district_official) -> bool:
        """板块初审, assignment and the agency's assessment as far as `goal` goes; True when
        the project stops before the verdict."""
        code = project.enterprise.pilot.code
        official = self.demo.officials[code]
        stamped = self.stories.stamped
        if goal == "materials_returned":
            stamped(
                steps["materials"],
                acceptance.check_materials,
                project,
                district_official,
                False,
                ("contract",),
                MATERIALS_MISSING_NOTE,
            )
            return True
        stamped(
            steps["materials"],
            acceptance.check_materials,
            project,
            district_official,
            True,
            (),
            MATERIALS_COMPLETE_NOTE,
        )
        if goal == "materials_checked":
            return True
        agency = self.assessors[code]
        stamped(
            steps["assigned"], acceptance.assign_assessor, project, official, agency.organisation
        )
        project.current_assessment.assigned_at = steps["assigned"]
        level = project.level_after_self
        words = story_of(project.need, project.quote_request.product).words()
        findings = {
            dim: {"score": score, "finding": text.format(**words)}
            for dim, (score, text) in ASSESSMENT_FINDINGS.items()
        }
        if goal == "under_assessment":  # a draft: two dimensions so far, no report yet
            draft = dict(list(findings.items())[:2])
            assessments.save_draft(project, agency, draft, None, "")
            return True
        report = FileStorage(
            io.BytesIO(b"%PDF-1.4\n% demo assessment report\n"),
            filename=f"验收评估报告-{project.id:04d}.pdf",
        )
        assessments.save_draft(project, agency, findings, level, ASSESSMENT_SUMMARY, report)
        stamped(steps["assessed"], assessments.submit_assessment, project, agency)
        project.current_assessment.submitted_at = steps["assessed"]
        project.current_assessment.report.uploaded_at = steps["assessed"]
        return goal == "assessed"

    def propose_excess(self, project, steps) -> None:
        """An amount above the estimate, waiting for the city's second official."""
        official = self.demo.officials[project.enterprise.pilot.code]
        above = (project.subsidy_estimate or 0) + 20000
        self.stories.stamped(
            steps["confirmed"],
            subsidy_confirmation.confirm_subsidy,
            project,
            official,
            above,
            EXCESS_REASON,
        )
        project.pending_subsidy_approval.proposed_at = steps["confirmed"]

    def adjust_budgets(self) -> None:
        """A second version of one city's budget, so 85% of it stands committed or paid."""
        pilot = self.demo.pilots[TIGHT_CITY]
        use = subsidy_budget.budget_use(pilot.id)
        if use.used <= 0:
            return
        # rounded down, so the share shown is TIGHT_SHARE, not a hair below it
        amount = (use.used / Decimal(str(TIGHT_SHARE))).quantize(Decimal("1"), ROUND_DOWN)
        if amount < PLAUSIBLE_BUDGET:  # no city budgets a pilot in ten-thousands: keep the first
            return
        budget = subsidy_budget.set_budget(
            pilot.id, self.demo.officials[TIGHT_CITY], amount, BUDGET_ADJUST_NOTE
        )
        budget.created_at = self.demo.moment(3)

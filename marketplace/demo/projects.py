"""The demo projects: each accepted quote of the demo data set taken as far along the
lifecycle (立项 → 区县初审 → 市级复核 → 实施 → 验收 → 补贴) as its age allows, through the
project and subsidy services so the event log is the one real use would write; the events
are then dated back to when the story says they happened."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from marketplace.demo.acceptance_steps import AcceptanceSteps
from marketplace.demo.common import LOCAL_TZ
from marketplace.demo.project_texts import GO_LIVE_MILESTONE, story_of
from marketplace.demo.stories import (
    BENCHMARK_REASON,
    CANCEL_REASON,
    FAIL_REASON,
    RECTIFY_REASON,
    RETURN_REASONS,
)
from marketplace.extensions import db
from marketplace.services import acceptance, projects, subsidy, subsidy_confirmation
from marketplace.services.subsidy import load_policies
from marketplace.services.workflow import events_for
from models import Event, LevelAssessment

# The lifecycle stage each project reaches, oldest accepted quote first ("passed": 验收通过).
PROJECT_PLAN = (
    "paid",
    "paid",
    "subsidy_confirmed",
    "subsidy_confirmed",
    "passed",
    "subsidy_pending",
    "failed",
    "rectifying",
    "assessed",
    "under_assessment",
    "acceptance_requested",
    "materials_returned",
    "materials_checked",
    "rectifying",
    *("in_progress",) * 2,
    "district_approved",
    "district_approved",
    "filed",
    "filed",
    "returned",
    "draft",
    "draft",
    "cancelled",
)
# When each step happens, as a share of the time between acceptance and the load day.
PROJECT_STEPS = {
    "created": 0.02,
    "filed": 0.08,
    "district": 0.14,
    "city": 0.2,
    "acceptance": 0.7,
    "materials": 0.73,
    "assigned": 0.75,
    "assessed": 0.78,
    "result": 0.8,
    "confirmed": 0.88,
    "paid": 0.95,
}
# The goals that stop before the enterprise asks for acceptance: their work may still run.
BEFORE_ACCEPTANCE = ("cancelled", "draft", "filed", "returned", "district_approved", "in_progress")
FINISHED_BEFORE_ACCEPTANCE = timedelta(days=3)  # the last milestone is done, then the request


class ProjectStories:
    """Runs the projects of a demo builder (its officials, providers, awards and clock)."""

    def __init__(self, demo):
        self.demo = demo
        self.projects: list = []
        self.chain = AcceptanceSteps(self)
        self.rectifying_seen = 0

    def stamped(self, at: datetime, call, *args, **kwargs):
        """Run a lifecycle service and date the events it wrote to `at`."""
        db.session.flush()
        last = db.session.scalar(select(func.max(Event.id))) or 0
        result = call(*args, **kwargs)
        db.session.flush()
        for event in db.session.scalars(select(Event).where(Event.id > last)):
            event.at = at
        return result

    def create_projects(self) -> None:
        """One project per accepted quote; the oldest acceptances got furthest."""
        load_policies()
        self.chain.set_up()
        day_start = self.demo.moment(0)
        goals = list(PROJECT_PLAN)
        for index, (accepted_at, request, user) in enumerate(
            sorted(self.demo.awards, key=lambda a: a[0])
        ):
            # a city whose policy has no figures yet (福州) pays nothing: no subsidy stage there
            policy = subsidy.current_policy(request.need.pilot_id)
            pays = bool(policy and policy.rules.get("items"))
            goal = next(
                (
                    g
                    for g in goals
                    if pays or g not in ("paid", "subsidy_confirmed", "subsidy_pending")
                ),
                "draft",
            )
            if goal in goals:
                goals.remove(goal)
            span = day_start - accepted_at - timedelta(hours=12)
            steps = {name: accepted_at + span * share for name, share in PROJECT_STEPS.items()}
            project = self.run_project(request, user, goal, steps, index)
            self.projects.append(project)
            for assessment in db.session.scalars(
                select(LevelAssessment).where(LevelAssessment.project_id == project.id)
            ):
                assessment.created_at = (
                    project.accepted_at
                    if assessment.kind == "certified"
                    else project.acceptance_requested_at
                )
            project.updated_at = max(e.at for e in events_for(project))
        self.chain.adjust_budgets()
        return self.projects

    def run_project(self, request, user, goal, steps, index):
        need, provider = request.need, request.provider
        enterprise = need.enterprise
        pilot = enterprise.pilot
        official = self.demo.officials[pilot.code]
        district_official = self.demo.district_officials[enterprise.district_id]
        provider_user = next(p.user for p in self.demo.providers if p.org is provider)
        project = self.stamped(steps["created"], projects.create_project_from_quote, request, user)
        project.created_at = project.updated_at = steps["created"]
        if goal == "cancelled":
            self.stamped(steps["filed"], projects.cancel_project, project, user, CANCEL_REASON)
            return project
        if goal == "draft":
            return project
        self.file(project, user, provider, request, steps, index, goal)
        if goal == "filed":
            return project
        if goal == "returned":
            self.stamped(
                steps["district"],
                projects.review_project_district,
                project,
                district_official,
                False,
                RETURN_REASONS[index % len(RETURN_REASONS)],
            )
            return project
        self.stamped(
            steps["district"],
            projects.review_project_district,
            project,
            district_official,
            True,
            "材料齐全，同意报市级复核。",
        )
        if goal == "district_approved":
            return project
        self.stamped(steps["city"], projects.approve_project_city, project, official, True)
        project.approved_at = steps["city"]
        if pilot.code == "zhuhai" and index % 4 == 1:  # 标杆: the city's evaluation
            self.stamped(
                steps["city"], subsidy.set_benchmark, project, official, True, BENCHMARK_REASON
            )
        self.progress(project, user, provider_user, official, steps, goal, index)
        if goal == "in_progress":
            return project
        self.request_acceptance(project, user, steps, index)
        if goal == "acceptance_requested":
            return project
        if self.chain.through_assessment(project, goal, steps, district_official):
            return project
        level = project.level_after_self
        if goal == "rectifying":
            deadline = max(self.demo.today, date.today()) + timedelta(days=20)
            self.stamped(
                steps["result"],
                acceptance.record_acceptance_result,
                project,
                official,
                "rectify",
                rectify_deadline=deadline,
                reason=RECTIFY_REASON,
            )
            if self.rectifying_seen:  # the second one let its deadline pass (the dashboard)
                project.rectify_deadline = self.demo.today - timedelta(days=5)
            self.rectifying_seen += 1
            return project
        if goal == "failed":
            self.stamped(
                steps["result"],
                acceptance.record_acceptance_result,
                project,
                official,
                "failed",
                reason=FAIL_REASON,
            )
            return project
        self.stamped(
            steps["result"],
            acceptance.record_acceptance_result,
            project,
            official,
            "passed",
            certified_level=level,
        )
        project.accepted_at = steps["result"]
        if goal == "passed":
            return project
        if goal == "subsidy_pending":
            self.chain.propose_excess(project, steps)
            return project
        self.stamped(steps["confirmed"], subsidy_confirmation.confirm_subsidy, project, official)
        project.subsidy_confirmed_at = steps["confirmed"]
        for n, payment in enumerate(project.payments):
            payment.scheduled_on = (steps["confirmed"] + timedelta(days=7 + 365 * n)).date()
        if goal == "paid" or len(project.payments) > 1:
            # 厦门 pays in two instalments: the first one is paid, the second waits a year
            to_pay = (
                project.payments
                if goal == "paid" and len(project.payments) == 1
                else project.payments[:1]
            )
            for payment in to_pay:
                payment.scheduled_on = steps["paid"].date()
                self.stamped(
                    steps["paid"],
                    subsidy_confirmation.record_payment,
                    payment,
                    official,
                    paid_on=steps["paid"].date(),
                    voucher_no=f"CZ{steps['paid']:%Y%m%d}{project.id:04d}",
                )
        return project

    def local_day(self, at: datetime) -> date:
        return at.astimezone(LOCAL_TZ).date()

    def file(self, project, user, provider, request, steps, index, goal) -> None:
        """立项: contract, plan, budget and the 1+1+N parties, then submit. The work starts
        two days after the city's approval is due and, for a project that reaches acceptance,
        ends three days before the enterprise asks for it."""
        pilot = project.enterprise.pilot
        sub = project.enterprise.sub_industry
        local = [p.org for p in self.demo.serving(pilot, sub) if p.org is not provider]
        lead = next((o for o in local if o.provider_type == "牵引单位"), None)
        integrator = next((o for o in local if o.provider_type == "集成服务商"), None)
        if provider.provider_type == "牵引单位":
            lead_id, integrator_id = provider.id, getattr(integrator, "id", None)
        else:
            lead_id, integrator_id = getattr(lead, "id", None), provider.id
        vendors = [o.id for o in local if o.id not in (lead_id, integrator_id)][:1]
        signed = min(steps["created"] + timedelta(days=1), steps["filed"])
        start = self.local_day(steps["city"] + timedelta(days=2))
        if goal in BEFORE_ACCEPTANCE:
            end = start + timedelta(days=max(30, request.quote.delivery_days + 15))
        else:
            end = self.local_day(steps["acceptance"] - FINISHED_BEFORE_ACCEPTANCE)
        product = request.product
        story = story_of(project.need, product)
        self.stamped(
            steps["filed"],
            projects.update_filing,
            project,
            user,
            contract_no=f"SZT-{pilot.code.upper()}-{signed:%Y}-{project.id:04d}",
            contract_signed_on=self.local_day(signed),
            start_on=start,
            end_on=end,
            plan=story.plan(project.need.title, (end - start).days),
            target_level=project.target_level or 2,
            budget=project.budget_by_kind(),
            lead_id=lead_id,
            integrator_id=integrator_id,
            vendor_ids=vendors if index % 3 == 0 else [],
            is_first_cloud=pilot.code == "xiamen" and product.delivery_mode == "SaaS",
        )
        filed_on = self.local_day(steps["filed"])  # the round of that day
        self.stamped(steps["filed"], projects.file_project, project, user, None, filed_on)
        project.filed_at = steps["filed"]

    def progress(self, project, user, provider_user, official, steps, goal, index) -> None:
        """Milestones, progress reports and a spot check while the work goes on, in the
        words of the project's story."""
        story = story_of(project.need, project.quote_request.product)
        start, end = project.start_on, project.end_on
        length = (end - start).days
        today_local = self.demo.today
        titles = story.milestones()
        made = []
        for n, title in enumerate(titles):
            due = start + timedelta(days=round(length * (n + 1) / len(titles)))
            milestone = projects.add_milestone(project, user, title, due)
            milestone.created_at = steps["city"]
            finished = goal != "in_progress" or due < today_local - timedelta(days=2)
            # two projects in progress are late: a milestone past due and not done
            if goal == "in_progress" and index % 3 == 0 and n == 1 and due < today_local:
                finished = False
            if finished and due < today_local:
                milestone.done_on = due - timedelta(days=n % 2)
            made.append(milestone)
        done = [m for m in made if m.done_on]
        for n, milestone in enumerate(done[:2]):
            percent = round(100 * (n + 1) / len(titles))
            report = projects.report_progress(
                project, provider_user, story.progress(n, milestone.title), percent, milestone
            )
            report.created_at = datetime.combine(
                milestone.done_on, time(17, 0), tzinfo=self.demo.tz
            )
        if index % 2 == 0:
            checked = steps["city"] + (steps["acceptance"] - steps["city"]) / 2
            live = made[GO_LIVE_MILESTONE].done_on
            outcome, finding = story.spot_check(
                index, live is not None and live <= self.local_day(checked)
            )
            check = projects.record_spot_check(
                project, official, finding, outcome, self.local_day(checked)
            )
            check.created_at = checked

    def request_acceptance(self, project, user, steps, index) -> None:
        """验收申请: the invoice and payment of the contract, and a self-evaluation that says
        how long the system has run (since its deployment milestone was done)."""
        at = steps["acceptance"]
        total = project.budget_total
        for kind, prefix in (("invoice", "FP"), ("payment", "YH")):
            record = acceptance.add_financial_record(
                project,
                user,
                kind,
                total,
                (at - timedelta(days=3)).date(),
                number=f"{prefix}{at:%Y%m%d}{project.id:04d}",
            )
            record.created_at = at - timedelta(hours=2)  # entered just before the request
        level_before = project.enterprise.self_assessed_level or 1
        level_after = max(2, project.target_level or 2)
        story = story_of(project.need, project.quote_request.product)
        deployed = sorted(project.milestones, key=lambda m: m.due_on)[GO_LIVE_MILESTONE]
        self.stamped(
            at,
            acceptance.request_acceptance,
            project,
            user,
            story.self_evaluation(deployed.done_on, self.local_day(at)),
            level_before,
            level_after,
        )
        project.acceptance_requested_at = at

"""The demo's pilot admission: every city has an earlier round (its window closed, 立项
still open) and a round open on the load day. The enterprises whose quotes became projects
were admitted in the earlier round before they filed; the others stand at every step of an
application in the open round (submitted, returned, checked, admitted, rejected, removed, or
not applied), all through the admission services, each event dated to when it happened."""

from datetime import timedelta

from sqlalchemy import func, select

from marketplace.demo.common import LOCAL_TZ
from marketplace.extensions import db
from marketplace.services import admission, rounds
from models import Event

# (name, opens, closes, 立项 deadline, acceptance deadline) in days from the load day
ROUNDS = (
    ("第1批", -100, -50, 20, 200),
    ("第2批", -40, 30, 90, 300),
)
# where the enterprises without a project stand, in turn within each city
STATES = ("submitted", "returned", "district_checked", "admitted", "rejected", "removed", None)
PATHS = {
    "submitted": ["submitted"],
    "returned": ["submitted", "returned"],
    "district_checked": ["submitted", "district_checked"],
    "admitted": ["submitted", "district_checked", "admitted"],
    "rejected": ["submitted", "district_checked", "rejected"],
    "removed": ["submitted", "district_checked", "admitted", "removed"],
}
RETURN_REASON = "上年度财务报表未加盖公章，请补充盖章页后重新提交"
REJECT_REASON = "主营产品不属于本市试点细分行业，本批次不予入库"
REMOVE_REASON = "入库后未按计划开展数字化改造，经核查予以移出（动态调整）"
# days after the application each step happens
STEP_DAYS = {"submitted": 0, "returned": 3, "district_checked": 3, "admitted": 6, "rejected": 6}
REMOVED_DAYS = 14


class AdmissionStories:
    def __init__(self, demo):
        self.demo = demo
        self.rounds: dict[str, list] = {}

    def create(self) -> None:
        self.open_rounds()
        with_projects = {request.need.enterprise_id for _, request, _ in self.demo.awards}
        turn: dict[str, int] = {}
        for org, user in self.demo.enterprises:
            if org.id in with_projects:
                self.apply(org, user, 0, ["submitted", "district_checked", "admitted"], 88)
                continue
            code = org.pilot.code
            state = STATES[turn.get(code, 0) % len(STATES)]
            turn[code] = turn.get(code, 0) + 1
            if state is not None:
                self.apply(org, user, 1, PATHS[state], 34 - (turn[code] * 3) % 18)

    def open_rounds(self) -> None:
        today = self.demo.today
        for code, pilot in self.demo.pilots.items():
            official = self.demo.officials[code]
            year = (today + timedelta(days=ROUNDS[0][1])).year
            self.rounds[code] = []
            for name, opens, closes, filing, acceptance in ROUNDS:
                made = rounds.create_round(
                    pilot,
                    official,
                    rounds.RoundData(
                        f"{year}年{name}",
                        today + timedelta(days=opens),
                        today + timedelta(days=closes),
                        today + timedelta(days=filing),
                        today + timedelta(days=acceptance),
                    ),
                )
                made.created_at = self.demo.moment(-opens + 7)
                self.rounds[code].append(made)

    def apply(self, org, user, round_index: int, steps: list[str], days_ago: int) -> None:
        """Apply `days_ago` days before the load day and take the steps after it."""
        demo = self.demo
        city_official = demo.officials[org.pilot.code]
        district_official = demo.district_officials[org.district_id]
        applied = demo.moment(days_ago, demo.minute())
        data = admission.ApplicationData(
            employee_count=org.employee_count,
            revenue_wan=org.employee_count * 45,
            is_independent_legal_person=True,
            has_clean_credit=True,
            digital_level=org.self_assessed_level,
            materials=list(admission.requirements(org.pilot)["materials"]),
        )
        day = applied.astimezone(LOCAL_TZ).date()
        application = self.stamped(applied, admission.save_application, org, user, data, day)
        application.created_at = applied
        for step in steps:
            at = applied + timedelta(days=STEP_DAYS.get(step, REMOVED_DAYS), hours=1)
            if step == "submitted":
                self.stamped(at, admission.submit_application, application, user, day)
                application.submitted_at = at
            elif step in ("district_checked", "returned"):
                passed = step == "district_checked"
                self.stamped(
                    at,
                    admission.check_application,
                    application,
                    district_official,
                    passed,
                    "" if passed else RETURN_REASON,
                )
            elif step in ("admitted", "rejected"):
                admitted = step == "admitted"
                self.stamped(
                    at,
                    admission.decide_application,
                    application,
                    city_official,
                    admitted,
                    "" if admitted else REJECT_REASON,
                )
                application.decided_at = at
            elif step == "removed":
                self.stamped(
                    at, admission.remove_from_pilot, application, city_official, REMOVE_REASON
                )

    @staticmethod
    def stamped(at, call, *args):
        """Run an admission service and date the events it wrote to `at`."""
        db.session.flush()
        last = db.session.scalar(select(func.max(Event.id))) or 0
        result = call(*args)
        db.session.flush()
        for event in db.session.scalars(select(Event).where(Event.id > last)):
            event.at = at
        return result

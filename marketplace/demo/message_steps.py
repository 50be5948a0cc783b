"""Demo conversations, written through services/messages.py: an enterprise asking about a
quote it received, a provider asking before it quotes, and on projects in progress or
waiting for acceptance the provider, the enterprise and the district official. Each thread
speaks of its own need and product (the words of `project_texts.story_of`) and is dated
after what it answers. Then the day's deadline reminders (`notify_due`), as the daily job
would write them on the load day."""

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, select, update

from marketplace.demo.common import LOCAL_TZ
from marketplace.demo.project_texts import story_of
from marketplace.extensions import db
from marketplace.services.messages import post_message
from marketplace.services.notifications import notify_due
from models import Event, Notification, User

QUOTE_QUESTIONS = (
    (
        "enterprise",
        "报价收到了，谢谢。想确认两点：{product}上线后给{people}安排几次培训？"
        "报价里的实施人天包不包括{data}的历史资料导入？",
    ),
    (
        "provider",
        "您好，培训按报价里的场次安排，上线后一周内可以再加一次现场答疑；{data}近一年的"
        "历史资料导入包含在实施人天里，不另收费。",
    ),
)
CLARIFY_QUESTIONS = (
    (
        "provider",
        "您好，收到{product}的询价。为了报得准一些，想先了解一下：{data}现在是怎么记录的，"
        "{people}大概有多少人要用？方便的话我们下周去厂里看一下。",
    ),
    (
        "enterprise",
        "现在主要是纸质表格加 Excel，{people}十来个人要用。下周二上午厂里有人，来之前打电话给我就行。",
    ),
)
PROGRESS_THREAD = (
    (
        "provider",
        "“{done}”已经完成，进度报告已提交。下一步“{next}”需要{people}配合，请帮忙安排半天时间。",
    ),
    ("enterprise", "好的，周四下午可以，我通知{people}参加。"),
    (
        "official",
        "请在下一次进度报告中附上“{next}”的现场照片和实施日志，区里近期安排抽查。",
    ),
    ("provider", "收到，“{next}”完成后一并上传。"),
)
ACCEPTANCE_THREAD = (
    (
        "official",
        "验收申请已收到。请补充上线前后{data}的对比情况（可附截图），便于第三方评估。",
    ),
    ("enterprise", "好的，这周内补充上传，{product}的使用记录也一起导出。"),
)
READ_AFTER_DAYS = 30  # a demo user has read what came more than a month ago
# hours between one message of a thread and the next
GAPS = (0, 3, 24, 27)


class MessageSteps:
    def __init__(self, demo):
        self.demo = demo
        # the last moment a demo message may be written: the afternoon before the load day
        self.latest = demo.moment(1, 7 * 60)

    def create(self) -> None:
        quoted = [(r, r.quote.submitted_at) for r in self.demo.requests if r.status == "quoted"]
        for request, after in self._one_per_city(quoted, QUOTE_QUESTIONS):
            self.thread(request, after, QUOTE_QUESTIONS, request)
        asked = [(r, r.created_at) for r in self.demo.requests if r.status == "requested"]
        for request, after in self._one_per_city(asked, CLARIFY_QUESTIONS):
            self.thread(request, after, CLARIFY_QUESTIONS, request)
        for project in self.demo.projects:
            done = [m for m in project.milestones if m.done_on]
            waiting = [m for m in project.milestones if not m.done_on]
            if project.status == "in_progress" and done and waiting:
                after = datetime.combine(done[-1].done_on, time(17, 0), tzinfo=LOCAL_TZ)
                words = {"done": done[-1].title, "next": waiting[0].title}
                if self.fits(after, PROGRESS_THREAD):
                    self.thread(project, after, PROGRESS_THREAD, project.quote_request, words)
            elif project.status == "acceptance_requested":
                after = project.acceptance_requested_at
                if self.fits(after, ACCEPTANCE_THREAD):
                    self.thread(project, after, ACCEPTANCE_THREAD, project.quote_request)
        date_notifications(self.demo)
        notify_due(self.demo.today)

    def start_of(self, after: datetime) -> datetime:
        """The morning after `after`: people answer the next working day."""
        day = after.astimezone(LOCAL_TZ).date() + timedelta(days=1)
        return datetime.combine(day, time(9, 30), tzinfo=LOCAL_TZ)

    def fits(self, after: datetime, lines) -> bool:
        """The whole thread is written before the load day."""
        return self.start_of(after) + timedelta(hours=GAPS[len(lines) - 1]) < self.latest

    def _one_per_city(self, rows, lines) -> list:
        """The first row of each city whose thread fits before the load day."""
        seen, chosen = set(), []
        for request, after in rows:
            city = request.need.pilot_id
            if city not in seen and self.fits(after, lines):
                seen.add(city)
                chosen.append((request, after))
        return chosen

    # --- writing --------------------------------------------------------------------------

    def authors(self, request) -> dict[str, User]:
        enterprise = request.need.enterprise
        return {
            "enterprise": next(u for o, u in self.demo.enterprises if o is enterprise),
            "provider": next(p.user for p in self.demo.providers if p.org is request.provider),
            "official": self.demo.district_officials.get(enterprise.district_id),
        }

    def thread(self, subject, after: datetime, lines, request, extra=None) -> None:
        """Post `lines` to the thread of `subject`, the first the morning after `after`."""
        words = story_of(request.need, request.product).words() | (extra or {})
        authors = self.authors(request)
        start = self.start_of(after)
        for n, (role, text) in enumerate(lines):
            if authors[role] is not None:
                at = start + timedelta(hours=GAPS[n])
                self.post(subject, authors[role], text.format(**words), at.astimezone(UTC))

    def post(self, subject, author, body: str, at: datetime) -> None:
        db.session.flush()
        last = db.session.scalar(select(func.max(Event.id))) or 0
        message = post_message(subject, author, body)
        message.created_at = at
        for event in db.session.scalars(select(Event).where(Event.id > last)):
            event.at = at


def date_notifications(demo) -> None:
    """Every notification of a demo event is dated as its event (they were written at load
    time); those older than a month have been read, so the unread ones are the work at hand."""
    db.session.flush()
    when = select(Event.at).where(Event.id == Notification.event_id).scalar_subquery()
    db.session.execute(
        update(Notification).where(Notification.event_id.is_not(None)).values(created_at=when)
    )
    month_ago = demo.moment(READ_AFTER_DAYS)
    db.session.execute(
        update(Notification)
        .where(Notification.created_at < month_ago, Notification.read_at.is_(None))
        .values(read_at=Notification.created_at)
    )

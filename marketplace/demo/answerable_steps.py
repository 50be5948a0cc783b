"""Demo step: providers answerable for their work. Ratings on the projects that passed
acceptance (a few answered by the provider), complaints in every state, and one blacklist
entry (the suspended provider, under 珠海's "投诉较多且未及时有效解决"). Made through the
services, then dated into the story (every time is before the load day)."""

import random
from datetime import timedelta

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import blacklist, complaints, ratings
from marketplace.services.workflow import events_for
from models import Complaint, Event, Organisation, QuoteRequest, User

SEED = 20261201
COMMENTS = (
    (5, "上线比计划提前一周，现场工程师很专业，数据看板车间主任天天在用。"),
    (4, "整体满意，接口联调花的时间比预想长，但最后都按合同交付了。"),
    (5, "培训到位，操作工一周就能独立报工，售后响应快。"),
    (3, "功能能用，但个性化报表改了三轮才满足要求。"),
    (4, "价格实在，按期完成验收，希望后续运维继续保持。"),
    (2, "实施人员更换频繁，进度拖了近一个月，最后靠我们催才完成。"),
)
REPLIES = (
    "感谢认可，我们会按约定做好后续运维和季度回访。",
    "抱歉联调耽误了时间，已把接口文档整理成标准件，后续项目会更快。",
)
# (category, description, final status) of the complaints, one per state
COMPLAINTS = (
    ("service", "报价后承诺三天内上门调研，至今未见人，电话也不接。", "filed"),
    ("delay", "合同约定的设备联网节点已延误两周，没有书面说明。", "overdue"),
    ("price", "报价单中的实施费与口头沟通的不一致，要求说明。", "responded"),
    ("quality", "条码打印模板多次出错，影响发货。", "mediated"),
    ("contract", "未经同意更换了合同约定的硬件品牌。", "upheld"),
    ("other", "认为服务商回复询价太慢。", "dismissed"),
)
RESPONSES = {
    "responded": "实施费含两次现场培训，已把明细补充到报价单附件。",
    "mediated": "已更换模板并加做一次打印测试，请企业确认。",
    "upheld": "品牌更换是因原型号停产，未及时书面告知，我们接受处理。",
    "dismissed": "询价在两个工作日内已答复，附聊天记录。",
}
OUTCOMES = {
    "mediated": "经市工信局组织双方沟通，服务商重做模板并延长一个月免费维护，企业同意。",
    "upheld": "更换品牌未经企业书面同意，投诉成立，记入服务商绩效评价。",
    "dismissed": "询价记录显示服务商48小时内已报价，投诉不予支持。",
    "overdue": "服务商逾期未答复，经核实节点确已延误，投诉成立。",
}


def _first_user(org_id: int) -> User:
    return db.session.scalar(
        select(User).where(User.organisation_id == org_id).order_by(User.id).limit(1)
    )


def add_answerable_story(builder) -> None:
    rng = random.Random(SEED)
    _ratings(builder, rng)
    _complaints(builder)
    _blacklist(builder)
    db.session.flush()


def _ratings(builder, rng) -> None:
    passed = [p for p in builder.projects if p.has_passed_acceptance and p.provider_id]
    for index, project in enumerate(passed):
        score, comment = COMMENTS[index % len(COMMENTS)]
        aspects = {
            aspect: max(1, min(5, score + rng.choice((-1, 0, 0, 1))))
            for aspect in ("quality", "timeliness", "responsiveness", "value")
        }
        owner = _first_user(project.enterprise_id)
        rating = ratings.rate_provider(project, project.provider_id, owner, aspects, comment)
        at = (project.accepted_at or builder.moment(3)) + timedelta(days=1)
        rating.created_at = min(at, builder.moment(1))
        if index < len(REPLIES):
            ratings.reply_to_rating(rating, _first_user(project.provider_id), REPLIES[index])
            rating.replied_at = rating.created_at + timedelta(hours=20)


def _subjects(builder) -> list[QuoteRequest]:
    """Quote requests that got an answer, one enterprise each, in a fixed order."""
    seen, chosen = set(), []
    for request in builder.requests:
        if (
            request.status in ("quoted", "accepted", "not_selected")
            and request.need.enterprise_id not in seen
        ):
            seen.add(request.need.enterprise_id)
            chosen.append(request)
    return chosen[: len(COMPLAINTS)]


def _complaints(builder) -> None:
    for (category, description, final), request in zip(
        COMPLAINTS, _subjects(builder), strict=False
    ):
        enterprise = request.need.enterprise
        owner = _first_user(enterprise.id)
        complaint = complaints.file_complaint(
            request, request.provider_id, owner, category, description
        )
        official = builder.officials[enterprise.pilot.code]
        filed_days_ago = {"filed": 1, "overdue": 12}.get(final, 20)
        filed_at = builder.moment(filed_days_ago, 60)
        if final in RESPONSES:
            provider_user = _first_user(request.provider_id)
            complaints.respond_to_complaint(complaint, provider_user, RESPONSES[final])
            complaint.responded_at = filed_at + timedelta(days=2)
        if final == "overdue":
            complaint.respond_by = filed_at.date() + timedelta(days=5)  # a week past it now
        elif final in OUTCOMES:
            complaints.handle_complaint(complaint, official, final, OUTCOMES[final])
            complaint.handled_at = filed_at + timedelta(days=6)
        if final != "overdue":
            complaint.respond_by = filed_at.date() + timedelta(days=5)
        complaint.created_at = filed_at
        _date_story(complaint, filed_at)


def _date_story(complaint: Complaint, filed_at) -> None:
    """Filed, responded, handled: two days apart, each before the load day."""
    db.session.flush()
    for step, event in enumerate(events_for(complaint)):
        event.at = filed_at + timedelta(days=2 * step)


def _blacklist(builder) -> None:
    """The suspended demo provider, barred for three years under 珠海's rule."""
    suspended = db.session.scalar(
        select(Organisation)
        .where(Organisation.kind == "provider", Organisation.status == "suspended")
        .order_by(Organisation.id)
        .limit(1)
    )
    if suspended is None:
        return
    official = builder.officials[suspended.pilot.code]
    at = builder.moment(5, 30)
    entry = blacklist.blacklist(
        official,
        suspended.credit_code,
        "unresolved_complaints",
        "试点期内收到企业投诉5件，3件逾期未答复，经约谈仍未整改。",
        starts_on=at.date(),
    )
    entry.created_at = at
    db.session.flush()
    for event in db.session.scalars(
        select(Event).where(Event.subject_type == entry.__tablename__, Event.subject_id == entry.id)
    ):
        event.at = at

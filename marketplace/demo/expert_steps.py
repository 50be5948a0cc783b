"""Demo step: expert review in 福州 (and a pool for 珠海), the two cities whose data says
`review_mode: panel`. Three new 福州 products of 福州闽织云 tell the story: one with its panel
scoring (the demo expert `expert.fuzhou@demo.cn` still to score), one in its 公示, and one past
(an objection upheld during the notice: rejected, never listed). Made through the services,
then dated into the story (every time before the load day); no listed product is added, so the
catalog keeps its count."""

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from marketplace.demo.common import DEMO_PASSWORD, EMAIL_DOMAIN
from marketplace.extensions import db
from marketplace.services import expert_panels as panels
from marketplace.services import products
from marketplace.services.experts import create_expert_user, declare_conflict
from marketplace.services.workflow import events_for
from models import Organisation, User

# (email, name, affiliation, stages)
EXPERTS = {
    "fuzhou": (
        (
            f"expert.fuzhou@{EMAIL_DOMAIN}",
            "陈立新",
            "福州大学机械工程及自动化学院",
            ("设备管理", "生产管控"),
        ),
        (
            f"expert.fuzhou.2@{EMAIL_DOMAIN}",
            "林晓岚",
            "国家工业信息安全发展研究中心",
            ("质量管理", "决策支持"),
        ),
        (
            f"expert.fuzhou.3@{EMAIL_DOMAIN}",
            "黄志诚",
            "福建省纺织工程学会",
            ("能耗管理", "生产管控"),
        ),
        (
            f"expert.fuzhou.4@{EMAIL_DOMAIN}",
            "郑雅琴",
            "中国信息通信研究院（福建）",
            ("计划排程", "仓储物流"),
        ),
        (
            f"expert.fuzhou.5@{EMAIL_DOMAIN}",
            "吴国栋",
            "闽江学院计算机与大数据学院",
            ("质量管理", "能耗管理"),
        ),
    ),
    "zhuhai": (
        (
            f"expert.zhuhai@{EMAIL_DOMAIN}",
            "梁嘉敏",
            "珠海科技学院智能制造学院",
            ("生产管控", "质量管理"),
        ),
        (
            f"expert.zhuhai.2@{EMAIL_DOMAIN}",
            "何振宇",
            "广东省电子信息行业协会",
            ("产品设计", "工艺设计"),
        ),
        (
            f"expert.zhuhai.3@{EMAIL_DOMAIN}",
            "罗思颖",
            "暨南大学智能科学与工程学院",
            ("设备管理", "能耗管理"),
        ),
    ),
}
# 黄志诚 advises 福州闽织云: declared, so he never sits on its panels
CONFLICT = ("黄志诚", "2023年起担任该公司技术顾问")

# (name, summary, description, stages, price, days)
PRODUCTS = (
    (
        "针织横机联网采集盒",
        "横机即插即用联网，机台状态、转速与产量自动采集",
        "面向针织横机车间的边缘采集盒，免改机台电气即可接入主流电脑横机，采集开停机、转速、"
        "件数与故障代码，车间看板实时显示稼动率，数据可对接排产与计件工资。",
        ["设备管理", "生产管控"],
        18000,
        10,
    ),
    (
        "经编车间能耗看板",
        "分机台计量电耗与蒸汽，单位产量能耗对标",
        "为经编与整经车间加装分项计量，按机台、班次统计电耗与蒸汽用量，换算单位产量能耗并与"
        "行业先进值对标，超限自动提醒，帮助企业找到节能空间。",
        ["能耗管理"],
        26000,
        15,
    ),
    (
        "面料瑕疵AI检测（云端）",
        "验布机加装相机，瑕疵自动识别与分级",
        "在验布机上加装工业相机，云端模型识别破洞、油污、断纱等常见瑕疵并自动分级，生成验布"
        "报告，减少人工验布的漏检与争议。",
        ["质量管理"],
        39000,
        20,
    ),
)
CASE = ("福州力拓针织", "试点车间上线后，数据每日自动汇总，管理人员不再手工抄表。")
# scores (each criterion 1–10, in the city's order of criteria) and comments per expert
SCORES = {
    "陈立新": ((8, 8, 7, 7), "采集方案成熟，免改电气适合中小针织厂；建议补充断网续传说明。"),
    "林晓岚": ((7, 8, 8, 6), "小快轻准特征明显，案例数量偏少，建议补充应用成效数据。"),
    "郑雅琴": ((8, 7, 8, 7), "与排产系统对接清楚，价格合理。"),
    "吴国栋": ((7, 7, 6, 6), "思路可行，需明确检测准确率的测试口径。"),
}
OBJECTION = (
    "该产品所列案例企业反映系统只试用了两周，并未在生产中使用，案例与实际不符。",
    "经核实，案例企业确认仅试用未投产，申报材料中的应用成效不实，异议成立，不予上线。",
)


def add_expert_story(builder) -> None:
    pools = {code: _pool(builder, code) for code in EXPERTS}
    official = builder.officials["fuzhou"]
    provider = db.session.scalar(
        select(Organisation).where(Organisation.name.like("福州闽织云%")).limit(1)
    )
    if provider is None:
        return
    owner = db.session.scalar(
        select(User).where(User.organisation_id == provider.id).order_by(User.id).limit(1)
    )
    experts = {e.name: e for e in pools["fuzhou"]}
    conflicted = experts[CONFLICT[0]]
    declare_conflict(conflicted, provider.credit_code, CONFLICT[1], conflicted.user)
    _dated(conflicted, builder.moment(40))
    scoring, notice, past = (_product(provider, owner, spec) for spec in PRODUCTS)

    # 1. scoring: two of three have scored; the demo expert is still to score
    review = _panel(
        scoring, official, experts, ("陈立新", "林晓岚", "郑雅琴"), ("林晓岚", "郑雅琴")
    )
    _date_story(builder, 5, scoring, review)
    # 2. in its 公示 (5 days in 福州), three days of it left
    review = _panel(notice, official, experts, ("林晓岚", "郑雅琴", "吴国栋"))
    panels.decide_application(review, official, True, today=builder.today - timedelta(days=2))
    _date_story(builder, 8, notice, review)
    # 3. past: approved by the panel, an objection upheld during the notice
    review = _panel(past, official, experts, ("陈立新", "林晓岚", "吴国栋"))
    panels.decide_application(review, official, True, today=builder.today - timedelta(days=20))
    enterprise_user = db.session.scalar(
        select(User).where(User.email == f"ent.fuzhou@{EMAIL_DOMAIN}")
    )
    objection = panels.file_objection(
        review, enterprise_user, OBJECTION[0], today=builder.today - timedelta(days=18)
    )
    panels.resolve_objection(objection, official, True, OBJECTION[1])
    _date_story(builder, 26, past, review, objection)


def _pool(builder, code: str) -> list:
    pilot = builder.pilots[code]
    made = []
    for email, name, affiliation, stages in EXPERTS[code]:
        expert = create_expert_user(
            email=email,
            name=name,
            password=DEMO_PASSWORD,
            pilot=pilot,
            affiliation=affiliation,
            stages=list(stages),
            sub_industry_names=[s.name for s in pilot.sub_industries if not s.is_extension][:2],
        )
        expert.user.created_at = expert.created_at = builder.moment(60)
        _dated(expert, builder.moment(60))
        made.append(expert)
    return made


def _product(provider, owner, spec):
    name, summary, description, stages, price, days = spec
    subs = [s.id for s in provider.served_sub_industries if s.pilot_id == provider.pilot_id]
    data = products.ProductData(
        name=name,
        summary=summary,
        description=description,
        stages=stages,
        sub_industry_ids=subs[:1],
        is_generic=False,
        delivery_mode="SaaS",
        list_price=Decimal(price) * Decimal("1.4"),
        pilot_price=Decimal(price),
        price_unit="元/年",
        deployment_days=days,
        cases=[CASE],
    )
    product = products.create_product(provider, data, owner)
    products.submit_product(product, owner)
    return product


def _panel(product, official, experts, seated, scored=None):
    review = panels.form_panel(product, official, [experts[n].id for n in seated])
    for name in scored or seated:
        values, comment = SCORES[name]
        scores = {c["key"]: v for c, v in zip(review.criteria, values, strict=True)}
        panels.score_application(review, experts[name].user, scores, comment)
    return review


def _date_story(builder, days_ago: int, product, *subjects) -> None:
    """The product's submission, then each step of its review a day apart, in order."""
    db.session.flush()
    start = builder.moment(days_ago, 30)
    product.created_at = product.updated_at = start
    events = [e for s in (product, *subjects) for e in events_for(s)]
    for step, event in enumerate(sorted(events, key=lambda e: e.id)):
        event.at = start + timedelta(hours=20 * step)
    for subject in subjects:
        log = events_for(subject)
        subject.created_at = log[0].at
        if hasattr(subject, "seats"):  # the review: seats, scores and decision as logged
            for seat in subject.seats:
                seat.assigned_at = log[0].at
                scored = [
                    e.at
                    for e in log
                    if e.reason_args and e.reason_args.get("expert") == seat.expert.name
                ]
                seat.scored_at = scored[-1] if scored else None
            decided = [e.at for e in log if e.from_state == "scoring" and e.to_state != "scoring"]
            subject.decided_at = decided[0] if decided else None
        elif len(log) > 1:  # an objection and its resolution
            subject.resolved_at = log[-1].at


def _dated(subject, at) -> None:
    db.session.flush()
    for event in events_for(subject):
        event.at = at

"""What a demo project's people write, from the project's own story: the stage (业务环节) its
need and its product share decides who takes part and what data the work is about; the
product's delivery mode decides what is deployed; the dates say how long it has run.

One project, one story: its plan, milestones, progress reports, spot checks, self-evaluation
and the agency's findings are all written from `story_of(project)`."""

from dataclasses import dataclass
from datetime import date

# stage → (who takes part at the enterprise, the data the system holds, what managers see)
STAGE_WORDS = {
    "设备管理": ("设备科和车间主任", "设备运行和停机数据", "每台设备的稼动率和停机原因"),
    "生产管控": ("车间主任和班组长", "工单和报工数据", "订单进度和各工序产量"),
    "质量管理": ("质检主管和质检员", "检验数据和批次记录", "批次合格率和质量异常"),
    "计划排程": ("计划员和车间主任", "订单、产能和物料齐套数据", "排产计划和订单交期"),
    "工艺设计": ("工艺工程师和老师傅", "工艺路线和工艺参数", "工艺版本和参数超限情况"),
    "产品设计": ("研发主管和设计员", "图纸和设计变更记录", "设计进度和变更记录"),
    "营销管理": ("销售经理和业务员", "客户、报价和订单数据", "销售漏斗和回款情况"),
    "售后服务": ("售后主管和服务工程师", "报修和维修记录", "报修响应和配件消耗"),
    "安全生产": ("安全员和车间主任", "巡检和隐患整改记录", "隐患整改进度和监测报警"),
    "能耗管理": ("动力车间和设备科", "分车间、分设备的能耗数据", "单位产品能耗和峰谷用电"),
    "采购管理": ("采购员和仓管员", "询价、订单和到货数据", "采购价格和供应商准时率"),
    "仓储物流": ("仓管员和跟单员", "出入库和库位数据", "实时库存和发货情况"),
    "决策支持": ("总经理和财务、生产负责人", "产值、毛利和交付等经营数据", "每日经营指标"),
    "财务管理": ("财务主管和会计", "业务单据和记账凭证", "订单和产品的实际成本"),
    "人力资源": ("人事主管和车间统计员", "考勤和计件数据", "出勤、产量和计件工资"),
    "协同办公": ("行政主管和各部门负责人", "审批单据和合同文件", "待办审批和合同文件"),
}

# delivery mode → what the second milestone deploys, and its progress report
DEPLOYMENT = {
    "SaaS": (
        "系统开通与基础数据导入",
        "{title}已完成：系统已开通，{data}的基础资料已导入，正在与{people}核对数据准确性。",
    ),
    "私有部署": (
        "系统部署与接口对接",
        "{title}已完成：系统已部署在企业服务器上，与现有系统的接口已打通，{data}开始接入。",
    ),
    "软硬一体": (
        "设备安装与联网调试",
        "{title}已完成：终端和网关已安装调试，首批{data}已接入，正在核对数据准确性。",
    ),
}
GO_LIVE_MILESTONE = 1  # the system runs from the day the deployment milestone is done
SURVEY_REPORT = "{title}已完成：与{people}逐一确认了流程和报表格式，形成实施方案。"

PLAN_TEXT = (
    "针对“{title}”，采用{product}，分调研、部署、试运行和验收四个阶段实施，"
    "计划 {days} 天内完成；服务商派项目经理驻场，企业指定{people}配合。"
)

SELF_EVALUATION = (
    "{product}于{live}上线，已运行{running}，{data}实现在线采集和查询，"
    "{people}每天通过系统掌握{effect}，达到立项时确定的目标。"
)

# (outcome, finding): the first two need the system running, the third does not
SPOT_CHECKS = (
    ("normal", "现场查看{product}运行情况，{data}与立项方案一致，数据连续。"),
    ("warning", "部分{data}仍在纸质记录和系统双轨运行，请在一个月内全部切换到系统。"),
    ("normal", "抽查合同、付款凭证与实施日志，进度符合计划。"),
)


@dataclass(frozen=True)
class Story:
    stage: str
    people: str
    data: str
    effect: str
    product: str
    delivery_mode: str

    def milestones(self) -> tuple[str, ...]:
        deploy = DEPLOYMENT[self.delivery_mode][0]
        return ("需求调研与方案确认", deploy, "上线试运行与数据核对", "培训与验收准备")

    def progress(self, n: int, title: str) -> str:
        template = SURVEY_REPORT if n == 0 else DEPLOYMENT[self.delivery_mode][1]
        return template.format(title=title, people=self.people, data=self.data)

    def plan(self, title: str, days: int) -> str:
        return PLAN_TEXT.format(title=title, product=self.product, days=days, people=self.people)

    def self_evaluation(self, live: date, on: date) -> str:
        return SELF_EVALUATION.format(
            product=self.product,
            live=chinese_date(live),
            running=running_for(live, on),
            data=self.data,
            people=self.people,
            effect=self.effect,
        )

    def spot_check(self, index: int, is_running: bool) -> tuple[str, str]:
        outcome, text = SPOT_CHECKS[index % len(SPOT_CHECKS) if is_running else 2]
        return outcome, text.format(product=self.product, data=self.data)

    def words(self) -> dict:
        return {"product": self.product, "data": self.data, "people": self.people}


def story_of(need, product) -> Story:
    """The stage the need and its product share (the need's order), else the product's own."""
    shared = [s for s in need.stages if s in product.stages]
    stage = shared[0] if shared else product.stages[0]
    people, data, effect = STAGE_WORDS[stage]
    return Story(stage, people, data, effect, product.name, product.delivery_mode)


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def whole_months(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (end.day < start.day)


def running_for(live: date, on: date) -> str:
    """How long the system has run on `on`, as people say it: months, else weeks, else days."""
    months = whole_months(live, on)
    if months >= 1:
        return f"{months}个月"
    days = (on - live).days
    return f"{days // 7}周" if days >= 7 else f"{days}天"

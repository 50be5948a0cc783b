"""Forms of the project lifecycle: filing, reviews, milestones, progress, spot checks,
acceptance, attachments, subsidy confirmation and payments."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from marketplace.auth.forms import options
from marketplace.wording.levels import LEVEL_NAMES
from marketplace.wording.statuses import ACCEPTANCE_RESULTS
from models.project import BUDGET_KINDS, SPOT_CHECK_OUTCOMES

LEVEL_PAIRS = list(LEVEL_NAMES.items())
LEVEL_CHOICES = options(LEVEL_PAIRS)
LEVEL_CHOICES_WITH_NONE = options([(0, _l("无等级"))] + LEVEL_PAIRS)
BUDGET_FIELD_NAMES = {kind: f"budget_{i}" for i, kind in enumerate(BUDGET_KINDS)}


def amount_field(label, minimum, message) -> DecimalField:
    return DecimalField(
        label,
        places=2,
        validators=[InputRequired(_l("请填写金额")), NumberRange(min=minimum, message=message)],
    )


def provider_choices(providers) -> list[tuple[int, str]]:
    return options([(0, str(_l("（无）")))] + [(p.id, p.name) for p in providers])


class FilingForm(FlaskForm):
    contract_no = StringField(
        _l("合同编号"), validators=[DataRequired(_l("请填写合同编号")), Length(max=64)]
    )
    contract_signed_on = DateField(
        _l("合同签订日期"), validators=[DataRequired(_l("请填写签订日期"))]
    )
    start_on = DateField(_l("计划开始日期"), validators=[DataRequired(_l("请填写开始日期"))])
    end_on = DateField(_l("计划完成日期"), validators=[DataRequired(_l("请填写完成日期"))])
    plan = TextAreaField(
        _l("改造方案"), validators=[DataRequired(_l("请填写改造方案")), Length(max=5000)]
    )
    target_level = SelectField(_l("目标数字化水平"), coerce=int, choices=LEVEL_CHOICES, default=2)
    lead_id = SelectField(_l("牵引单位"), coerce=int, validate_choice=True)
    integrator_id = SelectField(_l("集成商"), coerce=int, validate_choice=True)
    vendor_ids = SelectMultipleField(_l("其他服务商（N）"), coerce=int)
    is_first_cloud = BooleanField(_l("首次使用上云服务"))

    PLAIN_FIELDS = (
        "contract_no",
        "contract_signed_on",
        "start_on",
        "end_on",
        "plan",
        "target_level",
        "vendor_ids",
        "is_first_cloud",
    )

    def offer(self, providers) -> None:
        """The registered providers serving the city, as choices for the 1+1+N parties."""
        choices = provider_choices(providers)
        self.lead_id.choices = self.integrator_id.choices = choices
        self.vendor_ids.choices = choices[1:]

    def fill_parties_and_budget(self, project) -> None:
        for kind, amount in project.budget_by_kind().items():
            self[BUDGET_FIELD_NAMES[kind]].data = amount
        roles = {p.role: p.organisation_id for p in project.parties}
        self.lead_id.data = roles.get("lead", 0)
        self.integrator_id.data = roles.get("integrator", 0)
        self.vendor_ids.data = [p.organisation_id for p in project.parties if p.role == "vendor"]

    def filing(self) -> dict:
        """The keyword arguments of services.projects.update_filing."""
        return {name: self[name].data for name in self.PLAIN_FIELDS} | {
            "budget": {kind: self[name].data for kind, name in BUDGET_FIELD_NAMES.items()},
            "lead_id": self.lead_id.data or None,
            "integrator_id": self.integrator_id.data or None,
        }

    def budget_fields(self) -> list:
        return [(kind, self[name]) for kind, name in BUDGET_FIELD_NAMES.items()]


# one DecimalField per budget kind, named budget_0… so the template can loop over them
for _kind, _name in BUDGET_FIELD_NAMES.items():
    setattr(
        FilingForm,
        _name,
        DecimalField(
            _kind,
            places=2,
            default=0,
            validators=[Optional(), NumberRange(min=0, message=_l("金额不能为负数"))],
        ),
    )


class ReviewForm(FlaskForm):
    decision = RadioField(
        _l("审核意见"),
        choices=options([("approve", _l("通过")), ("return", _l("退回修改"))]),
        default="approve",
        validators=[InputRequired()],
    )
    reason = TextAreaField(_l("意见说明"), validators=[Length(max=1000)])


class MilestoneForm(FlaskForm):
    title = StringField(
        _l("节点名称"), validators=[DataRequired(_l("请填写节点名称")), Length(max=120)]
    )
    due_on = DateField(_l("计划完成日期"), validators=[DataRequired(_l("请填写计划完成日期"))])


class ProgressForm(FlaskForm):
    percent_done = IntegerField(
        _l("完成比例（%）"),
        default=0,
        validators=[
            InputRequired(_l("请填写完成比例")),
            NumberRange(0, 100, _l("完成比例为0–100")),
        ],
    )
    content = TextAreaField(
        _l("进展情况"), validators=[DataRequired(_l("请填写进展情况")), Length(max=3000)]
    )


class SpotCheckForm(FlaskForm):
    checked_on = DateField(_l("抽查日期"), validators=[DataRequired(_l("请填写抽查日期"))])
    outcome = SelectField(
        _l("结论"),
        choices=options(
            zip(SPOT_CHECK_OUTCOMES, [_l("正常"), _l("警示"), _l("严重问题")], strict=True)
        ),
    )
    findings = TextAreaField(
        _l("核验发现"), validators=[DataRequired(_l("请填写抽查发现")), Length(max=3000)]
    )


class FinancialRecordForm(FlaskForm):
    kind = SelectField(
        _l("类型"), choices=options([("invoice", _l("发票")), ("payment", _l("付款凭证"))])
    )
    number = StringField(_l("票据/流水号"), validators=[Length(max=64)])
    amount = amount_field(_l("金额（元）"), 0.01, _l("金额必须大于零"))
    on_date = DateField(_l("日期"), validators=[DataRequired(_l("请填写日期"))])
    file = FileField(_l("扫描件（PDF/JPG/PNG/XLSX/DOCX，≤10MB）"))


ATTACHMENT_PURPOSES = {
    "contract": _l("改造合同"),
    "plan": _l("改造方案"),
    "budget": _l("预算明细"),
    "self_evaluation": _l("成效自评估"),
    "assessment": _l("自评测报告"),
    "acceptance_report": _l("验收报告"),
    "other": _l("其他"),
}


class AttachmentForm(FlaskForm):
    purpose = SelectField(
        _l("材料类型"),
        choices=options(ATTACHMENT_PURPOSES.items()),
    )
    file = FileField(_l("文件（PDF/JPG/PNG/XLSX/DOCX，≤10MB）"))


class AcceptanceForm(FlaskForm):
    self_evaluation = TextAreaField(
        _l("成效自评估总结"),
        validators=[DataRequired(_l("请填写成效自评估总结")), Length(max=5000)],
    )
    level_before = SelectField(_l("改造前数字化水平"), coerce=int, choices=LEVEL_CHOICES_WITH_NONE)
    level_after_self = SelectField(
        _l("改造后自评等级"), coerce=int, choices=LEVEL_CHOICES_WITH_NONE, default=2
    )


class AcceptanceResultForm(FlaskForm):
    result = RadioField(
        _l("验收结论"),
        choices=options(list(ACCEPTANCE_RESULTS.items())),
        default="passed",
        validators=[InputRequired()],
    )
    certified_level = SelectField(
        _l("认定数字化水平"), coerce=int, choices=LEVEL_CHOICES, default=2
    )
    rectify_deadline = DateField(_l("整改期限"), validators=[Optional()])
    reason = TextAreaField(_l("验收意见"), validators=[Length(max=2000)])


class ConfirmSubsidyForm(FlaskForm):
    amount = amount_field(_l("核定补贴金额（元）"), 0, _l("金额不能为负数"))
    reason = TextAreaField(_l("说明"), validators=[Length(max=1000)])


class BenchmarkForm(FlaskForm):
    """The city's 标杆示范 evaluation of a project (珠海)."""

    granted = BooleanField(_l("评定为标杆示范项目"))
    reason = TextAreaField(_l("评定说明"), validators=[Length(max=1000)])


class PaymentForm(FlaskForm):
    paid_on = DateField(_l("拨付日期"), validators=[DataRequired(_l("请填写拨付日期"))])
    voucher_no = StringField(_l("拨付凭证号"), validators=[Length(max=64)])

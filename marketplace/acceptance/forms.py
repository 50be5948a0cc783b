"""Forms of the acceptance chain: the district's formal check, the assessor's assignment, the
agency's assessment, the second approval of an amount above the estimate, the city's budget."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DecimalField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from marketplace.auth.forms import options
from models.acceptance import ASSESSMENT_DIMENSIONS, ASSESSMENT_SCORE_MAX, MISSING_CHOICES

# words for the codes of models/acceptance.py (the template and the forms share them)
DIMENSION_LABELS = {
    "application_effect": _l("应用成效"),
    "data_integration": _l("数据贯通程度"),
    "input_output": _l("投入产出比"),
    "management": _l("企业管理体制配套改革"),
}
MISSING_LABELS = {
    "invoice": _l("发票"),
    "payment": _l("银行付款凭证"),
    "self_evaluation": _l("成效自评估总结"),
    "contract": _l("改造合同"),
    "plan": _l("改造方案"),
    "other": _l("其他（请在说明中写明）"),
}
LEVELS = [(0, _l("无等级")), (1, _l("一级")), (2, _l("二级")), (3, _l("三级")), (4, _l("四级"))]


class MaterialsCheckForm(FlaskForm):
    decision = RadioField(
        _l("初审意见"),
        choices=options([("complete", _l("材料齐全，报市级组织评估")), ("return", _l("退回补正"))]),
        default="complete",
        validators=[InputRequired(_l("请选择初审意见"))],
    )
    missing = SelectMultipleField(
        _l("缺少或需补正的材料"), choices=options([(c, MISSING_LABELS[c]) for c in MISSING_CHOICES])
    )
    note = TextAreaField(_l("说明"), validators=[Length(max=2000)])


class AssignAssessorForm(FlaskForm):
    assessor_id = SelectField(_l("第三方评估机构"), coerce=int, validate_choice=True)

    def offer(self, assessors) -> None:
        self.assessor_id.choices = options(
            [(0, str(_l("请选择")))] + [(a.id, a.name) for a in assessors]
        )


def _score_field(code):
    return IntegerField(
        DIMENSION_LABELS[code],
        validators=[
            Optional(),
            NumberRange(0, ASSESSMENT_SCORE_MAX, _l("评分须为 0–100 的整数")),
        ],
    )


class AssessmentForm(FlaskForm):
    """The four dimensions (score_<code>, finding_<code>), the level, a summary, the report."""

    assessed_level = SelectField(
        _l("评定数字化水平"),
        coerce=int,
        choices=options([(-1, _l("尚未评定"))] + LEVELS),
        default=-1,
    )
    summary = TextAreaField(_l("总体意见"), validators=[Length(max=4000)])
    report = FileField(_l("签章的评估报告（PDF/JPG/PNG/DOCX，≤10MB）"))

    def dimensions(self) -> dict:
        return {
            code: {
                "score": getattr(self, f"score_{code}").data,
                "finding": getattr(self, f"finding_{code}").data or "",
            }
            for code in ASSESSMENT_DIMENSIONS
        }

    def level(self):
        return None if self.assessed_level.data in (None, -1) else self.assessed_level.data


for _code in ASSESSMENT_DIMENSIONS:
    setattr(AssessmentForm, f"score_{_code}", _score_field(_code))
    setattr(
        AssessmentForm,
        f"finding_{_code}",
        TextAreaField(_l("评估意见"), validators=[Length(max=2000)]),
    )


class SubsidyApprovalForm(FlaskForm):
    decision = RadioField(
        _l("复核意见"),
        choices=options([("approve", _l("同意该金额")), ("reject", _l("不同意，退回重新核定"))]),
        default="approve",
        validators=[InputRequired(_l("请选择复核意见"))],
    )
    note = TextAreaField(_l("复核说明"), validators=[Length(max=1000)])


class BudgetForm(FlaskForm):
    amount = DecimalField(
        _l("补贴资金预算（元）"),
        places=2,
        validators=[
            InputRequired(_l("请填写金额")),
            NumberRange(
                min=0.01, max=999_999_999_999, message=_l("预算金额须为大于零的数字（元）")
            ),
        ],
    )
    note = TextAreaField(
        _l("调整原因"),
        validators=[InputRequired(_l("请填写预算调整的原因")), Length(max=2000)],
    )

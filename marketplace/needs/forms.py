"""Forms of the needs blueprint, with their Chinese messages."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DecimalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from marketplace import wording
from marketplace.auth.forms import MultiCheckboxField, options
from marketplace.wording.levels import LEVEL_NAMES
from models.stages import STAGES


class NeedForm(FlaskForm):
    title = StringField(
        _l("需求标题"),
        validators=[
            DataRequired(_l("请填写需求标题")),
            Length(max=120, message=_l("标题最多120字")),
        ],
    )
    description = TextAreaField(
        _l("需求描述"),
        validators=[
            DataRequired(_l("请描述现状、难点和希望达到的效果")),
            Length(max=5000, message=_l("描述最多5000字")),
        ],
    )
    pain_points = TextAreaField(
        _l("转型难点"),
        validators=[Optional(), Length(max=1000, message=_l("转型难点最多1000字"))],
    )
    transformation_plan = TextAreaField(
        _l("转型计划"),
        validators=[Optional(), Length(max=1000, message=_l("转型计划最多1000字"))],
    )
    support_wanted = TextAreaField(
        _l("期待得到支持"),
        validators=[Optional(), Length(max=1000, message=_l("期待得到的支持最多1000字"))],
    )
    stages = MultiCheckboxField(
        _l("涉及环节"), choices=options((s, s) for s in STAGES), validate_choice=False
    )
    budget_min = DecimalField(
        _l("预算下限（元）"),
        places=2,
        validators=[Optional(), NumberRange(min=0, message=_l("预算不能为负数"))],
    )
    budget_max = DecimalField(
        _l("预算上限（元）"),
        places=2,
        validators=[Optional(), NumberRange(min=0, message=_l("预算不能为负数"))],
    )
    expected_start = DateField(_l("期望开始日期"), validators=[Optional()])
    duration_days = IntegerField(
        _l("期望工期（天）"),
        validators=[Optional(), NumberRange(min=1, max=1000, message=_l("工期应在1到1000天之间"))],
    )
    target_level = SelectField(
        _l("目标数字化水平"),
        choices=options((n, LEVEL_NAMES[n]) for n in (2, 3, 4)),
        coerce=int,
        default=2,
        validators=[DataRequired(_l("请选择目标等级"))],
    )

    # the start date a need already had may stay in the past when it is edited
    previous_start: date | None = None

    def validate_stages(self, field):
        unknown = set(field.data or ()) - set(STAGES)
        if unknown:
            raise ValidationError(_l("请选择列表中的环节"))

    def validate_budget_max(self, field):
        low = self.budget_min.data
        if field.data is not None and low is not None and low > field.data:
            raise ValidationError(_l("预算上限不能低于下限"))

    def validate_expected_start(self, field):
        if (
            field.data is not None
            and field.data < date.today()
            and field.data != self.previous_start
        ):
            raise ValidationError(_l("开始日期不能早于今天"))

    def need_fields(self) -> dict:
        return {
            "title": self.title.data,
            "description": self.description.data,
            "stages": self.stages.data or [],
            "budget_min": self.budget_min.data,
            "budget_max": self.budget_max.data,
            "expected_start": self.expected_start.data,
            "duration_days": self.duration_days.data,
            "target_level": self.target_level.data,
            "pain_points": self.pain_points.data,
            "transformation_plan": self.transformation_plan.data,
            "support_wanted": self.support_wanted.data,
        }


class CloseNeedForm(FlaskForm):
    reason = TextAreaField(
        _l("关闭原因"),
        validators=[DataRequired(_l("请填写关闭原因")), Length(max=500, message=_l("最多500字"))],
    )


class ReopenNeedForm(FlaskForm):
    reason = StringField(_l("重新开放说明"), validators=[Optional(), Length(max=500)])


def error_message(error) -> str:
    return wording.error(error)

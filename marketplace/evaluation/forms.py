"""The performance evaluation's forms: a new period, a grade adjusted, an appeal and its
decision."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from marketplace.auth.forms import options
from marketplace.services.evaluation_rules import grades
from marketplace.wording.evaluation import TERMS
from models.evaluation import APPEAL_DECISIONS

TOO_LONG = _l("内容不超过%(max)d字，请精简后再提交")


def grade_choices():
    return options([(g, TERMS["grade"][g]) for g in grades()])


class PeriodForm(FlaskForm):
    # an admin names the city (an official's is their own: the field is removed for them)
    pilot_id = SelectField(_l("试点城市"), coerce=int, choices=[], validate_choice=False)
    code = StringField(
        _l("评价期间（季度如 2026Q3，年度如 2026）"),
        validators=[
            DataRequired(_l("请填写评价期间")),
            Length(max=8, message=_l("期间格式应为年份加季度（如 2026Q3）或年份（如 2026）")),
        ],
    )


class AdjustForm(FlaskForm):
    grade = SelectField(_l("调整后的等级"), validators=[DataRequired(_l("请选择评价等级"))])
    reason = TextAreaField(
        _l("调整理由"),
        validators=[DataRequired(_l("请填写调整理由")), Length(max=4000, message=TOO_LONG)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.grade.choices = grade_choices()


class AppealForm(FlaskForm):
    text = TextAreaField(
        _l("申诉理由与依据"),
        validators=[DataRequired(_l("请填写申诉理由")), Length(max=4000, message=TOO_LONG)],
    )


class DecisionForm(FlaskForm):
    decision = RadioField(
        _l("申诉处理结果"),
        choices=options([(d, TERMS["decision"][d]) for d in APPEAL_DECISIONS]),
        validators=[InputRequired(_l("请选择申诉处理结果"))],
    )
    grade = SelectField(_l("申诉成立时调整为"), validators=[Optional()])
    reason = TextAreaField(
        _l("处理意见"),
        validators=[DataRequired(_l("请填写处理意见")), Length(max=4000, message=TOO_LONG)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.grade.choices = [("", "—"), *grade_choices()]

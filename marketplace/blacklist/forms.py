"""Putting a credit code on the city's blacklist."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from marketplace.auth.forms import options
from marketplace.services.answerable_rules import blacklist_rules
from marketplace.wording.answerable import TERMS


class BlacklistForm(FlaskForm):
    credit_code = StringField(
        _l("统一社会信用代码"),
        validators=[DataRequired(_l("请填写统一社会信用代码")), Length(max=18)],
    )
    name = StringField(_l("单位名称（未在平台注册时填写）"), validators=[Length(max=120)])
    rule = SelectField(_l("依据的规定"), validators=[DataRequired(_l("请选择所依据的规定"))])
    reason = TextAreaField(
        _l("事实与理由"), validators=[DataRequired(_l("请填写事实与理由")), Length(max=4000)]
    )
    starts_on = DateField(_l("限制开始日期（默认今天）"), validators=[Optional()])
    ends_on = DateField(_l("限制结束日期（默认按规定的年限）"), validators=[Optional()])
    clawback_amount = DecimalField(
        _l("追回已拨付资金（元，默认为平台记录的已拨付补贴）"),
        places=2,
        validators=[Optional(), NumberRange(min=0, message=_l("追回金额须为不小于0的数字（元）"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule.choices = options([(code, TERMS["rule"][code]) for code in blacklist_rules()])


class LiftForm(FlaskForm):
    reason = StringField(
        _l("提前解除的理由"),
        validators=[DataRequired(_l("请填写提前解除的理由")), Length(max=4000)],
    )

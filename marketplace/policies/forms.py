"""The subsidy-policy editor's form (奖补政策)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length


class PolicyVersionForm(FlaskForm):
    rules = TextAreaField(_l("政策内容（JSON）"), validators=[DataRequired(_l("请填写政策内容"))])
    change_note = StringField(
        _l("修改说明"), validators=[DataRequired(_l("请说明本次修改的依据")), Length(max=500)]
    )

"""Forms of selection rounds: opening one, a nomination, publishing the result."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from marketplace.services.selection_rounds import STATEMENT_LIMIT, TITLE_LIMIT


class RoundForm(FlaskForm):
    category = SelectField(_l("遴选类别"), validators=[InputRequired(message=_l("请选择遴选类别"))])
    title = StringField(_l("批次名称"), validators=[Length(max=TITLE_LIMIT)])


class NominationForm(FlaskForm):
    credit_code = StringField(
        _l("被推荐单位统一社会信用代码"), validators=[Optional(), Length(max=30)]
    )
    product_id = IntegerField(
        _l("申报产品编号"), validators=[Optional(), NumberRange(min=1, max=2**63 - 1)]
    )
    statement = TextAreaField(
        _l("申报材料（举措与成效）"),
        validators=[
            InputRequired(message=_l("请填写申报材料（举措与成效）")),
            Length(max=STATEMENT_LIMIT, message=_l("申报材料过长，请精简后再提交")),
        ],
    )


class PanelSizeForm(FlaskForm):
    size = IntegerField(_l("专家人数"), validators=[Optional(), NumberRange(min=1, max=99)])

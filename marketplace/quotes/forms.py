"""Forms of the quotes blueprint: asking for quotes, the itemised quote, declining."""

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DecimalField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from marketplace import wording
from marketplace.needs.forms import MultiCheckboxField, options
from models.quote import LINE_KINDS

KIND_LABELS = {
    "软件": _l("软件"),
    "云服务": _l("云服务"),
    "网关路由等数据采集设备": _l("网关路由等数据采集设备"),
    "实施": _l("实施"),
    "培训": _l("培训"),
    "其他": _l("其他"),
}


class RequestQuotesForm(FlaskForm):
    """From the need page: tick matched products, one request goes to each provider."""

    product_ids = MultiCheckboxField(_l("选择产品"), coerce=int, choices=[])
    message = TextAreaField(
        _l("给服务商的留言"),
        validators=[Optional(), Length(max=1000, message=_l("留言最多1000字"))],
        default="",
    )

    def validate_product_ids(self, field):
        if not field.data:
            raise ValidationError(_l("请至少勾选一个产品"))


class NewRequestForm(FlaskForm):
    """From a product page: which open need the quote is for."""

    need_id = SelectField(
        _l("询价对应的需求"), coerce=int, choices=[], validators=[DataRequired(_l("请选择需求"))]
    )
    message = TextAreaField(
        _l("给服务商的留言"),
        validators=[Optional(), Length(max=1000, message=_l("留言最多1000字"))],
        default="",
    )


class QuoteLineForm(Form):
    """One line; a completely blank line is ignored, a started one must be complete."""

    kind = SelectField(_l("类别"), choices=options((k, KIND_LABELS[k]) for k in LINE_KINDS))
    description = StringField(_l("内容"), validators=[Optional(), Length(max=200)])
    quantity = DecimalField(_l("数量"), places=2, validators=[Optional()])
    unit = StringField(_l("单位"), validators=[Optional(), Length(max=16)], default="项")
    unit_price = DecimalField(_l("单价（元）"), places=2, validators=[Optional()])

    def is_blank(self) -> bool:
        return (
            not (self.description.data or "").strip()
            and self.quantity.data is None
            and self.unit_price.data is None
            and not _raw(self.quantity)
            and not _raw(self.unit_price)
        )


def _raw(field) -> str:
    """What was typed, even when it did not parse as a number."""
    return str((field.raw_data or [""])[0]).strip()


class QuoteForm(FlaskForm):
    lines = FieldList(FormField(QuoteLineForm), min_entries=1, max_entries=60)
    # choices are the need's stages, set by the view (with_need_stages)
    covered_stages = MultiCheckboxField(_l("本报价覆盖的环节"), choices=[], validate_choice=False)
    valid_until = DateField(_l("报价有效期至"), validators=[DataRequired(_l("请填写有效期"))])
    delivery_days = IntegerField(
        _l("交付周期（天）"),
        validators=[
            DataRequired(_l("请填写交付周期")),
            NumberRange(min=1, max=1000, message=_l("交付周期应在1到1000天之间")),
        ],
    )
    discount_pct = DecimalField(
        _l("整体折扣（%）"),
        places=2,
        default=Decimal("0"),
        validators=[
            Optional(),
            NumberRange(min=0, max=99.99, message=_l("折扣应在0到99.99之间")),
        ],
    )
    note = TextAreaField(
        _l("说明"), validators=[Optional(), Length(max=2000, message=_l("说明最多2000字"))]
    )

    def with_need_stages(self, stages) -> "QuoteForm":
        self.covered_stages.choices = [(s, s) for s in stages]
        return self

    def validate_covered_stages(self, field):
        offered = {value for value, _label in field.choices}
        if offered and not field.data:
            raise ValidationError(_l("请勾选本报价覆盖的需求环节"))
        if set(field.data or ()) - offered:
            raise ValidationError(_l("只能勾选需求所列的环节"))

    def validate_valid_until(self, field):
        if field.data is not None and field.data <= date.today():
            raise ValidationError(_l("有效期必须晚于今天"))

    def validate_lines(self, field):
        filled = 0
        problems = False
        for entry in field.entries:
            row = entry.form
            if row.is_blank():
                continue
            filled += 1
            if not (row.description.data or "").strip():
                row.description.errors.append(_l("请填写内容"))
                problems = True
            if row.quantity.data is None or row.quantity.data <= 0:
                if not row.quantity.errors:
                    row.quantity.errors.append(_l("数量须大于0"))
                problems = True
            if row.unit_price.data is None or row.unit_price.data < 0:
                if not row.unit_price.errors:
                    row.unit_price.errors.append(_l("单价不能为负或空"))
                problems = True
        if problems:
            raise ValidationError(_l("报价明细有误，请按提示修改"))
        if filled == 0:
            raise ValidationError(_l("请至少填写一行报价明细"))

    def line_rows(self) -> list[dict]:
        """The posted lines as plain rows; amounts and totals are never taken from the post."""
        return [
            {
                "kind": entry.form.kind.data,
                "description": entry.form.description.data,
                "quantity": entry.form.quantity.data,
                "unit": entry.form.unit.data,
                "unit_price": entry.form.unit_price.data,
            }
            for entry in self.lines.entries
            if not entry.form.is_blank()
        ]


class DeclineForm(FlaskForm):
    reason = TextAreaField(
        _l("婉拒原因"),
        validators=[DataRequired(_l("请填写婉拒原因")), Length(max=500, message=_l("最多500字"))],
    )


def error_message(error) -> str:
    return wording.error(error)

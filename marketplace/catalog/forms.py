"""The product form of a provider and the filters of the public catalog."""

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DecimalField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SearchField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from marketplace.auth.forms import MultiCheckboxField, options
from marketplace.routing import query_text_rule
from marketplace.services.pilots import all_pilots
from marketplace.template_helpers import stage_label
from marketplace.wording.terms import term
from models.product import DELIVERY_MODES, PRICE_UNITS
from models.stages import STAGE_GROUPS, STAGES

CASE_ROWS = 3


def optional_int(value):
    """'' (the "全部" option) → None; anything else must be a whole number."""
    return None if value in ("", None) else int(value)


def required(message=None):
    return DataRequired(message or _l("此项必填"))


class CaseForm(Form):
    """One case study; the first row is required, the others only when started."""

    customer = StringField(_l("客户"), validators=[Optional(), Length(max=120)])
    content = TextAreaField(
        _l("实施内容与成效"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 3}
    )


class ProductForm(FlaskForm):
    name = StringField(_l("产品名称"), validators=[required(), Length(max=120)])
    summary = StringField(
        _l("一句话介绍"),
        validators=[required(), Length(max=60, message=_l("一句话介绍不超过60字"))],
    )
    description = TextAreaField(
        _l("产品说明"), validators=[required(), Length(max=8000)], render_kw={"rows": 8}
    )
    stages = MultiCheckboxField(
        _l("覆盖的业务环节"), validators=[required(_l("请至少选择一个业务环节"))]
    )
    sub_industry_ids = MultiCheckboxField(_l("适用细分行业"), coerce=int)
    is_generic = BooleanField(_l("通用产品（跨行业适用，如 ERP、OA、财务软件）"))
    delivery_mode = SelectField(_l("交付方式"), choices=options((m, _l(m)) for m in DELIVERY_MODES))
    list_price = DecimalField(
        _l("市场价（元）"),
        places=2,
        validators=[
            required(_l("请填写市场价")),
            NumberRange(min=Decimal("0.01"), message=_l("价格须大于0")),
        ],
    )
    pilot_price = DecimalField(
        _l("试点优惠价（元）"),
        places=2,
        validators=[
            required(_l("请填写试点优惠价")),
            NumberRange(min=Decimal("0.01"), message=_l("价格须大于0")),
        ],
    )
    price_unit = SelectField(_l("计价单位"), choices=options((u, _l(u)) for u in PRICE_UNITS))
    deployment_days = IntegerField(
        _l("部署周期（天）"),
        validators=[
            required(_l("请填写部署周期")),
            NumberRange(min=1, max=720, message=_l("部署周期应在1–720天之间")),
        ],
    )
    cases = FieldList(FormField(CaseForm), min_entries=CASE_ROWS, max_entries=20)
    submit = SubmitField(_l("保存草稿"))

    def __init__(self, provider, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stages.choices = options((s, stage_label(s)) for s in STAGES)
        self.stages.groups = [
            (term(group), group, list(stages)) for group, stages in STAGE_GROUPS.items()
        ]
        served = provider.served_sub_industries
        self.sub_industry_ids.choices = options((s.id, s.name) for s in served)
        cities = {}
        for sub in served:
            cities.setdefault(sub.pilot_id, (sub.pilot.name, []))[1].append(sub.id)
        self.sub_industry_ids.groups = [(name, pid, ids) for pid, (name, ids) in cities.items()]

    def validate_pilot_price(self, field):
        list_price = self.list_price.data
        if field.data is not None and list_price is not None and field.data > list_price:
            raise ValidationError(_l("试点优惠价不能高于市场价"))

    def validate_sub_industry_ids(self, field):
        if not field.data and not self.is_generic.data:
            raise ValidationError(_l("请选择适用的细分行业，或勾选“通用产品”"))

    def validate_cases(self, field):
        rows = [(row.customer.data or "", row.content.data or "") for row in field]
        for row, (customer, content) in zip(field, rows, strict=True):
            if bool(customer.strip()) != bool(content.strip()):
                row.form.customer.errors = list(row.form.customer.errors) + [
                    _l("客户和实施内容需同时填写")
                ]
                raise ValidationError(str(_l("请补全案例")))
        if not any(c.strip() and t.strip() for c, t in rows):
            raise ValidationError(str(_l("请至少填写一个客户案例")))

    def case_pairs(self) -> list[tuple[str, str]]:
        return [(row.customer.data or "", row.content.data or "") for row in self.cases]


class BrowseForm(FlaskForm):
    """The catalog's filters, read from the query string (GET, no CSRF token)."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("关键词"),
        validators=[Optional(), query_text_rule()],
    )
    pilot = SelectField(_l("试点城市"), coerce=optional_int, validators=[Optional()])
    sub_industry = SelectField(_l("细分行业"), coerce=optional_int, validators=[Optional()])
    stage = SelectField(_l("业务环节"), validators=[Optional()])
    delivery_mode = SelectField(_l("交付方式"), validators=[Optional()])
    price_min = DecimalField(_l("最低价"), validators=[Optional(), NumberRange(min=0)])
    price_max = DecimalField(_l("最高价"), validators=[Optional(), NumberRange(min=0)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pilots = all_pilots()
        anything = SelectChoice("", _l("全部"))
        self.pilot.choices = [anything, *options((p.id, p.name) for p in pilots)]
        self.sub_industry.choices = [anything] + [
            SelectChoice(s.id, s.name, optgroup=p.name) for p in pilots for s in p.sub_industries
        ]
        self.stage.choices = [anything] + [
            SelectChoice(s, stage_label(s), optgroup=term(group))
            for group, stages in STAGE_GROUPS.items()
            for s in stages
        ]
        self.delivery_mode.choices = [anything, *options((m, term(m)) for m in DELIVERY_MODES)]

    def price_range_reversed(self) -> bool:
        """Both prices given and the lowest above the highest: the range is ignored and said."""
        low, high = self.value("price_min"), self.value("price_max")
        return low is not None and high is not None and low > high

    def value(self, name):
        """The field's value if it was given and valid, else None (bad filters are ignored)."""
        field = getattr(self, name)
        if field.errors or field.data in ("", None):
            return None
        return field.data


class CatalogImportForm(FlaskForm):
    """批量导入: the filled-in template."""

    file = FileField(
        _l("填好的产品表（.xlsx）"),
        validators=[FileRequired(_l("请选择要上传的 Excel 文件"))],
    )

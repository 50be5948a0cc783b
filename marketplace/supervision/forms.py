"""Officials' forms: the review action with its reason, and the GET filter bars of the lists."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError

from marketplace.routing import query_text_rule
from marketplace.services.review import ACTIONS
from models.organisation import PROVIDER_TYPES
from models.stages import STAGES

ANY = SelectChoice("", _l("全部"))


class ReviewForm(FlaskForm):
    """Reason for a review action; required to reject, suspend or remove, because the
    provider sees it."""

    reason = TextAreaField(_l("理由"), validators=[Length(max=500)])

    def __init__(self, action: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action

    def validate_reason(self, field):
        if ACTIONS[self.action][1] and not (field.data or "").strip():
            raise ValidationError(
                _l("请填写理由：驳回、暂停和清退都需要说明原因，服务商会看到这段说明")
            )

    def first_error(self) -> str:
        return next(iter(e for errors in self.errors.values() for e in errors), "")


class FilterForm(FlaskForm):
    """Filter bars read the query string and carry no CSRF token (they change nothing)."""

    class Meta:
        csrf = False

    q = StringField(_l("关键词"), validators=[Optional(), query_text_rule()])

    def values(self) -> dict:
        return {name: f.data for name, f in self._fields.items() if f.data not in (None, "")}


def _int_or_blank(value):
    """Ids come in as text; "" (全部) stays blank, anything else must be a number."""
    if value in (None, ""):
        return ""
    return int(value)


def _pick(label, choices, **kw):
    options = [ANY, *(SelectChoice(value, text) for value, text in choices)]
    return SelectField(label, choices=options, validators=[Optional()], default="", **kw)


def _pick_id(label):
    return _pick(label, [], coerce=_int_or_blank)


def _place_choices(items, pilots_by_id, all_cities):
    if all_cities:
        return [SelectChoice(str(i.id), f"{pilots_by_id[i.pilot_id]} · {i.name}") for i in items]
    return [SelectChoice(str(i.id), i.name) for i in items]


# The states vetting moves a provider or a product through (a product starts as a draft).
VETTING_STATUSES = [
    ("pending", _l("待审核")),
    ("approved", _l("已通过")),
    ("rejected", _l("已驳回")),
    ("suspended", _l("已暂停")),
    ("removed", _l("已清退")),
]


class EnterpriseFilterForm(FilterForm):
    district_id = _pick_id(_l("区县"))
    sub_industry_id = _pick_id(_l("细分行业"))
    above_scale = _pick(_l("规模"), [("1", _l("规上")), ("0", _l("规下"))])
    specialised_status = _pick(
        _l("专精特新"),
        [
            ("none", _l("无")),
            ("innovative", _l("创新型中小企业")),
            ("specialised", _l("专精特新")),
            ("little_giant", _l("小巨人")),
        ],
    )
    level = _pick(_l("数字化水平"), [(str(n), _l("%(n)s 级", n=n)) for n in range(1, 5)])


class ProviderFilterForm(FilterForm):
    provider_type = _pick(_l("服务商类型"), [(t, t) for t in PROVIDER_TYPES])
    status = _pick(_l("状态"), VETTING_STATUSES)


class ProductFilterForm(FilterForm):
    status = _pick(_l("状态"), [("draft", _l("草稿")), *VETTING_STATUSES])
    stage = _pick(_l("业务环节"), [(s, s) for s in STAGES])
    sub_industry_id = _pick_id(_l("细分行业"))


class NeedFilterForm(FilterForm):
    status = _pick(
        _l("状态"), [("open", _l("征集中")), ("awarded", _l("已选定")), ("closed", _l("已关闭"))]
    )
    district_id = _pick_id(_l("区县"))
    sub_industry_id = _pick_id(_l("细分行业"))
    stage = _pick(_l("业务环节"), [(s, s) for s in STAGES])
    date_from = DateField(_l("发布日期从"), validators=[Optional()])
    date_to = DateField(_l("至"), validators=[Optional()])


class ActivityFilterForm(FilterForm):
    sub_industry_id = _pick_id(_l("细分行业"))
    district_id = _pick_id(_l("区县"))


def fill_place_choices(form, pilots, districts, sub_industries) -> None:
    """Offer only the districts and sub-industries of the official's scope."""
    pilots_by_id = {p.id: p.name for p in pilots}
    all_cities = len(pilots) > 1
    if hasattr(form, "district_id"):
        form.district_id.choices = [ANY, *_place_choices(districts, pilots_by_id, all_cities)]
    if hasattr(form, "sub_industry_id"):
        form.sub_industry_id.choices = [
            ANY,
            *_place_choices(sub_industries, pilots_by_id, all_cities),
        ]


def read_filters(form) -> dict:
    """The valid filter values; an invalid one (bad date, unknown choice) is dropped and
    its error shown next to the field."""
    form.validate()
    return {
        name: field.data
        for name, field in form._fields.items()
        if not field.errors and field.data not in (None, "")
    }


ACTION_DONE = {
    "approve": _l("已审核通过"),
    "reject": _l("已驳回，服务商会看到您填写的理由"),
    "suspend": _l("已暂停，该产品/服务商已从目录和匹配中移除"),
    "reinstate": _l("已恢复上架"),
    "remove": _l("已清退"),
}

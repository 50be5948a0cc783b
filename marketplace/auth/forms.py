"""Sign-in, registration, profile, password and API-token forms. Field-level checks give the
user a clear message next to the field; the services check the same rules again."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from marketplace.services.accounts import MIN_PASSWORD_LENGTH, email_taken
from marketplace.services.api_tokens import DEFAULT_EXPIRY_DAYS, EXPIRY_DAYS_CHOICES
from marketplace.services.credit_code import credit_code_problem, normalise_credit_code
from marketplace.services.pilots import all_pilots
from marketplace.services.profiles import ENTERPRISE_PROFILE_FIELDS, PROVIDER_PROFILE_FIELDS
from marketplace.services.registration import credit_code_taken, district_of, sub_industry_of
from models.access import Jurisdiction
from models.organisation import PROVIDER_TYPES

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def options(pairs, optgroup=None) -> list[SelectChoice]:
    return [SelectChoice(value, label, optgroup=optgroup) for value, label in pairs]


def offer_city(form, user) -> None:
    """A form's `pilot_id` (the city a new round or period is for): every city for a user of
    every city (an admin); removed for an official, whose city is their own."""
    jurisdiction = Jurisdiction.of(user)
    if jurisdiction is not None and jurisdiction.is_all_cities:
        form.pilot_id.choices = options((p.id, p.name) for p in all_pilots())
    else:
        del form.pilot_id


def chosen_city(form, user):
    """The city `offer_city` let the user choose (None: not one of them), else their own."""
    if form.pilot_id is None:
        return user.pilot
    return next((p for p in all_pilots() if p.id == form.pilot_id.data), None)


SPECIALISED_CHOICES = [
    ("none", _l("无")),
    ("innovative", _l("创新型中小企业")),
    ("specialised", _l("专精特新中小企业")),
    ("little_giant", _l("专精特新“小巨人”企业")),
]
LEVEL_CHOICES = [
    (1, _l("一级：单项业务数字化起步")),
    (2, _l("二级：关键业务数字化覆盖")),
    (3, _l("三级：业务集成与数据贯通")),
    (4, _l("四级：数据驱动的智能决策")),
]


def required(message=None):
    return DataRequired(message or _l("此项必填"))


class MultiCheckboxField(SelectMultipleField):
    """A multi-select shown as checkboxes; `groups` [(label, [values])] groups them on screen."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
    groups: list = []


def phone_number(form, field):
    value = (field.data or "").strip().replace(" ", "")
    if not (MOBILE.match(value) or LANDLINE.match(value)):
        raise ValidationError(
            _l("请填写11位手机号（如 13812345678）或带区号的固定电话（如 0592-5123456）")
        )
    field.data = value


def valid_credit_code(form, field):
    code = normalise_credit_code(field.data)
    field.data = code
    problem = credit_code_problem(code)
    if problem == "length":
        raise ValidationError(_l("统一社会信用代码应为18位，您输入了 %(n)s 位", n=len(code)))
    if problem == "charset":
        raise ValidationError(_l("统一社会信用代码只能由数字和大写字母组成，且不含 I、O、Z、S、V"))
    if problem == "check":
        raise ValidationError(_l("统一社会信用代码校验位不正确，请对照营业执照逐位核对"))
    not_blacklisted(code)
    if credit_code_taken(code):
        raise ValidationError(_l("该统一社会信用代码已注册，如需找回账号请联系平台管理员"))


def not_blacklisted(code: str) -> None:
    """services/blacklist.py decides; the field says its words (with the end of the period)."""
    from marketplace import wording
    from marketplace.services.blacklist import require_not_blacklisted
    from marketplace.services.errors import InvalidInput

    try:
        require_not_blacklisted(code)
    except InvalidInput as error:
        raise ValidationError(wording.error(error)) from None


def unused_email(form, field):
    if email_taken(field.data):
        raise ValidationError(_l("该邮箱已注册，请直接登录"))


def grouped_by_city(attribute: str, pilots=None) -> list[SelectChoice]:
    """The districts or sub-industries of each city, in an <optgroup> named after the city."""
    return [
        SelectChoice(item.id, item.name, optgroup=p.name)
        for p in (pilots or all_pilots())
        for item in getattr(p, attribute)
    ]


class LoginForm(FlaskForm):
    email = EmailField(_l("邮箱"), validators=[required(_l("请填写邮箱"))])
    password = PasswordField(_l("密码"), validators=[required(_l("请填写密码"))])
    remember = BooleanField(_l("记住我（30天内免登录）"))
    submit = SubmitField(_l("登录"))


class LoginFields:
    """The first user of a new organisation."""

    person_name = StringField(_l("您的姓名"), validators=[required(), Length(max=64)])
    email = EmailField(
        _l("登录邮箱"),
        validators=[
            required(),
            Regexp(EMAIL, message=_l("邮箱格式不正确")),
            Length(max=120),
            unused_email,
        ],
    )
    password = PasswordField(
        _l("密码"), validators=[required(), Length(min=8, message=_l("密码至少8位"))]
    )
    confirm = PasswordField(
        _l("确认密码"),
        validators=[required(), EqualTo("password", message=_l("两次输入的密码不一致"))],
    )


class EnterpriseProfileForm(FlaskForm):
    """What an enterprise keeps up to date (the city and credit code stay as registered)."""

    name = StringField(_l("企业名称"), validators=[required(), Length(max=128)])
    district_id = SelectField(_l("所在区县"), coerce=int, validators=[InputRequired()])
    sub_industry_id = SelectField(_l("细分行业"), coerce=int, validators=[InputRequired()])
    is_above_scale = RadioField(
        _l("企业规模"),
        choices=options([("1", _l("规上企业")), ("0", _l("规下企业"))]),
        validators=[InputRequired(_l("请选择企业规模"))],
    )
    specialised_status = SelectField(_l("专精特新情况"), choices=options(SPECIALISED_CHOICES))
    self_assessed_level = SelectField(
        _l("数字化水平自评"), coerce=int, choices=options(LEVEL_CHOICES)
    )
    contact_name = StringField(_l("联系人"), validators=[required(), Length(max=64)])
    contact_phone = StringField(_l("联系电话"), validators=[required(), phone_number])
    address = StringField(_l("通讯地址"), validators=[Optional(), Length(max=200)])
    introduction = TextAreaField(_l("企业简介"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("保存"))

    def __init__(self, pilot=None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pilots = [pilot] if pilot is not None else None
        self.district_id.choices = grouped_by_city("districts", pilots)
        self.sub_industry_id.choices = grouped_by_city("sub_industries", pilots)

    def profile_values(self) -> dict:
        names = ("district_id", "sub_industry_id", *ENTERPRISE_PROFILE_FIELDS)
        values = {name: getattr(self, name).data for name in names}
        values["is_above_scale"] = self.is_above_scale.data == "1"
        return values


class EnterpriseRegistrationForm(LoginFields, EnterpriseProfileForm):
    credit_code = StringField(_l("统一社会信用代码"), validators=[required(), valid_credit_code])
    pilot_id = SelectField(_l("试点城市"), coerce=int, validators=[InputRequired()])
    submit = SubmitField(_l("注册"))

    def __init__(self, *args, **kwargs):
        super().__init__(None, *args, **kwargs)
        self.pilot_id.choices = options((p.id, p.name) for p in all_pilots())

    def validate_district_id(self, field):
        if district_of(self.pilot_id.data, field.data) is None:
            raise ValidationError(_l("所选区县不属于所选试点城市"))

    def validate_sub_industry_id(self, field):
        if sub_industry_of(self.pilot_id.data, field.data) is None:
            raise ValidationError(_l("所选细分行业不属于所选试点城市"))


class ProviderProfileForm(FlaskForm):
    name = StringField(_l("服务商名称"), validators=[required(), Length(max=128)])
    provider_type = SelectField(_l("服务商类型"), choices=options((t, t) for t in PROVIDER_TYPES))
    served_pilot_ids = MultiCheckboxField(_l("服务的试点城市"), coerce=int)
    sub_industry_ids = MultiCheckboxField(
        _l("服务的细分行业"),
        coerce=int,
        validators=[required(_l("请至少选择一个细分行业"))],
    )
    local_service = TextAreaField(
        _l("本地化服务承诺"),
        validators=[required(), Length(max=2000)],
        render_kw={"rows": 3},
    )
    introduction = TextAreaField(
        _l("服务商简介"), validators=[required(), Length(max=4000)], render_kw={"rows": 5}
    )
    contact_name = StringField(_l("联系人"), validators=[required(), Length(max=64)])
    contact_phone = StringField(_l("联系电话"), validators=[required(), phone_number])
    address = StringField(_l("通讯地址"), validators=[Optional(), Length(max=200)])
    submit = SubmitField(_l("保存"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pilots = all_pilots()
        self.served_pilot_ids.choices = options((p.id, p.name) for p in pilots)
        self.sub_industry_ids.choices = options(
            (s.id, s.name) for p in pilots for s in p.sub_industries
        )
        self.sub_industry_ids.groups = [
            (p.name, p.id, [s.id for s in p.sub_industries]) for p in pilots
        ]
        self._pilot_of_sub = {s.id: p.id for p in pilots for s in p.sub_industries}

    def home_pilot_id(self) -> int | None:
        return None

    def validate_sub_industry_ids(self, field):
        served = set(self.served_pilot_ids.data or []) | {self.home_pilot_id()}
        outside = [i for i in field.data or [] if self._pilot_of_sub.get(i) not in served]
        if outside:
            raise ValidationError(_l("所选细分行业须属于您服务的试点城市"))

    def profile_values(self) -> dict:
        names = ("served_pilot_ids", "sub_industry_ids", *PROVIDER_PROFILE_FIELDS)
        return {name: getattr(self, name).data for name in names}


class ProviderRegistrationForm(LoginFields, ProviderProfileForm):
    credit_code = StringField(_l("统一社会信用代码"), validators=[required(), valid_credit_code])
    pilot_id = SelectField(_l("注册地（所在试点城市）"), coerce=int, validators=[InputRequired()])
    submit = SubmitField(_l("提交注册"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pilot_id.choices = options((p.id, p.name) for p in all_pilots())

    def home_pilot_id(self) -> int | None:
        return self.pilot_id.data


class ProviderEditForm(ProviderProfileForm):
    def __init__(self, organisation, *args, **kwargs):
        self._home = organisation.pilot_id
        super().__init__(*args, **kwargs)

    def home_pilot_id(self) -> int | None:
        return self._home


class PasswordChangeForm(FlaskForm):
    current = PasswordField(_l("当前密码"), validators=[required(_l("请填写当前密码"))])
    new = PasswordField(
        _l("新密码"),
        validators=[
            required(_l("请填写新密码")),
            Length(min=MIN_PASSWORD_LENGTH, max=128, message=_l("新密码须为8到128位")),
        ],
    )
    confirm = PasswordField(
        _l("确认新密码"),
        validators=[required(_l("请再次填写新密码")), EqualTo("new", _l("两次输入的新密码不一致"))],
    )
    submit = SubmitField(_l("修改密码"))


class TokenForm(FlaskForm):
    """A new API token of one's own: what it is for and how long it lives."""

    name = StringField(_l("用途"), validators=[required(_l("请填写令牌名称")), Length(max=64)])
    days = SelectField(
        _l("有效期"),
        choices=[SelectChoice(d, _l("%(days)s 天", days=d)) for d in EXPIRY_DAYS_CHOICES],
        coerce=int,
        default=DEFAULT_EXPIRY_DAYS,
    )
    submit = SubmitField(_l("签发令牌"))

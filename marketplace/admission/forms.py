"""Forms of pilot admission: the enterprise's application, the officials' decisions with
their reasons, the removal (confirmed, with a typed reason), rounds, and the GET filter bar
of the pilot list."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from marketplace.auth.forms import LEVEL_CHOICES, MultiCheckboxField, options
from marketplace.routing import MAX_ID
from marketplace.services.admission import ApplicationData
from marketplace.services.rounds import RoundData
from marketplace.wording.admission import EXCLUSIONS, MATERIALS


class ApplicationForm(FlaskForm):
    employee_count = IntegerField(
        _l("从业人员（人）"),
        validators=[Optional(), NumberRange(min=0, max=10_000_000, message=_l("请填写0或正整数"))],
    )
    revenue_wan = DecimalField(
        _l("上年度营业收入（万元）"),
        places=2,
        validators=[Optional(), NumberRange(min=0, max=10**11, message=_l("请填写0或正数"))],
    )
    is_independent_legal_person = BooleanField(_l("本企业在本市依法生产经营，具有独立法人资格"))
    has_clean_credit = BooleanField(_l("本企业近三年无不良信用记录"))
    exclusions = MultiCheckboxField(_l("以下情形适用于本企业（如有请勾选）"), choices=[])
    digital_level = SelectField(_l("数字化水平自评"), choices=options(LEVEL_CHOICES), coerce=int)
    materials = MultiCheckboxField(_l("已准备的申报材料"), choices=[])
    materials_note = TextAreaField(
        _l("材料说明"), validators=[Length(max=1000)], render_kw={"rows": 3}
    )

    def offer(self, asked: dict) -> None:
        """The exclusions and materials the enterprise's city names."""
        self.exclusions.choices = options((c, EXCLUSIONS[c]) for c in asked["exclusions"])
        self.materials.choices = options((c, MATERIALS[c]) for c in asked["materials"])

    def data_for_service(self) -> ApplicationData:
        return ApplicationData(
            employee_count=self.employee_count.data,
            revenue_wan=self.revenue_wan.data,
            is_independent_legal_person=self.is_independent_legal_person.data,
            has_clean_credit=self.has_clean_credit.data,
            exclusions=list(self.exclusions.data or []),
            digital_level=self.digital_level.data,
            materials=list(self.materials.data or []),
            materials_note=self.materials_note.data or "",
        )


class DecisionForm(FlaskForm):
    """Pass or return (区县初审), admit or reject (市级复核): the reason is required to
    return or reject, because the enterprise reads it to know what is missing."""

    decision = SelectField(
        choices=options([("pass", "pass"), ("refuse", "refuse")]), validators=[InputRequired()]
    )
    reason = TextAreaField(_l("意见"), validators=[Length(max=500)])


class RemovalForm(FlaskForm):
    reason = TextAreaField(
        _l("移出原因"),
        validators=[
            DataRequired(message=_l("请填写移出原因，企业会看到这段说明")),
            Length(max=500),
        ],
    )
    confirm = BooleanField(
        _l("确认将该企业移出试点名单（移出后不能再提交立项）"),
        validators=[DataRequired(message=_l("请勾选确认后再移出"))],
    )


class RoundForm(FlaskForm):
    pilot_id = SelectField(_l("试点城市"), coerce=int, choices=[], validate_choice=False)
    name = StringField(
        _l("批次名称"),
        validators=[DataRequired(message=_l("请填写批次名称，如“2025年第2批”")), Length(max=64)],
        render_kw={"placeholder": _l("如 2025年第2批")},
    )
    opens_on = DateField(_l("申报开始"), validators=[Optional()])
    closes_on = DateField(_l("申报截止"), validators=[Optional()])
    filing_deadline = DateField(_l("立项截止"), validators=[Optional()])
    acceptance_deadline = DateField(_l("验收截止"), validators=[Optional()])

    def round_data(self) -> RoundData:
        return RoundData(
            name=self.name.data or "",
            opens_on=self.opens_on.data,
            closes_on=self.closes_on.data,
            filing_deadline=self.filing_deadline.data,
            acceptance_deadline=self.acceptance_deadline.data,
        )


class PilotListFilter(FlaskForm):
    """The pilot list's filter bar (GET, no CSRF token: it changes nothing)."""

    class Meta:
        csrf = False

    status = SelectField(_l("状态"), choices=[], validators=[Optional()], default="admitted")
    round_id = SelectField(_l("批次"), choices=[], validators=[Optional()], default="")
    district_id = SelectField(_l("区县"), choices=[], validators=[Optional()], default="")

    def offer(self, statuses, rounds, districts) -> None:
        everything = [("", _l("全部"))]
        self.status.choices = options(everything + list(statuses))
        self.round_id.choices = options(everything + [(str(r.id), r.name) for r in rounds])
        self.district_id.choices = options(everything + [(str(d.id), d.name) for d in districts])

    def number(self, name: str) -> int | None:
        """The id chosen in the filter, None when blank or no id at all (ignored)."""
        value = str(getattr(self, name).data or "")
        if not (value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_ID):
            return None
        return int(value)

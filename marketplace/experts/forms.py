"""Forms of expert review: forming a panel, an expert's scores, the official's decision, a
declared conflict, an objection during 公示 and its resolution."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    IntegerField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from marketplace.services.expert_panels import COMMENT_LIMIT, OBJECTION_LIMIT
from marketplace.services.expert_rules import SCORE_MAX, SCORE_MIN
from marketplace.services.experts import NOTE_LIMIT

REASON_LIMIT = 500


class PanelForm(FlaskForm):
    """Pick the experts (checked), or leave all unchecked and draw `size` by lot."""

    experts = SelectMultipleField(
        _l("指定专家"),
        coerce=int,
        validators=[Optional()],
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
    )
    size = IntegerField(_l("随机抽取人数"), validators=[Optional(), NumberRange(min=1, max=99)])


def score_form(criteria: list[dict], labels: dict, formdata=None):
    """A form with one 1–10 field per criterion of the review (named `c_<key>`)."""

    class ScoreForm(FlaskForm):
        comment = TextAreaField(
            _l("评审意见"),
            validators=[
                InputRequired(message=_l("请填写评审意见")),
                Length(max=COMMENT_LIMIT, message=_l("评审意见过长，请精简后再提交")),
            ],
        )

        def scores(self) -> dict:
            return {c["key"]: self[f"c_{c['key']}"].data for c in criteria}

    message = _l("每项评分须为%(min)s到%(max)s之间的整数", min=SCORE_MIN, max=SCORE_MAX)
    for criterion in criteria:
        field = IntegerField(
            labels.get(criterion["key"], criterion["key"]),
            validators=[
                InputRequired(message=message),
                NumberRange(min=SCORE_MIN, max=SCORE_MAX, message=message),
            ],
        )
        setattr(ScoreForm, f"c_{criterion['key']}", field)
    return ScoreForm(formdata=formdata) if formdata is not None else ScoreForm()


class DecisionForm(FlaskForm):
    decision = RadioField(
        _l("审核决定"),
        choices=[SelectChoice("approve", _l("通过")), SelectChoice("reject", _l("不通过"))],
        validators=[InputRequired(message=_l("请选择审核决定"))],
    )
    reason = TextAreaField(_l("理由"), validators=[Length(max=REASON_LIMIT)])


class ConflictForm(FlaskForm):
    credit_code = StringField(
        _l("单位统一社会信用代码"),
        validators=[InputRequired(message=_l("请填写统一社会信用代码")), Length(max=30)],
    )
    note = TextAreaField(_l("说明（任职、顾问、持股等）"), validators=[Length(max=NOTE_LIMIT)])


class ObjectionForm(FlaskForm):
    text = TextAreaField(
        _l("异议内容"),
        validators=[
            InputRequired(message=_l("请填写异议内容")),
            Length(max=OBJECTION_LIMIT, message=_l("异议内容过长，请精简后再提交")),
        ],
    )


class ResolveForm(FlaskForm):
    reason = TextAreaField(
        _l("处理理由"),
        validators=[
            InputRequired(message=_l("请填写处理理由")),
            Length(max=REASON_LIMIT, message=_l("处理理由过长，请精简后再提交")),
        ],
    )

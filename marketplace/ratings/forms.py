"""The enterprise's rating of a provider after acceptance, and the provider's reply."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from marketplace.auth.forms import options
from marketplace.wording.answerable import TERMS
from models.rating import RATING_ASPECTS

STARS = options([(str(n), str(n)) for n in range(5, 0, -1)])


def _aspect(name: str) -> RadioField:
    return RadioField(
        TERMS["aspect"][name],
        choices=STARS,
        validate_choice=False,  # the service says what is wrong with a score (1–5)
        validators=[InputRequired(_l("请为每一项打分（1–5分）"))],
    )


class RatingForm(FlaskForm):
    provider_id = HiddenField(validators=[DataRequired(_l("请选择要评价的服务商"))])
    quality = _aspect("quality")
    timeliness = _aspect("timeliness")
    responsiveness = _aspect("responsiveness")
    value = _aspect("value")
    comment = TextAreaField(_l("评价内容"), validators=[Length(max=2000)])

    def scores(self) -> dict:
        return {aspect: getattr(self, aspect).data for aspect in RATING_ASPECTS}


class ReplyForm(FlaskForm):
    reply = TextAreaField(
        _l("回复"), validators=[DataRequired(_l("请填写回复内容")), Length(max=2000)]
    )

"""Filing a complaint, the provider's answer and the official's handling."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from marketplace.auth.forms import options
from marketplace.services.answerable_rules import complaint_categories
from marketplace.wording.answerable import TERMS
from models.complaint import HANDLED


class ComplaintForm(FlaskForm):
    provider_id = SelectField(_l("被投诉的服务商"), coerce=int, validate_choice=False)
    category = SelectField(_l("投诉类别"), validators=[DataRequired(_l("请选择投诉类别"))])
    description = TextAreaField(
        _l("投诉内容"),
        validators=[DataRequired(_l("请填写投诉内容")), Length(max=4000)],
    )
    files = MultipleFileField(_l("证明材料（可选，pdf/jpg/png/xlsx/docx）"))

    def __init__(self, providers, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.provider_id.choices = options([(p.id, p.name) for p in providers])
        self.category.choices = options([(c, TERMS["category"][c]) for c in complaint_categories()])


class ResponseForm(FlaskForm):
    response = TextAreaField(
        _l("答复内容"), validators=[DataRequired(_l("请填写答复内容")), Length(max=4000)]
    )


class HandleForm(FlaskForm):
    outcome = RadioField(
        _l("处理结果"),
        choices=options([(o, TERMS["outcome"][o]) for o in HANDLED]),
        validators=[InputRequired(_l("请选择处理结果"))],
    )
    reason = TextAreaField(
        _l("处理意见"), validators=[DataRequired(_l("请填写处理意见")), Length(max=4000)]
    )

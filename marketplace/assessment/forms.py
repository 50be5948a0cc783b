"""Forms of the digital-level questionnaire (数字化水平评测)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField
from wtforms.validators import InputRequired, NumberRange


class LegacyScoreForm(FlaskForm):
    score = DecimalField(
        _l("2022版评测总分"),
        places=2,
        validators=[InputRequired(_l("请填写总分")), NumberRange(0, 100, _l("总分为0–100"))],
    )


class AssessmentForm(FlaskForm):
    """CSRF only: the questions come from the questionnaire data and are read in the view."""

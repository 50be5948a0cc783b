"""The filters of a city's supply list, read from the query string (GET, no CSRF token)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from marketplace.catalog.forms import optional_int
from marketplace.services.supply_list import ORDERS, SupplyFilter
from marketplace.template_helpers import stage_label
from marketplace.wording.terms import term
from models.stages import STAGE_GROUPS


class SupplyFilterForm(FlaskForm):
    """Sub-industry (of this city), stage, and the column the list is sorted by. A value that
    means nothing is an error of its field: the page says so and leaves that filter out."""

    class Meta:
        csrf = False

    sub_industry = SelectField(_l("细分行业"), coerce=optional_int, validators=[Optional()])
    stage = SelectField(_l("业务环节"), validators=[Optional()])
    sort = SelectField(_l("排序"), validators=[Optional()])
    order = SelectField(_l("排序方向"), validators=[Optional()])

    def __init__(self, pilot, sorts, *args, **kwargs):
        super().__init__(*args, **kwargs)
        anything = SelectChoice("", _l("全部"))
        self.sub_industry.choices = [anything] + [
            SelectChoice(s.id, s.name) for s in pilot.sub_industries
        ]
        self.stage.choices = [anything] + [
            SelectChoice(s, stage_label(s), optgroup=term(group))
            for group, stages in STAGE_GROUPS.items()
            for s in stages
        ]
        self.sort.choices = [("", "")] + [(s, s) for s in sorts]
        self.order.choices = [("", "")] + [(o, o) for o in ORDERS]

    def value(self, name):
        """The field's value if it was given and valid, else None."""
        field = getattr(self, name)
        if field.errors or field.data in ("", None):
            return None
        return field.data

    def supply_filter(self) -> SupplyFilter:
        return SupplyFilter(
            sub_industry_id=self.value("sub_industry"),
            stage=self.value("stage"),
            sort=self.value("sort"),
            order=self.value("order") or "asc",
        )

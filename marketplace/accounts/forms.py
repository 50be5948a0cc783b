"""Account administration forms: the users list's filter bar and the reason every action
needs."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from marketplace.supervision.forms import FilterForm, _pick
from marketplace.wording.statuses import ROLES


class UserFilterForm(FilterForm):
    role = _pick(_l("角色"), list(ROLES.items()))
    state = _pick(
        _l("状态"),
        [
            ("enabled", _l("正常")),
            ("disabled", _l("已停用")),
            ("must_change_password", _l("待修改临时密码")),
        ],
    )


class AccountActionForm(FlaskForm):
    reason = TextAreaField(
        _l("原因"),
        validators=[DataRequired(_l("请填写原因：账号操作都会记录原因")), Length(max=500)],
    )

    def first_error(self) -> str:
        return next(iter(e for errors in self.errors.values() for e in errors), "")

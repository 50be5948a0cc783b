"""flask-smorest bound to the app: it writes the OpenAPI document from the routes and their
schemas. Only the texts that are about the API as a whole live here."""

from pathlib import Path

import flask_swagger_ui
from flask import Blueprint, Flask, current_app
from flask_smorest import Api

from marketplace.api.args import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE
from marketplace.api.errors import ErrorSchema
from marketplace.services.throttle import LIMITS

PREFIX = "/api/v1"
_TOKENS, _SEARCH = LIMITS["api_token_address"], LIMITS["search_address"]
SWAGGER_UI_DIST = Path(flask_swagger_ui.__file__).parent / "dist"

DESCRIPTION = f"""\
面向省级、国家级中小企业数字化转型公共服务平台的数据交换接口（只读；企业账号另可发布与\
修改本企业的需求）。

**认证**：在请求头中携带 `Authorization: Bearer <令牌>`。令牌由平台管理员用命令 \
`flask --app app api-token create --email <账号邮箱> --name <用途> [--days 30|90|365]` 签发\
（也可由账号本人在网站“账号与安全”页面签发与吊销），只显示一次，默认 90 天后过期；\
令牌代表其所属账号，权限与数据范围与该账号相同（工信部门账号只能看到本市 / 本区的数据）。\
已登录网站的浏览器会话也可用于读取；任何写操作只接受令牌。

**分页**：列表接口接受 `page`（1–{MAX_PAGE}，默认 1）与 `per_page`\
（1–{MAX_PER_PAGE}，默认 {DEFAULT_PER_PAGE}），返回 `items`、`page`、`per_page`、`total`、`pages`。

**编号**：路径与查询参数中的对象编号为 1 到 2^63-1 的整数；超出范围的路径编号返回 404。

**错误**：以 JSON 返回 `Error`：`{{"error": 名称, "status": 状态码, "message": 说明}}`，\
参数错误（400）另有 `errors`（参数名 → 原因）；401 表示缺少、无效、已过期或已吊销的令牌，\
403 表示账号角色无权访问，404 表示对象不存在或不在本账号的数据范围内；429 表示同一地址\
无效令牌过多（{_TOKENS.window.seconds // 60} 分钟内 {_TOKENS.attempts} 次，\
锁定 {_TOKENS.lockout.seconds // 60} 分钟）或检索过于频繁（每分钟 {_SEARCH.attempts} 次），\
`Retry-After` 头给出需等待的秒数。
"""

TAGS = [
    {"name": "试点", "description": "试点城市、区县与细分行业"},
    {"name": "目录", "description": "已审核通过的服务商与产品（公开）"},
    {"name": "监管", "description": "企业、需求、询价、项目与状态记录（仅工信部门，按辖区限定）"},
    {"name": "需求", "description": "企业发布与修改本企业的需求（仅企业账号的令牌）"},
    {"name": "文档", "description": "本接口的说明"},
]

BEARER = {
    "type": "http",
    "scheme": "bearer",
    "description": "flask api-token create 签发的令牌（szt_ 开头）",
}


class JsonApi(Api):
    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        """Not app-wide: the API blueprint renders its own errors, the site keeps its pages."""

    def _register_pagination_header(self):
        """Lists carry their totals in the body (schemas.page_of), not an X-Pagination header."""


# Swagger UI's files, from the flask-swagger-ui wheel: the docs page loads nothing from a CDN
assets = Blueprint(
    "api_assets",
    __name__,
    static_folder=str(SWAGGER_UI_DIST),
    static_url_path=f"{PREFIX}/docs/assets",
)


def register(app: Flask) -> None:
    from marketplace.api.views import bp

    api = JsonApi(
        app,
        spec_kwargs={
            "title": "数转通 数据交换接口",
            "version": "1.0.0",
            "openapi_version": "3.1.0",
            "info": {"description": DESCRIPTION},
        },
    )
    api.spec.components.security_scheme("bearerAuth", BEARER)
    api.register_blueprint(bp, url_prefix=PREFIX)
    for tag in TAGS:
        api.spec.tag(tag)
    app.register_blueprint(assets)


def document() -> dict:
    return current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict()

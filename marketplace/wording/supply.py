"""The words of a city's published supply list (产品供给清单) and provider pool (服务商资源池):
its export headers and sheet titles, and what an unusable filter says."""

from flask_babel import lazy_gettext as _l

SHEETS = {
    "products": _l("产品供给清单"),
    "providers": _l("服务商资源池"),
}

HEADERS = {
    "product_id": _l("产品编号"),
    "product_name": _l("产品名称"),
    "provider": _l("服务商"),
    "provider_id": _l("服务商编号"),
    "provider_name": _l("服务商名称"),
    "credit_code": _l("统一社会信用代码"),
    "provider_type": _l("类型"),
    "stages": _l("业务环节"),
    "sub_industries": _l("细分行业"),
    "is_generic": _l("通用产品"),
    "delivery_mode": _l("交付方式"),
    "list_price": _l("市场价（元）"),
    "pilot_price": _l("试点价（元）"),
    "price_unit": _l("计价单位"),
    "deployment_days": _l("部署天数"),
    "listed_at": _l("上架时间"),
    "product_count": _l("清单内产品数"),
    "rating_count": _l("评价条数"),
    "rating_average": _l("平均评分（1–5）"),
    "admitted_at": _l("入库时间"),
}

# what a filter of the query string that means nothing says (the list is shown without it)
FILTER_PROBLEMS = {
    "sub_industry": _l("没有这个细分行业：请从列表中选择本市的细分行业，已显示全部"),
    "stage": _l("没有这个业务环节：请从列表中选择，已显示全部"),
    "sort": _l("不能按这一列排序，已按默认顺序排列"),
    "order": _l("排序方向只能是升序或降序，已按升序排列"),
}


def header(key: str) -> str:
    return str(HEADERS[key])


def sheet(key: str) -> str:
    return str(SHEETS[key])


def filter_problem(name: str) -> str:
    return str(FILTER_PROBLEMS[name])

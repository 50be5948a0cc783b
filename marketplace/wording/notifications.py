"""What a notification says (in the inbox and as a mail's subject), and the name of each
kind on the email preferences page. %(title)s is the object's title kept with the
notification, %(date)s a deadline, %(result)s an acceptance result in words."""

from flask_babel import lazy_gettext as _l

NOTIFICATION_TEXTS = {
    "quote_requested": _l("“%(title)s”：企业向您发来询价"),
    "quote_answered": _l("“%(title)s”：服务商已报价"),
    "quote_revised": _l("“%(title)s”：服务商修改了报价"),
    "quote_declined": _l("“%(title)s”：服务商婉拒了询价"),
    "quote_withdrawn": _l("“%(title)s”：企业撤回了询价"),
    "quote_accepted": _l("“%(title)s”：企业接受了您的报价"),
    "quote_not_selected": _l("“%(title)s”：企业选择了其他服务商"),
    "provider_approved": _l("服务商资质审核通过"),
    "provider_rejected": _l("服务商资质审核未通过，请查看原因并修改"),
    "provider_suspended": _l("服务商资质已被暂停"),
    "product_approved": _l("产品“%(title)s”审核通过，已上架"),
    "product_rejected": _l("产品“%(title)s”审核未通过，请查看原因并修改"),
    "product_suspended": _l("产品“%(title)s”已被暂停展示"),
    "project_filed": _l("项目“%(title)s”已提交立项，待初审"),
    "project_district_approved": _l("项目“%(title)s”区县初审通过，待市级复核"),
    "project_returned": _l("项目“%(title)s”被退回修改"),
    "project_approved": _l("项目“%(title)s”立项获批，进入实施"),
    "project_acceptance_result": _l("项目“%(title)s”验收结果：%(result)s"),
    "project_due_soon": _l("项目“%(title)s”计划于 %(date)s 完成，期限临近"),
    "project_overdue": _l("项目“%(title)s”已超过计划完成日期 %(date)s"),
    "rectify_due_soon": _l("项目“%(title)s”整改期限 %(date)s 临近"),
    "rectify_overdue": _l("项目“%(title)s”已超过整改期限 %(date)s"),
    "message": _l("“%(title)s”有新消息"),
    "interest_expressed": _l("服务商对需求“%(title)s”表达了合作意向"),
}

KIND_LABELS = {
    "quote_requested": _l("收到询价"),
    "quote_answered": _l("收到报价"),
    "quote_declined": _l("询价被婉拒"),
    "quote_withdrawn": _l("询价被撤回"),
    "quote_accepted": _l("报价被接受"),
    "quote_not_selected": _l("报价未中选"),
    "provider_approved": _l("服务商资质审核通过"),
    "provider_rejected": _l("服务商资质审核未通过"),
    "provider_suspended": _l("服务商资质被暂停"),
    "product_approved": _l("产品审核通过"),
    "product_rejected": _l("产品审核未通过"),
    "product_suspended": _l("产品被暂停"),
    "project_filed": _l("项目提交立项（待初审）"),
    "project_district_approved": _l("项目初审通过（待复核）"),
    "project_returned": _l("项目被退回"),
    "project_approved": _l("项目立项获批"),
    "project_acceptance_result": _l("验收结果"),
    "project_due_soon": _l("项目完成期限临近"),
    "project_overdue": _l("项目超过完成期限"),
    "rectify_due_soon": _l("整改期限临近"),
    "rectify_overdue": _l("超过整改期限"),
    "message": _l("新消息"),
    "interest_expressed": _l("服务商表达意向"),
}

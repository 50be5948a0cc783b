"""The business scenes shared by the register dev sets (match_standard, match_phone,
match_english): each scene names its stage and the real products that solve it (grade 2, chosen
by hand from the product descriptions); every other product of the stage is grade 1.

Each set's build.py holds its own wording of the scenes and calls write_set. Run from the
repository root: python tests/data/match_standard/build.py [path/to/products_real.jsonl]
"""

import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SOURCE = os.path.join(HERE, "match_real", "products.jsonl")

SCENES: dict[str, tuple[str, tuple[str, ...]]] = {
    "pd-plm": (
        "产品设计",
        (
            "PD-DOKULY",
            "PD-DOCDOKU",
            "PD-OPENPLM",
            "PD-ODOOPLM",
            "PD-IBIZPLM",
            "PD-CKPLM",
            "PD-CASCADIA",
        ),
    ),
    "pd-cad": (
        "产品设计",
        ("PD-CHILI3D", "PD-SOLVESPACE", "PD-CADQUERY", "PD-OPENSCAD", "PD-LIBRECAD"),
    ),
    "pd-eda": ("产品设计", ("PD-HORIZON", "PD-LIBREPCB", "PD-QET")),
    "proc-cam": ("工艺设计", ("PROC-CAMOTICS", "PROC-FABEX", "PROC-NCGEN", "PROC-FLATCAM")),
    "proc-routing": ("工艺设计", ("PROC-DGIOT-GY", "PROC-OCA-ROUTING")),
    "proc-nesting": ("工艺设计", ("PROC-DEEPNEST",)),
    "proc-print": ("工艺设计", ("PROC-SLIC3R", "PROC-CURAENGINE")),
    "mkt-crm": (
        "营销管理",
        (
            "CRM-FEELCRM",
            "CRM-OPENCOM",
            "CRM-YSHOP",
            "CRM-ESPOCRM",
            "CRM-KRAYIN",
            "CRM-SUITECRM",
            "CRM-HS-KHGL",
            "CRM-HS-YD",
        ),
    ),
    "mkt-shop": ("营销管理", ("MKT-CRMEB",)),
    "mkt-campaign": ("营销管理", ("MKT-MAUTIC", "CRM-LINKWECHAT")),
    "svc-ticket": (
        "售后服务",
        (
            "SVC-FEELDESK",
            "SVC-OSTICKET",
            "SVC-PEPPERMINT",
            "SVC-FAVEO",
            "SVC-UVDESK",
            "SVC-FRAPPEHD",
        ),
    ),
    "svc-chat": ("售后服务", ("SVC-CSKEFU", "SVC-PAPERCUPS", "SVC-TILEDESK", "SVC-LIBREDESK")),
    "svc-inbox": ("售后服务", ("SVC-FREESCOUT", "SVC-LIBREDESK", "SVC-HELPY", "SVC-UVDESK")),
    "aps-schedule": (
        "计划排程",
        ("APS-PEANUT", "APS-JVS", "APS-OPENAPS", "APS-FREPPLE", "APS-TIMEFOLD"),
    ),
    "aps-mrp": ("计划排程", ("APS-OCA-MRPML", "APS-FREPPLE")),
    "aps-capacity": ("计划排程", ("APS-FREPPLE", "APS-OPENAPS", "APS-JVS", "ERP-3UCS")),
    "mes-report": (
        "生产管控",
        ("MES-KTG", "MES-QCADOO", "MES-INDUSTRY40", "RAIPIOT-MES", "MES-LITEMES", "MES-HS-YBG"),
    ),
    "mes-monitor": ("生产管控", ("MES-CLOUDSILK", "MES-HS-ZNCJ", "MES-HS-GCGL", "MES-BETTER")),
    "mes-piece": ("生产管控", ("MES-HS-FZZZ", "MES-HS-YBG")),
    "qm-inspect": ("质量管理", ("QM-OCA-QC", "MES-LITEMES", "MES-BETTER")),
    "qm-trace": ("质量管理", ("QM-HS-SUYUAN", "MES-YJH")),
    "qm-system": ("质量管理", ("QM-OCA-MGMT",)),
    "qm-lab": ("质量管理", ("QM-SENAITE", "MES-BMOS")),
    "eq-maint": ("设备管理", ("EQ-OCA-MPLAN", "EQ-OCA-INSP", "EQ-ATLAS", "EQ-WEIBAO")),
    "eq-iot": ("设备管理", ("EQ-JETLINKS",)),
    "eq-asset": ("设备管理", ("EQ-FOXNIC", "EQ-HUIXIN")),
    "ehs-hazard": ("安全生产", ("EHS-HIDDENDANGER", "EHS-IPHPWIND", "EHS-GDSG")),
    "ehs-incident": ("安全生产", ("EHS-INCIDENT", "EHS-NEXTJS", "EHS-IPHPWIND")),
    "ehs-compliance": ("安全生产", ("EHS-COMPLIANCE", "EHS-AUTONOMOUS")),
    "ems-meter": (
        "能耗管理",
        ("EMS-HS-DNGL", "EMS-MYEMS", "EMS-EMONCMS", "EMS-EMONPI", "EMS-ZHITAN"),
    ),
    "ems-carbon": ("能耗管理", ("EMS-CARBON", "EMS-ZHITAN", "EMS-SEED")),
    "ems-solar": ("能耗管理", ("EMS-OPENEMS", "EMS-HS-DNGL")),
    "pur-rfq": ("采购管理", ("PUR-NEOZHU", "PUR-EASTSEA")),
    "pur-request": ("采购管理", ("PUR-OCA-PR", "PUR-HS-HQCG", "PUR-SHEEP")),
    "pur-tender": ("采购管理", ("PUR-KXTM", "PUR-HS-ZBCG")),
    "wms-scan": (
        "仓储物流",
        (
            "WMS-JEEWMS",
            "WMS-MODERNWMS",
            "WMS-GREATERWMS",
            "RAIPIOT-WMS",
            "WMS-HS-SCQY",
            "WMS-YSHOP-STOCK",
        ),
    ),
    "wms-transport": ("仓储物流", ("WMS-NEOZHU-TMS",)),
    "wms-count": ("仓储物流", ("WMS-OPENBOXES", "WMS-YSHOP-STOCK", "WMS-MODERNWMS")),
    "fin-books": (
        "财务管理",
        ("FIN-AKAUNTING", "FIN-FRAPPEBOOKS", "FIN-LEDGERSMB", "FIN-OPENCOM", "FIN-BIGCAPITAL"),
    ),
    "fin-invoice": ("财务管理", ("FIN-CRATER", "FIN-AKAUNTING", "FIN-BIGCAPITAL")),
    "fin-assets": ("财务管理", ("FIN-OPENCOM", "FIN-LEDGERSMB")),
    "hr-payroll": (
        "人力资源",
        ("HR-NEOZHU-ATTEND", "HR-FRAPPEHR", "HR-OPENCOM", "HR-ICEHRM", "HR-HORILLA"),
    ),
    "hr-recruit": ("人力资源", ("HR-OPENCATS", "HR-HS-LGZP", "HR-OPENCOM")),
    "hr-records": ("人力资源", ("HR-ORANGEHRM", "HR-SENTRIFUGO", "HR-HORILLA", "HR-ICEHRM")),
    "hr-hours": ("人力资源", ("HR-KIMAI", "HR-NEOZHU-HRHUB")),
    "oa-approval": ("协同办公", ("OA-GOUGU",)),
    "oa-tasks": (
        "协同办公",
        (
            "OA-KANBOARD",
            "OA-FOCALBOARD",
            "OA-DOOTASK",
            "OA-LEANTIME",
            "OA-OPENCOM-PM",
            "OA-LIBREPLAN",
        ),
    ),
    "oa-wiki": ("协同办公", ("OA-OUTLINE", "OA-MRDOC")),
    "bi-screen": ("决策支持", ("BI-DATAROOM", "BI-GOVIEW", "BI-DATAEASE", "BI-JIMUREPORT")),
    "bi-report": (
        "决策支持",
        ("BI-CBOARD", "BI-DATART", "BI-DAVINCI", "BI-REDASH", "BI-DATAGEAR", "BI-JIMUREPORT"),
    ),
    "bi-chat": ("决策支持", ("BI-SUPERSONIC",)),
}


def write_set(folder: str, prefix: str, needs: list[tuple[str, str]], source: str) -> None:
    """needs: (scene key, text). Writes products.jsonl, needs.jsonl (id, text, stages as the
    answer key for stage accuracy, never read by the ranking) and qrels.tsv."""
    with open(source, encoding="utf-8") as f:
        products = [json.loads(line) for line in f if line.strip()]
    ids = {p["id"] for p in products}
    with open(os.path.join(folder, "products.jsonl"), "w", encoding="utf-8") as out:
        for p in products:
            row = {k: p[k] for k in ("id", "name", "description", "stages")}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    with (
        open(os.path.join(folder, "needs.jsonl"), "w", encoding="utf-8") as need_file,
        open(os.path.join(folder, "qrels.tsv"), "w", encoding="utf-8") as qrels,
    ):
        for n, (scene, text) in enumerate(needs, start=1):
            stage, solving = SCENES[scene]
            missing = set(solving) - ids
            assert not missing, f"{scene}: unknown products {missing}"
            need_id = f"{prefix}{n:02d}"
            row = {"id": need_id, "text": text, "scene": scene, "stage": stage}
            need_file.write(json.dumps(row, ensure_ascii=False) + "\n")
            for p in products:
                if p["id"] in solving:
                    qrels.write(f"{need_id}\t{p['id']}\t2\n")
                elif stage in p["stages"]:
                    qrels.write(f"{need_id}\t{p['id']}\t1\n")

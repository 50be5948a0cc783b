"""Dev set in English: one need per business scene of ../register_scenes.py, written here as an
SME would in English, no text taken from the products. Run from the repository root:
python tests/data/match_english/build.py [path/to/products.jsonl]
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from register_scenes import DEFAULT_SOURCE, write_set  # noqa: E402

NEEDS = [
    (
        "pd-plm",
        "Our engineering drawings and parts lists live on individual laptops and nobody knows which revision is current; we need one place to control versions and engineering changes",
    ),
    (
        "pd-cad",
        "We want to model new parts in 3D and check how they fit together before ordering tooling",
    ),
    (
        "pd-eda",
        "We design small control boards and need software to draw schematics and lay out the circuit board ourselves",
    ),
    (
        "proc-cam",
        "Our machinists hand-write the milling programs; we want toolpaths generated from the part model and simulated before cutting metal",
    ),
    (
        "proc-routing",
        "Every team machines the same part in a different sequence; we need standard operation sequences and routings defined for each product",
    ),
    (
        "proc-nesting",
        "Our laser cutter wastes too much sheet steel; we need parts packed tightly on each sheet to cut scrap",
    ),
    (
        "proc-print",
        "We prototype on 3D printers and need reliable slicing of models into layers and print paths",
    ),
    (
        "mkt-crm",
        "Our sales reps track leads and deals in their heads and spreadsheets; we need to see every customer, opportunity and contract in one system",
    ),
    (
        "mkt-shop",
        "We want an online store where repeat buyers can order directly, with loyalty points and discount coupons",
    ),
    (
        "mkt-campaign",
        "We collect hundreds of contacts at trade fairs and never follow up; we want automated nurture emails and to see who is interested",
    ),
    (
        "svc-ticket",
        "When a customer calls about a broken machine nobody logs it and we cannot tell if a technician fixed it; we need service tickets tracked to closure",
    ),
    (
        "svc-chat",
        "Visitors to our website keep asking the same questions; we want live chat with a bot answering the common ones and handing over to an agent",
    ),
    (
        "svc-inbox",
        "Customer complaints arrive by email, phone and web forms; we want them in one shared inbox, handled and rated for satisfaction",
    ),
    (
        "aps-schedule",
        "Rush orders constantly reshuffle the shop floor and deliveries slip; we need the production schedule generated automatically and re-planned when orders change",
    ),
    (
        "aps-mrp",
        "We either run out of components or overstock them; we need material requirements calculated from orders and the bill of materials",
    ),
    (
        "aps-capacity",
        "We promise delivery dates without knowing whether machines and people have the capacity; we need capacity checked against the master plan",
    ),
    (
        "mes-report",
        "Work orders are issued on paper and output is only counted at month end; we want operators to report completed quantities at the workstation",
    ),
    (
        "mes-monitor",
        "I cannot see from the office which line has stopped and why; we need live shop floor status and alerts",
    ),
    (
        "mes-piece",
        "We are a garment factory paying by the piece and calculating wages from paper tallies takes days",
    ),
    (
        "qm-inspect",
        "Incoming and final inspection results are written on paper; we need inspection plans and results recorded in a system",
    ),
    (
        "qm-trace",
        "When a customer returns a defective batch we cannot tell which raw material lot it came from; we need batch traceability",
    ),
    (
        "qm-system",
        "We are preparing for ISO certification and need our procedures, nonconformities and corrective actions managed properly",
    ),
    (
        "qm-lab",
        "Our testing lab logs samples and results by hand and reports take days; we need sample tracking and report issuing",
    ),
    (
        "eq-maint",
        "Machines only get attention when they break down; we need preventive maintenance schedules and routine inspections",
    ),
    (
        "eq-iot",
        "We want our machines connected so we can watch their running state remotely and get an alarm when one faults",
    ),
    (
        "eq-asset",
        "Nobody knows how many machines we own, when they were bought or what spare parts we hold; we need an asset register with repair history",
    ),
    (
        "ehs-hazard",
        "Safety inspectors keep finding hazards and we have no record of fixing them; we need hazards reported, assigned and closed out",
    ),
    (
        "ehs-incident",
        "After a worker was injured the paperwork got lost; we need incidents reported, investigated and followed up",
    ),
    (
        "ehs-compliance",
        "We struggle to know which environmental and safety regulations apply to us and whether we comply",
    ),
    (
        "ems-meter",
        "Our electricity bill keeps rising and we do not know which workshop or machine uses the most power",
    ),
    (
        "ems-carbon",
        "A large customer asks for our carbon emissions figures and we have no idea how to calculate them",
    ),
    (
        "ems-solar",
        "We installed rooftop solar panels and batteries and want to monitor generation, consumption and storage together",
    ),
    (
        "pur-rfq",
        "Buyers phone a couple of vendors and pick one; we want suppliers to quote online and compare prices side by side",
    ),
    (
        "pur-request",
        "Every purchase needs a paper form signed by me and stalls when I travel; we want requisitions approved online and goods receipt tracked",
    ),
    (
        "pur-tender",
        "We have dozens of suppliers with no evaluation; we want to run tenders and keep only the reliable vendors",
    ),
    (
        "wms-scan",
        "Stock in and out of our warehouse is handwritten and the books never match the shelves; we want barcode scanning and bin locations",
    ),
    (
        "wms-transport",
        "We run our own delivery trucks and cannot tell where a driver is or whether the goods arrived",
    ),
    (
        "wms-count",
        "Stocktaking shuts us down for two days every month and the counts still do not match",
    ),
    (
        "fin-books",
        "Our bookkeeping is done by hand in spreadsheets and the owner waits a month to see profit",
    ),
    (
        "fin-invoice",
        "We struggle to track invoices sent, payments received and which customers still owe us money",
    ),
    (
        "fin-assets",
        "Depreciation of our machines and vehicles is calculated inconsistently every year; we need fixed asset accounting",
    ),
    (
        "hr-payroll",
        "With three hundred workers, attendance, shift rosters and payroll keep our HR staff up late every month",
    ),
    (
        "hr-recruit",
        "In peak season we get piles of job applications and lose track of candidates and interview invitations",
    ),
    (
        "hr-records",
        "Employee files sit in cabinets; we want records of hiring dates, performance reviews and contract expiry online",
    ),
    (
        "hr-hours",
        "We use agency workers and argue with the agency about billed hours; we need accurate time tracking per worker",
    ),
    (
        "oa-approval",
        "Leave requests and expense claims need signatures from managers who are often away; we want approvals on the phone",
    ),
    (
        "oa-tasks",
        "Cross-department projects get lost; we need tasks assigned on a board and progress visible to everyone",
    ),
    (
        "oa-wiki",
        "Company policies and technical documents are scattered; new staff cannot find anything, so we want a shared knowledge base",
    ),
    ("bi-screen", "The owner wants a wall display showing today's sales and output at a glance"),
    (
        "bi-report",
        "Each month we export data from several systems and stitch reports together in spreadsheets; we want self-service reports and dashboards",
    ),
    (
        "bi-chat",
        "Managers want to ask in plain language which product sold best last month and get a chart back",
    ),
]

if __name__ == "__main__":
    write_set(
        os.path.dirname(os.path.abspath(__file__)),
        "E",
        NEEDS,
        sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SOURCE,
    )

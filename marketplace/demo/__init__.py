"""Hand-written text of the demo data set (fictional companies, products, needs).

`marketplace.demo.seed.seed_demo_data` assembles it into rows (through the services where
they exist), `marketplace.demo.projects` walks the projects through their lifecycle. Everything here is
plain data: profiles of each pilot sub-industry, per-stage fragments, generic products and
the organisations. The same data comes out every time.
"""

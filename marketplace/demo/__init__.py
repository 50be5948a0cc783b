"""Hand-written text of the demo data set (fictional companies, products, needs).

`marketplace.services.demo_data.seed_demo_data` assembles it into rows. Everything here is
plain data: profiles of each pilot sub-industry, per-stage fragments, generic products and
the organisations. The same data comes out every time.
"""

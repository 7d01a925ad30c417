"""The induction's pages, one blueprint per area: inductions, programmes and reports, passport, badges."""

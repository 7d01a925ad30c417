"""Career pathways: ordered steps between job roles and what each step requires."""

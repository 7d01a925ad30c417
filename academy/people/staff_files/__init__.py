"""Staff files from HR: read an organisation's staff list and bring its people in line with it."""

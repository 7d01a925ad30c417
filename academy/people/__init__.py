"""People: organisations, teams, job roles, accounts, roles and equality answers."""

"""The apprenticeship levy: accounts, their ledger and forecast, pooling, pledges and transfers."""

# The expiry rule is the levy's contract with the rest of the platform; it is imported from here.
from academy.talent.levy.rules import expiring_funds  # noqa: F401

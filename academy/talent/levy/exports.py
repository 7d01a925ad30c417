"""What the ledger and forecast downloads hold, column by column."""

from __future__ import annotations

LEDGER_HEADER = ["Month", "Funds in", "Top-up", "Payments", "Transfers sent", "Paid from funds",
                 "Co-investment", "Employer's share of co-investment", "Expired", "Balance"]


def ledger_row(r) -> list:
    return [r.month.strftime("%Y-%m"), r.funds_in, r.top_up, r.payments, r.transfers_out,
            r.spent, r.co_investment, r.employer_share, r.expired, r.balance]


FORECAST_HEADER = ["Month", "Opening balance", "Funds in", "Projected", "Committed payments",
                   "Of which transfers", "Paid from funds", "Co-investment",
                   "Employer's share of co-investment", "Expiring", "Closing balance", "At risk"]


def forecast_row(r) -> list:
    return [r.month.strftime("%Y-%m"), r.opening, r.funds_in, "yes" if r.projected_funds else "",
            r.committed, r.transfers_out, r.spent, r.co_investment, r.employer_share, r.expiring,
            r.closing, "yes" if r.at_risk else ""]

"""Response rates of a round: who was invited, started, submitted and was validated, by
organisation and by team."""

from __future__ import annotations

from academy.lna import queries
from academy.lna.models import AssessmentRound
from academy.lna.queries import Scope
from academy.lna.reporting.shapes import Chart, Report, Table, pct
from academy.reports import charts

# The page lists this many teams, lowest response rate first; every team is in the download.
MAX_TEAM_ROWS = 100
TITLE = "Response rates"


def responses_report(round_: AssessmentRound, scope: Scope, scope_text: str) -> Report:
    by_org = queries.responses(scope, "organisation")
    by_team = queries.responses(scope, "team")
    report = Report("responses", TITLE, round_, scope_text)
    invited = sum(r.invited for r in by_org)
    submitted = sum(r.submitted for r in by_org)
    validated = sum(r.validated for r in by_org)
    started = sum(r.started for r in by_org)
    if invited:
        report.summary = [
            f"{submitted:,} of {invited:,} people invited have submitted ({submitted / invited:.0%}); "
            f"{started - submitted:,} have started but not submitted.",
            f"Managers have validated {validated:,} of the {submitted:,} submitted.",
        ]
    headings = ["Invited", "Started", "Submitted", "Response rate", "Validated by manager"]

    def cells(r):
        return [r.invited, r.started, r.submitted, pct(r.rate), r.validated]

    report.tables.append(Table(
        "By organisation", ["Organisation", *headings], [[r.label, *cells(r)] for r in by_org],
        numeric=frozenset(range(1, 6)),
        total=["All", invited, started, submitted, pct(submitted / invited if invited else 0), validated],
    ))
    lowest = sorted(by_team, key=lambda r: (r.rate, -r.invited, r.label))
    report.tables.append(Table(
        "By team, lowest response rate first", ["Team", *headings],
        [[r.label, *cells(r)] for r in lowest[:MAX_TEAM_ROWS]], numeric=frozenset(range(1, 6)),
        caption=(f"The {MAX_TEAM_ROWS} teams with the lowest response rate of {len(by_team):,}; "
                 "the download has every team.") if len(by_team) > MAX_TEAM_ROWS else None,
    ))
    if by_org:
        report.charts.append(Chart("responses", charts.bar_chart(
            [r.label for r in by_org], [100 * r.rate for r in by_org], maximum=100,
            title="Response rate by organisation",
            description="; ".join(f"{r.label}: {r.rate:.0%} of {r.invited:,}" for r in by_org),
        )))
    report.export = Table(
        "Response rates", ["Level", "Group", *headings],
        [["Organisation", r.label, *cells(r)] for r in by_org]
        + [["Team", r.label, *cells(r)] for r in by_team],
    )
    return report

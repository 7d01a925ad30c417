"""Training demand: the gaps courses in the catalogue cover, the places free on their sessions,
the shortfall and its cost, and the needs no course meets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from academy.lna import catalogue, queries
from academy.lna.gaps import LEVEL_NAMES
from academy.lna.models import AssessmentRound
from academy.lna.queries import Scope
from academy.lna.reporting.shapes import Report, Table

TITLE = "Training demand"


@dataclass(frozen=True)
class DemandLine:
    competency: queries.CompetencyLabel
    required_level: int
    people: int
    courses: list
    places_scheduled: int
    places_free: int
    interest: int
    chosen: object | None

    @property
    def shortfall(self) -> int:
        return max(self.people - self.places_free, 0)

    @property
    def cost(self) -> Decimal | None:
        if self.chosen is None:
            return None
        return Decimal(self.chosen.cost_per_place or 0) * self.shortfall


def _cheapest(options: list):
    """The course to commission extra places on: the cheapest per place, then the one with
    most free places, then the lowest id (so the choice is stable)."""
    return min(options, key=lambda o: (Decimal(o.cost_per_place or 0), -int(o.places_free),
                                       o.course_id))


def demand_report(round_: AssessmentRound, scope: Scope, scope_text: str, *, now: datetime,
                  months: int) -> Report:
    until = catalogue.horizon(now, months)
    groups = queries.gap_groups(scope)
    offers = queries.covering_courses(scope, now, until)
    labels = queries.competency_labels(g.competency_id for g in groups)
    by_group: dict[tuple[int, int], list] = {}
    for offer in offers:
        by_group.setdefault((offer.competency_id, offer.required_level), []).append(offer)
    lines: list[DemandLine] = []
    for group in groups:
        options = by_group.get((group.competency_id, group.required_level), [])
        lines.append(DemandLine(
            labels[group.competency_id], group.required_level, group.people, options,
            sum(int(o.places_scheduled) for o in options), sum(int(o.places_free) for o in options),
            sum(int(o.interest) for o in options), _cheapest(options) if options else None,
        ))
    lines.sort(key=lambda line: (-line.shortfall, -line.people, line.competency.code,
                                 line.required_level))
    covered = [line for line in lines if line.chosen is not None]
    uncovered = [line for line in lines if line.chosen is None]
    report = Report("demand", TITLE, round_, scope_text)
    total_cost = sum((line.cost for line in covered), Decimal("0"))
    report.summary = [
        f"{sum(line.people for line in lines):,} gaps in {len(lines):,} competency and level "
        f"pairs; courses in the catalogue cover {len(covered):,} of them.",
        f"Free places on sessions in the next {months} months leave a shortfall of "
        f"{sum(line.shortfall for line in covered):,} places, costing £{total_cost:,.2f} at "
        "each shortfall's cheapest course.",
        f"{len(uncovered):,} needs have no course that reaches the level required: commission "
        "them.",
    ]
    headings = ["Competency", "Level required", "People with the gap", "Courses that develop it",
                "Places scheduled", "Places free", "Registered interest", "Shortfall",
                "Cheapest course", "Cost per place", "Cost of the shortfall"]
    rows = [
        [line.competency.label, f"{line.required_level} {LEVEL_NAMES[line.required_level]}",
         line.people, "; ".join(f"{o.title} ({o.course_code})" for o in line.courses),
         line.places_scheduled, line.places_free, line.interest, line.shortfall,
         line.chosen.title, Decimal(line.chosen.cost_per_place or 0), line.cost]
        for line in covered
    ]
    report.tables.append(Table("Gaps a course covers, largest shortfall first", headings, rows,
                               numeric=frozenset({2, 4, 5, 6, 7, 9, 10}), money=frozenset({9, 10}),
                               total=["All", "", sum(line.people for line in covered), "",
                                      "", "", "", sum(line.shortfall for line in covered), "", None,
                                      total_cost]))
    chosen = {(line.competency.id, line.required_level): line.chosen.course_id for line in covered}
    people = queries.people_per_course(scope, chosen)
    per_course: dict[int, dict] = {}
    for line in covered:
        entry = per_course.setdefault(line.chosen.course_id, {
            "course": line.chosen, "competencies": [], "people": people.get(line.chosen.course_id, 0)})
        entry["competencies"].append(line.competency.code)
    course_rows = []
    for entry in sorted(per_course.values(), key=lambda e: -e["people"]):
        course = entry["course"]
        shortfall = max(entry["people"] - int(course.places_free), 0)
        cost = Decimal(course.cost_per_place or 0)
        course_rows.append([f"{course.title} ({course.course_code})", ", ".join(entry["competencies"]),
                            entry["people"], int(course.places_scheduled), int(course.places_free),
                            shortfall, cost, cost * shortfall])
    report.tables.append(Table(
        "By course: people who need each course once", ["Course", "Competencies it meets",
                                                         "People", "Places scheduled", "Places free",
                                                         "Shortfall", "Cost per place",
                                                         "Cost of the shortfall"],
        course_rows, numeric=frozenset({2, 3, 4, 5, 6, 7}), money=frozenset({6, 7}),
        caption="Each gap is met by its cheapest course; a person who needs a course for several "
                "competencies counts once."))
    report.tables.append(Table(
        "Commissioning needs: no course reaches the level required",
        ["Competency", "Framework", "Level required", "People with the gap"],
        [[line.competency.label, line.competency.framework,
          f"{line.required_level} {LEVEL_NAMES[line.required_level]}", line.people]
         for line in sorted(uncovered, key=lambda line: -line.people)],
        numeric=frozenset({3})))
    report.notes.append(
        "Places free are the places not yet booked on sessions starting in the period; a course "
        "that develops several competencies counts under each of them in the first table.")
    report.export = Table(
        "Training demand", ["Covered by a course", *headings],
        [["Yes", *row] for row in rows]
        + [["No: commission", line.competency.label,
            f"{line.required_level} {LEVEL_NAMES[line.required_level]}", line.people, "", "", "",
            "", line.people, "", "", ""] for line in uncovered],
    )
    return report

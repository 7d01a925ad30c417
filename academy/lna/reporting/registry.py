"""The one list of LNA reports. Each entry names a report (its address), titles it, says which
choices its page offers beside the scope, and builds it from its queries; the page, the CSV,
XLSX and PDF downloads and the board pack all go through here, so adding a report is one
module and one entry below."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from academy.lna import catalogue
from academy.lna.models import AssessmentRound
from academy.lna.queries import CHARACTERISTICS, DIMENSIONS, Scope
from academy.lna.reporting import compare, demand, equality, heatmap, priorities, responses
from academy.lna.reporting.shapes import Report


@dataclass(frozen=True)
class ReportRequest:
    """What a report is built for: a round, the scope the reader chose (within what they may
    see), the query string (each report reads its own choices from it), the moment, the
    suppression threshold of small numbers, and the rounds the reader may compare it with."""

    round: AssessmentRound
    scope: Scope
    scope_text: str
    args: Mapping[str, str]
    now: datetime
    threshold: int
    find_other_rounds: Callable[[], Sequence[AssessmentRound]]

    @cached_property
    def other_rounds(self) -> Sequence[AssessmentRound]:
        return self.find_other_rounds()


@dataclass(frozen=True)
class Option:
    """A choice a report's page offers beside the scope (a grouping, a characteristic, ...)."""

    name: str
    label: str
    choices: list[tuple[str, str]]
    value: str


def option(args: Mapping[str, str], name: str, label: str, choices: Iterable[tuple[str, str]],
           default: str) -> Option:
    """The option `name` as the query string chose it; the default when it chose none of the
    choices."""
    choices = list(choices)
    value = args.get(name, default)
    return Option(name, label, choices, value if value in {v for v, _ in choices} else default)


def no_options(request: ReportRequest) -> list[Option]:
    return []


@dataclass(frozen=True)
class ReportSpec:
    """One report. `options` lists the choices its page offers, or None when the report cannot
    be made (`unavailable` says why); `make` builds it with the values chosen."""

    name: str
    title: str
    make: Callable[[ReportRequest, dict[str, str]], Report]
    options: Callable[[ReportRequest], list[Option] | None] = no_options
    unavailable: str = ""

    def build(self, request: ReportRequest) -> tuple[Report | None, list[Option]]:
        """The report for this request (None when it cannot be made) and the options offered."""
        options = self.options(request)
        if options is None:
            return None, []
        return self.make(request, {o.name: o.value for o in options}), options


def _compare_options(request: ReportRequest) -> list[Option] | None:
    others = request.other_rounds
    if not others:
        return None
    return [option(request.args, "with", "Compare with", [(str(r.id), r.name) for r in others],
                   str(others[0].id))]


def _compare(request: ReportRequest, chosen: dict[str, str]) -> Report:
    other = next(r for r in request.other_rounds if str(r.id) == chosen["with"])
    return compare.comparison_report(request.round, other, request.scope, request.scope_text)


REPORTS: dict[str, ReportSpec] = {spec.name: spec for spec in (
    ReportSpec(
        "responses", responses.TITLE,
        lambda r, _: responses.responses_report(r.round, r.scope, r.scope_text)),
    ReportSpec(
        "heatmap", heatmap.TITLE,
        lambda r, chosen: heatmap.heatmap_report(r.round, r.scope, r.scope_text, chosen["by"]),
        options=lambda r: [option(r.args, "by", "Group by", DIMENSIONS.items(), "organisation")]),
    ReportSpec(
        "priorities", priorities.TITLE,
        lambda r, _: priorities.priorities_report(r.round, r.scope, r.scope_text)),
    ReportSpec(
        "demand", demand.TITLE,
        lambda r, chosen: demand.demand_report(r.round, r.scope, r.scope_text, now=r.now,
                                               months=int(chosen["months"])),
        options=lambda r: [option(
            r.args, "months", "Sessions starting within",
            [(str(m), f"{m} months") for m in catalogue.HORIZON_CHOICES],
            str(catalogue.DEFAULT_HORIZON_MONTHS))]),
    ReportSpec(
        "compare", compare.TITLE, _compare, options=_compare_options,
        unavailable="There is no other round to compare this one with yet."),
    ReportSpec(
        "equality", equality.TITLE,
        lambda r, chosen: equality.equality_report(r.round, r.scope, r.scope_text,
                                                   chosen["characteristic"], r.threshold),
        options=lambda r: [option(r.args, "characteristic", "Equality characteristic",
                                  CHARACTERISTICS.items(), "ethnicity")]),
)}

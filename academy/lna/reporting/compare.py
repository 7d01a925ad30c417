"""Comparing two rounds: how the gap in each competency moved from the earlier to the later."""

from __future__ import annotations

from academy.lna import gaps, queries
from academy.lna.gaps import Change
from academy.lna.models import AssessmentRound
from academy.lna.queries import Scope
from academy.lna.reporting.shapes import Report, Table, mean, ordered_competencies, pct

TITLE = "Compare rounds"


def comparison_report(round_: AssessmentRound, other: AssessmentRound, scope: Scope,
                      scope_text: str) -> Report:
    before, after = sorted([round_, other], key=lambda r: (r.opens_on, r.id))
    cells = queries.gaps_by_round(scope, [before.id, after.id])
    labels = ordered_competencies(cid for _, cid in cells)
    report = Report("compare", f"{TITLE}: {before.name} and {after.name}", round_,
                    scope_text)
    rows, counts = [], {change: 0 for change in Change}
    for c in labels:
        a, b = cells.get((before.id, c.id)), cells.get((after.id, c.id))
        change = gaps.compare(a.mean if a else None, b.mean if b else None,
                              b.with_gap if b else None)
        counts[change] += 1
        delta = (b.mean - a.mean) if a and b else None
        rows.append((change, delta, [
            c.label, c.framework,
            mean(a.mean) if a else "", pct(a.share) if a else "", a.with_gap if a else "",
            mean(b.mean) if b else "", pct(b.share) if b else "", b.with_gap if b else "",
            "" if delta is None else f"{delta:+.2f}", change.label,
        ]))
    order = [Change.WIDENED, Change.CLOSED, Change.NARROWED, Change.NEW, Change.DROPPED,
             Change.UNCHANGED]
    rows.sort(key=lambda item: (order.index(item[0]), -(abs(item[1]) if item[1] else 0)))
    report.summary.append(
        f"From {before.name} to {after.name}: {counts[Change.CLOSED]} gaps closed, "
        f"{counts[Change.NARROWED]} narrowed, {counts[Change.WIDENED]} widened, "
        f"{counts[Change.UNCHANGED]} unchanged; {counts[Change.NEW]} competencies asked only in "
        f"the later round and {counts[Change.DROPPED]} only in the earlier.")
    headings = ["Competency", "Framework", f"Mean gap, {before.name}", f"Share with a gap, {before.name}",
                f"People with a gap, {before.name}", f"Mean gap, {after.name}",
                f"Share with a gap, {after.name}", f"People with a gap, {after.name}",
                "Change in mean gap", "What happened"]
    report.tables.append(Table("Widened first, then closed and narrowed", headings,
                               [r for _, _, r in rows], numeric=frozenset(range(2, 9))))
    report.notes.append(f"A mean gap that moves by less than {gaps.CHANGE_TOLERANCE} levels counts "
                        "as unchanged; closed means nobody has a gap any more.")
    report.export = Table("Comparison", headings, [r for _, _, r in rows])
    return report

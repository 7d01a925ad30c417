"""`flask academy match` runs a cohort's matching as a coordinator."""

from __future__ import annotations

import json

from sqlalchemy import select

from academy.extensions import db
from academy.mentoring.models import CohortStatus, MatchRun, Side
from tests.factories import UserFactory
from tests.mentoring.factories import ApplicationFactory, CohortFactory, GoalFactory, coordinator


def test_match_command_runs_and_records_the_run(app, runner):
    boss = coordinator()
    cohort = CohortFactory(status=CohortStatus.MATCHING)
    goal = GoalFactory()
    ApplicationFactory(cohort=cohort, goals=[goal])
    ApplicationFactory(cohort=cohort, side=Side.LEADER, goals=[goal])
    db.session.commit()
    result = runner.invoke(args=["academy", "match", str(cohort.id), "--as", boss.email])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.splitlines()[-1])["pairs"] == 1
    run = db.session.scalars(select(MatchRun)).one()
    assert run.run_by_id == boss.id
    assert f"review it at http://academy.test/mentoring/runs/{run.id}" in result.output


def test_match_command_refuses_someone_who_is_not_a_coordinator(app, runner):
    cohort = CohortFactory(status=CohortStatus.MATCHING)
    someone = UserFactory()
    db.session.commit()
    result = runner.invoke(args=["academy", "match", str(cohort.id), "--as", someone.email])
    assert result.exit_code != 0 and "cannot match" in result.output
    assert runner.invoke(args=["academy", "match", "999", "--as", someone.email]).exit_code != 0

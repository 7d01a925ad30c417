"""Read models: the catalogue search and compliance counted in SQL, agreeing with the rules."""

from __future__ import annotations

from datetime import date, timedelta

from academy.courses import compliance as compliance_queries
from academy.courses import queries, rules, services
from academy.courses.models import Category, DeliveryMode
from academy.courses.rules import Compliance
from academy.extensions import db
from academy.people.roles import Role
from academy.timekeeping import utcnow
from tests import factories
from tests.courses.factories import (
    CourseFactory,
    RequirementFactory,
    SessionFactory,
    SubjectFactory,
    add_record,
    in_days,
)

TODAY = date(2026, 6, 15)


def titles(filters):
    return [c.title for c in db.session.scalars(queries.catalogue_query(filters, utcnow()))]


def test_search_matches_every_word_in_title_or_description(app):
    CourseFactory(title="Moving and handling people", description="Hoists and slide sheets")
    CourseFactory(title="Fire safety", description="Extinguishers and evacuation")
    CourseFactory(title="Safe moving of loads", summary="Boxes")
    assert titles(queries.CatalogueFilters(q="moving")) == ["Moving and handling people",
                                                            "Safe moving of loads"]
    assert titles(queries.CatalogueFilters(q="moving hoists")) == ["Moving and handling people"]
    assert titles(queries.CatalogueFilters(q="EVACUATION")) == ["Fire safety"]


def test_filters_category_mode_provider_dates_and_places(app):
    partner = factories.OrganisationFactory()
    leadership = CourseFactory(title="Leading teams", category=Category.LEADERSHIP,
                               delivery_mode=DeliveryMode.VIRTUAL, provider=partner)
    full = CourseFactory(title="Full course")
    soon = CourseFactory(title="Soon course")
    retired = CourseFactory(title="Old course", retired_at=utcnow())
    SessionFactory(course=leadership, starts_at=in_days(40))
    full_session = SessionFactory(course=full, starts_at=in_days(5), capacity=1)
    learner = factories.UserFactory()
    services.enrol(full_session, learner, learner)
    SessionFactory(course=soon, starts_at=in_days(5))

    F = queries.CatalogueFilters
    assert titles(F(category="leadership")) == ["Leading teams"]
    assert titles(F(mode="virtual")) == ["Leading teams"]
    assert titles(F(provider_id=partner.id)) == ["Leading teams"]
    assert titles(F(date_from=in_days(30).date())) == ["Leading teams"]
    assert titles(F(date_to=in_days(10).date())) == ["Full course", "Soon course"]
    assert titles(F(places_left=True)) == ["Leading teams", "Soon course"]
    assert "Old course" not in titles(F()) and retired.title in titles(F(include_retired=True))
    assert titles(F(sort="soonest"))[-1] == "Leading teams"


def record(person, subject, completed_on, expires_on):
    add_record(person, subject, completed_on, expires_on)


def test_sql_status_agrees_with_the_rules_on_every_boundary(app):
    subject = SubjectFactory(renewal_months=12)
    RequirementFactory(subject=subject, staff_group="Additional Clinical Services")
    organisation = factories.OrganisationFactory()
    offsets = [None, -400, -1, 0, 1, 59, 60, 61, 400, "never"]
    people = {}
    for offset in offsets:
        person = factories.UserFactory(employer=organisation)
        people[person.id] = offset
        if offset == "never":
            record(person, subject, date(2010, 1, 1), None)
        elif offset is not None:
            expiry = TODAY + timedelta(days=offset)
            record(person, subject, expiry - timedelta(days=365), expiry)
    db.session.flush()
    [row] = compliance_queries.compliance_report({organisation.id}, TODAY)
    expected = [rules.compliance(None if o is None else (rules.NEVER if o == "never"
                                 else TODAY + timedelta(days=o)), TODAY).status for o in offsets]
    assert row.required == len(offsets)
    assert row.never_done == expected.count(Compliance.NEVER_DONE) == 1
    assert row.expired == expected.count(Compliance.EXPIRED) == 3
    assert row.due == expected.count(Compliance.DUE) == 3
    assert row.compliant == expected.count(Compliance.COMPLIANT) == 3
    assert row.percent == 60.0


def test_report_by_organisation_and_partnership_counts_renewals_once(app):
    fire = SubjectFactory(name="Fire Safety", renewal_months=24)
    bls = SubjectFactory(name="Resuscitation", renewal_months=12)
    RequirementFactory(subject=fire, staff_group="Additional Clinical Services")
    hca = factories.JobRoleFactory(staff_group="Additional Clinical Services")
    RequirementFactory(subject=bls, staff_group=None, job_role=hca)
    trust, home = factories.OrganisationFactory(name="Trust"), factories.OrganisationFactory(name="Home")
    a = factories.UserFactory(employer=trust, job_role=hca)
    b = factories.UserFactory(employer=trust)
    factories.UserFactory(employer=home)
    # a renewed early: the old record would be due, the new one is compliant.
    record(a, fire, date(2024, 7, 1), date(2026, 7, 1))
    record(a, fire, date(2026, 5, 1), date(2028, 5, 1))
    record(b, fire, date(2023, 1, 1), date(2025, 1, 1))  # expired
    db.session.flush()
    report = compliance_queries.compliance_report(None, TODAY)
    by = {(r.organisation, r.subject): r for r in report}
    assert (by[("Trust", fire.label)].required, by[("Trust", fire.label)].compliant,
            by[("Trust", fire.label)].expired) == (2, 1, 1)
    assert by[("Home", fire.label)].never_done == 1
    whole = by[("Whole partnership", fire.label)]
    assert (whole.required, whole.compliant, whole.expired, whole.never_done) == (3, 1, 1, 1)
    assert by[("Trust", bls.label)].required == 1  # only the job role it is required of
    # A learning lead for one partner sees that partner only.
    scoped = compliance_queries.compliance_report({home.id}, TODAY)
    assert {r.organisation for r in scoped} == {"Home"}


def test_team_view_shows_each_member_and_required_subject(app):
    subject = SubjectFactory(renewal_months=36)
    RequirementFactory(subject=subject, staff_group="Additional Clinical Services")
    manager = factories.UserFactory(roles=[Role.MANAGER])
    done = factories.UserFactory(line_manager=manager)
    not_done = factories.UserFactory(line_manager=manager)
    record(done, subject, date(2025, 1, 1), date(2028, 1, 1))
    db.session.flush()
    from academy.people.queries import team_members
    team = compliance_queries.team_compliance(team_members(manager), TODAY)
    assert team.cells[(done.id, subject.id)].status == Compliance.COMPLIANT
    assert team.cells[(not_done.id, subject.id)].status == Compliance.NEVER_DONE
    assert team.overdue() == 1

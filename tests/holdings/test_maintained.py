"""The holdings table kept by the services equals the one rebuilt from the evidence, and the
compliance counts kept beside it equal the ones counted afresh, after every step of any sequence of
completions, imports, corrections (renewal periods, completion dates, withdrawn completions),
sign-offs, recognitions, days passing, people moving team, employer or job, leaving and coming
back, and requirements added and removed."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.courses.imports import import_training_records
from academy.courses.models import Enrolment, EnrolmentStatus, Requirement
from academy.courses.services import record_completion, set_renewal_period
from academy.courses.services.corrections import correct_completion_date, withdraw_completion
from academy.errors import DomainError
from academy.extensions import db
from academy.holdings import counts
from academy.holdings import services as holdings
from academy.induction import standards
from academy.induction.models import AcceptFrom, InductionStatus, ItemKind
from academy.induction.services import courses as induction_courses
from academy.people.models import OrganisationType
from academy.people.roles import Role
from tests import factories
from tests.courses.factories import CourseFactory, SessionFactory, SubjectFactory
from tests.induction import helpers

TODAY = date(2026, 6, 15)
SUBJECTS = ("sg1", "sg2", "sg3", "fire", "cc1")


def world():
    trust = factories.OrganisationFactory(name="Trust")
    home = factories.OrganisationFactory(name="Care home", type=OrganisationType.CARE_PROVIDER)
    sg1 = SubjectFactory(name="Safeguarding Adults", level="Level 1", renewal_months=36)
    sg2 = SubjectFactory(name="Safeguarding Adults", level="Level 2", renewal_months=36,
                         includes_id=sg1.id)
    sg3 = SubjectFactory(name="Safeguarding Adults", level="Level 3", renewal_months=36,
                         includes_id=sg2.id)
    fire = SubjectFactory(name="Fire Safety", level="Level 1", renewal_months=24)
    cc1 = SubjectFactory(framework="Care Certificate", name="Standard 1: Understand your role",
                         level="", renewal_months=None)
    course = CourseFactory(title="Safeguarding and fire day", subjects_satisfied=[sg2, fire])
    subjects = {"sg1": sg1, "sg2": sg2, "sg3": sg3, "fire": fire, "cc1": cc1}
    places = {}
    for org in (trust, home):
        manager = factories.UserFactory(employer=org, roles=[(Role.ADMIN, org)])
        assessor = factories.UserFactory(employer=org, roles=[Role.ASSESSOR])
        programme = helpers.programme(org, templates=[
            standards.core_skill_items()[2], standards.core_skill_items()[9],
            standards.care_certificate_items()[0]])
        for item, subject in zip(programme.items, (fire, sg1, cc1), strict=True):
            item.mandatory_subject_id = subject.id
        places[org.id] = (manager, assessor)
    helpers.rule(home, ItemKind.CARE_CERTIFICATE, AcceptFrom.ANY_PARTNER)
    lead = factories.UserFactory(employer=trust, roles=[Role.LEARNING_LEAD])
    roles = [factories.JobRoleFactory(name="Healthcare assistant"),
             factories.JobRoleFactory(name="Porter", staff_group="Estates and Ancillary")]
    teams = [factories.TeamFactory(organisation=trust), factories.TeamFactory(organisation=trust),
             factories.TeamFactory(organisation=home), None]
    people = [factories.UserFactory(employer=trust, employee_number=f"H{n}", team=teams[n],
                                    job_role=roles[0]) for n in range(2)]
    db.session.add_all([Requirement(subject_id=sg2.id, job_role_id=roles[0].id),
                        Requirement(subject_id=fire.id, staff_group=roles[0].staff_group),
                        Requirement(subject_id=cc1.id, job_role_id=roles[1].id)])
    db.session.flush()
    return {"trust": trust, "home": home, "subjects": subjects, "course": course,
            "places": places, "lead": lead, "people": people, "roles": roles, "teams": teams,
            "completions": []}


def days_ago():
    return st.integers(min_value=1, max_value=5 * 365)


steps = st.one_of(
    st.tuples(st.just("complete"), st.integers(0, 1), days_ago()),
    st.tuples(st.just("import"), st.integers(0, 1), st.sampled_from(SUBJECTS), days_ago(),
              st.booleans()),
    st.tuples(st.just("renewal"), st.sampled_from(SUBJECTS[:4]),
              st.sampled_from([12, 24, 36, None])),
    st.tuples(st.just("start"), st.integers(0, 1), st.sampled_from(["trust", "home"])),
    st.tuples(st.just("sign_off"), st.integers(0, 1), st.integers(0, 2)),
    st.tuples(st.just("days_pass"), st.integers(1, 800)),
    st.tuples(st.just("correct"), st.integers(0, 5), days_ago()),
    st.tuples(st.just("withdraw"), st.integers(0, 5)),
    st.tuples(st.just("move"), st.integers(0, 1), st.integers(0, 3)),
    st.tuples(st.just("job"), st.integers(0, 1), st.integers(0, 1)),
    st.tuples(st.just("leave_or_return"), st.integers(0, 1)),
    st.tuples(st.just("require"), st.sampled_from(SUBJECTS), st.integers(0, 1)),
)


def apply(w, step, clock):
    kind, *args = step
    if kind == "complete":
        person, ago = w["people"][args[0]], args[1]
        session = SessionFactory(course=w["course"])
        enrolment = Enrolment(course_id=session.course_id, session_id=session.id,
                              user_id=person.id, organisation_id=person.employer_id,
                              status=EnrolmentStatus.COMPLETED,
                              completed_on=clock["today"] - timedelta(days=ago))
        db.session.add(enrolment)
        db.session.flush()
        record_completion(enrolment, enrolment.completed_on)
        w["completions"].append(enrolment)
    elif kind == "import":
        person, subject, ago, expiry_given = w["people"][args[0]], w["subjects"][args[1]], *args[2:]
        done = TODAY - timedelta(days=ago)
        expiry = (done + timedelta(days=400)).strftime("%d/%m/%Y") if expiry_given else ""
        csv = ("Employee Number,Subject,Completion Date,Expiry Date\n"
               f"{person.employee_number},{subject.name} {subject.level}".rstrip()
               + f",{done:%d/%m/%Y},{expiry}\n")
        import_training_records(person.employer, "records.csv", csv.encode(), w["lead"], TODAY)
    elif kind == "renewal":
        set_renewal_period(w["subjects"][args[0]], args[1], w["lead"])
    elif kind == "start":
        person, org = w["people"][args[0]], w[args[1]]
        person.employer_id = org.id
        db.session.flush()
        db.session.expire(person, ["employer"])
        manager, assessor = w["places"][org.id]
        open_here = [i for i in person_inductions(person)
                     if i.organisation_id == org.id and i.status == InductionStatus.IN_PROGRESS]
        if not open_here:
            helpers.start(person, manager, [assessor], started_on=clock["today"],
                          today=clock["today"])
    elif kind == "sign_off":
        person, position = w["people"][args[0]], args[1]
        for induction in person_inductions(person):
            if induction.status == InductionStatus.IN_PROGRESS:
                item = induction.items[position]
                if not item.is_done:
                    helpers.sign_off(item, w["places"][induction.organisation_id][1],
                                     day=max(clock["today"], induction.started_on))
    elif kind in ("correct", "withdraw") and w["completions"]:
        enrolment = w["completions"][args[0] % len(w["completions"])]
        if enrolment.is_completed:
            if kind == "correct":
                correct_completion_date(
                    enrolment, completed_on=clock["today"] - timedelta(days=args[1]),
                    reason="Wrong date on the register", actor=w["lead"], today=clock["today"])
            else:
                withdraw_completion(enrolment, reason="Marked by mistake", actor=w["lead"],
                                    now=datetime.combine(clock["today"], time(12)))
    elif kind == "move":
        person, team = w["people"][args[0]], w["teams"][args[1]]
        person.team = team
        if team is not None:
            person.employer_id = team.organisation_id
    elif kind == "job":
        w["people"][args[0]].job_role = w["roles"][args[1]]
    elif kind == "leave_or_return":
        person = w["people"][args[0]]
        person.is_active_account = not person.is_active_account
    elif kind == "require":
        subject, role = w["subjects"][args[0]], w["roles"][args[1]]
        found = db.session.scalar(db.select(Requirement).where(
            Requirement.subject_id == subject.id, Requirement.job_role_id == role.id))
        if found is None:
            db.session.add(Requirement(subject_id=subject.id, job_role_id=role.id))
        else:
            db.session.delete(found)
    elif kind == "days_pass":
        clock["today"] += timedelta(days=args[0])
        induction_courses.complete_all_by_courses(clock["today"])


def person_inductions(person):
    from academy.induction.models import Induction
    return db.session.scalars(db.select(Induction).where(Induction.user_id == person.id)).all()


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(sequence=st.lists(steps, min_size=1, max_size=8))
def test_the_maintained_tables_equal_the_rebuilt_ones_after_every_step(app, sequence):
    savepoint = db.session.begin_nested()
    try:
        w = world()
        clock = {"today": TODAY}
        for step in sequence:
            attempt = db.session.begin_nested()
            try:
                apply(w, step, clock)
            except DomainError:
                attempt.rollback()  # refused, as a request would be: nothing of it stays
            else:
                attempt.commit()
            maintained = holdings.table()
            totals = holdings.rebuild()
            assert (totals["added"], totals["changed"], totals["removed"]) == (0, 0, 0), step
            assert holdings.table() == maintained
            counts.settle(clock["today"])
            kept = counts.table()
            counts.recount_all(clock["today"])
            assert counts.table() == kept, step
    finally:
        savepoint.rollback()
        db.session.expunge_all()  # the next example starts from an empty identity map
